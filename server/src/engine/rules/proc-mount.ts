import { cis, NSA_POD_SECURITY, pssStandards } from '../standards';
import { defineRule } from '../rule';
import { baselineAllowsAnyProcMount, PROC_MOUNT_MESSAGES, reportProcMount } from './utils/proc-mount';

export default defineRule({
  meta: {
    id: 'proc-mount',
    title: '/proc mount type',
    description:
      'Flags containers whose securityContext.procMount is set to anything but Default. From policy version v1.35, pods that run in their own user namespace (spec.hostUsers: false) may use any value.',
    rationale:
      'The default /proc mount hides and write-protects kernel interfaces such as /proc/sys, /proc/sysrq-trigger and /proc/kcore. An Unmasked /proc exposes them to the container, which can then read kernel memory layout or change host kernel settings.',
    remediation: 'Remove procMount or set it to Default. Workloads that need an unmasked /proc (nested containers) should run with hostUsers: false.',
    pss: { level: 'baseline', check: 'procMount', control: '/proc Mount Type', since: 0 },
    defaultSeverity: 'error',
    fixable: true,
    standards: pssStandards(cis('5.7.3', 'Apply Security Context to Your Pods and Containers'), NSA_POD_SECURITY),
    messages: PROC_MOUNT_MESSAGES,
  },
  checkPod(pod) {
    if (baselineAllowsAnyProcMount(pod)) return;
    reportProcMount(pod, 'baseline', false);
  },
});
