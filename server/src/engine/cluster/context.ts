/**
 * The cluster context: what the files analysed together say about the cluster, as one input of
 * every file's analysis. Built from the facts of every file (types.ts); read by checks through a
 * view that records each dependency key it reads, so an editor re-judges only what a change of
 * facts can affect. See DEVELOPERS.md "The engine's input: a set of files".
 */
import { RKE2_PSA_DEFAULTS } from '../stig/rke2-psa-defaults';
import { baseOf, dirOf, isUnder, joinPath, normalizePath, relativePath } from './paths';
import {
  formatLevelVersion,
  policyFromDefaults,
  policyToEvaluate,
  PSA_KEYS,
  PSA_MODES,
  type LevelVersion,
  type PsaKey,
  type PsaMode,
  type PsaPolicy,
} from './psa';
import { isKustomizationFile } from './facts';
import { mergeRke2, rke2GroupOf, scalarText, type MergedRke2Config, type Rke2File } from './rke2';
import type { FactLoc, FileFacts, NamespaceFact, PatchField, PsaConfigFact, StringFact } from './types';

/** Per-file settings that take part in the policy decision. */
export interface ClusterSettings {
  /** absolute path of the admission configuration the configuration names (`admissionConfiguration:`, `--admission-configuration`) */
  admissionConfiguration?: string;
  /** namespace for objects that set none (`namespace:`, `--namespace`) */
  namespace?: string;
}

export type PolicySourceKind = 'namespace-label' | 'admission-configuration' | 'rke2-default' | 'rke2-cis-default' | 'profile';

/** Where a policy (or an exemption) comes from. */
export interface PolicySource {
  kind: PolicySourceKind;
  /** the file that decides it (absent for built-in defaults and the profile) */
  file?: string;
  loc?: FactLoc;
  /** one phrase for people: `namespace "payments" label`, `admission configuration`, … */
  detail: string;
}

export interface ModePolicy extends LevelVersion {
  mode: PsaMode;
  source: PolicySource;
}

export type PolicyDecision =
  /**
   * no cluster policy applies: the profile setting judges the pod, as without a context; `plain`
   * when nothing among the files bears on it (no labels, no configuration), so there is nothing to say
   */
  | { kind: 'profile'; why: string; plain?: boolean }
  /** the pod is not judged at all */
  | { kind: 'exempt'; reason: 'namespace' | 'runtimeClass'; source: PolicySource; message: string }
  /** judged mode by mode */
  | { kind: 'modes'; modes: ModePolicy[]; namespace: string | null; notes: string[] };

/** What applies to a file when its namespace sets nothing (before namespace labels). */
export interface ClusterDefaults {
  kind: 'admission-configuration' | 'rke2-default' | 'rke2-cis-default' | 'none';
  policy?: PsaPolicy;
  exemptions: { namespaces: string[]; runtimeClasses: string[] };
  source?: PolicySource;
  /** how the defaults were chosen, or why none were (for `podsec explain` and hover) */
  notes: string[];
  /** the configuration fact that holds them */
  config?: { file: string; fact: PsaConfigFact };
  /** the RKE2 config whose scope holds the file */
  rke2?: MergedRke2Config;
}

/** The profile setting read as a policy, for namespaces that label only some modes. */
export type ProfilePolicy = PsaPolicy;

const CIS_PROFILE = /^cis(-\d+(\.\d+)*)?$/;

export const READY_KEY = 'index:ready';
export const DEFAULTS_KEY = 'cluster-defaults';
export const nsKey = (name: string) => `ns:${name}`;
export const rke2Key = (group: string) => `rke2:${group}`;
export const KUSTOMIZE_KEY = 'kustomize';
/** whether a file is a patch, and which kustomizations list it */
export const patchKey = (file: string) => `patch:${normalizePath(file)}`;

/** A kustomization that lists a file as a patch. */
export interface PatchListing {
  /** the kustomization file */
  kustomization: string;
  field: PatchField;
  /** the entry that names the patch, in the kustomization */
  loc: FactLoc;
  /** the kustomization's `namespace:`, when it sets one (kustomize gives it to every object it builds) */
  namespace: string | null;
}

