import { cis, NSA_POD_SECURITY, pssStandards } from '../standards';
import { containerSc } from './utils/security-context';
import { inWhere, shown, subject } from './utils/wording';
import { defineRule } from '../rule';

export default defineRule({
  meta: {
    id: 'allow-privilege-escalation',
    title: 'Privilege escalation allowed',
    description:
      'Requires every container to set securityContext.allowPrivilegeEscalation: false explicitly. Checked from policy version v1.8; Windows pods are exempt from v1.25.',
    rationale:
      'Unless it is switched off, a process can gain more privileges than its parent through setuid binaries or file capabilities (the no_new_privs flag is not set). A compromised process can then climb to root inside the container, one step closer to the node.',
    remediation: "Set allowPrivilegeEscalation: false in each container's securityContext.",
    pss: { level: 'restricted', check: 'allowPrivilegeEscalation', control: 'Privilege Escalation', since: 8 },
    defaultSeverity: 'warning',
    fixable: true,
    standards: pssStandards(cis('5.2.6', 'Minimize the admission of containers with allowPrivilegeEscalation'), NSA_POD_SECURITY),
    messages: {
      allows: '{{subject}} allows privilege escalation (allowPrivilegeEscalation: {{value}}).',
      notBoolean: '{{subject}} sets allowPrivilegeEscalation to {{value}}, which is not the boolean false.',
      missing: '{{subject}} does not set allowPrivilegeEscalation: false.',
    },
  },
  checkPod(pod) {
    if (pod.version >= 25 && pod.isWindows) return;
    for (const c of pod.containers) {
      const ape = containerSc(c)?.get('allowPrivilegeEscalation');
      if (ape?.bool() === false) continue;
      const title = `Set allowPrivilegeEscalation: false ${inWhere(c)}`;
      if (ape) {
        pod.report({
          node: ape,
          container: c,
          messageId: ape.bool() === true ? 'allows' : 'notBoolean',
          data: { subject: subject(c), value: shown(ape) },
          fix: { title, preferred: false, ops: [{ op: 'set', node: ape, value: false }] },
        });
        continue;
      }
      if (pod.mayBeTemplated(c)) continue;
      pod.report({
        ...pod.anchor(c),
        container: c,
        messageId: 'missing',
        missing: true,
        data: { subject: subject(c) },
        fix: { title, preferred: true, ops: [{ op: 'ensure', node: c.node, keys: ['securityContext', 'allowPrivilegeEscalation'], value: false }] },
      });
    }
  },
});
