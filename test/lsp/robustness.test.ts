/**
 * A server that never dies: a rule that throws, requests for unknown documents, a close during
 * analysis, cancellation, shutdown and exit, and a start without a transport.
 */
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { PassThrough } from 'node:stream';
import {
  CancellationTokenSource,
  CodeActionRequest,
  DocumentDiagnosticRequest,
  ExitNotification,
  HoverRequest,
  ResponseError,
} from 'vscode-languageserver-protocol/node';
import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { defineRule } from '../../server/src/engine/rule';
import { ALL_RULES } from '../../server/src/engine/rules';
import { startServer } from '../../server/src/lsp/server';
import { ROOT, SERVER, TestClient } from './harness';
import { fixture } from './util';

const web = fixture('web.yaml');

describe('language server, robustness', function () {
  it('a rule that throws is logged and skipped; the other rules still report', async () => {
    const throwing = defineRule({
      meta: {
        id: 'test-throws',
        title: 'Throws',
        description: 'A rule that fails.',
        rationale: '-',
        remediation: '-',
        profiles: { restricted: 'error' },
        defaultSeverity: 'error',
        fixable: false,
        standards: [],
        messages: { before: 'reported before failing' },
      },
      checkPod(pod) {
        pod.report({ node: pod.spec, messageId: 'before' });
        throw new Error('boom');
      },
    });
    ALL_RULES.push(throwing);
    const toServer = new PassThrough();
    const fromServer = new PassThrough();
    const connection = createConnection(ProposedFeatures.all, toServer, fromServer);
    startServer(connection, { packageRoot: ROOT });
    connection.listen();
    const client = new TestClient({ settings: { delayMs: 0 }, streams: { fromServer, toServer } });
    try {
      await client.initialize();
      const uri = 'file:///work/robust/throws.yaml';
      await client.open(uri, web);
      const p = await client.nextPublish(uri, 0);
      assert.deepEqual(
        p.diagnostics.map((d) => d.code),
        ['run-as-non-root', 'allow-privilege-escalation', 'run-as-non-root', 'seccomp-restricted', 'capabilities-restricted', 'privileged', 'host-namespaces'],
      );
      await client.until(() => client.logs.some((l) => l.startsWith('podsec: rule "test-throws" failed')), 'the error in the log');
      const line = client.logs.find((l) => l.startsWith('podsec: rule "test-throws" failed'))!;
      assert.match(
        line,
        /^podsec: rule "test-throws" failed on file:\/\/\/work\/robust\/throws\.yaml; its findings there are skipped, the other rules still report\. Error: boom\n\s+at /,
      );
    } finally {
      ALL_RULES.splice(ALL_RULES.indexOf(throwing), 1);
      await client.shutdown();
      connection.dispose();
    }
  });

  describe('over stdio', () => {
    let client: TestClient;
    before(async () => {
      client = new TestClient({ settings: { delayMs: 0 } });
      await client.initialize();
    });
    after(async () => {
      assert.equal(await client.shutdown(), 0);
    });

    it('answers requests for documents that are not open', async () => {
      const uri = 'file:///work/robust/unknown.yaml';
      assert.equal(await client.conn.sendRequest(HoverRequest.type, { textDocument: { uri }, position: { line: 0, character: 0 } }), null);
      assert.deepEqual(
        await client.conn.sendRequest(CodeActionRequest.type, {
          textDocument: { uri },
          range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
          context: { diagnostics: [] },
        }),
        [],
      );
      const logs = client.logs.length;
      await client.change(uri, 2, [{ text: 'x' }]);
      await client.until(() => client.logs.length > logs, 'a log line');
      assert.equal(client.logs[logs], `podsec: change for a document that is not open: ${uri}`);
      await client.close(uri);
      // still serving
      const other = 'file:///work/robust/after.yaml';
      const from = client.published.length;
      await client.open(other, web);
      assert.equal((await client.nextPublish(other, from)).diagnostics.length, 7);
    });

    it('a close during analysis ends with the diagnostics cleared', async () => {
      const uri = 'file:///work/robust/closing.yaml';
      const big = Array.from({ length: 300 }, () => web).join('---\n');
      const from = client.published.length;
      await client.open(uri, big);
      await client.close(uri);
      await client.nextPublish(uri, from);
      // proof of life, then: nothing but the clearing was published for the closed document
      const other = 'file:///work/robust/alive.yaml';
      const from2 = client.published.length;
      await client.open(other, web);
      await client.nextPublish(other, from2);
      assert.deepEqual(
        client.published
          .slice(from)
          .filter((p) => p.uri === uri)
          .map((p) => p.diagnostics),
        [[]],
      );
    });
  });

  it('a pull for a document closed before its configuration arrived is answered, not left hanging', async () => {
    const client = new TestClient({ pull: true, settings: {} });
    try {
      await client.initialize();
      const uri = 'file:///work/robust/quick-close.yaml';
      await client.open(uri, web);
      const pending = client.conn.sendRequest(DocumentDiagnosticRequest.type, { textDocument: { uri } });
      await client.close(uri);
      await assert.rejects(pending, (e: ResponseError<unknown>) => e.code === -32802);
      // and the closed document asks for nothing more
      const asked = client.configurationRequests;
      const other = 'file:///work/robust/after-quick-close.yaml';
      await client.open(other, web);
      assert.equal((await client.conn.sendRequest(DocumentDiagnosticRequest.type, { textDocument: { uri: other } })).kind, 'full');
      assert.equal(client.configurationRequests - asked, 1);
    } finally {
      assert.equal(await client.shutdown(), 0);
    }
  });

  it('cancels a long pull request and keeps serving', async () => {
    const client = new TestClient({ pull: true, settings: {} });
    try {
      await client.initialize();
      const uri = 'file:///work/robust/cancel.yaml';
      await client.open(uri, Array.from({ length: 300 }, () => web).join('---\n'));
      const source = new CancellationTokenSource();
      const pending = client.conn.sendRequest(DocumentDiagnosticRequest.type, { textDocument: { uri } }, source.token);
      source.cancel();
      await assert.rejects(pending, (e: ResponseError<unknown>) => e.code === -32802 && JSON.stringify(e.data) === '{"retriggerRequest":true}');
      const refreshes = client.refreshes;
      let full = await client.conn.sendRequest(DocumentDiagnosticRequest.type, { textDocument: { uri } });
      if (full.kind === 'full' && /still analysing/.test(String(full.items[0]?.message))) {
        // a slow machine: the first problems came early (test/lsp/first-diagnostics.test.ts); the count follows
        await client.until(() => client.refreshes > refreshes, 'a diagnostic refresh');
        full = await client.conn.sendRequest(DocumentDiagnosticRequest.type, { textDocument: { uri } });
      }
      assert.equal(full.kind, 'full');
      const items = (full as { items: { message: string }[] }).items;
      assert.equal(items.length, 1001);
      assert.equal(
        items[0].message,
        `podsec shows the first 1000 of ${300 * 7} problems in this file (setting podsec.maxProblems). \`podsec check\` lists them all.`,
      );
    } finally {
      assert.equal(await client.shutdown(), 0);
    }
  });

  it('exits with 0 after shutdown, 1 on exit without shutdown', async () => {
    const client = new TestClient({});
    await client.initialize();
    await client.conn.sendNotification(ExitNotification.type);
    assert.equal(await client.exited, 1);
    client.conn.dispose();
  });

  it('explains itself when started without a transport', () => {
    const r = spawnSync(process.execPath, [SERVER], { encoding: 'utf8' });
    assert.equal(r.status, 2);
    assert.match(r.stderr, /^podsec language server \S+\n\nUsage: node server\.js --stdio/);
    const v = spawnSync(process.execPath, [SERVER, '--version'], { encoding: 'utf8' });
    assert.equal(v.status, 0);
    assert.match(v.stdout, /^\d+\.\d+\.\d+/);
  });
});
