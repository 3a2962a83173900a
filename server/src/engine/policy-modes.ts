/**
 * Pods a cluster policy judges in its modes (policy.ts), as a document's rule loop meets them:
 * which rules the loop visits, how each object's pod is judged, the Pod Security rules run at
 * every evaluation of the policy, and their findings held until every rule has run on the
 * document, then each violation released once, at the most severe evaluation that found it.
 */
import type { PodContexts } from './pod-context';
import type { Judgement, PodJudge } from './policy';
import type { ActiveRule, RuleSet } from './profiles';
import { findingOf, type ReportScope } from './report';
import type { Rule } from './rule';
import { ALL_RULES } from './rules';
import type { LineIndex } from './text';
import type { AnalysisNote, Finding } from './types';
import type { K8sObject } from './workloads';

/** A rule of the loop: its severity when the profile runs it (undefined: only a cluster policy runs it). */
export interface LoopRule {
  rule: Rule;
  active: ActiveRule | undefined;
}

/**
 * The rules a chunk's analysis visits: the profile's (`run`), and with them the Pod Security
 * rules a cluster policy may run although the profile does not (`all`: every PSS rule the
 * configuration does not turn off).
 */
const loopRules = new WeakMap<RuleSet, { run: LoopRule[]; all: LoopRule[] }>();

/** The rules a document's loop visits: the profile's, and every Pod Security rule too when a cluster policy judges a pod in modes. */
export function rulesToVisit(cfg: RuleSet, modes: boolean): LoopRule[] {
  let r = loopRules.get(cfg);
  if (!r) {
    const active = new Map(cfg.run.map((a) => [a.rule, a]));
    const run = cfg.run.map((a) => ({ rule: a.rule, active: a }));
    // the extra rules report only on cluster-judged pods, whose findings are placed after the loop: their order does not matter
    const extra = ALL_RULES.filter((rule) => !active.has(rule) && rule.meta.pss && cfg.explicit[rule.meta.id] !== 'off');
    const all = [...run, ...extra.map((rule) => ({ rule, active: undefined }))];
    r = { run, all };
    loopRules.set(cfg, r);
  }
  return modes ? r.all : r.run;
}

/**
 * How each object's pod is judged (objects without a pod spec have none), and whether any is
 * judged by a cluster policy's modes. Notes say why where it needs saying.
 */
export function judgeObjects(
  judge: PodJudge,
  objects: K8sObject[],
  pods: PodContexts,
  lines: LineIndex,
  doc: number,
  notes: AnalysisNote[],
): { of: Map<K8sObject, Judgement>; modes: boolean } {
  const of = new Map<K8sObject, Judgement>();
  let modes = false;
  for (const obj of objects) {
    const loc = pods.location(obj);
    if (!loc) continue;
    const j = judge.judge(obj, loc);
    of.set(obj, j);
    if (j.kind === 'modes') modes = true;
    if (j.note) {
      const [start, end] = obj.root.span();
      notes.push({ range: lines.range(start, end), offset: [start, end], document: doc, message: j.note });
    }
  }
  return { of, modes };
}

/** A finding of a cluster-judged pod, kept until every rule has run on the document. */
interface Held {
  /** index of the evaluation (most severe first) */
  at: number;
  /** rule family and place: the same violation found at several evaluations is reported once */
  key: string;
  ruleId: string;
  finding: Finding;
}

/** The findings of a document's cluster-judged pods, per object, until every rule has run on the document. */
export class HeldFindings {
  private readonly byObject = new Map<K8sObject, Held[]>();

  constructor(
    private readonly scope: ReportScope,
    private readonly doc: number,
    private readonly fixable: boolean,
  ) {}

  /** Run a Pod Security rule on an object's pod at every evaluation of its cluster policy that includes the rule. */
  evaluate(rule: Rule, obj: K8sObject, judged: Judgement & { kind: 'modes' }, pods: PodContexts, options: Record<string, unknown>): void {
    let list = this.byObject.get(obj);
    judged.evaluations.forEach((evaluation, at) => {
      if (!evaluation.rules.has(rule)) return;
      if (!list) this.byObject.set(obj, (list = []));
      const held = list;
      const pod = pods.of(
        obj,
        options,
        (spec) => {
          const finding = findingOf(this.scope, rule, spec, obj, this.doc, this.fixable, evaluation);
          if (!finding) return;
          const key = `${rule.meta.pss?.overrides ?? rule.meta.id}\u0000${finding.offset[0]}\u0000${finding.offset[1]}`;
          held.push({ at, key, ruleId: rule.meta.id, finding });
        },
        evaluation.version,
      );
      if (pod) rule.checkPod!(pod);
    });
  }

  /** Forget what a rule reported (it threw: its findings for the document are dropped). */
  drop(ruleId: string): void {
    for (const list of this.byObject.values()) for (let i = list.length - 1; i >= 0; i--) if (list[i].ruleId === ruleId) list.splice(i, 1);
  }

  /**
   * Each object's held findings, each violation once: at the most severe evaluation that found
   * it (same rule family, `pss.overrides` or the rule itself, and the same place).
   */
  release(into: Finding[]): void {
    for (const list of this.byObject.values()) {
      if (!list.length) continue;
      const seen = new Map<string, number>();
      for (const h of list) {
        const first = seen.get(h.key);
        if (first === undefined || h.at < first) seen.set(h.key, h.at);
      }
      for (const h of list) if (seen.get(h.key) === h.at) into.push(h.finding);
    }
  }
}
