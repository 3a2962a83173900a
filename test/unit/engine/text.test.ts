/**
 * Text positions: LSP ranges count UTF-16 code units, lines end at CRLF, LF or a lone CR, and a
 * byte order mark is a character of the first line. Checked on the line index and end to end.
 */
import * as assert from 'node:assert/strict';
import { analyzeText } from '../../../server/src/engine/pipeline';
import { applyEdits, findingEdits, fixAll } from '../../../server/src/engine/fix/apply';
import { detectEol, LineIndex } from '../../../server/src/engine/text';
import { resolveRuleSet } from '../../../server/src/engine/profiles';

function tuple(r: { start: { line: number; character: number }; end: { line: number; character: number } }) {
  return [r.start.line, r.start.character, r.end.line, r.end.character];
}

describe('text positions', () => {
  describe('LineIndex', () => {
    it('LF lines', () => {
      const idx = new LineIndex('ab\ncd\n');
      assert.deepEqual(idx.starts, [0, 3, 6]);
      assert.deepEqual(idx.position(4), { line: 1, character: 1 });
      assert.equal(idx.offset({ line: 1, character: 1 }), 4);
      assert.equal(idx.lineEnd(0), 2);
      assert.equal(idx.lineEnd(2), 6);
    });

    it('CRLF: a position never lands between CR and LF', () => {
      const idx = new LineIndex('ab\r\ncd\r\n');
      assert.deepEqual(idx.starts, [0, 4, 8]);
      assert.equal(idx.lineEnd(0), 2);
      assert.deepEqual(idx.position(5), { line: 1, character: 1 });
      // a character past the end of the line clamps before the line break
      assert.equal(idx.offset({ line: 0, character: 99 }), 2);
    });

    it('a lone CR ends a line, as in LSP; mixed line breaks', () => {
      const idx = new LineIndex('a\rb\r\nc\nd');
      assert.deepEqual(idx.starts, [0, 2, 5, 7]);
      assert.deepEqual(idx.position(2), { line: 1, character: 0 });
      assert.equal(idx.lineEnd(1), 3);
      assert.equal(idx.lineCount, 4);
    });

    it('counts UTF-16 code units: an emoji outside the BMP is two characters', () => {
      const idx = new LineIndex('x: "😀"\ny: 1\n');
      assert.deepEqual(idx.position('x: "😀"'.length), { line: 0, character: 7 });
      assert.deepEqual(idx.position(idx.starts[1]), { line: 1, character: 0 });
    });

    it('a byte order mark is the first character of line 0', () => {
      const idx = new LineIndex('\uFEFFa: 1\n');
      assert.deepEqual(idx.position(1), { line: 0, character: 1 });
    });

    it('offsets outside the text clamp', () => {
      const idx = new LineIndex('ab\ncd');
      assert.deepEqual(idx.position(99), { line: 1, character: 2 });
      assert.deepEqual(idx.position(-5), { line: 0, character: 0 });
      assert.equal(idx.offset({ line: 9, character: 0 }), 5);
      assert.equal(idx.offset({ line: -1, character: 0 }), 0);
    });
  });

  it('detectEol follows the file', () => {
    assert.equal(detectEol('a\nb\n'), '\n');
    assert.equal(detectEol('a\r\nb\r\n'), '\r\n');
    assert.equal(detectEol('a\rb\r'), '\r');
    assert.equal(detectEol('a'), '\n');
  });

  describe('finding ranges and fixes end to end', () => {
    const pod = (eol: string, hostNetwork = 'true') =>
      [
        'apiVersion: v1',
        'kind: Pod',
        'metadata:',
        '  name: web',
        'spec:',
        `  hostNetwork: ${hostNetwork}`,
        '  containers:',
        '  - name: app',
        '    image: nginx',
        '',
      ].join(eol);

    for (const [name, eol] of [
      ['LF', '\n'],
      ['CRLF', '\r\n'],
      ['lone CR', '\r'],
    ]) {
      it(`${name}: the same lines and characters, and fixes keep the line breaks`, () => {
        const text = pod(eol);
        const { findings } = analyzeText(text, resolveRuleSet({ profile: 'baseline' }));
        assert.deepEqual(
          findings.map((f) => [f.ruleId, ...tuple(f.range)]),
          [['host-namespaces', 5, 2, 5, 19]],
        );
        assert.equal(applyEdits(text, findingEdits(findings[0])), pod(eol, 'false'));
        // fixes that insert lines use the file's line break
        const fixed = fixAll(text, resolveRuleSet({ profile: 'restricted' })).text;
        assert.ok(fixed.includes(`${eol}    securityContext:${eol}`), JSON.stringify(fixed));
        if (eol === '\n') assert.ok(!fixed.includes('\r'));
        else if (eol === '\r\n') assert.ok(!/[^\r]\n/.test(fixed));
        else assert.ok(!fixed.includes('\n'));
        assert.deepEqual(
          analyzeText(fixed, resolveRuleSet({ profile: 'restricted' })).findings.filter((f) => f.ruleId === 'yaml-syntax'),
          [],
        );
      });
    }

    it('a byte order mark shifts characters on the first line only', () => {
      const text = '\uFEFF{apiVersion: v1, kind: Pod, metadata: {name: web}, spec: {hostPID: true, containers: [{name: app, image: nginx}]}}\n';
      const [f] = analyzeText(text, resolveRuleSet({ profile: 'baseline' })).findings;
      assert.deepEqual(tuple(f.range), [0, 59, 0, 72]);
      assert.equal(text.slice(f.offset[0], f.offset[1]), 'hostPID: true');
      assert.equal(applyEdits(text, findingEdits(f)), text.replace('hostPID: true', 'hostPID: false'));

      const block = '\uFEFFapiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  hostPID: true\n  containers: [{name: app, image: nginx}]\n';
      const [g] = analyzeText(block, resolveRuleSet({ profile: 'baseline' })).findings;
      assert.deepEqual(tuple(g.range), [5, 2, 5, 15]);
    });

    it('characters after surrogate pairs on the same line', () => {
      const text =
        '{apiVersion: v1, kind: Pod, metadata: {name: web, labels: {team: "🚀🚀"}}, spec: {hostIPC: true, containers: [{name: app, image: nginx}]}}\n';
      const [f] = analyzeText(text, resolveRuleSet({ profile: 'baseline' })).findings;
      // 80 characters precede hostIPC, 82 UTF-16 code units (each rocket counts two)
      assert.deepEqual(tuple(f.range), [0, 82, 0, 95]);
      assert.equal(text.slice(f.offset[0], f.offset[1]), 'hostIPC: true');
    });

    it('later documents of a CRLF file with a byte order mark', () => {
      const text =
        '\uFEFF# first\r\napiVersion: v1\r\nkind: ConfigMap\r\nmetadata: {name: a}\r\n---\r\napiVersion: v1\r\nkind: Pod\r\nmetadata: {name: b}\r\nspec:\r\n  hostPID: yes\r\n  containers: [{name: app, image: nginx}]\r\n';
      const { findings, documents } = analyzeText(text, resolveRuleSet({ profile: 'baseline' }));
      assert.equal(documents, 2);
      assert.deepEqual(
        findings.map((f) => [f.document, ...tuple(f.range)]),
        [[1, 9, 2, 9, 14]],
      );
      assert.equal(text.slice(findings[0].offset[0], findings[0].offset[1]), 'hostPID: yes');
    });
  });
});
