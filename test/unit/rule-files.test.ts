/**
 * Every rule has its own table of tests in test/unit/rules, named after the rule, and every
 * table tests a rule. Rule modules keep to their contract: one file per rule, named after its id,
 * declaring the messages it reports, importing no other rule.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { isCoreCheck } from '../../server/src/engine/rule';
import { ALL_RULES } from '../../server/src/engine/rules';

/** compiled to test/build/test/unit: the repository is four levels up */
const root = path.resolve(__dirname, '../../../..');
const rulesDir = path.join(root, 'test', 'unit', 'rules');
const ruleSources = path.join(root, 'server', 'src', 'engine', 'rules');

/** Rules without a table, and why. */
const NO_TABLE: Record<string, string> = {
  'yaml-syntax': 'a core check the engine reports while parsing: test/unit/engine/{aliases,chunks,template,text}.test.ts and the hostile suite',
  'template-unchecked': 'a core check the engine reports while parsing a Go template: test/unit/engine/helm.test.ts',
  'rke2-config-recognized': 'a core check the engine reports on a file it reads as an RKE2 config by its keys: test/unit/engine/file-kind.test.ts',
  'unused-suppression': 'a core check of the suppression pass: test/unit/engine/suppress.test.ts',
  'suppression-reason': 'a core check of the suppression pass: test/unit/engine/suppress.test.ts',
};

describe('rule test tables', () => {
  it('exist for every rule, named after the rule id, but for the listed exemptions', () => {
    const files = new Set(fs.readdirSync(rulesDir));
    const ids = ALL_RULES.map((r) => r.meta.id);
    assert.deepEqual(
      ids.filter((id) => !NO_TABLE[id] && !files.has(`${id}.test.ts`)),
      [],
    );
  });

  it('are not written for exempt rules, and exemptions name rules that exist and are core checks', () => {
    for (const [id, why] of Object.entries(NO_TABLE)) {
      const rule = ALL_RULES.find((r) => r.meta.id === id);
      assert.ok(rule, `${id} is not a rule`);
      assert.ok(isCoreCheck(rule), `${id} has checks of its own: give it a table`);
      assert.ok(!fs.existsSync(path.join(rulesDir, `${id}.test.ts`)), `${id} has a table: remove its exemption (${why})`);
    }
  });

  it('belong to rules that exist', () => {
    const ids = new Set(ALL_RULES.map((r) => r.meta.id));
    const orphans = fs.readdirSync(rulesDir).filter((f) => f.endsWith('.test.ts') && !ids.has(f.replace(/\.test\.ts$/, '')));
    assert.deepEqual(orphans, []);
  });
});

describe('rule modules', () => {
  it('declare the messages they report when they have a check; core checks word theirs in the engine', () => {
    const missing = ALL_RULES.filter((r) => !isCoreCheck(r) && !Object.keys(r.meta.messages ?? {}).length).map((r) => r.meta.id);
    assert.deepEqual(missing, []);
    assert.deepEqual(
      ALL_RULES.filter((r) => isCoreCheck(r) && r.meta.messages).map((r) => r.meta.id),
      [],
    );
  });

  it('import no other rule: shared code lives in engine/rules/utils', () => {
    const offenders: string[] = [];
    for (const file of fs.readdirSync(ruleSources).filter((f) => f.endsWith('.ts') && f !== 'index.ts')) {
      const text = fs.readFileSync(path.join(ruleSources, file), 'utf8');
      for (const m of text.matchAll(/from '\.\/([^'/]+)'/g)) offenders.push(`${file} imports ./${m[1]}`);
    }
    for (const file of fs.readdirSync(path.join(ruleSources, 'utils'))) {
      const text = fs.readFileSync(path.join(ruleSources, 'utils', file), 'utf8');
      for (const m of text.matchAll(/from '\.\.\/([^'./]+)'/g)) offenders.push(`utils/${file} imports ../${m[1]}`);
    }
    assert.deepEqual(offenders, []);
  });
});
