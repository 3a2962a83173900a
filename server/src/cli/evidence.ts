/**
 * `--format cklb`, `ckl` and `oscal`: audit evidence for the STIG of the profile (`stig-rke2` →
 * the RKE2 STIG, `stig-kubernetes` → the Kubernetes STIG), one document for the whole run with
 * every requirement of the STIG release and podsec's verdict on it (evidence/results.ts), written
 * by the evidence writers (evidence/cklb.ts, ckl.ts, oscal.ts).
 *
 * A format that aggregates, as format.ts describes it:
 * - the writer (in the thread that analyses) turns each chunk into a compact record: how many
 *   documents it had, what kinds of file content it holds, and the findings of the rules that
 *   check a requirement of the STIG (suppressed ones included: their reasons are evidence);
 * - the reporter (main thread) folds a file's records into a list capped per rule and counts, and
 *   hands the file to `RequirementResults` when it ends; `end` writes the document, streamed.
 *
 * Memory holds, besides the file list, at most `MAX_LISTED` findings per rule for the file being
 * reported and `MAX_LISTED` per requirement in the results: it does not grow with the number of
 * findings. The findings beyond the caps are counted (the checklist says how many more there are).
 */
import * as path from 'node:path';
import type { ChunkAnalysis } from '../engine/chunk-analysis';
import type { ChunkPlace } from '../engine/pipeline';
import { RULES_BY_ID } from '../engine/profiles';
import type { Finding, ProfileName } from '../engine/types';
import { writeCkl } from '../evidence/ckl';
import { writeCklb } from '../evidence/cklb';
import { writeOscal } from '../evidence/oscal';
import {
  contentsOf,
  requirementsOfRule,
  RequirementResults,
  resourceText,
  stigOfProfile,
  type CheckedFinding,
  type ChecklistStig,
  type FileContent,
} from '../evidence/results';
import type { EvidenceInput, TargetData, Write } from '../evidence/types';
import type { Format } from './args';
import {
  shownPath,
  type FormatSetup,
  type Output,
  type OutputFormat,
  type PieceWriter,
  type ReportFile,
  type Reporter,
  type RunSummary,
  type WriterFile,
} from './format';

/** What the evidence formats need besides the common setup: part of the workers' payload. */
export interface EvidenceSetup {
  profile: ProfileName;
  /** ids of the rules that ran (for some file) */
  rules: string[];
  target: TargetData;
  /** ISO time of the run: SOURCE_DATE_EPOCH when set, else the start */
  time: string;
  /** the time was given (SOURCE_DATE_EPOCH): the run ends then too, so the same input gives the same bytes */
  fixedTime: boolean;
}

/** Findings listed per requirement, and kept per rule for the file being reported. */
export const MAX_LISTED = 100;

/** Unreadable files and failing rules named in the comments of every requirement. */
const MAX_PROBLEMS_LISTED = 10;

/** A finding as it crosses threads. */
interface EvidenceRecord {
  ruleId: string;
  message: string;
  /** 0-based, in the file */
  line: number;
  /** 0-based UTF-16 */
  character: number;
  resource?: string;
  container?: string;
  suppressed?: { reason: string | null };
}

export interface EvidencePiece {
  /** documents of the chunks */
  objects: number;
  /** the kinds of content the chunks hold */
  holds: FileContent[];
  /** the task's first `MAX_LISTED` findings of each rule, in order */
  records: EvidenceRecord[];
  /** the task's findings past those, counted by rule */
  overflow: [ruleId: string, counts: Overflow][];
}

const ALL_CONTENTS: readonly FileContent[] = ['manifest', 'namespace', 'admission-configuration', 'rke2-config', 'component'];

/** Turns each chunk into a record: documents, contents, the findings of the STIG's rules. */
class EvidenceWriter implements PieceWriter<EvidencePiece> {
  size = 0;
  private objects = 0;
  private readonly holds = new Set<FileContent>();
  private records: EvidenceRecord[] = [];
  /** rule id -> it checks a requirement of the STIG */
  private readonly counts = new Map<string, boolean>();
  /** records made for each rule in this task (the reporter lists at most `MAX_LISTED` per rule in all) */
  private readonly perRule = new Map<string, number>();
  private overflow = new Map<string, Overflow>();

  constructor(private readonly stig: ChecklistStig) {}

