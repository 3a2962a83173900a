/**
 * Checking one component setting wherever a node's configuration writes it, for the STIG rules
 * that each answer to one setting:
 * - RKE2 config files: what the node's merged configuration makes the component run with
 *   (components/rke2.ts), reported in the file and at the line that decides it: the `*-arg`
 *   entry that sets a bad value, the drop-in whose `*-arg` list replaced the entry, or the main
 *   `config.yaml` when nothing sets the flag (drop-ins alone do not get that finding: the main
 *   file, which is not among the files, may set it);
 * - containers that run the component (kubeadm static pods, kubelets in containers): the flags of
 *   their command line;
 * - KubeletConfiguration documents: the field that stands for the flag.
 * Which values fail, and whether "not configured" is a finding, comes from the rule (the STIG
 * check text for that kind of file); the wording of the findings is shared and spread into the
 * rule's messages.
 */
import type { Component } from '../../components/flags';
import { fieldName, kubeletField, readField, type KubeletField } from '../../components/kubelet-config';
import { argsKey, type Rke2Origin, type Rke2Ref, type Rke2Setting } from '../../components/rke2';
import { COMPONENT_DEFAULTS } from '../../components/rke2-defaults';
import { componentRun, RunFlags } from '../../components/static-pods';
import type { YNode } from '../../model';
import type { FixOp, FixSpec, PodContext, Report } from '../../rule';
import type { ScalarValue } from '../../scalars';
import type { Rke2Doc } from './rke2-config';
import { inWhere, shown, subject } from './wording';

/** The messages the helpers below report: spread them into `meta.messages` (only those a rule uses). */
export const SETTING_MESSAGES = {
  rke2FlagMissing: 'This RKE2 node runs {{component}} without --{{flag}} ({{fallback}}); {{requirement}}.',
  rke2FlagDropped:
    '{{key}} here replaces the {{key}} entries of {{earlier}}, which set --{{flag}}, so this RKE2 node runs {{component}} without it ({{fallback}}); {{requirement}}.',
  rke2FlagValue: 'This RKE2 node runs {{component}} with --{{flag}}={{value}}, set by this entry; {{requirement}}.',
  podFlagMissing: '{{subject}} runs {{component}} without --{{flag}} ({{fallback}}); {{requirement}}.',
  podFlagValue: '{{subject}} runs {{component}} with --{{flag}}={{value}}; {{requirement}}.',
  configFieldMissing: 'This KubeletConfiguration does not set {{field}} ({{fallback}}); {{requirement}}.',
  configFieldValue: 'This KubeletConfiguration sets {{field}}: {{value}}; {{requirement}}.',
};

export type SettingMessageId = keyof typeof SETTING_MESSAGES;

/** The kind of file a setting is read from; each kind is judged by the check text of its STIG. */
export type SettingFileKind = 'rke2' | 'pod' | 'config';

/** What a rule requires of one flag. */
export interface FlagRequirement {
  component: Component;
  flag: string;
  /** the setting fails with this value (as the component reads it: flag text, slice items), in this kind of file */
  fails(value: string, items: string[], kind: SettingFileKind): boolean;
  /** a setting nothing configures (the component's compiled-in default applies) is a finding, per kind of file */
  missingFails: Record<SettingFileKind, boolean>;
  /** why it matters, ending the message: "the STIGs require ..." */
  requirement: string;
  /** the value a fix writes (flag text) */
  fixValue: string | ((kind: SettingFileKind) => string);
  /**
   * The fix may be applied by fix-all: it adds missing hardening that cannot stop the node from
   * starting, lock anyone out or change a value the author wrote. `add`: the fix adds the flag or
   * field; `replace`: it changes a value written in the file.
   */
  preferred: boolean | ((kind: SettingFileKind, change: 'add' | 'replace') => boolean);
  /** how to fix a missing setting in an RKE2 config, when an RKE2 option does it better than a `*-arg` entry */
  rke2Fix?: (doc: Rke2Doc) => FixSpec | undefined;
}

function fixValueOf(req: FlagRequirement, kind: SettingFileKind): string {
  return typeof req.fixValue === 'string' ? req.fixValue : req.fixValue(kind);
}

function preferredOf(req: FlagRequirement, kind: SettingFileKind, change: 'add' | 'replace'): boolean {
  return typeof req.preferred === 'boolean' ? req.preferred : req.preferred(kind, change);
}

function defaultText(component: Component, flag: string): string | undefined {
  return COMPONENT_DEFAULTS[component][flag];
}

