// `npm run test:e2e`: PodSec in a real VS Code.
//
//   node test/e2e/run-e2e.mjs [--vsix <file> | --source] [--only exthost|ui]
//
// Suites
//   exthost  extension-host tests (test/e2e/exthost/*.test.ts, mocha) launched with
//            @vscode/test-electron's runTests(). PODSEC_E2E_VSCODE picks the VS Code to run:
//              unset          runTests() downloads desktop VS Code (needs the internet);
//              code-server    the project's stand-in, test/e2e/code-server-as-vscode;
//              <path>         a VS Code executable already on the machine.
//   ui       the workbench in headless Chromium (test/e2e/ui/ui-tests.mjs), on code-server.
//
// What is tested: by default the package podsec-<version>.vsix (build it with `npm run package`),
// installed into a fresh extensions folder; --source loads the extension from this checkout.
// Tools: test/e2e/install-tools.sh. Results and screenshots go to test-results/.
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { installVsix, makeRunDir } from './lib/code-server.mjs';
import { requireTools } from './lib/tools.mjs';
import { runUiTests } from './ui/ui-tests.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const require = createRequire(import.meta.url);
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const results = join(root, 'test-results');

function parseArgs(argv) {
  const o = { vsix: join(root, `${pkg.name}-${pkg.version}.vsix`), source: false, only: undefined };
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--vsix') o.vsix = resolve(argv[++i]);
    else if (argv[i] === '--source') o.source = true;
    else if (argv[i] === '--only') o.only = argv[++i];
    else throw new Error(`unknown argument ${argv[i]}`);
  }
  if (o.only && !['exthost', 'ui'].includes(o.only)) throw new Error('--only takes exthost or ui');
  return o;
}

function step(name) {
  console.log(`\n== e2e: ${name}`);
}

async function main() {
  const opt = parseArgs(process.argv.slice(2));
  const mode = opt.source ? 'source' : 'vsix';
  if (mode === 'vsix' && !existsSync(opt.vsix)) {
    throw new Error(`${relative(process.cwd(), opt.vsix)} not found: run "npm run package" first, or pass --source to test this checkout`);
  }
  if (mode === 'source' && !existsSync(join(root, 'server', 'out', 'server.js'))) throw new Error('no build: run "npm run build" first');
  const vscodeChoice = process.env.PODSEC_E2E_VSCODE;
  const useCodeServer = vscodeChoice === 'code-server';
  requireTools(opt.only !== 'exthost' || useCodeServer ? true : false);
  if (mode === 'vsix') {
    const st = statSync(opt.vsix);
    console.log(`testing ${relative(root, opt.vsix)} (${(st.size / 1024).toFixed(0)} KiB, built ${st.mtime.toISOString()})`);
  } else console.log('testing the extension from this checkout');

  mkdirSync(results, { recursive: true });
  for (const f of readdirSync(results)) {
    if (/^(e2e-.*\.json|vscode-.*\.png|activation\.json)$/.test(f)) rmSync(join(results, f), { force: true });
  }

  const runDir = makeRunDir('podsec-e2e-');
  const counts = { passed: 0, failed: 0 };
  const failures = [];
  try {
    if (opt.only !== 'ui') {
      step(`extension-host tests (${useCodeServer ? 'code-server stand-in' : vscodeChoice || 'downloaded VS Code'})`);
      const r = await runExthost({ mode, vsix: opt.vsix, runDir, vscodeChoice, useCodeServer, untrusted: false });
      counts.passed += r.passed;
      counts.failed += r.failed;
      failures.push(...r.failures);
      if (useCodeServer) {
        // desktop runTests() always disables Workspace Trust; the stand-in can leave it on
        step('extension-host tests in an untrusted workspace');
        const u = await runExthost({ mode, vsix: opt.vsix, runDir, vscodeChoice, useCodeServer, untrusted: true });
        counts.passed += u.passed;
        counts.failed += u.failed;
        failures.push(...u.failures);
      }
    }
    if (opt.only !== 'exthost') {
      step('UI tests (code-server workbench in headless Chromium)');
      const r = await runUiTests({ root, runDir, mode, vsix: opt.vsix, results });
      counts.passed += r.passed;
      counts.failed += r.failed;
      failures.push(...r.failures);
      writeFileSync(join(results, 'e2e-ui.json'), `${JSON.stringify(r, null, 2)}\n`);
    }
  } finally {
    if (!process.env.PODSEC_E2E_KEEP) rmSync(runDir, { recursive: true, force: true, maxRetries: 3 });
    else console.log(`kept ${runDir}`);
  }
  for (const f of failures) console.log(`FAILED: ${f}`);
  console.log(`\ne2e: ${counts.passed} passed, ${counts.failed} failed`);
  return counts.failed === 0 && counts.passed > 0 ? 0 : 1;
}

