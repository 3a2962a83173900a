/**
 * Hostile use of the language server (the shipped bundle over stdio): files above the size
 * limit, a 20 MB file, edits arriving far faster than analysis, and a long editing session.
 * (A throwing rule, unknown documents, a close during analysis, cancellation and shutdown/exit
 * are covered by test/lsp/robustness.test.ts.)
 * - above `maxFileSizeMB` the server publishes one information diagnostic instead of analysing,
 *   and analyses again once the file is small enough;
 * - a 20 MB file does not stall the server: other documents are answered meanwhile;
 * - a burst of edits sent without waiting ends with the diagnostics of the final text, for the
 *   final version, and nothing older is published after it;
 * - 10,000 edits to a 10,000-line file leave the server's memory flat: resident set after a
 *   full garbage collection within 10% of where it was after the first edits.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Diagnostic } from 'vscode-languageserver-protocol';
import { DiagnosticSeverity, HoverRequest, TextDocumentContentChangeEvent } from 'vscode-languageserver-protocol/node';
import { LineIndex } from '../../server/src/engine/text';
import { RuleDocs } from '../../server/src/lsp/diagnostics';
import { fileUri, ROOT, sleep, TestClient } from '../lsp/harness';
import { editorDiagnostics } from '../support/editor';

const POD = `apiVersion: v1
kind: Pod
metadata:
  name: web
spec:
  containers:
    - name: app
      image: nginx
      securityContext:
        privileged: true
`;

/** What the server should publish for `text`: every finding of a full analysis. */
function expected(text: string, file: string, uri: string): Diagnostic[] {
  return editorDiagnostics(text, file, uri, new RuleDocs(ROOT));
}

