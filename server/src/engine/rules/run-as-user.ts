import { cis, NSA_NON_ROOT, NSA_POD_SECURITY, pssStandards } from '../standards';
import { eachSecurityContext } from './utils/security-context';
import { inWhere, subject } from './utils/wording';
import { defineRule } from '../rule';

export default defineRule({
  meta: {
    id: 'run-as-user',
    title: 'Running as user 0',
    description:
      'Flags runAsUser: 0 at the pod level or in any container. Checked from policy version v1.23; from v1.35, pods in their own user namespace (spec.hostUsers: false) are exempt.',
    rationale: 'User ID 0 is root. An explicit runAsUser: 0 asks for root whatever the image says, and defeats runAsNonRoot.',
    remediation: 'Remove runAsUser: 0 or set a non-zero user ID that the image supports.',
    pss: { level: 'restricted', check: 'runAsUser', control: 'Running as Non-root user', since: 23 },
    defaultSeverity: 'warning',
    fixable: true,
    standards: pssStandards(cis('5.2.7', 'Minimize the admission of root containers'), NSA_NON_ROOT, NSA_POD_SECURITY),
    messages: {
      root: '{{subject}} runs as root (runAsUser: 0).',
    },
  },
  checkPod(pod) {
    if (pod.version >= 35 && pod.userNamespace) return;
    eachSecurityContext(pod, (sc, c) => {
      const u = sc.get('runAsUser');
      if (!u || u.num() !== 0) return;
      pod.report({
        node: u,
        container: c,
        fromPodLevel: !c,
        messageId: 'root',
        data: { subject: subject(c) },
        fix: { title: `Remove runAsUser: 0 ${inWhere(c)}`, preferred: false, ops: [{ op: 'remove', node: u }] },
      });
    });
  },
});