/** The parenthesis of a "runs without" message. */
function rke2Fallback(s: Rke2Setting, origin: Rke2Origin): string {
  const d = defaultText(s.component, s.flag);
  if (origin.by === 'rke2') return `RKE2 passes ${s.value ?? 'no value'} itself`;
  return d === undefined ? 'neither RKE2 nor its configuration sets it' : `RKE2 does not set it, so the built-in default ${d} applies`;
}

/** The entry a fix writes into a `*-arg` list, in the style of the entries already there. */
function entryText(flag: string, value: string, siblings: YNode[]): string {
  const dashed = siblings.some((s) => (s.str() ?? '').startsWith('--'));
  return `${dashed ? '--' : ''}${flag}=${value}`;
}

/** Ops that add an entry to this document's `*-arg` list (creating the key when it is missing). */
export function addArgOps(doc: Rke2Doc, component: Component, flag: string, value: string): { ops: FixOp[]; key: string; entry: string } | undefined {
  const key = argsKey(component);
  const plain = doc.keyNode(key);
  const append = doc.keyNode(`${key}+`);
  const target = plain ?? append;
  const written = plain ? key : append ? `${key}+` : key;
  if (!target) {
    const entry = `${flag}=${value}`;
    return { ops: [{ op: 'ensure', node: doc.root, keys: [key], value: [entry] }], key, entry };
  }
  if (target.templated) return undefined;
  if (target.isSeq) {
    const entry = entryText(flag, value, target.items());
    return { ops: [{ op: 'append', node: target, value: entry }], key: written, entry };
  }
  if (target.isNull) {
    const entry = `${flag}=${value}`;
    return { ops: [{ op: 'ensure', node: doc.root, keys: [written], value: [entry] }], key: written, entry };
  }
  const old = target.str();
  if (old === undefined) return undefined;
  const entry = entryText(flag, value, [target]);
  return { ops: [{ op: 'replace', node: target, key: written, value: [old, entry] }], key: written, entry };
}

/** The entry text with another value, keeping its dashes. */
function replacedEntry(ref: Rke2Ref, flag: string, value: string): string {
  const dashes = ref.text.startsWith('--') ? '--' : '';
  return `${dashes}${flag}=${value}`;
}

/**
 * Check one flag in an RKE2 config document. `setting` is what the node runs with (from the
 * merged configuration). Reports at most one finding, in this document when it decides.
 */
export function checkRke2Flag<M extends string>(
  doc: Rke2Doc,
  req: FlagRequirement,
  report: Report<M>,
  setting = doc.node.setting(req.component, req.flag),
): void {
  const id = (m: SettingMessageId) => m as M;
  const { component, flag } = req;
  const origin = setting.origin;
  if (setting.templated) return;
  const configured = origin.by !== 'component';
  if (configured && setting.value !== undefined) {
    if (!req.fails(setting.value, setting.items, 'rke2')) return;
    if (origin.by === 'user') {
      const last = origin.refs[origin.refs.length - 1];
      const node = doc.nodeOf(last);
      if (!node) return;
      const entry = replacedEntry(last, flag, fixValueOf(req, 'rke2'));
      report({
        node,
        at: node.isSeq || node.isMap ? 'pair' : last.item && node.src.key ? 'value' : 'pair',
        messageId: id('rke2FlagValue'),
        data: { component, flag, value: setting.value, requirement: req.requirement },
        fix: node.templated
          ? undefined
          : { title: `Change the ${last.key} entry to ${entry}`, preferred: preferredOf(req, 'rke2', 'replace'), ops: [{ op: 'set', node, value: entry }] },
      });
      return;
    }
  } else if (!req.missingFails.rke2) return;
  // not configured, or RKE2's own value fails: the flag belongs in the node's *-arg list
  const home = doc.node.argsHome(component, flag);
  if (!home || !doc.isHere(home)) return;
  const add = addArgOps(doc, component, flag, fixValueOf(req, 'rke2'));
  const fix: FixSpec | undefined = req.rke2Fix
    ? req.rke2Fix(doc)
    : add && { title: `Add ${add.entry} to ${add.key}`, preferred: preferredOf(req, 'rke2', 'add'), ops: add.ops };
  const fallback = rke2Fallback(setting, origin);
  if (home.dropped) {
    const node = doc.keyNode(home.dropped.ref.key);
    if (!node) return;
    report({
      node,
      at: 'key',
      messageId: id('rke2FlagDropped'),
      data: { key: home.dropped.ref.key, earlier: home.dropped.earlier.replace(/^.*[\\/]/, ''), component, flag, fallback, requirement: req.requirement },
      fix,
    });
    return;
  }
  const existing = doc.keyNode(argsKey(component)) ?? doc.keyNode(`${argsKey(component)}+`);
  const anchor = existing ?? doc.root.entries()[0]?.[1];
  if (!anchor) return;
  report({ node: anchor, at: 'key', messageId: id('rke2FlagMissing'), missing: true, data: { component, flag, fallback, requirement: req.requirement }, fix });
}