async function runExthost({ mode, vsix, runDir, vscodeChoice, useCodeServer, untrusted }) {
  const tsc = join(root, 'node_modules', 'typescript', 'bin', 'tsc');
  const build = spawnSync(process.execPath, [tsc, '-p', join(root, 'test', 'e2e', 'exthost')], { stdio: 'inherit', cwd: root });
  if (build.status !== 0) throw new Error('compiling the extension-host tests failed');
  const { runTests, downloadAndUnzipVSCode, resolveCliArgsFromVSCodeExecutablePath } = require('@vscode/test-electron');
  writeFileSync(join(results, 'e2e-context.json'), `${JSON.stringify({ mode, vsix: mode === 'vsix' ? vsix : undefined, untrusted }, null, 2)}\n`);

  const pass = join(runDir, untrusted ? 'untrusted' : 'exthost');
  const workspace = join(pass, 'workspace');
  cpSync(join(root, 'test', 'e2e', 'workspace'), workspace, { recursive: true });
  if (untrusted) {
    // configuration that would change what PodSec reads, if it were honoured: the smallest file
    // size limit in the workspace settings (a restricted setting) with a file above it, and a
    // .podsec.yaml above the workspace folder
    mkdirSync(join(workspace, '.vscode'));
    writeFileSync(join(workspace, '.vscode', 'settings.json'), '{ "podsec.maxFileSizeMB": 0.01 }\n');
    writeFileSync(join(workspace, 'big.yaml'), `${readFileSync(join(workspace, 'deploy.yaml'), 'utf8')}${'# padding to 12 KB\n'.repeat(650)}`);
    writeFileSync(join(pass, '.podsec.yaml'), 'profile: baseline\n');
  }
  const userDataDir = join(pass, 'user-data');
  const extensionsDir = join(pass, 'extensions');
  mkdirSync(extensionsDir, { recursive: true });

  let vscodeExecutablePath;
  if (useCodeServer) vscodeExecutablePath = join(root, 'test', 'e2e', 'code-server-as-vscode');
  else vscodeExecutablePath = vscodeChoice || (await downloadAndUnzipVSCode());

  let extensionDevelopmentPath = root;
  if (mode === 'vsix') {
    if (useCodeServer) console.log(installVsix(vsix, { userDataDir, extensionsDir, runDir }));
    else {
      const [cli, ...cliArgs] = resolveCliArgsFromVSCodeExecutablePath(vscodeExecutablePath);
      const r = spawnSync(cli, [...cliArgs, `--user-data-dir=${userDataDir}`, `--extensions-dir=${extensionsDir}`, '--install-extension', vsix], {
        encoding: 'utf8',
        stdio: 'inherit',
      });
      if (r.status !== 0) throw new Error(`installing ${vsix} failed`);
    }
    // VS Code runs extension tests only with a development extension: a manifest-only stand-in,
    // so that PodSec itself comes from the installed package
    extensionDevelopmentPath = join(root, 'test', 'e2e', 'host');
  }
  let exitError;
  try {
    await runTests({
      vscodeExecutablePath,
      extensionDevelopmentPath,
      extensionTestsPath: join(root, 'test', 'build', 'e2e-exthost', 'index.js'),
      launchArgs: [workspace, `--user-data-dir=${userDataDir}`, `--extensions-dir=${extensionsDir}`],
      extensionTestsEnv: untrusted ? { PODSEC_E2E_TRUST: '1' } : {},
    });
  } catch (e) {
    exitError = e;
  }
  const summaryFile = join(results, untrusted ? 'e2e-exthost-untrusted.json' : 'e2e-exthost.json');
  if (!existsSync(summaryFile)) {
    return { passed: 0, failed: 1, failures: [`extension-host tests did not report (${exitError?.message ?? 'no summary written'})`] };
  }
  const s = JSON.parse(readFileSync(summaryFile, 'utf8'));
  return { passed: s.passed, failed: s.failed, failures: s.failures };
}

main().then(
  (code) => process.exit(code),
  (e) => {
    console.error(`e2e: ${e.message}`);
    console.log('\ne2e: 0 passed, 1 failed');
    process.exit(1);
  },
);
