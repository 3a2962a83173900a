/**
 * Checking one file (or one part of a large file): read, analyse, and with `--fix` repair and
 * write it, or with `--fix-dry-run` describe the repair as a diff. Runs the same in the main
 * thread and in worker threads: its input and output are plain data.
 *
 * One pass over the file's chunks (engine/pipeline.ts): every document is parsed once. With a fix
 * mode, the documents that have something to fix are repaired in place (fix-all's passes), and
 * their findings are those of the repaired text, placed in it.
 */
import type { RuleError } from '../engine/analyze';
import { diffEdits, fixChunk, isAutoFixable } from '../engine/fix/apply';
import type { ClusterContext } from '../engine/cluster/context';
import { ownCluster, PlacedChunks } from '../engine/pipeline';
import { resolveRuleSet, type EngineOptions, type RuleSet } from '../engine/profiles';
import { shiftEdit, type Edit } from '../engine/text';
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

/**
 * Analyse (and fix) a text. `cluster` is what all the files checked together say about the cluster
 * (see cluster/context.ts); without one, the text's own facts.
 */
export function checkText(task: FileTask, source: SourceFile, cluster?: ClusterContext): FileResult {
  const cfg = configFor(task.options);
  const text = source.text;
  const chunks = new PlacedChunks(text, cfg, { cluster: cluster ?? ownCluster(text, cfg.filePath) });
  let lo = 0;
  let hi = Number.POSITIVE_INFINITY;
  if (task.part && task.part.count > 1) {
    lo = Math.floor((text.length * task.part.index) / task.part.count);
    hi = Math.floor((text.length * (task.part.index + 1)) / task.part.count);
    if (task.part.index === task.part.count - 1) hi = Number.POSITIVE_INFINITY;
  }
  const edits: Edit[] = [];
  let fixed = 0;
  // where the current chunk starts in the original text
  let offset = 0;
  // findings are placed in the text after the fixes; chunks outside the part hold no documents
  const { findings, documents, ruleErrors } = chunks.pass((k) => {
    const before = chunks.textAt(k);
    const start = offset;
    offset += before.length;
    if (start < lo || start >= hi) return false;
    if (task.fix !== 'none' && chunks.analyzeAt(k).findings.some(isAutoFixable)) {
      const applied = fixChunk(chunks, k);
      const after = chunks.textAt(k);
      if (after !== before) {
        fixed += applied;
        for (const e of diffEdits(before, after)) edits.push(shiftEdit(e, start));
      }
    }
    return true;
  });
  const result: FileResult = { index: task.index, path: task.path, findings, documents, ruleErrors, fixed };
  if (task.part) result.part = task.part;
  if (task.fix === 'dry-run' && edits.length) result.diff = unifiedDiff(task.path, text, edits, source.bom);
  if (task.fix === 'fix' && edits.length) writeAtomic(task.path, chunks.text, source.bom);
  return result;
}

/** Read and check one file; read and write failures become the result's `error`. */
export function checkFile(task: FileTask, cluster?: ClusterContext): FileResult {
  try {
    return checkText(task, readSource(task.path), cluster);
  } catch (e) {
    if (!(e instanceof InputError)) throw e;
    return { index: task.index, path: task.path, findings: [], documents: 0, ruleErrors: [], fixed: 0, error: e.message };
  }
}
