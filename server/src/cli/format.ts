/**
 * Output formats of `podsec check`: `text`, `json`, `github` here, `sarif` in sarif.ts. Every
 * format prints a finding's message exactly as the engine words it.
 *
 * A format is written in two halves, so that the cost of a finding is paid where the finding is
 * made and nothing waits for the whole run:
 *
 * - a `PieceWriter`, in the thread that analyses (a worker thread, or the main thread with one
 *   thread), turns the findings of each chunk into text as the chunk is done, and hands the text
 *   over in pieces of bounded size;
 * - a `Reporter`, in the main thread, writes the pieces file by file in the order of the file
 *   list, adds what only the whole run knows (the file's place, separators, the summary) and
 *   keeps nothing but counts.
 *
 * Adding a format is one entry in `OUTPUT_FORMATS` (outputs.ts): a writer (whose pieces must be plain data:
 * they cross threads) and a reporter. A format that aggregates (a checklist per STIG requirement,
 * say) makes compact per-finding records in its writer and folds them into bounded state in its
 * reporter's `piece`, then writes the document in `end` from the run summary.
 */
import * as path from 'node:path';
import type { ChunkAnalysis } from '../engine/chunk-analysis';
import { isAutoFixable } from '../engine/fix/apply';
import type { ChunkPlace } from '../engine/pipeline';
import type { Finding, FindingPolicy, Severity } from '../engine/types';

import type { Format } from './args';
import type { EvidenceSetup } from './evidence';

export type { Format };

/** What a format needs to know in every thread: part of the workers' start-up payload. */
export interface FormatSetup {
  format: Format;
  /** `--format text` in colour */
  colour: boolean;
  /** the folder SARIF URIs are relative to */
  cwd: string;
  /** podsec's version (SARIF names it) */
  version: string;
  /** `--max-results`: most results a SARIF log holds */
  maxResults?: number;
  /** the evidence formats (cklb, ckl, oscal): the profile, the rules that ran, the target, the time */
  evidence?: EvidenceSetup;
}

/** A file as the writer of one task sees it. */
export interface WriterFile {
  /** the path as given or found */
  path: string;
  /** the file's place among the files reported, when the task knows it already */
  artifact?: number;
  /** documents of the file before this task's text, when the task knows it already */
  docs?: number;
}

/** Turns the findings of a task's chunks into output pieces (worker side). */
export interface PieceWriter<P> {
  /**
   * The findings of one chunk, each list in text order, positions relative to the chunk at `at`
   * (its document index relative to the task): those shown, and those a suppression covers
   * (after `--quiet`). `chunk` is the chunk's analysis and text, for a format that says what
   * was checked (the evidence formats).
   */
  chunk(shown: readonly Finding[], suppressed: readonly Finding[], at: ChunkPlace, chunk: { result: ChunkAnalysis; text: string }): void;
  /** characters written since the last `take` */
  readonly size: number;
  /** The output since the last call, or undefined when there is none. */
  take(): P | undefined;
}

/** A file as the reporter sees it (main thread). */
export interface ReportFile {
  path: string;
  /** its place among the files reported (unreadable files take none) */
  artifact: number;
  /** documents of the file before the piece being reported */
  docs: number;
}

/** Writes the pieces, file by file in order, and the end of the report (main thread). */
export interface Reporter<P> {
  /** A file's report begins (the file was read). */
  fileStart(file: ReportFile): void;
  /** The next piece of the file's report. */
  piece(file: ReportFile, piece: P): void;
  /** The file's last piece was reported. */
  fileEnd(file: ReportFile): void;
  end(summary: RunSummary): void;
}

export interface OutputFormat<P> {
  writer(file: WriterFile, setup: FormatSetup): PieceWriter<P>;
  reporter(out: (s: Output) => void, setup: FormatSetup, err: (s: string) => void): Reporter<P>;
}

export interface Counts {
  error: number;
  warning: number;
  info: number;
  /** findings `--fix` would repair */
  fixable: number;
}

export interface RunSummary {
  /** files checked (read and analysed) */
  files: number;
  /** files with at least one reported finding */
  withFindings: number;
  /** reported findings */
  counts: Counts;
  /** `--fix`: fixes applied, and in how many files */
  fixed?: { fixes: number; files: number };
  /** problems that make the run incomplete (unreadable files, failing rules) */
  notifications: { message: string; path?: string }[];
}

export function emptyCounts(): Counts {
  return { error: 0, warning: 0, info: 0, fixable: 0 };
}

export function addCounts(c: Counts, findings: readonly Finding[]): void {
  for (const x of findings) {
    c[x.severity]++;
    if (isAutoFixable(x)) c.fixable++;
  }
}

