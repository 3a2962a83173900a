/**
 * Lookups as Kubernetes' go-yaml v2 decoder sees a mapping: aliases resolve to their anchors,
 * merge keys contribute keys in order (a later writer wins), the earlier maps of a merged list
 * win over later ones, and nulls count as unset.
 */
import * as assert from 'node:assert/strict';
import { parseDocument } from 'yaml';
import { DocModel, YNode } from '../../../server/src/engine/model';

function root(text: string): YNode {
  const doc = parseDocument(text);
  assert.deepEqual(
    doc.errors.map((e) => e.message),
    [],
  );
  return new DocModel(doc, text, undefined).root()!;
}

/** The resolved value at a dotted key path of the mapping `m`. */
function val(m: YNode, ...keys: string[]) {
  return m.at(...keys)?.value();
}

describe('document model', () => {
  describe('merge keys in go-yaml v2 order', () => {
    it('a key written after the merge wins over the merged one', () => {
      const r = root('base: &b {a: 1, b: 1}\nm:\n  <<: *b\n  a: 2\n');
      assert.equal(val(r, 'm', 'a'), 2);
      assert.equal(val(r, 'm', 'b'), 1);
    });

    it('a merge written after the key wins over it (later writer)', () => {
      const r = root('base: &b {a: 1}\nm:\n  a: 2\n  <<: *b\n');
      assert.equal(val(r, 'm', 'a'), 1);
    });

    it('in a merged list, earlier maps win over later ones', () => {
      const r = root('x: &x {a: from-x}\ny: &y {a: from-y, b: from-y}\nm:\n  <<: [*x, *y]\n');
      assert.equal(val(r, 'm', 'a'), 'from-x');
      assert.equal(val(r, 'm', 'b'), 'from-y');
    });

    it('merges nest, and inline maps can be merged', () => {
      const r = root('a: &a {k: a, j: a}\nb: &b {<<: *a, k: b}\nm: {<<: [*b, {z: 1}]}\n');
      assert.equal(val(r, 'm', 'k'), 'b');
      assert.equal(val(r, 'm', 'j'), 'a');
      assert.equal(val(r, 'm', 'z'), 1);
    });

    it('merged values are marked as such; their key is where they are written', () => {
      const text = 'base: &b {a: 1}\nm:\n  <<: *b\n';
      const r = root(text);
      const a = r.at('m', 'a')!;
      assert.equal(a.src.viaMerge, true);
      assert.equal(a.path, 'm.a');
      const [s, e] = a.span();
      assert.equal(text.slice(s, e), 'a: 1');
      assert.equal(r.get('base')!.get('a')!.src.viaMerge, false);
    });

    it('entries() lists effective keys once, in first-written order', () => {
      const r = root('base: &b {a: 1, b: 1}\nm:\n  c: 3\n  <<: *b\n  a: 2\n');
      assert.deepEqual(
        r
          .get('m')!
          .entries()
          .map(([k, v]) => [k, v.value()]),
        [
          ['c', 3],
          ['a', 2],
          ['b', 1],
        ],
      );
    });

    it('a merge of something that is no mapping adds nothing', () => {
      const r = root('s: &s scalar\nm:\n  <<: *s\n  a: 1\n');
      assert.deepEqual(
        r
          .get('m')!
          .entries()
          .map(([k]) => k),
        ['a'],
      );
    });

    it('a mapping that merges itself does not loop', () => {
      const r = root('m: &m\n  <<: *m\n  a: 1\n');
      assert.equal(val(r, 'm', 'a'), 1);
      assert.equal(r.at('m', 'zz'), undefined);
    });
  });

  describe('aliases', () => {
    it('resolve to the nearest anchor of that name before them', () => {
      const r = root('a: &x 1\nb: *x\nc: &x 2\nd: *x\n');
      assert.equal(val(r, 'b'), 1);
      assert.equal(val(r, 'd'), 2);
    });

    it('keep where they are written: the alias is the written value, the anchor the concrete node', () => {
      const text = 'a: &x {k: v}\nb: *x\n';
      const r = root(text);
      const b = r.get('b')!;
      assert.equal(b.isMap, true);
      const [s, e] = b.valueSpan();
      assert.equal(text.slice(s, e), '*x');
      assert.equal(b.get('k')!.path, 'b.k');
    });

    it('an alias to an unknown anchor is unset', () => {
      const doc = parseDocument('a: *nope\n');
      const r = new DocModel(doc, 'a: *nope\n', undefined).root()!;
      assert.equal(r.get('a'), undefined);
    });
  });

  describe('nulls and lookups', () => {
    it('null, ~ and empty values are unset for get() but present for getRaw()', () => {
      const r = root('a:\nb: ~\nc: null\nd: ""\n');
      for (const k of ['a', 'b', 'c']) {
        assert.equal(r.get(k), undefined, k);
        assert.ok(r.getRaw(k), k);
      }
      assert.equal(val(r, 'd'), '');
    });

    it('a duplicate key: the last one counts', () => {
      const doc = parseDocument('a: 1\na: 2\n', { uniqueKeys: false });
      const r = new DocModel(doc, 'a: 1\na: 2\n', undefined).root()!;
      assert.equal(r.get('a')!.value(), 2);
    });

    it('quoted keys and keys that need brackets in paths', () => {
      const r = root('metadata:\n  annotations:\n    "example.com/x": "1"\n');
      const n = r.at('metadata', 'annotations', 'example.com/x')!;
      assert.equal(n.value(), '1');
      assert.equal(n.path, 'metadata.annotations["example.com/x"]');
    });

    it('sequences: items, paths and types', () => {
      const r = root('l: [a, {b: 1}, 3]\n');
      const items = r.get('l')!.items();
      assert.deepEqual(
        items.map((i) => i.path),
        ['l[0]', 'l[1]', 'l[2]'],
      );
      assert.deepEqual(
        items.map((i) => [i.isScalar, i.isMap]),
        [
          [true, false],
          [false, true],
          [true, false],
        ],
      );
      assert.equal(items[2].num(), 3);
      assert.deepEqual(r.get('l')!.entries(), []);
      assert.deepEqual(r.items(), []);
    });

    it('str() gives numbers and booleans as written', () => {
      const r = root('a: 010\nb: Yes\nc: "x"\n');
      assert.equal(r.get('a')!.str(), '010');
      assert.equal(r.get('b')!.str(), 'Yes');
      assert.equal(r.get('a')!.num(), 8);
      assert.equal(r.get('b')!.bool(), true);
      assert.equal(r.get('c')!.bool(), undefined);
    });
  });

  describe('spans', () => {
    it('of a block collection end at its content, not on the next line', () => {
      const text = 'drop:\n  - NET_RAW  # why\n\nnext: 1\n';
      const r = root(text);
      const [s, e] = r.get('drop')!.span();
      assert.equal(text.slice(s, e), 'drop:\n  - NET_RAW  # why');
    });

    it('of an empty value is its key and colon', () => {
      const text = 'a:\nb: 1\n';
      const [s, e] = root(text).getRaw('a')!.span();
      assert.equal(text.slice(s, e), 'a:');
    });

    it('key, value and pair', () => {
      const text = 'key: "value" # c\n';
      const n = root(text).get('key')!;
      const slice = ([s, e]: [number, number]) => text.slice(s, e);
      assert.equal(slice(n.keySpan()), 'key');
      assert.equal(slice(n.valueSpan()), '"value"');
      assert.equal(slice(n.span()), 'key: "value"');
    });
  });
});
