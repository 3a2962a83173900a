/**
 * Extension-host test entry (the `extensionTestsPath` of @vscode/test-electron's runTests()):
 * runs every *.test.js next to this file with mocha, inside VS Code's extension host, and
 * writes a summary to test-results/e2e-exthost.json.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { resultsDir, runContext } from './helpers';

/** the untrusted pass runs only the untrusted-workspace tests; the normal pass all the others */
const UNTRUSTED_TESTS = '90-untrusted.test.js';

// mocha is an ES module; the extension host's Node loads it with require()
// eslint-disable-next-line @typescript-eslint/no-require-imports
const mochaModule = require('mocha') as typeof import('mocha') & { default?: typeof import('mocha') };
const Mocha = mochaModule.default ?? mochaModule;

export function run(): Promise<void> {
  const mocha = new Mocha({ ui: 'bdd', color: false, timeout: 60_000, reporter: 'spec' });
  const grep = process.env.PODSEC_E2E_GREP;
  if (grep) mocha.grep(grep);
  const untrusted = !!runContext().untrusted;
  const files = fs
    .readdirSync(__dirname)
    .filter((f) => f.endsWith('.test.js') && (f === UNTRUSTED_TESTS) === untrusted)
    .sort();
  for (const f of files) mocha.addFile(path.join(__dirname, f));
  const summary = untrusted ? 'e2e-exthost-untrusted.json' : 'e2e-exthost.json';
  const failed: string[] = [];
  return new Promise((resolve, reject) => {
    const runner = mocha.run((failures) => {
      const stats = runner.stats ?? { passes: 0, failures, pending: 0 };
      fs.mkdirSync(resultsDir, { recursive: true });
      fs.writeFileSync(
        path.join(resultsDir, summary),
        `${JSON.stringify({ passed: stats.passes, failed: stats.failures, skipped: stats.pending, failures: failed }, null, 2)}\n`,
      );
      if (failures) reject(new Error(`${failures} extension-host test(s) failed`));
      else resolve();
    });
    runner.on('fail', (test, err: Error) => failed.push(`${test.fullTitle()}: ${err.message}`));
  });
}