export function sumCounts(into: Counts, c: Counts): void {
  into.error += c.error;
  into.warning += c.warning;
  into.info += c.info;
  into.fixable += c.fixable;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/** The closing lines of the text and github formats; `headline` is the count line. */
function summaryLines(s: RunSummary, headline: (line: string) => string = (l) => l): string {
  const c = s.counts;
  const total = c.error + c.warning + c.info;
  const lines: string[] = [];
  if (s.fixed?.fixes) lines.push(`Fixed ${plural(s.fixed.fixes, 'problem')} in ${plural(s.fixed.files, 'file')}.`);
  if (!total) {
    lines.push(`No problems found in ${plural(s.files, 'file')}.`);
  } else {
    const parts = [plural(c.error, 'error'), plural(c.warning, 'warning')];
    if (c.info) parts.push(`${c.info} info`);
    lines.push(headline(`${c.error ? '✖' : '⚠'} ${plural(total, 'problem')} (${parts.join(', ')}) in ${plural(s.withFindings, 'file')} of ${s.files} checked`));
    if (c.fixable) lines.push(`  ${plural(c.fixable, 'problem')} can be fixed with --fix.`);
  }
  return lines.join('\n') + '\n';
}

/** Collects output text in parts and hands it over joined. */
/**
 * What a report writes: text, or text already encoded as UTF-8. Pieces are encoded where they are
 * made (on the worker threads), so that the main thread only writes them: neither copies nor
 * encodes them again.
 */
export type Output = string | Uint8Array;

/** Text of a piece, as it goes to the main thread: UTF-8 bytes. */
export class TextBuffer {
  private parts: string[] = [];
  size = 0;

  push(s: string): void {
    this.parts.push(s);
    this.size += s.length;
  }

  take(): Uint8Array | undefined {
    if (!this.size) return undefined;
    const bytes = Buffer.from(this.parts.join(''), 'utf8');
    this.parts = [];
    this.size = 0;
    return bytes;
  }
}

const COLOURS = { red: '\x1b[31m', yellow: '\x1b[33m', cyan: '\x1b[36m', dim: '\x1b[2m', bold: '\x1b[1m', underline: '\x1b[4m', reset: '\x1b[0m' };

/** A file a report names: relative to the working folder when inside it, with `/`; else absolute. */
export function shownPath(abs: string, cwd = process.cwd()): string {
  const rel = path.relative(cwd, abs);
  return rel && !rel.startsWith('..') && !path.isAbsolute(rel) ? rel.split(path.sep).join('/') : abs;
}

/**
 * The policy of a finding judged by the cluster (not by the profile setting), compactly:
 * `enforce restricted:v1.30 · ns/namespaces.yaml:6`. Empty for findings the profile judged, whose
 * output is as it always was.
 */
export function compactPolicy(p: FindingPolicy | undefined): string {
  if (!p || p.source.kind === 'profile') return '';
  const where = p.source.file ? ` · ${shownPath(p.source.file)}${p.source.range ? `:${p.source.range.start.line + 1}` : ''}` : ` · ${p.source.kind}`;
  return `${p.mode} ${p.level}:${p.version}${where}`;
}

/** `--format json` of a finding's policy (null when it has none). */
export function jsonPolicy(p: FindingPolicy | undefined, cwd = process.cwd()): unknown {
  if (!p) return null;
  const s = p.source;
  return {
    mode: p.mode,
    level: p.level,
    version: p.version,
    source: {
      kind: s.kind,
      detail: s.detail,
      file: s.file !== undefined ? shownPath(s.file, cwd) : null,
      range: s.range ? { start: { ...s.range.start }, end: { ...s.range.end } } : null,
    },
  };
}

/**
 * A finding's policy as JSON text, rendered once per distinct policy: the findings of a file are
 * judged by a handful of policies, so rendering each finding's anew costs more than the rest of
 * its entry. Holds at most `PolicyTexts.LIMIT` texts (then starts over), so memory stays bounded.
 */
export class PolicyTexts {
  static readonly LIMIT = 256;
  private readonly texts = new Map<string, string>();

  constructor(private readonly render: (p: FindingPolicy) => string) {}

  text(p: FindingPolicy): string {
    const s = p.source;
    const r = s.range;
    // every field `jsonPolicy` writes; a missing file or range is told apart from an empty one
    const key = `${p.mode}\u0000${p.level}\u0000${p.version}\u0000${s.kind}\u0000${s.detail}\u0000${s.file === undefined ? '\u0001' : s.file}\u0000${
      r ? `${r.start.line},${r.start.character},${r.end.line},${r.end.character}` : '\u0001'
    }`;
    let t = this.texts.get(key);
    if (t === undefined) {
      if (this.texts.size >= PolicyTexts.LIMIT) this.texts.clear();
      t = this.render(p);
      this.texts.set(key, t);
    }
    return t;
  }
}

/** Indent every line of a JSON text (to nest it in a document written piece by piece). */
export function indent(json: string, spaces: number): string {
  const pad = ' '.repeat(spaces);
  return pad + json.replace(/\n/g, '\n' + pad);
}

function painter(colour: boolean): (c: keyof typeof COLOURS, s: string) => string {
  return colour ? (c, s) => COLOURS[c] + s + COLOURS.reset : (_c, s) => s;
}

/** `--format text`: grouped by file, `file:line:col`, a summary; colours on a terminal. */
class TextWriter extends TextBuffer implements PieceWriter<Uint8Array> {
  private readonly sev: Record<Severity, string>;
  private readonly dim: (s: string) => string;

  constructor(
    private readonly path: string,
    colour: boolean,
  ) {
    super();
    const paint = painter(colour);
    this.sev = { error: paint('red', 'error  '), warning: paint('yellow', 'warning'), info: paint('cyan', 'info   ') };
    this.dim = (s) => paint('dim', s);
  }

  chunk(shown: readonly Finding[], _suppressed: readonly Finding[], at: ChunkPlace): void {
    for (const x of shown) {
      const s = x.range.start;
      const policy = compactPolicy(x.policy);
      this.push(
        `  ${this.path}:${s.line + at.line + 1}:${s.character + 1}  ${this.sev[x.severity]}  ${x.message}  ${this.dim(x.ruleId)}${policy ? `  ${this.dim(`[${policy}]`)}` : ''}\n`,
      );
    }
  }
}

class TextReporter implements Reporter<Uint8Array> {
  private shown = false;
  private readonly paint: (c: keyof typeof COLOURS, s: string) => string;

  constructor(
    private readonly out: (s: Output) => void,
    colour: boolean,
  ) {
    this.paint = painter(colour);
  }

  fileStart(): void {
    this.shown = false;
  }

  piece(file: ReportFile, text: Uint8Array): void {
    if (!this.shown) this.out(this.paint('underline', file.path) + '\n');
    this.shown = true;
    this.out(text);
  }

  fileEnd(): void {
    if (this.shown) this.out('\n');
  }

  end(s: RunSummary): void {
    this.out(summaryLines(s, (l) => this.paint('bold', this.paint(s.counts.error ? 'red' : 'yellow', l))));
  }
}

/** JSON of a value that may be undefined (`JSON.stringify` leaves such a property out). */
function prop(pad: string, key: string, v: string | null | undefined, last = false): string {
  if (v === undefined) return '';
  return `\n${pad}"${key}": ${v === null ? 'null' : JSON.stringify(v)}${last ? '' : ','}`;
}

/** A small object of string or null fields, as `JSON.stringify(o, null, 2)` prints it at `depth`. */
function smallObject(fields: [string, string | null | undefined][], depth: number): string {
  const present = fields.filter(([, v]) => v !== undefined);
  if (!present.length) return '{}';
  const pad = ' '.repeat(depth + 2);
  let s = '{';
  present.forEach(([k, v], i) => (s += prop(pad, k, v, i === present.length - 1)));
  return `${s}\n${' '.repeat(depth)}}`;
}

interface RuleBlock {
  standards: Finding['standards'];
  pss: string;
  /** the `pss` member, and the `standards` member (10 spaces in) */
  pssText: string;
  standardsText: string;
}

/**
 * `--format json`: `{"files":[{"path","findings":[...]}]}`, the bytes of
 * `JSON.stringify(whole, null, 2)`, written finding by finding.
 */
class JsonWriter extends TextBuffer implements PieceWriter<Uint8Array> {
  /** the `pss` and `standards` members, the same for every finding of a rule */
  private readonly blocks = new Map<string, RuleBlock>();
  /** the next finding is the first of a piece (pieces start without a separator) */
  private first = true;

  override take(): Uint8Array | undefined {
    this.first = true;
    return super.take();
  }

  constructor(cwd: string) {
    super();
    this.policies = new PolicyTexts((p) => indent(JSON.stringify(jsonPolicy(p, cwd), null, 2), 10).slice(10));
  }

  /** The `pss` and `standards` members of a finding (10 spaces in). */
  private ruleBlock(x: Finding): RuleBlock {
    const pss = x.pss ? `${x.pss.level}\u0000${x.pss.check}\u0000${x.pss.control}` : '';
    const cached = this.blocks.get(x.ruleId);
    if (cached && cached.standards === x.standards && cached.pss === pss) return cached;
    const p = x.pss;
    const pssText = `\n          "pss": ${
      p
        ? smallObject(
            [
              ['level', p.level],
              ['check', p.check],
              ['control', p.control],
            ],
            10,
          )
        : 'null'
    },`;
    let text = '';
    if (!x.standards.length) text += '\n          "standards": [],';
    else {
      text += '\n          "standards": [';
      x.standards.forEach((s, i) => {
        text += `\n            ${smallObject(
          [
            ['framework', s.framework],
            ['id', s.id],
          ],
          12,
        )}${i === x.standards.length - 1 ? '' : ','}`;
      });
      text += '\n          ],';
    }
    const block = { standards: x.standards, pss, pssText, standardsText: text };
    this.blocks.set(x.ruleId, block);
    return block;
  }

  /** the `policy` member of each distinct policy */
  private readonly policies: PolicyTexts;

  /** The `policy` member (null for findings without a policy). */
  private policy(x: Finding): string {
    return x.policy ? this.policies.text(x.policy) : 'null';
  }

  chunk(shown: readonly Finding[], _suppressed: readonly Finding[], at: ChunkPlace): void {
    for (const x of shown) {
      const { start, end } = x.range;
      const block = this.ruleBlock(x);
      const r = x.resource;
      const resource = r
        ? smallObject(
            [
              ['apiVersion', r.apiVersion],
              ['kind', r.kind],
              ['namespace', r.namespace],
              ['name', r.name],
            ],
            10,
          )
        : 'null';
      this.push(
        `${this.first ? '' : ','}\n        {\n          "ruleId": ${JSON.stringify(x.ruleId)},\n          "severity": "${x.severity}",\n          "message": ${JSON.stringify(x.message)},\n` +
          `          "range": {\n            "start": {\n              "line": ${start.line + at.line},\n              "character": ${start.character}\n            },\n` +
          `            "end": {\n              "line": ${end.line + at.line},\n              "character": ${end.character}\n            }\n          },\n` +
          `          "resource": ${resource},\n          "container": ${x.container === null ? 'null' : JSON.stringify(x.container)},\n          "path": ${JSON.stringify(x.path)},` +
          `${block.pssText}\n          "policy": ${this.policy(x)},${block.standardsText}\n          "fixable": ${x.fix ? 'true' : 'false'}\n        }`,
      );
      this.first = false;
    }
  }
}

class JsonReporter implements Reporter<Uint8Array> {
  private files = 0;
  private findings = false;

  constructor(private readonly out: (s: Output) => void) {}

  fileStart(file: ReportFile): void {
    this.out(`${this.files++ ? ',\n' : '{\n  "files": [\n'}    {\n      "path": ${JSON.stringify(file.path)},\n      "findings": [`);
    this.findings = false;
  }

  piece(_file: ReportFile, text: Uint8Array): void {
    // each piece starts without a separator: the findings before it are in earlier pieces
    if (this.findings) this.out(',');
    this.out(text);
    this.findings = true;
  }

  fileEnd(): void {
    this.out(this.findings ? '\n      ]\n    }' : ']\n    }');
  }

  end(): void {
    this.out(this.files ? '\n  ]\n}\n' : '{\n  "files": []\n}\n');
  }
}

/** Escape workflow-command data (the message). */
function escapeData(s: string): string {
  return s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

/** Escape a workflow-command property value. */
function escapeProperty(s: string): string {
  return escapeData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

const GITHUB_LEVEL: Record<Severity, string> = { error: 'error', warning: 'warning', info: 'notice' };

/** `--format github`: one workflow command per finding, so GitHub Actions annotates the lines. */
class GithubWriter extends TextBuffer implements PieceWriter<Uint8Array> {
  private readonly file: string;

  constructor(path: string) {
    super();
    this.file = escapeProperty(path.replace(/\\/g, '/'));
  }

  chunk(shown: readonly Finding[], _suppressed: readonly Finding[], at: ChunkPlace): void {
    for (const x of shown) {
      const { start, end } = x.range;
      this.push(
        `::${GITHUB_LEVEL[x.severity]} file=${this.file},line=${start.line + at.line + 1},col=${start.character + 1},endLine=${end.line + at.line + 1},endColumn=${end.character + 1},title=${escapeProperty(`podsec ${x.ruleId}`)}::${escapeData(x.message)}\n`,
      );
    }
  }
}

class GithubReporter implements Reporter<Uint8Array> {
  constructor(private readonly out: (s: Output) => void) {}

  fileStart(): void {}

  piece(_file: ReportFile, text: Uint8Array): void {
    this.out(text);
  }

  fileEnd(): void {}

  end(s: RunSummary): void {
    this.out(summaryLines(s));
  }
}

export const textFormat: OutputFormat<Uint8Array> = {
  writer: (file, setup) => new TextWriter(file.path, setup.colour),
  reporter: (out, setup) => new TextReporter(out, setup.colour),
};

export const jsonFormat: OutputFormat<Uint8Array> = {
  writer: (_file, setup) => new JsonWriter(setup.cwd),
  reporter: (out) => new JsonReporter(out),
};

export const githubFormat: OutputFormat<Uint8Array> = {
  writer: (file) => new GithubWriter(file.path),
  reporter: (out) => new GithubReporter(out),
};
