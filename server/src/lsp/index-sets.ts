/**
 * The data of the workspace index (workspace-index.ts): a `FactSet` is a set of files analysed
 * together (a workspace folder, or an open document outside every folder) with what is known of
 * each file (its disk entry: size, modification time and facts copied off the text; the facts of
 * its open document in their place), the open documents judged in it, and the `ClusterContext`
 * built from those facts, rebuilt only when a fact changed. `FolderSets` finds the folder sets
 * that hold a path, and `IndexListener` is what other modules learn from the index.
 */
import { changedKeys, ClusterContext, READY_KEY } from '../engine/cluster/context';
import { isUnder, normalizePath } from '../engine/cluster/paths';
import type { FileFacts } from '../engine/cluster/types';
import type { ReadFilter } from './read-filter';
import type { DocState } from './document-state';

export interface DiskEntry {
  /** the file's path as found */
  path: string;
  mtimeMs: number;
  size: number;
  /** the file's facts, when it has any */
  facts: FileFacts | undefined;
}

/** Files analysed together: a workspace folder, or a document outside every folder. */
export class FactSet {
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

/** The sets of the workspace folders, by folder (absolute path). */
export class FolderSets extends Map<string, FactSet> {
  /** The innermost workspace folder holding a path. */
  folderOf(key: string): FactSet | undefined {
    let best: FactSet | undefined;
    for (const set of this.values()) if (set.contains(key) && (!best || set.root!.length > best.root!.length)) best = set;
    return best;
  }

  /** Every folder set whose folder holds a path (nested folders both hold it). */
  setsHolding(key: string): FactSet[] {
    return [...this.values()].filter((s) => s.contains(key));
  }
}

/** A copy of facts that shares no string with the text they were read from. */
export function detached(f: FileFacts): FileFacts {
  return JSON.parse(JSON.stringify(f)) as FileFacts;
}

/** The normalised path of a document's file (undefined when untitled). */
export function keyOf(state: DocState): string | undefined {
  return state.filePath === undefined ? undefined : normalizePath(state.filePath);
}

/** What other modules learn from the index (the compliance view, compliance-state.ts). */
export interface IndexListener {
  /** a file of a folder was read (new, or changed on disk), or is gone or left out now (`present` false) */
  fileChanged?(folder: string, file: string, present: boolean): void;
  /** a folder's cluster context changed: the dependency keys whose value changed (`index:ready` when it has just been read) */
  contextChanged?(folder: string, changed: ReadonlySet<string>): void;
  /** workspace folders were added or removed */
  foldersChanged?(): void;
}
