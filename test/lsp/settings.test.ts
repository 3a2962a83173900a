/**
 * Settings and `.podsec.yaml` through the bundled server: every setting changes what is
 * published, the file wins over settings, is watched, is reported when broken, and an untrusted
 * workspace cannot widen what the server reads.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { DidChangeWatchedFilesNotification, FileChangeType } from 'vscode-languageserver-protocol';
import { fileUri, TestClient } from './harness';
import { brief, fixture } from './util';

const web = fixture('web.yaml');
const BASELINE = [
  ['privileged', 1, 12, 8, 12, 24, "Container 'web' runs privileged (privileged: true): it has full access to the node."],
  ['host-namespaces', 1, 28, 6, 28, 23, "The pod shares the host's network namespace (hostNetwork: true)."],
];

describe('language server, settings (stdio)', function () {
  let client: TestClient;
  let n = 0;
  const uri = () => `file:///work/settings/doc-${++n}.yaml`;

  before(async () => {
    client = new TestClient({ settings: { delayMs: 0 }, workspaceFolders: ['/work/settings'] });
    await client.initialize();
    await client.until(() => client.registrations.some((r) => r.method === 'workspace/didChangeConfiguration'), 'configuration registration');
  });
  after(async () => {
    assert.equal(await client.shutdown(), 0);
  });

  async function diagnosticsWith(settings: Record<string, unknown>, text = web, languageId = 'yaml') {
    await client.setSettings({ delayMs: 0, ...settings });
    const u = uri();
    const from = client.published.length;
    await client.open(u, text, 1, languageId);
    return { uri: u, diagnostics: (await client.nextPublish(u, from)).diagnostics };
  }

  it('podsec.profile', async () => {
    assert.deepEqual(brief((await diagnosticsWith({ profile: 'baseline' })).diagnostics), BASELINE);
    const stig = (await diagnosticsWith({ profile: 'stig-rke2' })).diagnostics;
    assert.deepEqual([...new Set(stig.map((d) => d.severity))], [1], 'a STIG profile makes every Pod Security finding an error');
  });

  it('podsec.pssVersion', async () => {
    const v17 = (await diagnosticsWith({ pssVersion: 'v1.7' })).diagnostics.map((d) => d.code);
    assert.equal(v17.includes('allow-privilege-escalation'), false, 'the check exists from v1.8');
    assert.equal(v17.includes('seccomp-restricted'), false, 'the check exists from v1.19');
    const v18 = (await diagnosticsWith({ pssVersion: 'v1.8' })).diagnostics.map((d) => d.code);
    assert.equal(v18.includes('allow-privilege-escalation'), true);
  });

  it('podsec.rules', async () => {
    const got = await diagnosticsWith({ profile: 'baseline', rules: { privileged: 'off', 'host-namespaces': 'info' } });
    assert.deepEqual(brief(got.diagnostics), [['host-namespaces', 3, 28, 6, 28, 23, "The pod shares the host's network namespace (hostNetwork: true)."]]);
  });

  it('podsec.maxProblems caps what is published and says so', async () => {
    const got = await diagnosticsWith({ maxProblems: 2 });
    assert.deepEqual(brief(got.diagnostics), [
      [undefined, 3, 0, 0, 0, 0, 'podsec shows the first 2 of 7 problems in this file (setting podsec.maxProblems). `podsec check` lists them all.'],
      ['run-as-non-root', 2, 7, 4, 7, 23, 'The pod sets runAsNonRoot: false; it must be true.'],
      ['allow-privilege-escalation', 2, 11, 6, 11, 21, "Container 'web' does not set allowPrivilegeEscalation: false."],
    ]);
  });

  it('podsec.maxFileSizeMB: a larger file gets one information diagnostic instead of analysis', async () => {
    const big = web + `# ${'x'.repeat(20000)}\n`;
    const got = await diagnosticsWith({ maxFileSizeMB: 0.01 }, big);
    assert.deepEqual(brief(got.diagnostics), [
      [
        undefined,
        3,
        0,
        0,
        0,
        0,
        'podsec did not analyse this file: it is 20 KB, above the editor limit of 10 KB (maxFileSizeMB). Run `podsec check` on it, or raise the limit.',
      ],
    ]);
  });

  it('podsec.exclude (globs relative to the workspace folder)', async () => {
    await client.setSettings({ delayMs: 0, exclude: ['generated/**', '*.rendered.yaml'] });
    for (const [u, excluded] of [
      ['file:///work/settings/generated/a/pod.yaml', true],
      ['file:///work/settings/apps/x.rendered.yaml', true],
      ['file:///work/settings/apps/generated.yaml', false],
    ] as const) {
      const from = client.published.length;
      await client.open(u, web);
      assert.equal((await client.nextPublish(u, from)).diagnostics.length, excluded ? 0 : 7, u);
    }
  });

  it('podsec.run: onSave analyses when the file is saved, not while typing', async () => {
    await client.setSettings({ delayMs: 0, run: 'onSave' });
    const u = uri();
    let from = client.published.length;
    await client.open(u, web, 1);
    assert.equal((await client.nextPublish(u, from, 1)).diagnostics.length, 7);
    from = client.published.length;
    await client.change(u, 2, [{ range: { start: { line: 12, character: 20 }, end: { line: 12, character: 24 } }, text: 'false' }]);
    await client.change(u, 3, [{ range: { start: { line: 28, character: 19 }, end: { line: 28, character: 23 } }, text: 'false' }]);
    await client.save(u);
    const saved = await client.nextPublish(u, from, 3);
    assert.equal(client.published.slice(from).filter((p) => p.uri === u).length, 1, 'one publish: on save');
    assert.deepEqual(
      saved.diagnostics.map((d) => d.code),
      ['run-as-non-root', 'allow-privilege-escalation', 'run-as-non-root', 'seccomp-restricted', 'capabilities-restricted'],
    );
  });

  it('a settings change re-publishes every open document', async () => {
    await client.setSettings({ delayMs: 0 });
    const u = uri();
    let from = client.published.length;
    await client.open(u, web, 1);
    assert.equal((await client.nextPublish(u, from)).diagnostics.length, 7);
    from = client.published.length;
    await client.setSettings({ delayMs: 0, profile: 'baseline' });
    assert.deepEqual(brief((await client.nextPublish(u, from)).diagnostics), BASELINE);
  });

  it('invalid setting values are logged and the defaults used', async () => {
    const logs = client.logs.length;
    const got = await diagnosticsWith({ profile: 'strict', maxProblems: -1, run: 'sometimes' });
    assert.equal(got.diagnostics.length, 7);
    const said = client.logs.slice(logs).join('\n');
    assert.match(said, /podsec settings: profile must be one of baseline, restricted, stig-rke2, stig-kubernetes, not "strict"\./);
    assert.match(said, /podsec\.maxProblems must be a whole number from 1 to 100000, not -1\./);
    assert.match(said, /podsec\.run must be onType or onSave, not "sometimes"\./);
  });
});

describe('language server, .podsec.yaml (stdio)', function () {
  let root: string;
  let ws: string;
  let client: TestClient;

  before(async () => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'podsec-lsp-'));
    ws = path.join(root, 'ws');
    fs.mkdirSync(path.join(ws, 'apps', 'vendor'), { recursive: true });
    client = new TestClient({ settings: { delayMs: 0, profile: 'stig-rke2' }, workspaceFolders: [ws] });
    await client.initialize();
    await client.until(() => client.registrations.some((r) => r.method === 'workspace/didChangeWatchedFiles'), 'file watcher registration');
  });
  after(async () => {
    assert.equal(await client.shutdown(), 0);
    fs.rmSync(root, { recursive: true, force: true });
  });

  function watchedChange(file: string, type: FileChangeType) {
    return client.conn.sendNotification(DidChangeWatchedFilesNotification.type, { changes: [{ uri: fileUri(file), type }] });
  }

  it('registers watchers for .podsec.yaml and for the YAML files the workspace index reads', () => {
    const reg = client.registrations.find((r) => r.method === 'workspace/didChangeWatchedFiles')!;
    assert.deepEqual(reg.registerOptions, { watchers: [{ globPattern: '**/.podsec.yaml' }, { globPattern: '**/*.{yaml,yml}' }] });
  });

  it('wins over settings, applies its excludes, and is re-read when it changes', async () => {
    const cfg = path.join(ws, '.podsec.yaml');
    fs.writeFileSync(cfg, 'profile: baseline\nexclude: [apps/vendor]\n');
    await watchedChange(cfg, FileChangeType.Created);
    const u = fileUri(path.join(ws, 'apps', 'web.yaml'));
    let from = client.published.length;
    await client.open(u, web);
    assert.deepEqual(brief((await client.nextPublish(u, from)).diagnostics), BASELINE);
    // what applies to the file, and where it comes from (the VS Code status bar shows it)
    assert.deepEqual(await client.conn.sendRequest('podsec/effectiveConfiguration', { textDocument: { uri: u } }), {
      profile: 'baseline',
      pssVersion: 'v1.37',
      configFile: fileUri(cfg),
      fromConfigFile: ['profile', 'exclude'],
    });
    assert.equal(await client.conn.sendRequest('podsec/effectiveConfiguration', { textDocument: { uri: 'file:///not/open.yaml' } }), null);
    const vendored = fileUri(path.join(ws, 'apps', 'vendor', 'web.yaml'));
    from = client.published.length;
    await client.open(vendored, web);
    assert.deepEqual((await client.nextPublish(vendored, from)).diagnostics, []);
    // the team tightens the file: the open manifest follows
    fs.writeFileSync(cfg, 'profile: restricted\nrules: {host-namespaces: warning}\n');
    from = client.published.length;
    await watchedChange(cfg, FileChangeType.Changed);
    const after = (await client.nextPublish(u, from)).diagnostics;
    assert.equal(after.length, 7);
    assert.equal(after.find((d) => d.code === 'host-namespaces')!.severity, 2);
    assert.equal((await client.nextPublish(vendored, from)).diagnostics.length, 7, 'no longer excluded');
    // deleted: the settings apply again (stig-rke2: everything is an error)
    fs.rmSync(cfg);
    from = client.published.length;
    await watchedChange(cfg, FileChangeType.Deleted);
    assert.deepEqual([...new Set((await client.nextPublish(u, from)).diagnostics.map((d) => d.severity))], [1]);
  });

  it('reports a broken file in the file itself and uses the defaults for the broken entries', async () => {
    const cfg = path.join(ws, '.podsec.yaml');
    const text = 'profile: baseline\nrules:\n  privileged: loud\n  hostnetwork: off\n';
    fs.writeFileSync(cfg, text);
    const messages = client.messages.length;
    await watchedChange(cfg, FileChangeType.Created);
    const u = fileUri(path.join(ws, 'apps', 'broken.yaml'));
    let from = client.published.length;
    await client.open(u, web);
    assert.deepEqual(brief((await client.nextPublish(u, from)).diagnostics), BASELINE);
    await client.until(() => client.messages.length > messages, 'a warning about the configuration');
    assert.deepEqual(client.messages[messages], {
      type: 2,
      message: 'podsec: ws/.podsec.yaml has problems; open it to see them. The entries with problems are ignored.',
    });
    from = client.published.length;
    await client.open(fileUri(cfg), text);
    assert.deepEqual(brief((await client.nextPublish(fileUri(cfg), from)).diagnostics), [
      [undefined, 1, 2, 14, 2, 18, 'rules.privileged must be one of off, info, warning, error, not "loud".'],
      [undefined, 2, 3, 2, 3, 13, 'rules: unknown rule "hostnetwork".'],
    ]);
    // editing the open file updates its diagnostics at once
    from = client.published.length;
    await client.change(fileUri(cfg), 2, [{ range: { start: { line: 2, character: 14 }, end: { line: 2, character: 18 } }, text: 'info' }]);
    assert.deepEqual(brief((await client.nextPublish(fileUri(cfg), from, 2)).diagnostics), [[undefined, 2, 3, 2, 3, 13, 'rules: unknown rule "hostnetwork".']]);
    fs.rmSync(cfg);
    await watchedChange(cfg, FileChangeType.Deleted);
  });

  it('in an untrusted workspace: no .podsec.yaml above the folder, no larger size limit', async () => {
    fs.writeFileSync(path.join(root, '.podsec.yaml'), 'profile: baseline\n');
    const u = fileUri(path.join(ws, 'apps', 'trust.yaml'));
    const trustedClient = new TestClient({ settings: { delayMs: 0 }, workspaceFolders: [ws] });
    const untrusted = new TestClient({
      settings: { delayMs: 0, maxFileSizeMB: 50 },
      workspaceFolders: [ws],
      initializationOptions: { workspaceTrusted: false },
    });
    try {
      await trustedClient.initialize();
      await untrusted.initialize();
      await trustedClient.open(u, web);
      assert.deepEqual(brief((await trustedClient.nextPublish(u, 0)).diagnostics), BASELINE, 'trusted: the file above the folder applies');
      await untrusted.open(u, web);
      assert.equal((await untrusted.nextPublish(u, 0)).diagnostics.length, 7, 'untrusted: it does not');
      const huge = fileUri(path.join(ws, 'apps', 'huge.yaml'));
      await untrusted.open(huge, web + `# ${'x'.repeat(11 * 1024 * 1024)}\n`);
      assert.deepEqual(brief((await untrusted.nextPublish(huge, 0)).diagnostics), [
        [
          undefined,
          3,
          0,
          0,
          0,
          0,
          'podsec did not analyse this file: it is 11.0 MB, above the editor limit of 10.0 MB (maxFileSizeMB). Run `podsec check` on it, or raise the limit.',
        ],
      ]);
    } finally {
      await trustedClient.shutdown();
      await untrusted.shutdown();
      fs.rmSync(path.join(root, '.podsec.yaml'));
    }
  });
});
