/**
 * Flags that must not be given at all (a static token file, a hostname override, a static pod
 * path), checked wherever a node's configuration writes them. The findings use the wording of
 * component-settings.ts (`podFlagValue`, `rke2FlagValue`, `configFieldValue`); the fixes remove
 * the flag instead of changing its value.
 * - containers that run the component: every use of the flag on the command line (the finding at
 *   the last one, which decides; the fix removes them all: `--flag value` is two items);
 * - RKE2 config files: each `*-arg` entry that gives the flag, in the file that writes it (a
 *   flag RKE2 passes itself is RKE2's business, not the user's);
 * - KubeletConfiguration documents: the field that stands for the flag.
 */
import type { Component } from '../../components/flags';
import { fieldName, kubeletField, readField } from '../../components/kubelet-config';
import { componentRun, RunFlags } from '../../components/static-pods';
import type { YNode } from '../../model';
import type { FixOp, PodContext, Report } from '../../rule';
import type { Rke2Doc } from './rke2-config';
import type { SettingMessageId } from './component-settings';
import { inWhere, shown, subject } from './wording';

/** A flag that must not be given. */
export interface ForbiddenFlag {
  component: Component;
  flag: string;
  /** why it matters, ending the message: "the STIG forbids ..." */
  requirement: string;
  /** the value given is acceptable after all (an empty static pod path turns static pods off) */
  allows?(value: string): boolean;
  /** the removal may be applied by fix-all */
  preferred: boolean;
}

/** Report every container of the pod that runs the component with the flag. */
export function checkPodFlagAbsent<M extends string>(pod: PodContext<M>, req: ForbiddenFlag): void {
  const id = (m: SettingMessageId) => m as M;
  for (const c of pod.containers) {
    const run = componentRun(c);
    if (!run || run.component !== req.component) continue;
    const flags = new RunFlags(run);
    const v = flags.get(req.flag);
    if (!v || req.allows?.(v.value)) continue;
    const uses = flags.parsed.flags.filter((u) => u.name === req.flag);
    const last = uses[uses.length - 1];
    const ops: FixOp[] = uses.flatMap((u) => u.refs.map((node): FixOp => ({ op: 'remove', node })));
    pod.report({
      node: last.refs[0],
      container: c,
      messageId: id('podFlagValue'),
      data: { subject: subject(c), component: req.component, flag: req.flag, value: v.value, requirement: req.requirement },
      fix: run.exec ? { title: `Remove --${req.flag} ${inWhere(c)}`, preferred: req.preferred, ops } : undefined,
    });
  }
}

/** Report each `*-arg` entry of this RKE2 config document that gives the flag. */
export function checkRke2FlagAbsent<M extends string>(doc: Rke2Doc, req: ForbiddenFlag, report: Report<M>): void {
  const id = (m: SettingMessageId) => m as M;
  for (const e of doc.node.entries(req.component).entries) {
    if (e.name !== req.flag || !doc.isHere(e.ref) || req.allows?.(e.value)) continue;
    const node = doc.nodeOf(e.ref);
    if (!node) continue;
    report({
      node,
      at: node.src.key ? 'value' : 'pair',
      messageId: id('rke2FlagValue'),
      data: { component: req.component, flag: req.flag, value: e.value, requirement: req.requirement },
      fix: node.templated ? undefined : { title: `Remove the ${e.ref.key} entry ${e.ref.text}`, preferred: req.preferred, ops: [{ op: 'remove', node }] },
    });
  }
}

/** Report the KubeletConfiguration field that stands for the flag, when it is set. */
export function checkKubeletConfigFieldAbsent<M extends string>(root: YNode, req: ForbiddenFlag, report: Report<M>): void {
  const id = (m: SettingMessageId) => m as M;
  const f = kubeletField(req.flag);
  if (!f) throw new Error(`no KubeletConfiguration field for --${req.flag}`);
  const v = readField(root, f);
  if (v.kind === 'unset' || v.kind === 'templated') return;
  if (v.kind === 'value' && req.allows?.(v.text)) return;
  const field = fieldName(f);
  report({
    node: v.node,
    messageId: id('configFieldValue'),
    data: { field, value: shown(v.node), requirement: req.requirement },
    fix: { title: `Remove ${field}`, preferred: req.preferred, ops: [{ op: 'remove', node: v.node }] },
  });
}
