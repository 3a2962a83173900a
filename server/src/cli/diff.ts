/**
 * Unified diffs for `--fix-dry-run`, built from the edits fix-all computes (no second diff
 * algorithm): each edit is widened to the whole lines it touches, lines that stay the same are
 * trimmed off, and changes closer than two context runs share a hunk. Lines keep their own line
 * breaks (CRLF stays CRLF), and a byte order mark stays on the first line, so the patch applies
 * to the file as it is on disk (`git apply`, or `patch -p1`).
 */
import { LineIndex, linesWithBreaks, shiftEdit, type Edit } from '../engine/text';

const CONTEXT = 3;

interface Change {
  /** first changed line of the old text (0-based) */
  oldStart: number;
  oldLines: string[];
  newLines: string[];
}

/** Group edits into whole-line changes, trimmed to the lines that differ. */
function changes(old: string, lines: LineIndex, edits: Edit[]): Change[] {
  const sorted = [...edits].sort((a, b) => a.start - b.start || a.end - b.end);
  const out: Change[] = [];
  let i = 0;
  while (i < sorted.length) {
    const first = lines.lineAt(sorted[i].start);
    let last = lines.lineAt(sorted[i].end);
    let j = i + 1;
    // edits that touch the same lines belong to one change
    while (j < sorted.length && lines.lineAt(sorted[j].start) <= last) {
      last = Math.max(last, lines.lineAt(sorted[j].end));
      j++;
    }
    const from = lines.starts[first];
    const to = last + 1 < lines.lineCount ? lines.starts[last + 1] : old.length;
    let replaced = '';
    let pos = from;
    for (let k = i; k < j; k++) {
      replaced += old.slice(pos, sorted[k].start) + sorted[k].text;
      pos = sorted[k].end;
    }
    replaced += old.slice(pos, to);
    const oldLines = linesWithBreaks(old, from, to);
    const newLines = linesWithBreaks(replaced, 0, replaced.length);
    let pre = 0;
    while (pre < oldLines.length && pre < newLines.length && oldLines[pre] === newLines[pre]) pre++;
    let suf = 0;
    while (suf < oldLines.length - pre && suf < newLines.length - pre && oldLines[oldLines.length - 1 - suf] === newLines[newLines.length - 1 - suf]) suf++;
    if (pre < oldLines.length - suf || pre < newLines.length - suf) {
      out.push({ oldStart: first + pre, oldLines: oldLines.slice(pre, oldLines.length - suf), newLines: newLines.slice(pre, newLines.length - suf) });
    }
    i = j;
  }
  return out;
}

function emit(prefix: string, line: string): string {
  if (line.endsWith('\n') || line.endsWith('\r')) return prefix + line + (line.endsWith('\r') && !line.endsWith('\r\n') ? '\n' : '');
  return `${prefix}${line}\n\\ No newline at end of file\n`;
}

/** The path as it appears after `a/` and `b/`. */
function diffPath(p: string): string {
  return p
    .replace(/\\/g, '/')
    .replace(/^(\.\/)+/, '')
    .replace(/^\/+/, '');
}

/**
 * A unified diff turning `old` into the text the edits produce; empty when nothing changes.
 * `bom` puts the byte order mark back on the first line of both sides.
 */
export function unifiedDiff(filePath: string, oldText: string, edits: Edit[], bom = false): string {
  if (!edits.length) return '';
  const old = bom ? '\ufeff' + oldText : oldText;
  const shifted = bom ? edits.map((e) => shiftEdit(e, 1)) : edits;
  const lines = new LineIndex(old);
  const all = changes(old, lines, shifted);
  if (!all.length) return '';
  const oldLine = (n: number) => linesWithBreaks(old, lines.starts[n], n + 1 < lines.lineCount ? lines.starts[n + 1] : old.length)[0] ?? '';
  const total = old.length && !/[\r\n]$/.test(old) ? lines.lineCount : lines.lineCount - 1;
  const name = diffPath(filePath);
  let out = `--- a/${name}\n+++ b/${name}\n`;
  let delta = 0; // new line number minus old line number before the current hunk
  let k = 0;
  while (k < all.length) {
    // changes whose context runs touch form one hunk
    let end = k + 1;
    while (end < all.length && all[end].oldStart - (all[end - 1].oldStart + all[end - 1].oldLines.length) <= 2 * CONTEXT) end++;
    const hunkStart = Math.max(0, all[k].oldStart - CONTEXT);
    const lastChange = all[end - 1];
    const hunkEnd = Math.min(total, lastChange.oldStart + lastChange.oldLines.length + CONTEXT);
    let body = '';
    let oldCount = 0;
    let newCount = 0;
    let line = hunkStart;
    let hunkDelta = 0;
    for (let c = k; c < end; c++) {
      const ch = all[c];
      for (; line < ch.oldStart; line++, oldCount++, newCount++) body += emit(' ', oldLine(line));
      for (const l of ch.oldLines) body += emit('-', l);
      for (const l of ch.newLines) body += emit('+', l);
      oldCount += ch.oldLines.length;
      newCount += ch.newLines.length;
      hunkDelta += ch.newLines.length - ch.oldLines.length;
      line = ch.oldStart + ch.oldLines.length;
    }
    for (; line < hunkEnd; line++, oldCount++, newCount++) body += emit(' ', oldLine(line));
    const oldFrom = oldCount ? hunkStart + 1 : hunkStart;
    const newFrom = newCount ? hunkStart + delta + 1 : hunkStart + delta;
    out += `@@ -${oldFrom},${oldCount} +${newFrom},${newCount} @@\n${body}`;
    delta += hunkDelta;
    k = end;
  }
  return out;
}
