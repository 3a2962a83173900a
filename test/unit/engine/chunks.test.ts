/** Splitting a YAML stream into documents without parsing it. */
import * as assert from 'node:assert/strict';
import { analyzeText } from '../../../server/src/engine/pipeline';
import { ChunkStream, splitChunks } from '../../../server/src/engine/chunks';
import { resolveRuleSet } from '../../../server/src/engine/profiles';

/** The chunks as text; they must cover the input exactly, in order, without gaps. */
function parts(text: string): string[] {
  const spans = splitChunks(text);
  let pos = 0;
  for (const s of spans) {
    assert.equal(s.start, pos, 'chunks leave no gap');
    assert.ok(s.end >= s.start);
    pos = s.end;
  }
  assert.equal(pos, text.length, 'chunks reach the end');
  return spans.map((s) => text.slice(s.start, s.end));
}

describe('chunk splitting', () => {
  it('one chunk for a text without markers, also for an empty text', () => {
    assert.deepEqual(parts('a: 1\nb: 2\n'), ['a: 1\nb: 2\n']);
    assert.deepEqual(parts(''), ['']);
  });

  it('splits before every document start marker', () => {
    assert.deepEqual(parts('a: 1\n---\nb: 2\n--- # three\nc: 3\n'), ['a: 1\n', '---\nb: 2\n', '--- # three\nc: 3\n']);
  });

  it('a marker on the first line, at the very end, followed by a tab, and with CRLF', () => {
    assert.deepEqual(parts('---\na: 1\n---'), ['---\na: 1\n', '---']);
    assert.deepEqual(parts('a: 1\r\n---\tx\r\nb: 2\r\n'), ['a: 1\r\n', '---\tx\r\nb: 2\r\n']);
  });

  it('after a lone CR', () => {
    assert.deepEqual(parts('a: 1\r---\rb: 2\r'), ['a: 1\r', '---\rb: 2\r']);
  });

  it('a marker opening a block scalar (--- |) starts a chunk; its content does not', () => {
    assert.deepEqual(parts('--- |\n  ---x\n  text\n---\nb: 2\n'), ['--- |\n  ---x\n  text\n', '---\nb: 2\n']);
  });

  it('not markers: ----, ---x, an indented ---, --- inside a line', () => {
    const text = 'a: ----\n----\n---x: 1\n  ---\nb: "--- "\n';
    assert.deepEqual(parts(text), [text]);
  });

  it('directives belong to the document their marker opens', () => {
    assert.deepEqual(parts('a: 1\n...\n%YAML 1.1\n%TAG ! tag:example.com,2000:\n---\nb: 2\n'), [
      'a: 1\n...\n',
      '%YAML 1.1\n%TAG ! tag:example.com,2000:\n---\nb: 2\n',
    ]);
    assert.deepEqual(parts('%YAML 1.1\n---\na: 1\n'), ['%YAML 1.1\n---\na: 1\n']);
  });

  it('a byte order mark before the first marker stays in the first chunk', () => {
    assert.deepEqual(parts('\uFEFF---\na: 1\n---\nb: 2\n'), ['\uFEFF---\na: 1\n', '---\nb: 2\n']);
  });

  it('a broken document does not hide the next one, and documents are numbered across chunks', () => {
    const text =
      'apiVersion: v1\nkind: Pod\nmetadata: {name: [\n---\napiVersion: v1\nkind: Pod\nmetadata: {name: b}\nspec:\n  hostNetwork: true\n  containers: [{name: app, image: nginx}]\n';
    const { findings, documents } = analyzeText(text, resolveRuleSet({ profile: 'baseline' }));
    assert.equal(documents, 2);
    // the unclosed collections are reported at the end of their own document (the last
    // character, "["), not on the next document's marker line
    const at = (f: (typeof findings)[0]) => [f.ruleId, f.document, f.range.start.line, f.range.start.character, f.range.end.line, f.range.end.character];
    assert.deepEqual(findings.map(at), [
      ['yaml-syntax', 0, 2, 17, 2, 18],
      ['yaml-syntax', 0, 2, 17, 2, 18],
      ['host-namespaces', 1, 8, 2, 8, 19],
    ]);
  });

  it('a chunk with several documents (after ... without a marker) counts each', () => {
    const { documents } = analyzeText('a: 1\n...\nb: 2\n', resolveRuleSet({}));
    assert.equal(documents, 2);
  });

  describe('a text that arrives in pieces (ChunkStream)', () => {
    /** The chunks of `text` fed in the given pieces. */
    function streamed(pieces: string[]): string[] {
      const stream = new ChunkStream();
      const out: string[] = [];
      for (const p of pieces) out.push(...stream.push(p));
      out.push(...stream.end());
      return out;
    }

    /** Cut a text at the given offsets. */
    function cut(text: string, at: number[]): string[] {
      const points = [0, ...at.filter((x) => x > 0 && x < text.length).sort((a, b) => a - b), text.length];
      return points.slice(1).map((e, i) => text.slice(points[i], e));
    }

    const TEXTS = [
      '',
      'a: 1\n',
      '---\na: 1\n---',
      'a: 1\n---\nb: 2\n--- # three\nc: 3\n',
      'a: 1\r\n---\tx\r\nb: 2\r\n',
      'a: 1\r---\rb: 2\r',
      '--- |\n  ---x\n  text\n---\nb: 2\n',
      'a: ----\n----\n---x: 1\n  ---\nb: "--- "\n',
      'a: 1\n...\n%YAML 1.1\n%TAG ! tag:example.com,2000:\n---\nb: 2\n',
      '%YAML 1.1\n---\na: 1\n---\n%bad\n---\n',
      '\uFEFF---\na: 1\n---\nb: 2\n',
      'x\n---\n---\n---\n-- -\n---\n',
    ];

    it('gives the chunks splitChunks gives, whatever the pieces', () => {
      for (const text of TEXTS) {
        const expected = parts(text);
        assert.deepEqual(streamed([text]), expected, JSON.stringify(text));
        // every cut into two pieces, and one character at a time
        for (let i = 0; i <= text.length; i++) assert.deepEqual(streamed(cut(text, [i])), expected, `${JSON.stringify(text)} cut at ${i}`);
        assert.deepEqual(streamed([...text]), expected, `${JSON.stringify(text)} a character at a time`);
      }
    });

    it('gives them for random texts cut at random places', () => {
      let seed = 7;
      const random = () => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32;
      const atoms = ['---', '--- ', '----', '\n', '\r\n', '\r', 'a: 1', '%YAML 1.2', '...', ' ', '\t', '#', '-'];
      for (let n = 0; n < 300; n++) {
        let text = '';
        const len = Math.floor(random() * 40);
        for (let i = 0; i < len; i++) text += atoms[Math.floor(random() * atoms.length)];
        const at = Array.from({ length: Math.floor(random() * 6) }, () => Math.floor(random() * (text.length + 1)));
        assert.deepEqual(streamed(cut(text, at)), parts(text), `${JSON.stringify(text)} cut at ${at.join(',')}`);
      }
    });

    it('hands out a chunk as soon as the marker after it is read', () => {
      const stream = new ChunkStream();
      assert.deepEqual(stream.push('a: 1\n--'), []);
      assert.deepEqual(stream.push('-'), [], 'the character after --- decides');
      assert.deepEqual(stream.push('\nb: 2\n'), ['a: 1\n']);
      assert.deepEqual(stream.end(), ['---\nb: 2\n']);
    });
  });
});
