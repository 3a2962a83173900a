import { cis, NSA_HARDENING, NSA_POD_SECURITY, pssStandards } from '../standards';
import { containerSc } from './utils/security-context';
import { inWhere, subject } from './utils/wording';
import { defineRule } from '../rule';
import { reportBadSeccompType, SECCOMP_TYPE_MESSAGES } from './utils/seccomp';

export default defineRule({
  meta: {
    id: 'seccomp-restricted',
    title: 'Seccomp profile required',
    description:
      'Requires a seccomp profile of type RuntimeDefault or Localhost for every container, set at the pod level or in each container. Any explicit other value fails, even when containers override it. Checked from policy version v1.19; Windows pods are exempt from v1.25.',
    rationale:
      'Without a seccomp profile a container may call every system call the kernel offers. The runtime default profile blocks the rarely needed, frequently exploited ones at no cost to ordinary workloads.',
    remediation: 'Set securityContext.seccompProfile.type: RuntimeDefault at the pod level, so every container inherits it.',
    pss: { level: 'restricted', check: 'seccompProfile_restricted', control: 'Seccomp', since: 19, overrides: 'seccomp-baseline' },
    defaultSeverity: 'warning',
    fixable: true,
    standards: pssStandards(cis('5.7.2', 'Ensure that the seccomp profile is set to docker/default in your Pod definitions'), NSA_POD_SECURITY, NSA_HARDENING),
    messages: {
      ...SECCOMP_TYPE_MESSAGES,
      missing: '{{subject}} has no seccomp profile: set seccompProfile.type to RuntimeDefault or Localhost in the pod or the container.',
    },
  },
  checkPod(pod) {
    if (pod.version >= 25 && pod.isWindows) return;
    const podProfile = pod.securityContext?.get('seccompProfile');
    let podSet = false;
    if (pod.securityContext) podSet = !!podProfile && !reportBadSeccompType(pod, pod.securityContext, undefined);
    const podOpen = pod.mayBeTemplated();
    for (const c of pod.containers) {
      const sc = containerSc(c);
      if (sc?.get('seccompProfile')) {
        reportBadSeccompType(pod, sc, c);
        continue;
      }
      if (podSet || podOpen || pod.mayBeTemplated(c)) continue;
      const atPod = !podProfile;
      pod.report({
        ...pod.anchor(c),
        container: c,
        messageId: 'missing',
        missing: true,
        data: { subject: subject(c) },
        fix: atPod
          ? {
              title: `Set seccompProfile.type: RuntimeDefault ${inWhere(undefined)}`,
              preferred: true,
              ops: [{ op: 'ensure', node: pod.spec, keys: ['securityContext', 'seccompProfile', 'type'], value: 'RuntimeDefault' }],
            }
          : {
              title: `Set seccompProfile.type: RuntimeDefault ${inWhere(c)}`,
              preferred: true,
              ops: [{ op: 'ensure', node: c.node, keys: ['securityContext', 'seccompProfile', 'type'], value: 'RuntimeDefault' }],
            },
      });
    }
  },
});
