/**
 * The chunk pipeline: a file's chunks placed by offset, first line and document index, whatever
 * the line breaks (LF, CRLF, lone CR, mixed) and with a byte order mark; findings placed from
 * chunk-relative results land where a line index of the whole text puts them; a repaired chunk
 * moves the chunks after it; the CLI's batches count only their own documents.
 */
import * as assert from 'node:assert/strict';
import { textBatches } from '../../../server/src/cli/batches';
import { runTask, type CheckSetup, type Task, type TaskStats } from '../../../server/src/cli/check-file';
import type { SarifPiece } from '../../../server/src/cli/sarif';
import { analyzeChunk } from '../../../server/src/engine/analyze';
import { ClusterContext } from '../../../server/src/engine/cluster/context';
import { splitChunks } from '../../../server/src/engine/chunks';
import { fixAll } from '../../../server/src/engine/fix/apply';
import { analyzeText, PlacedChunks } from '../../../server/src/engine/pipeline';
import { resolveRuleSet } from '../../../server/src/engine/profiles';
import { LineIndex } from '../../../server/src/engine/text';
import type { Finding } from '../../../server/src/engine/types';

const cfg = resolveRuleSet({ profile: 'restricted' });

const POD = `apiVersion: v1
kind: Pod
metadata:
  name: web
spec:
  hostNetwork: true
  containers:
  - name: web
    image: nginx
    securityContext:
      privileged: true
`;
/** Two documents in one chunk: a document end marker without a following `---`. */
const TWO_IN_ONE = `apiVersion: v1
kind: Pod
metadata: {name: a}
spec:
  containers: [{name: a, image: x, securityContext: {privileged: true}}]
...
apiVersion: v1
kind: Pod
metadata: {name: b}
spec:
  hostPID: true
  containers: [{name: b, image: y}]
`;
const BROKEN = 'apiVersion: v1\nkind: Pod\nspec: [unclosed\n';

function withBreaks(text: string, eol: string): string {
  return text.replace(/\n/g, eol);
}

const VARIANTS: [string, string][] = [
  ['LF', [POD, TWO_IN_ONE, BROKEN, POD].join('---\n')],
  ['CRLF', withBreaks([POD, TWO_IN_ONE, BROKEN, POD].join('---\n'), '\r\n')],
  ['lone CR', withBreaks([POD, TWO_IN_ONE, BROKEN, POD].join('---\n'), '\r')],
  ['mixed breaks and a byte order mark', '\ufeff' + [withBreaks(POD, '\r\n'), withBreaks(TWO_IN_ONE, '\r'), BROKEN, POD].join('---\n')],
];

/** Every position of a finding, as a line index of the whole text computes it from the offsets. */
function assertPlacedOnWholeText(text: string, findings: Finding[]): void {
  const lines = new LineIndex(text);
  for (const f of findings) {
    assert.deepEqual(f.range, lines.range(f.offset[0], f.offset[1]), `${f.ruleId} at ${f.offset}`);
    for (const r of f.related) assert.deepEqual(r.range, lines.range(r.offset[0], r.offset[1]));
    for (const e of f.fix?.edits ?? []) assert.deepEqual(e.range, lines.range(e.offset[0], e.offset[1]));
  }
}

