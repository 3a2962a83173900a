/**
 * One task of a check: the same in the main thread and in worker threads, plain data in and out.
 *
 * - A `text` task is a run of consecutive chunks of a file (or of standard input) that the main
 *   thread read and split at document boundaries: analysed and reported, nothing else.
 * - A `file` task is a whole file the thread reads itself (a small file, or any file with a fix
 *   mode): with `--fix` the documents that have something to fix are repaired in place (fix-all's
 *   passes) and the file is written; with `--fix-dry-run` the repair is described as a diff.
 *
 * Either way the text goes through the chunk pipeline once (engine/pipeline.ts): every document
 * is parsed once, and each chunk's findings go to the format's writer as soon as the chunk is
 * done, so a task holds one chunk's findings and the output not yet handed over (`PIECE_CHARS`).
 */
import type { RuleError } from '../engine/chunk-analysis';
import type { ClusterContext } from '../engine/cluster/context';
import type { FileFacts } from '../engine/cluster/types';
import { diffEdits, fixChunk, isAutoFixable } from '../engine/fix/apply';
import { PlacedChunks, type ChunkPlace } from '../engine/pipeline';
import { resolveRuleSet, type EngineOptions, type RuleSet } from '../engine/profiles';
import { shiftEdit, type Edit } from '../engine/text';
import type { Finding } from '../engine/types';
import { unifiedDiff } from './diff';
import { InputError, readSource, writeAtomic, type SourceFile } from './files';
import { addCounts, emptyCounts, type Counts, type FormatSetup, type PieceWriter } from './format';
import { OUTPUT_FORMATS } from './outputs';

export type FixMode = 'none' | 'fix' | 'dry-run';

/**
 * What every task of a run shares, given to each worker once when it starts. A new input of the
 * whole run (the cluster facts of every file, say) goes here.
 */
export interface CheckSetup {
  /** the format's settings; none with `--fix-dry-run`, which prints a diff instead */
  format?: FormatSetup;
  /** `--quiet`: report errors only */
  quiet: boolean;
  /** what every file checked together says about the cluster (the fact pass); each thread builds its `ClusterContext` from it once */
  facts: FileFacts[];
}

interface TaskBase {
  /** the task's place in the output: tasks are reported in this order */
  seq: number;
  /** the file's path as given or found (as reports print it) */
  path: string;
  options: EngineOptions;
  /** the file's place among the files reported, when known when the task starts */
  artifact?: number;
  /** documents of the file before this task's text, when known when the task starts */
  docs?: number;
}

/** A whole file, read by the thread that runs the task (or given: standard input). */
export interface FileTask extends TaskBase {
  kind: 'file';
  fix: FixMode;
  /** the text, when it is not to be read from `path` */
  source?: { text: string; bom: boolean };
}

/** Consecutive chunks of a file read by the main thread. */
export interface TextTask extends TaskBase {
  kind: 'text';
  text: string;
  /** where the text starts in the file */
  offset: number;
  line: number;
}

export type Task = FileTask | TextTask;

export interface TaskStats {
  /** YAML documents in the task's text */
  documents: number;
  /** findings not suppressed, before `--quiet` (they decide the exit code) */
  found: Counts;
  /** findings reported (after `--quiet`) */
  shown: Counts;
  ruleErrors: RuleError[];
  /** fixes applied (or that `--fix-dry-run` would apply) */
  fixed: number;
  /** `--fix-dry-run`: the unified diff */
  diff?: string;
  /** the file could not be read, decoded or written */
  error?: string;
}

/** A format's output is handed over in pieces of about this many characters. */
export const PIECE_CHARS = 1 << 20;

/** Resolved rule sets of recent option objects (most files share one). */
const configCache = new Map<string, RuleSet>();

function configFor(options: EngineOptions): RuleSet {
  const { filePath, ...shared } = options;
  const key = JSON.stringify(shared);
  let base = configCache.get(key);
  if (!base) {
    if (configCache.size > 64) configCache.clear();
    base = resolveRuleSet(shared);
    configCache.set(key, base);
  }
  return filePath === undefined ? base : { ...base, filePath };
}