describe('hostile input: the language server', function () {
  this.timeout(300_000);
  let dir: string;

  before(() => {
    dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'podsec-hostile-server-')));
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('above maxFileSizeMB: one information diagnostic instead of an analysis; below it again: the findings', async () => {
    const client = new TestClient({ settings: { delayMs: 0, maxFileSizeMB: 0.01 } });
    try {
      await client.initialize();
      const file = path.join(dir, 'limit.yaml');
      const uri = fileUri(file);
      const big = Array.from({ length: 100 }, () => POD).join('---\n');
      assert.ok(big.length > 0.01 * 1024 * 1024);
      await client.open(uri, big);
      const over = await client.nextPublish(uri, 0, 1);
      assert.equal(over.diagnostics.length, 1);
      assert.equal(over.diagnostics[0].severity, DiagnosticSeverity.Information);
      assert.equal(
        over.diagnostics[0].message,
        `podsec did not analyse this file: it is ${Math.round(big.length / 1024)} KB, above the editor limit of 10 KB (maxFileSizeMB). Run \`podsec check\` on it, or raise the limit.`,
      );
      const from = client.published.length;
      await client.change(uri, 2, [{ text: POD }]);
      const under = await client.nextPublish(uri, from, 2);
      assert.deepEqual(under.diagnostics, expected(POD, file, uri));
    } finally {
      assert.equal(await client.shutdown(), 0);
    }
  });

  it('a 20 MB file: one information diagnostic at the default limit, and the server keeps answering', async () => {
    const client = new TestClient({ settings: { delayMs: 0 } });
    try {
      await client.initialize();
      const uri = fileUri(path.join(dir, 'huge.yaml'));
      const line = '  key: "a value of some length to fill the file to twenty megabytes"\n';
      const huge = `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: huge}\ndata:\n${line.repeat(Math.ceil((20 * 1024 * 1024) / line.length))}`;
      await client.open(uri, huge);
      const small = fileUri(path.join(dir, 'small.yaml'));
      await client.open(small, POD);
      const t0 = Date.now();
      const hover = await client.conn.sendRequest(HoverRequest.type, { textDocument: { uri: small }, position: { line: 9, character: 10 } });
      assert.ok(Date.now() - t0 < 20_000, 'answered while the huge file is open');
      assert.ok(hover === null || typeof hover === 'object');
      const p = await client.nextPublish(uri, 0);
      assert.equal(p.diagnostics.length, 1);
      assert.match(p.diagnostics[0].message as string, /^podsec did not analyse this file: it is 20\.0 MB, above the editor limit of 10\.0 MB/);
    } finally {
      assert.equal(await client.shutdown(), 0);
    }
  });

  it('500 edits sent without waiting: the last publish is for the last version and equals a full analysis', async () => {
    const client = new TestClient({ settings: { delayMs: 0 } });
    try {
      await client.initialize();
      const file = path.join(dir, 'burst.yaml');
      const uri = fileUri(file);
      let text = Array.from({ length: 100 }, (_, i) => POD.replace('name: web', `name: web-${i}`)).join('---\n');
      await client.open(uri, text);
      const sends: Promise<void>[] = [];
      for (let v = 2; v <= 501; v++) {
        // flip the privileged flag of one of the 100 pods (a different one each time)
        let at = -1;
        for (let k = 0; k <= (v * 37) % 100; k++) at = text.indexOf('privileged: ', at + 1);
        const from = at + 'privileged: '.length;
        const word = text.startsWith('true', from) ? 'true' : 'false';
        const change: TextDocumentContentChangeEvent = { range: new LineIndex(text).range(from, from + word.length), text: word === 'true' ? 'false' : 'true' };
        text = text.slice(0, from) + change.text + text.slice(from + word.length);
        sends.push(client.change(uri, v, [change]));
      }
      await Promise.all(sends);
      const last = await client.nextPublish(uri, 0, 501);
      assert.deepEqual(last.diagnostics, expected(text, file, uri));
      await sleep(500);
      const after = client.published.filter((p) => p.uri === uri);
      assert.equal(after[after.length - 1].version, 501, 'nothing older is published after the last version');
      const versions = after.map((p) => p.version ?? 0);
      assert.deepEqual(
        versions,
        [...versions].sort((a, b) => a - b),
        'publications never go back in version',
      );
    } finally {
      assert.equal(await client.shutdown(), 0);
    }
  });

  it('10,000 edits to a 10,000-line file leave memory flat (within 10% after garbage collection)', async () => {
    const probe = path.join(dir, 'mem.json');
    const client = new TestClient({
      settings: { delayMs: 0 },
      env: { ...process.env, NODE_OPTIONS: `--expose-gc --require ${path.join(__dirname, 'memprobe.js')}`, PODSEC_MEMPROBE: probe },
    });
    const probeOnce = async () => {
      fs.rmSync(probe, { force: true });
      client.proc!.kill('SIGUSR2');
      for (let i = 0; i < 200 && !fs.existsSync(probe); i++) await sleep(50);
      await sleep(50);
      return JSON.parse(fs.readFileSync(probe, 'utf8')) as NodeJS.MemoryUsage;
    };
    // the smallest of three probes a moment apart: V8 hands freed pages back lazily
    const memory = async () => {
      let best: NodeJS.MemoryUsage | undefined;
      for (let i = 0; i < 3; i++) {
        const m = await probeOnce();
        if (!best || m.rss < best.rss) best = m;
        await sleep(300);
      }
      return best!;
    };
    const mb = (m: NodeJS.MemoryUsage) => `resident ${(m.rss / 1e6).toFixed(1)} MB, heap ${(m.heapUsed / 1e6).toFixed(1)} MB`;
    try {
      await client.initialize();
      const file = path.join(dir, 'long.yaml');
      const uri = fileUri(file);
      const doc = POD.replace('name: web', 'name: web-$');
      let text = '';
      while (text.split('\n').length < 10_000) text += (text ? '---\n' : '') + doc.replace('$', String(text.length));
      await client.open(uri, text);
      let version = 1;
      // each round: 100 edits (type a character into a container name, then delete it), then
      // wait for the analysis of the result
      const round = async () => {
        const changes: Promise<void>[] = [];
        for (let k = 0; k < 50; k++) {
          const lines = new LineIndex(text);
          const found = text.indexOf('name: app', (version * 104729) % text.length);
          const pos = (found === -1 ? text.indexOf('name: app') : found) + 'name: app'.length;
          changes.push(client.change(uri, ++version, [{ range: lines.range(pos, pos), text: 'x' }]));
          text = text.slice(0, pos) + 'x' + text.slice(pos);
          const lines2 = new LineIndex(text);
          changes.push(client.change(uri, ++version, [{ range: lines2.range(pos, pos + 1), text: '' }]));
          text = text.slice(0, pos) + text.slice(pos + 1);
        }
        await Promise.all(changes);
        await client.nextPublish(uri, 0, version);
      };
      for (let i = 0; i < 5; i++) await round();
      const baseline = await memory();
      for (let i = 0; i < 100; i++) await round();
      assert.ok(version > 10_000);
      const end = await memory();
      assert.ok(end.rss <= baseline.rss * 1.1, `memory grew from ${mb(baseline)} to ${mb(end)}`);
      // the server shows the first 1000 problems of the 5000 (after a note saying so)
      assert.deepEqual(client.latest(uri)!.slice(1), expected(text, file, uri));
    } finally {
      assert.equal(await client.shutdown(), 0);
    }
  });
});
