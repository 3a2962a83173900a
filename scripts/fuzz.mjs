// Long fuzz campaigns over the property suite (test/properties): many more cases per property
// than `npm test`, larger inputs, every seed printed.
//
//   npm run fuzz                          20,000 cases per property, fresh seeds
//   npm run fuzz -- --runs 100000         more cases
//   npm run fuzz -- --rounds 5            five campaigns in a row, each with fresh seeds
//   npm run fuzz -- --seed 42             reproducible seeds (round r uses 42 + r)
//   npm run fuzz -- --only "quick fixes"  one property (its name as printed)
//   npm run fuzz -- --no-build            skip compiling the tests first
//
// A failure prints the property, its seed, the counterexample path, the smallest failing input
// and the command that replays it. The exit code is that of the first failing round.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);

function option(name, fallback) {
  const i = args.indexOf(name);
  if (i === -1) return fallback;
  const v = args[i + 1];
  if (v === undefined) {
    console.error(`fuzz: ${name} needs a value`);
    process.exit(2);
  }
  return v;
}

function integer(name, fallback) {
  const v = option(name, undefined);
  if (v === undefined) return fallback;
  if (!/^-?\d+$/.test(v)) {
    console.error(`fuzz: ${name} must be an integer, not ${JSON.stringify(v)}`);
    process.exit(2);
  }
  return Number(v);
}

const runs = integer('--runs', 20_000);
const rounds = integer('--rounds', 1);
const seed = integer('--seed', undefined);
const only = option('--only', undefined);

if (!args.includes('--no-build')) {
  const tsc = spawnSync(process.execPath, [join(root, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', join(root, 'test')], { stdio: 'inherit', cwd: root });
  if (tsc.status !== 0) console.error('fuzz: the tests did not compile cleanly; running what was built');
}

const dir = join(root, 'test', 'build', 'test', 'properties');
const files = existsSync(dir)
  ? readdirSync(dir)
      .filter((f) => f.endsWith('.test.js') && f !== 'regressions.test.js')
      .map((f) => join(dir, f))
  : [];
if (!files.length) {
  console.error('fuzz: no compiled properties under test/build/test/properties (run "npx tsc -p test")');
  process.exit(2);
}

const mocha = join(root, 'node_modules', 'mocha', 'bin', 'mocha.js');
let status = 0;
for (let r = 0; r < rounds; r++) {
  console.log(`\n== fuzz round ${r + 1} of ${rounds}: ${runs} cases per property${seed === undefined ? '' : `, seed ${seed + r}`}`);
  const env = { ...process.env, PODSEC_FUZZ: '1', PODSEC_FC_RUNS: String(runs) };
  if (seed !== undefined) env.PODSEC_FC_SEED = String(seed + r);
  if (only) env.PODSEC_FC_ONLY = only;
  const res = spawnSync(process.execPath, [mocha, '--reporter', 'spec', '--timeout', '0', ...files], { stdio: 'inherit', cwd: root, env });
  if (res.status !== 0 && status === 0) status = res.status ?? 1;
}
process.exit(status);
