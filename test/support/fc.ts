/**
 * Running fast-check properties the same way in `npm test` and in `npm run fuzz`.
 *
 * - Case counts: `PODSEC_FC_RUNS` (default 1000 per property; `npm run fuzz` raises it).
 *   A property may scale the count down for expensive cases with `scale`, never below 1000
 *   in `npm test`.
 * - Seeds: a fresh seed per property and run unless `PODSEC_FC_SEED` fixes one. On failure the
 *   error names the seed, the counterexample path and the shrunk input, and the exact command
 *   that replays it (`PODSEC_FC_ONLY=<property> PODSEC_FC_SEED=... PODSEC_FC_PATH=...`; with
 *   `PODSEC_FC_ONLY` the other properties are skipped).
 * - `PODSEC_FUZZ=1` (set by `npm run fuzz`) prints every property's seed and count up front and
 *   makes inputs larger (see LARGE).
 * - A watchdog thread turns a hang into a failure: if one case runs longer than
 *   `PODSEC_FC_HANG_MS` (default 60 s), it prints the property, seed and case index, then aborts
 *   the process. The per-case time bound of each property is asserted separately.
 */
import fc from 'fast-check';
import { Worker } from 'node:worker_threads';

export const DEFAULT_RUNS = 1000;

/**
 * Larger inputs (more documents and containers per manifest, every fix of a file): long fuzz
 * campaigns (`npm run fuzz`, or PODSEC_FC_LARGE=1). `npm test` keeps inputs small and the case
 * count high.
 */
export const LARGE = !!process.env.PODSEC_FC_LARGE || !!process.env.PODSEC_FUZZ;

function envInt(name: string): number | undefined {
  const v = process.env[name];
  if (v === undefined || v === '') return undefined;
  const n = Number(v);
  if (!Number.isInteger(n)) throw new Error(`${name} must be an integer, got ${JSON.stringify(v)}`);
  return n;
}

/** Cases per property for this run (before the floor `check` applies in `npm test`). */
export function runsFor(scale = 1): number {
  const base = envInt('PODSEC_FC_RUNS') ?? DEFAULT_RUNS;
  return Math.max(1, Math.round(base * scale));
}

/** Counts of the cases each property ran in this process, for the summary. */
export const ranCases = new Map<string, number>();

// `npm run fuzz` (or PODSEC_FC_SUMMARY=1) ends with the count of cases per property
if (process.env.PODSEC_FUZZ || process.env.PODSEC_FC_SUMMARY) {
  process.on('exit', () => {
    if (!ranCases.size) return;
    const total = [...ranCases.values()].reduce((a, b) => a + b, 0);
    console.log(`\n  cases passed per property (${total} in all):`);
    for (const [name, n] of ranCases) console.log(`    ${String(n).padStart(9)}  ${name}`);
  });
}

// ---- watchdog ------------------------------------------------------------------------------

