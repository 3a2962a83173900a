/**
 * The alias-bomb guard: documents whose aliases expand out of proportion are refused the way
 * Kubernetes' decoder refuses them, with a clear yaml-syntax finding, without expanding them,
 * and without hiding the other documents of the file.
 */
import * as assert from 'node:assert/strict';
import { parseDocument } from 'yaml';
import { checkAliases, mayHaveAliases } from '../../../server/src/engine/aliases';
import { analyzeText } from '../../../server/src/engine/pipeline';
import { y } from '../rule-tester';
import { resolveRuleSet } from '../../../server/src/engine/profiles';

/** `levels` levels of `width` aliases each to the level below: width^levels nodes once expanded. */
function bomb(levels: number, width: number): string {
  const lines = ['apiVersion: v1', 'kind: ConfigMap', 'metadata: {name: lol}', 'data:', `  l0: &l0 [${Array(width).fill('"lol"').join(', ')}]`];
  for (let i = 1; i <= levels; i++)
    lines.push(
      `  l${i}: &l${i} [${Array(width)
        .fill(`*l${i - 1}`)
        .join(', ')}]`,
    );
  return lines.join('\n') + '\n';
}

describe('alias expansion guard', () => {
  it('refuses a billion laughs without expanding it, with a yaml-syntax finding on the document', function () {
    // 10^12 nodes once expanded: only a guard that never expands can answer at all
    this.timeout(20000);
    const text = bomb(12, 10);
    const v = checkAliases(parseDocument(text));
    assert.equal(v.excessive, true);
    assert.ok(v.aliases > 100 && v.decoded > 1e9, `${v.aliases} / ${v.decoded}`);
    const { findings } = analyzeText(text, resolveRuleSet({}));
    assert.deepEqual(
      findings.map((f) => [f.ruleId, f.severity, f.range.start.line, f.range.start.character, f.range.end.line, f.range.end.character]),
      [['yaml-syntax', 'error', 0, 0, 0, 14]],
    );
    assert.match(
      findings[0].message,
      /^Document contains excessive aliasing: \d+ aliases expand to \d+ nodes\. Kubernetes rejects it, and podsec does not analyse it\.$/,
    );
  });

  it('other documents of the file are still analysed', () => {
    const text = `${bomb(8, 9)}---\napiVersion: v1\nkind: Pod\nmetadata: {name: web}\nspec:\n  hostPID: true\n  containers: [{name: app, image: nginx}]\n`;
    const { findings } = analyzeText(text, resolveRuleSet({ profile: 'baseline' }));
    assert.deepEqual(
      findings.map((f) => [f.ruleId, f.document]),
      [
        ['yaml-syntax', 0],
        ['host-namespaces', 1],
      ],
    );
  });

  it('ordinary reuse is fine: many aliases of small anchors, and aliases that expand a little', () => {
    const items = Array.from({ length: 150 }, (_, i) => `  - {name: c${i}, image: nginx, securityContext: *sc}`).join('\n');
    const text = `apiVersion: v1\nkind: Pod\nmetadata: {name: web}\nspec:\n  initContainers:\n  - name: init\n    image: busybox\n    securityContext: &sc {runAsNonRoot: true}\n  containers:\n${items}\n`;
    const v = checkAliases(parseDocument(text));
    assert.equal(v.aliases, 150);
    assert.equal(v.excessive, false);
    assert.deepEqual(analyzeText(text, resolveRuleSet({ profile: 'baseline' })).findings, []);
    assert.equal(checkAliases(parseDocument(bomb(2, 9))).excessive, false);
  });

  it('the thresholds: more than 100 aliases, more than 1000 nodes, and a high alias ratio', () => {
    // 101 aliases of a 10-item list: 1000+ nodes, ratio about 0.09, far below 0.99
    const list = `a: &a [${Array(10).fill('x').join(', ')}]\nb: [${Array(101).fill('*a').join(', ')}]\n`;
    const v = checkAliases(parseDocument(list));
    assert.equal(v.aliases, 101);
    assert.ok(v.decoded > 1000);
    assert.equal(v.excessive, false);
  });

  it('an alias to no anchor, or inside its own anchor, is a YAML error at the alias (Kubernetes rejects both)', () => {
    const text = y`
      apiVersion: v1
      kind: Pod
      metadata: {name: web}
      spec:
        hostPID: *later
        containers:
        - &c {name: app, image: nginx, env: [*c]}
        - &later {name: side, image: envoy}
    `;
    const { findings } = analyzeText(text, resolveRuleSet({ profile: 'baseline' }));
    assert.deepEqual(
      findings.map((f) => [f.ruleId, f.message, f.range.start.line, f.range.start.character, f.range.end.line, f.range.end.character]),
      [
        ['yaml-syntax', 'YAML syntax error: alias *later refers to no anchor defined before it; Kubernetes rejects the document.', 4, 11, 4, 17],
        ['yaml-syntax', 'YAML syntax error: anchor &c contains an alias to itself; Kubernetes rejects the document.', 6, 39, 6, 41],
      ],
    );
  });

  it('an alias named by a character JavaScript calls white space but YAML does not (U+00A0) is still an alias', () => {
    const { findings } = analyzeText('hostPID: *\u00a0\n', resolveRuleSet({ profile: 'baseline' }));
    assert.deepEqual(
      findings.map((f) => [f.ruleId, f.message]),
      [['yaml-syntax', 'YAML syntax error: alias *\u00a0 refers to no anchor defined before it; Kubernetes rejects the document.']],
    );
  });

  it('a redefined anchor: the alias means the latest definition, which is complete', () => {
    const v = checkAliases(parseDocument('a: &x [&x 1, *x]\nb: *x\n'));
    assert.deepEqual(v.broken, []);
  });

  it('a quick pre-check finds aliases', () => {
    assert.equal(mayHaveAliases('a: *x\n'), true);
    assert.equal(mayHaveAliases('a: [*x]\n'), true);
    assert.equal(mayHaveAliases('a: "no alias"\nb: 2 * 3\n'), false);
  });
});