/** How a listing reads for people, from the patch `file`: `patches in ../kustomization.yaml:9`. */
export function describeListing(l: PatchListing, file: string): string {
  return `${l.field} in ${relativePath(dirOf(file), l.kustomization)}:${l.loc.range.start.line + 1}`;
}

/** One line of a file: `name.yaml:12`. */
export function where(file: string | undefined, loc: FactLoc | undefined): string {
  if (!file) return '';
  return loc ? `${baseOf(file)}:${loc.range.start.line + 1}` : baseOf(file);
}

interface FileEntry {
  path: string;
  norm: string;
  facts: FileFacts;
}

export class ClusterContext {
  private readonly files = new Map<string, FileEntry>();
  private readonly namespaces = new Map<string, { file: string; fact: NamespaceFact }[]>();
  private readonly rke2Groups = new Map<string, MergedRke2Config>();
  /** scope root (normalised) → group, deepest first */
  private readonly rke2Scopes: { root: string; group: string }[] = [];
  private readonly defaultsCache = new Map<string, ClusterDefaults>();
  /** patch file (normalised) → the kustomizations that list it, in path order */
  private readonly patches = new Map<string, PatchListing[]>();
  private loneConfig: { file: string; fact: PsaConfigFact } | null | undefined;
  private unnamed: { file: string; fact: PsaConfigFact }[] | undefined;

  /**
   * @param facts every file's facts (files without facts may be left out)
   * @param ready false while an editor is still reading the workspace: pods are then judged by
   *   the profile, and the analysis says so
   */
  constructor(
    facts: Iterable<FileFacts>,
    readonly ready = true,
  ) {
    const byGroup = new Map<string, Rke2File[]>();
    // a file given twice (a front end that adds a file's current facts to a set that has it) counts once: the last wins
    for (const f of facts) {
      const norm = normalizePath(f.path);
      this.files.set(norm, { path: f.path, norm, facts: f });
    }
    for (const { facts: f } of this.files.values()) {
      for (const ns of f.namespaces) {
        const list = this.namespaces.get(ns.name) ?? [];
        list.push({ file: f.path, fact: ns });
        this.namespaces.set(ns.name, list);
      }
      if (f.rke2) {
        const g = rke2GroupOf(f.path, f.rke2);
        const list = byGroup.get(g) ?? [];
        list.push({ path: f.path, fact: f.rke2 });
        byGroup.set(g, list);
      }
    }
    for (const { path, norm, facts: f } of [...this.files.values()].sort((a, b) => (a.norm < b.norm ? -1 : a.norm > b.norm ? 1 : 0))) {
      const k = f.kustomization;
      // kustomize reads a kustomization only from these names
      if (!k || !isKustomizationFile(path)) continue;
      const namespace = k.namespace && !k.namespace.templated ? k.namespace.value : null;
      for (const p of k.patches) {
        if (p.path.value === null || p.path.templated || !p.path.value.trim()) continue;
        const target = joinPath(dirOf(norm), p.path.value.trim());
        const list = this.patches.get(target) ?? [];
        list.push({ kustomization: path, field: p.field, loc: p.path.loc, namespace });
        this.patches.set(target, list);
      }
    }
    for (const list of this.namespaces.values()) list.sort((a, b) => (normalizePath(a.file) < normalizePath(b.file) ? -1 : 1));
    for (const [g, list] of byGroup) {
      const merged = mergeRke2(g, list);
      this.rke2Groups.set(g, merged);
      this.rke2Scopes.push({ root: rke2ScopeRoot(g, merged), group: g });
    }
    this.rke2Scopes.sort((a, b) => b.root.length - a.root.length);
  }

  /**
   * A view for one analysis; every read adds a dependency key to `reads`. `settings` are what the
   * analysis' configuration says about the cluster (checks read them as `cluster.settings`).
   */
  view(reads: Set<string>, settings: ClusterSettings = {}): ClusterView {
    return new ClusterView(this, reads, settings);
  }

  /** @internal */ namespaceEntries(name: string): { file: string; fact: NamespaceFact }[] {
    return this.namespaces.get(name) ?? [];
  }

