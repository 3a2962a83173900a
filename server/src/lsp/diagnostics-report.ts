/**
 * A document's diagnostics report: what a client is shown of each chunk result (findings not
 * suppressed; no YAML syntax findings in a file that is not a manifest), at most `maxProblems`
 * diagnostics with a note when capped. Conversion is cached per chunk result and placed by
 * shifting lines, so publishing after a keystroke costs the diagnostics published, not a
 * re-conversion of the file. A report also carries a fingerprint (per chunk: a signature of its
 * diagnostics and its first line) that tells whether anything a client shows has changed.
 */
import { Diagnostic, DiagnosticSeverity } from 'vscode-languageserver/node';
import { YAML_SYNTAX, type ChunkAnalysis } from '../engine/chunk-analysis';
import { claimsAsRke2Config, RKE2_MARKER_LINES } from '../engine/file-kind';
import type { PlacedChunks } from '../engine/pipeline';
import type { Finding } from '../engine/types';
import { SOURCE, toDiagnostic, type RuleDocs } from './diagnostics';

interface ChunkView {
  visible: Finding[];
  /** what the client is shown of the chunk (see `sigOf`), made when first asked for */
  sig?: string;
}

const views = new WeakMap<ChunkAnalysis, ChunkView>();
const quietViews = new WeakMap<ChunkAnalysis, ChunkView>();

/**
 * What a client is shown of a chunk result: findings not suppressed, and with `quietSyntax` (a
 * file that is not a manifest) no YAML syntax findings.
 */
function view(result: ChunkAnalysis, quietSyntax = false): ChunkView {
  const cache = quietSyntax ? quietViews : views;
  let v = cache.get(result);
  if (!v) {
    const visible = result.findings.filter((f) => !f.suppressed && !(quietSyntax && f.ruleId === YAML_SYNTAX));
    v = { visible };
    cache.set(result, v);
  }
  return v;
}

/**
 * A signature of what the client is shown of a chunk. Only the chunks a report shows need one
 * (in a file with more problems than `maxProblems`, most chunks are only counted).
 */
function sigOf(v: ChunkView): string {
  return (v.sig ??= v.visible.length
    ? JSON.stringify(v.visible.map((f) => [f.ruleId, f.severity, f.message, f.range, f.related.map((r) => [r.file, r.range, r.message])]))
    : '');
}

/**
 * Whether a document's YAML syntax findings are kept from the client: it holds no Kubernetes
 * object (no chunk looks like a manifest), is not a Helm template and is not an RKE2 config. Such
 * files (CI workflows, compose files, ...) are other tools' business; `podsec check` still reports
 * them when asked.
 */
export function quietSyntaxFor(doc: PlacedChunks, languageId: string, filePath: string | undefined): boolean {
  if (languageId.toLowerCase() === 'helm') return false;
  if (doc.totals.manifests > 0) return false;
  // the RKE2 marker is read from the first lines (see claimsAsRke2Config)
  const head: string[] = [];
  doc.placedWhile((p) => {
    if (p.line >= RKE2_MARKER_LINES) return false;
    head.push(p.text);
    return true;
  });
  return !claimsAsRke2Config(filePath, head.join(''));
}

export interface ReportEntry {
  sig: string;
  line: number;
}

export interface BuiltReport {
  items: Diagnostic[];
  /** what the items depend on, chunk by chunk */
  entries: ReportEntry[];
  /** diagnostics found, before the cap */
  total: number;
}

/**
 * Diagnostics of a document's analysed chunks, at most `maxProblems` (plus a note when capped).
 * Only the chunks shown are placed and converted; the others are only counted, so a file with
 * hundreds of thousands of problems costs little more per edit than a small one.
 */
export function buildReport(doc: PlacedChunks, uri: string, docs: RuleDocs, maxProblems: number, quietSyntax = false, filePath?: string): BuiltReport {
  const report = shownProblems(doc, uri, docs, maxProblems, quietSyntax, filePath);
  const total = problemCount(doc, quietSyntax);
  if (total > report.items.length)
    addNote(
      report,
      `podsec shows the first ${report.items.length} of ${total} problems in this file (setting podsec.maxProblems). \`podsec check\` lists them all.`,
      `total:${total}`,
    );
  return { ...report, total };
}

/**
 * The first diagnostics of a document whose analysis goes on: once the chunks analysed so far
 * (the start of the file, in order) hold at least `maxProblems` problems, those are the problems
 * shown when it is done, and they are shown now with a note that the count follows. Undefined
 * while they do not.
 */
export function interimReport(
  doc: PlacedChunks,
  uri: string,
  docs: RuleDocs,
  maxProblems: number,
  quietSyntax: boolean,
  filePath?: string,
): { items: Diagnostic[]; entries: ReportEntry[] } | undefined {
  if (problemCount(doc, quietSyntax) < maxProblems) return undefined;
  const report = shownProblems(doc, uri, docs, maxProblems, quietSyntax, filePath);
  const analysed = doc.analysedLines();
  const message = `podsec shows the first ${report.items.length} problems in this file (setting podsec.maxProblems); podsec is still analysing it (line ${analysed + 1} of ${doc.lineCount}) and will count the rest.`;
  addNote(report, message, `analysing:${analysed}`);
  return report;
}

/** Problems in the analysed chunks that a report counts (no YAML syntax findings when `quietSyntax`). */
function problemCount(doc: PlacedChunks, quietSyntax: boolean): number {
  const t = doc.totals;
  return t.failed + t.unsuppressed - (quietSyntax ? t.syntax : 0);
}

/** The first `maxProblems` problems of the analysed chunks, in order, and what they depend on. */
function shownProblems(
  doc: PlacedChunks,
  uri: string,
  docs: RuleDocs,
  maxProblems: number,
  quietSyntax: boolean,
  filePath?: string,
): { items: Diagnostic[]; entries: ReportEntry[] } {
  const items: Diagnostic[] = [];
  const entries: ReportEntry[] = [];
  doc.placedWhile((p) => {
    if (items.length >= maxProblems) return false;
    if (p.failure) {
      entries.push({ sig: `failure:${p.failure}`, line: p.line });
      items.push({
        range: { start: { line: p.line, character: 0 }, end: { line: p.line, character: 0 } },
        severity: DiagnosticSeverity.Error,
        source: SOURCE,
        message: `podsec could not analyse this YAML document (internal error: ${p.failure}). Please report it with the document.`,
      });
      return true;
    }
    if (!(p.result.unsuppressed.all - (quietSyntax ? p.result.unsuppressed.syntax : 0))) return true;
    const v = view(p.result, quietSyntax);
    entries.push({ sig: sigOf(v), line: p.line });
    for (const f of v.visible) {
      if (items.length >= maxProblems) break;
      items.push(toDiagnostic(f, uri, docs, p.line, filePath));
    }
    return true;
  });
  return { items, entries };
}

/** An information diagnostic on the first line, ahead of the problems, and its entry. */
function addNote(report: { items: Diagnostic[]; entries: ReportEntry[] }, message: string, sig: string): void {
  report.items.unshift({
    range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
    severity: DiagnosticSeverity.Information,
    source: SOURCE,
    message,
  });
  report.entries.push({ sig, line: 0 });
}

/** Do two reports show the same diagnostics? */
export function sameEntries(a: readonly ReportEntry[], b: readonly ReportEntry[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i].line !== b[i].line || a[i].sig !== b[i].sig) return false;
  return true;
}
