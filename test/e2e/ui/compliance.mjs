/* global document -- functions passed to page.evaluate run in the browser */
// UI tests of the PodSec Compliance view and "Export STIG Checklist…", on a workspace holding
// the repository's examples/ with `profile: stig-rke2` in its .podsec.yaml.
import { copyFileSync, cpSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { workbenchUrl } from '../lib/code-server.mjs';

/** A requirement the examples leave open once: the RKE2 config's controller manager listens on every interface. */
const VULN_ID = 'V-254556';
const TITLE = 'The Kubernetes Controller Manager must have secure binding.';
const CONFIG = join('rke2', 'etc', 'rancher', 'rke2', 'config.yaml');
const BINDING = 'bind-address=0.0.0.0';
/** the checklist the command offers to write (the benchmark id and release) */
const CHECKLIST = 'RGS_RKE2_STIG_V2R7.cklb';

export function complianceTests({ root, runDir, mode, page, server, shot, runCommand, statusItem }) {
  const ws = join(runDir, 'workspace-compliance');
  const pane = () => page.locator('.pane', { has: page.locator('.pane-header', { hasText: 'PodSec Compliance' }) });
  const row = (text) => pane().locator('.monaco-list-row', { hasText: text });
  const line = () =>
    readFileSync(join(ws, CONFIG), 'utf8')
      .split('\n')
      .findIndex((l) => l.includes(BINDING)) + 1;

  return [
    [
      'the compliance view lists each STIG requirement with its status and count',
      async () => {
        cpSync(join(root, 'examples'), ws, { recursive: true });
        // examples/ breaks every requirement files decide; without the drop-in that turns anonymous
        // access to the API server on, V-254562 is one the view shows as Not a Finding
        rmSync(join(ws, 'rke2', 'etc', 'rancher', 'rke2', 'config.yaml.d', '60-apiserver.yaml'));
        writeFileSync(join(ws, '.podsec.yaml'), 'profile: stig-rke2\n');
        await page.goto(workbenchUrl(server, { folder: ws, extensionDevelopmentPath: mode === 'source' ? [root] : [] }));
        await page.locator('.explorer-folders-view').waitFor({ timeout: 120_000 });
        // as a user would: a click on the view's header in the Explorer opens it
        const header = page.locator('.pane-header', { hasText: 'PodSec Compliance' }).first();
        await header.waitFor({ timeout: 60_000 });
        if ((await header.getAttribute('aria-expanded')) !== 'true') await header.click();
        // room for the whole list (the tree renders only the rows in sight): the folder's
        // section folded, the side bar wider
        const folders = page.locator('.pane-header', { hasText: 'workspace-compliance' }).first();
        if ((await folders.getAttribute('aria-expanded')) === 'true') await folders.click();
        const bar = await page.locator('.part.sidebar').first().boundingBox();
        if (bar) {
          const y = bar.y + bar.height / 2;
          await page.mouse.move(bar.x + bar.width + 1, y);
          await page.mouse.down();
          await page.mouse.move(bar.x + 700, y, { steps: 8 });
          await page.mouse.up();
        }
        // the view asks the server, which checks the whole workspace in the background
        const req = row(VULN_ID).first();
        await req.waitFor({ timeout: 120_000 });
        // ready: the summary replaces "Checking the workspace: …"
        await pane()
          .locator('.pane-body', { hasText: /\d+ open, \d+ not a finding, \d+ not reviewed\./ })
          .first()
          .waitFor({ timeout: 120_000 });
        const text = (await req.innerText()).replace(/\s+/g, ' ');
        if (!text.includes(TITLE)) throw new Error(`the row lacks the title: ${text}`);
        if (!/Open · 1\b/.test(text)) throw new Error(`${VULN_ID} is not "Open · 1": ${text}`);
        const pss = (await row('V-254571').first().innerText()).replace(/\s+/g, ' ');
        if (!/Open · \d+/.test(pss)) throw new Error(`V-254571 is not open with a count: ${pss}`);
        const nf = (await row('V-254562').first().innerText()).replace(/\s+/g, ' ');
        if (!nf.includes('Not a Finding')) throw new Error(`V-254562 is not "Not a Finding": ${nf}`);
      },
    ],
    [
      'a requirement expands to its findings; a click opens the file at the line',
      async () => {
        await row(VULN_ID).first().click();
        const n = line();
        const finding = row(`config.yaml:${n}`).first();
        await finding.waitFor({ timeout: 15_000 });
        const file = join(root, 'test-results', 'vscode-5-compliance.png');
        await finding.click();
        await page.locator('.tab.active', { hasText: 'config.yaml' }).waitFor({ timeout: 15_000 });
        await statusItem(`Ln ${n}, Col`).first().waitFor({ timeout: 15_000 });
        await shot('vscode-5-compliance.png');
        if (process.env.PODSEC_E2E_DOC_IMAGES) {
          // the README's screenshot: `PODSEC_E2E_DOC_IMAGES=1 npm run test:e2e` writes it again
          mkdirSync(join(root, 'docs', 'images'), { recursive: true });
          copyFileSync(file, join(root, 'docs', 'images', 'compliance-view.png'));
        }
      },
    ],
    [
      '"Export STIG Checklist…" writes the .cklb through the language server',
      async () => {
        await runCommand('PodSec: Export STIG Checklist');
        // the save dialog (VS Code's own, in the browser) offers the workspace folder and the STIG's name
        const input = page.locator('.quick-input-widget input');
        await input.waitFor({ state: 'visible', timeout: 15_000 });
        await page.waitForFunction((name) => (document.querySelector('.quick-input-widget input')?.value ?? '').endsWith(name), CHECKLIST, {
          timeout: 15_000,
        });
        await page.keyboard.press('Enter');
        // then the target's host name
        await page.locator('.quick-input-widget', { hasText: 'Host name' }).waitFor({ timeout: 15_000 });
        await page.keyboard.type('node-1');
        await page.keyboard.press('Enter');
        const out = join(ws, CHECKLIST);
        for (const end = Date.now() + 60_000; !existsSync(out) && Date.now() < end;) await page.waitForTimeout(250);
        if (!existsSync(out)) throw new Error(`${out} was not written`);
        // and the user is told what was written
        await runCommand('Notifications: Show Notifications');
        await page
          .locator('.notifications-center', { hasText: `Wrote ${CHECKLIST}` })
          .first()
          .waitFor({ timeout: 15_000 });
        await page.keyboard.press('Escape');
        const doc = JSON.parse(readFileSync(out, 'utf8'));
        if (doc.target_data?.host_name !== 'node-1') throw new Error(`host name: ${JSON.stringify(doc.target_data)}`);
        const rule = doc.stigs?.[0]?.rules?.find((r) => r.group_id === VULN_ID);
        if (!rule) throw new Error(`${VULN_ID} is not in the checklist`);
        if (rule.status !== 'open') throw new Error(`${VULN_ID} is ${rule.status} in the checklist`);
        if (!rule.finding_details.includes(`rke2/etc/rancher/rke2/config.yaml:${line()}:`)) throw new Error(`finding details: ${rule.finding_details}`);
      },
    ],
    [
      'a profile without a STIG: the view says which profiles have one',
      async () => {
        writeFileSync(join(ws, '.podsec.yaml'), 'profile: restricted\n');
        await pane().locator('.pane-body', { hasText: 'has no STIG checklist' }).first().waitFor({ timeout: 30_000 });
        const text = (await pane().locator('.pane-body').first().innerText()).replace(/\s+/g, ' ');
        if (!text.includes('stig-rke2') || !text.includes('stig-kubernetes')) throw new Error(`the message does not name the STIG profiles: ${text}`);
        if ((await row(VULN_ID).count()) !== 0) throw new Error('requirements are still listed');
      },
    ],
  ];
}
