/**
 * Placeholder fixes (a value the user must choose, such as a namespace): the engine marks where
 * the suggested value sits in the edit, and fix-all never applies them, even when a rule were to
 * mark one preferred.
 */
import * as assert from 'node:assert/strict';
import { analyzeText } from '../../../server/src/engine/pipeline';
import { fixAll, isAutoFixable } from '../../../server/src/engine/fix/apply';
import { LineIndex } from '../../../server/src/engine/text';
import type { Finding } from '../../../server/src/engine/types';
import { crlf, y } from '../rule-tester';
import { resolveRuleSet } from '../../../server/src/engine/profiles';

const code = y`
  apiVersion: v1
  kind: Pod
  metadata:
    name: report-job
    namespace: kube-public   # moved here "temporarily"
  spec:
    containers: [{name: report, image: registry.example.com/report:1}]
`;

describe('placeholder fixes', () => {
  it('mark the suggested value inside the edit, with CRLF and in a later document', () => {
    const text = crlf(`# cluster objects\n---\n${code}`);
    const f = analyzeText(text, resolveRuleSet({ profile: 'stig-kubernetes' })).findings.find((x) => x.ruleId === 'system-namespace-workload')!;
    const fix = f.fix!;
    assert.equal(fix.preferred, false);
    const edit = fix.edits[fix.placeholder!.edit];
    assert.equal(edit.newText.slice(fix.placeholder!.start, fix.placeholder!.end), 'report-job');
    // the edit replaces exactly the namespace value, on the right line of the file
    const lines = new LineIndex(text);
    assert.equal(text.slice(lines.offset(edit.range.start), lines.offset(edit.range.end)), 'kube-public');
    assert.equal(edit.range.start.line, 6);
  });

  it('are never applied by fix-all, even when marked preferred', () => {
    const f = analyzeText(code, resolveRuleSet({ profile: 'stig-kubernetes' })).findings.find((x) => x.ruleId === 'system-namespace-workload')!;
    const forced: Finding = { ...f, fix: { ...f.fix!, preferred: true } };
    assert.equal(isAutoFixable(forced), false);
    assert.equal(isAutoFixable({ ...forced, fix: { ...forced.fix!, placeholder: undefined } }), true, 'the same fix without a placeholder would be applied');
    assert.equal(fixAll(code, resolveRuleSet({ profile: 'stig-kubernetes' })).text.includes('namespace: kube-public'), true);
  });
});
