/**
 * Property 4, at the protocol: the language server (the shipped bundle, over stdio) answers
 * exactly what a full analysis of the final text gives, after a random sequence of incremental
 * edits. Each case opens a styled manifest, sends 1-12 `didChange` edits at once (replacements
 * anywhere: inserted or deleted `---` markers, line breaks of every kind, template actions,
 * emoji, indentation, whole-text replacements), then pulls the diagnostics; they must equal the
 * diagnostics of `analyzeText` on the final text (less syntax errors in a text that no longer looks
 * like a manifest, see test/support/editor.ts), in order, with ranges, severities, codes,
 * links, messages and related locations.
 */
import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Diagnostic } from 'vscode-languageserver-protocol';
import { DocumentDiagnosticRequest, TextDocumentContentChangeEvent } from 'vscode-languageserver-protocol/node';
import { RuleDocs } from '../../server/src/lsp/diagnostics';
import { fileUri, ROOT, TestClient } from '../lsp/harness';
import { editorDiagnostics } from '../support/editor';
import { checkAsync } from '../support/fc';
import { lineStarts, positionOf } from '../support/oracle';
import { styledFile } from '../support/workloads';

const PIECES = [
  '---\n',
  '\n---\n',
  '---',
  '\n',
  '\r\n',
  '\r',
  ' ',
  '  ',
  '- ',
  ': ',
  '#',
  'x',
  'privileged: true\n',
  '      hostPID: true\n',
  '{{ .Values.x }}',
  '{{- if .X }}\n',
  '😀',
  '"',
  '\t',
  '...\n',
  '%YAML 1.2\n',
  '&a ',
  '*a',
  '[',
  '}',
];

interface Edit {
  at: number;
  len: number;
  text: string;
}

const edit: fc.Arbitrary<Edit> = fc.record({
  at: fc.nat(),
  len: fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 30 })),
  text: fc.oneof(
    fc.constantFrom(...PIECES),
    fc.array(fc.constantFrom(...PIECES), { maxLength: 3 }).map((a) => a.join('')),
  ),
});

/** A boundary LSP can name: not inside a CRLF or a surrogate pair. */
function boundary(text: string, o: number): number {
  let i = Math.max(0, Math.min(o, text.length));
  if (i > 0 && text[i - 1] === '\r' && text[i] === '\n') i--;
  if (i > 0 && /[\uDC00-\uDFFF]/.test(text[i] ?? '') && /[\uD800-\uDBFF]/.test(text[i - 1])) i--;
  return i;
}

describe('property: the language server equals a full analysis after random edits', function () {
  this.timeout(0);
  let client: TestClient;
  let dir: string;
  const docs = new RuleDocs(ROOT);

  before(async () => {
    dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'podsec-incremental-')));
    client = new TestClient({ pull: true, settings: {} });
    await client.initialize();
  });
  after(async () => {
    assert.equal(await client.shutdown(), 0);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('pulled diagnostics after 1-12 edits sent at once equal those of the final text analysed whole', async () => {
    let n = 0;
    const arb = fc.tuple(styledFile, fc.array(edit, { minLength: 1, maxLength: 12 }), fc.integer({ min: -1, max: 11 }));
    await checkAsync('server equals full analysis', arb, async ([file, edits, wholeAt]) => {
      const path_ = path.join(dir, `doc-${n++}.yaml`);
      const uri = fileUri(path_);
      let text = file.text;
      await client.open(uri, text);
      const changes: TextDocumentContentChangeEvent[] = [];
      edits.forEach((e, i) => {
        if (i === wholeAt) {
          // a whole-text replacement (what a client sends for a reload or a format)
          text = e.text + text.slice(0, 200);
          changes.push({ text });
          return;
        }
        const s = boundary(text, e.at % (text.length + 1));
        const end = boundary(text, Math.max(s, Math.min(text.length, s + e.len)));
        const starts = lineStarts(text);
        changes.push({ range: { start: positionOf(starts, s), end: positionOf(starts, end) }, text: e.text });
        text = text.slice(0, s) + e.text + text.slice(end);
      });
      await client.change(uri, 2, changes);
      const report = await client.conn.sendRequest(DocumentDiagnosticRequest.type, { textDocument: { uri } });
      await client.close(uri);
      const got = (report as { items: Diagnostic[] }).items;
      const expected = editorDiagnostics(text, path_, uri, docs);
      if (JSON.stringify(got) !== JSON.stringify(expected)) {
        assert.deepEqual(got, expected, `the server differs from a full analysis of ${JSON.stringify(text)} after ${JSON.stringify(changes)}`);
      }
    });
  });
});
