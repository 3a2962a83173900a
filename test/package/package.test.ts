/**
 * The release files as users install them (`npm run pack`, scripts/pack.mjs):
 * - the npm package `podsec`, installed globally from the tarball alone into an empty prefix with
 *   an empty cache, `--offline` and a registry that refuses connections, so a dependency hidden
 *   from the manifest would fail the install (a control package with one shows that it does);
 *   then the installed `podsec check`, `--version` and `podsec-language-server --stdio`;
 * - the single file `podsec.cjs`, copied alone into an empty folder and run with `node`: the CLI
 *   (with worker threads) and the language server (`lsp --stdio`);
 * - one version everywhere: the root package.json (the .vsix manifest), the npm package,
 *   `podsec --version`, the language server's `--version` and `serverInfo`, the single file, and
 *   the .vsix that vsce builds.
 * Everything installed runs with process and network APIs trapped (../security/trap.ts) and code
 * generation from strings disabled, as the security suite runs the repository's bundles.
 * The packing runs once (about two seconds) into a temporary folder; the repository is not touched.
 */
import * as assert from 'node:assert/strict';
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Diagnostic } from 'vscode-languageserver-protocol/node';
import { ruleDocsUrl } from '../../server/src/engine/docs';
import { fileUri, TestClient } from '../lsp/harness';
import { readTgz, readZip, type Entry } from './archive';

/** compiled to test/build/test/package: the repository is four levels up */
const ROOT = path.resolve(__dirname, '..', '..', '..', '..');
const ROOT_PKG = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
const VERSION: string = ROOT_PKG.version;
const DEV_CLI = path.join(ROOT, 'server', 'out', 'cli.js');
const TRAP = path.join(__dirname, '..', 'security', 'trap.js');
const RULE_PAGES = fs
  .readdirSync(path.join(ROOT, 'docs', 'rules'))
  .filter((f) => f.endsWith('.md'))
  .sort();
/** a manifest that breaks the baseline level: privileged, host network and PID, a host port */
const BAD = fs.readFileSync(path.join(ROOT, 'examples', 'node-agent-daemonset.yaml'), 'utf8');

type Run = { code: number | null; out: string; err: string };

function result(r: SpawnSyncReturns<string>): Run {
  if (r.error) throw r.error;
  return { code: r.status, out: r.stdout, err: r.stderr };
}

/** The environment of a machine with Node.js only: no npm settings, no NODE_PATH, a fresh home. */
function bareEnv(home: string, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (!/^(npm_|NODE_|INIT_CWD$)/i.test(k)) env[k] = v;
  }
  return { ...env, HOME: home, NO_COLOR: '1', ...extra };
}

/** `npm install -g <tarball>` into `prefix`, with nothing to fetch from but the file. */
function installOffline(tarball: string, prefix: string, scratch: string): Run {
  const cache = fs.mkdtempSync(path.join(scratch, 'npm-cache-'));
  // no user or global npm configuration (a mirror or proxy set there does not apply)
  const userconfig = path.join(scratch, 'empty-user-npmrc');
  const globalconfig = path.join(scratch, 'empty-global-npmrc');
  for (const f of [userconfig, globalconfig]) fs.writeFileSync(f, '');
  const env = bareEnv(scratch, { npm_config_userconfig: userconfig, npm_config_globalconfig: globalconfig });
  return result(
    spawnSync(
      'npm',
      [
        'install',
        '--global',
        tarball,
        '--prefix',
        prefix,
        '--offline',
        '--cache',
        cache,
        '--registry=http://127.0.0.1:9/',
        '--fetch-retries=0',
        '--no-audit',
        '--no-fund',
        '--no-update-notifier',
        '--loglevel=error',
      ],
      { cwd: scratch, env, encoding: 'utf8' },
    ),
  );
}

/** The public pages, where the rule links point when no pages are installed with the server. */
const webHref = (code: string) => ruleDocsUrl(code);