  private counted(ruleId: string): boolean {
    let c = this.counts.get(ruleId);
    if (c === undefined) {
      const rule = RULES_BY_ID.get(ruleId);
      c = !!rule && requirementsOfRule(rule, this.stig.framework).length > 0;
      this.counts.set(ruleId, c);
    }
    return c;
  }

  chunk(shown: readonly Finding[], suppressed: readonly Finding[], at: ChunkPlace, chunk?: { result: ChunkAnalysis; text: string }): void {
    if (chunk) {
      this.objects += chunk.result.documents;
      for (const h of contentsOf(chunk.text, chunk.result.facts, chunk.result.manifest)) this.holds.add(h);
    }
    // in text order within each list; the reporter needs no other order (see EvidenceReporter)
    for (const list of [shown, suppressed]) {
      for (const f of list) {
        if (!this.counted(f.ruleId)) continue;
        const n = this.perRule.get(f.ruleId) ?? 0;
        if (n >= MAX_LISTED) {
          // never listed: the task's earlier records of the rule come first
          countOverflow(this.overflow, f.ruleId, f.suppressed);
          continue;
        }
        this.perRule.set(f.ruleId, n + 1);
        const r: EvidenceRecord = { ruleId: f.ruleId, message: f.message, line: f.range.start.line + at.line, character: f.range.start.character };
        const resource = resourceText(f.resource);
        if (resource) r.resource = resource;
        if (f.container) r.container = f.container;
        if (f.suppressed) r.suppressed = { reason: f.suppressed.reason };
        this.records.push(r);
        this.size += f.message.length + 120;
      }
    }
  }

  take(): EvidencePiece | undefined {
    if (!this.objects && !this.holds.size && !this.records.length && !this.overflow.size) return undefined;
    const piece: EvidencePiece = {
      objects: this.objects,
      holds: ALL_CONTENTS.filter((h) => this.holds.has(h)),
      records: this.records,
      overflow: [...this.overflow],
    };
    this.objects = 0;
    this.holds.clear();
    this.records = [];
    this.overflow = new Map();
    this.size = 0;
    return piece;
  }
}

/** Findings of the file being reported beyond `MAX_LISTED` for their rule, by kind. */
interface Overflow {
  open: number;
  reasoned: number;
  unreasoned: number;
}

/** Count one finding past the cap of its rule. */
function countOverflow(to: Map<string, Overflow>, ruleId: string, suppressed: { reason: string | null } | undefined, by = 1): void {
  if (!by) return;
  let o = to.get(ruleId);
  if (!o) to.set(ruleId, (o = { open: 0, reasoned: 0, unreasoned: 0 }));
  if (!suppressed) o.open += by;
  else if (suppressed.reason) o.reasoned += by;
  else o.unreasoned += by;
}

/** The file being reported: its documents, contents, and its findings capped per rule. */
interface FileState {
  objects: number;
  holds: Set<FileContent>;
  findings: CheckedFinding[];
  perRule: Map<string, number>;
  overflow: Map<string, Overflow>;
}

const NO_RANGE = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };

/**
 * The findings of a file as `RequirementResults.add` takes them: those kept, then one stand-in per
 * finding beyond the cap of its rule. A stand-in is counted (as open, or as suppressed with or
 * without a reason) and never listed: a requirement lists at most `MAX_LISTED` findings in the
 * order given, and every finding beyond its rule's cap in this file comes after `MAX_LISTED`
 * findings of that rule, each of which counts for every requirement the rule checks. So the
 * results are those the whole list would give.
 */
function* fileFindings(state: FileState): Generator<CheckedFinding> {
  yield* state.findings;
  for (const [ruleId, o] of state.overflow) {
    const base = { ruleId, message: '', range: NO_RANGE, resource: null, container: null };
    const open: CheckedFinding = base;
    const reasoned: CheckedFinding = { ...base, suppressed: { reason: 'counted' } };
    const unreasoned: CheckedFinding = { ...base, suppressed: { reason: null } };
    for (let i = 0; i < o.open; i++) yield open;
    for (let i = 0; i < o.reasoned; i++) yield reasoned;
    for (let i = 0; i < o.unreasoned; i++) yield unreasoned;
  }
}

const WRITERS: Partial<Record<Format, (write: Write, input: EvidenceInput) => void>> = { cklb: writeCklb, ckl: writeCkl, oscal: writeOscal };

