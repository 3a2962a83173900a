/**
 * Applying fixes: single edits, and "fix all" for a file. Fix-all works document by document,
 * in passes like ESLint's: each pass applies the preferred fixes whose edits do not touch each
 * other, then the document is analysed again, until nothing is left to fix. Fixes that build on
 * one another (a securityContext created by one fix, a key added to it by the next) thus compose
 * without duplicate keys. The result is returned as new text and as minimal, non-overlapping
 * edits against the original.
 */
import { analyzeChunk } from '../analyze';
import { splitChunks } from '../chunks';
import { resolveRuleSet, type RuleSet } from '../profiles';
import type { Finding } from '../types';

/** Passes before giving up on a document (fixes never feed each other this deep). */
const MAX_PASSES = 12;

export interface OffsetEdit {
  start: number;
  end: number;
  text: string;
}

/** Apply non-overlapping edits (offsets in `text`). */
export function applyEdits(text: string, edits: OffsetEdit[]): string {
  const sorted = [...edits].sort((a, b) => a.start - b.start || a.end - b.end);
  let out = '';
  let pos = 0;
  for (const e of sorted) {
    if (e.start < pos) throw new Error('overlapping edits');
    out += text.slice(pos, e.start) + e.text;
    pos = e.end;
  }
  return out + text.slice(pos);
}

export function findingEdits(f: Finding): OffsetEdit[] {
  return f.fix ? f.fix.edits.map((e) => ({ start: e.offset[0], end: e.offset[1], text: e.newText })) : [];
}

function touches(a: OffsetEdit, b: OffsetEdit): boolean {
  return Math.max(a.start, b.start) <= Math.min(a.end, b.end);
}

/** Which fixes fix-all applies. */
export function isAutoFixable(f: Finding): boolean {
  return !!f.fix && f.fix.preferred && !f.fix.placeholder && !f.suppressed;
}

export interface FixAllResult {
  text: string;
  /** number of fixes applied over all passes */
  applied: number;
  /** minimal edits turning the original text into `text` */
  edits: OffsetEdit[];
}

/** Fix one document chunk; returns its new text and the number of fixes applied. */
function fixChunk(text: string, cfg: RuleSet, accept: (f: Finding) => boolean): [string, number] {
  let cur = text;
  let applied = 0;
  for (let pass = 0; pass < MAX_PASSES; pass++) {
    const fixes = analyzeChunk(cur, cfg).findings.filter(accept);
    if (!fixes.length) break;
    const chosen: OffsetEdit[] = [];
    for (const f of fixes) {
      const edits = findingEdits(f);
      if (edits.some((e) => chosen.some((c) => touches(e, c)))) continue;
      chosen.push(...edits);
      applied++;
    }
    if (!chosen.length) break;
    cur = applyEdits(cur, chosen);
  }
  return [cur, applied];
}

/** Apply every fix `accept` allows (by default the preferred ones) to a whole text. */
export function fixAll(text: string, cfg: RuleSet = resolveRuleSet(), accept: (f: Finding) => boolean = isAutoFixable): FixAllResult {
  let out = '';
  let applied = 0;
  const edits: OffsetEdit[] = [];
  for (const span of splitChunks(text)) {
    const before = text.slice(span.start, span.end);
    const [after, n] = fixChunk(before, cfg, accept);
    applied += n;
    out += after;
    if (after !== before) for (const e of diffEdits(before, after)) edits.push({ start: e.start + span.start, end: e.end + span.start, text: e.text });
  }
  return { text: out, applied, edits };
}

/** Split into lines, each keeping its line break, so joining gives the text back. */
function splitLines(text: string): string[] {
  const out: string[] = [];
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10 || c === 13) {
      if (c === 13 && text.charCodeAt(i + 1) === 10) i++;
      out.push(text.slice(start, i + 1));
      start = i + 1;
    }
  }
  if (start < text.length) out.push(text.slice(start));
  return out;
}

/**
 * Minimal edits from `a` to `b`: a line diff (Myers), each changed run of lines then trimmed to
 * the characters that differ.
 */
export function diffEdits(a: string, b: string): OffsetEdit[] {
  const A = splitLines(a);
  const B = splitLines(b);
  // common prefix and suffix lines
  let pre = 0;
  while (pre < A.length && pre < B.length && A[pre] === B[pre]) pre++;
  let suf = 0;
  while (suf < A.length - pre && suf < B.length - pre && A[A.length - 1 - suf] === B[B.length - 1 - suf]) suf++;
  const a2 = A.slice(pre, A.length - suf);
  const b2 = B.slice(pre, B.length - suf);
  const ops = myers(a2, b2);
  // offsets of line starts in `a`
  const aStart: number[] = [0];
  for (const l of A) aStart.push(aStart[aStart.length - 1] + l.length);
  const edits: OffsetEdit[] = [];
  let i = 0;
  let j = 0;
  let k = 0;
  while (k < ops.length) {
    if (ops[k] === '=') {
      i++;
      j++;
      k++;
      continue;
    }
    const i0 = i;
    const j0 = j;
    while (k < ops.length && ops[k] !== '=') {
      if (ops[k] === '-') i++;
      else j++;
      k++;
    }
    const start = aStart[pre + i0];
    const end = aStart[pre + i];
    const text = b2.slice(j0, j).join('');
    edits.push(trim(a, start, end, text));
  }
  return edits;
}

/** Shrink a replacement to the part that actually differs. */
function trim(a: string, start: number, end: number, text: string): OffsetEdit {
  let s = 0;
  while (s < end - start && s < text.length && a[start + s] === text[s]) s++;
  let e = 0;
  while (e < end - start - s && e < text.length - s && a[end - 1 - e] === text[text.length - 1 - e]) e++;
  return { start: start + s, end: end - e, text: text.slice(s, text.length - e) };
}

/** Myers' O(ND) diff on two arrays; returns a script of '=', '-' (from a) and '+' (from b). */
function myers(a: string[], b: string[]): string[] {
  const n = a.length;
  const m = b.length;
  const max = n + m;
  const v = new Map<number, number>([[1, 0]]);
  const trace: Map<number, number>[] = [];
  outer: for (let d = 0; d <= max; d++) {
    trace.push(new Map(v));
    for (let k = -d; k <= d; k += 2) {
      let x = k === -d || (k !== d && (v.get(k - 1) ?? 0) < (v.get(k + 1) ?? 0)) ? (v.get(k + 1) ?? 0) : (v.get(k - 1) ?? 0) + 1;
      let y = x - k;
      while (x < n && y < m && a[x] === b[y]) {
        x++;
        y++;
      }
      v.set(k, x);
      if (x >= n && y >= m) break outer;
    }
  }
  const ops: string[] = [];
  let x = n;
  let y = m;
  for (let d = trace.length - 1; d > 0; d--) {
    const vd = trace[d];
    const k = x - y;
    const prevK = k === -d || (k !== d && (vd.get(k - 1) ?? 0) < (vd.get(k + 1) ?? 0)) ? k + 1 : k - 1;
    const prevX = vd.get(prevK) ?? 0;
    const prevY = prevX - prevK;
    while (x > prevX && y > prevY) {
      ops.push('=');
      x--;
      y--;
    }
    ops.push(x === prevX ? '+' : '-');
    x = prevX;
    y = prevY;
  }
  while (x > 0 && y > 0) {
    ops.push('=');
    x--;
    y--;
  }
  return ops.reverse();
}
