/**
 * Output formats of `podsec check`. Every format carries the same messages.
 */
import type { Finding, Severity } from '../engine/types';

export interface FileReport {
  /** the path as given */
  path: string;
  /** findings that are not suppressed */
  findings: Finding[];
  /** findings a suppression covers (listed by formats that keep them, such as SARIF) */
  suppressed: Finding[];
}

/** `--format json`: exactly the documented shape. */
export function formatJson(files: FileReport[]): string {
  return JSON.stringify({
    files: files.map((f) => ({
      path: f.path,
      findings: f.findings.map((x) => ({
        ruleId: x.ruleId,
        severity: x.severity,
        message: x.message,
        range: { start: { ...x.range.start }, end: { ...x.range.end } },
        resource: x.resource ? { ...x.resource } : null,
        container: x.container,
        path: x.path,
        pss: x.pss ? { level: x.pss.level, check: x.pss.check, control: x.pss.control } : null,
        standards: x.standards.map((s) => ({ framework: s.framework, id: s.id })),
        fixable: !!x.fix,
      })),
    })),
  }, null, 2) + '\n';
}

const COLOURS = { red: '\x1b[31m', yellow: '\x1b[33m', cyan: '\x1b[36m', dim: '\x1b[2m', bold: '\x1b[1m', underline: '\x1b[4m', reset: '\x1b[0m' };

export interface Counts {
  error: number;
  warning: number;
  info: number;
  fixable: number;
}

export function countFindings(files: FileReport[]): Counts {
  const c: Counts = { error: 0, warning: 0, info: 0, fixable: 0 };
  for (const f of files) for (const x of f.findings) {
    c[x.severity]++;
    if (x.fix?.preferred) c.fixable++;
  }
  return c;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/** `--format text`: grouped by file, `file:line:col`, a summary; colours when asked. */
export function formatText(files: FileReport[], colour: boolean): string {
  const paint = (c: keyof typeof COLOURS, s: string) => (colour ? COLOURS[c] + s + COLOURS.reset : s);
  const sev: Record<Severity, string> = { error: paint('red', 'error  '), warning: paint('yellow', 'warning'), info: paint('cyan', 'info   ') };
  const lines: string[] = [];
  let withFindings = 0;
  for (const f of files) {
    if (!f.findings.length) continue;
    withFindings++;
    lines.push(paint('underline', f.path));
    for (const x of f.findings) {
      const loc = `${f.path}:${x.range.start.line + 1}:${x.range.start.character + 1}`;
      lines.push(`  ${loc}  ${sev[x.severity]}  ${x.message}  ${paint('dim', x.ruleId)}`);
    }
    lines.push('');
  }
  const c = countFindings(files);
  const total = c.error + c.warning + c.info;
  if (!total) {
    lines.push(`No problems found in ${plural(files.length, 'file')}.`);
  } else {
    const parts = [plural(c.error, 'error'), plural(c.warning, 'warning')];
    if (c.info) parts.push(`${c.info} info`);
    const summary = `${c.error ? '✖' : '⚠'} ${plural(total, 'problem')} (${parts.join(', ')}) in ${plural(withFindings, 'file')} of ${files.length} checked`;
    lines.push(paint('bold', paint(c.error ? 'red' : 'yellow', summary)));
    if (c.fixable) lines.push(`  ${plural(c.fixable, 'problem')} can be fixed with --fix.`);
  }
  return lines.join('\n') + '\n';
}
