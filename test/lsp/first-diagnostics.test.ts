/**
 * A long analysis gives its first diagnostics early: once the part of the file analysed so far
 * (its start, in order) holds as many problems as are shown (`podsec.maxProblems`), those are sent
 * with a note that the count follows, then the complete report, whose problems are the same. The
 * wait before the first report (`firstReportMs`, 1000 by default) is 0 here, so that the test
 * does not depend on the speed of the machine.
 */
import * as assert from 'node:assert/strict';
import { DocumentDiagnosticRequest, type Diagnostic, type FullDocumentDiagnosticReport } from 'vscode-languageserver-protocol/node';
import { analyzeText } from '../../server/src/engine/pipeline';
import { TestClient } from './harness';
import { fixture } from './util';

const web = fixture('web.yaml');
const big = Array.from({ length: 2000 }, () => web).join('---\n');
const lines = big.split('\n').length;
const total = analyzeText(big).findings.filter((f) => !f.suppressed).length;

const INTERIM =
  /^podsec shows the first 1000 problems in this file \(setting podsec\.maxProblems\); podsec is still analysing it \(line (\d+) of (\d+)\) and will count the rest\.$/;
const FINAL = `podsec shows the first 1000 of ${total} problems in this file (setting podsec.maxProblems). \`podsec check\` lists them all.`;

/** The note's line (still analysing) must lie inside the file, past the problems shown. */
function assertInterim(items: Diagnostic[]): void {
  assert.equal(items.length, 1001);
  const note = String(items[0].message);
  const m = INTERIM.exec(note);
  assert.ok(m, note);
  assert.equal(Number(m[2]), lines);
  assert.ok(Number(m[1]) < lines && Number(m[1]) > items[items.length - 1].range.start.line, `analysed to line ${m[1]}`);
}

/** A server whose first report comes as soon as it can (`firstReportMs: 0`), shut down after `run`. */
async function withServer(pull: boolean, run: (client: TestClient) => Promise<void>): Promise<void> {
  const client = new TestClient({ pull, initializationOptions: { firstReportMs: 0 } });
  try {
    await client.initialize();
    await run(client);
  } finally {
    assert.equal(await client.shutdown(), 0);
  }
}

describe('lsp: the first diagnostics of a long analysis come early', function () {
  this.timeout(120_000);

  before(() => assert.ok(total > 10_000, `${total} problems`));

  it('push: the first problems with a note, then the same problems with their count', async () => {
    await withServer(false, async (client) => {
      const uri = 'file:///work/first/push.yaml';
      const from = client.published.length;
      await client.open(uri, big);
      const mine = () => client.published.slice(from).filter((p) => p.uri === uri);
      await client.until(() => mine().length >= 2, 'two publishes', 60_000);
      const [first, last] = mine();
      assertInterim(first.diagnostics);
      assert.equal(last.diagnostics[0].message, FINAL);
      assert.deepEqual(first.diagnostics.slice(1), last.diagnostics.slice(1));
    });
  });

  it('pull: answered with the first problems, then a refresh; the next pull has the count', async () => {
    await withServer(true, async (client) => {
      const uri = 'file:///work/first/pull.yaml';
      await client.open(uri, big);
      const refreshes = client.refreshes;
      const first = (await client.conn.sendRequest(DocumentDiagnosticRequest.type, { textDocument: { uri } })) as FullDocumentDiagnosticReport;
      assert.equal(first.kind, 'full');
      assertInterim(first.items);
      await client.until(() => client.refreshes > refreshes, 'a diagnostic refresh once the analysis is done', 60_000);
      const last = (await client.conn.sendRequest(DocumentDiagnosticRequest.type, {
        textDocument: { uri },
        previousResultId: first.resultId,
      })) as FullDocumentDiagnosticReport;
      assert.equal(last.kind, 'full');
      assert.equal(last.items[0].message, FINAL);
      assert.deepEqual(first.items.slice(1), last.items.slice(1));
    });
  });

  it('a file with fewer problems than are shown gets one complete report', async () => {
    await withServer(false, async (client) => {
      const uri = 'file:///work/first/few.yaml';
      const few = Array.from({ length: 100 }, () => web).join('---\n');
      const from = client.published.length;
      await client.open(uri, few);
      await client.until(() => client.published.slice(from).some((p) => p.uri === uri), 'diagnostics');
      // proof that nothing else is coming: a later document's diagnostics arrive after it
      const other = 'file:///work/first/other.yaml';
      await client.open(other, web);
      await client.until(() => client.published.slice(from).some((p) => p.uri === other), 'diagnostics of the other document');
      const mine = client.published.slice(from).filter((p) => p.uri === uri);
      assert.equal(mine.length, 1);
      assert.equal(mine[0].diagnostics.length, analyzeText(few).findings.filter((f) => !f.suppressed).length);
    });
  });
});
