// Stand-in for the VS Code executable that @vscode/test-electron's runTests() launches.
//
// It takes the command line runTests() builds (--extensionDevelopmentPath=, --extensionTestsPath=,
// --user-data-dir=, --extensions-dir=, a folder, and flags it ignores), starts code-server with the
// same user data and extensions folders, opens the workbench in headless Chromium with the
// development extension and the tests in the URL payload, relays the tests' output, and exits
// with their exit code. The tests run in code-server's Node extension host: the same extension
// host API as desktop VS Code.
//
// Environment: E2E_TOOLS (see lib/tools.mjs), PODSEC_E2E_TIMEOUT_MS (default 600000),
// PODSEC_E2E_TRUST=1 to keep Workspace Trust on (the folder then opens untrusted),
// PODSEC_E2E_USER_SETTINGS: JSON merged into the user settings (e.g. {"podsec.trace.server": "verbose"}).
import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { launchBrowser, makeRunDir, startCodeServer, workbenchUrl, writeUserSettings } from './lib/code-server.mjs';

function parseArgs(argv) {
  const o = { dev: [], tests: undefined, userDataDir: undefined, extensionsDir: undefined, folder: undefined };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const eq = a.indexOf('=');
    const [name, inline] = a.startsWith('--') && eq > 0 ? [a.slice(0, eq), a.slice(eq + 1)] : [a, undefined];
    const value = () => (inline !== undefined ? inline : argv[++i]);
    switch (name) {
      case '--extensionDevelopmentPath':
        o.dev.push(resolve(value()));
        break;
      case '--extensionTestsPath':
        o.tests = resolve(value());
        break;
      case '--user-data-dir':
        o.userDataDir = resolve(value());
        break;
      case '--extensions-dir':
        o.extensionsDir = resolve(value());
        break;
      default:
        if (!a.startsWith('-')) o.folder = resolve(a);
    }
  }
  return o;
}

const opt = parseArgs(process.argv.slice(2));
if (!opt.tests || !opt.dev.length) {
  console.error('code-server-as-vscode: needs --extensionDevelopmentPath and --extensionTestsPath');
  process.exit(2);
}

const runDir = makeRunDir('podsec-cs-');
const userDataDir = opt.userDataDir ?? join(runDir, 'user-data');
const extensionsDir = opt.extensionsDir ?? join(runDir, 'extensions');
mkdirSync(extensionsDir, { recursive: true });
const trust = process.env.PODSEC_E2E_TRUST === '1';
writeUserSettings(userDataDir, {
  ...(trust ? { 'security.workspace.trust.enabled': true, 'security.workspace.trust.startupPrompt': 'never', 'security.workspace.trust.banner': 'never' } : {}),
  ...JSON.parse(process.env.PODSEC_E2E_USER_SETTINGS || '{}'),
});

let server;
let browser;
let cleaned = false;
async function cleanup() {
  if (cleaned) return;
  cleaned = true;
  await browser?.close().catch(() => undefined);
  await server?.stop();
  if (!process.env.PODSEC_E2E_KEEP) rmSync(runDir, { recursive: true, force: true, maxRetries: 3 });
}
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => void cleanup().then(() => process.exit(130)));

async function main() {
  server = await startCodeServer({ runDir, userDataDir, extensionsDir, smokeTestDriver: true, trustWorkspaces: trust });
  browser = await launchBrowser(runDir);
  const page = browser.pages()[0] ?? (await browser.newPage());
  const finished = new Promise((res) => {
    // the workbench's test runner reports through these two functions when they exist
    void page.exposeFunction('codeAutomationLog', (type, args) => (type === 'error' ? console.error : console.log)(...args));
    void page.exposeFunction('codeAutomationExit', (code) => res(code));
  });
  page.on('pageerror', (e) => console.error(`[workbench] ${e.message}`));
  await page.goto(workbenchUrl(server, { folder: opt.folder, extensionDevelopmentPath: opt.dev, extensionTestsPath: opt.tests }));
  const timeoutMs = Number(process.env.PODSEC_E2E_TIMEOUT_MS || 600_000);
  let timer;
  const timedOut = new Promise((res) => {
    timer = setTimeout(() => res('timeout'), timeoutMs);
  });
  const code = await Promise.race([finished, timedOut]);
  clearTimeout(timer);
  if (code === 'timeout') {
    console.error(`code-server-as-vscode: no result after ${timeoutMs} ms; code-server log:\n${readFileSync(server.logFile, 'utf8').slice(-3000)}`);
    return 124;
  }
  return Number(code);
}

main().then(
  async (code) => {
    await cleanup();
    process.exit(code);
  },
  async (e) => {
    console.error(`code-server-as-vscode: ${e?.stack ?? e}`);
    await cleanup();
    process.exit(1);
  },
);