  /** @internal */ fileFacts(path: string): FileEntry | undefined {
    return this.files.get(normalizePath(path));
  }

  /** @internal */ rke2Group(path: string): MergedRke2Config | undefined {
    const entry = this.files.get(normalizePath(path));
    if (!entry?.facts.rke2) return undefined;
    return this.rke2Groups.get(rke2GroupOf(entry.path, entry.facts.rke2));
  }

  /** @internal */ patchListings(path: string): PatchListing[] {
    return this.patches.get(normalizePath(path)) ?? [];
  }

  /** @internal */ rke2NodeList(): { merged: MergedRke2Config; root: string }[] {
    return this.rke2Scopes.map((s) => ({ merged: this.rke2Groups.get(s.group)!, root: s.root }));
  }

  /** @internal */ allFiles(): IterableIterator<FileEntry> {
    return this.files.values();
  }

  /** The defaults and exemptions that apply to a file, before namespace labels. */
  defaultsFor(file: string | undefined, settings: ClusterSettings): ClusterDefaults {
    const key = `${file ?? ''}\0${settings.admissionConfiguration ?? ''}`;
    let d = this.defaultsCache.get(key);
    if (!d) {
      d = this.computeDefaults(file, settings);
      this.defaultsCache.set(key, d);
    }
    return d;
  }

  private computeDefaults(file: string | undefined, settings: ClusterSettings): ClusterDefaults {
    const none = (notes: string[]): ClusterDefaults => ({ kind: 'none', exemptions: { namespaces: [], runtimeClasses: [] }, notes });
    if (settings.admissionConfiguration) {
      const named = settings.admissionConfiguration;
      const entry = this.fileFacts(named);
      if (!entry) return none([`the configuration names ${named} as the admission configuration, but it is not among the files read`]);
      return this.fromConfigFile(entry, `named by the podsec configuration (admissionConfiguration)`);
    }
    const norm = file ? normalizePath(file) : undefined;
    const scope = norm ? this.rke2Scopes.find((s) => isUnder(norm, s.root)) : undefined;
    if (scope) {
      const merged = this.rke2Groups.get(scope.group)!;
      const named = merged.keys.get('pod-security-admission-config-file');
      const namedPath = scalarText(named);
      if (named && namedPath) {
        const target = this.resolveNodePath(namedPath, scope.root);
        const by = `named by pod-security-admission-config-file in ${where(named.decidedBy.file, named.decidedBy.loc)}`;
        if (!target) return { ...none([`${by}: ${namedPath} is not among the files read, so the profile setting applies`]), rke2: merged };
        return { ...this.fromConfigFile(target, by), rke2: merged };
      }
      const profile = merged.keys.get('profile');
      const cis = CIS_PROFILE.test(scalarText(profile) ?? '');
      const variant = cis ? RKE2_PSA_DEFAULTS.cis : RKE2_PSA_DEFAULTS.default;
      const { policy } = policyFromDefaults(variant.defaults as Partial<Record<PsaKey, string>>);
      const home = cis && profile ? profile.decidedBy : { file: merged.home.path, loc: merged.home.fact.loc };
      const detail = cis
        ? `RKE2's built-in policy for profile: ${scalarText(profile)} (${RKE2_PSA_DEFAULTS.path})`
        : `RKE2's built-in default policy (${RKE2_PSA_DEFAULTS.path}; no pod-security-admission-config-file and no CIS profile)`;
      return {
        kind: cis ? 'rke2-cis-default' : 'rke2-default',
        policy,
        exemptions: { namespaces: [...variant.exemptions.namespaces], runtimeClasses: [...variant.exemptions.runtimeClasses] },
        source: { kind: cis ? 'rke2-cis-default' : 'rke2-default', file: home.file, loc: home.loc, detail },
        notes: [`${detail}, for the node configured in ${where(merged.home.path, undefined)}`],
        rke2: merged,
      };
    }
    const lone = this.loneConfigFile();
    if (lone === null)
      return none(['several admission configurations are among the files and none is named; set admissionConfiguration in .podsec.yaml to choose one']);
    if (lone) return this.fromConfigFile(this.fileFacts(lone.file)!, 'the only admission configuration among the files');
    return none([]);
  }