class EvidenceReporter implements Reporter<EvidencePiece> {
  private readonly results: RequirementResults;
  private file: FileState | undefined;

  constructor(
    private readonly out: (s: Output) => void,
    private readonly setup: FormatSetup,
    private readonly evidence: EvidenceSetup,
    private readonly stig: ChecklistStig,
  ) {
    const rules = evidence.rules.map((id) => RULES_BY_ID.get(id)).filter((r) => r !== undefined);
    this.results = new RequirementResults(stig, rules, { maxFindings: MAX_LISTED });
  }

  fileStart(): void {
    this.file = { objects: 0, holds: new Set(), findings: [], perRule: new Map(), overflow: new Map() };
  }

  piece(_file: ReportFile, p: EvidencePiece): void {
    const s = this.file!;
    s.objects += p.objects;
    for (const h of p.holds) s.holds.add(h);
    for (const r of p.records) {
      const n = s.perRule.get(r.ruleId) ?? 0;
      if (n < MAX_LISTED) {
        s.perRule.set(r.ruleId, n + 1);
        s.findings.push({
          ruleId: r.ruleId,
          message: r.message,
          range: { start: { line: r.line, character: r.character }, end: { line: r.line, character: r.character } },
          resource: r.resource ?? null,
          container: r.container ?? null,
          ...(r.suppressed ? { suppressed: r.suppressed } : {}),
        });
        continue;
      }
      countOverflow(s.overflow, r.ruleId, r.suppressed);
    }
    for (const [ruleId, o] of p.overflow) {
      countOverflow(s.overflow, ruleId, undefined, o.open);
      countOverflow(s.overflow, ruleId, { reason: 'counted' }, o.reasoned);
      countOverflow(s.overflow, ruleId, { reason: null }, o.unreasoned);
    }
  }

  fileEnd(file: ReportFile): void {
    const s = this.file!;
    this.file = undefined;
    const name = file.path === '-' ? '-' : shownPath(path.resolve(this.setup.cwd, file.path), this.setup.cwd);
    this.results.add({ file: name, objects: s.objects, holds: [...s.holds] }, fileFindings(s));
  }

  end(summary: RunSummary): void {
    const e = this.evidence;
    const results = this.results.results();
    const problems = summary.notifications;
    if (problems.length) {
      const listed = problems
        .slice(0, MAX_PROBLEMS_LISTED)
        .map((n) => `- ${n.path ? `${shownPath(path.resolve(this.setup.cwd, n.path), this.setup.cwd)}: ` : ''}${n.message}`);
      const more = problems.length - listed.length;
      const note = [
        `Incomplete run: podsec reported ${problems.length} problem${problems.length === 1 ? '' : 's'} (files it could not check, or rules that failed); what they hold is not judged here:`,
        ...listed,
        ...(more > 0 ? [`… and ${more} more`] : []),
      ].join('\n');
      for (const r of results) r.comments = r.comments ? `${r.comments}\n${note}` : note;
    }
    const input: EvidenceInput = {
      benchmark: this.stig.benchmark,
      results,
      target: e.target,
      run: {
        tool: { name: 'podsec', version: this.setup.version },
        time: e.time,
        end: e.fixedTime ? e.time : isoTime(Date.now()),
        profile: e.profile,
        files: [...this.results.files],
        objects: this.results.objects,
      },
    };
    WRITERS[this.setup.format]!(this.out, input);
  }
}

/** An ISO time without milliseconds when they are zero (`2026-03-01T12:00:00Z`). */
export function isoTime(ms: number): string {
  return new Date(ms).toISOString().replace(/\.000Z$/, 'Z');
}

function stigOf(setup: FormatSetup): { evidence: EvidenceSetup; stig: ChecklistStig } {
  const evidence = setup.evidence;
  const stig = evidence && stigOfProfile(evidence.profile);
  // run.ts checks the profile before any file is read
  if (!evidence || !stig) throw new Error(`--format ${setup.format} without a STIG profile`);
  return { evidence, stig };
}

export const evidenceFormat: OutputFormat<EvidencePiece> = {
  writer: (_file: WriterFile, setup) => new EvidenceWriter(stigOf(setup).stig),
  reporter: (out, setup) => {
    const { evidence, stig } = stigOf(setup);
    return new EvidenceReporter(out, setup, evidence, stig);
  },
};
