/**
 * The workspace index: what the YAML files of each workspace folder say about the cluster
 * (namespaces and their Pod Security labels, admission configurations, RKE2 configs,
 * kustomizations: the facts of engine/cluster/types.ts), kept current without reading the
 * workspace again, and the cluster context every open document is judged in.
 *
 * - **A set per folder.** Each workspace folder is a set of files analysed together. It is read
 *   in the background when the server starts (async `fs`, yielding to the message queue between
 *   small batches), so the open documents get their diagnostics at once: until the folder has
 *   been read, its context is not `ready`, pods are judged by the profile setting, and hover says
 *   so. A document outside every folder is a set of its own (its own facts).
 * - **Files on disk** are read again when the client's file watcher reports them
 *   (`workspace/didChangeWatchedFiles`, registered for `**` `/*.{yaml,yml}`). A client that cannot
 *   watch files for the server gets a rescan instead when a document is opened or saved: the
 *   folder is listed again and only files whose size or modification time changed are read.
 * - **Open documents** contribute the facts of their current text, taken from their analysis
 *   (`PlacedChunks.facts()`) once it completes, in place of the file's disk facts; a document
 *   closed without saving falls back to the file on disk.
 * - **A change of facts** rebuilds the folder's `ClusterContext` (cheap: it holds facts only),
 *   computes the dependency keys whose value changed (`changedKeys`), and hands both to every
 *   open document of the folder (`setCluster`): only the chunks that read a changed key are
 *   analysed again, and the documents that lost results get fresh diagnostics.
 *
 * What it reads: regular files named `*.yaml` / `*.yml` inside the workspace folder, nothing
 * else. It does not enter `node_modules` or `.git`, follows no link to a folder, follows a link
 * to a file only when the file itself lies inside the folder, and leaves out `.podsec.yaml`, files
 * the configuration `exclude`s and files above `maxFileSizeMB` (in an untrusted workspace that
 * limit cannot be raised: document-config.ts applies the same trust cap as for open documents).
 * Files are data: their facts are plain values, and no code from the workspace runs.
 *
 * Memory: per file its size, modification time and facts (copied, so that no file text stays
 * alive); files without facts cost one small entry. Texts are never kept.
 */
import { promises as fsp, type Dirent, type Stats } from 'node:fs';
import * as path from 'node:path';
import { FileChangeType, type FileEvent } from 'vscode-languageserver/node';
import { CONFIG_FILE_NAME } from '../../../shared/protocol';
import { changedKeys, ClusterContext, READY_KEY } from '../engine/cluster/context';
import { extractFacts } from '../engine/cluster/facts';
import { isUnder, normalizePath } from '../engine/cluster/paths';
import { hasFacts, type FileFacts } from '../engine/cluster/types';
import { readAdmissionConfiguration } from '../node/admission-file';
import { errorText } from '../node/errors';
import type { ServerContext } from './context';
import type { DocumentConfig } from './document-config';
import type { ReadFilter } from './read-filter';
import type { DocState } from './document-state';
import { uriToPath } from './workspace';

/** Files the index reads, as a watcher glob. */
export const MANIFEST_GLOB = '**/*.{yaml,yml}';
const YAML_FILE = /\.ya?ml$/i;
const SKIPPED_DIRS = new Set(['node_modules', '.git']);
/** Files read at the same time while scanning a folder. */
const PARALLEL_READS = 8;
/** Longest stretch of the index's own work before it lets the server read its message queue. */
const SLICE_MS = 4;

const yieldToEventLoop = () => new Promise<void>((resolve) => setImmediate(resolve));
const decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

interface DiskEntry {
  /** the file's path as found */
  path: string;
  mtimeMs: number;
  size: number;
  /** the file's facts, when it has any */
  facts: FileFacts | undefined;
}

