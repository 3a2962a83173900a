/** The system namespaces, and moving a workload to a namespace of its own, which both namespace rules offer. */
import type { YNode } from '../../model';
import type { FixSpec } from '../../rule';
import type { K8sObject } from '../../workloads';
import { describeObject } from './wording';

/** The namespaces Kubernetes reserves for itself (the STIGs' "system namespaces"). */
export const SYSTEM_NAMESPACES = ['kube-system', 'kube-public', 'kube-node-lease'];

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

/** A namespace to suggest: the workload's own name when it is a valid, unreserved one. */
export function suggestedNamespace(obj: K8sObject): string {
  const name = obj.resource.name ?? '';
  if (DNS_LABEL.test(name) && name.length <= 63 && name !== 'default' && !name.startsWith('kube-')) return name;
  return 'app-namespace';
}

/** The code action that puts a chosen namespace in place of `ns` (the suggestion selected). */
export function moveNamespaceFix(obj: K8sObject, ns: YNode): FixSpec {
  return {
    title: `Move ${describeObject(obj)} to its own namespace (type its name)`,
    preferred: false,
    placeholder: true,
    ops: [{ op: 'set', node: ns, value: suggestedNamespace(obj) }],
  };
}