/** Check one flag of every container of a pod that runs the component. */
export function checkPodFlag<M extends string>(pod: PodContext<M>, req: FlagRequirement, opts: { configFile?: (run: RunFlags) => boolean } = {}): void {
  const id = (m: SettingMessageId) => m as M;
  for (const c of pod.containers) {
    const run = componentRun(c);
    if (!run || run.component !== req.component) continue;
    const flags = new RunFlags(run);
    const v = flags.get(req.flag);
    if (v) {
      if (!req.fails(v.value, v.items, 'pod')) continue;
      const last = v.uses[v.uses.length - 1];
      const node = last.refs[last.refs.length - 1];
      const twoItems = last.refs.length > 1;
      const text = node.str() ?? '';
      const dashes = /^-+/.exec(text)?.[0] ?? '--';
      const want = fixValueOf(req, 'pod');
      const fixed = twoItems ? want : `${dashes}${req.flag}=${want}`;
      pod.report({
        node,
        container: c,
        messageId: id('podFlagValue'),
        data: { subject: subject(c), component: req.component, flag: req.flag, value: v.value, requirement: req.requirement },
        fix: run.exec
          ? {
              title: `Change the flag to --${req.flag}=${want} ${inWhere(c)}`,
              preferred: preferredOf(req, 'pod', 'replace'),
              ops: [{ op: 'set', node, value: fixed }],
            }
          : undefined,
      });
      continue;
    }
    if (!req.missingFails.pod) continue;
    // a kubelet that reads a configuration file takes the setting from there
    if (opts.configFile?.(flags)) continue;
    const d = defaultText(req.component, req.flag);
    pod.report({
      node: run.anchor,
      container: c,
      messageId: id('podFlagMissing'),
      missing: true,
      data: {
        subject: subject(c),
        component: req.component,
        flag: req.flag,
        fallback: d === undefined ? 'nothing sets it' : `so its built-in default ${d} applies`,
        requirement: req.requirement,
      },
      fix:
        run.exec && run.appendTo
          ? {
              title: `Add --${req.flag}=${fixValueOf(req, 'pod')} to the ${req.component} flags ${inWhere(c)}`,
              preferred: preferredOf(req, 'pod', 'add'),
              ops: [{ op: 'append', node: run.appendTo, value: `--${req.flag}=${fixValueOf(req, 'pod')}` }],
            }
          : undefined,
    });
  }
}

/** The YAML value a KubeletConfiguration field takes for a flag value. */
function fieldYaml(f: KubeletField, value: string): ScalarValue {
  if (f.type === 'bool') return value === 'true';
  if (f.type === 'int') return Number(value);
  return value;
}

/** Check the field of a KubeletConfiguration document that stands for the requirement's flag. */
export function checkKubeletConfigField<M extends string>(root: YNode, kindNode: YNode, req: FlagRequirement, report: Report<M>): void {
  const id = (m: SettingMessageId) => m as M;
  const f = kubeletField(req.flag);
  if (!f) throw new Error(`no KubeletConfiguration field for --${req.flag}`);
  const v = readField(root, f);
  const field = fieldName(f);
  const want = fieldYaml(f, fixValueOf(req, 'config'));
  if (v.kind === 'templated') return;
  if (v.kind === 'value' && !req.fails(v.text, v.items, 'config')) return;
  if (v.kind === 'value' || v.kind === 'invalid') {
    report({
      node: v.node,
      messageId: id('configFieldValue'),
      data: { field, value: shown(v.node), requirement: req.requirement },
      fix: { title: `Set ${field}: ${String(want)}`, preferred: preferredOf(req, 'config', 'replace'), ops: [{ op: 'set', node: v.node, value: want }] },
    });
    return;
  }
  if (!req.missingFails.config) return;
  report({
    node: kindNode,
    messageId: id('configFieldMissing'),
    missing: true,
    data: {
      field,
      fallback: f.fileDefault === undefined ? 'nothing sets it' : `the kubelet then uses ${f.fileDefault}, but the STIG check reads the field`,
      requirement: req.requirement,
    },
    fix: {
      title: `Add ${field}: ${String(want)}`,
      preferred: preferredOf(req, 'config', 'add'),
      ops: [{ op: 'ensure', node: root, keys: f.path, value: want }],
    },
  });
}
