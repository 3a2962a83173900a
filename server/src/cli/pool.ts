/**
 * Checking many files on all cores. Worker threads run the same bundled file as the CLI
 * (`server/out/cli.js`), started with a marker in `workerData`; each takes one task at a time
 * from the main thread (largest first, so a big file does not end the run alone) and sends back
 * plain results. With one thread, tasks run in the main thread and no worker is started.
 */
import * as os from 'node:os';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import { errorText } from '../node/errors';
import { ClusterContext } from '../engine/cluster/context';
import type { FileFacts } from '../engine/cluster/types';
import { checkFile, type FileResult, type FileTask } from './check-file';

const WORKER_MARK = 'podsecCheckWorker';

/** Below this much YAML in all, one thread is faster than starting workers. */
export const PARALLEL_MIN_BYTES = 512 * 1024;
/** A file this large (checked without fixing) is split into one part per thread. */
export const SPLIT_MIN_BYTES = 1024 * 1024;
/** Tasks kept in flight per worker, so it never waits for the main thread. */
const IN_FLIGHT = 2;

type ToWorker = { type: 'task'; task: FileTask };
type FromWorker = { type: 'result'; result: FileResult } | { type: 'crash'; message: string; task: FileTask };

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

/** In a worker started by `runTasks`: serve tasks until the main thread ends the worker. */
export function serveIfWorker(): boolean {
  if (isMainThread || !parentPort || !(workerData && (workerData as Record<string, unknown>)[WORKER_MARK])) return false;
  const port = parentPort;
  // the facts of every file checked together, sent once at start
  const cluster = new ClusterContext((workerData as { facts?: FileFacts[] }).facts ?? []);
  port.on('message', (msg: ToWorker) => {
    let reply: FromWorker;
    try {
      reply = { type: 'result', result: checkFile(msg.task, cluster) };
    } catch (e) {
      reply = { type: 'crash', message: errorText(e, 'stack'), task: msg.task };
    }
    port.postMessage(reply);
  });
  return true;
}

/**
 * Run tasks on `threads` threads; `onResult` gets every result (in completion order). A task that
 * throws (a bug, not bad input) rejects with WorkerCrash.
 */
export async function runTasks(
  tasks: FileTask[],
  weights: number[],
  threads: number,
  workerFile: string,
  onResult: (r: FileResult) => void,
  facts: FileFacts[] = [],
): Promise<void> {
  if (threads <= 1 || tasks.length <= 1) {
    const cluster = new ClusterContext(facts);
    for (const task of tasks) {
      let r: FileResult;
      try {
        r = checkFile(task, cluster);
      } catch (e) {
        throw new WorkerCrash(`${task.path}: ${errorText(e, 'stack')}`);
      }
      onResult(r);
    }
    return;
  }
  const order = tasks.map((_, i) => i).sort((a, b) => weights[b] - weights[a] || a - b);
  let nextTask = 0;
  let pending = tasks.length;
  const workers: Worker[] = [];
  try {
    await new Promise<void>((resolve, reject) => {
      let failed = false;
      const fail = (e: Error) => {
        if (failed) return;
        failed = true;
        reject(e);
      };
      const feed = (w: Worker) => {
        if (nextTask < order.length) w.postMessage({ type: 'task', task: tasks[order[nextTask++]] } satisfies ToWorker);
      };
      for (let i = 0; i < threads; i++) {
        const w = new Worker(workerFile, { workerData: { [WORKER_MARK]: true, facts } });
        workers.push(w);
        w.on('message', (msg: FromWorker) => {
          if (failed) return;
          if (msg.type === 'crash') {
            fail(new WorkerCrash(`${msg.task.path}: ${msg.message}`));
            return;
          }
          try {
            onResult(msg.result);
          } catch (e) {
            fail(e as Error);
            return;
          }
          if (--pending === 0) resolve();
          else feed(w);
        });
        w.on('error', (e) => fail(new WorkerCrash(`worker thread failed: ${errorText(e, 'stack')}`)));
        w.on('exit', (code) => {
          if (pending > 0) fail(new WorkerCrash(`worker thread exited (code ${code}) with ${pending} files unchecked`));
        });
        for (let k = 0; k < IN_FLIGHT; k++) feed(w);
      }
    });
  } finally {
    await Promise.all(workers.map((w) => w.terminate()));
  }
}
