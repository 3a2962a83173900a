/**
 * Incremental analysis of one open document, independent of the protocol (the server and the
 * benchmark drive it directly).
 *
 * The document is stored as its chunks (one YAML document each, see engine/chunks.ts): each
 * chunk keeps its own text, its line starts and its analysis. There is no whole-document string:
 * an edit rewrites the text of the few chunks around it, re-splits only them, and then updates
 * two small arrays (each chunk's offset and first line). A keystroke therefore costs the analysis
 * of the chunk it touched plus work proportional to the number of chunks, never to the size of
 * the file. Analysis runs chunk by chunk and can stop at a deadline and resume.
 *
 * Results are chunk-relative (`analyzeChunk`) and placed with `shiftFinding`, so they are exactly
 * what `analyzeText` gives for the whole text.
 */
import { analyzeChunk, looksLikeManifest, shiftFinding, type ChunkAnalysis, type RuleError } from '../engine/analyze';
import { splitChunks } from '../engine/chunks';
import type { RuleSet } from '../engine/profiles';
import type { Position, Range } from '../engine/text';
import type { Finding } from '../engine/types';

/** An LSP content change: a replaced range, or (no range) the whole text. */
export interface TextChange {
  range?: Range;
  text: string;
}

interface Chunk {
  text: string;
  /** offsets of the line starts in `text` (the first is 0) */
  lines: number[];
  result?: ChunkAnalysis;
  /** the engine failed on this chunk (a bug): the message */
  failure?: string;
}

/** A chunk's result with its place in the document. */
export interface PlacedChunk {
  result: ChunkAnalysis;
  /** the chunk's text */
  text: string;
  /** offset, line and document index of the chunk's first character */
  offset: number;
  line: number;
  docs: number;
  /** the chunk's end offset */
  end: number;
  failure?: string;
}

/** Results of chunks that an edit removed, kept a while for edits that bring the text back (undo). */
const RECYCLE_LIMIT = 64;

/**
 * A copy of a string that keeps no larger string alive. Chunk texts are cut from bigger strings
 * and end up referenced by findings (parsed scalars are slices of them).
 */
function detach(s: string): string {
  return (' ' + s).slice(1);
}

function lineStartsOf(text: string): number[] {
  const s = [0];
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10) s.push(i + 1);
    else if (c === 13) {
      if (text.charCodeAt(i + 1) === 10) i++;
      s.push(i + 1);
    }
  }
  return s;
}

function makeChunk(text: string): Chunk {
  return { text, lines: lineStartsOf(text) };
}

