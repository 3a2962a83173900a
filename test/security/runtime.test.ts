/**
 * No network, no child processes, no code from strings, at run time: the shipped CLI and
 * language server run their real work with every process and network API booby-trapped
 * (trap.ts, preloaded into them and their worker threads) and with V8 refusing to compile
 * strings (`--disallow-code-generation-from-strings`). Any attempt would be logged and fail; the
 * log must stay empty and the results must be the usual ones.
 */
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { CodeActionRequest, DocumentDiagnosticRequest, HoverRequest } from 'vscode-languageserver-protocol/node';
import { fileUri, TestClient } from '../lsp/harness';

const ROOT = path.resolve(__dirname, '..', '..', '..', '..');
const CLI = path.join(ROOT, 'server', 'out', 'cli.js');
const TRAP = path.join(__dirname, 'trap.js');
const NODE_FLAGS = ['--require', TRAP, '--disallow-code-generation-from-strings'];

describe('security: the CLI and the server at run time', function () {
  this.timeout(120_000);
  let dir: string;
  let log: string;

  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'podsec-security-'));
    log = path.join(dir, 'trap.log');
    fs.cpSync(path.join(ROOT, 'examples'), path.join(dir, 'examples'), { recursive: true });
    // many files, so that the CLI starts worker threads
    for (let i = 0; i < 40; i++) fs.copyFileSync(path.join(ROOT, 'examples', 'api-missing-hardening.yaml'), path.join(dir, 'examples', `copy-${i}.yaml`));
    fs.writeFileSync(
      path.join(dir, 'examples', '.podsec.yaml'),
      'profile: restricted\nexclude: ["copy-3*.yaml"]\nruleOptions:\n  system-namespace-workload:\n    allow: ["metrics-*"]\n',
    );
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));
  afterEach(() => {
    const attempts = fs.existsSync(log) ? fs.readFileSync(log, 'utf8') : '';
    fs.rmSync(log, { force: true });
    assert.equal(attempts, '', 'a process or network API was called');
  });

  const env = () => ({ ...process.env, PODSEC_TRAP_LOG: log, NO_COLOR: '1' });
  const cli = (args: string[], input?: string) =>
    spawnSync(process.execPath, [...NODE_FLAGS, CLI, ...args], { cwd: dir, env: env(), input, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });

  it('the trap works: a process or a connection attempted under it is logged and fails', () => {
    const r = spawnSync(process.execPath, [...NODE_FLAGS, '-e', "require('child_process').execSync('true'); "], { env: env(), encoding: 'utf8' });
    assert.notEqual(r.status, 0);
    assert.match(fs.readFileSync(log, 'utf8'), /child_process\.execSync/);
    fs.rmSync(log);
    const e = spawnSync(process.execPath, [...NODE_FLAGS, '-e', "eval('1')"], { env: env(), encoding: 'utf8' });
    assert.match(e.stderr, /Code generation from strings disallowed/);
  });

  it('podsec check in every format, with worker threads, a configuration file and standard input', () => {
    for (const format of ['text', 'json', 'sarif', 'github']) {
      const r = cli(['check', 'examples', '--format', format, '--threads', '2']);
      assert.equal(r.status, 1, `${format}: ${r.stderr}`);
      assert.ok(r.stdout.length > 0);
    }
    const stdin = cli(['check', '-', '--format', 'json'], fs.readFileSync(path.join(ROOT, 'examples', 'api-missing-hardening.yaml'), 'utf8'));
    assert.equal(stdin.status, 0, stdin.stderr);
    assert.ok(JSON.parse(stdin.stdout).files[0].findings.length > 0);
    assert.equal(cli(['rules', '--format', 'json']).status, 0);
  });

  it('podsec check --fix and --fix-dry-run', () => {
    const dry = cli(['check', 'examples', '--fix-dry-run']);
    assert.ok(dry.status === 0 || dry.status === 1, dry.stderr);
    assert.match(dry.stdout, /^@@ /m);
    const fixed = cli(['check', 'examples', '--fix']);
    assert.ok(fixed.status === 0 || fixed.status === 1, fixed.stderr);
  });

  it('the language server: open, push and pull diagnostics, edit, hover, quick fixes, fix-all, shutdown', async () => {
    const text = fs.readFileSync(path.join(ROOT, 'examples', 'api-missing-hardening.yaml'), 'utf8');
    for (const pull of [false, true]) {
      const client = new TestClient({ pull, settings: { delayMs: 0 }, workspaceFolders: [dir], env: { ...env(), NODE_OPTIONS: NODE_FLAGS.join(' ') } });
      await client.initialize();
      const uri = fileUri(path.join(dir, 'examples', `open-${pull}.yaml`));
      await client.open(uri, text);
      let diagnostics;
      if (pull) {
        const report = await client.conn.sendRequest(DocumentDiagnosticRequest.type, { textDocument: { uri } });
        diagnostics = (report as { items: { range: unknown; code?: unknown }[] }).items;
      } else diagnostics = (await client.nextPublish(uri, 0)).diagnostics;
      assert.ok(diagnostics.length > 0);
      await client.change(uri, 2, [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, text: '# edited\n' }]);
      const d = diagnostics[0] as { range: { start: { line: number; character: number } } };
      const at = { line: d.range.start.line + 1, character: d.range.start.character };
      await client.conn.sendRequest(HoverRequest.type, { textDocument: { uri }, position: at });
      const actions = await client.conn.sendRequest(CodeActionRequest.type, {
        textDocument: { uri },
        range: { start: { line: 0, character: 0 }, end: { line: 60, character: 0 } },
        context: { diagnostics: [] },
      });
      assert.ok(Array.isArray(actions));
      assert.equal(await client.shutdown(), 0, client.stderr);
    }
  });
});
