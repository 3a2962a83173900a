/**
 * The workspace index (server/src/lsp/workspace-index.ts): what the files of a workspace folder
 * say about the cluster reaches the open documents, on disk (read in the background, then kept
 * current by watched-file notifications or, without them, by a rescan on open and save) and in
 * the editor (an open Namespace changed by typing), and the first diagnostics of a large
 * workspace do not wait for it.
 *
 * The tests that watch a pod's judgement change use a rule of their own in a server in this
 * process (as the robustness test does): it reports, on every pod, what the cluster context says
 * of the pod's namespace, so each assertion reads the dependency the engine records (`ns:<name>`,
 * `index:ready`) without depending on how Pod Security rules word their findings.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { PassThrough } from 'node:stream';
import { DocumentDiagnosticRequest, HoverRequest, type FullDocumentDiagnosticReport, type MarkupContent } from 'vscode-languageserver-protocol/node';
import { createConnection, ProposedFeatures, type Connection } from 'vscode-languageserver/node';
import { defineRule } from '../../server/src/engine/rule';
import { ALL_RULES } from '../../server/src/engine/rules';
import { startServer } from '../../server/src/lsp/server';
import { fileUri, ROOT, TestClient, type ClientOptions } from './harness';
import { fixture } from './util';

const CREATED = 1;
const CHANGED = 2;
const DELETED = 3;

const RULE = 'test-namespace-in-index';
/** Reports, on every pod, what the cluster context says of its namespace. */
const namespaceProbe = defineRule({
  meta: {
    id: RULE,
    title: 'test',
    description: 'test only',
    rationale: 'test only',
    remediation: 'test only',
    profiles: { restricted: 'info' },
    defaultSeverity: 'info',
    fixable: false,
    standards: [],
    messages: { seen: 'namespace {{ns}}: {{what}}' },
  },
  checkPod(pod) {
    const ns = pod.object.resource.namespace ?? '';
    let what: string;
    if (!pod.cluster.ready) what = 'index not ready';
    else {
      const declared = pod.cluster.namespace(ns);
      what = declared
        ? `enforce ${declared.fact.labels.enforce?.value ?? 'unset'} (${path.basename(declared.file)}:${declared.fact.loc.range.start.line + 1})`
        : 'not declared';
    }
    pod.report({ node: pod.object.root.get('kind')!, messageId: 'seen', data: { ns, what } });
  },
});

const pod = (name: string, ns: string) =>
  `apiVersion: v1\nkind: Pod\nmetadata:\n  name: ${name}\n  namespace: ${ns}\nspec:\n  containers:\n    - name: c\n      image: x\n`;
const namespace = (name: string, level: string) =>
  `apiVersion: v1\nkind: Namespace\nmetadata:\n  name: ${name}\n  labels:\n    pod-security.kubernetes.io/enforce: ${level}\n`;

function tempFolder(): string {
  return fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'podsec-index-')));
}

function write(file: string, text: string): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, text);
}

/** A server in this process (the probe rule runs in it), with a workspace folder. */
class InProcess {
  readonly client: TestClient;
  private readonly connection: Connection;

  constructor(options: ClientOptions) {
    const toServer = new PassThrough();
    const fromServer = new PassThrough();
    this.connection = createConnection(ProposedFeatures.all, toServer, fromServer);
    startServer(this.connection, { packageRoot: ROOT });
    this.connection.listen();
    this.client = new TestClient({ settings: { delayMs: 0 }, ...options, streams: { fromServer, toServer } });
  }

  async stop(): Promise<void> {
    await this.client.shutdown();
    this.connection.dispose();
  }

  /** The probe's message in the latest diagnostics pushed for a file. */
  seen(file: string): string | undefined {
    const message = this.client.latest(fileUri(file))?.find((d) => d.code === RULE)?.message;
    return typeof message === 'string' ? message : message?.value;
  }

  async until(file: string, message: string): Promise<void> {
    await this.client.until(() => this.seen(file) === message, `"${message}" for ${path.basename(file)} (now: "${this.seen(file)}")`);
  }

  async ready(folder: string): Promise<void> {
    await this.client.until(() => this.client.logs.some((l) => l.startsWith(`podsec: workspace index: ${folder} ready`)), `the index of ${folder}`);
  }
}

