/** Access to the security contexts of a pod spec and its containers. */
import type { YNode } from '../../model';
import type { PodContext } from '../../rule';
import type { ContainerRef } from '../../workloads';

/** A container's `securityContext`, when it is a mapping. */
export function containerSc(c: ContainerRef): YNode | undefined {
  const sc = c.node.get('securityContext');
  return sc && sc.isMap ? sc : undefined;
}

/** Visit the pod-level security context, then every container's (for any rule: it reports nothing). */
export function eachSecurityContext(pod: PodContext<never>, fn: (sc: YNode, container: ContainerRef | undefined) => void): void {
  if (pod.securityContext) fn(pod.securityContext, undefined);
  for (const c of pod.containers) {
    const sc = containerSc(c);
    if (sc) fn(sc, c);
  }
}
