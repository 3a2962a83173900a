/**
 * Checking one file (or one part of a large file): read, analyse, and with `--fix` repair and
 * write it, or with `--fix-dry-run` describe the repair as a diff. Runs the same in the main
 * thread and in worker threads: its input and output are plain data.
 *
 * Every document is parsed once. With a fix mode, only the documents that have something to fix
 * are parsed again: fix-all works on them, and their findings are taken from the repaired text.
 */
import { analyzeChunk, shiftFinding, type RuleError } from '../engine/analyze';
import { splitChunks } from '../engine/chunks';
import { fixAll, isAutoFixable, type OffsetEdit } from '../engine/fix/apply';
import { resolveRuleSet, type EngineOptions, type RuleSet } from '../engine/profiles';
import type { Finding } from '../engine/types';
import { unifiedDiff } from './diff';
import { InputError, readSource, writeAtomic, type SourceFile } from './files';

export type FixMode = 'none' | 'fix' | 'dry-run';

export interface FileTask {
  /** position of the file in the output */
  index: number;
  /** the path as given or found */
  path: string;
  options: EngineOptions;
  fix: FixMode;
  /** check only the documents that start in this share of the file (large files, no fix mode) */
  part?: { index: number; count: number };
}

export interface FileResult {
  index: number;
  path: string;
  part?: { index: number; count: number };
  /** every finding, suppressed ones included, in text order (after any fix) */
  findings: Finding[];
  /** YAML documents seen (in this part) */
  documents: number;
  ruleErrors: RuleError[];
  /** the file could not be read, decoded or written */
  error?: string;
  /** fixes applied (or that `--fix-dry-run` would apply) */
  fixed: number;
  /** `--fix-dry-run`: the unified diff */
  diff?: string;
}

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

/** Line breaks in text[from, to) (CRLF counts once; chunk boundaries never split one). */
function countBreaks(text: string, from: number, to: number, hasCR: boolean): number {
  let n = 0;
  if (!hasCR) {
    for (let i = text.indexOf('\n', from); i !== -1 && i < to; i = text.indexOf('\n', i + 1)) n++;
    return n;
  }
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i);
    if (c === 10) n++;
    else if (c === 13) {
      n++;
      if (text.charCodeAt(i + 1) === 10 && i + 1 < to) i++;
    }
  }
  return n;
}

/** Analyse (and fix) a text. */
export function checkText(task: FileTask, source: SourceFile): FileResult {
  const cfg = configFor(task.options);
  const text = source.text;
  const spans = splitChunks(text);
  const hasCR = text.includes('\r');
  let lo = 0;
  let hi = Number.POSITIVE_INFINITY;
  if (task.part && task.part.count > 1) {
    lo = Math.floor((text.length * task.part.index) / task.part.count);
    hi = Math.floor((text.length * (task.part.index + 1)) / task.part.count);
    if (task.part.index === task.part.count - 1) hi = Number.POSITIVE_INFINITY;
  }
  const findings: Finding[] = [];
  const ruleErrors: RuleError[] = [];
  const edits: OffsetEdit[] = [];
  let documents = 0;
  let fixed = 0;
  // position of the current chunk in the output text (which differs from `text` after fixes)
  let outOffset = 0;
  let outLine = 0;
  let scanned = 0;
  const pieces: string[] | undefined = task.fix === 'fix' ? [] : undefined;
  for (const span of spans) {
    if (span.start < lo || span.start >= hi) continue;
    // lines before this chunk (in the original: only unchanged text lies before the first one)
    if (scanned < span.start) {
      outLine += countBreaks(text, scanned, span.start, hasCR);
      outOffset += span.start - scanned;
    }
    let chunk = text.slice(span.start, span.end);
    let res = analyzeChunk(chunk, cfg);
    if (task.fix !== 'none' && res.findings.some(isAutoFixable)) {
      const repaired = fixAll(chunk, cfg);
      if (repaired.text !== chunk) {
        fixed += repaired.applied;
        for (const e of repaired.edits) edits.push({ start: e.start + span.start, end: e.end + span.start, text: e.text });
        chunk = repaired.text;
        res = analyzeChunk(chunk, cfg);
      }
    }
    for (const f of res.findings) findings.push(shiftFinding(f, outOffset, outLine, documents));
    documents += res.documents;
    ruleErrors.push(...res.ruleErrors);
    pieces?.push(chunk);
    outLine += countBreaks(chunk, 0, chunk.length, hasCR || chunk.includes('\r'));
    outOffset += chunk.length;
    scanned = span.end;
  }
  const result: FileResult = { index: task.index, path: task.path, findings, documents, ruleErrors, fixed };
  if (task.part) result.part = task.part;
  if (task.fix === 'dry-run' && edits.length) result.diff = unifiedDiff(task.path, text, edits, source.bom);
  if (task.fix === 'fix' && edits.length && pieces) {
    writeAtomic(task.path, pieces.join(''), source.bom);
  }
  return result;
}

/** Read and check one file; read and write failures become the result's `error`. */
export function checkFile(task: FileTask): FileResult {
  try {
    return checkText(task, readSource(task.path));
  } catch (e) {
    if (!(e instanceof InputError)) throw e;
    return { index: task.index, path: task.path, findings: [], documents: 0, ruleErrors: [], fixed: 0, error: e.message };
  }
}
