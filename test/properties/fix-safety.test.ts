/**
 * Property 2: fixes are safe.
 *
 * For styled manifests at random profiles and policy versions, every quick fix on its own, and
 * separately the file's fix-all, must give a text that:
 * - parses (the `yaml` parser finds no error, the engine no yaml-syntax finding);
 * - no longer holds the fixed finding(s), and holds no finding that was not there before;
 * - reads as exactly the data before with only the fix's declared changes applied, so nothing
 *   outside the fixed path changes. The changes are applied to the document as written: a node
 *   that an anchor and its aliases share is one node, and every place that repeats it sees the
 *   change, as it does when the anchored text is edited; a key a mapping gets through a `<<`
 *   merge is overridden in that mapping alone. A list or mapping emptied by a fix may read as
 *   null, which Kubernetes takes for the same thing;
 * - keeps every comment, and adds none;
 * - keeps the number of documents.
 * Fix-all's edits reproduce its text, it leaves no fix-all-able finding behind, and applying it
 * twice equals applying it once.
 */
import { madeStale } from '../support/stale-suppression';
import * as assert from 'node:assert/strict';
import { isDeepStrictEqual } from 'node:util';
import fc from 'fast-check';
import { analyzeText, type TextAnalysis } from '../../server/src/engine/pipeline';
import { applyEdits, findingEdits, fixAll, isAutoFixable } from '../../server/src/engine/fix/apply';
import { EngineOptions, resolveRuleSet } from '../../server/src/engine/profiles';
import type { Finding } from '../../server/src/engine/types';
import { check, LARGE } from '../support/fc';
import { commentsOf, dataAfter, dataDiff, missingFrom, normalizeEmpty, parseForChanges, readDocs, showDiff } from '../support/oracle';
import type { Document } from 'yaml';
import type { Data } from '../support/yaml-writer';
import { engineOptions, styledFile } from '../support/workloads';

/** What identifies a finding across an edit (paths of list items shift, so they are left out). */
function findingKey(f: Finding): string {
  return [f.ruleId, f.document, f.resource?.kind, f.resource?.name, f.containerKind, f.container, f.message, f.suppressed ? 'suppressed' : ''].join('|');
}

interface Before {
  text: string;
  parsed: Document.Parsed[];
  docs: Data[];
  comments: string[];
  findings: Finding[];
  documents: number;
}

/** The checks every fixed text must pass. */
function assertSafe(before: Before, after: string, expected: Data[], opts: EngineOptions, whatFix: string): Finding[] {
  const what = `${whatFix}\n${showDiff(before.text, after)}\n`;
  const read = readDocs(after);
  assert.deepEqual(read.errors, [], `${what}the fixed text must parse\n${after}`);
  const res = analyzeText(after, resolveRuleSet(opts));
  assert.deepEqual(
    res.findings.filter((f) => f.ruleId === 'yaml-syntax').map((f) => f.message),
    [],
    `${what}yaml-syntax after the fix`,
  );
  assert.equal(res.documents, before.documents, `${what}number of documents`);
  assert.equal(read.docs.length, before.docs.length, `${what}number of documents (parser)`);
  const actualData = read.docs.map(normalizeEmpty);
  const expectedData = expected.map(normalizeEmpty);
  if (!isDeepStrictEqual(actualData, expectedData)) {
    assert.fail(`${what}the data must change exactly as the fix declares:\n${dataDiff(actualData, expectedData)}`);
  }
  const comments = commentsOf(after);
  assert.deepEqual(missingFrom(before.comments, comments), [], `${what}comments lost`);
  assert.deepEqual(missingFrom(comments, before.comments), [], `${what}comments added`);
  const added = missingFrom(res.findings, before.findings, findingKey).filter((f) => !madeStale(before.findings, res.findings)(f));
  assert.deepEqual(
    added.map((f) => `${f.ruleId}: ${f.message}`),
    [],
    `${what}new findings`,
  );
  return res.findings;
}

function readBefore(text: string, res: TextAnalysis): Before {
  const parsed = parseForChanges(text);
  assert.deepEqual(
    parsed.flatMap((d) => d.errors.map((e) => e.message)),
    [],
    'generated manifests parse',
  );
  return { text, parsed, docs: dataAfter(parsed, []), comments: commentsOf(text), findings: res.findings, documents: res.documents };
}

function expectedAfter(before: Before, fixes: Finding[]): Data[] {
  return dataAfter(before.parsed, fixes);
}

describe('property: fixes are safe', function () {
  this.timeout(0);

  it('every quick fix, applied on its own, changes exactly what it declares and removes its finding', () => {
    check('quick fixes', fc.tuple(styledFile, engineOptions, fc.nat()), ([file, opts, pick]) => {
      const cfg = resolveRuleSet(opts);
      const res = analyzeText(file.text, cfg);
      const before = readBefore(file.text, res);
      const fixable = res.findings.filter((f) => f.fix && !f.suppressed);
      // a few fixes per case (every fix in long campaigns), a different selection for every case
      const most = LARGE ? Infinity : 3;
      const chosen = fixable.length <= most ? fixable : Array.from({ length: most }, (_, i) => fixable[(pick + i * 7919) % fixable.length]);
      for (const f of new Set(chosen)) {
        const what = `fix "${f.fix!.title}" (${f.ruleId})`;
        const after = applyEdits(file.text, findingEdits(f));
        const found = assertSafe(before, after, expectedAfter(before, [f]), cfg, what);
        const k = findingKey(f);
        const n = (list: Finding[]) => list.filter((x) => findingKey(x) === k).length;
        assert.ok(n(found) < n(res.findings), `${what}: the finding is still there`);
      }
    });
  });

  it('fix-all changes exactly what its fixes declare, leaves nothing it could fix, and is idempotent', () => {
    check('fix-all', fc.tuple(styledFile, engineOptions), ([file, opts]) => {
      const cfg = resolveRuleSet(opts);
      const res = analyzeText(file.text, cfg);
      const before = readBefore(file.text, res);
      const once = fixAll(file.text, cfg);
      assert.equal(applyEdits(file.text, once.edits), once.text, 'fix-all edits reproduce its text');
      const auto = res.findings.filter(isAutoFixable);
      if (!auto.length) assert.equal(once.text, file.text, 'nothing to fix: text unchanged');
      const found = assertSafe(before, once.text, expectedAfter(before, auto), cfg, 'fix-all');
      assert.deepEqual(
        found.filter(isAutoFixable).map((f) => `${f.ruleId}: ${f.message}`),
        [],
        'fix-all leaves fixable findings',
      );
      // (when fix-all changed nothing, the assertion above already says a second one cannot)
      if (once.applied) {
        const twice = fixAll(once.text, cfg);
        assert.equal(twice.text, once.text, 'fix-all twice equals fix-all once');
        assert.equal(twice.applied, 0);
      }
    });
  });
});
