/**
 * `.podsec.yaml` is data, and every pattern a user can write is matched in linear time:
 * - a configuration naming code (plugins, custom rules, formatters, `extends`, module paths as
 *   rule ids or option values, `--config` pointing at a script) loads nothing: a script that
 *   would leave a mark when loaded leaves none, and the unknown entries are reported;
 * - no configuration value becomes a regular expression: a regex-looking `exclude` entry is a
 *   glob that matches its own characters;
 * - `exclude` globs, `.podsecignore` patterns and the `allow` patterns of
 *   system-namespace-workload cost work proportional to the path: against patterns built to make
 *   backtracking matchers explode (`*a*a*a...b`, `**` chains, brace sets), four times the path
 *   (10,000 and 40,000 characters) costs at most four times the matcher's counted steps.
 */
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { loadConfigFile } from '../../server/src/node/config-file';
import { IgnoreFile, matchTokens, parseIgnoreLine } from '../../server/src/cli/ignore';
import { compileGlob, globMatches } from '../../server/src/engine/glob';
import { wildcardMatch } from '../../server/src/engine/rules/system-namespace-workload';
import { assertLinearSteps, countSteps } from '../support/steps';

const ROOT = path.resolve(__dirname, '..', '..', '..', '..');
const CLI = path.join(ROOT, 'server', 'out', 'cli.js');

describe('security: configuration is data, patterns are linear', function () {
  this.timeout(120_000);
  let dir: string;
  let mark: string;

  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'podsec-config-'));
    mark = path.join(dir, 'LOADED');
    const evil = `require('fs').writeFileSync(${JSON.stringify(mark)}, 'loaded ' + __filename);\nmodule.exports = { rules: [] };\n`;
    for (const f of ['evil.js', 'plugin.js', 'node_modules/podsec-plugin/index.js']) {
      fs.mkdirSync(path.dirname(path.join(dir, f)), { recursive: true });
      fs.writeFileSync(path.join(dir, f), evil);
    }
    fs.writeFileSync(
      path.join(dir, 'pod.yaml'),
      'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers: [{name: a, image: x, securityContext: {privileged: true}}]\n',
    );
    fs.writeFileSync(
      path.join(dir, '.podsec.yaml'),
      [
        'plugins: [./plugin.js, podsec-plugin]',
        'extends: ./evil.js',
        'customRules: ./evil.js',
        'formatter: ./evil.js',
        'require: ./evil.js',
        'rules:',
        '  ./evil.js: error',
        '  privileged: error',
        'ruleOptions:',
        '  ./evil.js: {path: ./evil.js}',
        '  system-namespace-workload: {allow: ["./evil.js", "(a+)+$"], loader: ./evil.js}',
        'exclude: ["(a+)+$", "./evil.js"]',
        '',
      ].join('\n'),
    );
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('a configuration naming scripts loads none of them, and says which entries it ignored', () => {
    const loaded = loadConfigFile(path.join(dir, '.podsec.yaml'));
    const problems = loaded.problems.map((p) => p.message).join('\n');
    for (const key of ['plugins', 'extends', 'customRules', 'formatter', 'require', './evil.js', 'loader'])
      assert.ok(problems.includes(key), `no problem reported for ${key}:\n${problems}`);
    assert.deepEqual(loaded.config.rules, { privileged: 'error' });
    const viaCli = spawnSync(process.execPath, [CLI, 'check', '.', '--format', 'json'], { cwd: dir, encoding: 'utf8' });
    assert.ok(viaCli.status === 1 || viaCli.status === 2, viaCli.stderr);
    const asConfig = spawnSync(process.execPath, [CLI, 'check', 'pod.yaml', '--config', 'evil.js'], { cwd: dir, encoding: 'utf8' });
    assert.notEqual(asConfig.status, 0);
    assert.equal(fs.existsSync(mark), false, 'a script named in the configuration was loaded');
  });

  it('a regex-looking exclude entry is a glob of its own characters', () => {
    const g = compileGlob('(a+)+$');
    assert.equal(globMatches(g, '(a+)+$'), true);
    assert.equal(globMatches(g, 'aaaa'), false);
    assert.equal(globMatches(g, 'dir/(a+)+$'), true, 'a pattern without "/" matches the name at any depth');
  });

  describe('patterns built to make a backtracking matcher explode', () => {
    const stars = '*a'.repeat(12) + 'b';
    it('exclude globs', () => {
      const cases: [string, (n: number) => string][] = [
        [stars, (n) => 'a'.repeat(n)],
        ['**/' + 'a*'.repeat(10) + 'x/**/b', (n) => 'a/'.repeat(n / 2)],
        ['**/**/**/**/**/**/z', (n) => 'a/'.repeat(n / 2) + 'y'],
        ['{a,aa,aaa}*{a,aa}*{b,c}', (n) => 'a'.repeat(n)],
        ['[!/]*'.repeat(8) + 'q', (n) => 'p'.repeat(n)],
      ];
      for (const [pattern, path_] of cases) {
        const g = compileGlob(pattern);
        assert.equal(globMatches(g, path_(10_000)), false);
        assertLinearSteps(`glob ${pattern}`, (n) => countSteps((steps) => globMatches(g, path_(n), steps)), 10_000);
      }
    });

    it('.podsecignore patterns', () => {
      const cases: [string, (n: number) => string][] = [
        [stars, (n) => 'a'.repeat(n)],
        ['**/' + 'a*'.repeat(10) + 'x', (n) => 'a/'.repeat(n / 2)],
        ['a/**/**/**/**/b', (n) => 'a/' + 'c/'.repeat(n / 2)],
        ['[[:alpha:]]*'.repeat(6) + '0', (n) => 'q'.repeat(n)],
      ];
      for (const [pattern, path_] of cases) {
        const tokens = parseIgnoreLine(pattern)!.tokens;
        assert.equal(matchTokens(tokens, path_(10_000)), false);
        assertLinearSteps(`ignore ${pattern}`, (n) => countSteps((steps) => matchTokens(tokens, path_(n), steps)), 10_000);
      }
      const file = IgnoreFile.parse(`${stars}\n!keep.yaml\n`, '/repo', '.podsecignore');
      assert.equal(file.ignoresEntry(`/repo/${'a'.repeat(40_000)}`, false), false);
    });

    it('allow patterns of system-namespace-workload', () => {
      assert.equal(wildcardMatch(stars, 'a'.repeat(10_000)), false);
      assertLinearSteps('wildcard', (n) => countSteps((steps) => wildcardMatch(stars, 'a'.repeat(n), steps)), 10_000);
    });
  });
});
