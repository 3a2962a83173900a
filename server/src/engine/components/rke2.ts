/**
 * What an RKE2 node runs its components with, read from its merged configuration (cluster/rke2.ts
 * merges `config.yaml` and its drop-ins): for each component flag, the value, and which file and
 * line decide it.
 *
 * The command line of a component is built as RKE2 builds it:
 * 1. RKE2's own flags (rke2-defaults.ts) and the user's `<component>-arg` entries are combined as
 *    k3s `GetArgs` does: an entry `flag=value` (or `--flag=value`; one leading `--` is trimmed,
 *    `flag` alone means `flag=true`) replaces RKE2's value of that flag, `flag+=value` appends
 *    to it and `flag-=value` prepends to it; repeated entries all reach the command line, in order;
 * 2. for kube-apiserver, RKE2 puts its audit flags (with `audit-policy-file` or `profile: cis`) and
 *    `--admission-control-config-file` before those arguments, so the user's own win;
 * 3. the component then reads the command line (flags.ts): last value wins, slices accumulate.
 * For the kubelet, settings no flag gives come from the configuration drop-in RKE2 writes
 * (`protect-kernel-defaults` from the RKE2 option or `profile: cis`), and otherwise from the
 * kubelet's own defaults.
 */
import { normalizePath } from '../cluster/paths';
import { mergeRke2, scalarText, type MergedKey, type MergedRke2Config, type Rke2File } from '../cluster/rke2';
import type { FactLoc } from '../cluster/types';
import { combineFlag, parseGoBool, type Component, type FlagUse } from './flags';
import {
  COMPONENT_DEFAULTS,
  RKE2_DEFAULT_AUDIT_POLICY,
  RKE2_DEFAULT_PSA_CONFIG,
  RKE2_FLAG_DEFAULTS,
  RKE2_KUBELET_CONFIG,
  rke2AuditFlags,
} from './rke2-defaults';

/** Where an RKE2 config says something: an item of a `*-arg` list (or its single string), or a key. */
export interface Rke2Ref {
  /** the file, as the merge names it */
  file: string;
  /** the item, or the `key: value` pair */
  loc: FactLoc;
  /** the key as written (`kube-apiserver-arg+`) */
  key: string;
  /** the ref is one entry of a `*-arg` value, not a whole key */
  item: boolean;
  /** the entry or value as text */
  text: string;
}

/** Who configures a setting. */
export type Rke2Origin =
  /** entries or keys written in the RKE2 config files */
  | { by: 'user'; refs: Rke2Ref[] }
  /** RKE2 itself, as a flag or in its kubelet drop-in; `because` names the option that makes it do so */
  | { by: 'rke2'; where: 'flag' | 'kubelet-config'; because?: Rke2Ref }
  /** nothing: the component's compiled-in default applies */
  | { by: 'component' };

export interface Rke2Setting {
  component: Component;
  flag: string;
  /** the value the component runs with; undefined when nothing sets it and its default is not known */
  value: string | undefined;
  /** slice items (or the single value) */
  items: string[];
  origin: Rke2Origin;
  /** the value is on the component's command line (what `ps` shows), not only in a config file */
  onCommandLine: boolean;
  /** a template action writes the value that decides it (or may write an entry for the flag): unknown */
  templated?: boolean;
}

/** The config key that carries a component's extra arguments. */
export function argsKey(component: Component): string {
  return `${component}-arg`;
}

const CIS_PROFILE = /^cis(-\d+(\.\d+)*)?$/;

/** RKE2 `profile` values that apply the CIS hardening. */
export function isCisProfile(value: string | undefined): boolean {
  return value !== undefined && CIS_PROFILE.test(value);
}

/** An RKE2 option's value as RKE2 hands it to its flag parser (go-yaml v2 value, printed). */
function optionText(item: { value: unknown }): string {
  const v = item.value;
  return v === null || v === undefined ? '' : String(v);
}

interface ArgEntry {
  /** the flag name after RKE2's trimming, without `+`/`-` */
  name: string;
  op: 'replace' | 'append' | 'prepend';
  value: string;
  ref: Rke2Ref;
}

/** One `*-arg` entry as k3s GetArgs reads it. */
function argEntry(ref: Rke2Ref): ArgEntry {
  const trimmed = ref.text.startsWith('--') ? ref.text.slice(2) : ref.text;
  const eq = trimmed.indexOf('=');
  const arg = eq < 0 ? trimmed : trimmed.slice(0, eq);
  const value = eq < 0 ? 'true' : trimmed.slice(eq + 1);
  const name = arg.replace(/[-+]+$/, '');
  const op = arg.endsWith('+') ? 'append' : arg.endsWith('-') ? 'prepend' : 'replace';
  return { name, op, value, ref };
}

/** One value on the command line, with who put it there. */
interface LineValue {
  value: string;
  ref?: Rke2Ref;
}

/** The merged RKE2 configuration of one node, read as component settings. */
export class Rke2Node {
  private readonly entriesCache = new Map<Component, { entries: ArgEntry[]; templated: boolean }>();

