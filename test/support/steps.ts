/**
 * Linear cost, counted instead of timed: the code under test adds its units of work to a `Steps`
 * counter (server/src/engine/steps.ts), which no busy machine changes. Hangs are caught by the
 * suites' timeouts and, where a test needs one, by a generous absolute bound (fc.ts withinBound).
 */
import * as assert from 'node:assert/strict';
import type { Steps } from '../../server/src/engine/steps';

/** The steps `run` adds to a fresh counter. */
export function countSteps(run: (steps: Steps) => unknown): number {
  const steps: Steps = { n: 0 };
  run(steps);
  return steps.n;
}

/**
 * `stepsFor(size)` counts the work on an input of that size: four times the input may cost at
 * most four times the steps, plus `slack` for what does not grow with the input (setting up a
 * pattern, the first characters: a few hundred steps at most in these tests). Linear is 4,
 * quadratic 16, exponential far beyond. The input must keep the code busy to its end: at least
 * one step per unit of size.
 */
export function assertLinearSteps(what: string, stepsFor: (size: number) => number, size: number, slack = 1_000): void {
  const one = stepsFor(size);
  const four = stepsFor(4 * size);
  assert.ok(one >= size, `${what}: ${one} steps for an input of ${size}: the input does not exercise it, or the steps are not counted`);
  assert.ok(four <= 4 * one + slack, `${what}: four times the input cost ${(four / one).toFixed(2)} times the steps (${one}, then ${four})`);
}
