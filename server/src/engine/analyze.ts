/**
 * Analysis of one chunk (normally one YAML document, see chunks.ts): parse -> syntax problems ->
 * find objects and pod specs -> run rules -> findings with fixes -> suppressions. It is a pure
 * function of the chunk's text and the rule set (the rules to run, their options, the
 * policy version, the file path), and its positions are relative to the chunk: the chunk
 * pipeline (pipeline.ts) places them in the file, so an editor re-analyses only the chunks an
 * edit touched.
 */
import type { Document } from 'yaml';
import { ClusterContext, type ClusterView, type PatchListing } from './cluster/context';
import { factsOfDocument, isKustomizationFile } from './cluster/facts';
import { emptyFacts, hasFacts, type FileFacts, type Rke2Recognition } from './cluster/types';
import { isHelmTemplatePath, looksLikeManifest, rke2DocumentKind } from './file-kind';
import { opDocument } from './json6902';
import { INLINE_PATCH_NOTE, patchObjectNote, patchOperationsNote } from './kustomize';
import { makeFinding, relatedAt } from './finding';
import { buildFix } from './fix/build';
import { DocModel, type YNode } from './model';
import { PodContexts } from './pod-context';
import { PodJudge, profileFindingPolicy, type Evaluation, type Judgement } from './policy';
import { ALL_RULES } from './rules';
import { optionsOf, type ActiveRule, type RuleSet } from './profiles';
import { messageText, type DocumentContext, type ReportSpec, type Rule } from './rule';
import { RULE_ID as RKE2_CONFIG_RECOGNIZED } from './rules/rke2-config-recognized';
import { RULE_ID as SUPPRESSION_REASON } from './rules/suppression-reason';
import { RULE_ID as TEMPLATE_UNCHECKED } from './rules/template-unchecked';
import { RULE_ID as UNUSED_SUPPRESSION } from './rules/unused-suppression';
import { RULE_ID as YAML_SYNTAX } from './rules/yaml-syntax';
import type { ChunkSource } from './source';
import { applySuppressions } from './suppress';
import { controlCharacter, documentSyntax, parseChunk, type SyntaxProblem } from './syntax';
import { LINE_BREAK } from './text';
import type { AnalysisNote, Finding, FindingPolicy, Severity } from './types';
import { K8sObject, objectsOf } from './workloads';

export { YAML_SYNTAX };
/** Checks about podsec's own input: a partial object made from a JSON 6902 operation keeps none of them. */
const OWN_CHECKS = new Set([YAML_SYNTAX, TEMPLATE_UNCHECKED, RKE2_CONFIG_RECOGNIZED, UNUSED_SUPPRESSION, SUPPRESSION_REASON]);
const SEVERITY_RANK: Record<Severity, number> = { info: 0, warning: 1, error: 2 };

export interface RuleError {
  ruleId: string;
  message: string;
  stack?: string;
}

export interface ChunkAnalysis {
  /** findings with offsets and lines relative to the chunk, documents relative to the chunk */
  findings: Finding[];
  /** number of YAML documents in the chunk */
  documents: number;
  /** rules that threw; their findings for the document are dropped, the others stand */
  ruleErrors: RuleError[];
  /** the chunk looks like Kubernetes objects (see looksLikeManifest), even if it does not parse */
  manifest: boolean;
  /** dependency keys of the cluster context the analysis read (see cluster/context.ts) */
  reads: string[];
  /** what the chunk tells about the cluster, positions relative to the chunk; absent when nothing */
  facts?: FileFacts;
  /** why pods are judged as they are, where it needs saying (exempt, not judged, …); absent when none */
  notes?: AnalysisNote[];
  /**
   * Findings no suppression covers, and how many of those are YAML syntax findings: what a front
   * end shows, counted once, so that counting a large file's problems does not walk its findings.
   */
  unsuppressed: { all: number; syntax: number };
}

/** The `unsuppressed` counts of a chunk's findings. */
export function unsuppressedOf(findings: readonly Finding[]): { all: number; syntax: number } {
  let all = 0;
  let syntax = 0;
  for (const f of findings) {
    if (f.suppressed) continue;
    all++;
    if (f.ruleId === YAML_SYNTAX) syntax++;
  }
  return { all, syntax };
}

