/**
 * Extension-host test entry (the `extensionTestsPath` of @vscode/test-electron's runTests()):
 * runs every *.test.js next to this file with mocha, inside VS Code's extension host, and
 * writes a summary to test-results/e2e-exthost.json.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { resultsDir } from './helpers';

// mocha is an ES module; the extension host's Node loads it with require()
// eslint-disable-next-line @typescript-eslint/no-require-imports
const mochaModule = require('mocha') as typeof import('mocha') & { default?: typeof import('mocha') };
const Mocha = mochaModule.default ?? mochaModule;

export function run(): Promise<void> {
  const mocha = new Mocha({ ui: 'bdd', color: false, timeout: 60_000, reporter: 'spec' });
  const grep = process.env.PODSEC_E2E_GREP;
  if (grep) mocha.grep(grep);
  for (const f of fs.readdirSync(__dirname).filter((f) => f.endsWith('.test.js')).sort()) mocha.addFile(path.join(__dirname, f));
  const failed: string[] = [];
  return new Promise((resolve, reject) => {
    const runner = mocha.run((failures) => {
      const stats = runner.stats ?? { passes: 0, failures, pending: 0 };
      fs.mkdirSync(resultsDir, { recursive: true });
      fs.writeFileSync(path.join(resultsDir, 'e2e-exthost.json'), `${JSON.stringify({ passed: stats.passes, failed: stats.failures, skipped: stats.pending, failures: failed }, null, 2)}\n`);
      if (failures) reject(new Error(`${failures} extension-host test(s) failed`));
      else resolve();
    });
    runner.on('fail', (test, err: Error) => failed.push(`${test.fullTitle()}: ${err.message}`));
  });
}
