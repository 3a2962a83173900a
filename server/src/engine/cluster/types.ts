/**
 * Facts: what one file tells about the cluster that other files' findings depend on. Plain,
 * serialisable data (the CLI sends it to worker threads), with positions in the file that holds
 * the fact. See DEVELOPERS.md "The engine's input: a set of files".
 */
import type { ScalarValue } from '../scalars';
import type { Range } from '../text';
import type { PsaKey } from './psa';

/** Where a fact is written, in its own file. */
export interface FactLoc {
  /** [start, end) UTF-16 offsets in the file */
  offset: [number, number];
  range: Range;
}

/** A string value as written, e.g. a namespace label or a configuration default. */
export interface StringFact {
  /** the value when it is a string; null when it is another type (Kubernetes rejects it) */
  value: string | null;
  /** the value's source text */
  written: string;
  /** a template action produces it: unknown */
  templated: boolean;
  loc: FactLoc;
}

export interface NamespaceFact {
  name: string;
  /** the `metadata.name` pair (or the object's `kind` when the name is missing) */
  loc: FactLoc;
  /** the `pod-security.kubernetes.io/<key>` labels present */
  labels: Partial<Record<PsaKey, StringFact>>;
  /** every label key of the object (PSA ignores the others, but an empty label set matters) */
  labelCount: number;
}

/** A Pod Security Admission configuration: standalone, or inline in an AdmissionConfiguration. */
export interface PsaConfigFact {
  /** the document's kind: `AdmissionConfiguration` or `PodSecurityConfiguration` */
  kind: 'AdmissionConfiguration' | 'PodSecurityConfiguration';
  apiVersion: string;
  /** the `kind` pair of the document */
  loc: FactLoc;
  /** the PodSecurityConfiguration's `apiVersion` (inline or standalone), when it has one */
  configApiVersion: string | null;
  /** the `defaults` keys present */
  defaults: Partial<Record<PsaKey, StringFact>>;
  /** the `defaults` key (or the configuration) to point at when a default is missing */
  defaultsLoc: FactLoc;
  exemptions: {
    namespaces: StringFact[];
    runtimeClasses: StringFact[];
    usernames: StringFact[];
  };
  /** an AdmissionConfiguration whose PodSecurity plugin configuration is in another file */
  path: StringFact | null;
  /** an AdmissionConfiguration without a PodSecurity plugin (nothing for PSA in it) */
  noPodSecurityPlugin: boolean;
}

/** How a YAML file was recognised as an RKE2 config. */
export interface Rke2Recognition {
  /** main `config.yaml`, a `config.yaml.d` drop-in, or a file at another path */
  role: 'main' | 'drop-in' | 'standalone';
  /** human-readable reason: the path, the marker comment, or the keys that identify it */
  why: string;
}

export interface Rke2ItemFact {
  value: ScalarValue;
  /** source text of the item */
  written: string;
  templated: boolean;
  loc: FactLoc;
}

export interface Rke2KeyFact {
  /** the key as written (`kube-apiserver-arg+` keeps its `+`) */
  key: string;
  /** a scalar value, a list of scalars, or `complex` for anything else */
  value: { kind: 'scalar'; item: Rke2ItemFact } | { kind: 'list'; items: Rke2ItemFact[] } | { kind: 'complex' } | { kind: 'null' };
  /** the whole `key: value` pair */
  loc: FactLoc;
  /** the key alone */
  keyLoc: FactLoc;
}

export interface Rke2ConfigFact extends Rke2Recognition {
  keys: Rke2KeyFact[];
  /** where to insert or point when a key is missing (the first key, or the document) */
  loc: FactLoc;
}

/** The kustomization field that lists a patch. */
export type PatchField = 'patches' | 'patchesStrategicMerge' | 'patchesJson6902';

/** A patch file a kustomization lists. */
export interface PatchEntry {
  field: PatchField;
  /** the file path as written, relative to the kustomization's folder */
  path: StringFact;
}

/** A patch written inline in the kustomization (a string): podsec does not judge it. */
export interface InlinePatch {
  field: PatchField;
  /** the `patch:` pair, or the list item, that holds it */
  loc: FactLoc;
}

export interface KustomizationFact {
  /** patch files, in the order listed */
  patches: PatchEntry[];
  /** patches written inline */
  inline: InlinePatch[];
  /** `resources:` entries (files or folders) as written */
  resources: StringFact[];
  /** `namespace:` the kustomization sets on its objects */
  namespace: StringFact | null;
}

export interface FileFacts {
  /** absolute path of the file, with the separator of the platform */
  path: string;
  namespaces: NamespaceFact[];
  psaConfigs: PsaConfigFact[];
  rke2: Rke2ConfigFact | null;
  kustomization: KustomizationFact | null;
}

export function emptyFacts(path: string): FileFacts {
  return { path, namespaces: [], psaConfigs: [], rke2: null, kustomization: null };
}

export function hasFacts(f: FileFacts): boolean {
  return f.namespaces.length > 0 || f.psaConfigs.length > 0 || f.rke2 !== null || f.kustomization !== null;
}
