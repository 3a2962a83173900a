/**
 * User workloads belong in namespaces of their own, not in `default`, which every client falls
 * back to and which is rarely covered by policy.
 */
import { isMap } from 'yaml';
import { defineRule } from '../rule';
import type { K8sObject } from '../workloads';
import { CIS_DEFAULT_NAMESPACE, K8S_DEDICATED_NAMESPACES, NSA_NAMESPACES, RKE2_SYSTEM_NAMESPACES, SRG_INFORMATION_FLOW } from '../standards';
import { moveNamespaceFix, suggestedNamespace } from './utils/namespaces';
import { describeObject } from './utils/wording';

/**
 * A template action may write the namespace: one that stands on its own line inside the metadata
 * block (`{{- include "labels" . | nindent 4 }}`), or anywhere when there is no metadata block.
 */
function metadataMayBeTemplated(object: K8sObject): boolean {
  const model = object.root.model;
  const mask = model.mask;
  if (!mask) return false;
  const meta = object.root.getRaw('metadata');
  if (!meta) return mask.actions.some((a) => a.structural);
  if (meta.templated) return true;
  const start = meta.src.key?.range?.[0];
  const owner = meta.src.owner;
  if (start === undefined || !isMap(owner)) return true;
  let end = model.text.length;
  for (const p of owner.items) {
    const ks = (p.key as { range?: [number, number, number] } | null)?.range?.[0];
    if (ks !== undefined && ks > start && ks < end) end = ks;
  }
  return mask.structuralIn(start, end);
}

export default defineRule({
  meta: {
    id: 'default-namespace-workload',
    title: 'Workloads in the default namespace',
    description:
      'Flags workloads and pods whose metadata.namespace is default. A workload without a namespace lands wherever the client that applies it points, usually default; it is flagged only when the flagMissingNamespace option is true (manifests rendered by Helm or Kustomize often leave the namespace to the tool). A namespace or metadata produced by a template is not judged.',
    rationale:
      'The default namespace is shared by everything nobody placed deliberately. It rarely carries a Pod Security label, network policies or quotas, and its default service account is used by every pod that names none, so workloads there are neither isolated from each other nor covered by the policies written for the application.',
    remediation: 'Create a namespace for the application, label it with the Pod Security level it must meet, and set metadata.namespace to it.',
    profiles: { 'stig-rke2': 'error', 'stig-kubernetes': 'error' },
    defaultSeverity: 'error',
    fixable: true,
    standards: [K8S_DEDICATED_NAMESPACES, SRG_INFORMATION_FLOW, RKE2_SYSTEM_NAMESPACES, CIS_DEFAULT_NAMESPACE, NSA_NAMESPACES],
    messages: {
      defaultNamespace: '{{object}} is placed in the default namespace; give it a namespace of its own.',
      noNamespace: '{{object}} sets no namespace, so it lands in whatever namespace the client defaults to (usually default).',
    },
    options: {
      flagMissingNamespace: {
        type: 'boolean',
        description: 'Also flag workloads that set no namespace at all.',
        default: false,
      },
    },
  },
  checkObject(ctx) {
    if (!ctx.pod) return;
    const { object } = ctx;
    const metadata = object.root.get('metadata');
    const ns = metadata?.get('namespace');
    if (ns) {
      if (ns.templated || ns.str() !== 'default') return;
      ctx.report({
        node: ns,
        at: 'value',
        messageId: 'defaultNamespace',
        data: { object: describeObject(object) },
        fix: moveNamespaceFix(object, ns),
      });
      return;
    }
    if (ctx.options.flagMissingNamespace !== true || metadataMayBeTemplated(object)) return;
    const anchor = metadata ? object.root.getRaw('metadata')! : object.root.get('kind')!;
    ctx.report({
      node: anchor,
      at: metadata ? 'key' : 'pair',
      messageId: 'noNamespace',
      missing: true,
      data: { object: describeObject(object) },
      fix: {
        title: `Set a namespace for ${describeObject(object)} (type its name)`,
        preferred: false,
        placeholder: true,
        ops: [{ op: 'ensure', node: object.root, keys: ['metadata', 'namespace'], value: suggestedNamespace(object) }],
      },
    });
  },
});