/** What a diagnostic says, without where its rule page is. */
function said(ds: Diagnostic[]): unknown[] {
  return ds.map((d) => [d.code, d.severity, d.range, d.message, d.source]);
}

/** The first diagnostics the server pushes for the bad manifest, then shutdown and exit. */
async function diagnosticsFrom(
  command: string[] | undefined,
  env: NodeJS.ProcessEnv,
  workspace: string,
): Promise<{ version: string | undefined; diagnostics: Diagnostic[]; exit: number | null }> {
  const client = new TestClient({ command, env, settings: { delayMs: 0 }, workspaceFolders: [workspace] });
  try {
    const init = await client.initialize();
    const uri = fileUri(path.join(workspace, 'node-agent.yaml'));
    await client.open(uri, BAD);
    const p = await client.nextPublish(uri, 0);
    return { version: init.serverInfo?.version, diagnostics: p.diagnostics, exit: await client.shutdown() };
  } catch (e) {
    await client.shutdown();
    throw e;
  }
}

/** A Node.js >= 22 for vsce, if this machine has one (never installed by the test). */
function node22(): string | undefined {
  const tools = process.env.E2E_TOOLS || '/tmp/e2e-tools';
  const cache = process.env.PODSEC_TOOLS_CACHE || path.join(os.homedir(), '.cache', 'podsec-tools');
  const candidates = [
    process.execPath,
    process.env.PODSEC_VSCE_NODE,
    path.join(tools, 'node24', 'node_modules', 'node', 'bin', 'node'),
    path.join(cache, 'node24', 'node_modules', 'node', 'bin', 'node'),
  ];
  for (const c of candidates) {
    if (!c || !fs.existsSync(c)) continue;
    const v = spawnSync(c, ['-p', 'process.versions.node'], { encoding: 'utf8' });
    if (v.status === 0 && Number(v.stdout.split('.')[0]) >= 22) return c;
  }
  return undefined;
}

