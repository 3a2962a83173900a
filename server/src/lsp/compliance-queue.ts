/**
 * The files the compliance view still has to analyse (compliance-state.ts), and the one worker
 * that analyses them a file at a time, yielding to the message queue between files. A file waits
 * until the workspace index has read its folder (its cluster context is complete then).
 */
import type { CancellationToken } from 'vscode-languageserver/node';
import { normalizePath } from '../engine/cluster/paths';
import { yieldToEventLoop } from './compliance-files';
import type { ServerContext } from './context';
import type { WorkspaceIndex } from './workspace-index';

export class AnalysisQueue {
  /** normalised path -> the path as found */
  private readonly files = new Map<string, string>();
  private working = false;
  private waiters: (() => void)[] = [];

  constructor(
    private readonly ctx: ServerContext,
    private readonly index: WorkspaceIndex,
    /** analyse one file (errors are logged) */
    private readonly analyse: (folder: string, file: string) => Promise<void>,
    /** every queued file is done */
    private readonly drained: () => void,
  ) {}

  /** A file to analyse (again); `start` false only queues it. */
  add(file: string, start = true): void {
    this.files.set(normalizePath(file), file);
    if (start) this.kick();
  }

  has(key: string): boolean {
    return this.files.has(key);
  }

  delete(key: string): void {
    this.files.delete(key);
  }

  /** Every file is analysed and every folder read. */
  settled(): boolean {
    return !this.files.size && !this.working && this.index.folders().every((f) => f.ready);
  }

  whenSettled(token?: CancellationToken): Promise<void> {
    if (this.settled() || token?.isCancellationRequested) return Promise.resolve();
    return new Promise((resolve) => {
      this.waiters.push(resolve);
      token?.onCancellationRequested(() => resolve());
    });
  }

  /** Start the worker unless it runs (it picks up what was queued meanwhile). */
  kick(): void {
    if (!this.working) void this.work();
  }

  private async work(): Promise<void> {
    this.working = true;
    try {
      while (!this.ctx.shuttingDown) {
        const next = this.next();
        if (!next) break;
        this.files.delete(next.key);
        try {
          await this.analyse(next.folder, next.file);
        } catch (e) {
          this.ctx.failed(`compliance: analysing ${next.file}`, e);
        }
        await yieldToEventLoop();
      }
    } finally {
      this.working = false;
    }
    if (this.settled()) {
      const waiters = this.waiters;
      this.waiters = [];
      for (const w of waiters) w();
      this.drained();
    }
  }

  /** The next queued file whose folder has been read (the others wait for it). */
  private next(): { key: string; file: string; folder: string } | undefined {
    const ready = new Set(
      this.index
        .folders()
        .filter((f) => f.ready)
        .map((f) => f.root),
    );
    for (const [key, file] of this.files) {
      const folder = this.index.folderOfFile(file);
      if (!folder) {
        this.files.delete(key);
        continue;
      }
      if (ready.has(folder)) return { key, file, folder };
    }
    return undefined;
  }
}
