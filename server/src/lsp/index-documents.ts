/**
 * The open documents of the workspace index (workspace-index.ts): which set each is judged in (the
 * innermost workspace folder holding its file, else a set of its own), the facts of its current
 * text, taken from its analysis once it completes in place of the file's disk facts (a document
 * closed without saving falls back to the file on disk), and what a change of facts does to them:
 * `rebuild` makes the set's context again, tells the index's listeners the dependency keys whose
 * value changed, hands both to every open document of the set (`setCluster`), and asks for fresh
 * diagnostics for the documents that lost results.
 */
import { changedKeys, ClusterContext } from '../engine/cluster/context';
import { normalizePath } from '../engine/cluster/paths';
import { hasFacts } from '../engine/cluster/types';
import type { DocState } from './document-state';
import type { IndexReader } from './index-reader';
import type { FolderScanner } from './index-scan';
import { FactSet, keyOf, type FolderSets, type IndexListener } from './index-sets';
import { uriToPath } from './workspace';

export class IndexDocuments {
  /** the client reports changed files (otherwise folders are rescanned on open and save) */
  watching = false;
  /** documents outside every folder (and untitled ones) -> their own set */
  private readonly loose = new Map<DocState, FactSet>();
  private readonly home = new Map<DocState, FactSet>();

  constructor(
    private readonly sets: FolderSets,
    private readonly reader: IndexReader,
    private readonly scanner: FolderScanner,
    private readonly listeners: readonly IndexListener[],
    /** documents whose analysis lost results to a change of facts: they need diagnostics again */
    private readonly rejudged: (states: DocState[]) => void,
  ) {}

  /** The context a document that opens now is judged in (then call `opened`). */
  contextFor(uri: string): ClusterContext {
    const p = uriToPath(uri);
    return (p === undefined ? undefined : this.sets.folderOf(normalizePath(p)))?.context ?? new ClusterContext([]);
  }

  opened(state: DocState): void {
    const key = keyOf(state);
    const folder = key === undefined ? undefined : this.sets.folderOf(key);
    if (folder) {
      folder.docs.add(state);
      this.home.set(state, folder);
      if (!this.watching && folder.ready) void this.scanner.scan(folder);
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
    for (const s of this.sets.setsHolding(key)) {
      if (!s.open.delete(key)) continue;
      // unsaved changes are gone: read the file again (it may also have been deleted)
      void this.reader.refreshFile(s, state.filePath!).then(() => this.rebuild(s));
    }
  }

  saved(state: DocState): void {
    if (this.watching) return;
    const set = this.home.get(state);
    if (set?.root !== undefined && set.ready) void this.scanner.scan(set);
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
    for (const s of this.sets.setsHolding(key)) {
      const before = s.open.has(key) ? s.open.get(key) : s.diskFacts.get(key);
      s.open.set(key, facts);
      if (changedKeys(before ?? undefined, facts ?? undefined).size) this.rebuild(s, state);
    }
  }

  /** Rebuild a set's context; re-judge its documents when facts changed (`except`: the caller's). */
  rebuild(set: FactSet, except?: DocState): void {
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

  /** The workspace folders changed: judge each document in its set now. */
  rehomeAll(): void {
    for (const state of [...this.home.keys()]) this.rehome(state);
  }

  /** A document's folder changed (folders added or removed): judge it in its new set. */
  private rehome(state: DocState): void {
    const key = keyOf(state);
    const folder = key === undefined ? undefined : this.sets.folderOf(key);
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
}
