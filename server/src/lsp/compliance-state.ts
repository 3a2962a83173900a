/**
 * The compliance of the workspace with the STIG of the active profile (compliance-profile.ts), as
 * it stands: one entry per YAML file (compliance-files.ts), kept current. What the view asks is
 * answered in compliance-requests.ts, the checklist is written in compliance-export.ts.
 *
 * - **Lazy.** Nothing happens until a client asks for the view's data or an export: editors that
 *   never show the view pay nothing.
 * - **Every YAML file of the workspace** the workspace index reads (workspace-index.ts: the same
 *   files, the same exclusions and limits) is analysed once, in the background, a file at a time
 *   in slices that leave the server free to answer; each file in its folder's cluster context,
 *   with the rules its configuration gives it. Open documents are not analysed again: their
 *   analysis is taken as it completes (`documentAnalysed`).
 * - **Kept current, never re-read whole.** A file is analysed again when the index reports it
 *   changed on disk, when its document closes (its saved text speaks again), and when the cluster
 *   context changes in a dependency key its analysis read (a Namespace's labels, say). Typing in
 *   an open document costs taking its findings, not reading the workspace.
 */
import type { CancellationToken } from 'vscode-languageserver/node';
import { normalizePath } from '../engine/cluster/paths';
import type { PlacedChunks } from '../engine/pipeline';
import type { RuleSet } from '../engine/profiles';
import type { ChecklistStig } from '../evidence/results';
import { analyseFile, byPath, entryOf, sameEntry, type FileEntry } from './compliance-files';
import { ComplianceProfile } from './compliance-profile';
import { AnalysisQueue } from './compliance-queue';
import { ChangeNotifier } from './compliance-requests';
import type { ServerContext } from './context';
import type { DocumentConfig } from './document-config';
import type { DocState } from './document-state';
import type { IndexListener } from './index-sets';
import type { WorkspaceIndex } from './workspace-index';

export class ComplianceState implements IndexListener {
  private active = false;
  /** the profile of the first folder and its STIG (computed when active) */
  private readonly stigProfile: ComplianceProfile;
  private profileReady: Promise<void> | undefined;
  private readonly entries = new Map<string, FileEntry>();
  private readonly queue: AnalysisQueue;
  private readonly notifier: ChangeNotifier;

  constructor(
    private readonly ctx: ServerContext,
    private readonly config: DocumentConfig,
    readonly index: WorkspaceIndex,
  ) {
    index.listeners.push(this);
    this.stigProfile = new ComplianceProfile(ctx, config);
    this.notifier = new ChangeNotifier(ctx);
    this.queue = new AnalysisQueue(
      ctx,
      index,
      (folder, file) => this.analyse(folder, file),
      () => this.changed(),
    );
  }

  /** Start (on the first request) and wait for the profile: the rules and the STIG of the view. */
  async profile(): Promise<{ rules: RuleSet; stig: ChecklistStig | undefined }> {
    if (!this.active) {
      this.active = true;
      this.profileReady = this.computeProfile();
      this.enqueueAll();
    }
    await this.profileReady;
    return this.stigProfile.current!;
  }

  /** Files analysed so far, and the files the index reads. */
  progress(): { analysed: number; total: number } {
    const total = this.index.folders().reduce((n, f) => n + this.index.filesOf(f.root).length, 0);
    return { analysed: this.entries.size, total };
  }

  /** Every file is analysed and every folder read. */
  settled(): boolean {
    return this.queue.settled();
  }

  whenSettled(token?: CancellationToken): Promise<void> {
    return this.queue.whenSettled(token);
  }

  /** The files so far, in the order of their paths. */
  files(): FileEntry[] {
    return byPath(this.entries.values());
  }

  // ---- what changes (IndexListener, the server) ----

  fileChanged(_folder: string, file: string, present: boolean): void {
    if (!this.active) return;
    const key = normalizePath(file);
    if (present) this.queue.add(file);
    else {
      this.queue.delete(key);
      if (this.entries.delete(key)) this.changed();
    }
  }

  contextChanged(folder: string, changed: ReadonlySet<string>): void {
    if (!this.active) return;
    for (const e of this.entries.values()) if (e.folder === folder && [...e.reads].some((k) => changed.has(k))) this.queue.add(e.path);
    this.changed(); // a folder may have become ready
    this.queue.kick();
  }

  foldersChanged(): void {
    if (!this.active) return;
    const roots = new Set(this.index.folders().map((f) => f.root));
    for (const [k, e] of this.entries) if (!roots.has(e.folder)) this.entries.delete(k);
    this.reconfigured();
  }

  /** Settings or configuration files changed: the profile and the rules may differ now. */
  reconfigured(): void {
    this.stigProfile.reconfigured();
    if (!this.active) return;
    this.profileReady = this.computeProfile();
    this.enqueueAll();
  }

  /** An open document's analysis completed: take its findings (no reading, no analysis). */
  documentAnalysed(state: DocState): void {
    if (!this.active || state.filePath === undefined) return;
    const key = normalizePath(state.filePath);
    const folder = this.index.folderOfFile(state.filePath);
    // only files the index reads (not excluded, not too large, saved at least once)
    if (!folder || (!this.entries.has(key) && !this.queue.has(key))) return;
    this.queue.delete(key);
    this.take(folder, state.filePath, state.analysis);
  }

  /** A document closed: its file on disk speaks again. */
  documentClosed(state: DocState): void {
    if (!this.active || state.filePath === undefined) return;
    if (this.entries.has(normalizePath(state.filePath))) this.queue.add(state.filePath);
  }

  /** Stop timers (shutdown). */
  dispose(): void {
    this.notifier.dispose();
  }

  // ---- the work ----

  private computeProfile(): Promise<void> {
    return this.stigProfile.compute((what) => {
      // entries keep the findings of one STIG's rules: another STIG starts afresh
      if (what.stig) this.entries.clear();
      if (what.profile) this.changed();
    });
  }

  private enqueueAll(): void {
    for (const f of this.index.folders()) for (const file of this.index.filesOf(f.root)) this.queue.add(file, false);
    this.queue.kick();
  }

  private async analyse(folder: string, file: string): Promise<void> {
    await this.profileReady;
    const sources = {
      ctx: this.ctx,
      config: this.config,
      index: this.index,
      filterOf: (f: string) => this.stigProfile.filterOf(f),
      stale: (f: string) => this.ctx.shuttingDown || this.queue.has(normalizePath(f)),
    };
    const chunks = await analyseFile(sources, folder, file);
    if (chunks === 'gone') {
      if (this.entries.delete(normalizePath(file))) this.changed();
    } else if (chunks) this.take(folder, file, chunks);
  }

  private take(folder: string, file: string, chunks: PlacedChunks): void {
    const stig = this.stigProfile.current?.stig;
    if (!stig) return;
    const key = normalizePath(file);
    const entry = entryOf(stig, folder, file, chunks, this.index.folders().length > 1);
    if (sameEntry(this.entries.get(key), entry)) return;
    this.entries.set(key, entry);
    this.changed();
  }

  /** Tell the client (soon, see ChangeNotifier) that the results changed. */
  private changed(): void {
    if (this.active) this.notifier.changed();
  }
}
