/** Added capabilities, which both capability rules judge (against different allowed sets). */
import type { FixOp, PodContext } from '../../rule';
import type { ContainerRef } from '../../workloads';
import { containerSc } from './security-context';
import { inWhere, subject } from './wording';

/** Capabilities the baseline level lets a container add. */
export const BASELINE_CAPABILITIES = new Set([
  'AUDIT_WRITE',
  'CHOWN',
  'DAC_OVERRIDE',
  'FOWNER',
  'FSETID',
  'KILL',
  'MKNOD',
  'NET_BIND_SERVICE',
  'SETFCAP',
  'SETGID',
  'SETPCAP',
  'SETUID',
  'SYS_CHROOT',
]);

export function isBaselineCapability(cap: string): boolean {
  return BASELINE_CAPABILITIES.has(cap);
}

/** The message `reportAddedCapabilities` reports; a rule that calls it includes these. */
export const ADDED_CAPABILITY_MESSAGES = {
  addsCapability: '{{subject}} adds capability {{capability}}, which the {{level}} level does not allow.',
};

/** Report the added capabilities of one container that `allowed` rejects. */
export function reportAddedCapabilities(
  pod: PodContext<keyof typeof ADDED_CAPABILITY_MESSAGES>,
  c: ContainerRef,
  allowed: (cap: string) => boolean,
  level: string,
  breaksBaseline?: (cap: string) => boolean,
): void {
  const add = containerSc(c)?.at('capabilities', 'add');
  if (!add || !add.isSeq) return;
  const items = add.items();
  const bad = items.filter((i) => !allowed(i.str() ?? ''));
  // each fix removes its own capability (and `add` with it when that is the only item), so the
  // title says exactly what changes
  const onlyItem = items.length === 1;
  for (const item of bad) {
    const cap = item.str() ?? '';
    const baselineToo = breaksBaseline?.(cap) ?? false;
    const op: FixOp = onlyItem ? { op: 'remove', node: add } : { op: 'remove', node: item };
    pod.report({
      node: item,
      container: c,
      breaksBaseline: baselineToo,
      messageId: 'addsCapability',
      data: { subject: subject(c), capability: cap, level: baselineToo ? 'baseline' : level },
      fix: { title: `Remove capability ${cap} ${inWhere(c)}`, preferred: false, ops: [op] },
    });
  }
}
