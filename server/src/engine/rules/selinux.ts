import { cis, NSA_HARDENING, NSA_POD_SECURITY, pssStandards } from '../standards';
import { eachSecurityContext } from './utils/security-context';
import { inWhere, subject } from './utils/wording';
import { defineRule } from '../rule';

/** SELinux types the baseline level allows at a policy version. */
export function allowedSelinuxTypes(version: number): Set<string> {
  const types = ['', 'container_t', 'container_init_t', 'container_kvm_t'];
  if (version >= 31) types.push('container_engine_t');
  return new Set(types);
}

export default defineRule({
  meta: {
    id: 'selinux',
    title: 'SELinux options',
    description:
      'Flags seLinuxOptions, at the pod level or in any container, that set a custom user or role, or a type other than container_t, container_init_t, container_kvm_t and (from policy version v1.31) container_engine_t. The level is not restricted.',
    rationale:
      'SELinux labels decide what a container process may touch on the node. A custom type, user or role can label the process as something trusted (spc_t, unconfined_t) and lift the confinement that keeps it away from host files and other containers.',
    remediation: 'Remove seLinuxOptions.user and .role, and leave type unset or use container_t.',
    pss: { level: 'baseline', check: 'seLinuxOptions', control: 'SELinux', since: 0 },
    defaultSeverity: 'error',
    fixable: true,
    standards: pssStandards(cis('5.7.3', 'Apply Security Context to Your Pods and Containers'), NSA_POD_SECURITY, NSA_HARDENING),
    messages: {
      type: '{{subject}} sets SELinux type {{type}}; allowed types are {{allowed}}.',
      custom: '{{subject}} sets a custom SELinux {{field}} ({{value}}), which the baseline level forbids.',
    },
  },
  checkPod(pod) {
    const types = allowedSelinuxTypes(pod.version);
    eachSecurityContext(pod, (sc, c) => {
      const opts = sc.get('seLinuxOptions');
      if (!opts) return;
      const type = opts.get('type');
      const t = type?.str();
      if (type && t !== undefined && !types.has(t)) {
        pod.report({
          node: type,
          container: c,
          fromPodLevel: !c,
          messageId: 'type',
          data: { subject: subject(c), type: JSON.stringify(t), allowed: [...types].filter(Boolean).join(', ') },
          fix: { title: `Remove seLinuxOptions.type ${inWhere(c)}`, preferred: false, ops: [{ op: 'remove', node: type }] },
        });
      }
      for (const field of ['user', 'role']) {
        const n = opts.get(field);
        const v = n?.str();
        if (!n || !v) continue;
        pod.report({
          node: n,
          container: c,
          fromPodLevel: !c,
          messageId: 'custom',
          data: { subject: subject(c), field, value: JSON.stringify(v) },
          fix: { title: `Remove seLinuxOptions.${field} ${inWhere(c)}`, preferred: false, ops: [{ op: 'remove', node: n }] },
        });
      }
    });
  },
});