/** A context of no other files: pods are judged by the profile, as a file alone. */
const NO_CLUSTER = new ClusterContext([]);

/**
 * Analyse one chunk of text (normally one YAML document). `cluster` is what the files analysed
 * together say about the cluster (without one, the chunk is judged as a file alone).
 */
export function analyzeChunk(text: string, cfg: RuleSet, cluster: ClusterContext = NO_CLUSTER): ChunkAnalysis {
  const { source, docs } = parseChunk(text, isHelmTemplatePath(cfg.filePath) || undefined);
  const reads = new Set<string>();
  const run = new ChunkRun(source, cfg, cluster.view(reads, cfg.cluster));
  docs.forEach((doc, i) => run.document(doc, i));
  const bad = controlCharacter(text, docs);
  if (bad) run.syntax(bad.problem, bad.doc);
  run.findings.sort((a, b) => a.offset[0] - b.offset[0] || a.offset[1] - b.offset[1]);
  const out: ChunkAnalysis = {
    findings: run.findings,
    documents: docs.length,
    ruleErrors: run.ruleErrors,
    manifest: looksLikeManifest(text),
    reads: [...reads],
    unsuppressed: unsuppressedOf(run.findings),
  };
  if (hasFacts(run.facts)) out.facts = run.facts;
  if (run.notes.length) out.notes = run.notes;
  return out;
}

/** A rule of the loop: its severity when the profile runs it (undefined: only a cluster policy runs it). */
interface LoopRule {
  rule: Rule;
  active: ActiveRule | undefined;
}

/**
 * The rules a chunk's analysis visits: the profile's (`run`), and with them the Pod Security
 * rules a cluster policy may run although the profile does not (`all`: every PSS rule the
 * configuration does not turn off).
 */
const loopRules = new WeakMap<RuleSet, { run: LoopRule[]; all: LoopRule[] }>();

