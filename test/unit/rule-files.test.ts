/** Every Pod Security Standards rule has its own table of tests, and every table tests a rule. */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ALL_RULES } from '../../server/src/engine/rules';

/** compiled to test/build/test/unit: the repository is four levels up */
const rulesDir = path.resolve(__dirname, '../../../..', 'test', 'unit', 'rules');

describe('rule test tables', () => {
  it('exist for every PSS rule, named after the rule id', () => {
    const files = new Set(fs.readdirSync(rulesDir));
    const pss = ALL_RULES.filter((r) => r.meta.pss).map((r) => r.meta.id);
    assert.equal(pss.length, 19);
    assert.deepEqual(pss.filter((id) => !files.has(`${id}.test.ts`)), []);
  });

  it('belong to rules that exist', () => {
    const ids = new Set(ALL_RULES.map((r) => r.meta.id));
    const orphans = fs.readdirSync(rulesDir).filter((f) => f.endsWith('.test.ts') && !ids.has(f.replace(/\.test\.ts$/, '')));
    assert.deepEqual(orphans, []);
  });
});
