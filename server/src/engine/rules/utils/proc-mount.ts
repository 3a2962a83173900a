/** The /proc mount type, which both proc-mount rules judge. */
import type { PodContext } from '../../rule';
import { containerSc } from './security-context';
import { inWhere, subject } from './wording';

/** The message `reportProcMount` reports; a rule that calls it includes these. */
export const PROC_MOUNT_MESSAGES = {
  procMount: '{{subject}} sets procMount: {{value}}; the {{level}} level requires the Default /proc mount, which masks host kernel interfaces.',
};

/** Report containers whose procMount is not Default. */
export function reportProcMount(pod: PodContext<keyof typeof PROC_MOUNT_MESSAGES>, level: string, breaksBaseline: boolean): void {
  for (const c of pod.containers) {
    const pm = containerSc(c)?.get('procMount');
    const v = pm?.str();
    if (!pm || v === undefined || v === 'Default') continue;
    pod.report({
      node: pm,
      container: c,
      breaksBaseline,
      messageId: 'procMount',
      data: { subject: subject(c), value: v, level },
      fix: { title: `Set procMount: Default ${inWhere(c)}`, preferred: false, ops: [{ op: 'set', node: pm, value: 'Default' }] },
    });
  }
}

/** Baseline lets pods in their own user namespace (hostUsers: false) unmask /proc from v1.35. */
export function baselineAllowsAnyProcMount(pod: PodContext<never>): boolean {
  return pod.version >= 35 && pod.userNamespace;
}
