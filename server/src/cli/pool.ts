/**
 * Running a check's tasks on all cores, with their output in order and memory bounded.
 *
 * Worker threads run the same bundled file as the CLI (`server/out/cli.js`), started with a
 * marker and the run's `CheckSetup` in `workerData` (sent once, not with every task). Tasks are
 * numbered in output order (`seq`) and handed to the threads in that order, a few at a time per
 * thread; each sends its output back in pieces as it goes, then its counts. The main thread
 * reports every message of the earliest unfinished task at once and keeps the later tasks'
 * messages until their turn. At most `window` tasks are submitted and not yet reported, so what
 * waits is bounded by a few tasks' output, whatever the size of the run; `submit` returns when
 * there is room again. With one thread, tasks run in the main thread and no worker is started.
 */
import * as os from 'node:os';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import { ClusterContext } from '../engine/cluster/context';
import { errorText } from '../node/errors';
import { runTask, type CheckSetup, type Task, type TaskStats } from './check-file';

const WORKER_MARK = 'podsecCheckWorker';

/** Below this much YAML in all, one thread is faster than starting workers. */
export const PARALLEL_MIN_BYTES = 512 * 1024;
/** A file this large (checked without a fix mode) is read by the main thread and checked in batches. */
export const SPLIT_MIN_BYTES = 1024 * 1024;
/** A batch of a large file: whole documents, about this many characters. */
export const BATCH_CHARS = 64 * 1024;
/** Tasks kept in flight per worker, so it never waits for the main thread. */
const IN_FLIGHT = 2;

type ToWorker = { type: 'task'; task: Task };
type FromWorker =
  | { type: 'piece'; seq: number; piece: unknown }
  | { type: 'done'; seq: number; stats: TaskStats; piece?: unknown }
  | { type: 'crash'; seq: number; message: string; path: string };

export class WorkerCrash extends Error {}

/** Cores usable for checking. */
export function availableCores(): number {
  return typeof os.availableParallelism === 'function' ? os.availableParallelism() : os.cpus().length;
}

/**
 * Threads to use: `requested` (0 = automatic) bounded by the work; automatic uses every core once
 * there is enough YAML to be worth a worker's start-up.
 */
export function chooseThreads(requested: number, tasks: number, totalBytes: number): number {
  if (tasks <= 1) return 1;
  if (requested > 0) return Math.min(requested, tasks);
  if (totalBytes < PARALLEL_MIN_BYTES) return 1;
  return Math.max(1, Math.min(availableCores(), tasks));
}

/** In a worker started by `TaskPool`: serve tasks until the main thread ends the worker. */
export function serveIfWorker(): boolean {
  if (isMainThread || !parentPort || !(workerData && (workerData as Record<string, unknown>)[WORKER_MARK])) return false;
  const port = parentPort;
  const setup = (workerData as { setup: CheckSetup }).setup;
  // the facts of every file checked together, sent once at start
  const cluster = new ClusterContext(setup.facts);
  port.on('message', (msg: ToWorker) => {
    const seq = msg.task.seq;
    let reply: FromWorker;
    try {
      const { stats, piece } = runTask(msg.task, setup, cluster, (p) => port.postMessage({ type: 'piece', seq, piece: p } satisfies FromWorker));
      reply = piece === undefined ? { type: 'done', seq, stats } : { type: 'done', seq, stats, piece };
    } catch (e) {
      reply = { type: 'crash', seq, message: errorText(e, 'stack'), path: msg.task.path };
    }
    port.postMessage(reply);
  });
  return true;
}

/** What the main thread does with a task's messages, called in task order. */
export interface TaskHandler {
  piece(seq: number, piece: unknown): void;
  done(seq: number, stats: TaskStats, piece?: unknown): void;
}

interface Slot {
  worker: Worker;
  /** tasks sent and not done */
  busy: number;
}

export class TaskPool {
  private readonly slots: Slot[] = [];
  private readonly queue: Task[] = [];
  /** messages of tasks after the one being reported */
  private readonly waiting = new Map<number, FromWorker[]>();
  /** the task being reported */
  private next = 0;
  /** tasks submitted (their seqs are 0 .. submitted-1) */
  private submitted = 0;
  private readonly window: number;
  private failure: Error | undefined;
  private wake: (() => void) | undefined;
  /** the cluster context of tasks run in the main thread */
  private here: ClusterContext | undefined;

