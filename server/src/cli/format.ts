/**
 * Output formats of `podsec check`: `text`, `json`, `github` here, `sarif` in sarif.ts. Every
 * format prints a finding's message exactly as the engine words it. Reports are written file by
 * file, in the order of the file list, as results come in: nothing waits for the whole run.
 */
import * as path from 'node:path';
import { isAutoFixable } from '../engine/fix/apply';
import type { Finding, FindingPolicy, Severity } from '../engine/types';

export interface FileReport {
  /** the path as given */
  path: string;
  /** findings that are not suppressed (after `--quiet`) */
  findings: Finding[];
  /** findings a suppression covers (listed by formats that keep them, such as SARIF) */
  suppressed: Finding[];
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

export interface Reporter {
  file(report: FileReport): void;
  end(summary: RunSummary): void;
}

export function emptyCounts(): Counts {
  return { error: 0, warning: 0, info: 0, fixable: 0 };
}

export function addCounts(c: Counts, findings: Finding[]): void {
  for (const x of findings) {
    c[x.severity]++;
    if (isAutoFixable(x)) c.fixable++;
  }
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

/** `--format text`: grouped by file, `file:line:col`, a summary; colours on a terminal. */
export class TextReporter implements Reporter {
  constructor(
    private readonly out: (s: string) => void,
    private readonly colour: boolean,
  ) {}

  private paint(c: keyof typeof COLOURS, s: string): string {
    return this.colour ? COLOURS[c] + s + COLOURS.reset : s;
  }

  file(r: FileReport): void {
    if (!r.findings.length) return;
    const sev: Record<Severity, string> = {
      error: this.paint('red', 'error  '),
      warning: this.paint('yellow', 'warning'),
      info: this.paint('cyan', 'info   '),
    };
    const lines = [this.paint('underline', r.path)];
    for (const x of r.findings) {
      const loc = `${r.path}:${x.range.start.line + 1}:${x.range.start.character + 1}`;
      const policy = compactPolicy(x.policy);
      lines.push(`  ${loc}  ${sev[x.severity]}  ${x.message}  ${this.paint('dim', x.ruleId)}${policy ? `  ${this.paint('dim', `[${policy}]`)}` : ''}`);
    }
    this.out(lines.join('\n') + '\n\n');
  }

  end(s: RunSummary): void {
    this.out(summaryLines(s, (l) => this.paint('bold', this.paint(s.counts.error ? 'red' : 'yellow', l))));
  }
}

/** The entry of one file in `--format json`: exactly the documented shape. */
export function jsonFileEntry(f: FileReport): unknown {
  return {
    path: f.path,
    findings: f.findings.map((x) => ({
      ruleId: x.ruleId,
      severity: x.severity,
      message: x.message,
      range: { start: { line: x.range.start.line, character: x.range.start.character }, end: { line: x.range.end.line, character: x.range.end.character } },
      resource: x.resource ? { apiVersion: x.resource.apiVersion, kind: x.resource.kind, namespace: x.resource.namespace, name: x.resource.name } : null,
      container: x.container,
      path: x.path,
      pss: x.pss ? { level: x.pss.level, check: x.pss.check, control: x.pss.control } : null,
      policy: jsonPolicy(x.policy),
      standards: x.standards.map((s) => ({ framework: s.framework, id: s.id })),
      fixable: !!x.fix,
    })),
  };
}

/** Indent every line of a JSON text (to nest it in a document written piece by piece). */
export function indent(json: string, spaces: number): string {
  const pad = ' '.repeat(spaces);
  return pad + json.replace(/\n/g, '\n' + pad);
}

/**
 * `--format json`: `{"files":[...]}` written file by file; the bytes are those of
 * `JSON.stringify(whole, null, 2)`.
 */
export class JsonReporter implements Reporter {
  private count = 0;

  constructor(private readonly out: (s: string) => void) {}

  file(r: FileReport): void {
    const entry = indent(JSON.stringify(jsonFileEntry(r), null, 2), 4);
    this.out(this.count++ === 0 ? `{\n  "files": [\n${entry}` : `,\n${entry}`);
  }

  end(): void {
    this.out(this.count ? '\n  ]\n}\n' : '{\n  "files": []\n}\n');
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
export class GithubReporter implements Reporter {
  constructor(private readonly out: (s: string) => void) {}

  file(r: FileReport): void {
    let s = '';
    const file = escapeProperty(r.path.replace(/\\/g, '/'));
    for (const x of r.findings) {
      const { start, end } = x.range;
      const props = [
        `file=${file}`,
        `line=${start.line + 1}`,
        `col=${start.character + 1}`,
        `endLine=${end.line + 1}`,
        `endColumn=${end.character + 1}`,
        `title=${escapeProperty(`podsec ${x.ruleId}`)}`,
      ];
      s += `::${GITHUB_LEVEL[x.severity]} ${props.join(',')}::${escapeData(x.message)}\n`;
    }
    if (s) this.out(s);
  }

  end(s: RunSummary): void {
    this.out(summaryLines(s));
  }
}
