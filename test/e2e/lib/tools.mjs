// Where the e2e tools live (installed by test/e2e/install-tools.sh, outside the repository):
//   $E2E_TOOLS/node24/node_modules/node/bin/node   Node 24 (code-server 4.139 requires it)
//   $E2E_TOOLS/cs/node_modules/.bin/code-server     code-server 4.139.1 (VS Code 1.139.1)
//   $E2E_TOOLS/node_modules/playwright-core         drives the browser
//   /usr/bin/chromium                               Debian's Chromium ($CHROMIUM)
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';

export const CODE_SERVER_VERSION = '4.139.1';

export function toolPaths() {
  const root = process.env.E2E_TOOLS || '/tmp/e2e-tools';
  return {
    root,
    nodeDir: process.env.PODSEC_NODE24_DIR || join(root, 'node24', 'node_modules', 'node', 'bin'),
    codeServer: process.env.CODE_SERVER || join(root, 'cs', 'node_modules', '.bin', 'code-server'),
    playwrightCore: process.env.PLAYWRIGHT_CORE || join(root, 'node_modules', 'playwright-core'),
    chromium: process.env.CHROMIUM || '/usr/bin/chromium',
  };
}

/** The tool paths, or an Error naming what is missing and how to get it. */
export function requireTools(needBrowser = true) {
  const t = toolPaths();
  const missing = [];
  if (!existsSync(join(t.nodeDir, 'node'))) missing.push(`Node 24 (${t.nodeDir}/node)`);
  if (!existsSync(t.codeServer)) missing.push(`code-server (${t.codeServer})`);
  if (needBrowser && !existsSync(t.playwrightCore)) missing.push(`playwright-core (${t.playwrightCore})`);
  if (needBrowser && !existsSync(t.chromium)) missing.push(`Chromium (${t.chromium})`);
  if (missing.length) {
    throw new Error(`e2e tools missing: ${missing.join(', ')}. Install them with: bash test/e2e/install-tools.sh (E2E_TOOLS=${t.root})`);
  }
  return t;
}

export function loadPlaywright(t = toolPaths()) {
  return createRequire(import.meta.url)(t.playwrightCore);
}
