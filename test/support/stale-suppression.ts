import type { Finding } from '../../server/src/engine/types';

const suppressedOf = (list: Finding[], rule: string) => list.filter((f) => f.suppressed && f.ruleId === rule).length;

/**
 * Whether `f`, found after a fix, is an `unused-suppression` the fix made stale: the fix removed
 * what a suppressed finding of another rule was on (one host port that two rules report), so
 * the suppression has nothing left to cover. Reporting it is right; the fix did not break anything.
 */
export function madeStale(before: Finding[], after: Finding[]): (f: Finding) => boolean {
  return (f) =>
    f.ruleId === 'unused-suppression' &&
    before.some((b) => b.suppressed && f.message.includes(`'${b.ruleId}'`) && suppressedOf(after, b.ruleId) < suppressedOf(before, b.ruleId));
}
