// Running code-server (VS Code in the browser, with a real Node extension host) for the e2e
// tests, and a headless Chromium to show its workbench.
import { spawn, spawnSync } from 'node:child_process';
import { createWriteStream, existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { get } from 'node:http';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadPlaywright, requireTools } from './tools.mjs';

/** User settings for a quiet, offline, reproducible workbench. */
export const QUIET_SETTINGS = {
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'extensions.ignoreRecommendations': true,
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'workbench.enableExperiments': false,
  'chat.disableAIFeatures': true,
  'git.enabled': false,
  'security.workspace.trust.enabled': false,
  // VS Code in the browser saves after a delay by default; desktop VS Code does not
  'files.autoSave': 'off',
};

export function makeRunDir(prefix = 'podsec-e2e-') {
  return mkdtempSync(join(tmpdir(), prefix));
}

export function writeUserSettings(userDataDir, extra = {}) {
  const dir = join(userDataDir, 'User');
  mkdirSync(dir, { recursive: true });
  const file = join(dir, 'settings.json');
  const current = existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : {};
  writeFileSync(file, JSON.stringify({ ...QUIET_SETTINGS, ...current, ...extra }, null, 1));
}

/** Environment for code-server: Node 24 first on PATH, config and data kept in the run folder. */
function csEnv(t, runDir) {
  return { ...process.env, PATH: `${t.nodeDir}:${process.env.PATH}`, XDG_CONFIG_HOME: join(runDir, 'xdg-config'), XDG_DATA_HOME: join(runDir, 'xdg-data') };
}

/** Installs a .vsix into an extensions folder with code-server's own installer. */
export function installVsix(vsix, { userDataDir, extensionsDir, runDir }) {
  const t = requireTools(false);
  const r = spawnSync(t.codeServer, ['--user-data-dir', userDataDir, '--extensions-dir', extensionsDir, '--install-extension', vsix, '--force'], {
    env: csEnv(t, runDir),
    encoding: 'utf8',
  });
  if (r.status !== 0) throw new Error(`installing ${vsix} failed (${r.status}):\n${r.stdout}\n${r.stderr}`);
  return r.stdout.trim();
}

export function freePort() {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.on('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

function status(url) {
  return new Promise((resolve) => {
    get(url, (r) => {
      r.resume();
      resolve(r.statusCode ?? 0);
    }).on('error', () => resolve(0));
  });
}

/**
 * Starts code-server on a free loopback port, in its own process group (so that stopping it
 * also ends its extension hosts). `smokeTestDriver` lets the workbench honour the `payload`
 * URL parameter (extensionDevelopmentPath / extensionTestsPath).
 */
export async function startCodeServer({ runDir, userDataDir, extensionsDir, smokeTestDriver = false, trustWorkspaces = false }) {
  const t = requireTools(false);
  const port = await freePort();
  const args = [
    '--bind-addr',
    `127.0.0.1:${port}`,
    '--auth',
    'none',
    '--disable-telemetry',
    '--disable-update-check',
    '--disable-getting-started-override',
    '--reconnection-grace-time',
    '5',
    '--user-data-dir',
    userDataDir,
    '--extensions-dir',
    extensionsDir,
  ];
  if (!trustWorkspaces) args.push('--disable-workspace-trust');
  if (smokeTestDriver) args.push('--vscode-option', 'enable-smoke-test-driver');
  const logFile = join(runDir, 'code-server.log');
  const log = createWriteStream(logFile);
  const child = spawn(t.codeServer, args, { env: csEnv(t, runDir), detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout.pipe(log);
  child.stderr.pipe(log);
  let exited = false;
  const exit = new Promise((resolve) =>
    child.on('exit', () => {
      exited = true;
      resolve();
    }),
  );
  const signal = (sig) => {
    try {
      process.kill(-child.pid, sig);
    } catch {
      // the group is gone
    }
  };
  /** Ends code-server and its extension hosts (its process group); resolves once it has exited. */
  const stop = async () => {
    if (exited) return;
    signal('SIGTERM');
    const timer = setTimeout(() => signal('SIGKILL'), 5000);
    await exit;
    clearTimeout(timer);
    signal('SIGKILL'); // stragglers of the group
  };
  const base = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  while ((await status(`${base}/healthz`)) !== 200) {
    if (exited || Date.now() > deadline) {
      await stop();
      throw new Error(`code-server did not come up (see ${logFile}):\n${readFileSync(logFile, 'utf8').slice(-2000)}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return { base, host: `127.0.0.1:${port}`, port, logFile, stop, child };
}

/** Headless Chromium with a throwaway profile. */
export async function launchBrowser(runDir, viewport = { width: 1400, height: 900 }) {
  const t = requireTools(true);
  const { chromium } = loadPlaywright(t);
  const profile = mkdtempSync(join(runDir, 'chromium-'));
  return chromium.launchPersistentContext(profile, {
    executablePath: t.chromium,
    headless: true,
    viewport,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/** Workbench URL: a folder, and optionally a development extension and extension tests. */
export function workbenchUrl(server, { folder, extensionDevelopmentPath = [], extensionTestsPath }) {
  const remote = (p) => `vscode-remote://${server.host}${p}`;
  const payload = extensionDevelopmentPath.map((p) => ['extensionDevelopmentPath', remote(p)]);
  if (extensionTestsPath) payload.push(['extensionTestsPath', remote(extensionTestsPath)]);
  const q = [folder ? `folder=${encodeURIComponent(folder)}` : 'ew=true'];
  if (payload.length) q.push(`payload=${encodeURIComponent(JSON.stringify(payload))}`);
  return `${server.base}/?${q.join('&')}`;
}