/** Files analysed together: a workspace folder, or a document outside every folder. */
class FactSet {
  /** every file read, by normalised path */
  readonly disk = new Map<string, DiskEntry>();
  /** the disk entries that hold facts */
  readonly diskFacts = new Map<string, FileFacts>();
  /** open documents' facts by normalised path (null: the document has none), in place of the disk's */
  readonly open = new Map<string, FileFacts | null>();
  /** admission configurations the configuration names that are not among the folder's files (read as data) */
  extra = new Map<string, FileFacts>();
  /** open documents judged in this set's context */
  readonly docs = new Set<DocState>();
  /** the facts the context was built from */
  private built = new Map<string, FileFacts>();
  context: ClusterContext;
  /** the newest read of each file under way (a read finishing after a newer one started is dropped) */
  readonly pending = new Map<string, number>();
  filter: ReadFilter | undefined;
  scanning: Promise<void> | undefined;
  rescanWanted = false;
  removed = false;

  constructor(
    /** the workspace folder; undefined for a document outside every folder */
    readonly root: string | undefined,
    public ready: boolean,
    context?: ClusterContext,
  ) {
    this.context = context ?? new ClusterContext([], ready);
  }

  contains(key: string): boolean {
    return this.root !== undefined && isUnder(key, normalizePath(this.root));
  }

  setDisk(key: string, entry: DiskEntry | undefined): void {
    if (entry) this.disk.set(key, entry);
    else this.disk.delete(key);
    if (entry?.facts) this.diskFacts.set(key, entry.facts);
    else this.diskFacts.delete(key);
  }

  /**
   * Build the context again from the current facts. Returns the dependency keys whose value
   * changed (empty: the context stays as it is).
   */
  rebuild(): Set<string> {
    const facts = new Map<string, FileFacts>();
    for (const [k, f] of this.diskFacts) if (!this.open.has(k)) facts.set(k, f);
    for (const [k, f] of this.open) if (f) facts.set(k, f);
    for (const [k, f] of this.extra) if (!facts.has(k) && !this.disk.has(k)) facts.set(k, f);
    const changed = new Set<string>();
    for (const [k, f] of facts) {
      const before = this.built.get(k);
      if (before !== f) for (const key of changedKeys(before, f)) changed.add(key);
    }
    for (const [k, before] of this.built) if (!facts.has(k)) for (const key of changedKeys(before, undefined)) changed.add(key);
    if (this.context.ready !== this.ready) changed.add(READY_KEY);
    this.built = facts;
    if (changed.size) this.context = new ClusterContext(facts.values(), this.ready);
    return changed;
  }
}

/** A copy of facts that shares no string with the text they were read from. */
function detached(f: FileFacts): FileFacts {
  return JSON.parse(JSON.stringify(f)) as FileFacts;
}

/** A file's text without its byte order mark; undefined for binary content or invalid UTF-8. */
export function textOf(bytes: Buffer): string | undefined {
  if (bytes.includes(0)) return undefined;
  try {
    const text = decoder.decode(bytes);
    return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  } catch {
    return undefined;
  }
}

function keyOf(state: DocState): string | undefined {
  return state.filePath === undefined ? undefined : normalizePath(state.filePath);
}

/** What other modules learn from the index (the compliance store, compliance.ts). */
export interface IndexListener {
  /** a file of a folder was read (new, or changed on disk), or is gone or left out now (`present` false) */
  fileChanged?(folder: string, file: string, present: boolean): void;
  /** a folder's cluster context changed: the dependency keys whose value changed (`index:ready` when it has just been read) */
  contextChanged?(folder: string, changed: ReadonlySet<string>): void;
  /** workspace folders were added or removed */
  foldersChanged?(): void;
}

export class WorkspaceIndex {
  readonly listeners: IndexListener[] = [];
  /** workspace folder (absolute path) -> its set */
  private readonly sets = new Map<string, FactSet>();
  /** documents outside every folder (and untitled ones) -> their own set */
  private readonly loose = new Map<DocState, FactSet>();
  private readonly home = new Map<DocState, FactSet>();
  /** the client reports changed files (otherwise folders are rescanned on open and save) */
  private watching = false;
  private started = false;
  private seq = 0;

