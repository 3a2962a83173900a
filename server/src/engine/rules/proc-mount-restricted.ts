import { cis, NSA_POD_SECURITY, pssStandards } from '../standards';
import { defineRule } from '../rule';
import { baselineAllowsAnyProcMount, PROC_MOUNT_MESSAGES, reportProcMount } from './utils/proc-mount';

export default defineRule({
  meta: {
    id: 'proc-mount-restricted',
    title: '/proc mount type (restricted)',
    description:
      'Requires the Default /proc mount in every container, even for pods that run in their own user namespace (spec.hostUsers: false). Checked from policy version v1.35, where the baseline level began to allow those pods any /proc mount.',
    rationale:
      'A user namespace maps container root to an unprivileged host user, but an unmasked /proc still exposes kernel interfaces the restricted level keeps out of reach.',
    remediation: 'Remove procMount or set it to Default.',
    pss: { level: 'restricted', check: 'procMount_restricted', control: '/proc Mount Type', since: 35, overrides: 'proc-mount' },
    defaultSeverity: 'warning',
    fixable: true,
    standards: pssStandards(cis('5.7.3', 'Apply Security Context to Your Pods and Containers'), NSA_POD_SECURITY),
    messages: PROC_MOUNT_MESSAGES,
  },
  checkPod(pod) {
    const userNs = baselineAllowsAnyProcMount(pod);
    reportProcMount(pod, userNs ? 'restricted' : 'baseline', !userNs);
  },
});