/** A writer that writes nothing (`--fix-dry-run` reports a diff, not findings). */
const NO_WRITER: PieceWriter<never> = { chunk() {}, size: 0, take: () => undefined };

function emptyStats(): TaskStats {
  return { documents: 0, found: emptyCounts(), shown: emptyCounts(), ruleErrors: [], fixed: 0 };
}

/**
 * Run a task in the cluster context of the run. `emit` gets the format's output in pieces as it
 * is made (with `--fix`, once the file is written: a file that cannot be written reports nothing
 * but its error); the last piece is returned with the counts.
 */
export function runTask(task: Task, setup: CheckSetup, cluster: ClusterContext, emit: (piece: unknown) => void): { stats: TaskStats; piece?: unknown } {
  let source: SourceFile | undefined;
  if (task.kind === 'file') {
    try {
      source = task.source ? { path: task.path, ...task.source } : readSource(task.path);
    } catch (e) {
      if (!(e instanceof InputError)) throw e;
      return { stats: { ...emptyStats(), error: e.message } };
    }
  }
  const text = source ? source.text : (task as TextTask).text;
  const fix = task.kind === 'file' ? task.fix : 'none';
  const base = task.kind === 'text' ? { offset: task.offset, line: task.line } : { offset: 0, line: 0 };
  const writer: PieceWriter<unknown> = setup.format
    ? OUTPUT_FORMATS[setup.format.format].writer({ path: task.path, artifact: task.artifact, docs: task.docs }, setup.format)
    : NO_WRITER;
  const held: unknown[] = [];
  const hand = (piece: unknown) => (fix === 'fix' ? held.push(piece) : emit(piece));

  const stats = emptyStats();
  const chunks = new PlacedChunks(text, configFor(task.options), { cluster });
  const edits: Edit[] = [];
  let offset = 0; // where the current chunk starts in the original text
  let current = 0; // the chunk `each` visits next (it visits chunk k right after step(k))
  const step = (k: number): boolean => {
    current = k;
    if (fix === 'none') return true;
    const before = chunks.textAt(k);
    const start = offset;
    offset += before.length;
    if (chunks.analyzeAt(k).findings.some(isAutoFixable)) {
      const applied = fixChunk(chunks, k);
      const after = chunks.textAt(k);
      if (after !== before) {
        stats.fixed += applied;
        for (const e of diffEdits(before, after)) edits.push(shiftEdit(e, start));
      }
    }
    return true;
  };
  const quiet = setup.quiet;
  stats.documents = chunks.each(step, (result, at) => {
    let shown: Finding[] = [];
    let suppressed: Finding[] = [];
    for (const f of result.findings) (f.suppressed ? suppressed : shown).push(f);
    addCounts(stats.found, shown);
    if (quiet) {
      shown = shown.filter((f) => f.severity === 'error');
      suppressed = suppressed.filter((f) => f.severity === 'error');
    }
    addCounts(stats.shown, shown);
    if (result.ruleErrors.length) stats.ruleErrors.push(...result.ruleErrors);
    const place: ChunkPlace = { offset: at.offset + base.offset, line: at.line + base.line, docs: at.docs };
    writer.chunk(shown, suppressed, place, { result, text: chunks.textAt(current) });
    if (writer.size >= PIECE_CHARS) {
      const piece = writer.take();
      if (piece !== undefined) hand(piece);
    }
  });
  if (fix === 'dry-run' && edits.length) stats.diff = unifiedDiff(task.path, text, edits, source!.bom);
  if (fix === 'fix' && edits.length) {
    try {
      writeAtomic(task.path, chunks.text, source!.bom);
    } catch (e) {
      if (!(e instanceof InputError)) throw e;
      return { stats: { ...emptyStats(), error: e.message } };
    }
  }
  for (const piece of held) emit(piece);
  const last = writer.take();
  return last === undefined ? { stats } : { stats, piece: last };
}