  constructor(
    private readonly ctx: ServerContext,
    private readonly config: DocumentConfig,
    /** documents whose analysis lost results to a change of facts: they need diagnostics again */
    private readonly rejudged: (states: DocState[]) => void,
  ) {}

  // ---- lifecycle ----

  /** The server is initialised: read every workspace folder. */
  start(watching: boolean): void {
    this.started = true;
    this.watching = watching;
    if (!watching && this.ctx.workspace.folders.length)
      this.ctx.log(
        'podsec: the client cannot watch files for the server; the workspace index lists the workspace folders again (reading only changed files) when a document is opened or saved',
      );
    this.foldersChanged();
  }

  /** The workspace folders changed: read new ones, forget removed ones, move open documents. */
  foldersChanged(): void {
    if (!this.started) return;
    const now = new Set(this.ctx.workspace.folders);
    for (const [root, set] of this.sets) {
      if (now.has(root)) continue;
      set.removed = true;
      this.sets.delete(root);
    }
    for (const root of now) {
      if (this.sets.has(root)) continue;
      const set = new FactSet(root, false);
      this.sets.set(root, set);
      void this.scan(set);
    }
    for (const state of [...this.home.keys()]) this.rehome(state);
    for (const l of this.listeners) l.foldersChanged?.();
  }

  /** The workspace folders, with whether each has been read. */
  folders(): { root: string; ready: boolean }[] {
    return [...this.sets.values()].map((s) => ({ root: s.root!, ready: s.ready }));
  }

  /** The YAML files of a folder the index reads (paths as found). */
  filesOf(root: string): string[] {
    return [...(this.sets.get(root)?.disk.values() ?? [])].map((e) => e.path);
  }

  /** The cluster context files of a folder are judged in. */
  contextOf(root: string): ClusterContext | undefined {
    return this.sets.get(root)?.context;
  }

  /** The innermost workspace folder holding a file. */
  folderOfFile(file: string): string | undefined {
    return this.folderOf(normalizePath(file))?.root;
  }

  /** Settings or configuration files changed: which files the index reads may have changed. */
  reconfigured(): void {
    for (const set of this.sets.values()) if (set.ready) void this.scan(set);
  }

  // ---- open documents ----

  /** The context a document that opens now is judged in (then call `opened`). */
  contextFor(uri: string): ClusterContext {
    const p = uriToPath(uri);
    return (p === undefined ? undefined : this.folderOf(normalizePath(p)))?.context ?? new ClusterContext([]);
  }

  opened(state: DocState): void {
    const key = keyOf(state);
    const folder = key === undefined ? undefined : this.folderOf(key);
    if (folder) {
      folder.docs.add(state);
      this.home.set(state, folder);
      if (!this.watching && folder.ready) void this.scan(folder);
    } else {
      const set = new FactSet(undefined, true, state.analysis.clusterContext);
      set.docs.add(state);
      this.loose.set(state, set);
      this.home.set(state, set);
    }
  }

  /** A document closed: the file on disk speaks for it again. */
  closed(state: DocState): void {
    const set = this.home.get(state);
    this.home.delete(state);
    this.loose.delete(state);
    set?.docs.delete(state);
    const key = keyOf(state);
    if (key === undefined) return;
    for (const s of this.setsHolding(key)) {
      if (!s.open.delete(key)) continue;
      // unsaved changes are gone: read the file again (it may also have been deleted)
      void this.refreshFile(s, state.filePath!).then(() => this.rebuild(s));
    }
  }

  saved(state: DocState): void {
    if (this.watching) return;
    const set = this.home.get(state);
    if (set?.root !== undefined && set.ready) void this.scan(set);
  }

