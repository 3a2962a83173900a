/**
 * The workspace index: what the YAML files of each workspace folder say about the cluster
 * (namespaces and their Pod Security labels, admission configurations, RKE2 configs,
 * kustomizations: the facts of engine/cluster/types.ts), kept current without reading the
 * workspace again, and the cluster context every open document is judged in. Each workspace
 * folder is a set of files analysed together (index-sets.ts), read in the background when the
 * server starts (index-scan.ts, a file at a time by index-reader.ts), so open documents get their
 * diagnostics at once: until a folder has been read its context is not `ready`, pods are judged
 * by the profile setting, and hover says so. Files on disk are read again when the client's file
 * watcher reports them (`workspace/didChangeWatchedFiles` for `MANIFEST_GLOB`); a client that
 * cannot watch files for the server gets a rescan of the folder (only changed files are read)
 * when a document is opened or saved. Open documents contribute the facts of their current text
 * instead of the file's (index-documents.ts, which also re-judges them when facts change). This
 * module owns the folder sets' lifecycle and the watcher's reports. Memory: per file its size,
 * modification time and facts (copied, so no file text stays alive); texts are never kept.
 */
import * as path from 'node:path';
import { FileChangeType, type FileEvent } from 'vscode-languageserver/node';
import { CONFIG_FILE_NAME } from '../../../shared/protocol';
import type { ClusterContext } from '../engine/cluster/context';
import { isUnder, normalizePath } from '../engine/cluster/paths';
import type { ServerContext } from './context';
import type { DocumentConfig } from './document-config';
import type { DocState } from './document-state';
import { IndexDocuments } from './index-documents';
import { IndexReader, YAML_FILE } from './index-reader';
import { FolderScanner } from './index-scan';
import { FactSet, FolderSets, type IndexListener } from './index-sets';
import { uriToPath } from './workspace';

/** Files the index reads, as a watcher glob. */
export const MANIFEST_GLOB = '**/*.{yaml,yml}';

export class WorkspaceIndex {
  readonly listeners: IndexListener[] = [];
  /** the open documents: call `opened`, `analysed`, `saved` and `closed` there */
  readonly documents: IndexDocuments;
  /** workspace folder (absolute path) -> its set */
  private readonly sets = new FolderSets();
  private readonly reader: IndexReader;
  private readonly scanner: FolderScanner;
  private started = false;

  constructor(
    private readonly ctx: ServerContext,
    config: DocumentConfig,
    /** documents whose analysis lost results to a change of facts: they need diagnostics again */
    rejudged: (states: DocState[]) => void,
  ) {
    this.reader = new IndexReader(ctx, config, this.listeners);
    this.scanner = new FolderScanner(ctx, this.reader, (set) => this.documents.rebuild(set));
    this.documents = new IndexDocuments(this.sets, this.reader, this.scanner, this.listeners, rejudged);
  }

  // ---- lifecycle ----

  /** The server is initialised: read every workspace folder. */
  start(watching: boolean): void {
    this.started = true;
    this.documents.watching = watching;
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
      void this.scanner.scan(set);
    }
    this.documents.rehomeAll();
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
    return this.sets.folderOf(normalizePath(file))?.root;
  }

  /** Settings or configuration files changed: which files the index reads may have changed. */
  reconfigured(): void {
    for (const set of this.sets.values()) if (set.ready) void this.scanner.scan(set);
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
          for (const k of [...set.disk.keys()]) if (isUnder(k, key)) this.reader.forget(set, k);
        } else if (YAML_FILE.test(p)) {
          list.push(this.reader.refreshFile(set, p));
        }
      }
    }
    for (const [set, reads] of touched) void Promise.all(reads).then(() => this.documents.rebuild(set));
  }
}