describe('package: the npm package and the single file, installed as users install them', function () {
  this.timeout(300_000);
  let tmp: string;
  let dist: string;
  let tarball: string;
  let single: string;
  let work: string;
  let trapLog: string;
  /** `podsec check examples` by the repository's own CLI bundle: what every installed form must print */
  let expected: Run;

  /** Environment for what was installed: Node.js on the PATH, the traps preloaded. */
  const runEnv = (extraPath: string[] = []) =>
    bareEnv(tmp, {
      PATH: [...extraPath, path.dirname(process.execPath), '/usr/bin', '/bin'].join(path.delimiter),
      PODSEC_TRAP_LOG: trapLog,
      NODE_OPTIONS: `--require ${JSON.stringify(TRAP)} --disallow-code-generation-from-strings`,
    });

  before(function () {
    tmp = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'podsec-package-')));
    dist = path.join(tmp, 'dist');
    trapLog = path.join(tmp, 'trap.log');
    const packed = spawnSync(process.execPath, [path.join(ROOT, 'scripts', 'pack.mjs'), '--out', dist], { cwd: ROOT, encoding: 'utf8' });
    assert.equal(packed.status, 0, `npm run pack failed:\n${packed.stdout}\n${packed.stderr}`);
    tarball = path.join(dist, `podsec-${VERSION}.tgz`);
    single = path.join(dist, 'podsec.cjs');
    assert.ok(fs.existsSync(tarball), `${tarball} was not written:\n${packed.stdout}`);
    assert.ok(fs.existsSync(single), `${single} was not written`);
    work = path.join(tmp, 'work');
    fs.cpSync(path.join(ROOT, 'examples'), path.join(work, 'examples'), { recursive: true });
    expected = result(spawnSync(process.execPath, [DEV_CLI, 'check', 'examples'], { cwd: work, env: { ...process.env, NO_COLOR: '1' }, encoding: 'utf8' }));
    assert.equal(expected.code, 1, expected.err);
  });
  after(() => fs.rmSync(tmp, { recursive: true, force: true }));
  afterEach(() => {
    const attempts = fs.existsSync(trapLog) ? fs.readFileSync(trapLog, 'utf8') : '';
    fs.rmSync(trapLog, { force: true });
    assert.equal(attempts, '', 'a process or network API was called');
  });

  describe('the npm package', () => {
    let entries: Entry[];
    let manifest: Record<string, unknown>;
    let prefix: string;
    let installed: string;
    let installRun: Run;
    const bin = (name: string) => path.join(prefix, 'bin', name);

    before(() => {
      entries = readTgz(fs.readFileSync(tarball));
      manifest = JSON.parse(entries.find((e) => e.path === 'package/package.json')!.data.toString('utf8'));
      prefix = path.join(tmp, 'prefix');
      installRun = installOffline(tarball, prefix, tmp);
      // <prefix>/lib/node_modules/podsec, found from the binary's link
      if (installRun.code === 0) installed = path.dirname(path.dirname(fs.realpathSync(bin('podsec-language-server'))));
    });

    it('holds the two bundles, both binaries, the README, the licence and every rule page, and nothing else', () => {
      const want = [
        'package.json',
        'README.md',
        'LICENSE',
        'bin/podsec.js',
        'bin/podsec-language-server.js',
        'out/cli.js',
        'out/server.js',
        'docs/README.md',
        'docs/compliance.md',
        ...RULE_PAGES.map((f) => `docs/rules/${f}`),
      ];
      assert.deepEqual(entries.map((e) => e.path.replace(/^package\//, '')).sort(), want.sort());
      const file = (p: string) => entries.find((e) => e.path === `package/${p}`)!;
      assert.equal(file('README.md').data.toString('utf8'), fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8'));
      assert.equal(file('LICENSE').data.toString('utf8'), fs.readFileSync(path.join(ROOT, 'LICENSE'), 'utf8'));
      for (const page of RULE_PAGES)
        assert.equal(file(`docs/rules/${page}`).data.toString('utf8'), fs.readFileSync(path.join(ROOT, 'docs', 'rules', page), 'utf8'), page);
      for (const b of ['bin/podsec.js', 'bin/podsec-language-server.js']) {
        assert.ok(file(b).mode & 0o111, `${b} is executable`);
        assert.match(file(b).data.toString('utf8'), /^#!\/usr\/bin\/env node\n/);
      }
      for (const b of ['out/cli.js', 'out/server.js']) assert.doesNotMatch(file(b).data.toString('utf8'), /sourceMappingURL/, `${b} is a production bundle`);
    });

    it('is podsec at the root version: both commands, Node.js >= 20, nothing to install with it, no scripts', () => {
      assert.equal(manifest.name, 'podsec');
      assert.equal(manifest.version, VERSION);
      assert.equal(path.basename(tarball), `podsec-${VERSION}.tgz`);
      assert.deepEqual(manifest.bin, { podsec: 'bin/podsec.js', 'podsec-language-server': 'bin/podsec-language-server.js' });
      assert.deepEqual(manifest.engines, { node: ROOT_PKG.engines.node });
      assert.match(String(ROOT_PKG.engines.node), /^>=\s*20(\.\d+)*$/);
      assert.equal(manifest.license, ROOT_PKG.license);
      for (const key of [
        'dependencies',
        'optionalDependencies',
        'peerDependencies',
        'bundleDependencies',
        'bundledDependencies',
        'devDependencies',
        'scripts',
        'private',
        'main',
        'contributes',
      ]) {
        assert.equal(manifest[key], undefined, `package.json has no ${key}`);
      }
    });

    it('the offline install reaches no registry: a package with one dependency fails to install', () => {
      const control = path.join(tmp, 'control');
      fs.mkdirSync(control);
      fs.writeFileSync(
        path.join(control, 'package.json'),
        JSON.stringify({ name: 'podsec-install-control', version: '1.0.0', dependencies: { yaml: '2.9.1' } }),
      );
      const packed = spawnSync('npm', ['pack', '--json', '--ignore-scripts', '--pack-destination', control], {
        cwd: control,
        env: bareEnv(tmp, { PATH: process.env.PATH ?? '' }),
        encoding: 'utf8',
      });
      assert.equal(packed.status, 0, packed.stderr);
      const r = installOffline(path.join(control, JSON.parse(packed.stdout)[0].filename), path.join(tmp, 'control-prefix'), tmp);
      assert.notEqual(r.code, 0, 'installed although its dependency could only come from a registry');
      assert.match(r.err, /ENOTCACHED|127\.0\.0\.1:9|ECONNREFUSED/, r.err);
    });

    it('installs globally, offline, from the file alone, with nothing beside it', () => {
      assert.equal(installRun.code, 0, installRun.err);
      assert.ok(fs.existsSync(bin('podsec')) && fs.existsSync(bin('podsec-language-server')));
      assert.deepEqual(fs.readdirSync(path.join(installed, '..')), ['podsec'], 'one package in the global node_modules');
      assert.ok(!fs.existsSync(path.join(installed, 'node_modules')), 'no dependencies installed');
      assert.ok(fs.existsSync(path.join(installed, 'docs', 'rules', 'privileged.md')));
    });

    it("podsec check examples/ reports what the repository's CLI reports, and exits 1; with worker threads too", () => {
      for (const threads of ['1', '2']) {
        const r = result(
          spawnSync(bin('podsec'), ['check', 'examples', '--threads', threads], { cwd: work, env: runEnv([path.join(prefix, 'bin')]), encoding: 'utf8' }),
        );
        assert.equal(r.code, 1, r.err);
        assert.equal(r.out, expected.out);
        assert.match(r.out, /node-agent-daemonset\.yaml:\d+:\d+ {2}error {4}Container 'shipper' runs privileged/);
      }
    });

    it('podsec --version and podsec-language-server --version print the root version', () => {
      for (const name of ['podsec', 'podsec-language-server']) {
        const r = result(spawnSync(bin(name), ['--version'], { cwd: work, env: runEnv(), encoding: 'utf8' }));
        assert.equal(r.code, 0, r.err);
        assert.equal(r.out, `${VERSION}\n`);
      }
      const help = result(spawnSync(bin('podsec-language-server'), [], { cwd: work, env: runEnv(), encoding: 'utf8' }));
      assert.equal(help.code, 2);
      assert.match(help.err, /Usage: podsec-language-server --stdio/);
    });

    it("podsec-language-server --stdio: initialize, open a bad manifest, the diagnostics of the repository's server, rule links to the installed pages; shutdown and exit", async () => {
      const got = await diagnosticsFrom([bin('podsec-language-server'), '--stdio'], runEnv(), work);
      const reference = await diagnosticsFrom(undefined, process.env, work);
      assert.equal(got.version, VERSION);
      assert.equal(got.exit, 0, 'exits 0 after shutdown and exit');
      assert.ok(
        got.diagnostics.some((d) => d.code === 'privileged'),
        JSON.stringify(got.diagnostics),
      );
      assert.deepEqual(said(got.diagnostics), said(reference.diagnostics));
      for (const d of got.diagnostics) {
        const page = path.join(installed, 'docs', 'rules', `${d.code}.md`);
        assert.equal(d.codeDescription?.href, pathToFileURL(page).href);
        assert.ok(fs.existsSync(page), page);
      }
    });
  });

  describe('the single file', () => {
    let alone: string;

    before(() => {
      alone = path.join(tmp, 'single');
      fs.mkdirSync(alone);
      fs.copyFileSync(single, path.join(alone, 'podsec.cjs'));
    });
    const node = (args: string[]) =>
      result(spawnSync(process.execPath, [path.join(alone, 'podsec.cjs'), ...args], { cwd: work, env: runEnv(), encoding: 'utf8' }));

    it('is one production bundle that starts with a node shebang', () => {
      const text = fs.readFileSync(single, 'utf8');
      assert.match(text, /^#!\/usr\/bin\/env node\n/);
      assert.doesNotMatch(text, /sourceMappingURL/);
      assert.deepEqual(fs.readdirSync(alone), ['podsec.cjs']);
    });

    it('node podsec.cjs --version prints the root version', () => {
      const r = node(['--version']);
      assert.equal(r.code, 0, r.err);
      assert.equal(r.out, `${VERSION}\n`);
    });

    it("node podsec.cjs check examples/ reports what the repository's CLI reports, and exits 1; with worker threads too", () => {
      for (const threads of ['1', '2']) {
        const r = node(['check', 'examples', '--threads', threads]);
        assert.equal(r.code, 1, r.err);
        assert.equal(r.out, expected.out);
      }
      const sarif = node(['check', 'examples', '--format', 'sarif']);
      assert.equal(sarif.code, 1, sarif.err);
      assert.equal(JSON.parse(sarif.out).runs[0].tool.driver.version, VERSION);
    });

    it("node podsec.cjs lsp --stdio: the diagnostics of the repository's server; rule links to the public pages, or to docs/rules beside the file", async () => {
      const reference = await diagnosticsFrom(undefined, process.env, work);
      const got = await diagnosticsFrom([process.execPath, path.join(alone, 'podsec.cjs'), 'lsp', '--stdio'], runEnv(), work);
      assert.equal(got.version, VERSION);
      assert.equal(got.exit, 0);
      assert.ok(got.diagnostics.some((d) => d.code === 'privileged'));
      assert.deepEqual(said(got.diagnostics), said(reference.diagnostics));
      for (const d of got.diagnostics) assert.equal(d.codeDescription?.href, webHref(String(d.code)));

      fs.cpSync(path.join(ROOT, 'docs', 'rules'), path.join(alone, 'docs', 'rules'), { recursive: true });
      const beside = await diagnosticsFrom([process.execPath, path.join(alone, 'podsec.cjs'), 'lsp', '--stdio'], runEnv(), work);
      for (const d of beside.diagnostics) assert.equal(d.codeDescription?.href, pathToFileURL(path.join(alone, 'docs', 'rules', `${d.code}.md`)).href);
      fs.rmSync(path.join(alone, 'docs'), { recursive: true });
    });

    it('node podsec.cjs lsp without a transport explains how to start it', () => {
      const r = node(['lsp']);
      assert.equal(r.code, 2);
      assert.match(r.err, /Usage: node podsec\.cjs lsp --stdio/);
    });
  });

  describe('one version', () => {
    it('the .vsix manifest, and the language server inside the .vsix, carry the root version', function () {
      const node = node22();
      // vsce needs Node.js >= 22; CI has the e2e tools' Node 24 (.ci/run installs them before npm test)
      if (!node) this.skip();
      const vsce = path.join(ROOT, 'node_modules', '@vscode', 'vsce', 'vsce');
      const vsix = path.join(tmp, 'podsec.vsix');
      const r = spawnSync(node, [vsce, 'package', '--no-dependencies', '--out', vsix], { cwd: ROOT, encoding: 'utf8' });
      assert.equal(r.status, 0, r.stdout + r.stderr);
      const files = readZip(fs.readFileSync(vsix));
      const manifest = JSON.parse(files.find((f) => f.path === 'extension/package.json')!.data.toString('utf8'));
      assert.equal(manifest.name, 'podsec');
      assert.equal(manifest.version, VERSION);
      const server = path.join(tmp, 'vsix-server.js');
      fs.writeFileSync(server, files.find((f) => f.path === 'extension/server/out/server.js')!.data);
      const v = result(spawnSync(process.execPath, [server, '--version'], { encoding: 'utf8' }));
      assert.equal(v.out, `${VERSION}\n`);
    });
  });
});