  private fromConfigFile(entry: FileEntry, by: string): ClusterDefaults {
    let config = entry.facts.psaConfigs[0];
    let file = entry.path;
    if (!config) {
      // the API server then runs PodSecurity with its built-in defaults
      const { policy } = policyFromDefaults({});
      return {
        kind: 'admission-configuration',
        policy,
        exemptions: { namespaces: [], runtimeClasses: [] },
        source: { kind: 'admission-configuration', file, detail: `${baseOf(file)} (${by}; no PodSecurity configuration in it: PSA's defaults, privileged)` },
        notes: [`${baseOf(file)} ${by} holds no PodSecurity configuration: Pod Security Admission's defaults apply (privileged)`],
      };
    }
    if (config.path?.value) {
      const target = this.fileFacts(joinPath(dirOf(entry.path), config.path.value));
      if (!target?.facts.psaConfigs.length) {
        return {
          kind: 'none',
          exemptions: { namespaces: [], runtimeClasses: [] },
          notes: [
            `${baseOf(file)} (${by}) points the PodSecurity plugin at ${config.path.value}, which is not among the files read, so the profile setting applies`,
          ],
        };
      }
      config = target.facts.psaConfigs[0];
      file = target.path;
    }
    const values: Partial<Record<PsaKey, string>> = {};
    for (const k of PSA_KEYS) {
      const v = config.defaults[k];
      if (v && v.value !== null && !v.templated) values[k] = v.value;
      else if (v) values[k] = v.written; // invalid: read as PSA's parsers read it
    }
    const { policy } = policyFromDefaults(values);
    const detail = `admission configuration ${where(file, config.defaultsLoc)} (${by})`;
    return {
      kind: 'admission-configuration',
      policy,
      exemptions: { namespaces: texts(config.exemptions.namespaces), runtimeClasses: texts(config.exemptions.runtimeClasses) },
      source: { kind: 'admission-configuration', file, loc: config.defaultsLoc, detail },
      notes: [detail],
      config: { file, fact: config },
    };
  }

  /** The one admission configuration no RKE2 config names (undefined: none; null: several). */
  private loneConfigFile(): { file: string; fact: PsaConfigFact } | null | undefined {
    if (this.loneConfig !== undefined) return this.loneConfig;
    const roots = this.unnamedConfigs();
    this.loneConfig = roots.length === 0 ? undefined : roots.length === 1 ? roots[0] : null;
    return this.loneConfig;
  }

  /**
   * The admission configurations among the files that no RKE2 config names and no
   * AdmissionConfiguration points at (`path:`): the candidates for the cluster's configuration.
   */
  unnamedConfigs(): { file: string; fact: PsaConfigFact }[] {
    if (this.unnamed) return this.unnamed;
    const named = new Set<string>();
    for (const s of this.rke2Scopes) {
      const v = scalarText(this.rke2Groups.get(s.group)!.keys.get('pod-security-admission-config-file'));
      const t = v ? this.resolveNodePath(v, s.root) : undefined;
      if (t) named.add(t.norm);
    }
    const candidates: { file: string; fact: PsaConfigFact }[] = [];
    for (const e of this.files.values()) {
      for (const c of e.facts.psaConfigs) {
        if (c.path?.value) named.add(joinPath(dirOf(e.path), c.path.value));
        candidates.push({ file: e.path, fact: c });
      }
    }
    this.unnamed = candidates.filter((c) => !named.has(normalizePath(c.file)));
    return this.unnamed;
  }

  /**
   * A path a node configuration names (`/etc/rancher/rke2/rke2-pss.yaml`), among the files: under
   * the scope root, else any file whose path ends with it, else the one file with its base name
   * under the scope root.
   */
  resolveNodePath(nodePath: string, scopeRoot: string): FileEntry | undefined {
    const np = normalizePath(nodePath);
    const direct = this.files.get(joinPath(scopeRoot, np.replace(/^\/+/, '')));
    if (direct) return direct;
    const tail = np.startsWith('/') ? np : `/${np}`;
    const ends = [...this.files.values()].filter((e) => e.norm.endsWith(tail));
    if (ends.length === 1) return ends[0];
    const base = baseOf(np);
    const same = [...this.files.values()].filter((e) => isUnder(e.norm, scopeRoot) && baseOf(e.norm) === base);
    return same.length === 1 ? same[0] : undefined;
  }
}