  /**
   * A document's analysis is complete: its facts replace what the index had for the file. When
   * they differ, the contexts are rebuilt and the documents that depend on the change re-judged
   * (this one too: the caller analyses it again when it lost results; it is not in the list
   * given to `rejudged`).
   */
  analysed(state: DocState): void {
    const set = this.home.get(state);
    if (!set) return;
    const raw = state.analysis.facts();
    const facts = hasFacts(raw) ? { ...raw, path: state.filePath ?? raw.path } : null;
    const key = keyOf(state) ?? '';
    if (set.root === undefined) {
      // a document alone: the admission configuration its configuration names counts beside it
      const extra = new Map((state.conf?.extraFacts ?? []).map((f) => [normalizePath(f.path), f]));
      const before = set.open.get(key);
      set.open.set(key, facts);
      if (JSON.stringify([...extra]) !== JSON.stringify([...set.extra]) || changedKeys(before ?? undefined, facts ?? undefined).size) {
        set.extra = extra;
        this.rebuild(set, state);
      }
      return;
    }
    for (const s of this.setsHolding(key)) {
      const before = s.open.has(key) ? s.open.get(key) : s.diskFacts.get(key);
      s.open.set(key, facts);
      if (changedKeys(before ?? undefined, facts ?? undefined).size) this.rebuild(s, state);
    }
  }

  // ---- files on disk ----

  /** Files changed on disk (the client's watcher). */
  filesChanged(changes: readonly FileEvent[]): void {
    const touched = new Map<FactSet, Promise<void>[]>();
    for (const change of changes) {
      const p = uriToPath(change.uri);
      if (p === undefined) continue;
      const key = normalizePath(p);
      if (path.basename(p) === CONFIG_FILE_NAME) continue; // the server reconfigures (see reconfigured)
      for (const set of this.sets.values()) {
        if (!set.contains(key)) continue;
        const list = touched.get(set) ?? [];
        touched.set(set, list);
        if (change.type === FileChangeType.Deleted) {
          // a file, or a folder with everything in it
          for (const k of [...set.disk.keys()]) if (isUnder(k, key)) this.forget(set, k);
        } else if (YAML_FILE.test(p)) {
          list.push(this.refreshFile(set, p));
        }
      }
    }
    for (const [set, reads] of touched) void Promise.all(reads).then(() => this.rebuild(set));
  }

  /** A file is gone (or left out now): reads of it under way are dropped. */
  private forget(set: FactSet, key: string): void {
    set.pending.delete(key);
    this.setDisk(set, key, undefined);
  }

  /** Keep (or drop) a file's entry, and tell the listeners. */
  private setDisk(set: FactSet, key: string, entry: DiskEntry | undefined): void {
    const before = set.disk.get(key);
    set.setDisk(key, entry);
    const file = entry?.path ?? before?.path;
    if (file !== undefined && (entry || before)) for (const l of this.listeners) l.fileChanged?.(set.root!, file, !!entry);
  }

  /** Read one file again (after a change on disk, or when its document closed). */
  private async refreshFile(set: FactSet, file: string): Promise<void> {
    const filter = set.filter ?? (await this.filterOf(set));
    if (!filter) return;
    let st: Stats;
    try {
      st = await fsp.stat(file);
    } catch {
      this.forget(set, normalizePath(file));
      return;
    }
    const rel = path.relative(set.root!, file).split(path.sep);
    if (!st.isFile() || path.basename(file) === CONFIG_FILE_NAME || rel.some((seg) => SKIPPED_DIRS.has(seg)) || filter.skipsFile(file, st.size)) {
      this.forget(set, normalizePath(file));
      return;
    }
    await this.readFile(set, file, st);
  }

  private async filterOf(set: FactSet): Promise<ReadFilter | undefined> {
    try {
      set.filter = await this.config.readFilter(set.root!);
    } catch (e) {
      this.ctx.failed(`reading the configuration for ${set.root}`, e);
    }
    return set.filter;
  }

