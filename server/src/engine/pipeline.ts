/**
 * The chunk pipeline. A file is analysed as its chunks (one YAML document each, see chunks.ts):
 * each chunk on its own by `analyzeChunk`, a pure function of the chunk's text and the rule
 * set, with positions relative to the chunk. `PlacedChunks` holds a file's chunks with
 * their place in it (offset, first line, index of the first document) and their results, and
 * places those results in the file. It is the one place where chunk results are made, kept and
 * placed: `analyzeText`, fix-all, the CLI and the editor's incremental analysis all use it, so
 * an input that joins the analysis joins here, and so does the rule for which results it
 * invalidates.
 *
 * An edit (`replace`) rewrites the text of the few chunks around it, re-splits only them, and
 * then updates two small arrays (each chunk's offset and first line). An edit therefore costs
 * the analysis of the chunk it touched plus work proportional to the number of chunks, never to
 * the size of the file. There is no whole-file string.
 */
import { analyzeChunk } from './analyze';
import type { ChunkAnalysis, RuleError } from './chunk-analysis';
import { changedKeys, ClusterContext } from './cluster/context';
import { extractFacts, shiftFacts } from './cluster/facts';
import { emptyFacts, hasFacts, type FileFacts } from './cluster/types';
import { splitChunks, type ChunkSpan } from './chunks';
import { looksLikeManifest } from './file-kind';
import { shiftFinding, shiftNote } from './finding';
import { resolveRuleSet, type RuleSet } from './profiles';
import { countLineBreaks, lineEndAt, lineStarts, type Position } from './text';
import type { AnalysisNote, Finding } from './types';

export interface TextAnalysis {
  findings: Finding[];
  documents: number;
  ruleErrors: RuleError[];
  /** why pods are judged as they do where it needs saying (exempt namespaces, …), placed in the text */
  notes: AnalysisNote[];
}

/**
 * Analyse a whole text with a set of rules (`resolveRuleSet` makes one from options). `cluster` is
 * what the files analysed together say about the cluster; without one, the text's own facts
 * (a Namespace in the same file, say) make it.
 */
export function analyzeText(text: string, cfg: RuleSet = resolveRuleSet(), cluster?: ClusterContext): TextAnalysis {
  return new PlacedChunks(text, cfg, { cluster: cluster ?? ownCluster(text, cfg.filePath) }).pass(() => true);
}

/** The cluster context of a file alone: its own facts. */
export function ownCluster(text: string, filePath: string | undefined): ClusterContext {
  const facts = extractFacts(filePath ?? '', text);
  return new ClusterContext(hasFacts(facts) ? [facts] : []);
}

/** Sums over a file's current chunk results (`PlacedChunks.totals`). */
export interface ResultTotals {
  /** findings no suppression covers */
  unsuppressed: number;
  /** of those, YAML syntax findings */
  syntax: number;
  /** chunks the engine failed on */
  failed: number;
  /** chunks that look like Kubernetes objects */
  manifests: number;
  /** chunks that say something about the cluster (see `facts`) */
  withFacts: number;
}

/** Where a chunk starts in the file: offset, line and index of its first document. */
export interface ChunkPlace {
  offset: number;
  line: number;
  docs: number;
}

/** A chunk's result with its place in the file. */
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
  /** the engine failed on this chunk (a bug): the message (see `PlacedChunksOptions.live`) */
  failure?: string;
}

export interface PlacedChunksOptions {
  /**
   * The chunks are a live document (an editor's): edited and asked for positions over time, and
   * shown to the user. Each chunk then keeps a copy of its text (not a slice that would keep a
   * whole old text alive) and its line starts, and an engine failure on a chunk becomes the
   * chunk's `failure` (with an empty result, and an error for `takeRuleErrors`) instead of an
   * exception, so that the other chunks are still reported.
   */
  live?: boolean;
  /** what the files analysed together say about the cluster (default: nothing, a file alone) */
  cluster?: ClusterContext;
  /**
   * The chunks are a file alone whose cluster context is its own facts (an editor without a
   * workspace index): when its facts change, the context is rebuilt and the chunks that read the
   * changed facts are analysed again.
   */
  ownCluster?: boolean;
}