function texts(list: StringFact[]): string[] {
  return list.filter((s) => s.value !== null).map((s) => s.value!);
}

/** Where an RKE2 config's governance starts: the folder above `etc/rancher/rke2`, or its own folder. */
function rke2ScopeRoot(group: string, merged: MergedRke2Config): string {
  if (merged.home.fact.role === 'standalone') return dirOf(group);
  const m = /^(.*?)\/?etc\/rancher\/rke2$/.exec(group);
  if (m) return m[1] === '' ? '/' : m[1];
  // `…/rancher/rke2` without `etc`: the folder holding `rancher`
  return dirOf(dirOf(group));
}

/** Read access to a context for one analysis, recording what it depends on. */
export class ClusterView {
  constructor(
    private readonly ctx: ClusterContext,
    readonly reads: Set<string>,
    /** what the configuration of the analysis says about the cluster */
    readonly settings: ClusterSettings = {},
  ) {}

  /** The admission configurations among the files that nothing names (see `ClusterContext.unnamedConfigs`). */
  unnamedAdmissionConfigs(): { file: string; fact: PsaConfigFact }[] {
    this.reads.add(DEFAULTS_KEY);
    return this.ctx.unnamedConfigs();
  }

  get ready(): boolean {
    this.reads.add(READY_KEY);
    return this.ctx.ready;
  }

  /** The Namespace object of that name among the files (the first in path order), with every declaration. */
  namespace(name: string): { file: string; fact: NamespaceFact; declarations: number } | undefined {
    this.reads.add(nsKey(name));
    const list = this.ctx.namespaceEntries(name);
    return list.length ? { ...list[0], declarations: list.length } : undefined;
  }

  defaults(file: string | undefined, settings: ClusterSettings): ClusterDefaults {
    this.reads.add(DEFAULTS_KEY);
    return this.ctx.defaultsFor(file, settings);
  }

  /**
   * The kustomizations among the files that list `file` as a patch (empty: none does, and the file
   * is judged as the whole objects it holds).
   */
  patchOf(file: string | undefined): PatchListing[] {
    if (!file) return [];
    this.reads.add(patchKey(file));
    return this.ctx.patchListings(file);
  }

  /**
   * Every RKE2 node among the files, deepest scope first, with the folder its configuration
   * governs (the node's filesystem root as the repository lays it out, see `defaults`).
   */
  rke2Nodes(): { merged: MergedRke2Config; root: string }[] {
    this.reads.add(DEFAULTS_KEY);
    return this.ctx.rke2NodeList();
  }

  /** The merged RKE2 configuration of the node group a config file belongs to. */
  rke2For(file: string | undefined): MergedRke2Config | undefined {
    if (!file) return undefined;
    const g = this.ctx.rke2Group(file);
    if (g) this.reads.add(rke2Key(g.group));
    return g;
  }

