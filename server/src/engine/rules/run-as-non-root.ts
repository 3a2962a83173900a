import { cis, NSA_NON_ROOT, NSA_POD_SECURITY, pssStandards } from '../standards';
import { containerSc } from './utils/security-context';
import { inWhere, shown, subject } from './utils/wording';
import { defineRule } from '../rule';

export default defineRule({
  meta: {
    id: 'run-as-non-root',
    title: 'Running as non-root',
    description:
      'Requires runAsNonRoot: true, at the pod level or in every container. An explicit runAsNonRoot: false fails anywhere, even when every container overrides the pod. From policy version v1.35, pods in their own user namespace (spec.hostUsers: false) are exempt.',
    rationale:
      'runAsNonRoot makes the kubelet refuse to start a container whose user is root. A process running as root in a container is root on the node whenever any other barrier fails: a kernel bug, a writable host mount, an extra capability.',
    remediation:
      'Set securityContext.runAsNonRoot: true at the pod level, and make sure the image runs as a non-zero user (USER in the Dockerfile, or runAsUser).',
    pss: { level: 'restricted', check: 'runAsNonRoot', control: 'Running as Non-root', since: 0 },
    defaultSeverity: 'warning',
    fixable: true,
    standards: pssStandards(cis('5.2.7', 'Minimize the admission of root containers'), NSA_NON_ROOT, NSA_POD_SECURITY),
    messages: {
      notTrue: '{{subject}} sets runAsNonRoot: {{value}}; it must be true.',
      mayRunAsRoot: '{{subject}} may run as root: neither it nor the pod sets runAsNonRoot: true.',
      inherits: 'inherits runAsNonRoot: {{value}} from the pod',
    },
  },
  checkPod(pod) {
    if (pod.version >= 35 && pod.userNamespace) return;
    const podValue = pod.securityContext?.get('runAsNonRoot');
    if (podValue && podValue.bool() !== true) {
      pod.report({
        node: podValue,
        fromPodLevel: true,
        messageId: 'notTrue',
        data: { subject: subject(undefined), value: shown(podValue) },
        fix: { title: `Set runAsNonRoot: true ${inWhere(undefined)}`, preferred: false, ops: [{ op: 'set', node: podValue, value: true }] },
      });
    }
    const podTrue = podValue?.bool() === true;
    const podOpen = pod.mayBeTemplated();
    for (const c of pod.containers) {
      const v = containerSc(c)?.get('runAsNonRoot');
      if (v) {
        if (v.bool() === true) continue;
        pod.report({
          node: v,
          container: c,
          messageId: 'notTrue',
          data: { subject: subject(c), value: shown(v) },
          fix: { title: `Set runAsNonRoot: true ${inWhere(c)}`, preferred: false, ops: [{ op: 'set', node: v, value: true }] },
        });
        continue;
      }
      if (podTrue || podOpen || pod.mayBeTemplated(c)) continue;
      const atPod = !podValue;
      pod.report({
        ...pod.anchor(c),
        container: c,
        related: podValue ? [{ node: podValue, messageId: 'inherits', data: { value: shown(podValue) } }] : undefined,
        messageId: 'mayRunAsRoot',
        missing: true,
        data: { subject: subject(c) },
        fix: atPod
          ? {
              title: `Set runAsNonRoot: true ${inWhere(undefined)}`,
              preferred: true,
              ops: [{ op: 'ensure', node: pod.spec, keys: ['securityContext', 'runAsNonRoot'], value: true }],
            }
          : {
              title: `Set runAsNonRoot: true ${inWhere(c)}`,
              preferred: true,
              ops: [{ op: 'ensure', node: c.node, keys: ['securityContext', 'runAsNonRoot'], value: true }],
            },
      });
    }
  },
});
