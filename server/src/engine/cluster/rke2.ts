/**
 * The RKE2 configuration a node runs with: `config.yaml` merged with the drop-ins of
 * `config.yaml.d/` as RKE2 (k3s `pkg/configfilearg/parser.go`, `readConfigFile`) merges them:
 * - files in order: `config.yaml` (when present), then every `config.yaml.d/*.yaml|*.yml` (any
 *   letter case) in file-name order;
 * - a key's last value wins; a key written `key+` appends to the value so far (both sides made
 *   lists: a scalar is a one-item list, an empty value none), and a later `key` without `+`
 *   replaces everything accumulated before it;
 * - only the first YAML document of each file is read.
 * Every merged value keeps which file and line decided it, so a finding lands in that file.
 */
import type { FactLoc, Rke2ConfigFact, Rke2ItemFact } from './types';
import { baseOf, dirOf, normalizePath } from './paths';

export interface Rke2File {
  path: string;
  fact: Rke2ConfigFact;
}

/** One item of a merged list, with the file it comes from. */
export interface MergedItem extends Rke2ItemFact {
  file: string;
}

export interface MergedKey {
  /** the key without `+` */
  key: string;
  /** the effective value: a scalar, a list (after `+` appends), or a value RKE2 cannot use as a flag */
  value: { kind: 'scalar'; item: MergedItem } | { kind: 'list'; items: MergedItem[] } | { kind: 'complex' } | { kind: 'null' };
  /** the file and pair that set the value last (for a list built by appends: the last append) */
  decidedBy: { file: string; loc: FactLoc; keyLoc: FactLoc; appended: boolean };
}

export interface MergedRke2Config {
  /** the node group: the `…/rancher/rke2` folder, or the file itself for a standalone config */
  group: string;
  /** files in the order RKE2 reads them */
  files: Rke2File[];
  /** keys in first-seen order */
  keys: Map<string, MergedKey>;
  /** `config.yaml`, or the first file read when there is none: where missing keys are reported */
  home: Rke2File;
}

/** The node group of an RKE2 config file. */
export function rke2GroupOf(path: string, fact: Rke2ConfigFact): string {
  const p = normalizePath(path);
  if (fact.role === 'main') return dirOf(p);
  if (fact.role === 'drop-in') return dirOf(dirOf(p));
  return p;
}

/** RKE2's reading order of the files of one group. */
export function rke2FileOrder(files: Rke2File[]): Rke2File[] {
  const main = files.filter((f) => f.fact.role !== 'drop-in');
  const dropIns = files
    .filter((f) => f.fact.role === 'drop-in')
    // Go's os.ReadDir sorts by file name (bytewise)
    .sort((a, b) => (baseOf(a.path) < baseOf(b.path) ? -1 : baseOf(a.path) > baseOf(b.path) ? 1 : 0));
  return [...main, ...dropIns];
}

function asList(v: MergedKey['value']): MergedItem[] {
  if (v.kind === 'list') return v.items;
  if (v.kind === 'scalar') {
    // toSlice: a non-string scalar that prints empty adds nothing
    if (typeof v.item.value !== 'string' && String(v.item.value ?? '').trim() === '') return [];
    return [v.item];
  }
  return [];
}

/** Merge the files of one node group. */
export function mergeRke2(group: string, files: Rke2File[]): MergedRke2Config {
  const ordered = rke2FileOrder(files);
  const keys = new Map<string, MergedKey>();
  for (const f of ordered) {
    for (const k of f.fact.keys) {
      const append = k.key.endsWith('+');
      const key = append ? k.key.slice(0, -1) : k.key;
      let value: MergedKey['value'];
      if (k.value.kind === 'scalar') value = { kind: 'scalar', item: { ...k.value.item, file: f.path } };
      else if (k.value.kind === 'list') value = { kind: 'list', items: k.value.items.map((i) => ({ ...i, file: f.path })) };
      else value = k.value;
      const old = keys.get(key);
      if (old && append) value = { kind: 'list', items: [...asList(old.value), ...asList(value)] };
      // a later key replaces the value but keeps its first-seen place (Map.set does)
      keys.set(key, { key, value, decidedBy: { file: f.path, loc: k.loc, keyLoc: k.keyLoc, appended: append && !!old } });
    }
  }
  const home = ordered.find((f) => f.fact.role !== 'drop-in') ?? ordered[0];
  return { group, files: ordered, keys, home };
}

/** The merged value of a key as text (RKE2's `convert.ToString`), for scalar keys. */
export function scalarText(k: MergedKey | undefined): string | undefined {
  if (!k || k.value.kind !== 'scalar') return undefined;
  const v = k.value.item.value;
  return v === null ? '' : String(v);
}