interface Chunk {
  text: string;
  /** line breaks in `text` */
  breaks: number;
  /** offsets of the line starts in `text` (the first is 0), made when a position in it is asked for */
  lines?: number[];
  result?: ChunkAnalysis;
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

/** A file as its chunks, placed, with their analyses (see the top of this file). */
export class PlacedChunks {
  private _cfg: RuleSet;
  private readonly options: PlacedChunksOptions;
  private chunks: Chunk[] = [];
  /** offset of each chunk's first character (valid below `stale`) */
  private offsets: number[] = [];
  /** line of each chunk's first character (valid below `stale`) */
  private firstLines: number[] = [];
  /** offsets and first lines are valid for the chunks before this index (see `settle`) */
  private stale = 0;
  /** every chunk before this index has its result (where `analyze` resumes) */
  private analysedBefore = 0;
  /** sums over the chunks' current results (see `totals`) */
  private sums: ResultTotals = { unsuppressed: 0, syntax: 0, failed: 0, manifests: 0, withFacts: 0 };
  private _length = 0;
  private _lineCount = 1;
  private recycle = new Map<string, ChunkAnalysis>();
  private pendingErrors: RuleError[] = [];
  /** increases with every change of text or configuration */
  generation = 0;

  private cluster: ClusterContext | undefined;
  /** with `ownCluster`: the facts the current context was built from */
  private clusterFacts: FileFacts | undefined;
  /** with `ownCluster`: facts of other files that count too (the admission configuration the configuration names) */
  private extraFacts: FileFacts[] = [];

  constructor(text: string, cfg: RuleSet, options: PlacedChunksOptions = {}) {
    this._cfg = cfg;
    this.options = options;
    this.cluster = options.cluster;
    this.reset(text);
  }

  /**
   * Use another cluster context. Chunks whose analysis read a dependency key in `changed` (every
   * chunk, without `changed`) are analysed again; the others keep their results.
   */
  setCluster(cluster: ClusterContext, changed?: ReadonlySet<string>): void {
    this.cluster = cluster;
    const stale = (r: ChunkAnalysis) => !changed || r.reads.some((k) => changed.has(k));
    for (const [text, r] of this.recycle) if (stale(r)) this.recycle.delete(text);
    this.chunks.forEach((c, k) => {
      if (c.result && stale(c.result)) {
        this.account(c, -1);
        c.result = undefined;
        c.failure = undefined;
        this.analysedBefore = Math.min(this.analysedBefore, k);
      }
    });
    this.generation++;
  }

  /** What the analysed chunks say about the cluster, placed in the file (see cluster/types.ts). */
  facts(): FileFacts {
    const out = emptyFacts(this._cfg.filePath ?? '');
    // Performance: runs after every edit of an editor's file; most chunks have no facts, and none is placed for nothing
    if (!this.sums.withFacts) return out;
    this.settle();
    for (let k = 0; k < this.chunks.length; k++) {
      const f = this.chunks[k].result?.facts;
      if (!f) continue;
      const offset = this.offsets[k];
      const line = this.firstLines[k];
      const placed = offset || line ? shiftFacts(f, offset, line) : f;
      out.namespaces.push(...placed.namespaces);
      out.psaConfigs.push(...placed.psaConfigs);
      out.rke2 ??= placed.rke2;
      out.kustomization ??= placed.kustomization;
    }
    return out;
  }

  /** With `ownCluster`, after every chunk has its result: rebuild the context when the facts changed. */
  private refreshOwnCluster(): boolean {
    if (!this.options.ownCluster) return false;
    const facts = this.facts();
    const changed = changedKeys(this.clusterFacts, facts);
    this.clusterFacts = facts;
    if (!changed.size && this.cluster) return false;
    this.setCluster(this.ownContext(facts), changed);
    return !this.complete;
  }

  private ownContext(facts: FileFacts): ClusterContext {
    return new ClusterContext([...this.extraFacts, ...(hasFacts(facts) ? [facts] : [])]);
  }