/** Index of the last element of an ascending array that is <= value (0 when none is). */
function floorIndex(a: readonly number[], value: number): number {
  let lo = 0;
  let hi = a.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (a[mid] <= value) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

export class IncrementalAnalysis {
  private _cfg: RuleSet;
  private chunks: Chunk[] = [];
  /** offset of each chunk's first character */
  private offsets: number[] = [];
  /** line of each chunk's first character */
  private firstLines: number[] = [];
  private _length = 0;
  private _lineCount = 1;
  private recycle = new Map<string, ChunkAnalysis>();
  private pendingErrors: RuleError[] = [];
  /** increases with every change of text or configuration */
  generation = 0;

  constructor(text: string, cfg: RuleSet) {
    this._cfg = cfg;
    this.reset(text);
  }

  /** The whole text (joins the chunks: for tests and small documents, not for every keystroke). */
  get text(): string {
    return this.chunks.map((c) => c.text).join('');
  }

  get length(): number {
    return this._length;
  }

  get config(): RuleSet {
    return this._cfg;
  }

  get lineCount(): number {
    return this._lineCount;
  }

  get chunkCount(): number {
    return this.chunks.length;
  }

  /** Use another configuration: every chunk is analysed again. */
  setConfig(cfg: RuleSet): void {
    this._cfg = cfg;
    this.recycle.clear();
    for (const c of this.chunks) {
      c.result = undefined;
      c.failure = undefined;
    }
    this.generation++;
  }

  private reset(text: string): void {
    this.chunks = splitChunks(text).map((s) => makeChunk(detach(text.slice(s.start, s.end))));
    this.reindex(0);
    this.generation++;
  }

  /** Recompute chunk offsets and first lines from chunk `from` on. */
  private reindex(from: number): void {
    const n = this.chunks.length;
    this.offsets.length = n;
    this.firstLines.length = n;
    let off = from > 0 ? this.offsets[from - 1] + this.chunks[from - 1].text.length : 0;
    let line = from > 0 ? this.firstLines[from - 1] + this.chunks[from - 1].lines.length - 1 : 0;
    for (let k = from; k < n; k++) {
      const c = this.chunks[k];
      this.offsets[k] = off;
      this.firstLines[k] = line;
      off += c.text.length;
      // a chunk ends at a line start (or at the end of the text): its last line start is the next chunk's first
      line += c.lines.length - 1;
    }
    this._length = off;
    this._lineCount = line + 1;
  }

  /** Chunk index and offset within it of an LSP position (clamped as LSP specifies). */
  private locate(pos: Position): { k: number; rel: number } {
    const last = this.chunks.length - 1;
    if (pos.line < 0) return { k: 0, rel: 0 };
    if (pos.line >= this._lineCount) return { k: last, rel: this.chunks[last].text.length };
    let k = floorIndex(this.firstLines, pos.line);
    // an empty chunk can share its first line with the next one: take the one holding the line
    while (k < last && this.firstLines[k + 1] === pos.line) k++;
    const c = this.chunks[k];
    const rl = pos.line - this.firstLines[k];
    const start = c.lines[rl];
    return { k, rel: Math.min(start + Math.max(0, pos.character), this.lineEndIn(c, rl)) };
  }

  /** Offset in a chunk just before the line break that ends its line `rl`. */
  private lineEndIn(c: Chunk, rl: number): number {
    if (rl + 1 >= c.lines.length) return c.text.length;
    let end = c.lines[rl + 1] - 1;
    if (end > 0 && c.text.charCodeAt(end) === 10 && c.text.charCodeAt(end - 1) === 13) end--;
    return end;
  }

  /** Offset of an LSP position; out-of-range lines and characters clamp as LSP specifies. */
  offsetAt(pos: Position): number {
    const { k, rel } = this.locate(pos);
    return this.offsets[k] + rel;
  }

  positionAt(offset: number): Position {
    const o = Math.max(0, Math.min(offset, this._length));
    let k = floorIndex(this.offsets, o);
    while (k > 0 && o === this.offsets[k] && this.chunks[k].text.length === 0) k--;
    const c = this.chunks[k];
    const rel = o - this.offsets[k];
    const rl = floorIndex(c.lines, rel);
    return { line: this.firstLines[k] + rl, character: rel - c.lines[rl] };
  }

  /** The text of a line, without its line break. */
  lineText(line: number): string {
    if (line < 0 || line >= this._lineCount) return '';
    const { k, rel } = this.locate({ line, character: 0 });
    const c = this.chunks[k];
    const rl = floorIndex(c.lines, rel);
    return c.text.slice(c.lines[rl], this.lineEndIn(c, rl));
  }

  /** The line break that ends a line ('' for the last line). */
  lineBreak(line: number): string {
    if (line < 0 || line >= this._lineCount) return '';
    const { k, rel } = this.locate({ line, character: 0 });
    const c = this.chunks[k];
    const rl = floorIndex(c.lines, rel);
    const end = this.lineEndIn(c, rl);
    return c.text.slice(end, rl + 1 < c.lines.length ? c.lines[rl + 1] : end);
  }

  /** Apply LSP content changes in order. */
  applyChanges(changes: readonly TextChange[]): void {
    for (const c of changes) this.applyChange(c);
  }

  applyChange(change: TextChange): void {
    if (!change.range) {
      this.rememberAll();
      this.reset(change.text);
      return;
    }
    let s = this.offsetAt(change.range.start);
    let e = this.offsetAt(change.range.end);
    if (e < s) [s, e] = [e, s];
    this.replace(s, e, change.text);
  }

  /** Index of the chunk holding `offset` (the last chunk for the end of the text). */
  private chunkAt(offset: number): number {
    let k = floorIndex(this.offsets, offset);
    while (k > 0 && this.offsets[k] === offset && this.chunks[k].text.length === 0) k--;
    return k;
  }

  /**
   * Replace [s, e) with `inserted`. The chunks from one before the edit to one after it are
   * re-split. Their first boundary stays valid (a boundary depends only on the text before the
   * next one); the last is confirmed by splitting one chunk further: splitting is a left-to-right
   * scan, so once a boundary after the edit comes out where it was, every later one does too.
   */
  replace(s: number, e: number, inserted: string): void {
    if (s === e && !inserted) return;
    const chunks = this.chunks;
    const first = Math.max(0, this.chunkAt(s) - 1);
    let last = Math.min(chunks.length - 1, this.chunkAt(e) + 1);
    const base = this.offsets[first];
    let region = '';
    for (let k = first; k <= last; k++) region += chunks[k].text;
    const rs = s - base;
    const re = e - base;
    region = region.slice(0, rs) + inserted + region.slice(re);
    let texts: string[];
    while (true) {
      if (last === chunks.length - 1) {
        texts = splitChunks(region).map((sp) => region.slice(sp.start, sp.end));
        break;
      }
      // where the next old chunk starts in the new text
      const boundary = region.length;
      const probe = region + chunks[last + 1].text;
      const spans = splitChunks(probe);
      const at = spans.findIndex((sp) => sp.start === boundary);
      if (at > 0) {
        texts = spans.slice(0, at).map((sp) => probe.slice(sp.start, sp.end));
        break;
      }
      region = probe;
      last++;
    }
    // results of the replaced chunks, by text, for new chunks with the same text
    const byText = new Map<string, Chunk[]>();
    for (let k = first; k <= last; k++) {
      const c = chunks[k];
      if (!c.result) continue;
      const list = byText.get(c.text);
      if (list) list.push(c);
      else byText.set(c.text, [c]);
    }
    const fresh: Chunk[] = texts.map((t) => {
      const same = byText.get(t)?.shift();
      return same ?? makeChunk(detach(t));
    });
    for (const list of byText.values()) for (const c of list) if (!c.failure) this.remember(c.text, c.result!);
    const removed = last - first + 1;
    if (fresh.length < 4096) chunks.splice(first, removed, ...fresh);
    else this.chunks = chunks.slice(0, first).concat(fresh, chunks.slice(last + 1));
    this.reindex(first);
    this.generation++;
  }

  private remember(text: string, result: ChunkAnalysis): void {
    this.recycle.delete(text);
    this.recycle.set(text, result);
    if (this.recycle.size > RECYCLE_LIMIT) this.recycle.delete(this.recycle.keys().next().value!);
  }

  private rememberAll(): void {
    for (const c of this.chunks) if (c.result && !c.failure && c.text.length < 1 << 16) this.remember(c.text, c.result);
  }

  /** Every chunk has its result. */
  get complete(): boolean {
    return this.chunks.every((c) => c.result);
  }

  /**
   * Analyse chunks that have no result yet, in order, until done or until `deadline`
   * (a `performance.now()` value) passes. Returns true when every chunk has its result.
   */
  analyze(deadline = Infinity): boolean {
    for (const c of this.chunks) {
      if (c.result) continue;
      if (performance.now() > deadline) return false;
      this.analyzeOne(c);
    }
    return true;
  }

  private analyzeOne(c: Chunk): void {
    const reused = this.recycle.get(c.text);
    if (reused) {
      this.recycle.delete(c.text);
      c.result = reused;
      return;
    }
    try {
      c.result = analyzeChunk(c.text, this._cfg);
      if (c.result.ruleErrors.length) this.pendingErrors.push(...c.result.ruleErrors);
    } catch (e) {
      const err = e as Error;
      c.failure = err?.message ?? String(e);
      c.result = { findings: [], documents: 1, ruleErrors: [], manifest: looksLikeManifest(c.text) };
      this.pendingErrors.push({ ruleId: '(engine)', message: c.failure, stack: err?.stack });
    }
  }

  /** Analyse the chunks overlapping lines [fromLine, toLine] that have no result yet. */
  analyzeLines(fromLine: number, toLine: number): void {
    for (let k = 0; k < this.chunks.length && this.firstLines[k] <= toLine; k++) {
      const c = this.chunks[k];
      if (!c.result && this.firstLines[k] + c.lines.length - 1 >= fromLine) this.analyzeOne(c);
    }
  }

  /** Rule (and engine) errors from analyses since the last call. */
  takeRuleErrors(): RuleError[] {
    const out = this.pendingErrors;
    this.pendingErrors = [];
    return out;
  }

  private place(k: number, docs: number): PlacedChunk {
    const c = this.chunks[k];
    return { result: c.result!, text: c.text, offset: this.offsets[k], end: this.offsets[k] + c.text.length, line: this.firstLines[k], docs, failure: c.failure };
  }

  /** Analysed chunks with their place in the document, in order (chunks without a result are skipped). */
  placed(): PlacedChunk[] {
    const out: PlacedChunk[] = [];
    let docs = 0;
    for (let k = 0; k < this.chunks.length; k++) {
      const c = this.chunks[k];
      if (!c.result) continue;
      out.push(this.place(k, docs));
      docs += c.result.documents;
    }
    return out;
  }

  /** Placed chunks that overlap the lines [fromLine, toLine]. */
  placedInLines(fromLine: number, toLine: number): PlacedChunk[] {
    const out: PlacedChunk[] = [];
    let docs = 0;
    for (let k = 0; k < this.chunks.length; k++) {
      const c = this.chunks[k];
      const lastLine = this.firstLines[k] + c.lines.length - 1;
      if (this.firstLines[k] > toLine) break;
      if (c.result && lastLine >= fromLine) out.push(this.place(k, docs));
      docs += c.result?.documents ?? 0;
    }
    return out;
  }

  /** Findings of the whole text, exactly as `analyzeText` gives them (call after `analyze()`). */
  findings(): Finding[] {
    const out: Finding[] = [];
    for (const p of this.placed()) for (const f of p.result.findings) out.push(shiftFinding(f, p.offset, p.line, p.docs));
    return out;
  }

  /** Findings of the chunks that overlap lines [fromLine, toLine], placed absolutely. */
  findingsInLines(fromLine: number, toLine: number): Finding[] {
    const out: Finding[] = [];
    for (const p of this.placedInLines(fromLine, toLine)) for (const f of p.result.findings) out.push(shiftFinding(f, p.offset, p.line, p.docs));
    return out;
  }

  /** Rule errors of the current results (each chunk's). */
  ruleErrors(): RuleError[] {
    return this.chunks.flatMap((c) => c.result?.ruleErrors ?? []);
  }

  /** Chunk extents (for tests). */
  get chunkSpans(): { start: number; end: number }[] {
    return this.chunks.map((c, k) => ({ start: this.offsets[k], end: this.offsets[k] + c.text.length }));
  }

  /** Line start offsets of the whole text (for tests). */
  get lineStarts(): number[] {
    const out: number[] = [0];
    this.chunks.forEach((c, k) => {
      for (let i = 1; i < c.lines.length; i++) out.push(this.offsets[k] + c.lines[i]);
    });
    return out;
  }
}
