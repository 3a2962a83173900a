/**
 * Pull diagnostics (`textDocument/diagnostic`, as VS Code uses them) through the bundled server:
 * full reports with result ids, `unchanged` when nothing a client shows changed, refresh on
 * settings changes, run on save, and nothing pushed.
 */
import * as assert from 'node:assert/strict';
import {
  CodeAction,
  CodeActionRequest,
  Diagnostic,
  DocumentDiagnosticReport,
  DocumentDiagnosticRequest,
  FullDocumentDiagnosticReport,
  HoverRequest,
  type MarkupContent,
} from 'vscode-languageserver-protocol';
import { analyzeText } from '../../server/src/engine/pipeline';
import { TestClient } from './harness';
import { brief, fixture } from './util';

const web = fixture('web.yaml');

describe('language server, pull diagnostics (stdio)', function () {
  let client: TestClient;

  before(async () => {
    client = new TestClient({ pull: true, settings: {} });
    const init = await client.initialize();
    assert.deepEqual(init.capabilities.diagnosticProvider, { identifier: 'podsec', interFileDependencies: false, workspaceDiagnostics: false });
  });
  after(async () => {
    assert.equal(await client.shutdown(), 0);
  });

  const pull = (uri: string, previousResultId?: string) =>
    client.conn.sendRequest(DocumentDiagnosticRequest.type, {
      textDocument: { uri },
      ...(previousResultId ? { previousResultId } : {}),
    }) as Promise<DocumentDiagnosticReport>;

  it('answers full reports with a result id, then unchanged while nothing changes', async () => {
    const uri = 'file:///work/pull/web.yaml';
    await client.open(uri, web);
    const first = (await pull(uri)) as FullDocumentDiagnosticReport;
    assert.equal(first.kind, 'full');
    assert.equal(typeof first.resultId, 'string');
    assert.equal(first.items.length, 7);
    assert.deepEqual(brief(first.items)[5], [
      'privileged',
      1,
      12,
      8,
      12,
      24,
      "Container 'web' runs privileged (privileged: true): it has full access to the node.",
    ]);
    assert.deepEqual(await pull(uri, first.resultId), { kind: 'unchanged', resultId: first.resultId });
    // typing in a comment changes no diagnostic
    await client.change(uri, 2, [{ range: { start: { line: 0, character: 10 }, end: { line: 0, character: 10 } }, text: ' (frontend)' }]);
    assert.deepEqual(await pull(uri, first.resultId), { kind: 'unchanged', resultId: first.resultId });
    // a new line above moves every diagnostic: a full report
    await client.change(uri, 3, [{ range: { start: { line: 1, character: 0 }, end: { line: 1, character: 0 } }, text: '# owner: web\n' }]);
    const moved = (await pull(uri, first.resultId)) as FullDocumentDiagnosticReport;
    assert.equal(moved.kind, 'full');
    assert.notEqual(moved.resultId, first.resultId);
    assert.deepEqual(brief(moved.items)[5], [
      'privileged',
      1,
      13,
      8,
      13,
      24,
      "Container 'web' runs privileged (privileged: true): it has full access to the node.",
    ]);
    // fixing a finding: a full report without it
    await client.change(uri, 4, [{ range: { start: { line: 13, character: 20 }, end: { line: 13, character: 24 } }, text: 'false' }]);
    const fixed = (await pull(uri, moved.resultId)) as FullDocumentDiagnosticReport;
    assert.deepEqual(
      fixed.items.map((d) => d.code),
      ['run-as-non-root', 'allow-privilege-escalation', 'run-as-non-root', 'seccomp-restricted', 'capabilities-restricted', 'host-namespaces'],
    );
    // a client that lost its result id gets the full report again
    assert.equal((await pull(uri, 'no-such-id')).kind, 'full');
    assert.deepEqual(
      client.published.filter((p) => p.uri === uri),
      [],
      'nothing is pushed to a pull client',
    );
  });

  it('offers quick fixes for lines of a large file before it has been analysed as a whole', async () => {
    const uri = 'file:///work/pull/large.yaml';
    const text = Array.from({ length: 200 }, () => web).join('---\n');
    await client.open(uri, text);
    // nothing has been pulled yet: the server analyses the lines asked about
    const f = analyzeText(text).findings.filter((x) => x.ruleId === 'privileged')[150];
    const diagnostic: Diagnostic = { range: f.range, severity: 1, source: 'podsec', code: 'privileged', message: f.message };
    const got = (await client.conn.sendRequest(CodeActionRequest.type, {
      textDocument: { uri },
      range: f.range,
      context: { diagnostics: [diagnostic], only: ['quickfix'] },
    })) as CodeAction[];
    assert.deepEqual(
      got.map((a) => a.title),
      ["Set privileged: false in container 'web'", 'Disable privileged for this line', 'Show documentation for privileged'],
    );
    assert.deepEqual(got[0].edit, {
      documentChanges: [
        {
          textDocument: { uri, version: 1 },
          edits: [{ range: { start: { line: f.range.start.line, character: 20 }, end: { line: f.range.start.line, character: 24 } }, newText: 'false' }],
        },
      ],
    });
  });

  it('answers a hover on a line of a large file before it has been analysed as a whole', async () => {
    const uri = 'file:///work/pull/large-hover.yaml';
    const text = Array.from({ length: 200 }, () => web).join('---\n');
    await client.open(uri, text);
    // nothing has been pulled yet: the server analyses the line asked about
    const f = analyzeText(text).findings.filter((x) => x.ruleId === 'privileged')[150];
    const hover = await client.conn.sendRequest(HoverRequest.type, { textDocument: { uri }, position: f.range.start });
    assert.ok(hover, 'a hover card');
    assert.deepEqual(hover.range, f.range);
    assert.match((hover.contents as MarkupContent).value, /`privileged`/);
  });

  it('answers an empty report for a document that is not open', async () => {
    assert.deepEqual(await pull('file:///work/pull/never-opened.yaml'), { kind: 'full', items: [] });
  });

  it('asks the client to pull again when settings change', async () => {
    const uri = 'file:///work/pull/settings.yaml';
    await client.open(uri, web);
    const before = (await pull(uri)) as FullDocumentDiagnosticReport;
    assert.equal(before.items.length, 7);
    await client.setSettings({ profile: 'baseline' }); // waits for workspace/diagnostic/refresh
    const after = (await pull(uri, before.resultId)) as FullDocumentDiagnosticReport;
    assert.deepEqual(
      after.items.map((d) => d.code),
      ['privileged', 'host-namespaces'],
    );
    await client.setSettings({});
  });

  it('with run: onSave, keeps the saved report while typing and reports again on save', async () => {
    const uri = 'file:///work/pull/on-save.yaml';
    await client.setSettings({ run: 'onSave' });
    await client.open(uri, web);
    const saved = (await pull(uri)) as FullDocumentDiagnosticReport;
    assert.equal(saved.items.length, 7);
    await client.change(uri, 2, [{ range: { start: { line: 12, character: 20 }, end: { line: 12, character: 24 } }, text: 'false' }]);
    assert.deepEqual(await pull(uri, saved.resultId), { kind: 'unchanged', resultId: saved.resultId });
    const refreshes = client.refreshes;
    await client.save(uri);
    await client.until(() => client.refreshes > refreshes, 'a refresh after saving');
    const after = (await pull(uri, saved.resultId)) as FullDocumentDiagnosticReport;
    assert.equal(after.kind, 'full');
    assert.equal(
      after.items.some((d) => d.code === 'privileged'),
      false,
    );
    await client.setSettings({});
  });
});
