/**
 * Analysis of one chunk (normally one YAML document, see chunks.ts): parse -> syntax problems ->
 * find objects and pod specs -> run rules -> findings with fixes -> suppressions. It is a pure
 * function of the chunk's text and the rule set (the rules to run, their options, the
 * policy version, the file path), and its positions are relative to the chunk: the chunk
 * pipeline (pipeline.ts) places them in the file, so an editor re-analyses only the chunks an
 * edit touched.
 */
import type { Document } from 'yaml';
import { ClusterContext, type ClusterView } from './cluster/context';
import { factsOfDocument, isKustomizationFile } from './cluster/facts';
import { emptyFacts, hasFacts, type FileFacts, type Rke2Recognition } from './cluster/types';
import { hasRke2Marker, looksLikeManifest, rke2ConfigKind } from './file-kind';
import { makeFinding, relatedAt } from './finding';
import { buildFix } from './fix/build';
import { DocModel } from './model';
import { PodContexts } from './pod-context';
import { optionsOf, type RuleSet } from './profiles';
import { messageText, type DocumentContext, type ReportSpec, type Rule } from './rule';
import { RULE_ID as YAML_SYNTAX } from './rules/yaml-syntax';
import type { ChunkSource } from './source';
import { applySuppressions } from './suppress';
import { controlCharacter, documentSyntax, parseChunk, type SyntaxProblem } from './syntax';
import { LINE_BREAK } from './text';
import type { Finding, Severity } from './types';
import { K8sObject, objectsOf } from './workloads';

export { YAML_SYNTAX };
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
}

/** A context of no other files: pods are judged by the profile, as a file alone. */
const NO_CLUSTER = new ClusterContext([]);

/**
 * Analyse one chunk of text (normally one YAML document). `cluster` is what the files analysed
 * together say about the cluster (without one, the chunk is judged as a file alone).
 */
export function analyzeChunk(text: string, cfg: RuleSet, cluster: ClusterContext = NO_CLUSTER): ChunkAnalysis {
  const { source, docs } = parseChunk(text);
  const reads = new Set<string>();
  const run = new ChunkRun(source, cfg, cluster.view(reads));
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
  };
  if (hasFacts(run.facts)) out.facts = run.facts;
  return out;
}

/** State of one chunk's analysis: its findings so far and the rules that failed. */
class ChunkRun {
  readonly findings: Finding[] = [];
  readonly ruleErrors: RuleError[] = [];
  readonly facts: FileFacts;
  private readonly rke2: Rke2Recognition | undefined;
  private seenContent = false;

  constructor(
    readonly source: ChunkSource,
    readonly cfg: RuleSet,
    readonly cluster: ClusterView,
  ) {
    this.facts = emptyFacts(cfg.filePath ?? '');
    const kind = rke2ConfigKind(cfg.filePath);
    this.rke2 = kind ? { role: kind, why: `its path (${kind === 'main' ? 'rancher/rke2/config.yaml' : 'rancher/rke2/config.yaml.d/'})` } : undefined;
  }

  /** Facts of a document for the cluster context (what other files' findings depend on). */
  private collectFacts(model: DocModel, objects: K8sObject[], comments: string[]): void {
    const lines = this.source.lines;
    const locate = (s: number, e: number) => ({ offset: [s, e] as [number, number], range: lines.range(s, e) });
    const rke2 = this.rke2 ?? (hasRke2Marker(comments) ? { role: 'standalone' as const, why: 'the comment "# podsec: rke2-config"' } : undefined);
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
    const { version, filePath } = this.cfg;
    const cluster = this.cluster;
    const comments = leadingComments(text, doc, index);
    this.collectFacts(model, objects, comments);
    const docCtx: Omit<DocumentContext, 'report' | 'options'> = {
      version,
      filePath,
      cluster,
      model,
      root: model.root(),
      objects,
      leadingComments: comments,
    };
    const pods = new PodContexts(this.source, version, filePath, cluster);
    for (const active of this.cfg.run) {
      const rule = active.rule;
      const before = this.findings.length;
      try {
        const report = (spec: ReportSpec) => this.report(rule, spec, null, index, syntax.fixable);
        const options = optionsOf(rule, this.cfg);
        if (rule.checkDocument) rule.checkDocument({ ...docCtx, options, report });
        if (rule.checkObject || rule.checkPod) {
          for (const obj of objects) {
            const objReport = (spec: ReportSpec) => this.report(rule, spec, obj, index, syntax.fixable);
            const pod = pods.of(obj, options, objReport);
            if (rule.checkObject) rule.checkObject({ version, filePath, cluster, options, report: objReport, object: obj, pod });
            if (rule.checkPod && pod) rule.checkPod(pod);
          }
        }
      } catch (e) {
        this.findings.length = before;
        const err = e as Error;
        this.ruleErrors.push({ ruleId: rule.meta.id, message: err?.message ?? String(e), stack: err?.stack });
      }
    }
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

  /** A `yaml-syntax` finding. */
  syntax(p: SyntaxProblem, doc: number): void {
    const active = this.cfg.enabled.get(YAML_SYNTAX);
    if (!active) return;
    this.findings.push(
      makeFinding(this.source.lines, {
        ruleId: YAML_SYNTAX,
        severity: active.severity,
        message: p.message,
        start: p.start,
        end: p.end,
        document: doc,
        standards: active.rule.meta.standards,
      }),
    );
  }

  private report(rule: Rule, spec: ReportSpec, obj: K8sObject | null, doc: number, fixable: boolean): void {
    const active = this.cfg.enabled.get(rule.meta.id);
    if (!active) return;
    // A value produced by a template action (`privileged: {{ .Values.x }}`) is unknown, neither
    // good nor bad: no finding on it. Findings on a key (a missing setting, a volume type) stand.
    if (this.source.mask && spec.at !== 'key' && spec.node.templated) return;
    const meta = rule.meta;
    let severity = active.severity;
    const replaced = spec.breaksBaseline && meta.pss?.overrides ? this.cfg.enabled.get(meta.pss.overrides) : undefined;
    if (replaced && SEVERITY_RANK[replaced.severity] > SEVERITY_RANK[severity]) severity = replaced.severity;
    const node = spec.node;
    const [start, end] = spec.at === 'key' ? node.keySpan() : spec.at === 'value' ? node.valueSpan() : node.span();
    const lines = this.source.lines;
    this.findings.push(
      makeFinding(lines, {
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
        related: (spec.related ?? []).map((r) => {
          const [rs, re] = r.node.span();
          return relatedAt(lines, messageText(meta, r), rs, re, r.node.path);
        }),
        pss: meta.pss ? { level: meta.pss.level, check: meta.pss.check, control: meta.pss.control } : null,
        standards: meta.standards,
        fix: spec.fix && fixable ? buildFix(spec.fix, this.source) : undefined,
      }),
    );
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