  /**
   * With `ownCluster`: facts of other files that count beside the file's own (the admission
   * configuration its configuration names). Chunks that read what they change are analysed again.
   */
  setExtraFacts(facts: FileFacts[]): void {
    if (!this.options.ownCluster) return;
    const before = this.extraFacts;
    if (before.length === facts.length && before.every((f, i) => JSON.stringify(f) === JSON.stringify(facts[i]))) return;
    this.extraFacts = facts;
    const changed = new Set<string>();
    const byPath = new Map(before.map((f) => [f.path, f]));
    for (const f of facts) {
      for (const k of changedKeys(byPath.get(f.path), f)) changed.add(k);
      byPath.delete(f.path);
    }
    for (const f of byPath.values()) for (const k of changedKeys(f, undefined)) changed.add(k);
    // before the first analysis, the context is the other files' alone until the file's own facts are known
    if (this.clusterFacts) this.setCluster(this.ownContext(this.clusterFacts), changed);
    else this.setCluster(this.ownContext(emptyFacts(this._cfg.filePath ?? '')));
  }

  /** The whole text (joins the chunks: for tests, small documents and writing a file). */
  get text(): string {
    return this.chunks.map((c) => c.text).join('');
  }

  get length(): number {
    this.settle();
    return this._length;
  }

  get config(): RuleSet {
    return this._cfg;
  }

  /** The cluster context the chunks are judged in (undefined: a file alone, before its first analysis). */
  get clusterContext(): ClusterContext | undefined {
    return this.cluster;
  }

  get lineCount(): number {
    this.settle();
    return this._lineCount;
  }

  get chunkCount(): number {
    return this.chunks.length;
  }

  /** The text of chunk `k`. */
  textAt(k: number): string {
    return this.chunks[k].text;
  }

  /** Use another rule set: every chunk is analysed again. */
  setConfig(cfg: RuleSet): void {
    this._cfg = cfg;
    this.analysedBefore = 0;
    this.sums = { unsuppressed: 0, syntax: 0, failed: 0, manifests: 0, withFacts: 0 };
    this.recycle.clear();
    for (const c of this.chunks) {
      c.result = undefined;
      c.failure = undefined;
    }
    this.generation++;
  }

  /** Replace the whole text (results of chunks that come back unchanged are reused). */
  reset(text: string): void {
    this.rememberAll();
    this.chunks = splitChunks(text).map((s) => this.makeChunk(text.slice(s.start, s.end)));
    this.analysedBefore = 0;
    this.sums = { unsuppressed: 0, syntax: 0, failed: 0, manifests: 0, withFacts: 0 };
    this.reindex(0);
    this.generation++;
  }

  private makeChunk(text: string): Chunk {
    if (!this.options.live) return { text, breaks: countLineBreaks(text) };
    const t = detach(text);
    const lines = lineStarts(t);
    return { text: t, breaks: lines.length - 1, lines };
  }

  private linesOf(c: Chunk): number[] {
    return (c.lines ??= lineStarts(c.text));
  }

  /**
   * Give chunk `k` a new text that stays one chunk (a repair made by fixes). Chunks after it
   * move; they are placed again when a place is next asked for.
   */
  setChunkText(k: number, text: string): void {
    this.account(this.chunks[k], -1);
    this.chunks[k] = this.makeChunk(text);
    this.stale = Math.min(this.stale, k);
    this.analysedBefore = Math.min(this.analysedBefore, k);
    this.generation++;
  }

  private settle(): void {
    if (this.stale < this.chunks.length) this.reindex(this.stale);
  }

  /** Recompute chunk offsets and first lines from chunk `from` on. */
  private reindex(from: number): void {
    from = Math.min(from, this.stale);
    const n = this.chunks.length;
    this.offsets.length = n;
    this.firstLines.length = n;
    let off = from > 0 ? this.offsets[from - 1] + this.chunks[from - 1].text.length : 0;
    let line = from > 0 ? this.firstLines[from - 1] + this.chunks[from - 1].breaks : 0;
    for (let k = from; k < n; k++) {
      const c = this.chunks[k];
      this.offsets[k] = off;
      this.firstLines[k] = line;
      off += c.text.length;
      // a chunk ends at a line start (or at the end of the text): its last line start is the next chunk's first
      line += c.breaks;
    }
    this._length = off;
    this._lineCount = line + 1;
    this.stale = n;
  }

