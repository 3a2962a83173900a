/**
 * Determinism and golden files. The same input gives byte-identical output in every format,
 * whatever order the caller lists requirements and results in; another target gives other UUIDs.
 * test/fixtures/evidence/small.{cklb,ckl,oscal.json} pin the output for the fixture input:
 *
 *   npx tsc -p test && UPDATE_GOLDEN=1 node scripts/run-tests.mjs unit
 *
 * rewrites them; review every change before committing it, a golden file is an assertion.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { cklText } from '../../../server/src/evidence/ckl';
import { cklbText } from '../../../server/src/evidence/cklb';
import { oscalText } from '../../../server/src/evidence/oscal';
import type { EvidenceInput } from '../../../server/src/evidence/types';
import { BENCHMARK, input, RESULTS } from './fixture';
import { GOLDEN_DIR } from './helpers';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;

const update = process.env.UPDATE_GOLDEN === '1';

const FORMATS: Array<[string, (i: EvidenceInput) => string]> = [
  ['small.cklb', cklbText],
  ['small.ckl', cklText],
  ['small.oscal.json', oscalText],
];

/** Every UUID-looking string in a text. */
function uuids(text: string): Set<string> {
  return new Set(text.match(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g) ?? []);
}

describe('evidence: determinism and golden files', () => {
  for (const [file, write] of FORMATS) {
    it(`${file} matches its golden file`, () => {
      const text = write(input());
      const golden = path.join(GOLDEN_DIR, file);
      if (update) {
        fs.mkdirSync(GOLDEN_DIR, { recursive: true });
        fs.writeFileSync(golden, text);
      }
      assert.ok(fs.existsSync(golden), `${golden} is missing: run with UPDATE_GOLDEN=1`);
      assert.equal(text, fs.readFileSync(golden, 'utf8'));
    });

    it(`${file}: the same input gives the same bytes, in any order of requirements and results`, () => {
      const shuffled = input({ benchmark: { ...BENCHMARK, requirements: [...BENCHMARK.requirements].reverse() }, results: [...RESULTS].reverse() });
      assert.equal(write(input()), write(input()));
      assert.equal(write(shuffled), write(input()));
    });

    // a .ckl carries only the STIG's UUID: nothing in it identifies the target
    if (file !== 'small.ckl')
      it(`${file}: another target gets other UUIDs`, () => {
        const a = uuids(write(input()));
        const b = uuids(write(input({ target: { ...input().target, hostName: 'cluster-b' } })));
        const shared = [...a].filter((u) => b.has(u));
        // only the STIG's own UUID (cklb, ckl) and the benchmark resource (OSCAL) describe the
        // benchmark rather than the target
        assert.ok(shared.length <= 1, `shared: ${shared.join(', ')}`);
        assert.ok(a.size >= 3);
      });
  }

  it('a later run of the same assessment keeps the checklist identifiers; OSCAL gets a new result', () => {
    const later = input({ run: { ...input().run, time: '2026-04-01T08:00:00Z', end: '2026-04-01T08:00:01Z' } });
    const a: Json = JSON.parse(cklbText(input()));
    const b: Json = JSON.parse(cklbText(later));
    assert.equal(a.id, b.id);
    assert.deepEqual(
      a.stigs[0].rules.map((r: Json) => r.uuid),
      b.stigs[0].rules.map((r: Json) => r.uuid),
    );
    const oa: Json = JSON.parse(oscalText(input()))['assessment-results'];
    const ob: Json = JSON.parse(oscalText(later))['assessment-results'];
    assert.equal(oa.uuid, ob.uuid);
    assert.notEqual(oa.results[0].uuid, ob.results[0].uuid);
  });
});
