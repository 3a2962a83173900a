/**
 * One file of the compliance view (compliance-state.ts keeps them all): its analysis, from the
 * open document when there is one (the editor's text, the document's own results) or from disk
 * in its folder's cluster context, and what the view keeps of it (`FileEntry`): its path, how many
 * objects it holds, what kinds of file it is (evidence/results.ts `FileContent`), the dependency
 * keys its analysis read, and its findings of rules that check a requirement of the STIG, at most
 * `MAX_PER_FILE` (the others are counted). Memory per file does not grow with its findings.
 */
import { promises as fsp } from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { ChunkAnalysis } from '../engine/chunk-analysis';
import { normalizePath } from '../engine/cluster/paths';
import { PlacedChunks } from '../engine/pipeline';
import { RULES_BY_ID, type RuleSet } from '../engine/profiles';
import {
  contentsOf,
  holdsComponent,
  RequirementResults,
  requirementsOfRule,
  resourceText,
  type ChecklistStig,
  type CheckedFinding,
  type FileContent,
} from '../evidence/results';
import type { ServerContext } from './context';
import type { DocumentConfig } from './document-config';
import type { ReadFilter } from './read-filter';
import type { DocState } from './document-state';
import { textOf } from './index-reader';
import type { WorkspaceIndex } from './workspace-index';

/** Findings of STIG rules kept per file (the others are counted). */
const MAX_PER_FILE = 200;
/** Longest stretch of analysis before the server looks at its message queue again. */
const SLICE_MS = 10;

export const yieldToEventLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

/** Whether a chunk holds a component's configuration, per chunk result (an edit re-tests only the chunks it changed). */
const componentChunks = new WeakMap<ChunkAnalysis, boolean>();

export interface StoredFinding extends CheckedFinding {
  resource: string | null;
}

export interface FileEntry {
  folder: string;
  path: string;
  uri: string;
  /** relative to the workspace folder, `/`-separated (prefixed with the folder's name in a multi-root workspace) */
  rel: string;
  objects: number;
  holds: FileContent[];
  findings: StoredFinding[];
  /** per rule, open findings beyond MAX_PER_FILE */
  more: Map<string, number> | undefined;
  reads: Set<string>;
}

/** What analysing a file needs of the server. */
export interface FileSources {
  ctx: ServerContext;
  config: DocumentConfig;
  index: WorkspaceIndex;
  filterOf(folder: string): Promise<ReadFilter>;
  /** the analysis is no longer wanted (the file changed again, the view stopped) */
  stale(file: string): boolean;
}

/**
 * Analyse a file of a folder: the open document's analysis when it is open, else the file on
 * disk. Undefined when there is nothing to keep (excluded, unreadable, not text, stale); `gone`
 * when the file is no longer there.
 */
export async function analyseFile(src: FileSources, folder: string, file: string): Promise<PlacedChunks | 'gone' | undefined> {
  const open = openDocument(src.ctx, file);
  if (open) {
    const conf = await src.config.ensure(open);
    if (open.closed || conf.excluded || !open.eligible) return undefined;
    while (!open.analysis.analyze(performance.now() + SLICE_MS)) {
      await yieldToEventLoop();
      if (open.closed) return undefined;
    }
    return open.analysis;
  }
  let bytes: Buffer;
  try {
    bytes = await fsp.readFile(file);
  } catch {
    return 'gone';
  }
  const text = textOf(bytes);
  const cluster = src.index.contextOf(folder);
  if (text === undefined || !cluster) return undefined;
  const rules = (await src.filterOf(folder)).rulesFor(file);
  const chunks = new PlacedChunks(text, rules, { cluster });
  while (!chunks.analyze(performance.now() + SLICE_MS)) {
    await yieldToEventLoop();
    if (src.stale(file)) return undefined;
  }
  return src.stale(file) ? undefined : chunks;
}

function openDocument(ctx: ServerContext, file: string): DocState | undefined {
  const key = normalizePath(file);
  for (const s of ctx.documents.values()) if (s.filePath !== undefined && normalizePath(s.filePath) === key && !s.closed) return s;
  return undefined;
}

/** What the view keeps of a file's analysis. */
export function entryOf(stig: ChecklistStig, folder: string, file: string, chunks: PlacedChunks, multiRoot: boolean): FileEntry {
  let objects = 0;
  let manifest = false;
  let component = false;
  const reads = new Set<string>();
  for (const p of chunks.placed()) {
    let c = componentChunks.get(p.result);
    if (c === undefined) componentChunks.set(p.result, (c = holdsComponent(p.text)));
    component ||= c;
    if (p.result.manifest) {
      manifest = true;
      objects += p.result.documents;
    }
    for (const k of p.result.reads) reads.add(k);
  }
  const findings: StoredFinding[] = [];
  let more: Map<string, number> | undefined;
  for (const f of chunks.findings()) {
    const rule = RULES_BY_ID.get(f.ruleId);
    if (!rule || !requirementsOfRule(rule, stig.framework).length) continue;
    if (findings.length < MAX_PER_FILE) {
      findings.push({
        ruleId: f.ruleId,
        message: f.message,
        range: f.range,
        resource: resourceText(f.resource) ?? null,
        container: f.container,
        ...(f.suppressed ? { suppressed: { reason: f.suppressed.reason } } : {}),
      });
    } else if (!f.suppressed || !f.suppressed.reason) {
      more ??= new Map();
      more.set(f.ruleId, (more.get(f.ruleId) ?? 0) + 1);
    }
  }
  const rel = path.relative(folder, file).split(path.sep).join('/');
  return {
    folder,
    path: file,
    uri: pathToFileURL(file).href,
    rel: multiRoot ? `${path.basename(folder)}/${rel}` : rel,
    objects,
    holds: contentsOf(component, chunks.facts(), manifest),
    findings,
    more,
    reads,
  };
}

/** Whether an entry says what another does (typing in a value leaves the view as it was). */
export function sameEntry(a: FileEntry | undefined, b: FileEntry): boolean {
  if (!a || a.rel !== b.rel || a.objects !== b.objects || a.holds.join() !== b.holds.join() || a.findings.length !== b.findings.length) return false;
  if (JSON.stringify([...(a.more ?? [])]) !== JSON.stringify([...(b.more ?? [])])) return false;
  return a.findings.every((f, i) => JSON.stringify(f) === JSON.stringify(b.findings[i]));
}

/** Entries in the order of their relative paths. */
export function byPath(entries: Iterable<FileEntry>): FileEntry[] {
  return [...entries].sort((a, b) => (a.rel < b.rel ? -1 : a.rel > b.rel ? 1 : 0));
}

/** The verdicts per requirement from the files' entries (`maxFindings` listed per requirement). */
export function requirementResults(files: readonly FileEntry[], stig: ChecklistStig, rules: RuleSet, maxFindings?: number): RequirementResults {
  const builder = new RequirementResults(
    stig,
    rules.run.map((a) => a.rule),
    { maxFindings },
  );
  for (const e of files) builder.add({ file: e.rel, objects: e.objects, holds: e.holds }, e.findings, e.more);
  return builder;
}
