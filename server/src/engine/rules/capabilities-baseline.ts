import { cis, NSA_POD_SECURITY, pssStandards } from '../standards';
import { BASELINE_CAPABILITIES, containerSc, inWhere, subject } from '../pss';
import { defineRule, FixOp, PodContext } from '../rule';
import type { ContainerRef } from '../workloads';

/** Report the added capabilities of one container that `allowed` rejects. */
export function reportAddedCapabilities(
  pod: PodContext,
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
      message: `${subject(c)} adds capability ${cap}, which the ${baselineToo ? 'baseline' : level} level does not allow.`,
      fix: { title: `Remove capability ${cap} ${inWhere(c)}`, preferred: false, ops: [op] },
    });
  }
}

export function isBaselineCapability(cap: string): boolean {
  return BASELINE_CAPABILITIES.has(cap);
}

export default defineRule({
  meta: {
    id: 'capabilities-baseline',
    title: 'Added capabilities beyond the default set',
    description: 'Flags capabilities added with securityContext.capabilities.add that are not in the default set the baseline level allows (AUDIT_WRITE, CHOWN, DAC_OVERRIDE, FOWNER, FSETID, KILL, MKNOD, NET_BIND_SERVICE, SETFCAP, SETGID, SETPCAP, SETUID, SYS_CHROOT). Names are exact and case-sensitive, as Kubernetes compares them.',
    rationale: 'Capabilities such as SYS_ADMIN, NET_ADMIN, SYS_PTRACE or NET_RAW hand a container pieces of root on the node: mounting filesystems, reconfiguring the host network, reading other processes, forging packets. Each one widens the path from a compromised container to the node.',
    remediation: 'Remove the capability from capabilities.add. If the workload truly needs it, run it in a namespace with a less strict Pod Security level and document why.',
    pss: { level: 'baseline', check: 'capabilities_baseline', control: 'Capabilities', since: 0 },
    defaultSeverity: 'error',
    fixable: true,
    standards: pssStandards(
      cis('5.2.8', 'Minimize the admission of containers with the NET_RAW capability'),
      cis('5.2.9', 'Minimize the admission of containers with added capabilities'),
      NSA_POD_SECURITY,
    ),
  },
  checkPod(pod) {
    for (const c of pod.containers) reportAddedCapabilities(pod, c, isBaselineCapability, 'baseline');
  },
});

