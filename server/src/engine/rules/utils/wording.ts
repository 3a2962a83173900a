/** How rules name containers, pods, objects and values in messages and fix titles. */
import { isScalar } from 'yaml';
import type { YNode } from '../../model';
import type { ContainerRef, K8sObject } from '../../workloads';

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

/** `Deployment 'web'`, or `Deployment` without a name. */
export function describeObject(obj: K8sObject): string {
  const kind = obj.resource.kind ?? 'Object';
  return obj.resource.name ? `${kind} '${obj.resource.name}'` : kind;
}