describe('language server, workspace index', function () {
  before(() => ALL_RULES.push(namespaceProbe));
  after(() => {
    ALL_RULES.splice(ALL_RULES.indexOf(namespaceProbe), 1);
  });

  describe('a Namespace in another file', () => {
    let dir: string;
    let server: InProcess;
    let app: string;
    let nsFile: string;

    beforeEach(async () => {
      dir = tempFolder();
      app = path.join(dir, 'apps', 'app.yaml');
      nsFile = path.join(dir, 'cluster', 'namespaces.yaml');
      write(app, pod('web', 'pay'));
      write(nsFile, `# namespaces of the team\n${namespace('pay', 'baseline')}`);
      server = new InProcess({ workspaceFolders: [dir] });
      await server.client.initialize();
      await server.client.open(fileUri(app), pod('web', 'pay'));
    });
    afterEach(async () => {
      await server.stop();
      fs.rmSync(dir, { recursive: true, force: true });
    });

    it('on disk judges an open pod, and a watched-file change re-judges it', async () => {
      await server.until(app, 'namespace pay: enforce baseline (namespaces.yaml:5)');
      write(nsFile, namespace('pay', 'restricted'));
      await server.client.filesChanged([{ uri: fileUri(nsFile), type: CHANGED }]);
      await server.until(app, 'namespace pay: enforce restricted (namespaces.yaml:4)');
      // moved to another file: deleted here, created there
      const moved = path.join(dir, 'cluster', 'pay.yml');
      fs.renameSync(nsFile, moved);
      await server.client.filesChanged([
        { uri: fileUri(nsFile), type: DELETED },
        { uri: fileUri(moved), type: CREATED },
      ]);
      await server.until(app, 'namespace pay: enforce restricted (pay.yml:4)');
      // a deleted folder takes its files with it
      fs.rmSync(path.join(dir, 'cluster'), { recursive: true });
      await server.client.filesChanged([{ uri: fileUri(path.join(dir, 'cluster')), type: DELETED }]);
      await server.until(app, 'namespace pay: not declared');
    });

    it('open in the editor and changed by typing re-judges the pod in the other document, before it is saved', async () => {
      await server.until(app, 'namespace pay: enforce baseline (namespaces.yaml:5)');
      const nsUri = fileUri(nsFile);
      const text = `# namespaces of the team\n${namespace('pay', 'baseline')}`;
      await server.client.open(nsUri, text);
      // typing `privileged` over `baseline` (line 7)
      await server.client.change(nsUri, 2, [{ range: { start: { line: 6, character: 40 }, end: { line: 6, character: 48 } }, text: 'privileged' }]);
      await server.until(app, 'namespace pay: enforce privileged (namespaces.yaml:5)');
      // a line above moves the Namespace: the pod's judgement points at the new line
      await server.client.change(nsUri, 3, [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, text: '# owner: platform\n' }]);
      await server.until(app, 'namespace pay: enforce privileged (namespaces.yaml:6)');
      // closed without saving: the file on disk speaks again
      await server.client.close(nsUri);
      await server.until(app, 'namespace pay: enforce baseline (namespaces.yaml:5)');
    });

    it('a Namespace typed into the open document itself counts, and wins over nothing on disk', async () => {
      const other = path.join(dir, 'apps', 'other.yaml');
      const text = pod('api', 'shop');
      write(other, text);
      await server.client.filesChanged([{ uri: fileUri(other), type: CREATED }]);
      await server.client.open(fileUri(other), text);
      await server.until(other, 'namespace shop: not declared');
      const end = text.split('\n').length - 1;
      await server.client.change(fileUri(other), 2, [
        { range: { start: { line: end, character: 0 }, end: { line: end, character: 0 } }, text: `---\n${namespace('shop', 'restricted')}` },
      ]);
      await server.until(other, 'namespace shop: enforce restricted (other.yaml:14)');
      // the first document does not depend on `shop`, and stays as it was
      assert.equal(server.seen(app), 'namespace pay: enforce baseline (namespaces.yaml:5)');
    });
  });

  it('pull: a change of facts asks the client to pull again, and the pull has the new judgement', async () => {
    const dir = tempFolder();
    const app = path.join(dir, 'app.yaml');
    const nsFile = path.join(dir, 'ns.yaml');
    write(app, pod('web', 'pay'));
    write(nsFile, namespace('pay', 'baseline'));
    const server = new InProcess({ workspaceFolders: [dir], pull: true });
    const { client } = server;
    try {
      await client.initialize();
      await server.ready(dir);
      const uri = fileUri(app);
      await client.open(uri, pod('web', 'pay'));
      const pull = async () =>
        ((await client.conn.sendRequest(DocumentDiagnosticRequest.type, { textDocument: { uri } })) as FullDocumentDiagnosticReport).items.find(
          (d) => d.code === RULE,
        )?.message;
      assert.equal(await pull(), 'namespace pay: enforce baseline (ns.yaml:4)');
      const refreshes = client.refreshes;
      write(nsFile, namespace('pay', 'restricted'));
      await client.filesChanged([{ uri: fileUri(nsFile), type: CHANGED }]);
      await client.until(() => client.refreshes > refreshes, 'a diagnostic refresh');
      assert.equal(await pull(), 'namespace pay: enforce restricted (ns.yaml:4)');
    } finally {
      await server.stop();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('reads only what it may: not node_modules, .git, excluded folders, files above maxFileSizeMB, or links out of the folder', async () => {
    const dir = tempFolder();
    const outside = tempFolder();
    const app = path.join(dir, 'app.yaml');
    write(
      app,
      `${pod('a', 'vendored')}---\n${pod('b', 'git')}---\n${pod('c', 'generated')}---\n${pod('d', 'big')}---\n${pod('e', 'linked')}---\n${pod('f', 'inside')}`,
    );
    write(path.join(dir, 'node_modules', 'chart', 'ns.yaml'), namespace('vendored', 'privileged'));
    write(path.join(dir, '.git', 'ns.yaml'), namespace('git', 'privileged'));
    write(path.join(dir, 'generated', 'ns.yaml'), namespace('generated', 'privileged'));
    write(path.join(dir, '.podsec.yaml'), 'exclude: [generated/]\nmaxFileSizeMB: 0.01\n');
    write(path.join(dir, 'big.yaml'), `${namespace('big', 'privileged')}${'# padding\n'.repeat(2000)}`);
    write(path.join(outside, 'ns.yaml'), namespace('linked', 'privileged'));
    fs.symlinkSync(path.join(outside, 'ns.yaml'), path.join(dir, 'linked.yaml'));
    write(path.join(dir, 'real', 'ns.yaml'), namespace('inside', 'baseline'));
    fs.symlinkSync(path.join(dir, 'real', 'ns.yaml'), path.join(dir, 'inside.yaml'));
    const server = new InProcess({ workspaceFolders: [dir] });
    try {
      await server.client.initialize();
      await server.ready(dir);
      await server.client.open(fileUri(app), fs.readFileSync(app, 'utf8'));
      await server.client.until(() => (server.client.latest(fileUri(app)) ?? []).filter((d) => d.code === RULE).length === 6, 'six pods judged');
      assert.deepEqual(
        server.client
          .latest(fileUri(app))!
          .filter((d) => d.code === RULE)
          .map((d) => d.message),
        [
          'namespace vendored: not declared',
          'namespace git: not declared',
          'namespace generated: not declared',
          'namespace big: not declared',
          'namespace linked: not declared',
          // a link to a file inside the folder is read (the first declaration in path order counts)
          'namespace inside: enforce baseline (inside.yaml:4)',
        ],
      );
      assert.ok(server.client.logs.some((l) => /ready in \d+ ms: 3 YAML files, 2 with namespaces or cluster configuration, 1 left out/.test(l)));
    } finally {
      await server.stop();
      fs.rmSync(dir, { recursive: true, force: true });
      fs.rmSync(outside, { recursive: true, force: true });
    }
  });

  it('without file watching: says so in the log, and reads changed files again when a document is opened or saved', async () => {
    const dir = tempFolder();
    const app = path.join(dir, 'app.yaml');
    const nsFile = path.join(dir, 'ns.yaml');
    write(app, pod('web', 'pay'));
    write(nsFile, namespace('pay', 'baseline'));
    const server = new InProcess({ workspaceFolders: [dir], watchFiles: false });
    try {
      await server.client.initialize();
      await server.client.open(fileUri(app), pod('web', 'pay'));
      await server.until(app, 'namespace pay: enforce baseline (ns.yaml:4)');
      assert.ok(server.client.logs.some((l) => l.includes('the client cannot watch files for the server')));
      assert.ok(!server.client.registrations.some((r) => r.method === 'workspace/didChangeWatchedFiles'));
      write(nsFile, `\n${namespace('pay', 'restricted')}`);
      await server.client.save(fileUri(app));
      await server.until(app, 'namespace pay: enforce restricted (ns.yaml:5)');
    } finally {
      await server.stop();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it("the Pod Security rules follow a Namespace's labels in another file (the bundled server)", async () => {
    const dir = tempFolder();
    const app = path.join(dir, 'apps', 'debug.yaml');
    const nsFile = path.join(dir, 'namespaces.yaml');
    const text = pod('debug', 'tools').replace('      image: x\n', '      image: x\n      securityContext: {privileged: true}\n');
    write(app, text);
    write(nsFile, namespace('tools', 'privileged'));
    const client = new TestClient({ settings: { delayMs: 0 }, workspaceFolders: [dir] });
    const codes = () => (client.latest(fileUri(app)) ?? []).map((d) => `${d.code} ${d.severity}`);
    try {
      await client.initialize();
      await client.open(fileUri(app), text);
      // enforce privileged: the privileged container breaks only the profile's warn level (restricted), once the index has read the folder
      const privileged = () => client.latest(fileUri(app))?.find((d) => d.code === 'privileged')?.severity;
      await client.until(() => client.logs.some((l) => l.includes(' ready in ')) && privileged() === 2, `privileged as a warning (now: ${codes().join()})`);
      write(nsFile, namespace('tools', 'baseline'));
      await client.filesChanged([{ uri: fileUri(nsFile), type: CHANGED }]);
      // enforce baseline: the privileged container is rejected, an error that points at the label
      await client.until(() => privileged() === 1, `privileged as an error (now: ${codes().join()})`);
      const finding = client.latest(fileUri(app))!.find((d) => d.code === 'privileged')!;
      assert.equal(finding.relatedInformation?.at(-1)?.location.uri, fileUri(nsFile));
    } finally {
      await client.shutdown();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  describe('a 5,000-file workspace (the bundled server, over stdio)', function () {
    let dir: string;
    let client: TestClient;
    const isReady = (l: string) => l.startsWith('podsec: workspace index:') && l.includes(' ready in ');

    before(() => {
      dir = tempFolder();
      for (let i = 0; i < 5000; i++) {
        const ns = `team-${i % 40}`;
        const text = i % 125 === 0 ? namespace(ns, 'baseline') : `${pod(`app-${i}`, ns)}---\napiVersion: v1\nkind: Service\nmetadata:\n  name: svc-${i}\n`;
        write(path.join(dir, `team-${i % 40}`, `app-${Math.floor(i / 40) % 25}`, `f${i}.yaml`), text);
      }
    });
    after(async () => {
      await client?.shutdown();
      fs.rmSync(dir, { recursive: true, force: true });
    });

    it('gives the open file its first diagnostics before the index is ready, and hover says the index is not ready', async () => {
      client = new TestClient({ settings: { delayMs: 0 }, workspaceFolders: [dir] });
      await client.initialize();
      const uri = fileUri(path.join(dir, 'web.yaml'));
      const web = fixture('web.yaml');
      await client.open(uri, web);
      let readyAtFirst: boolean | undefined;
      await client.until(() => {
        if (readyAtFirst === undefined && client.published.some((p) => p.uri === uri)) readyAtFirst = client.logs.some(isReady);
        return readyAtFirst !== undefined;
      }, 'the first diagnostics');
      assert.equal(readyAtFirst, false, 'the first diagnostics waited for the index');
      assert.equal(client.latest(uri)!.length, 7);
      const at = { line: 12, character: 12 }; // privileged: true
      const hover = async () =>
        ((await client.conn.sendRequest(HoverRequest.type, { textDocument: { uri }, position: at }))?.contents as MarkupContent | undefined)?.value;
      const early = (await hover()) ?? '';
      assert.ok(!client.logs.some(isReady), 'the index was ready before hover answered: this test cannot tell');
      assert.match(early, /^\*\*Privileged containers\*\* `privileged`/);
      assert.match(
        early,
        /\*\*Pod Security Admission:\*\* Judged by the profile setting: podsec is still reading the workspace for namespaces and cluster configuration; until then the profile setting judges this pod\./,
      );
      await client.until(() => client.logs.some(isReady), 'the index', 60_000);
      assert.match(
        client.logs.find(isReady)!,
        new RegExp(
          `^podsec: workspace index: ${dir.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} ready in \\d+ ms: 5000 YAML files, 40 with namespaces or cluster configuration$`,
        ),
      );
      // the index's arrival re-judges the open file; hover answers from the new analysis once it is in
      let late: string | undefined;
      for (let i = 0; i < 100 && late === undefined; i++) {
        late = await hover().catch(() => undefined);
        if (late === undefined) await new Promise((r) => setTimeout(r, 50));
      }
      assert.ok(late !== undefined, 'hover answers after the index is ready');
      assert.doesNotMatch(late, /still reading/);
    });
  });
});