function rulesOf(cfg: RuleSet): { run: LoopRule[]; all: LoopRule[] } {
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
  return r;
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

/** How a report is judged: by the profile, or by one evaluation of a cluster policy (held until the document is done). */
type ReportMode = { kind: 'profile' } | { kind: 'evaluation'; evaluation: Evaluation; at: number; held: Held[] };

const BY_PROFILE: ReportMode = { kind: 'profile' };

/** State of one chunk's analysis: its findings so far and the rules that failed. */
class ChunkRun {
  readonly findings: Finding[] = [];
  readonly ruleErrors: RuleError[] = [];
  readonly facts: FileFacts;
  readonly notes: AnalysisNote[] = [];
  private seenContent = false;
  private readonly judge: PodJudge;
  /** the kustomizations that list the file as a patch (empty: it holds whole objects) */
  private readonly patch: PatchListing[];

  constructor(
    readonly source: ChunkSource,
    readonly cfg: RuleSet,
    readonly cluster: ClusterView,
  ) {
    this.facts = emptyFacts(cfg.filePath ?? '');
    this.patch = cluster.patchOf(cfg.filePath);
    this.judge = new PodJudge(cfg, cluster);
  }

  private note(node: YNode, doc: number, message: string): void {
    const [start, end] = node.span();
    this.notes.push({ range: this.source.lines.range(start, end), offset: [start, end], document: doc, message, topic: 'kustomize' });
  }

  /** Notes of a patch file's document (what is judged of it), and of a kustomization's inline patches. */
  private kustomizeNotes(root: YNode | undefined, objects: K8sObject[], doc: number, kustomization: boolean): void {
    if (this.patch.length && root) {
      const file = this.cfg.filePath ?? '';
      if (objects.length) for (const obj of objects) this.note(obj.root, doc, patchObjectNote(this.patch, file));
      else if (root.isSeq) this.note(root, doc, patchOperationsNote(this.patch, file));
    }
    if (kustomization) {
      for (const p of this.facts.kustomization?.inline ?? []) {
        const [start, end] = p.loc.offset;
        this.notes.push({ range: p.loc.range, offset: [start, end], document: doc, message: INLINE_PATCH_NOTE, topic: 'kustomize' });
      }
    }
  }

  /** Facts of a document for the cluster context (what other files' findings depend on). */
  private collectFacts(model: DocModel, objects: K8sObject[], rke2: Rke2Recognition | undefined): void {
    const lines = this.source.lines;
    const locate = (s: number, e: number) => ({ offset: [s, e] as [number, number], range: lines.range(s, e) });
    factsOfDocument(model, objects, locate, this.facts, { rke2, kustomization: isKustomizationFile(this.cfg.filePath), firstDocument: !this.seenContent });
    this.seenContent = true;
  }

  document(doc: Document.Parsed, index: number): void {
    const syntax = documentSyntax(doc, this.source);
    for (const p of syntax.problems) this.syntax(p, index);
    if (!syntax.checkable || !doc.contents) return;
    const { text, mask } = this.source;
    const model = new DocModel(doc, text, mask);
    const start = this.findings.length;
    const objects = objectsOf(model);
    const { version, filePath, profile } = this.cfg;
    const cluster = this.cluster;
    const comments = leadingComments(text, doc, index);
    const root = model.root();
    const rke2 = rke2DocumentKind(filePath, comments, !objects.length && root?.isMap ? root.entries().map(([k]) => k) : undefined);
    const hadKustomization = !!this.facts.kustomization;
    this.collectFacts(model, objects, rke2 && { role: rke2.role, why: rke2.why });
    this.kustomizeNotes(root, objects, index, !hadKustomization && !!this.facts.kustomization);
    if (rke2?.byContent && root) this.recognized(root, rke2.why, index);
    const docCtx: Omit<DocumentContext, 'report' | 'options'> = {
      version,
      filePath,
      profile,
      cluster,
      model,
      root,
      objects,
      leadingComments: comments,
    };
    const pods = new PodContexts(this.source, version, filePath, cluster);
    const judgements = this.judgeObjects(objects, pods, index);
    const held = new Map<K8sObject, Held[]>();
    const loop = judgements.modes ? rulesOf(this.cfg).all : rulesOf(this.cfg).run;
    for (const { rule, active } of loop) {
      const before = this.findings.length;
      try {
        const options = optionsOf(rule, this.cfg);
        if (active) {
          const report = (spec: ReportSpec) => this.report(rule, spec, null, index, syntax.fixable, BY_PROFILE);
          if (rule.checkDocument) rule.checkDocument({ ...docCtx, options, report });
        }
        if (rule.checkObject || rule.checkPod) {
          for (const obj of objects) {
            const objReport = (spec: ReportSpec) => this.report(rule, spec, obj, index, syntax.fixable, BY_PROFILE);
            const judged = rule.meta.pss ? judgements.of.get(obj) : undefined;
            if (judged && judged.kind !== 'profile') {
              if (judged.kind === 'modes' && rule.checkPod) this.evaluate(rule, obj, judged, pods, options, index, syntax.fixable, held);
              continue;
            }
            if (!active) continue;
            const pod = pods.of(obj, options, objReport);
            if (rule.checkObject) rule.checkObject({ version, filePath, profile, cluster, options, report: objReport, object: obj, pod });
            if (rule.checkPod && pod) rule.checkPod(pod);
          }
        }
      } catch (e) {
        this.findings.length = before;
        for (const list of held.values()) for (let i = list.length - 1; i >= 0; i--) if (list[i].ruleId === rule.meta.id) list.splice(i, 1);
        const err = e as Error;
        this.ruleErrors.push({ ruleId: rule.meta.id, message: err?.message ?? String(e), stack: err?.stack });
      }
    }
    for (const list of held.values()) this.release(list);
    if (this.patch.length && !objects.length && root?.isSeq) this.operations(root, index);
    const docStart = index === 0 ? 0 : (doc.range?.[0] ?? 0);
    applySuppressions({
      findings: this.findings,
      from: start,
      text,
      lines: this.source.lines,
      objects,
      doc: index,
      cfg: this.cfg,
      docStart,
      docEnd: doc.range?.[2] ?? text.length,
      contentStart: doc.contents.range?.[0] ?? 0,
    });
  }

  /**
   * The operations of a JSON 6902 patch: the value each `add` or `replace` sets is judged as a
   * partial object that sets it (json6902.ts), and its findings are placed on the value in this
   * file, without fixes. Findings the partial object draws elsewhere have no place here.
   */
  private operations(root: YNode, doc: number): void {
    const lines = this.source.lines;
    for (const op of root.items()) {
      if (!op.isMap) continue;
      const kind = op.get('op')?.str();
      const path = op.get('path')?.str();
      const value = op.get('value');
      if ((kind !== 'add' && kind !== 'replace') || path === undefined || !value || value.templated) continue;
      const partial = opDocument(lines, path, value);
      if (!partial) continue;
      const { source, docs } = parseChunk(partial.text);
      if (docs.length !== 1 || docs[0].errors.length) continue;
      const run = new ChunkRun(source, this.cfg, this.cluster);
      run.document(docs[0], 0);
      this.ruleErrors.push(...run.ruleErrors);
      const place = (start: number, end: number): [number, number] | undefined => {
        const s = partial.toFile(source.lines.position(start), 'start');
        const e = partial.toFile(source.lines.position(end), 'end');
        return s && e ? [lines.offset(s), lines.offset(e)] : undefined;
      };
      for (const f of run.findings) {
        if (OWN_CHECKS.has(f.ruleId)) continue;
        const at = place(f.offset[0], f.offset[1]);
        if (!at) continue;
        const related = f.related.flatMap((r) => {
          if (r.file !== undefined) return [r];
          const rel = place(r.offset[0], r.offset[1]);
          return rel ? [{ ...r, offset: rel, range: lines.range(rel[0], rel[1]) }] : [];
        });
        const placed: Finding = { ...f, offset: at, range: lines.range(at[0], at[1]), related, document: doc };
        delete placed.fix;
        delete placed.suppressed;
        this.findings.push(placed);
      }
    }
  }

  /** A file read as an RKE2 config by its keys says so, on its first key (`rke2-config-recognized`). */
  private recognized(root: YNode, why: string, doc: number): void {
    const active = this.cfg.enabled.get(RKE2_CONFIG_RECOGNIZED);
    const first = root.entries()[0]?.[1];
    if (!active || !first) return;
    const [start, end] = first.keySpan();
    this.findings.push(
      makeFinding(this.source.lines, {
        ruleId: RKE2_CONFIG_RECOGNIZED,
        severity: active.severity,
        message: `podsec reads this file as an RKE2 config because ${why}, so the RKE2 rules check it. Add the comment "# podsec: rke2-config" to say it is one, or exclude the file in .podsec.yaml if it is not.`,
        start,
        end,
        document: doc,
        standards: active.rule.meta.standards,
      }),
    );
  }

  /** A `yaml-syntax` finding (or `template-unchecked`, for a template podsec cannot read). */
  syntax(p: SyntaxProblem, doc: number): void {
    const ruleId = p.rule === 'template' ? TEMPLATE_UNCHECKED : YAML_SYNTAX;
    const active = this.cfg.enabled.get(ruleId);
    if (!active) return;
    this.findings.push(
      makeFinding(this.source.lines, {
        ruleId,
        severity: active.severity,
        message: p.message,
        start: p.start,
        end: p.end,
        document: doc,
        standards: active.rule.meta.standards,
      }),
    );
  }

  /**
   * How each object's pod is judged (objects without a pod spec have none), and whether any is
   * judged by a cluster policy's modes. Notes say why where it needs saying.
   */
  private judgeObjects(objects: K8sObject[], pods: PodContexts, doc: number): { of: Map<K8sObject, Judgement>; modes: boolean } {
    const of = new Map<K8sObject, Judgement>();
    let modes = false;
    for (const obj of objects) {
      const loc = pods.location(obj);
      if (!loc) continue;
      const j = this.judge.judge(obj, loc);
      of.set(obj, j);
      if (j.kind === 'modes') modes = true;
      if (j.note) {
        const [start, end] = obj.root.span();
        this.notes.push({ range: this.source.lines.range(start, end), offset: [start, end], document: doc, message: j.note });
      }
    }
    return { of, modes };
  }

  /** Run a Pod Security rule on an object's pod at every evaluation of its cluster policy that includes the rule. */
  private evaluate(
    rule: Rule,
    obj: K8sObject,
    judged: Judgement & { kind: 'modes' },
    pods: PodContexts,
    options: Record<string, unknown>,
    doc: number,
    fixable: boolean,
    held: Map<K8sObject, Held[]>,
  ): void {
    let list = held.get(obj);
    judged.evaluations.forEach((evaluation, at) => {
      if (!evaluation.rules.has(rule)) return;
      if (!list) held.set(obj, (list = []));
      const mode: ReportMode = { kind: 'evaluation', evaluation, at, held: list };
      const pod = pods.of(obj, options, (spec: ReportSpec) => this.report(rule, spec, obj, doc, fixable, mode), evaluation.version);
      if (pod) rule.checkPod!(pod);
    });
  }

  /**
   * The held findings of one object, each violation once: at the most severe evaluation that
   * found it (same rule family, `pss.overrides` or the rule itself, and the same place).
   */
  private release(list: Held[]): void {
    if (!list.length) return;
    const seen = new Map<string, number>();
    for (const h of list) {
      const first = seen.get(h.key);
      if (first === undefined || h.at < first) seen.set(h.key, h.at);
    }
    for (const h of list) if (seen.get(h.key) === h.at) this.findings.push(h.finding);
  }

  private report(rule: Rule, spec: ReportSpec, obj: K8sObject | null, doc: number, fixable: boolean, mode: ReportMode): void {
    const meta = rule.meta;
    let severity: Severity;
    if (mode.kind === 'evaluation') {
      const explicit = this.cfg.explicit[meta.id];
      if (explicit === 'off') return;
      severity = explicit ?? mode.evaluation.severity;
    } else {
      const active = this.cfg.enabled.get(meta.id);
      if (!active) return;
      severity = active.severity;
      const replaced = spec.breaksBaseline && meta.pss?.overrides ? this.cfg.enabled.get(meta.pss.overrides) : undefined;
      if (replaced && SEVERITY_RANK[replaced.severity] > SEVERITY_RANK[severity]) severity = replaced.severity;
    }
    // a setting a Kustomize patch leaves out keeps the patched object's value
    if (spec.missing && this.patch.length) return;
    // A value produced by a template action (`privileged: {{ .Values.x }}`) is unknown, neither
    // good nor bad: no finding on it. Findings on a key (a missing setting, a volume type) stand.
    if (this.source.mask && spec.at !== 'key' && spec.node.templated) return;
    const node = spec.node;
    const [start, end] = spec.at === 'key' ? node.keySpan() : spec.at === 'value' ? node.valueSpan() : node.span();
    const lines = this.source.lines;
    const related = (spec.related ?? []).map((r) => {
      const [rs, re] = r.node.span();
      return relatedAt(lines, messageText(meta, r), rs, re, r.node.path);
    });
    let policy: FindingPolicy | undefined;
    if (meta.pss) {
      if (mode.kind === 'evaluation') {
        policy = mode.evaluation.policy;
        if (mode.evaluation.related) related.push(mode.evaluation.related);
      } else policy = profileFindingPolicy(this.cfg, spec.breaksBaseline && meta.pss.overrides ? 'baseline' : meta.pss.level);
    }
    const finding = makeFinding(lines, {
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
      fix: spec.fix && fixable ? buildFix(spec.fix, this.source) : undefined,
    });
    if (mode.kind === 'evaluation')
      mode.held.push({ at: mode.at, key: `${meta.pss?.overrides ?? meta.id}\u0000${start}\u0000${end}`, ruleId: meta.id, finding });
    else this.findings.push(finding);
  }
}

/**
 * Comment lines at the top of a document (before its content). The parser leaves comments that
 * precede the first document without a `---` out of the document's range, so the first document
 * of a chunk starts at the chunk's start.
 */
function leadingComments(text: string, doc: Document.Parsed, index: number): string[] {
  const end = doc.contents?.range?.[0] ?? text.length;
  const start = index === 0 ? 0 : (doc.range?.[0] ?? 0);
  const out: string[] = [];
  for (const line of text.slice(Math.min(start, end), end).split(LINE_BREAK)) {
    const t = line.trim();
    if (t.startsWith('#')) out.push(t);
  }
  return out;
}
