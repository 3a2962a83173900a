/**
 * Property 3: positions are right.
 *
 * For styled manifests (CRLF, a byte order mark, tabs in comments, emoji and other non-BMP
 * characters earlier on the line, flow collections, anchors and merges), every finding, related
 * location and fix edit:
 * - has an LSP range equal to its offsets converted to (line, UTF-16 column) independently;
 * - lies inside the document (`finding.document`) it belongs to;
 * - starts at the source node its `path` names (the key of a mapping entry, or the value, or the
 *   sequence item), found in the `yaml` parser's tree by following the path through aliases
 *   and merge keys.
 * The run also counts the findings that sit after a non-BMP character on their line, in CRLF
 * files, in files with a byte order mark and after comments with tabs, and fails if the
 * generator produced none of one kind, so the property cannot pass without exercising them.
 */
import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { Document, parseAllDocuments } from 'yaml';
import { analyzeText } from '../../server/src/engine/pipeline';
import type { Range } from '../../server/src/engine/text';
import { check } from '../support/fc';
import { forParser, lineStarts, objectNode, parsePath, positionOf, sourceNode } from '../support/oracle';
import { engineOptions, styledFile } from '../support/workloads';
import { resolveRuleSet } from '../../server/src/engine/profiles';

const NON_BMP = /[\uD800-\uDBFF][\uDC00-\uDFFF]/;

describe('property: positions are exact', function () {
  this.timeout(0);

  it('every range matches its offsets in UTF-16, lies in its document and starts at the node its path names', () => {
    const seen = { nonBmpBefore: 0, crlf: 0, bom: 0, tabComment: 0, viaAlias: 0 };
    const ran = check('positions', fc.tuple(styledFile, engineOptions), ([file, opts]) => {
      const text = file.text;
      const starts = lineStarts(text);
      const docs = parseAllDocuments(forParser(text)) as Document.Parsed[];
      const res = analyzeText(text, resolveRuleSet(opts));
      const at = (r: Range, offsets: [number, number], what: string) => {
        assert.deepEqual(r.start, positionOf(starts, offsets[0]), `${what}: start position of offset ${offsets[0]}`);
        assert.deepEqual(r.end, positionOf(starts, offsets[1]), `${what}: end position of offset ${offsets[1]}`);
      };
      assert.equal(res.documents, file.docs.length, 'documents');
      for (const f of res.findings) {
        const what = `${f.ruleId} at ${f.path || '(no path)'}: ${f.message}`;
        const span = file.docs[f.document];
        assert.ok(span, `${what}: document ${f.document} does not exist`);
        const inside = (o: [number, number]) => o[0] >= span[0] && o[1] <= span[1] && o[0] <= o[1];
        assert.ok(inside(f.offset), `${what}: offsets ${f.offset} outside document ${f.document} ${span}`);
        at(f.range, f.offset, what);
        for (const r of f.related) {
          assert.ok(inside(r.offset), `${what}: related ${r.offset} outside the document`);
          at(r.range, r.offset, `${what} (related)`);
        }
        for (const e of f.fix?.edits ?? []) {
          assert.ok(inside(e.offset), `${what}: fix edit ${e.offset} outside the document`);
          at(e.range, e.offset, `${what} (fix edit)`);
        }
        if (f.path) {
          const doc = docs[f.document];
          const node = sourceNode(doc, objectNode(doc, f), parsePath(f.path));
          assert.ok(node, `${what}: the path names no node`);
          const allowed = [node.key?.range?.[0], node.value?.range?.[0]].filter((x): x is number => x !== undefined);
          assert.ok(
            allowed.includes(f.offset[0]),
            `${what}: starts at ${f.offset[0]} (${JSON.stringify(text.slice(f.offset[0], f.offset[0] + 20))}), not at the node (${allowed.join(' or ')})`,
          );
          if (node.value && node.value.range && text[node.value.range[0]] === '*') seen.viaAlias++;
        }
        const lineStart = starts[f.range.start.line];
        if (NON_BMP.test(text.slice(lineStart, f.offset[0]))) seen.nonBmpBefore++;
        if (text.includes('\r\n')) seen.crlf++;
        if (text.startsWith('\ufeff')) seen.bom++;
        if (/#[^\n]*\t/.test(text.slice(0, f.offset[0]))) seen.tabComment++;
      }
    });
    // a replay of one case need not cover every kind
    if (ran >= 100) for (const [k, n] of Object.entries(seen)) assert.ok(n > 0, `the generator produced no finding of kind ${k}`);
  });
});
