/**
 * Applying fixes: single edits, and "fix all" for a file. Fix-all works document by document,
 * in passes like ESLint's: each pass applies the preferred fixes whose edits do not touch each
 * other, then the document is analysed again, until nothing is left to fix. Fixes that build on
 * one another (a securityContext created by one fix, a key added to it by the next) thus compose
 * without duplicate keys. The result is returned as new text and as minimal, non-overlapping
 * edits against the original.
 */
import type { ClusterContext } from '../cluster/context';
import { ownCluster, PlacedChunks } from '../pipeline';
import { resolveRuleSet, type RuleSet } from '../profiles';
import { linesWithBreaks, shiftEdit, type Edit } from '../text';
import type { Finding } from '../types';

/** Passes before giving up on a document (fixes never feed each other this deep). */
const MAX_PASSES = 12;

/** Apply non-overlapping edits (offsets in `text`). */
export function applyEdits(text: string, edits: readonly Edit[]): string {
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

export function findingEdits(f: Finding): Edit[] {
  return f.fix ? f.fix.edits.map((e) => ({ start: e.offset[0], end: e.offset[1], text: e.newText })) : [];
}

function touches(a: Edit, b: Edit): boolean {
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
  edits: Edit[];
}

/**
 * Fix chunk `k` in place, in passes until nothing `accept` allows is left to fix. Returns the
 * number of fixes applied; the chunk keeps the analysis of its last pass.
 */
export function fixChunk(chunks: PlacedChunks, k: number, accept: (f: Finding) => boolean = isAutoFixable): number {
  let applied = 0;
  for (let pass = 0; pass < MAX_PASSES; pass++) {
    const fixes = chunks.analyzeAt(k).findings.filter(accept);
    if (!fixes.length) break;
    const chosen: Edit[] = [];
    for (const f of fixes) {
      const edits = findingEdits(f);
      if (edits.some((e) => chosen.some((c) => touches(e, c)))) continue;
      chosen.push(...edits);
      applied++;
    }
    if (!chosen.length) break;
    chunks.setChunkText(k, applyEdits(chunks.textAt(k), chosen));
  }
  return applied;
}

/** Apply every fix `accept` allows (by default the preferred ones) to a whole text. */
export function fixAll(text: string, cfg: RuleSet = resolveRuleSet(), accept: (f: Finding) => boolean = isAutoFixable, cluster?: ClusterContext): FixAllResult {
  const chunks = new PlacedChunks(text, cfg, { cluster: cluster ?? ownCluster(text, cfg.filePath) });
  let applied = 0;
  const edits: Edit[] = [];
  // where the current chunk starts in the original text
  let offset = 0;
  for (let k = 0; k < chunks.chunkCount; k++) {
    const before = chunks.textAt(k);
    applied += fixChunk(chunks, k, accept);
    const after = chunks.textAt(k);
    if (after !== before) for (const e of diffEdits(before, after)) edits.push(shiftEdit(e, offset));
    offset += before.length;
    chunks.release(k);
  }
  return { text: chunks.text, applied, edits };
}

/**
 * Minimal edits from `a` to `b`: a line diff (Myers), each changed run of lines then trimmed to
 * the characters that differ.
 */
export function diffEdits(a: string, b: string): Edit[] {
  const A = linesWithBreaks(a);
  const B = linesWithBreaks(b);
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
  const edits: Edit[] = [];
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
function trim(a: string, start: number, end: number, text: string): Edit {
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