  /**
   * `threads` <= 1 runs every task in the main thread as it is submitted. Otherwise starts the
   * workers from `workerFile` (the CLI's bundle) with `setup`.
   */
  constructor(
    threads: number,
    workerFile: string,
    private readonly setup: CheckSetup,
    private readonly handler: TaskHandler,
  ) {
    this.window = threads * (IN_FLIGHT + 1);
    if (threads <= 1) return;
    for (let i = 0; i < threads; i++) {
      const worker = new Worker(workerFile, { workerData: { [WORKER_MARK]: true, setup } });
      const slot: Slot = { worker, busy: 0 };
      this.slots.push(slot);
      worker.on('message', (msg: FromWorker) => {
        if (msg.type !== 'piece') {
          slot.busy--;
          this.feed();
        }
        this.receive(msg);
      });
      worker.on('error', (e) => this.fail(new WorkerCrash(`worker thread failed: ${errorText(e, 'stack')}`)));
      worker.on('exit', (code) => {
        if (this.next < this.submitted && !this.failure)
          this.fail(new WorkerCrash(`worker thread exited (code ${code}) with ${this.submitted - this.next} tasks unfinished`));
      });
    }
  }

  /** Run a task (the next `seq`); resolves when another task may be submitted. */
  async submit(task: Task): Promise<void> {
    if (task.seq !== this.submitted) throw new Error(`task ${task.seq} submitted out of order (expected ${this.submitted})`);
    this.submitted++;
    if (!this.slots.length) {
      this.runHere(task);
      return;
    }
    this.queue.push(task);
    this.feed();
    await this.until(() => this.submitted - this.next < this.window);
  }

  /** Report a task that needs no thread (a file the main thread could not read), in its turn. */
  settle(seq: number, stats: TaskStats): void {
    if (seq !== this.submitted) throw new Error(`task ${seq} settled out of order (expected ${this.submitted})`);
    this.submitted++;
    this.receive({ type: 'done', seq, stats });
  }

  /** Wait until every task is reported, then stop the workers. */
  async finish(): Promise<void> {
    try {
      await this.until(() => this.next >= this.submitted);
    } finally {
      await Promise.all(this.slots.map((s) => s.worker.terminate()));
    }
  }

  private runHere(task: Task): void {
    let out;
    try {
      this.here ??= new ClusterContext(this.setup.facts);
      out = runTask(task, this.setup, this.here, (p) => this.handler.piece(task.seq, p));
    } catch (e) {
      throw new WorkerCrash(`${task.path}: ${errorText(e, 'stack')}`);
    }
    this.handler.done(task.seq, out.stats, out.piece);
    this.next++;
  }

  /** Hand queued tasks to threads with room, least busy first. */
  private feed(): void {
    while (this.queue.length && !this.failure) {
      let best: Slot | undefined;
      for (const s of this.slots) if (s.busy < IN_FLIGHT && (!best || s.busy < best.busy)) best = s;
      if (!best) return;
      best.busy++;
      best.worker.postMessage({ type: 'task', task: this.queue.shift()! } satisfies ToWorker);
    }
  }

  private receive(msg: FromWorker): void {
    if (this.failure) return;
    if (msg.seq !== this.next) {
      const list = this.waiting.get(msg.seq);
      if (list) list.push(msg);
      else this.waiting.set(msg.seq, [msg]);
      return;
    }
    try {
      this.deliver(msg);
      // the next task's messages that came early
      while (this.waiting.has(this.next)) {
        const list = this.waiting.get(this.next)!;
        this.waiting.delete(this.next);
        const seq = this.next;
        for (const m of list) this.deliver(m);
        // not done yet: its later messages come from its thread
        if (this.next === seq) break;
      }
    } catch (e) {
      this.fail(e as Error);
    }
    this.wake?.();
  }

  private deliver(msg: FromWorker): void {
    if (msg.type === 'crash') throw new WorkerCrash(`${msg.path}: ${msg.message}`);
    if (msg.type === 'piece') this.handler.piece(msg.seq, msg.piece);
    else {
      this.handler.done(msg.seq, msg.stats, msg.piece);
      this.next++;
    }
  }

  private fail(e: Error): void {
    if (this.failure) return;
    this.failure = e;
    this.wake?.();
  }

  /** Resolve when `ready()` holds; reject when a task failed. */
  private until(ready: () => boolean): Promise<void> {
    return new Promise((resolve, reject) => {
      const check = () => {
        if (this.failure) {
          this.wake = undefined;
          reject(this.failure);
        } else if (ready()) {
          this.wake = undefined;
          resolve();
        } else this.wake = check;
      };
      check();
    });
  }
}
