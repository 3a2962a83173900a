/**
 * Incremental analysis of one open document, independent of the protocol (the server and the
 * benchmark drive it directly).
 *
 * The document is kept as a list of chunks (one YAML document each, see engine/chunks.ts) and a
 * line index. An edit re-splits only the chunks around it, shifts the offsets of the others and
 * the line starts after it, and marks the new chunks for analysis. Analysis runs chunk by chunk
 * (and can stop at a deadline and resume), so a keystroke costs the analysis of the one chunk it
 * touched, plus work linear in the number of chunks and lines with a tiny constant: shifting
 * numbers, never re-reading the text.
 *
 * Results are chunk-relative (`analyzeChunk`) and placed with `shiftFinding`, so they are exactly
 * what `analyzeText` gives for the whole text.
 */
import { analyzeChunk, shiftFinding, type ChunkAnalysis, type RuleError } from '../engine/analyze';
import { splitChunks } from '../engine/chunks';
import type { ResolvedConfig } from '../engine/profiles';
import type { Position, Range } from '../engine/text';
import type { Finding } from '../engine/types';

/** An LSP content change: a replaced range, or (no range) the whole text. */
export interface TextChange {
  range?: Range;
  text: string;
}

interface Chunk {
  start: number;
  end: number;
  /** a private copy of the chunk's text, kept with its result */
  text?: string;
  result?: ChunkAnalysis;
  /** the engine failed on this chunk (a bug): the message */
  failure?: string;
}

/** A chunk's result with its place in the document. */
export interface PlacedChunk {
  result: ChunkAnalysis;
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
 * A copy of a string that does not keep the string it was sliced from alive. Chunk texts end up
 * referenced by findings (parsed scalars are slices of them); slices of the whole document
 * would keep every old version of a large file in memory.
 */
function detach(s: string): string {
  return (' ' + s).slice(1);
}

function isLineStart(text: string, q: number): boolean {
  if (q === 0) return true;
  const prev = text.charCodeAt(q - 1);
  return prev === 10 || (prev === 13 && text.charCodeAt(q) !== 10);
}

/** Line starts of a text that change with edits. */
class MutableLines {
  starts: number[] = [0];

