/**
 * Helpers the Pod Security Standards rules share: access to security contexts, the value sets
 * the standards allow, and consistent wording.
 */
import { isScalar } from 'yaml';
import type { PodContext } from './rule';
import type { YNode } from './model';
import type { ContainerRef } from './workloads';

/** Capabilities the baseline level lets a container add. */
export const BASELINE_CAPABILITIES = new Set([
  'AUDIT_WRITE', 'CHOWN', 'DAC_OVERRIDE', 'FOWNER', 'FSETID', 'KILL', 'MKNOD', 'NET_BIND_SERVICE',
  'SETFCAP', 'SETGID', 'SETPCAP', 'SETUID', 'SYS_CHROOT',
]);

/** Seccomp profile types both levels accept when a profile is set. */
export function validSeccompType(type: string | undefined): boolean {
  return type === 'RuntimeDefault' || type === 'Localhost';
}

/** A container's `securityContext`, when it is a mapping. */
export function containerSc(c: ContainerRef): YNode | undefined {
  const sc = c.node.get('securityContext');
  return sc && sc.isMap ? sc : undefined;
}

/** Visit the pod-level security context, then every container's. */
export function eachSecurityContext(pod: PodContext, fn: (sc: YNode, container: ContainerRef | undefined) => void): void {
  if (pod.securityContext) fn(pod.securityContext, undefined);
  for (const c of pod.containers) {
    const sc = containerSc(c);
    if (sc) fn(sc, c);
  }
}

/** "Container 'web'" or "The pod" (sentence start). */
export function subject(c: ContainerRef | undefined): string {
  return c ? `${kindWord(c)} ${c.label}` : 'The pod';
}

/** "in container 'web'" or "in the pod's securityContext" (for fix titles). */
export function inWhere(c: ContainerRef | undefined): string {
  return c ? `in ${kindWord(c).toLowerCase()} ${c.label}` : "in the pod's securityContext";
}

function kindWord(c: ContainerRef): string {
  return c.kind === 'initContainers' ? 'Init container' : c.kind === 'ephemeralContainers' ? 'Ephemeral container' : 'Container';
}

/** A value as the manifest writes it, for messages: plain scalars as written, others quoted. */
export function shown(n: YNode): string {
  const node = n.node;
  if (isScalar(node)) {
    if (node.type === 'PLAIN' && typeof node.source === 'string') return node.source;
    return JSON.stringify(String(node.value ?? ''));
  }
  return n.isSeq ? '[...]' : n.isMap ? '{...}' : 'null';
}
