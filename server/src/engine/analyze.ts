/**
 * Analysis of one chunk (normally one YAML document, see chunks.ts): parse -> syntax problems ->
 * find objects and pod specs -> run rules -> findings with fixes -> suppressions. It is a pure
 * function of the chunk's text and the rule set (the rules to run, their options, the
 * policy version, the file path), and its positions are relative to the chunk: the chunk
 * pipeline (pipeline.ts) places them in the file, so an editor re-analyses only the chunks an
 * edit touched.
 */
import type { Document } from 'yaml';
import type { ChunkAnalysis, RuleError } from './chunk-analysis';
import { ChunkFacts } from './cluster/chunk-facts';
import { ClusterContext, type ClusterView, type PatchListing } from './cluster/context';
import { unsuppressedOf } from './finding';
import { hasFacts } from './cluster/types';
import { isHelmTemplatePath, looksLikeManifest } from './file-kind';
import { operationFindings } from './json6902';
import { DocModel } from './model';
import { PodContexts } from './pod-context';
import { PodJudge } from './policy';
import { HeldFindings, judgeObjects, rulesToVisit } from './policy-modes';
import { optionsOf, type RuleSet } from './profiles';
import { findingOf, syntaxFinding, type ReportScope } from './report';
import type { DocumentContext, ReportSpec } from './rule';
import type { ChunkSource } from './source';
import { applySuppressions } from './suppress';
import { controlCharacter, documentSyntax, leadingComments, parseChunk, type SyntaxProblem } from './syntax';
import type { AnalysisNote, Finding } from './types';
import { objectsOf } from './workloads';

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
  if (hasFacts(run.chunkFacts.facts)) out.facts = run.chunkFacts.facts;
  if (run.notes.length) out.notes = run.notes;
  return out;
}

/** State of one chunk's analysis: its findings so far and the rules that failed. */
class ChunkRun implements ReportScope {
  readonly findings: Finding[] = [];
  readonly ruleErrors: RuleError[] = [];
  readonly notes: AnalysisNote[] = [];
  readonly chunkFacts: ChunkFacts;
  /** the kustomizations that list the file as a patch (empty: it holds whole objects) */
  readonly patch: PatchListing[];
  private readonly judge: PodJudge;

  constructor(
    readonly source: ChunkSource,
    readonly cfg: RuleSet,
    readonly cluster: ClusterView,
  ) {
    this.patch = cluster.patchOf(cfg.filePath);
    this.chunkFacts = new ChunkFacts(this, this.notes, this.findings);
    this.judge = new PodJudge(cfg, cluster);
  }

  document(doc: Document.Parsed, index: number): void {
    const syntax = documentSyntax(doc, this.source);
    for (const p of syntax.problems) this.syntax(p, index);
    if (!syntax.checkable || !doc.contents) return;
    const { text, mask, lines } = this.source;
    const model = new DocModel(doc, text, mask);
    const start = this.findings.length;
    const objects = objectsOf(model);
    const { version, filePath, profile } = this.cfg;
    const cluster = this.cluster;
    const comments = leadingComments(text, doc, index);
    const root = model.root();
    this.chunkFacts.document(model, objects, root, comments, index);
    const docCtx: Omit<DocumentContext, 'report' | 'options'> = { version, filePath, profile, cluster, model, root, objects, leadingComments: comments };
    const pods = new PodContexts(this.source, version, filePath, cluster);
    const judgements = judgeObjects(this.judge, objects, pods, lines, index, this.notes);
    const held = judgements.modes ? new HeldFindings(this, index, syntax.fixable) : undefined;
    for (const { rule, active } of rulesToVisit(this.cfg, judgements.modes)) {
      const before = this.findings.length;
      try {
        const options = optionsOf(rule, this.cfg);
        if (active) {
          const report = (spec: ReportSpec) => this.push(findingOf(this, rule, spec, null, index, syntax.fixable, undefined));
          if (rule.checkDocument) rule.checkDocument({ ...docCtx, options, report });
        }
        if (rule.checkObject || rule.checkPod) {
          for (const obj of objects) {
            const objReport = (spec: ReportSpec) => this.push(findingOf(this, rule, spec, obj, index, syntax.fixable, undefined));
            const judged = rule.meta.pss ? judgements.of.get(obj) : undefined;
            if (judged && judged.kind !== 'profile') {
              if (judged.kind === 'modes' && rule.checkPod) held!.evaluate(rule, obj, judged, pods, options);
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
        held?.drop(rule.meta.id);
        const err = e as Error;
        this.ruleErrors.push({ ruleId: rule.meta.id, message: err?.message ?? String(e), stack: err?.stack });
      }
    }
    held?.release(this.findings);
    if (this.patch.length && !objects.length && root?.isSeq) operationFindings(root, lines, index, (s, d) => this.nested(s, d), this.findings);
    applySuppressions({ findings: this.findings, from: start, lines, parsed: doc, objects, doc: index, cfg: this.cfg });
  }

  /** The findings of a JSON 6902 operation's partial object, analysed as a document of its own (json6902.ts). */
  private nested(source: ChunkSource, doc: Document.Parsed): Finding[] {
    const run = new ChunkRun(source, this.cfg, this.cluster);
    run.document(doc, 0);
    this.ruleErrors.push(...run.ruleErrors);
    return run.findings;
  }

  private push(finding: Finding | undefined): void {
    if (finding) this.findings.push(finding);
  }

  syntax(p: SyntaxProblem, doc: number): void {
    this.push(syntaxFinding(this, p, doc));
  }
}
