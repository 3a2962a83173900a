/* global document, getComputedStyle -- functions passed to page.evaluate run in the browser */
// UI tests: the real VS Code workbench (code-server) in headless Chromium, driven like a user
// with the keyboard and the mouse. Screenshots go to test-results/.
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { installVsix, launchBrowser, startCodeServer, workbenchUrl, writeUserSettings } from '../lib/code-server.mjs';
import { complianceTests } from './compliance.mjs';

const MANIFEST = 'deploy.yaml';
const PRIVILEGED_MESSAGE = "Container 'web' runs privileged (privileged: true): it has full access to the node.";
const FIX_TITLE = "Set privileged: false in container 'web'";

export async function runUiTests({ root, runDir, mode, vsix, results }) {
  const ws = join(runDir, 'workspace-ui');
  cpSync(join(root, 'test', 'e2e', 'workspace'), ws, { recursive: true });
  const userDataDir = join(runDir, 'user-data-ui');
  const extensionsDir = join(runDir, 'extensions-ui');
  mkdirSync(extensionsDir, { recursive: true });
  writeUserSettings(userDataDir, {
    'workbench.colorTheme': 'Default Dark Modern',
    'workbench.secondarySideBar.defaultVisibility': 'hidden',
    'editor.minimap.enabled': false,
    'window.commandCenter': false,
  });
  if (mode === 'vsix') console.log(installVsix(vsix, { userDataDir, extensionsDir, runDir }));
  const server = await startCodeServer({ runDir, userDataDir, extensionsDir, smokeTestDriver: mode === 'source' });
  const browser = await launchBrowser(runDir);
  const page = browser.pages()[0] ?? (await browser.newPage());
  const out = { passed: 0, failed: 0, failures: [], screenshots: [] };
  const shot = async (name) => {
    const file = join(results, name);
    await page.screenshot({ path: file });
    out.screenshots.push(file);
    return file;
  };
  const lines = readFileSync(join(ws, MANIFEST), 'utf8').split('\n');
  const privLine = lines.findIndex((l) => l.includes('privileged: true')) + 1;
  const privCol = lines[privLine - 1].indexOf('privileged') + 3;

  let t0 = Date.now();
  const phase = (what) => console.log(`      ${what} (${((Date.now() - t0) / 1000).toFixed(1)} s)`);
  const editorText = () => page.evaluate(() => (document.querySelector('.monaco-editor .view-lines')?.textContent ?? '').replace(/\u00a0/g, ' '));
  const statusItem = (text) => page.locator('.statusbar-item', { hasText: text });

  async function openFile(name) {
    // as a user would: a click on the file in the Explorer
    await page.locator('.explorer-folders-view .monaco-list-row', { hasText: name }).first().click();
    await page.locator('.tab.active', { hasText: name }).waitFor({ timeout: 15_000 });
  }

  async function runCommand(title) {
    await page.keyboard.press('F1');
    await page.locator('.quick-input-widget input').waitFor({ state: 'visible', timeout: 10_000 });
    await page.keyboard.type(title);
    await page.locator('.quick-input-list .monaco-list-row', { hasText: title }).first().waitFor({ timeout: 10_000 });
    await page.keyboard.press('Enter');
  }

  async function goTo(line, col) {
    await page.locator('.monaco-editor .view-lines').first().click();
    await page.keyboard.press('Control+G');
    await page.locator('.quick-input-widget input').waitFor({ state: 'visible', timeout: 10_000 });
    await page.keyboard.type(`${line}:${col}`);
    await page.keyboard.press('Enter');
    await page.locator('.quick-input-widget').waitFor({ state: 'hidden', timeout: 10_000 });
    await statusItem(`Ln ${line}, Col ${col}`).first().waitFor({ timeout: 10_000 });
  }

  const tests = [
    [
      'opens a manifest and shows the squiggle and the Problems row',
      async () => {
        await page.goto(workbenchUrl(server, { folder: ws, extensionDevelopmentPath: mode === 'source' ? [root] : [] }));
        // generous first waits: a cold workbench on a busy CI machine takes its time
        await page.locator('.monaco-workbench').waitFor({ timeout: 120_000 });
        await page.locator('.explorer-folders-view').waitFor({ timeout: 120_000 });
        phase('workbench up');
        await openFile(MANIFEST);
        phase(`${MANIFEST} open`);
        await page.locator('.monaco-editor .squiggly-error').first().waitFor({ timeout: 120_000 });
        phase('squiggle shown');
        await page.keyboard.press('Control+Shift+M');
        const row = page.locator('.markers-panel .monaco-list-row', { hasText: PRIVILEGED_MESSAGE });
        await row.first().waitFor({ timeout: 30_000 });
        const text = (await row.first().innerText()).replace(/\s+/g, ' ');
        if (!text.includes('podsec') || !text.includes('privileged')) throw new Error(`Problems row lacks source and rule: ${text}`);
        // the four restricted-level warnings are listed too
        await page.locator('.markers-panel .monaco-list-row', { hasText: 'does not set allowPrivilegeEscalation: false' }).first().waitFor({ timeout: 10_000 });
        await shot('vscode-1-diagnostic.png');
      },
    ],
    [
      'shows the profile and policy version in the status bar',
      async () => {
        await statusItem('PodSec: restricted v1.37').first().waitFor({ timeout: 15_000 });
      },
    ],
    [
      'applies a quick fix with Ctrl+. and the squiggle vanishes',
      async () => {
        await goTo(privLine, privCol);
        const item = page.locator('.action-widget [role=option]', { hasText: FIX_TITLE });
        for (let i = 0; i < 5 && !(await item.first().isVisible()); i++) {
          await page.keyboard.press('Control+.');
          await item
            .first()
            .waitFor({ timeout: 5_000 })
            .catch(() => undefined);
        }
        await item.first().waitFor({ timeout: 1_000 });
        await shot('vscode-2-quick-fix-menu.png');
        await item.first().click();
        await page.waitForFunction(
          () =>
            (document.querySelector('.monaco-editor .view-lines')?.textContent ?? '')
              .replace(/\u00a0/g, ' ')
              .includes('privileged: false   # left over from debugging'),
          null,
          { timeout: 15_000 },
        );
        await page.waitForFunction(() => !document.querySelector('.monaco-editor .squiggly-error'), null, { timeout: 15_000 });
        if ((await editorText()).includes('privileged: true')) throw new Error('privileged: true is still in the editor');
        await page.locator('.markers-panel .monaco-list-row', { hasText: PRIVILEGED_MESSAGE }).waitFor({ state: 'detached', timeout: 15_000 });
        await shot('vscode-3-fixed.png');
        await page.keyboard.press('Control+S');
        await page.locator('.tab.active.dirty').waitFor({ state: 'detached', timeout: 10_000 });
        if (!readFileSync(join(ws, MANIFEST), 'utf8').includes('privileged: false   # left over from debugging'))
          throw new Error('the fix did not reach the file');
      },
    ],
    [
      'chooses a profile from the status bar, written to the workspace settings',
      async () => {
        await statusItem('PodSec: restricted v1.37').first().click();
        await page.locator('.quick-input-widget input').waitFor({ state: 'visible', timeout: 10_000 });
        await page.keyboard.type('baseline');
        await page.locator('.quick-input-list .monaco-list-row', { hasText: 'baseline' }).first().waitFor({ timeout: 10_000 });
        await page.keyboard.press('Enter');
        await statusItem('PodSec: baseline v1.37').first().waitFor({ timeout: 15_000 });
        const settingsFile = join(ws, '.vscode', 'settings.json');
        const settings = existsSync(settingsFile) ? readFileSync(settingsFile, 'utf8') : '';
        if (!/"podsec\.profile"\s*:\s*"baseline"/.test(settings)) throw new Error(`workspace settings: ${settings || '(none)'}`);
        // baseline has none of the restricted findings: the warnings go too
        await page.waitForFunction(() => !document.querySelector('.monaco-editor .squiggly-warning'), null, { timeout: 15_000 });
      },
    ],
    [
      'the status bar follows the .podsec.yaml that applies to the file',
      async () => {
        // the file wins over the workspace setting chosen above (baseline)
        writeFileSync(join(ws, '.podsec.yaml'), 'profile: stig-rke2\npssVersion: v1.30\n');
        await statusItem('PodSec: stig-rke2 v1.30').first().waitFor({ timeout: 20_000 });
        rmSync(join(ws, '.podsec.yaml'));
        await statusItem('PodSec: baseline v1.37').first().waitFor({ timeout: 20_000 });
      },
    ],
    [
      'VS Code reports the activation time (Developer: Show Running Extensions)',
      async () => {
        await runCommand('Developer: Show Running Extensions');
        const row = page.locator('.runtime-extensions-editor .monaco-list-row', { hasText: 'podsec' }).first();
        await row.waitFor({ timeout: 20_000 });
        const text = (await row.innerText()).replace(/\s+/g, ' ');
        const m = /Activation: (\d+)ms/.exec(text);
        if (!m) throw new Error(`no activation time in: ${text}`);
        const file = join(results, 'activation.json');
        const record = existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : {};
        record.vscodeReportedActivationMs = Number(m[1]);
        record.vscodeReportedNote = 'Running Extensions view, UI run; includes VS Code creating the extension context while other extensions activate';
        writeFileSync(file, `${JSON.stringify(record, null, 2)}\n`);
        phase(`VS Code reports activation in ${m[1]} ms`);
        await page.keyboard.press('Control+W');
      },
    ],
    [
      '"PodSec: Show Output" shows the log channel',
      async () => {
        await runCommand('PodSec: Show Output');
        const view = page.locator('.output-view, .panel .output', { hasText: 'language server running' }).first();
        await view.waitFor({ timeout: 15_000 });
        const log = (await view.innerText())
          .split('\n')
          .filter((l) => /\d\d:\d\d:\d\d/.test(l))
          .slice(0, 8);
        for (const l of log) console.log(`      | ${l}`);
      },
    ],
    [
      'highlights podsec directives in comments',
      async () => {
        await openFile('suppressed.yaml');
        const line = page.locator('.monaco-editor .view-line', { hasText: 'podsec-disable-next-line' }).first();
        await line.waitFor({ timeout: 15_000 });
        // token spans of the line, with the colour the theme gives each
        const spans = await line.evaluate((el) =>
          [...el.querySelectorAll('span > span')].map((s) => [s.textContent.replace(/\u00a0/g, ' '), getComputedStyle(s).color]),
        );
        const colorOf = (pred, what) => {
          const s = spans.find(([t]) => pred(t));
          if (!s) throw new Error(`no token for ${what} in ${JSON.stringify(spans)}`);
          return s[1];
        };
        const comment = colorOf((t) => t.trim() === '#', 'the comment sign');
        const keyword = colorOf((t) => t === 'podsec-disable-next-line', 'the directive');
        const rule = colorOf((t) => t === 'privileged', 'the rule id');
        const reason = colorOf((t) => t.includes('break-glass debugging pod'), 'the reason');
        const distinct = new Set([comment, keyword, rule, reason]);
        if (distinct.size !== 4) throw new Error(`directive parts share colours: ${JSON.stringify({ comment, keyword, rule, reason })}`);
        await shot('vscode-4-directive.png');
      },
    ],
    // last: it opens another workspace
    ...complianceTests({ root, runDir, mode, page, server, shot, runCommand, statusItem }),
  ];

  try {
    for (const [name, fn] of tests) {
      t0 = Date.now();
      try {
        await fn();
        out.passed++;
        console.log(`  ✓ ${name} (${((Date.now() - t0) / 1000).toFixed(1)} s)`);
      } catch (e) {
        out.failed++;
        out.failures.push(`ui: ${name}: ${e.message.split('\n')[0]}`);
        console.log(`  ✗ ${name}: ${e.message}`);
        await shot(`vscode-failure-${out.failed}.png`).catch(() => undefined);
      }
    }
  } finally {
    await browser.close().catch(() => undefined);
    await server.stop();
  }
  console.log(`  ${out.passed} passing, ${out.failed} failing; screenshots in test-results/`);
  return out;
}
