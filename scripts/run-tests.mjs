// Runs the compiled test suites (`tsc -p test` puts them in test/build/test) with mocha.
// Usage: node scripts/run-tests.mjs [suite...]   a suite is a first folder under test/: unit, lsp, cli,
// properties, hostile, security, docs, conformance, grammar, client, package (default: all but e2e)
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const buildDir = join(root, 'test', 'build', 'test');
const wanted = process.argv.slice(2);

function find(dir, out = []) {
  if (!existsSync(dir)) return out;
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) find(p, out);
    else if (name.endsWith('.test.js')) out.push(p);
  }
  return out;
}

// tsc never removes the output of a source that was moved or deleted: run only compiled tests
// whose TypeScript source still exists, so a stale copy cannot run (or fail) in its place.
const compiled = find(buildDir);
const stale = compiled.filter((f) => !existsSync(join(root, 'test', relative(buildDir, f).replace(/\.js$/, '.ts'))));
if (stale.length) console.error(`skipping ${stale.length} compiled test file(s) whose source is gone: ${stale.map((f) => relative(buildDir, f)).join(', ')}`);
const files = compiled
  .filter((f) => !stale.includes(f))
  .filter((f) => !relative(buildDir, f).startsWith('e2e'))
  .filter((f) => !wanted.length || wanted.includes(relative(buildDir, f).split(/[\\/]/)[0]))
  .sort();
if (!files.length) {
  console.error(`no compiled tests found under ${relative(root, buildDir)}: run "tsc -b && tsc -p test" first`);
  process.exit(1);
}
const mocha = join(root, 'node_modules', 'mocha', 'bin', 'mocha.js');
// Mocha ends when nothing is left running. A test that leaves a timer, socket or process behind
// would keep it (and CI) waiting forever: give up after a bound and say why.
const LIMIT_MIN = Number(process.env.PODSEC_TEST_LIMIT_MIN ?? 30);
const r = spawnSync(process.execPath, [mocha, '--reporter', process.env.MOCHA_REPORTER ?? 'dot', '--timeout', '120000', ...files], {
  stdio: 'inherit',
  cwd: root,
  timeout: LIMIT_MIN * 60_000,
  killSignal: 'SIGKILL',
});
if (r.error?.code === 'ETIMEDOUT' || (r.signal && r.status === null)) {
  console.error(
    `\nthe tests did not end within ${LIMIT_MIN} minutes (killed with ${r.signal}): if every test passed above, one of them leaves a timer, socket or process running`,
  );
  process.exit(1);
}
process.exit(r.status ?? 1);