describe('the chunk pipeline', () => {
  for (const [name, text] of VARIANTS) {
    it(`places chunks by offset, first line and document index (${name})`, () => {
      const chunks = new PlacedChunks(text, cfg);
      chunks.analyze();
      const lines = new LineIndex(text);
      const spans = splitChunks(text);
      const placed = chunks.placed();
      assert.deepEqual(
        placed.map((p) => [p.offset, p.end]),
        spans.map((s) => [s.start, s.end]),
      );
      let docs = 0;
      for (const p of placed) {
        assert.equal(p.text, text.slice(p.offset, p.end));
        assert.equal(p.line, lines.lineAt(p.offset), `first line of the chunk at ${p.offset}`);
        assert.equal(p.docs, docs);
        docs += p.result.documents;
      }
      // the chunk with two documents makes the document index of every later chunk move by two
      assert.deepEqual(
        placed.map((p) => p.docs),
        [0, 1, 3, 4],
      );
      assert.equal(chunks.lineCount, lines.lineCount);
      assert.deepEqual(chunks.lineStarts, lines.starts);
      assert.deepStrictEqual(chunks.findings(), analyzeText(text, cfg).findings);
      const once = chunks.pass(() => true);
      assert.equal(once.documents, 5);
      assert.deepStrictEqual(once, analyzeText(text, cfg));
      assert.deepEqual(chunks.placed(), [], 'a one-off pass keeps no results');
    });

    it(`places findings where a line index of the whole text puts them (${name})`, () => {
      const findings = analyzeText(text, cfg).findings;
      assert.ok(
        findings.some((f) => f.document === 4 && f.ruleId === 'privileged'),
        'the last document is reached',
      );
      assert.ok(
        findings.some((f) => f.document === 2 && f.ruleId === 'host-namespaces'),
        'the second document of a chunk counts',
      );
      assert.ok(findings.some((f) => f.ruleId === 'yaml-syntax'));
      assertPlacedOnWholeText(text, findings);
      // and they are the chunk's own findings, moved
      const spans = splitChunks(text);
      const own = analyzeChunk(text.slice(spans[3].start, spans[3].end), cfg).findings;
      const placed = findings.filter((f) => f.document === 4);
      assert.deepEqual(
        placed.map((f) => [f.ruleId, f.offset[0] - spans[3].start, f.message]),
        own.map((f) => [f.ruleId, f.offset[0], f.message]),
      );
    });

    it(`a repaired chunk moves the chunks after it (${name})`, () => {
      const chunks = new PlacedChunks(text, cfg);
      chunks.analyze();
      const first = chunks.textAt(0);
      const eol = /\r\n|\r|\n/.exec(first)![0];
      // a repair that adds two lines to the first document
      chunks.setChunkText(0, first.replace(`  hostNetwork: true${eol}`, `  hostNetwork: false${eol}  hostPID: true${eol}  hostIPC: true${eol}`));
      assert.notEqual(chunks.textAt(0), first);
      chunks.analyze();
      const after = chunks.text;
      assert.deepEqual(chunks.chunkSpans, splitChunks(after));
      assert.deepStrictEqual(chunks.findings(), analyzeText(after, cfg).findings);
      assertPlacedOnWholeText(after, chunks.findings());
    });
  }

  it('offsets and positions convert as on the whole text, in every chunk (CRLF, lone CR, BOM)', () => {
    for (const [, text] of VARIANTS) {
      const chunks = new PlacedChunks(text, cfg);
      const lines = new LineIndex(text);
      for (let o = 0; o <= text.length; o++) {
        const pos = lines.position(o);
        assert.deepEqual(chunks.positionAt(o), pos);
        assert.equal(chunks.offsetAt(pos), lines.offset(pos));
      }
      // a character past the end of a line clamps before its line break
      for (let l = 0; l < lines.lineCount; l++) {
        assert.equal(chunks.offsetAt({ line: l, character: 999 }), lines.lineEnd(l));
        assert.equal(chunks.lineText(l), text.slice(lines.starts[l], lines.lineEnd(l)));
      }
    }
  });

  it('chunks without a result hold no documents: only analysed chunks are placed and counted', () => {
    const text = [POD, TWO_IN_ONE, POD].join('---\n');
    const start = splitChunks(text)[2].start;
    // the last document's findings in a whole analysis, as if it were the only document
    const expected = analyzeText(text, cfg)
      .findings.filter((f) => f.offset[0] >= start)
      .map((f) => ({ ...f, document: f.document - 3 }));
    assert.ok(expected.length > 0);
    const chunks = new PlacedChunks(text, cfg);
    chunks.analyzeAt(2);
    assert.deepEqual(
      chunks.placed().map((p) => [p.offset, p.docs]),
      [[start, 0]],
    );
    assert.deepStrictEqual(chunks.findings(), expected);
    const part = new PlacedChunks(text, cfg).pass((k) => k === 2);
    assert.equal(part.documents, 1);
    assert.deepStrictEqual(part.findings, expected);
  });

  describe('the CLI (runTask, batches)', () => {
    const setup: CheckSetup = { quiet: false, facts: [], format: { format: 'sarif', colour: false, cwd: process.cwd(), version: 'test' } };
    const cluster = new ClusterContext([]);
    const options = { profile: 'restricted' as const };

    /** A task's SARIF results as `rule line:col-line:col document`, sorted, and its counts. */
    function run(task: Task): { stats: TaskStats; rows: string[] } {
      const texts: string[] = [];
      // a piece's results come as UTF-8 bytes when they are ASCII
      const textOf = (p: unknown) => {
        const t = (p as SarifPiece).text;
        return typeof t === 'string' ? t : Buffer.from(t).toString('utf8');
      };
      const { stats, piece } = runTask(task, setup, cluster, (p) => texts.push(textOf(p)));
      if (piece) texts.push(textOf(piece));
      const results = JSON.parse(`[${texts.join(',')}]`) as {
        ruleId: string;
        locations: { physicalLocation: { region: { startLine: number; startColumn: number; endLine: number; endColumn: number } } }[];
        properties: { document: number };
      }[];
      const rows = results.map((r) => {
        const g = r.locations[0].physicalLocation.region;
        return `${r.ruleId} ${g.startLine}:${g.startColumn}-${g.endLine}:${g.endColumn} ${r.properties.document}`;
      });
      return { stats, rows: rows.sort() };
    }

    function rowsOf(findings: Finding[]): string[] {
      return findings
        .map((f) => `${f.ruleId} ${f.range.start.line + 1}:${f.range.start.character + 1}-${f.range.end.line + 1}:${f.range.end.character + 1} ${f.document}`)
        .sort();
    }

    for (const [name, text] of VARIANTS) {
      it(`with a fix mode, reports the findings of the repaired text, placed in it (${name})`, () => {
        const bom = text.startsWith('\ufeff');
        const body = bom ? text.slice(1) : text;
        const res = run({ kind: 'file', seq: 0, path: 'pods.yaml', options, fix: 'dry-run', source: { text: body, bom }, artifact: 0, docs: 0 });
        const repaired = fixAll(body, cfg);
        assert.ok(repaired.applied > 0);
        assert.equal(res.stats.fixed, repaired.applied);
        const full = analyzeText(repaired.text, cfg);
        assert.deepStrictEqual(res.rows, rowsOf(full.findings));
        assert.equal(res.stats.documents, full.documents);
        assert.ok(res.stats.diff?.startsWith('--- a/pods.yaml\n+++ b/pods.yaml\n'));
      });

      it(`batches of a file count their own documents, and together give the whole (${name})`, () => {
        const body = text.startsWith('\ufeff') ? text.slice(1) : text;
        const whole = run({ kind: 'file', seq: 0, path: 'pods.yaml', options, fix: 'none', source: { text: body, bom: false }, artifact: 0, docs: 0 });
        assert.deepStrictEqual(whole.rows, rowsOf(analyzeText(body, cfg).findings));
        // every chunk a batch of its own
        const batches = textBatches(body, 1);
        assert.equal(batches.length, splitChunks(body).length);
        let docs = 0;
        const rows: string[] = [];
        batches.forEach((b, i) => {
          const r = run({ kind: 'text', seq: i, path: 'pods.yaml', options, text: b.text, offset: b.offset, line: b.line, artifact: 0, docs });
          docs += r.stats.documents;
          rows.push(...r.rows);
        });
        assert.equal(docs, whole.stats.documents);
        assert.deepStrictEqual(rows.sort(), whole.rows);
      });
    }
  });
});