const WATCHDOG_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const view = new Int32Array(workerData.shared);
const label = { text: '' };
parentPort.on('message', (m) => { label.text = m; });
let last = -1;
let since = Date.now();
setInterval(() => {
  const active = Atomics.load(view, 0);
  const tick = Atomics.load(view, 1);
  if (!active || tick !== last) { last = tick; since = Date.now(); return; }
  if (Date.now() - since > workerData.limit) {
    process.stderr.write('\\nHANG: one case ran for more than ' + workerData.limit + ' ms: ' + label.text + '\\n');
    process.kill(process.pid, 'SIGABRT');
  }
}, 250).unref();
`;

let shared: Int32Array | undefined;
let watchdog: Worker | undefined;

function startWatchdog(): Int32Array {
  if (shared) return shared;
  const buf = new SharedArrayBuffer(8);
  shared = new Int32Array(buf);
  watchdog = new Worker(WATCHDOG_SOURCE, { eval: true, workerData: { shared: buf, limit: envInt('PODSEC_FC_HANG_MS') ?? 60_000 } });
  watchdog.unref();
  return shared;
}

/** Tell the watchdog which case is running (cheap: one message per case). */
function watch(label: string): void {
  const s = startWatchdog();
  watchdog!.postMessage(label);
  Atomics.store(s, 0, 1);
  Atomics.add(s, 1, 1);
}

function unwatch(): void {
  if (shared) Atomics.store(shared, 0, 0);
}

// ---- running ---------------------------------------------------------------------------------

export interface CheckOptions {
  /** fraction of the configured run count (expensive properties) */
  scale?: number;
  /** floor for the count; `npm test` keeps every property at 1000 or more */
  minRuns?: number;
  /** how a failing input is printed (default: JSON) */
  show?: (value: unknown) => string;
}

function newSeed(): number {
  return (Date.now() ^ Math.floor(Math.random() * 0x7fffffff)) | 0;
}

/**
 * Check a property; throws with seed, path and a replay command when it fails. Returns the
 * number of cases run.
 */
export function check<T>(name: string, arb: fc.Arbitrary<T>, predicate: (value: T) => void, opts: CheckOptions = {}): number {
  const show = opts.show ?? showInput;
  // replaying one counterexample: the other properties stand aside
  const only = process.env.PODSEC_FC_ONLY;
  if (only && only !== name) return 0;
  const seed = envInt('PODSEC_FC_SEED') ?? newSeed();
  const path = process.env.PODSEC_FC_PATH || undefined;
  // an explicit PODSEC_FC_RUNS is taken as given (short local runs, long fuzz campaigns)
  const numRuns = envInt('PODSEC_FC_RUNS') !== undefined ? runsFor(opts.scale) : Math.max(opts.minRuns ?? DEFAULT_RUNS, runsFor(opts.scale));
  if (process.env.PODSEC_FUZZ) console.log(`      ${name}: seed ${seed}, ${numRuns} cases`);
  let index = 0;
  const prop = fc.property(arb, (value) => {
    watch(`${name} (seed ${seed}, case ${index++})`);
    try {
      predicate(value);
    } finally {
      unwatch();
    }
  });
  const details = fc.check(prop, { seed, numRuns, path, endOnFailure: false });
  if (details.failed) {
    const replay = `PODSEC_FC_ONLY=${JSON.stringify(name)} PODSEC_FC_SEED=${seed} PODSEC_FC_PATH=${details.counterexamplePath ?? ''}${LARGE ? ' PODSEC_FC_LARGE=1' : ''} node scripts/run-tests.mjs properties`;
    const cause = details.errorInstance instanceof Error ? details.errorInstance.message : String(details.errorInstance);
    const input = details.counterexample ? show(details.counterexample[0]) : '(none)';
    throw new Error(
      `${name}: property failed after ${details.numRuns} case(s), seed ${seed}, path ${details.counterexamplePath}\n` +
        `${cause}\n--- smallest failing input:\n${input}\n--- replay: ${replay}`,
    );
  }
  ranCases.set(name, (ranCases.get(name) ?? 0) + details.numRuns);
  return details.numRuns;
}

/** `check` for properties that wait on something (a language server): same seeds, counts and reports. */
export async function checkAsync<T>(name: string, arb: fc.Arbitrary<T>, predicate: (value: T) => Promise<void>, opts: CheckOptions = {}): Promise<number> {
  const show = opts.show ?? showInput;
  const only = process.env.PODSEC_FC_ONLY;
  if (only && only !== name) return 0;
  const seed = envInt('PODSEC_FC_SEED') ?? newSeed();
  const path = process.env.PODSEC_FC_PATH || undefined;
  const numRuns = envInt('PODSEC_FC_RUNS') !== undefined ? runsFor(opts.scale) : Math.max(opts.minRuns ?? DEFAULT_RUNS, runsFor(opts.scale));
  if (process.env.PODSEC_FUZZ) console.log(`      ${name}: seed ${seed}, ${numRuns} cases`);
  let index = 0;
  const prop = fc.asyncProperty(arb, async (value) => {
    watch(`${name} (seed ${seed}, case ${index++})`);
    try {
      await predicate(value);
    } finally {
      unwatch();
    }
  });
  const details = await fc.check(prop, { seed, numRuns, path, endOnFailure: false });
  if (details.failed) {
    const replay = `PODSEC_FC_ONLY=${JSON.stringify(name)} PODSEC_FC_SEED=${seed} PODSEC_FC_PATH=${details.counterexamplePath ?? ''}${LARGE ? ' PODSEC_FC_LARGE=1' : ''} node scripts/run-tests.mjs properties`;
    const cause = details.errorInstance instanceof Error ? details.errorInstance.message : String(details.errorInstance);
    const input = details.counterexample ? show(details.counterexample[0]) : '(none)';
    throw new Error(
      `${name}: property failed after ${details.numRuns} case(s), seed ${seed}, path ${details.counterexamplePath}\n${cause}\n--- smallest failing input:\n${input}\n--- replay: ${replay}`,
    );
  }
  ranCases.set(name, (ranCases.get(name) ?? 0) + details.numRuns);
  return details.numRuns;
}

/** Time a call (ms, high resolution). */
export function timed<R>(fn: () => R): [R, number] {
  const t0 = process.hrtime.bigint();
  const r = fn();
  return [r, Number(process.hrtime.bigint() - t0) / 1e6];
}

/**
 * Time bound for analysing `chars` characters: a fixed allowance for start-up effects (JIT,
 * garbage collection, a busy machine) plus 5 µs per character, several times what the engine
 * needs on a loaded machine (about 0.7 µs). It catches hangs and super-linear blow-ups (a 20 MB
 * mapping with a quadratic duplicate-key check took over ten minutes), not slowness.
 */
export function timeBoundMs(chars: number): number {
  return 2000 + chars * 0.005;
}

/**
 * Run `fn` and assert it finished within the bound for `chars` characters. One slow run can be a
 * scheduling or GC pause on a shared machine: it is measured once more, and only a second slow
 * run fails.
 */
export function withinBound<R>(chars: number, what: string, fn: () => R): R {
  const bound = timeBoundMs(chars);
  const [r, ms] = timed(fn);
  if (ms <= bound) return r;
  const [, again] = timed(fn);
  if (again > bound) throw new Error(`${what} took ${ms.toFixed(0)} ms and ${again.toFixed(0)} ms for ${chars} characters (bound ${bound.toFixed(0)} ms)`);
  return r;
}

/** A failing input for humans: texts verbatim (with visible CR, tabs and BOM), the rest as JSON. */
export function showInput(value: unknown): string {
  const visible = (t: string) =>
    t
      .replace(/\ufeff/g, '<BOM>')
      .replace(/\r/g, '<CR>')
      .replace(/\t/g, '<TAB>');
  const parts = Array.isArray(value) ? value : [value];
  return parts
    .map((p) => {
      if (typeof p === 'string') return visible(p);
      if (p && typeof p === 'object' && typeof (p as { text?: unknown }).text === 'string') return visible((p as { text: string }).text);
      return JSON.stringify(p);
    })
    .join('\n--- and\n');
}
