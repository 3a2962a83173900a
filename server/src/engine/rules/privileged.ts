import { cis, NSA_POD_SECURITY, pssStandards } from '../standards';
import { containerSc } from './utils/security-context';
import { inWhere, shown, subject } from './utils/wording';
import { defineRule } from '../rule';

export default defineRule({
  meta: {
    id: 'privileged',
    title: 'Privileged containers',
    description: 'Flags every container (init, regular and ephemeral) whose securityContext sets privileged: true.',
    rationale:
      'A privileged container runs with every capability, sees every host device and is not confined by seccomp or AppArmor: it is root on the node. One compromised process in it owns the node and everything scheduled there.',
    remediation: 'Remove privileged: true or set it to false. Grant the specific capability the workload needs instead, if the baseline level allows it.',
    pss: { level: 'baseline', check: 'privileged', control: 'Privileged Containers', since: 0 },
    defaultSeverity: 'error',
    fixable: true,
    standards: pssStandards(cis('5.2.2', 'Minimize the admission of privileged containers'), NSA_POD_SECURITY),
    messages: {
      privileged: '{{subject}} runs privileged (privileged: {{value}}): it has full access to the node.',
    },
  },
  checkPod(pod) {
    for (const c of pod.containers) {
      const p = containerSc(c)?.get('privileged');
      if (!p || p.bool() !== true) continue;
      pod.report({
        node: p,
        container: c,
        messageId: 'privileged',
        data: { subject: subject(c), value: shown(p) },
        fix: { title: `Set privileged: false ${inWhere(c)}`, preferred: false, ops: [{ op: 'set', node: p, value: false }] },
      });
    }
  },
});
