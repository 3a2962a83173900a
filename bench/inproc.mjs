// In one warm process, alternately: a bare parseAllDocuments of an input, and the engine's
// analyzeText (split, parse, find pod specs, run every rule of the restricted profile, build
// fixes, apply suppressions) of the same text. Startup, file reading and output are left out, so
// the ratio is the cost of podsec's analysis next to the parse itself. Prints JSON with wall and
// CPU milliseconds per run.
//
//   node bench/inproc.mjs <engine bundle> <file|dir> <runs>
import { createRequire } from 'node:module';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { extname, join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseAllDocuments } from 'yaml';

const require = createRequire(import.meta.url);
const [bundle, input, runsArg] = process.argv.slice(2);
const engine = require(bundle);
const runs = Number(runsArg ?? 5);

function expand(p, out) {
  if (statSync(p).isDirectory()) {
    for (const name of readdirSync(p).sort()) expand(join(p, name), out);
  } else if (['.yaml', '.yml'].includes(extname(p))) out.push(p);
  return out;
}

const texts = expand(input, []).map((f) => {
  const t = readFileSync(f, 'utf8');
  return t.charCodeAt(0) === 0xfeff ? t.slice(1) : t;
});
const cfg = engine.resolveRuleSet({ profile: 'restricted' });

let findings = 0;
const bare = () => {
  for (const t of texts) parseAllDocuments(t);
};
const analyze = () => {
  findings = 0;
  for (const t of texts) findings += engine.analyzeText(t, cfg).findings.length;
};

function timed(fn) {
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  fn();
  const ms = performance.now() - t0;
  const c = process.cpuUsage(c0);
  return { ms, cpuMs: (c.user + c.system) / 1000 };
}

// one warm-up of each, then alternate so that load on the machine hits both alike
bare();
analyze();
const result = { parse: [], analyze: [] };
for (let i = 0; i < runs; i++) {
  result.parse.push(timed(bare));
  result.analyze.push(timed(analyze));
}
result.findings = findings;
process.stdout.write(JSON.stringify(result) + '\n');
