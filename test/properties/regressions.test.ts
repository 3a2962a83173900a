/**
 * Counterexamples the properties found, kept as plain examples so they stay fixed whatever the
 * random seed. Each names the property that found it.
 */
import * as assert from 'node:assert/strict';
import { analyzeText } from '../../server/src/engine/analyze';
import { maskTemplates } from '../../server/src/engine/template';

const rules = (text: string) => analyzeText(text).findings.map((f) => `${f.ruleId}${f.container ? ` ${f.container}` : ''}`).sort();

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
    assert.deepEqual(mask!.actions.map((a) => a.start), [11, 43]);
    assert.equal(maskTemplates('# only {{ comments }}\n').mask, undefined);
  });
});