  reset(text: string): void {
    const s = [0];
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c === 10) s.push(i + 1);
      else if (c === 13) {
        if (text.charCodeAt(i + 1) === 10) i++;
        s.push(i + 1);
      }
    }
    this.starts = s;
  }

  /** Index of the first line start >= offset. */
  private lowerBound(offset: number): number {
    const s = this.starts;
    let lo = 0;
    let hi = s.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (s[mid] < offset) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /**
   * After `text` (the new text) replaced old [s, e) with `inserted` characters: line starts in
   * old [s, e] are recomputed in new [s, s + inserted]; later ones move by the length change.
   */
  update(text: string, s: number, e: number, inserted: number): void {
    const starts = this.starts;
    const lo = this.lowerBound(s);
    let hi = lo;
    while (hi < starts.length && starts[hi] <= e) hi++;
    const middle: number[] = [];
    for (let q = s; q <= s + inserted; q++) if (isLineStart(text, q)) middle.push(q);
    const delta = inserted - (e - s);
    if (middle.length < 4096) {
      starts.splice(lo, hi - lo, ...middle);
    } else {
      this.starts = starts.slice(0, lo).concat(middle, starts.slice(hi));
    }
    const out = this.starts;
    if (delta) for (let k = lo + middle.length; k < out.length; k++) out[k] += delta;
  }

  lineAt(offset: number): number {
    const s = this.starts;
    let lo = 0;
    let hi = s.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (s[mid] <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }

  /** Offset just before the line break ending `line` (or the end of the text). */
  lineEnd(text: string, line: number): number {
    if (line + 1 >= this.starts.length) return text.length;
    let end = this.starts[line + 1] - 1;
    if (end > 0 && text.charCodeAt(end) === 10 && text.charCodeAt(end - 1) === 13) end--;
    return end;
  }
}

export class IncrementalAnalysis {
  private _text: string;
  private _cfg: ResolvedConfig;
  private readonly lines = new MutableLines();
  private chunks: Chunk[] = [];
  private recycle = new Map<string, ChunkAnalysis>();
  private pendingErrors: RuleError[] = [];
  /** increases with every change of text or configuration */
  generation = 0;

  constructor(text: string, cfg: ResolvedConfig) {
    this._text = text;
    this._cfg = cfg;
    this.reset();
  }

  get text(): string {
    return this._text;
  }

  get config(): ResolvedConfig {
    return this._cfg;
  }

  get lineCount(): number {
    return this.lines.starts.length;
  }

  get chunkCount(): number {
    return this.chunks.length;
  }

  /** Use another configuration: every chunk is analysed again. */
  setConfig(cfg: ResolvedConfig): void {
    this._cfg = cfg;
    this.recycle.clear();
    for (const c of this.chunks) {
      c.result = undefined;
      c.failure = undefined;
      c.text = undefined;
    }
    this.generation++;
  }

  private reset(): void {
    this.lines.reset(this._text);
    this.chunks = splitChunks(this._text).map((s) => ({ start: s.start, end: s.end }));
    this.generation++;
  }

  /** Offset of an LSP position; out-of-range lines and characters clamp as LSP specifies. */
  offsetAt(pos: Position): number {
    const starts = this.lines.starts;
    if (pos.line < 0) return 0;
    if (pos.line >= starts.length) return this._text.length;
    const start = starts[pos.line];
    return Math.min(start + Math.max(0, pos.character), this.lines.lineEnd(this._text, pos.line));
  }

  positionAt(offset: number): Position {
    const o = Math.max(0, Math.min(offset, this._text.length));
    const line = this.lines.lineAt(o);
    return { line, character: o - this.lines.starts[line] };
  }

  /** Apply LSP content changes in order. */
  applyChanges(changes: readonly TextChange[]): void {
    for (const c of changes) this.applyChange(c);
  }

  applyChange(change: TextChange): void {
    if (!change.range) {
      this._text = change.text;
      this.rememberAll();
      this.reset();
      return;
    }
    let s = this.offsetAt(change.range.start);
    let e = this.offsetAt(change.range.end);
    if (e < s) [s, e] = [e, s];
    this.replace(s, e, change.text);
  }

  /** Replace old [s, e) with `inserted`. */
  replace(s: number, e: number, inserted: string): void {
    if (s === e && !inserted) return;
    const old = this._text;
    const text = old.slice(0, s) + inserted + old.slice(e);
    const delta = inserted.length - (e - s);
    this._text = text;
    this.lines.update(text, s, e, inserted.length);
    this.resplit(s, e, delta);
    this.generation++;
  }

  /** Index of the chunk holding `offset` (the last chunk for the end of the text). */
  private chunkAt(offset: number): number {
    const c = this.chunks;
    let lo = 0;
    let hi = c.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (c[mid].start <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }

  /**
   * Re-split the chunks an edit of old [s, e) may have changed. The region starts one chunk
   * before the edit (a chunk boundary depends only on the text before the next one, so that
   * start stays valid) and ends at an old boundary that the new split confirms: splitting is a
   * left-to-right scan, so once a boundary after the edit is found again, every later one is.
   */
  private resplit(s: number, e: number, delta: number): void {
    const chunks = this.chunks;
    const text = this._text;
    const first = Math.max(0, this.chunkAt(s) - 1);
    let last = Math.min(chunks.length - 1, this.chunkAt(e) + 1);
    const regionStart = chunks[first].start;
    let spans: { start: number; end: number }[];
    while (true) {
      if (last === chunks.length - 1) {
        spans = splitChunks(text.slice(regionStart)).map((sp) => ({ start: sp.start + regionStart, end: sp.end + regionStart }));
        break;
      }
      const boundary = chunks[last].end + delta;
      const probeEnd = chunks[last + 1].end + delta;
      const probe = splitChunks(text.slice(regionStart, probeEnd));
      const k = probe.findIndex((sp) => sp.start + regionStart === boundary);
      if (k > 0) {
        spans = probe.slice(0, k).map((sp) => ({ start: sp.start + regionStart, end: sp.end + regionStart }));
        break;
      }
      last++;
    }
    // results of the replaced chunks, by text, for new chunks with the same text
    const byText = new Map<string, Chunk[]>();
    for (let k = first; k <= last; k++) {
      const c = chunks[k];
      if (!c.result || c.text === undefined) continue;
      const list = byText.get(c.text);
      if (list) list.push(c);
      else byText.set(c.text, [c]);
    }
    const fresh: Chunk[] = spans.map((sp) => {
      const t = text.slice(sp.start, sp.end);
      const same = byText.get(t)?.shift();
      if (same) return { start: sp.start, end: sp.end, text: same.text, result: same.result, failure: same.failure };
      return { start: sp.start, end: sp.end };
    });
    for (const list of byText.values()) for (const c of list) if (!c.failure) this.remember(c.text!, c.result!);
    const removed = last - first + 1;
    if (fresh.length < 4096) chunks.splice(first, removed, ...fresh);
    else this.chunks = chunks.slice(0, first).concat(fresh, chunks.slice(last + 1));
    if (delta) {
      const all = this.chunks;
      for (let k = first + fresh.length; k < all.length; k++) {
        all[k].start += delta;
        all[k].end += delta;
      }
    }
  }

  private remember(text: string, result: ChunkAnalysis): void {
    this.recycle.delete(text);
    this.recycle.set(text, result);
    if (this.recycle.size > RECYCLE_LIMIT) this.recycle.delete(this.recycle.keys().next().value!);
  }

  private rememberAll(): void {
    for (const c of this.chunks) if (c.result && c.text !== undefined && !c.failure && c.text.length < 1 << 16) this.remember(c.text, c.result);
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
    const cfg = this._cfg;
    const text = this._text;
    let done = true;
    for (const c of this.chunks) {
      if (c.result) continue;
      if (performance.now() > deadline) {
        done = false;
        break;
      }
      const t = detach(text.slice(c.start, c.end));
      const reused = this.recycle.get(t);
      c.text = t;
      if (reused) {
        this.recycle.delete(t);
        c.result = reused;
        continue;
      }
      try {
        c.result = analyzeChunk(t, cfg);
        if (c.result.ruleErrors.length) this.pendingErrors.push(...c.result.ruleErrors);
      } catch (e) {
        const err = e as Error;
        c.failure = err?.message ?? String(e);
        c.result = { findings: [], documents: 1, ruleErrors: [] };
        this.pendingErrors.push({ ruleId: '(engine)', message: c.failure, stack: err?.stack });
      }
    }
    return done;
  }

  /** Rule (and engine) errors from analyses since the last call. */
  takeRuleErrors(): RuleError[] {
    const out = this.pendingErrors;
    this.pendingErrors = [];
    return out;
  }

  /** Analysed chunks with their place in the document, in order (chunks without a result are skipped). */
  placed(): PlacedChunk[] {
    const out: PlacedChunk[] = [];
    let docs = 0;
    for (const c of this.chunks) {
      if (!c.result) continue;
      out.push({ result: c.result, offset: c.start, end: c.end, line: this.lines.lineAt(c.start), docs, failure: c.failure });
      docs += c.result.documents;
    }
    return out;
  }

  /** Placed chunks that overlap the lines [fromLine, toLine]. */
  placedInLines(fromLine: number, toLine: number): PlacedChunk[] {
    const from = this.offsetAt({ line: fromLine, character: 0 });
    const to = this.offsetAt({ line: toLine + 1, character: 0 });
    return this.placed().filter((p) => p.end >= from && p.offset <= to);
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

  /** Chunk text copies held: for tests and memory accounting. */
  get chunkSpans(): { start: number; end: number }[] {
    return this.chunks.map((c) => ({ start: c.start, end: c.end }));
  }

  /** Line offsets (for tests). */
  get lineStarts(): readonly number[] {
    return this.lines.starts;
  }
}
