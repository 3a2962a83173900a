import { cis, NSA_POD_SECURITY, pssStandards } from '../standards';
import { containerSc, inWhere, subject } from '../pss';
import { defineRule, PodContext } from '../rule';

/** Report containers whose procMount is not Default. */
export function reportProcMount(pod: PodContext, level: string, breaksBaseline: boolean): void {
  for (const c of pod.containers) {
    const pm = containerSc(c)?.get('procMount');
    const v = pm?.str();
    if (!pm || v === undefined || v === 'Default') continue;
    pod.report({
      node: pm,
      container: c,
      breaksBaseline,
      message: `${subject(c)} sets procMount: ${v}; the ${level} level requires the Default /proc mount, which masks host kernel interfaces.`,
      fix: { title: `Set procMount: Default ${inWhere(c)}`, preferred: false, ops: [{ op: 'set', node: pm, value: 'Default' }] },
    });
  }
}

/** Baseline lets pods in their own user namespace (hostUsers: false) unmask /proc from v1.35. */
export function baselineAllowsAnyProcMount(pod: PodContext): boolean {
  return pod.version >= 35 && pod.userNamespace;
}

export default defineRule({
  meta: {
    id: 'proc-mount',
    title: '/proc mount type',
    description: 'Flags containers whose securityContext.procMount is set to anything but Default. From policy version v1.35, pods that run in their own user namespace (spec.hostUsers: false) may use any value.',
    rationale: 'The default /proc mount hides and write-protects kernel interfaces such as /proc/sys, /proc/sysrq-trigger and /proc/kcore. An Unmasked /proc exposes them to the container, which can then read kernel memory layout or change host kernel settings.',
    remediation: 'Remove procMount or set it to Default. Workloads that need an unmasked /proc (nested containers) should run with hostUsers: false.',
    pss: { level: 'baseline', check: 'procMount', control: '/proc Mount Type', since: 0 },
    defaultSeverity: 'error',
    fixable: true,
    standards: pssStandards(cis('5.7.3', 'Apply Security Context to Your Pods and Containers'), NSA_POD_SECURITY),
  },
  checkPod(pod) {
    if (baselineAllowsAnyProcMount(pod)) return;
    reportProcMount(pod, 'baseline', false);
  },
});
