/** Applying edits, minimal diffs, and fix-all passes. */
import * as assert from 'node:assert/strict';
import { analyzeText } from '../../../server/src/engine/pipeline';
import { applyEdits, diffEdits, fixAll, isAutoFixable } from '../../../server/src/engine/fix/apply';
import { y } from '../rule-tester';
import { resolveRuleSet } from '../../../server/src/engine/profiles';

describe('applying fixes', () => {
  it('applyEdits applies edits in offset order and refuses overlaps', () => {
    assert.equal(
      applyEdits('abcdef', [
        { start: 4, end: 5, text: 'E' },
        { start: 0, end: 1, text: 'A' },
        { start: 2, end: 2, text: '+' },
      ]),
      'Ab+cdEf',
    );
    assert.throws(
      () =>
        applyEdits('abcdef', [
          { start: 0, end: 3, text: '' },
          { start: 2, end: 4, text: '' },
        ]),
      /overlapping edits/,
    );
  });

  describe('diffEdits', () => {
    const cases: [string, string, string][] = [
      ['one changed character', 'x: 1\ny: 2\n', 'x: 1\ny: 3\n'],
      ['an inserted line', 'a: 1\nb: 2\n', 'a: 1\nc: 3\nb: 2\n'],
      ['a removed line', 'a: 1\nb: 2\nc: 3\n', 'a: 1\nc: 3\n'],
      ['at the start and the end', 'a\nb\nc', 'z\na\nb\nc\nd'],
      ['CRLF', 'a: 1\r\nb: 2\r\n', 'a: 1\r\nb: 22\r\nc: 3\r\n'],
      ['two separate changes', 'a: 1\nb: 2\nc: 3\nd: 4\n', 'a: 9\nb: 2\nc: 3\nd: 8\n'],
      ['everything', 'abc', 'xyz'],
      ['nothing', 'same\n', 'same\n'],
    ];
    for (const [name, a, b] of cases) {
      it(`reproduces the target: ${name}`, () => {
        const edits = diffEdits(a, b);
        assert.equal(applyEdits(a, edits), b);
        for (let i = 1; i < edits.length; i++) assert.ok(edits[i].start >= edits[i - 1].end, 'sorted, not overlapping');
      });
    }

    it('is minimal: only the characters that differ', () => {
      assert.deepEqual(diffEdits('x: 1\ny: 2\n', 'x: 1\ny: 3\n'), [{ start: 8, end: 9, text: '3' }]);
      assert.deepEqual(diffEdits('a: 1\nc: 3\n', 'a: 1\nb: 2\nc: 3\n'), [{ start: 5, end: 5, text: 'b: 2\n' }]);
      assert.deepEqual(diffEdits('a: 1\nb: 2\nc: 3\nd: 4\n', 'a: 9\nb: 2\nc: 3\nd: 8\n'), [
        { start: 3, end: 4, text: '9' },
        { start: 18, end: 19, text: '8' },
      ]);
      assert.deepEqual(diffEdits('same\n', 'same\n'), []);
    });
  });

  describe('fixAll', () => {
    const text = y`
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
      ---
      apiVersion: v1
      kind: Pod
      metadata:
        name: clean
      spec:
        securityContext: {runAsNonRoot: true, seccompProfile: {type: RuntimeDefault}}
        containers:
        - name: app
          image: nginx
          securityContext: {allowPrivilegeEscalation: false, capabilities: {drop: [ALL]}}
    `;

    it('fixes that build on each other compose across passes into one securityContext', () => {
      const r = fixAll(text, resolveRuleSet({}));
      assert.equal(r.applied, 4);
      assert.equal(
        r.text,
        y`
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
              allowPrivilegeEscalation: false
              capabilities:
                drop:
                - ALL
          securityContext:
            runAsNonRoot: true
            seccompProfile:
              type: RuntimeDefault
        ---
      ` + text.split('---\n')[1],
      );
      assert.equal(applyEdits(text, r.edits), r.text);
      assert.deepEqual(analyzeText(r.text, resolveRuleSet({})).findings.filter(isAutoFixable), []);
    });

    it('applies only preferred fixes by default; another filter can take the rest', () => {
      assert.ok(fixAll(text, resolveRuleSet({})).text.includes('privileged: true'));
      const all = fixAll(text, resolveRuleSet({}), (f) => !!f.fix && !f.suppressed);
      assert.ok(all.text.includes('privileged: false'));
      assert.equal(all.applied, 5);
    });

    it('changes nothing in a clean file, and leaves suppressed findings alone', () => {
      const clean = text.split('---\n')[1];
      assert.deepEqual(fixAll(clean, resolveRuleSet({})), { text: clean, applied: 0, edits: [] });
      const suppressed = `# podsec-disable allow-privilege-escalation capabilities-restricted run-as-non-root seccomp-restricted -- tested elsewhere\n${text.split('---\n')[0]}`;
      assert.equal(fixAll(suppressed, resolveRuleSet({})).applied, 0);
    });
  });
});