  /** Chunk index and offset within it of an LSP position (clamped as LSP specifies). */
  private locate(pos: Position): { k: number; rel: number } {
    this.settle();
    const last = this.chunks.length - 1;
    if (pos.line < 0) return { k: 0, rel: 0 };
    if (pos.line >= this._lineCount) return { k: last, rel: this.chunks[last].text.length };
    let k = floorIndex(this.firstLines, pos.line);
    // an empty chunk can share its first line with the next one: take the one holding the line
    while (k < last && this.firstLines[k + 1] === pos.line) k++;
    const c = this.chunks[k];
    const lines = this.linesOf(c);
    const rl = pos.line - this.firstLines[k];
    return { k, rel: Math.min(lines[rl] + Math.max(0, pos.character), lineEndAt(c.text, lines, rl)) };
  }

  /** Offset of an LSP position; out-of-range lines and characters clamp as LSP specifies. */
  offsetAt(pos: Position): number {
    const { k, rel } = this.locate(pos);
    return this.offsets[k] + rel;
  }

  positionAt(offset: number): Position {
    this.settle();
    const o = Math.max(0, Math.min(offset, this._length));
    let k = floorIndex(this.offsets, o);
    while (k > 0 && o === this.offsets[k] && this.chunks[k].text.length === 0) k--;
    const c = this.chunks[k];
    const rel = o - this.offsets[k];
    const lines = this.linesOf(c);
    const rl = floorIndex(lines, rel);
    return { line: this.firstLines[k] + rl, character: rel - lines[rl] };
  }

  /** The text of a line, without its line break. */
  lineText(line: number): string {
    if (line < 0 || line >= this.lineCount) return '';
    const { k, rel } = this.locate({ line, character: 0 });
    const c = this.chunks[k];
    const lines = this.linesOf(c);
    const rl = floorIndex(lines, rel);
    return c.text.slice(lines[rl], lineEndAt(c.text, lines, rl));
  }

  /** The line break that ends a line ('' for the last line). */
  lineBreak(line: number): string {
    if (line < 0 || line >= this.lineCount) return '';
    const { k, rel } = this.locate({ line, character: 0 });
    const c = this.chunks[k];
    const lines = this.linesOf(c);
    const rl = floorIndex(lines, rel);
    const end = lineEndAt(c.text, lines, rl);
    return c.text.slice(end, rl + 1 < lines.length ? lines[rl + 1] : end);
  }