  /** Read a file and keep its facts (unless a newer read of it started meanwhile). */
  private async readFile(set: FactSet, file: string, st: Stats): Promise<void> {
    const key = normalizePath(file);
    const seq = ++this.seq;
    set.pending.set(key, seq);
    let bytes: Buffer;
    try {
      bytes = await fsp.readFile(file);
    } catch (e) {
      if (set.pending.get(key) !== seq) return;
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') this.forget(set, key);
      else {
        set.pending.delete(key);
        this.ctx.log(`podsec: workspace index: cannot read ${file}: ${errorText(e)}`);
      }
      return;
    }
    if (set.pending.get(key) !== seq) return;
    let facts: FileFacts | undefined;
    const text = textOf(bytes);
    // binary or not UTF-8: it says nothing about the cluster
    if (text !== undefined) {
      const f = extractFacts(file, text);
      if (hasFacts(f)) facts = detached(f);
    }
    set.pending.delete(key);
    this.setDisk(set, key, { path: file, mtimeMs: st.mtimeMs, size: st.size, facts });
  }

  // ---- reading a folder ----

  /** Read a folder (again): list it, read the files that are new or changed, forget the others. */
  private scan(set: FactSet): Promise<void> {
    if (set.scanning) {
      set.rescanWanted = true;
      return set.scanning;
    }
    set.scanning = (async () => {
      do {
        set.rescanWanted = false;
        try {
          await this.scanOnce(set);
        } catch (e) {
          this.ctx.failed(`reading the workspace folder ${set.root}`, e);
          set.ready = true; // judge with what was read rather than wait forever
        }
        if (!set.removed) this.rebuild(set);
      } while (set.rescanWanted && !set.removed && !this.ctx.shuttingDown);
    })().finally(() => {
      set.scanning = undefined;
    });
    return set.scanning;
  }

