/**
 * Where Pod Security Admission reads its policy in a Kubernetes object, for the rules that check
 * it: the `pod-security.kubernetes.io/*` labels of a Namespace, and the PodSecurity
 * configuration of an admission configuration (a standalone `PodSecurityConfiguration`, or the
 * `configuration` of the PodSecurity plugin of an `AdmissionConfiguration`).
 */
import { ADMISSION_CONFIGURATION_API_VERSIONS, POD_SECURITY_CONFIGURATION_API_VERSIONS } from '../../cluster/facts';
import { PSA_KEYS, PSA_LABEL_PREFIX, type PsaKey } from '../../cluster/psa';
import type { YNode } from '../../model';
import type { K8sObject } from '../../workloads';

/** A `pod-security.kubernetes.io/<suffix>` label of a Namespace. */
export interface PsaLabel {
  /** the whole label key */
  key: string;
  /** the part after the prefix; a PsaKey when Pod Security Admission knows it */
  suffix: string;
  known: PsaKey | undefined;
  value: YNode;
}

/** A v1 Namespace. */
export function isNamespace(obj: K8sObject): boolean {
  return obj.resource.kind === 'Namespace' && obj.resource.apiVersion === 'v1';
}

/** The Pod Security labels of a Namespace (every label with the prefix, known or not). */
export function psaLabels(obj: K8sObject): PsaLabel[] {
  const labels = obj.root.get('metadata')?.get('labels');
  if (!labels?.isMap) return [];
  const out: PsaLabel[] = [];
  for (const [key, value] of labels.entries()) {
    if (!key.startsWith(PSA_LABEL_PREFIX)) continue;
    const suffix = key.slice(PSA_LABEL_PREFIX.length);
    out.push({ key, suffix, known: (PSA_KEYS as string[]).includes(suffix) ? (suffix as PsaKey) : undefined, value });
  }
  return out;
}

/** The PodSecurity part of an admission configuration object. */
export interface PsaConfigNodes {
  /** the PodSecurityConfiguration mapping (the object itself, or the plugin's `configuration`); undefined when the plugin has none inline */
  config: YNode | undefined;
  /** the object's `kind` pair */
  kindNode: YNode;
  /** an AdmissionConfiguration: the PodSecurity plugin entry, when there is one */
  plugin: YNode | undefined;
  /** an AdmissionConfiguration without a PodSecurity plugin */
  noPlugin: boolean;
}

/** The PodSecurity configuration of an object, when it is an admission configuration Pod Security Admission reads. */
export function psaConfigOf(obj: K8sObject): PsaConfigNodes | undefined {
  const { kind, apiVersion } = obj.resource;
  const kindNode = obj.root.getRaw('kind');
  if (!kindNode || !apiVersion) return undefined;
  if (kind === 'PodSecurityConfiguration' && POD_SECURITY_CONFIGURATION_API_VERSIONS.includes(apiVersion))
    return { config: obj.root, kindNode, plugin: undefined, noPlugin: false };
  if (kind !== 'AdmissionConfiguration' || !ADMISSION_CONFIGURATION_API_VERSIONS.includes(apiVersion)) return undefined;
  const plugin = obj.root
    .get('plugins')
    ?.items()
    .find((p) => p.get('name')?.str() === 'PodSecurity');
  const config = plugin?.get('configuration');
  return { config: config?.isMap ? config : undefined, kindNode, plugin, noPlugin: !plugin };
}

/** The `defaults` entries present in a PodSecurity configuration (null values included). */
export function psaDefaults(config: YNode): { defaults: YNode | undefined; values: Partial<Record<PsaKey, YNode>> } {
  const defaults = config.get('defaults');
  const values: Partial<Record<PsaKey, YNode>> = {};
  if (defaults?.isMap)
    for (const k of PSA_KEYS) {
      const v = defaults.getRaw(k);
      if (v) values[k] = v;
    }
  return { defaults: defaults?.isMap ? defaults : undefined, values };
}

/** A value as Kubernetes decodes it into a string field: the string, or undefined for another type (rejected). */
export function stringOf(n: YNode): string | undefined {
  const v = n.value();
  return typeof v === 'string' ? v : undefined;
}
