/**
 * A rule's report made a finding: the severity (the profile's, or the evaluation's of a cluster
 * policy), what is not reported (a rule turned off, a setting a Kustomize patch leaves out, a value
 * a template writes), the place, the related locations, the policy and the fix. Also the findings
 * of the core checks the engine reports itself (`yaml-syntax`, `template-unchecked`, ...).
 */
import type { PatchListing } from './cluster/context';
import { makeFinding, relatedAt } from './finding';
import { buildFix } from './fix/build';
import { profileFindingPolicy, type Evaluation } from './policy';
import type { RuleSet } from './profiles';
import { messageText, type ReportSpec, type Rule } from './rule';
import { RULE_ID as TEMPLATE_UNCHECKED } from './rules/template-unchecked';
import { RULE_ID as YAML_SYNTAX } from './rules/yaml-syntax';
import type { ChunkSource } from './source';
import type { SyntaxProblem } from './syntax';
import type { Finding, FindingPolicy, Severity } from './types';
import type { K8sObject } from './workloads';

const SEVERITY_RANK: Record<Severity, number> = { info: 0, warning: 1, error: 2 };

/** What a chunk's analysis gives every report: the rules' settings, the chunk, and the kustomizations listing its file as a patch. */
export interface ReportScope {
  readonly cfg: RuleSet;
  readonly source: ChunkSource;
  readonly patch: readonly PatchListing[];
}

/**
 * The finding a rule's report makes, or undefined when none is reported. `evaluation`: the
 * evaluation of a cluster policy the pod is judged at (undefined: the profile judges).
 * `fixable`: the document may be edited (no fix otherwise).
 */
export function findingOf(
  scope: ReportScope,
  rule: Rule,
  spec: ReportSpec,
  obj: K8sObject | null,
  doc: number,
  fixable: boolean,
  evaluation: Evaluation | undefined,
): Finding | undefined {
  const { cfg, source } = scope;
  const meta = rule.meta;
  let severity: Severity;
  if (evaluation) {
    const explicit = cfg.explicit[meta.id];
    if (explicit === 'off') return undefined;
    severity = explicit ?? evaluation.severity;
  } else {
    const active = cfg.enabled.get(meta.id);
    if (!active) return undefined;
    severity = active.severity;
    const replaced = spec.breaksBaseline && meta.pss?.overrides ? cfg.enabled.get(meta.pss.overrides) : undefined;
    if (replaced && SEVERITY_RANK[replaced.severity] > SEVERITY_RANK[severity]) severity = replaced.severity;
  }
  // a setting a Kustomize patch leaves out keeps the patched object's value
  if (spec.missing && scope.patch.length) return undefined;
  // A value produced by a template action (`privileged: {{ .Values.x }}`) is unknown, neither
  // good nor bad: no finding on it. Findings on a key (a missing setting, a volume type) stand.
  if (source.mask && spec.at !== 'key' && spec.node.templated) return undefined;
  const node = spec.node;
  const [start, end] = spec.at === 'key' ? node.keySpan() : spec.at === 'value' ? node.valueSpan() : node.span();
  const lines = source.lines;
  const related = (spec.related ?? []).map((r) => {
    const [rs, re] = r.node.span();
    return relatedAt(lines, messageText(meta, r), rs, re, r.node.path);
  });
  let policy: FindingPolicy | undefined;
  if (meta.pss) {
    if (evaluation) {
      policy = evaluation.policy;
      if (evaluation.related) related.push(evaluation.related);
    } else policy = profileFindingPolicy(cfg, spec.breaksBaseline && meta.pss.overrides ? 'baseline' : meta.pss.level);
  }
  return makeFinding(lines, {
    ruleId: meta.id,
    severity,
    message: messageText(meta, spec),
    start,
    end,
    document: doc,
    resource: obj ? obj.resource : null,
    container: spec.container ? spec.container.name : null,
    containerKind: spec.container ? spec.container.kind : null,
    path: node.path,
    fromPodLevel: !!spec.fromPodLevel,
    related,
    pss: meta.pss ? { level: meta.pss.level, check: meta.pss.check, control: meta.pss.control } : null,
    policy,
    standards: meta.standards,
    fix: spec.fix && fixable ? buildFix(spec.fix, source) : undefined,
  });
}

/** A finding of a core check (the engine words it), or undefined when the rule set turns the check off. */
export function coreFinding(
  scope: Pick<ReportScope, 'cfg' | 'source'>,
  ruleId: string,
  message: string,
  start: number,
  end: number,
  doc: number,
): Finding | undefined {
  const active = scope.cfg.enabled.get(ruleId);
  if (!active) return undefined;
  return makeFinding(scope.source.lines, { ruleId, severity: active.severity, message, start, end, document: doc, standards: active.rule.meta.standards });
}

/** A `yaml-syntax` finding (or `template-unchecked`, for a template podsec cannot read). */
export function syntaxFinding(scope: Pick<ReportScope, 'cfg' | 'source'>, p: SyntaxProblem, doc: number): Finding | undefined {
  return coreFinding(scope, p.rule === 'template' ? TEMPLATE_UNCHECKED : YAML_SYNTAX, p.message, p.start, p.end, doc);
}
