/**
 * The engine's performance shortcuts (see bench/ and the README's "Performance" section) must
 * not change what users see. Each test pins the behaviour of one shortcut:
 * - line starts found with indexOf when a text has no carriage return;
 * - pairs of a mapping looked up through an index (last duplicate key wins; merge keys bypass it);
 * - lookups remembered per node;
 * - pod contexts shared by the rules of one object;
 * - rule options computed once per configuration;
 * - the indentation style of the last fixed text remembered.
 */
import * as assert from 'node:assert/strict';
import { analyzeText } from '../../server/src/engine/pipeline';
import { fixAll } from '../../server/src/engine/fix/apply';
import { resolveRuleSet } from '../../server/src/engine/profiles';
import { LineIndex } from '../../server/src/engine/text';

const cfg = resolveRuleSet({ profile: 'restricted' });

function ruleLines(text: string, ruleId: string): number[] {
  return analyzeText(text, cfg)
    .findings.filter((f) => f.ruleId === ruleId)
    .map((f) => f.range.start.line);
}

describe('engine fast paths', () => {
  it('LineIndex gives the same positions with LF, CRLF, lone CR and a final line without a break', () => {
    const lf = 'a: 1\nbb: 2\n\nccc: 3';
    const crlf = lf.replace(/\n/g, '\r\n');
    const cr = lf.replace(/\n/g, '\r');
    for (const text of [lf, crlf, cr]) {
      const idx = new LineIndex(text);
      assert.equal(idx.lineCount, 4);
      const c = text.indexOf('ccc');
      assert.deepEqual(idx.position(c + 1), { line: 3, character: 1 });
      assert.deepEqual(idx.position(text.length), { line: 3, character: 6 });
      assert.equal(idx.offset({ line: 1, character: 99 }), text.indexOf('bb') + 5);
    }
    assert.deepEqual(new LineIndex('').starts, [0]);
    assert.deepEqual(new LineIndex('\n\n').starts, [0, 1, 2]);
  });

  it('a key written twice: the last one counts, with or without a merge key in the mapping', () => {
    const plain = [
      'apiVersion: v1',
      'kind: Pod',
      'metadata: {name: p}',
      'spec:',
      '  containers:',
      '  - name: a',
      '    image: x',
      '    securityContext:',
      '      privileged: true',
      '      privileged: false',
      '  - name: b',
      '    image: x',
      '    securityContext:',
      '      privileged: false',
      '      privileged: true',
      '',
    ].join('\n');
    // duplicate keys are a YAML error too, but the value Kubernetes would read is the last one
    assert.deepEqual(ruleLines(plain, 'privileged'), [14]);
    const findings = analyzeText(plain, cfg).findings;
    assert.ok(findings.some((f) => f.ruleId === 'yaml-syntax'));
    const merged = [
      'apiVersion: v1',
      'kind: Pod',
      'metadata: {name: p}',
      'spec:',
      '  containers:',
      '  - name: a',
      '    image: x',
      '    securityContext:',
      '      <<: {privileged: true}',
      '      runAsNonRoot: true',
      '  - name: b',
      '    image: x',
      '    securityContext:',
      '      <<: {privileged: true}',
      '      privileged: false',
      '',
    ].join('\n');
    // container a inherits privileged: true from the merge; b overrides it after the merge
    assert.deepEqual(ruleLines(merged, 'privileged'), [8]);
  });

  it('every rule sees the same pod: findings of several rules on one container are all reported', () => {
    const text = [
      'apiVersion: apps/v1',
      'kind: Deployment',
      'metadata: {name: d}',
      'spec:',
      '  template:',
      '    spec:',
      '      hostNetwork: true',
      '      containers:',
      '      - name: a',
      '        image: x',
      '        securityContext: {privileged: true, runAsUser: 0}',
      '---',
      'apiVersion: v1',
      'kind: Pod',
      'metadata: {name: p}',
      'spec:',
      '  containers:',
      '  - name: b',
      '    image: x',
      '',
    ].join('\n');
    const ids = new Set(analyzeText(text, cfg).findings.map((f) => `${f.ruleId}@${f.document}`));
    for (const id of [
      'host-namespaces@0',
      'privileged@0',
      'run-as-user@0',
      'run-as-non-root@0',
      'seccomp-restricted@0',
      'run-as-non-root@1',
      'seccomp-restricted@1',
    ]) {
      assert.ok(ids.has(id), `${id} missing from ${[...ids].join(', ')}`);
    }
  });

  it('rule options come from each configuration, also when configurations alternate', () => {
    const text = [
      'apiVersion: apps/v1',
      'kind: Deployment',
      'metadata: {name: vendor-agent, namespace: kube-system}',
      'spec:',
      '  template:',
      '    spec:',
      '      containers: [{name: a, image: x}]',
      '',
    ].join('\n');
    const allowing = resolveRuleSet({ profile: 'restricted', ruleOptions: { 'system-namespace-workload': { allow: ['vendor-*'] } } });
    const flagged = () => analyzeText(text, cfg).findings.some((f) => f.ruleId === 'system-namespace-workload');
    const allowed = () => !analyzeText(text, allowing).findings.some((f) => f.ruleId === 'system-namespace-workload');
    assert.ok(flagged());
    assert.ok(allowed());
    assert.ok(flagged());
    assert.ok(allowed());
  });

  it("fixes follow each file's own indentation, also when files of other styles were fixed just before", () => {
    const pod = (unit: number) => {
      const i = (n: number) => ' '.repeat(unit * n);
      return ['apiVersion: v1', 'kind: Pod', 'metadata:', `${i(1)}name: p`, 'spec:', `${i(1)}containers:`, `${i(1)}- name: a`, `${i(1)}  image: x`, ''].join(
        '\n',
      );
    };
    const head = (unit: number) => pod(unit).slice(0, -1).split('\n');
    const fixedTwo = fixAll(pod(2), cfg).text;
    const fixedFour = fixAll(pod(4), cfg).text;
    const fixedTwoAgain = fixAll(pod(2), cfg).text;
    assert.equal(
      fixedTwo,
      [
        ...head(2),
        '    securityContext:',
        '      allowPrivilegeEscalation: false',
        '      capabilities:',
        '        drop:',
        '        - ALL',
        '  securityContext:',
        '    runAsNonRoot: true',
        '    seccompProfile:',
        '      type: RuntimeDefault',
        '',
      ].join('\n'),
    );
    assert.equal(
      fixedFour,
      [
        ...head(4),
        '      securityContext:',
        '          allowPrivilegeEscalation: false',
        '          capabilities:',
        '              drop:',
        '              - ALL',
        '    securityContext:',
        '        runAsNonRoot: true',
        '        seccompProfile:',
        '            type: RuntimeDefault',
        '',
      ].join('\n'),
    );
    assert.equal(fixedTwoAgain, fixedTwo);
  });
});
