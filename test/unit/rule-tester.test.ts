/**
 * The rule tester must fail when an expectation is wrong; otherwise every rule test could pass
 * without asserting anything.
 */
import * as assert from 'node:assert/strict';
import { analyzeText } from '../../server/src/engine/analyze';
import { assertCleanAfterFix, checkCases, checkInvalid, checkValid, InvalidCase, y } from './rule-tester';
import { resolveRuleSet } from '../../server/src/engine/profiles';

const code = y`
  apiVersion: v1
  kind: Pod
  metadata:
    name: web
  spec:
    containers:
    - name: app
      image: nginx
      securityContext:
        privileged: true
`;

const good: InvalidCase = {
  code,
  errors: [
    {
      message: "Container 'app' runs privileged (privileged: true): it has full access to the node.",
      range: [9, 6, 9, 22],
      container: 'app',
      path: 'spec.containers[0].securityContext.privileged',
      severity: 'error',
      fix: { title: "Set privileged: false in container 'app'", preferred: false, edits: [{ range: [9, 18, 9, 22], text: 'false' }] },
    },
  ],
  output: code.replace('privileged: true', 'privileged: false'),
};

function variant(change: (c: InvalidCase) => void): InvalidCase {
  const c = structuredClone(good);
  change(c);
  return c;
}

describe('rule tester', () => {
  it('accepts a correct invalid case', () => {
    checkInvalid('privileged', good);
  });

  const wrong: [string, (c: InvalidCase) => void, RegExp][] = [
    ['a range off by one character', (c) => (c.errors[0].range = [9, 6, 9, 21]), /range/],
    ['a different message', (c) => (c.errors[0].message = 'privileged'), /message/],
    ['a message pattern that does not match', (c) => (c.errors[0].message = /init container/), /message/],
    ['another container', (c) => (c.errors[0].container = 'web'), /container/],
    ['another path', (c) => (c.errors[0].path = 'spec.containers[0]'), /path/],
    ['another severity', (c) => (c.errors[0].severity = 'warning'), /severity/],
    ['one error too many', (c) => c.errors.push(c.errors[0]), /expected 2 privileged finding/],
    ['a missing fix expectation', (c) => delete c.errors[0].fix, /unexpected fix/],
    ['another fix title', (c) => (c.errors[0].fix!.title = 'Fix it'), /fix title/],
    ['a preferred flag that differs', (c) => (c.errors[0].fix!.preferred = true), /preferred/],
    ['another edit', (c) => (c.errors[0].fix!.edits[0].text = 'no'), /fix edits/],
    ['a wrong output', (c) => (c.output = code), /output/],
    ['a missing output', (c) => delete c.output, /output/],
  ];
  for (const [what, change, message] of wrong) {
    it(`rejects ${what}`, () => {
      assert.throws(() => checkInvalid('privileged', variant(change)), message);
    });
  }

  it('after a fix, rejects a remaining fixed finding, a new finding, a parse error and a lost document', () => {
    const findings = (text: string) => analyzeText(text, resolveRuleSet({})).findings;
    const before = findings(code);
    const fixed = before.filter((f) => f.ruleId === 'privileged');
    const clean = findings(good.output as string);
    assertCleanAfterFix(before, fixed, clean, 1, 1, 'ok');
    assert.throws(() => assertCleanAfterFix(before, fixed, before, 1, 1, 'x'), /new or the fixed one remains/);
    const worse = findings((good.output as string).replace('  containers:', '  hostPID: true\n  containers:'));
    assert.throws(() => assertCleanAfterFix(before, fixed, worse, 1, 1, 'x'), /new or the fixed one remains/);
    assert.throws(() => assertCleanAfterFix(before, fixed, findings('a: [\n'), 1, 1, 'x'), /must parse/);
    assert.throws(() => assertCleanAfterFix(before, fixed, clean, 2, 1, 'x'), /number of YAML documents/);
  });

  it('rejects a valid case the rule flags', () => {
    assert.throws(() => checkValid('privileged', { code }), /expected no privileged finding/);
  });

  it('rejects a valid case that does not parse', () => {
    assert.throws(() => checkValid('privileged', { code: code.replace('spec:', 'spec: [') }), /must parse/);
  });

  it('rejects a valid case without a pod spec (a typo in kind must not make it pass)', () => {
    assert.throws(() => checkValid('privileged', { code: code.replace('kind: Pod', 'kind: Pdo') }), /pod spec/);
    checkValid('privileged', { code: code.replace('kind: Pod', 'kind: Pdo'), noPodSpec: true });
  });

  it('rejects duplicate cases', () => {
    assert.throws(() => checkCases('privileged', { valid: [{ code: 'a: 1\n' }], invalid: [good, good] }), /duplicates/);
    assert.throws(() => checkCases('privileged', { valid: [{ code }, { code }], invalid: [] }), /duplicates/);
    checkCases('privileged', { valid: [{ code }, { code, version: 'v1.0' }], invalid: [] });
  });

  it('rejects an invalid case without errors and an unknown rule', () => {
    assert.throws(() => checkCases('privileged', { valid: [], invalid: [{ code, errors: [] }] }), /at least one expected error/);
    assert.throws(() => checkCases('no-such-rule', { valid: [], invalid: [] }), /unknown rule/);
  });

  it('y dedents and ends with one line break', () => {
    assert.equal(y`
      a:
        b: 1
    `, 'a:\n  b: 1\n');
  });
});