  constructor(readonly merged: MergedRke2Config) {}

  /** The merged value of an RKE2 option. */
  key(name: string): MergedKey | undefined {
    return this.merged.keys.get(name);
  }

  /** The option's value as RKE2 reads it (scalars only). */
  keyText(name: string): string | undefined {
    return scalarText(this.key(name));
  }

  /** The file and pair that decide an option. */
  keyRef(name: string): Rke2Ref | undefined {
    const k = this.key(name);
    if (!k) return undefined;
    const written = this.keyOfItem(k.decidedBy.file, k.decidedBy.loc) ?? k.key;
    return { file: k.decidedBy.file, loc: k.decidedBy.loc, key: written, item: false, text: scalarText(k) ?? '' };
  }

  /** The CIS profile is on (`profile: cis`, or an older `cis-1.x`). */
  get cis(): boolean {
    return isCisProfile(this.keyText('profile'));
  }

  /** The file that holds the node's main configuration, when it is among the files. */
  get home(): Rke2File | undefined {
    const h = this.merged.home;
    return h.fact.role === 'drop-in' ? undefined : h;
  }

  /** The `*-arg` entries of a component, in the order RKE2 reads them. */
  entries(component: Component): { entries: ArgEntry[]; templated: boolean } {
    let e = this.entriesCache.get(component);
    if (!e) {
      e = { entries: [], templated: false };
      const k = this.key(argsKey(component));
      if (k) {
        const items = k.value.kind === 'list' ? k.value.items : k.value.kind === 'scalar' ? [k.value.item] : [];
        for (const it of items) {
          if (it.templated) {
            e.templated = true;
            continue;
          }
          const written = this.keyOfItem(it.file, it.loc) ?? argsKey(component);
          e.entries.push(argEntry({ file: it.file, loc: it.loc, key: written, item: true, text: optionText(it) }));
        }
      }
      this.entriesCache.set(component, e);
    }
    return e;
  }

  /** The key as written (with or without `+`) whose value holds the item at `loc` in `file`. */
  private keyOfItem(file: string, loc: FactLoc): string | undefined {
    const f = this.merged.files.find((x) => x.path === file);
    const k = f?.fact.keys.find((kk) => kk.loc.offset[0] <= loc.offset[0] && loc.offset[1] <= kk.loc.offset[1]);
    return k?.key;
  }

  /** Entries that RKE2 passes in a form the component rejects (`-flag=value` becomes `---flag=value`). */
  malformed(component: Component): Rke2Ref[] {
    return this.entries(component)
      .entries.filter((e) => e.name.startsWith('-'))
      .map((e) => e.ref);
  }

  /** The `*-arg` list holds values produced by template actions: a missing flag cannot be judged. */
  templated(component: Component): boolean {
    return this.entries(component).templated;
  }

  /** The audit policy the API server reads, and what makes RKE2 pass it. */
  auditPolicy(): { path: string; because: Rke2Ref | undefined; byProfile: boolean } | undefined {
    const k = this.keyText('audit-policy-file');
    if (k) return { path: k, because: this.keyRef('audit-policy-file'), byProfile: false };
    if (this.cis) return { path: RKE2_DEFAULT_AUDIT_POLICY, because: this.keyRef('profile'), byProfile: true };
    return undefined;
  }

  /** Flags RKE2 prepends to kube-apiserver's arguments, each with the option that causes it. */
  private prepended(component: Component, flag: string): { value: string; because?: Rke2Ref } | undefined {
    if (component !== 'kube-apiserver') return undefined;
    if (flag === 'admission-control-config-file') {
      const psa = this.keyText('pod-security-admission-config-file');
      return psa ? { value: psa, because: this.keyRef('pod-security-admission-config-file') } : { value: RKE2_DEFAULT_PSA_CONFIG };
    }
    const audit = this.auditPolicy();
    if (!audit) return undefined;
    const flags = rke2AuditFlags(audit.path);
    if (!(flag in flags)) return undefined;
    // RKE2 adds its own --audit-log-path only when the user's arguments give none
    if (flag === 'audit-log-path' && this.entries(component).entries.some((e) => e.name === flag)) return undefined;
    return { value: flags[flag], because: audit.because };
  }

  /** The values of one flag on the component's command line, in order (k3s GetArgs, then RKE2's prepends). */
  private commandLine(component: Component, flag: string): LineValue[] {
    let initial: LineValue | undefined = RKE2_FLAG_DEFAULTS[component][flag] !== undefined ? { value: RKE2_FLAG_DEFAULTS[component][flag] } : undefined;
    let values: LineValue[] | undefined;
    for (const e of this.entries(component).entries) {
      if (e.name !== flag) continue;
      const mine: LineValue = { value: e.value, ref: e.ref };
      const before = initial ? [initial] : [];
      const existing = values ?? [];
      if (e.op === 'append') values = [...before, ...existing, mine];
      else if (e.op === 'prepend') values = [mine, ...before, ...existing];
      else values = [...existing, mine];
      initial = undefined;
    }
    if (!values) values = initial ? [initial] : [];
    const pre = this.prepended(component, flag);
    return pre ? [{ value: pre.value }, ...values] : values;
  }

