/**
 * Counterexamples the properties found, kept as plain examples so they stay fixed whatever the
 * random seed. Each names the property that found it.
 */
import * as assert from 'node:assert/strict';
import { parseAllDocuments } from 'yaml';
import { analyzeText } from '../../server/src/engine/pipeline';
import { applyEdits, findingEdits } from '../../server/src/engine/fix/apply';
import { maskTemplates } from '../../server/src/engine/template';
import { commentsOf, readDocs } from '../support/oracle';
import { resolveRuleSet } from '../../server/src/engine/profiles';

const rules = (text: string) =>
  analyzeText(text)
    .findings.map((f) => `${f.ruleId}${f.container ? ` ${f.container}` : ''}`)
    .sort();

describe('regressions found by the properties', () => {
  it('style invariance: a template action in a comment does not silence required-value checks', () => {
    const plain = `apiVersion: v1
kind: Pod
metadata:
  name: p
spec:
  securityContext:
    runAsUser: 1000
    appArmorProfile:
      type: RuntimeDefault
  containers:
    - name: a
      image: x
`;
    const commented = plain.replace('    appArmorProfile:', '    # set by {{ .Values.podSecurityContext }} in the chart\n    appArmorProfile:');
    assert.deepEqual(rules(commented), rules(plain));
    assert.ok(rules(plain).includes('run-as-non-root a'));
    assert.ok(rules(plain).includes('seccomp-restricted a'));
  });

  it('an action after a comment sign inside quotes is still an action; one after a real comment is not', () => {
    const { mask } = maskTemplates('a: "x # y" {{ .v }}\nb: 1 # {{ .w }}\nc: \'#\' {{ .z }}\n');
    assert.deepEqual(
      mask!.actions.map((a) => a.start),
      [11, 43],
    );
    assert.equal(maskTemplates('# only {{ comments }}\n').mask, undefined);
  });

  it('fix safety: replacing a volume source keeps a comment after it once, on its line or below', () => {
    const pod = (volume: string) => `apiVersion: v1
kind: Pod
metadata:
  name: p
spec:
  containers:
    - name: a
      image: x
  volumes:
    - name: data
${volume}`;
    const fixed = (text: string) => {
      const f = analyzeText(text, resolveRuleSet({ profile: 'baseline' })).findings.find((x) => x.ruleId === 'host-path-volumes')!;
      return applyEdits(text, findingEdits(f));
    };
    const oneLine = pod('      hostPath: { path: /var/run/docker.sock } \t# the docker socket\n');
    assert.equal(fixed(oneLine), pod('      emptyDir: {} \t# the docker socket\n'));
    const block = pod('      hostPath:   # the socket\n        path: /x  # really\n        type: Socket\n');
    assert.equal(fixed(block), pod('      emptyDir: {}\n      # the socket\n      # really\n'));
    const crlf = block.replace(/\n/g, '\r\n');
    assert.deepEqual(commentsOf(fixed(crlf)), commentsOf(crlf));
  });

  it('fix safety: a value set on an empty value goes after its anchor, so aliases keep working', () => {
    const text = `apiVersion: v1
kind: Pod
metadata:
  name: p
spec:
  containers:
    - name: a
      image: x
      securityContext:
        allowPrivilegeEscalation: &ape
        privileged: false
    - name: b
      image: x
      securityContext: {allowPrivilegeEscalation: *ape, privileged: false, tagged: !!str }
`;
    const f = analyzeText(text).findings.find((x) => x.ruleId === 'allow-privilege-escalation' && x.container === 'a')!;
    const after = applyEdits(text, findingEdits(f));
    assert.ok(after.includes('        allowPrivilegeEscalation: &ape false\n'), after);
    const rest = analyzeText(after).findings.filter((x) => x.ruleId === 'allow-privilege-escalation');
    assert.deepEqual(
      rest.map((x) => x.container),
      [],
      'container b reads the anchored value through its alias',
    );
  });

  it('hang: duplicate keys are still reported, where the parser reports them, without its quadratic check', () => {
    const cases = [
      'a: 1\na: 2\n',
      '{a: 1, b: 2, a: 3}\n',
      'x:\n  - {k: 1, k: 2}\n  - y: 1\n    y: 2\n',
      '1: a\n01: b\n',
      'a: &x 1\n&y a: 2\n',
      '? [a]\n: 1\n? [a]\n: 2\n',
    ];
    for (const text of cases) {
      const parser = parseAllDocuments(text).flatMap((d) => d.errors.filter((e) => e.code === 'DUPLICATE_KEY').map((e) => e.pos[0]));
      const engine = analyzeText(text)
        .findings.filter((f) => f.message.includes('Map keys must be unique'))
        .map((f) => f.offset[0]);
      assert.deepEqual(engine, parser, JSON.stringify(text));
    }
  });

  it('fix safety: removing the last key of an anchored mapping that a merge uses is not offered (it would break the merge)', () => {
    const text = `apiVersion: v1
kind: Pod
metadata:
  name: p
spec:
  containers:
    - name: a
      image: x
      securityContext:
        capabilities: &caps
          add: [NET_RAW]
    - name: b
      image: x
      securityContext:
        capabilities:
          <<: *caps
          drop: [ALL]
`;
    for (const f of analyzeText(text, resolveRuleSet({ profile: 'baseline' })).findings.filter((x) => x.fix)) {
      assert.deepEqual(readDocs(applyEdits(text, findingEdits(f))).errors, [], f.fix!.title);
    }
  });

  it('fix safety: filling an anchored empty value keeps the anchor, so its aliases see the new mapping', () => {
    const text = `apiVersion: v1
kind: Pod
metadata:
  name: p
spec:
  containers:
    - name: a
      image: x
      securityContext: &sc ~
    - name: b
      image: x
      securityContext: *sc
`;
    const f = analyzeText(text).findings.find((x) => x.ruleId === 'allow-privilege-escalation' && x.container === 'a')!;
    const after = applyEdits(text, findingEdits(f));
    assert.ok(after.includes('      securityContext: &sc\n        allowPrivilegeEscalation: false\n'), after);
    assert.deepEqual(readDocs(after).errors, []);
  });

  it('fix safety (npm run fuzz): removing a key that overrides a merged one is not offered (the merged value would come back)', () => {
    const text = `apiVersion: v1
kind: Pod
metadata:
  name: p
spec:
  x-caps: &caps {add: [NET_RAW, SYS_PTRACE]}
  containers:
    - name: a
      image: x
      securityContext:
        capabilities:
          <<: *caps
          add: [KILL]
`;
    const before = analyzeText(text).findings.map((f) => f.message);
    for (const f of analyzeText(text).findings.filter((x) => x.fix)) {
      const after = analyzeText(applyEdits(text, findingEdits(f))).findings.map((x) => x.message);
      assert.deepEqual(
        after.filter((m) => !before.includes(m)),
        [],
        f.fix!.title,
      );
    }
  });
});