  /** Index of the chunk holding `offset` (the last chunk for the end of the text). */
  private chunkAt(offset: number): number {
    this.settle();
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
      return same ?? this.makeChunk(t);
    });
    for (const list of byText.values()) for (const c of list) if (!c.failure) this.remember(c.text, c.result!);
    for (let k = first; k <= last; k++) this.account(chunks[k], -1);
    for (const c of fresh) this.account(c, 1);
    const removed = last - first + 1;
    if (fresh.length < 4096) chunks.splice(first, removed, ...fresh);
    else this.chunks = chunks.slice(0, first).concat(fresh, chunks.slice(last + 1));
    this.analysedBefore = Math.min(this.analysedBefore, first);
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
    // Performance: asked after every edit; every chunk before `analysedBefore` has its result
    const chunks = this.chunks;
    let k = this.analysedBefore;
    while (k < chunks.length && chunks[k].result) k++;
    this.analysedBefore = k;
    return k >= chunks.length;
  }

  /**
   * Analyse chunks that have no result yet, in order, until done or until `deadline`
   * (a `performance.now()` value) passes. Returns true when every chunk has its result.
   */
  analyze(deadline = Infinity): boolean {
    // facts do not depend on the context: one refresh settles it
    for (let round = 0; round < 2; round++) {
      // Performance: resume where the last call stopped, not at the first chunk (a slice of a
      // large file would otherwise walk every chunk analysed before it)
      const chunks = this.chunks;
      for (let k = this.analysedBefore; k < chunks.length; k++) {
        const c = chunks[k];
        if (!c.result) {
          if (performance.now() > deadline) return false;
          this.analyzeOne(c);
        }
        this.analysedBefore = k + 1;
      }
      if (!this.refreshOwnCluster()) return true;
    }
    return this.complete;
  }

  /** The line where the chunks analysed in order end (where `analyze` resumes), or the line count when all are. */
  analysedLines(): number {
    this.settle();
    return this.analysedBefore < this.chunks.length ? this.firstLines[this.analysedBefore] : this._lineCount;
  }

  /** The result of chunk `k`, analysed now when it has none. */
  analyzeAt(k: number): ChunkAnalysis {
    const c = this.chunks[k];
    if (!c.result) this.analyzeOne(c);
    return c.result!;
  }

  /** Analyse the chunks overlapping lines [fromLine, toLine] that have no result yet. */
  analyzeLines(fromLine: number, toLine: number): void {
    this.settle();
    for (let k = 0; k < this.chunks.length && this.firstLines[k] <= toLine; k++) {
      const c = this.chunks[k];
      if (!c.result && this.firstLines[k] + c.breaks >= fromLine) this.analyzeOne(c);
    }
  }

  /** The one call of the per-chunk analysis. */
  private analyzeOne(c: Chunk): void {
    const reused = this.recycle.get(c.text);
    if (reused) {
      this.recycle.delete(c.text);
      c.result = reused;
      this.account(c, 1);
      return;
    }
    try {
      c.result = analyzeChunk(c.text, this._cfg, this.cluster);
      if (c.result.ruleErrors.length) this.pendingErrors.push(...c.result.ruleErrors);
    } catch (e) {
      if (!this.options.live) throw e;
      const err = e as Error;
      c.failure = err?.message ?? String(e);
      c.result = { findings: [], documents: 1, ruleErrors: [], manifest: looksLikeManifest(c.text), reads: [], unsuppressed: { all: 0, syntax: 0 } };
      this.pendingErrors.push({ ruleId: '(engine)', message: c.failure, stack: err?.stack });
    }
    this.account(c, 1);
  }

  /** Add (`sign` 1) or take away (-1) a chunk's result in the running sums. */
  private account(c: Chunk, sign: 1 | -1): void {
    const r = c.result;
    if (!r) return;
    const s = this.sums;
    s.unsuppressed += sign * r.unsuppressed.all;
    s.syntax += sign * r.unsuppressed.syntax;
    if (c.failure !== undefined) s.failed += sign;
    if (r.manifest) s.manifests += sign;
    if (r.facts) s.withFacts += sign;
  }

  /**
   * Sums over the current results, kept as results come and go: what a front end needs of every
   * chunk of a large file after each edit, without walking the chunks.
   */
  get totals(): Readonly<ResultTotals> {
    return this.sums;
  }

  /** Rule errors (and contained engine failures) from analyses since the last call. */
  takeRuleErrors(): RuleError[] {
    const out = this.pendingErrors;
    this.pendingErrors = [];
    return out;
  }

  private place(k: number, docs: number): PlacedChunk {
    const c = this.chunks[k];
    return {
      result: c.result!,
      text: c.text,
      offset: this.offsets[k],
      end: this.offsets[k] + c.text.length,
      line: this.firstLines[k],
      docs,
      failure: c.failure,
    };
  }

  /**
   * Analysed chunks with their place in the file, in order. Chunks without a result are skipped:
   * they hold no documents (the index of a document counts the analysed chunks only).
   */
  placed(): PlacedChunk[] {
    this.settle();
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

  /**
   * Analysed chunks placed in the file, in order, for as long as `visit` returns true: a front
   * end that needs the first few of a large file's chunks places only those.
   */
  placedWhile(visit: (p: PlacedChunk) => boolean): void {
    this.settle();
    let docs = 0;
    for (let k = 0; k < this.chunks.length; k++) {
      const c = this.chunks[k];
      if (!c.result) continue;
      if (!visit(this.place(k, docs))) return;
      docs += c.result.documents;
    }
  }

  /** Placed chunks that overlap the lines [fromLine, toLine]. */
  placedInLines(fromLine: number, toLine: number): PlacedChunk[] {
    this.settle();
    const out: PlacedChunk[] = [];
    let docs = 0;
    for (let k = 0; k < this.chunks.length; k++) {
      const c = this.chunks[k];
      const lastLine = this.firstLines[k] + c.breaks;
      if (this.firstLines[k] > toLine) break;
      if (c.result && lastLine >= fromLine) out.push(this.place(k, docs));
      docs += c.result?.documents ?? 0;
    }
    return out;
  }

  /** Findings of the analysed chunks, placed in the file (all of them after `analyze()`). */
  findings(): Finding[] {
    const out: Finding[] = [];
    for (const p of this.placed()) for (const f of p.result.findings) out.push(shiftFinding(f, p.offset, p.line, p.docs));
    return out;
  }

  /**
   * A one-off pass over the chunks, in order, for a front end that analyses a text once (the
   * CLI, `analyzeText`): `step(k)` may repair chunk `k` (see fixChunk) and says whether to
   * include it; an included chunk is analysed unless it has a result, placed, and its result
   * dropped, so the pass holds one chunk's result at a time. Returns the placed findings, the
   * documents and the rule errors of the included chunks (the others hold no documents).
   */
  pass(step: (k: number) => boolean): TextAnalysis {
    const findings: Finding[] = [];
    const ruleErrors: RuleError[] = [];
    const notes: AnalysisNote[] = [];
    const documents = this.each(step, (r, at) => {
      for (const f of r.findings) findings.push(shiftFinding(f, at.offset, at.line, at.docs));
      for (const n of r.notes ?? []) notes.push(shiftNote(n, at.offset, at.line, at.docs));
      ruleErrors.push(...r.ruleErrors);
    });
    return { findings, documents, ruleErrors, notes };
  }

  /**
   * The same one-off pass, handing each included chunk's result to `visit` with its place in the
   * file instead of collecting findings: a front end that writes findings as it goes (the CLI)
   * holds one chunk's findings at a time, placed or not. Returns the documents seen.
   */
  each(step: (k: number) => boolean, visit: (result: ChunkAnalysis, at: ChunkPlace) => void): number {
    let docs = 0;
    // placed as the pass goes: repairs move the chunks after them, and re-placing them all after each would cost O(chunks) per repair
    let offset = 0;
    let line = 0;
    for (let k = 0; k < this.chunks.length; k++) {
      if (step(k)) {
        const r = this.analyzeAt(k);
        visit(r, { offset, line, docs });
        docs += r.documents;
        this.release(k);
      }
      const c = this.chunks[k];
      offset += c.text.length;
      line += c.breaks;
    }
    return docs;
  }

  /** Drop chunk `k`'s result (a one-off pass is done with it); it is analysed again when asked. */
  release(k: number): void {
    this.analysedBefore = Math.min(this.analysedBefore, k);
    this.account(this.chunks[k], -1);
    this.chunks[k].result = undefined;
    this.chunks[k].failure = undefined;
  }

  /** Notes of the analysed chunks, placed in the file. */
  notes(): AnalysisNote[] {
    const out: AnalysisNote[] = [];
    for (const p of this.placed()) for (const n of p.result.notes ?? []) out.push(shiftNote(n, p.offset, p.line, p.docs));
    return out;
  }

  /** Notes of the chunks that overlap lines [fromLine, toLine], placed in the file. */
  notesInLines(fromLine: number, toLine: number): AnalysisNote[] {
    const out: AnalysisNote[] = [];
    for (const p of this.placedInLines(fromLine, toLine)) for (const n of p.result.notes ?? []) out.push(shiftNote(n, p.offset, p.line, p.docs));
    return out;
  }

  /** Findings of the chunks that overlap lines [fromLine, toLine], placed in the file. */
  findingsInLines(fromLine: number, toLine: number): Finding[] {
    const out: Finding[] = [];
    for (const p of this.placedInLines(fromLine, toLine)) for (const f of p.result.findings) out.push(shiftFinding(f, p.offset, p.line, p.docs));
    return out;
  }

  /** Rule errors of the current results (each chunk's). */
  ruleErrors(): RuleError[] {
    return this.chunks.flatMap((c) => c.result?.ruleErrors ?? []);
  }

  /** Chunk extents. */
  get chunkSpans(): ChunkSpan[] {
    this.settle();
    return this.chunks.map((c, k) => ({ start: this.offsets[k], end: this.offsets[k] + c.text.length }));
  }

  /** Line start offsets of the whole text (for tests). */
  get lineStarts(): number[] {
    this.settle();
    const out: number[] = [0];
    this.chunks.forEach((c, k) => {
      const lines = this.linesOf(c);
      for (let i = 1; i < lines.length; i++) out.push(this.offsets[k] + lines[i]);
    });
    return out;
  }
}