  private async scanOnce(set: FactSet): Promise<void> {
    const root = set.root!;
    const first = !set.ready;
    const started = performance.now();
    if (first) this.ctx.log(`podsec: workspace index: reading ${root} for namespaces and cluster configuration`);
    const filter = await this.filterOf(set);
    if (!filter) return;
    const realRoot = await fsp.realpath(root).catch(() => root);
    const seen = new Set<string>();
    /** admission configurations the files' configurations name */
    const named = new Set<string>();
    let found = 0;
    let skipped = 0;
    let sliceStart = performance.now();
    const pause = async () => {
      if (performance.now() - sliceStart < SLICE_MS) return;
      await yieldToEventLoop();
      sliceStart = performance.now();
    };
    const visit = async (file: string, ent: Dirent) => {
      let st: Stats;
      try {
        if (ent.isSymbolicLink()) {
          // a link counts only when what it points at lies inside the folder
          const target = await fsp.realpath(file);
          const rel = path.relative(realRoot, target);
          if (rel.startsWith('..') || path.isAbsolute(rel)) return;
        }
        st = await fsp.stat(file);
      } catch {
        return;
      }
      if (!st.isFile()) return;
      if (filter.skipsFile(file, st.size)) {
        skipped++;
        return;
      }
      const key = normalizePath(file);
      seen.add(key);
      found++;
      const admission = filter.admissionConfigurationOf(file);
      if (admission !== undefined) named.add(admission);
      const known = set.disk.get(key);
      if (!known || known.mtimeMs !== st.mtimeMs || known.size !== st.size) await this.readFile(set, file, st);
    };
    const dirs = [root];
    while (dirs.length) {
      if (set.removed || this.ctx.shuttingDown) return;
      const dir = dirs.pop()!;
      let entries: Dirent[];
      try {
        entries = await fsp.readdir(dir, { withFileTypes: true });
      } catch {
        continue;
      }
      entries.sort((a, b) => (a.name < b.name ? 1 : a.name > b.name ? -1 : 0));
      const files: [string, Dirent][] = [];
      for (const ent of entries) {
        const p = path.join(dir, ent.name);
        if (ent.isDirectory()) {
          if (!SKIPPED_DIRS.has(ent.name) && !filter.skipsDir(p)) dirs.push(p);
        } else if ((ent.isFile() || ent.isSymbolicLink()) && YAML_FILE.test(ent.name) && ent.name !== CONFIG_FILE_NAME) {
          files.push([p, ent]);
        }
      }
      for (let i = files.length - 1; i >= 0; i -= PARALLEL_READS) {
        const batch = files.slice(Math.max(0, i - PARALLEL_READS + 1), i + 1);
        await Promise.all(batch.map(([p, ent]) => visit(p, ent)));
        await pause();
      }
      await pause();
    }
    // files gone since the last scan, or left out now
    for (const key of [...set.disk.keys()]) if (!seen.has(key) && !set.pending.has(key)) this.setDisk(set, key, undefined);
    // a named admission configuration outside the folder (or not a YAML file of it) counts too, read
    // as the configuration of an open document reads it; a wrong path is a problem the
    // configuration shows
    const extra = new Map<string, FileFacts>();
    for (const file of named) {
      const key = normalizePath(file);
      if (set.disk.has(key)) continue;
      const read = readAdmissionConfiguration(file);
      if ('facts' in read) extra.set(key, detached(read.facts));
    }
    set.extra = extra;
    if (first) {
      set.ready = true;
      const ms = Math.round(performance.now() - started);
      this.ctx.log(
        `podsec: workspace index: ${root} ready in ${ms} ms: ${found} YAML file${found === 1 ? '' : 's'}, ${set.diskFacts.size} with namespaces or cluster configuration${skipped ? `, ${skipped} left out (exclude, maxFileSizeMB)` : ''}`,
      );
    }
  }

  // ---- contexts ----

  /** Rebuild a set's context; re-judge its documents when facts changed (`except`: the caller's). */
  private rebuild(set: FactSet, except?: DocState): void {
    if (set.removed) return;
    const changed = set.rebuild();
    if (!changed.size) return;
    if (set.root !== undefined) for (const l of this.listeners) l.contextChanged?.(set.root, changed);
    const again: DocState[] = [];
    for (const state of set.docs) {
      if (state.closed) continue;
      // a document not analysed yet (or not at all: excluded, not YAML) gets its turn anyway
      const analysed = state.analysis.complete;
      state.analysis.setCluster(set.context, changed);
      if (state !== except && analysed && !state.analysis.complete) again.push(state);
    }
    if (again.length) this.rejudged(again);
  }

  /** A document's folder changed (folders added or removed): judge it in its new set. */
  private rehome(state: DocState): void {
    const key = keyOf(state);
    const folder = key === undefined ? undefined : this.folderOf(key);
    const current = this.home.get(state);
    if (!current || current === folder || (!folder && current.root === undefined)) return;
    current.docs.delete(state);
    this.loose.delete(state);
    let next = folder;
    if (!next) {
      next = new FactSet(undefined, true);
      this.loose.set(state, next);
    }
    next.docs.add(state);
    this.home.set(state, next);
    // the document's own facts are taken again after its next analysis
    state.analysis.setCluster(next.context);
    this.rejudged([state]);
  }

  /** The innermost workspace folder holding a path. */
  private folderOf(key: string): FactSet | undefined {
    let best: FactSet | undefined;
    for (const set of this.sets.values()) if (set.contains(key) && (!best || set.root!.length > best.root!.length)) best = set;
    return best;
  }

  /** Every folder set whose folder holds a path (nested folders both hold it). */
  private setsHolding(key: string): FactSet[] {
    return [...this.sets.values()].filter((s) => s.contains(key));
  }
}