  /** What the component runs with for `flag`. */
  setting(component: Component, flag: string): Rke2Setting {
    const line = component === 'kube-apiserver' && flag === 'basic-auth-file' ? [] : this.commandLine(component, flag);
    if (line.length) {
      const uses: FlagUse<LineValue>[] = line.map((v) => ({ name: flag, value: v.value, explicit: true, refs: [v] }));
      const combined = combineFlag(component, flag, uses)!;
      const refs = combined.uses.flatMap((u) => u.refs).flatMap((v) => (v.ref ? [v.ref] : []));
      const pre = this.prepended(component, flag);
      const origin: Rke2Origin = refs.length ? { by: 'user', refs } : { by: 'rke2', where: 'flag', because: pre?.because };
      return {
        component,
        flag,
        value: combined.value,
        items: combined.items,
        origin,
        onCommandLine: true,
        templated: !refs.length && this.templated(component),
      };
    }
    if (component === 'kubelet') {
      const fromConfig = this.kubeletConfig(flag);
      if (fromConfig)
        return {
          component,
          flag,
          value: fromConfig.value,
          items: [fromConfig.value],
          origin: fromConfig.origin,
          onCommandLine: false,
          templated: fromConfig.templated || this.templated(component),
        };
    }
    const d = COMPONENT_DEFAULTS[component][flag];
    return {
      component,
      flag,
      value: d,
      items: d === undefined ? [] : [d],
      origin: { by: 'component' },
      onCommandLine: false,
      templated: this.templated(component),
    };
  }

  /** A kubelet setting from the configuration drop-in RKE2 writes. */
  private kubeletConfig(flag: string): { value: string; origin: Rke2Origin; templated?: boolean } | undefined {
    if (flag === 'protect-kernel-defaults') {
      const opt = this.key('protect-kernel-defaults');
      if (opt) {
        // anything but true leaves the kubelet unprotected (with profile: cis, RKE2 refuses to start)
        const origin: Rke2Origin = { by: 'user', refs: [this.keyRef('protect-kernel-defaults')!] };
        if (opt.value.kind === 'scalar' && opt.value.item.templated) return { value: 'false', origin, templated: true };
        const on = opt.value.kind === 'scalar' && parseGoBool(optionText(opt.value.item)) === true;
        return { value: String(on), origin };
      }
      if (this.cis) return { value: 'true', origin: { by: 'rke2', where: 'kubelet-config', because: this.keyRef('profile') } };
      return { value: 'false', origin: { by: 'rke2', where: 'kubelet-config' } };
    }
    const v = RKE2_KUBELET_CONFIG[flag];
    return v === undefined ? undefined : { value: v, origin: { by: 'rke2', where: 'kubelet-config' } };
  }

  /**
   * Where a flag missing from the command line belongs: the file whose `<component>-arg` (without
   * `+`) the others append to, else the main config. `dropped` is set when that key replaced a
   * list in which an earlier file had set the flag.
   */
  argsHome(component: Component, flag: string): { file: string; dropped?: { earlier: string; ref: Rke2Ref } } | undefined {
    const key = argsKey(component);
    let base: { file: string; ref: Rke2Ref } | undefined;
    let dropped: { earlier: string; ref: Rke2Ref } | undefined;
    let flagIn: string | undefined;
    for (const f of this.merged.files) {
      for (const k of f.fact.keys) {
        const name = k.key.endsWith('+') ? k.key.slice(0, -1) : k.key;
        if (name !== key) continue;
        const items = k.value.kind === 'list' ? k.value.items : k.value.kind === 'scalar' ? [k.value.item] : [];
        const here = items.some((it) => !it.templated && argEntry({ file: f.path, loc: it.loc, key: k.key, item: true, text: optionText(it) }).name === flag);
        if (!k.key.endsWith('+')) {
          const ref: Rke2Ref = { file: f.path, loc: k.loc, key: k.key, item: false, text: '' };
          dropped = flagIn && !here ? { earlier: flagIn, ref } : here ? undefined : dropped;
          base = { file: f.path, ref };
          flagIn = here ? f.path : undefined;
        } else if (here) {
          flagIn = f.path;
          dropped = undefined;
        }
      }
    }
    if (dropped) return { file: dropped.ref.file, dropped };
    if (base) return { file: base.file };
    return this.home ? { file: this.home.path } : undefined;
  }
}

/** The node of a group of RKE2 config files (see cluster/rke2.ts for the merge). */
export function rke2Node(group: string, files: Rke2File[]): Rke2Node {
  return new Rke2Node(mergeRke2(group, files));
}

/** Two paths name the same file. */
export function sameFile(a: string, b: string): boolean {
  return normalizePath(a) === normalizePath(b);
}