  /**
   * The policy that judges a pod in `namespace` (null: none) with `runtimeClassName`, in `file`.
   * `profile` is the profile setting read as a policy (for modes no label and no configuration set).
   */
  policyFor(
    file: string | undefined,
    namespace: string | null,
    runtimeClass: string | null,
    settings: ClusterSettings,
    profile: ProfilePolicy,
  ): PolicyDecision {
    if (!this.ready)
      return {
        kind: 'profile',
        why: 'podsec is still reading the workspace for namespaces and cluster configuration; until then the profile setting judges this pod',
      };
    const ns = namespace ?? settings.namespace ?? null;
    const d = this.defaults(file, settings);
    if (ns && d.exemptions.namespaces.includes(ns) && d.source) {
      return {
        kind: 'exempt',
        reason: 'namespace',
        source: d.source,
        message: `Namespace "${ns}" is exempt from Pod Security Admission (${d.source.detail}): pods there are not judged.`,
      };
    }
    if (runtimeClass && d.exemptions.runtimeClasses.includes(runtimeClass) && d.source) {
      return {
        kind: 'exempt',
        reason: 'runtimeClass',
        source: d.source,
        message: `Runtime class "${runtimeClass}" is exempt from Pod Security Admission (${d.source.detail}): this pod is not judged.`,
      };
    }
    const declared = ns ? this.namespace(ns) : undefined;
    const labels: Partial<Record<PsaKey, string>> = {};
    let labelled = false;
    if (declared) {
      for (const k of PSA_KEYS) {
        const l = declared.fact.labels[k];
        if (!l) continue;
        if (l.templated) return { kind: 'profile', why: `the Pod Security labels of namespace "${ns}" are template values, unknown until rendered` };
        labels[k] = l.value ?? l.written;
        labelled = true;
      }
    }
    if (d.kind === 'none' && !labelled) {
      return {
        kind: 'profile',
        plain: d.notes.length === 0,
        why:
          d.notes[0] ??
          (ns
            ? `namespace "${ns}" sets no Pod Security labels and no admission configuration is among the files`
            : 'the pod names no namespace and no admission configuration is among the files'),
      };
    }
    const base = d.policy ?? profile;
    const baseSource: PolicySource = d.source ?? { kind: 'profile', detail: 'the profile setting' };
    const { policy, origin } = policyToEvaluate(labels, base);
    const notes = [...d.notes];
    if (declared && declared.declarations > 1)
      notes.push(`namespace "${ns}" is declared ${declared.declarations} times; podsec reads the first, ${where(declared.file, declared.fact.loc)}`);
    const modes = PSA_MODES.map((mode): ModePolicy => {
      const o = origin[mode];
      let source = baseSource;
      const labelKey: PsaKey | undefined =
        o.level === 'label' ? mode : o.level === 'enforce-label' ? 'enforce' : o.version === 'label' ? (`${mode}-version` as PsaKey) : undefined;
      if (labelKey && declared) {
        const l = declared.fact.labels[labelKey]!;
        source = {
          kind: 'namespace-label',
          file: declared.file,
          loc: l.loc,
          detail: `namespace "${ns}" label pod-security.kubernetes.io/${labelKey} (${where(declared.file, l.loc)})`,
        };
      }
      return { mode, ...policy[mode], source };
    });
    return { kind: 'modes', modes, namespace: ns, notes };
  }
}

/** How a policy reads in a message: `enforce restricted:v1.30`. */
export function describeMode(m: ModePolicy): string {
  return `${m.mode} ${formatLevelVersion(m)}`;
}

/**
 * The dependency keys whose value differs between two versions of a file's facts (a file added,
 * changed or removed): what an editor must re-judge.
 */
export function changedKeys(before: FileFacts | undefined, after: FileFacts | undefined): Set<string> {
  const out = new Set<string>();
  const nsSig = (f: FileFacts | undefined) => new Map((f?.namespaces ?? []).map((n) => [n.name, JSON.stringify(n)]));
  const a = nsSig(before);
  const b = nsSig(after);
  for (const [name, sig] of a) if (b.get(name) !== sig) out.add(nsKey(name));
  for (const name of b.keys()) if (!a.has(name)) out.add(nsKey(name));
  if (
    JSON.stringify(before?.psaConfigs ?? []) !== JSON.stringify(after?.psaConfigs ?? []) ||
    JSON.stringify(before?.rke2 ?? null) !== JSON.stringify(after?.rke2 ?? null)
  ) {
    out.add(DEFAULTS_KEY);
    for (const f of [before, after]) if (f?.rke2) out.add(rke2Key(rke2GroupOf(f.path, f.rke2)));
  }
  if (JSON.stringify(before?.kustomization ?? null) !== JSON.stringify(after?.kustomization ?? null)) {
    out.add(KUSTOMIZE_KEY);
    // the files it lists (or listed) as patches
    for (const f of [before, after])
      for (const p of f?.kustomization?.patches ?? []) if (p.path.value) out.add(patchKey(joinPath(dirOf(f!.path), p.path.value.trim())));
  }
  return out;
}
