/**
 * Activation: only on YAML, fast, and (in a packaged run) from the installed .vsix. Writes the
 * measured times to test-results/activation.json.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { closeAll, EXTENSION_ID, fileUri, open, repoRoot, resultsDir, runContext, sleep, waitFor, waitForDiagnostics, writeFile } from './helpers';

interface PodsecApi {
  activation: { moduleMs: number; waitMs: number; activateMs: number; ownMs: number };
  serverReady(): Promise<boolean>;
}

describe('activation', () => {
  after(closeAll);

  it('is the packaged extension when testing a .vsix', () => {
    const ext = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(ext, `${EXTENSION_ID} is not installed`);
    const ctx = runContext();
    const fromSource = path.resolve(ext.extensionPath) === repoRoot;
    assert.equal(fromSource, ctx.mode === 'source', `extension loaded from ${ext.extensionPath} in a ${ctx.mode} run`);
    if (ctx.mode === 'vsix') {
      // the package holds the bundles, the docs, the grammar, the schema, the icon, README and
      // LICENSE: nothing else, and well under 1 MB
      const allowed = [
        /^\.vsixmanifest$/,
        /^package\.json$/,
        /^readme\.md$/i,
        /^LICENSE(\.txt)?$/,
        /^client\/out\/(extension|lsp)\.js$/,
        /^server\/out\/server\.js$/,
        /^docs\/([\w.-]+\/)*[\w.-]+\.md$/,
        /^syntaxes\/[\w.-]+\.tmLanguage\.json$/,
        /^schemas\/[\w.-]+\.schema\.json$/,
        /^images\/icon\.png$/,
      ];
      const files = walk(ext.extensionPath);
      const unexpected = files.filter((f) => !allowed.some((a) => a.test(f)));
      assert.deepEqual(unexpected, [], 'files in the package that do not belong there');
      for (const f of [
        'client/out/extension.js',
        'client/out/lsp.js',
        'server/out/server.js',
        'schemas/podsec-config.schema.json',
        'docs/rules/privileged.md',
        'images/icon.png',
      ]) {
        assert.ok(files.includes(f), `${f} missing from the package`);
      }
      // production bundles: minified, without source maps
      assert.ok(!fs.readFileSync(path.join(ext.extensionPath, 'server', 'out', 'server.js'), 'utf8').includes('sourceMappingURL'));
      assert.ok(ctx.vsix && fs.statSync(ctx.vsix).size < 1024 * 1024, 'the .vsix is 1 MB or more');
    }
  });

  it('stays inactive until a YAML file opens, then activates quickly and lints', async () => {
    const ext = vscode.extensions.getExtension<PodsecApi>(EXTENSION_ID)!;
    assert.equal(ext.isActive, false, 'activated before any YAML file was opened');
    await open(await writeFile('notes.txt', 'privileged: true\n'));
    await sleep(1000);
    assert.equal(ext.isActive, false, 'a plain text file activated the extension');

    const uri = fileUri('deploy.yaml');
    const t0 = performance.now();
    await open(uri);
    await waitFor('activation', () => ext.isActive || undefined, 30_000);
    const activatedAfter = performance.now() - t0;
    const api = ext.exports;
    assert.ok(api && typeof api.serverReady === 'function', 'the extension returns its API');
    assert.equal(await api.serverReady(), true, 'the language server started');
    const serverAfter = performance.now() - t0;
    await waitForDiagnostics(uri, 'first diagnostics', (ds) => ds.length > 0, 30_000);
    const diagnosticsAfter = performance.now() - t0;

    const bundle = (f: string) => fs.statSync(path.join(ext.extensionPath, 'client', 'out', f)).size;
    const record = {
      what: 'PodSec extension activation in VS Code (extension host), first YAML file opened',
      vscode: vscode.version,
      mode: runContext().mode,
      // the extension's own clock: bundle evaluation and activate(); waitMs is VS Code's in between
      extensionMs: api.activation,
      // test's clock, from openTextDocument: includes opening the editor and VS Code's own work
      openToActiveMs: round(activatedAfter),
      openToServerRunningMs: round(serverAfter),
      openToFirstDiagnosticsMs: round(diagnosticsAfter),
      activationBundleBytes: bundle('extension.js'),
      lazyClientBundleBytes: bundle('lsp.js'),
      targetMs: 150,
      date: new Date().toISOString(),
    };
    fs.mkdirSync(resultsDir, { recursive: true });
    fs.writeFileSync(path.join(resultsDir, 'activation.json'), `${JSON.stringify(record, null, 2)}\n`);
    console.log(
      `    activation: ${api.activation.ownMs} ms of the extension's own (bundle ${api.activation.moduleMs}, activate() ${api.activation.activateMs}); open->active ${record.openToActiveMs} ms; open->diagnostics ${record.openToFirstDiagnosticsMs} ms`,
    );
  });
});

function walk(dir: string, prefix = ''): string[] {
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .flatMap((e) => (e.isDirectory() ? walk(path.join(dir, e.name), `${prefix}${e.name}/`) : [`${prefix}${e.name}`]));
}

function round(n: number): number {
  return Math.round(n * 10) / 10;
}
