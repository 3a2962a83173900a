// `npm run bench`: podsec's performance benchmark (a measurement, not a test).
//
//   node scripts/bench.mjs [--quick] [--only cli,heavy,server,yls,index] [--readme]
//                          [--heavy heavy-10mb,heavy-50mb,editor] [--heavy-rounds N] [--heavy-formats text,json,...]
//
// Generates the corpora into bench/corpus/ (git-ignored, deterministic), then measures the CLI
// against a bare `yaml` parse of the same inputs (and, for the findings-heavy streams, in every
// output format), the language server over stdio, yaml-language-server on the same edit loop
// when it is installed, and the server's workspace index on a 5,000-file workspace. Writes
// bench/results.json and
// bench/results.md and prints the table; --readme also puts the table into README.md's
// "Performance" section. --quick runs fewer repetitions (a smoke run, not for publishing).
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { build } from 'esbuild';
import { describeCorpus, ensureCorpus, WORKSPACE_NAME } from '../bench/corpus.mjs';
import { measureCliInput, measureHeavyInput } from '../bench/cli.mjs';
import { ensureHeavy } from '../bench/heavy.mjs';
import { measureIndex } from '../bench/index.mjs';
import { BENCH, load, log, machine, ROOT, sleep, summary, timedRun } from '../bench/lib.mjs';
import { evaluateTargets, indexMarkdown, markdown } from '../bench/report.mjs';
import { findYamlLanguageServer, measurePodsec, measureYls, PODSEC_SERVER, YLS_VALIDATION_DELAY_MS } from '../bench/server.mjs';

const argv = process.argv.slice(2);
const flag = (name) => argv.includes(name);
const option = (name) => {
  const i = argv.findIndex((a) => a === name || a.startsWith(`${name}=`));
  if (i < 0) return undefined;
  return argv[i].includes('=') ? argv[i].slice(name.length + 1) : argv[i + 1];
};
const quick = flag('--quick');
const only = new Set((option('--only') ?? 'cli,heavy,server,yls,index').split(','));
// what the heavy part measures (a busy machine may need them one at a time), and its rounds
const heavyParts = new Set((option('--heavy') ?? 'heavy-10mb,heavy-50mb,editor').split(','));
const heavyFormats = option('--heavy-formats')?.split(',');
const heavyRounds = option('--heavy-rounds') === undefined ? undefined : Number(option('--heavy-rounds'));
const CORPUS = join(BENCH, 'corpus');

const EDITS = 60; // timed edits per server run (the targets ask for at least 50)
const WARMUP = 5;

function commit() {
  try {
    const head = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: ROOT, encoding: 'utf8' }).trim();
    const dirty = execFileSync('git', ['status', '--porcelain', '--untracked-files=no'], { cwd: ROOT, encoding: 'utf8' }).trim();
    return dirty ? `${head} (with uncommitted changes)` : head;
  } catch {
    return 'unknown';
  }
}

/**
 * Activation time and package size, from what the extension's own tests and build leave: the
 * end-to-end suite writes test-results/activation.json (the extension's own time: evaluating its
 * bundle and running activate(); and, on the test's clock, from opening the first YAML file until
 * the extension is active), `npm run package` writes podsec-<version>.vsix.
 */
function extensionFigures() {
  const out = {};
  const file = join(ROOT, 'test-results', 'activation.json');
  if (existsSync(file)) {
    try {
      const a = JSON.parse(readFileSync(file, 'utf8'));
      if (typeof a.extensionMs?.ownMs === 'number') {
        out.activationMs = a.extensionMs.ownMs;
        out.activationSource = `test-results/activation.json (${a.mode ?? 'unknown'} run, VS Code ${a.vscode ?? '?'}, ${a.date ?? 'undated'}): the extension's own time; opening the file until active took ${a.openToActiveMs} ms, until first diagnostics ${a.openToFirstDiagnosticsMs} ms`;
        out.activation = a;
      }
    } catch {
      // unreadable: reported as not measured
    }
  }
  const vsix = readdirSync(ROOT)
    .filter((f) => f.endsWith('.vsix'))
    .map((f) => ({ f, st: statSync(join(ROOT, f)) }))
    .sort((a, b) => b.st.mtimeMs - a.st.mtimeMs)[0];
  if (vsix) {
    out.vsixFile = `${vsix.f} (built ${vsix.st.mtime.toISOString().slice(0, 16).replace('T', ' ')} UTC)`;
    out.vsixBytes = vsix.st.size;
  }
  return out;
}

async function main() {
  if (!existsSync(join(ROOT, 'server', 'out', 'cli.js'))) {
    console.error('bench: server/out/cli.js is missing: run "npm run build" first');
    process.exit(2);
  }
  const r = { date: new Date().toISOString().slice(0, 16).replace('T', ' ') + ' UTC', machine: machine(), commit: commit(), loadBefore: load(), quick };
  log(`podsec benchmark on ${r.machine.cpu}, ${r.machine.cores} cores; load ${r.loadBefore.join(' ')}`);

  log('corpus: generating (deterministic) ...');
  ensureCorpus(CORPUS);
  // after ensureCorpus, which clears the folder when the corpora are rebuilt
  const heavy = ensureHeavy(CORPUS);
  const inputs = describeCorpus(CORPUS);
  r.corpus = [...inputs, ...heavy].map(({ id, bytes, lines, documents, files }) => ({ id, bytes, lines, documents, files: files.length }));
  const byId = (id) => [...inputs, ...heavy].find((i) => i.id === id);

  if (only.has('cli')) {
    // the engine bundled on its own as scripts/build.mjs bundles it, for the warm in-process comparison
    const engineBundle = join(CORPUS, '.build', 'engine.cjs');
    const yamlEsm = join(dirname(createRequire(join(ROOT, 'server', 'package.json')).resolve('yaml/package.json')), 'browser', 'dist', 'index.js');
    await build({
      // what inproc.mjs calls, from the modules that define it
      stdin: {
        contents: "export { analyzeText } from './pipeline';\nexport { resolveRuleSet } from './profiles';\n",
        resolveDir: join(ROOT, 'server', 'src', 'engine'),
        loader: 'ts',
      },
      alias: { yaml: yamlEsm },
      bundle: true,
      platform: 'node',
      format: 'cjs',
      target: 'node20',
      outfile: engineBundle,
      logLevel: 'warning',
    });
    r.cli = [];
    for (const input of inputs) {
      const big = input.id === '100k' || input.id === 'dir';
      const runs = quick ? 1 : big ? 5 : 7;
      log(`cli: ${input.id} (${runs} runs)`);
      r.cli.push(await measureCliInput(input, { runs, engineBundle, inprocRuns: quick ? 1 : big ? 5 : 9 }));
    }
  }

  if (only.has('heavy')) {
    r.heavy = [];
    for (const input of heavy.filter((i) => heavyParts.has(i.id))) {
      // the 50 MB stream takes minutes per round
      const runs = heavyRounds ?? (quick ? 1 : input.id === 'heavy-10mb' ? 2 : 1);
      log(`heavy: ${input.id} (${runs} rounds of every format)`);
      r.heavy.push(await measureHeavyInput(input, { runs, ...(heavyFormats ? { formats: heavyFormats } : {}) }));
    }
    // the editor on the 10 MB stream: open and edits, as the server part measures the corpora
    if (existsSync(PODSEC_SERVER) && heavyParts.has('editor')) {
      r.heavyServer = { edits: quick ? 10 : EDITS, warmup: WARMUP, runs: [], bareParseMs: {} };
      const input = byId('heavy-10mb');
      const parses = [];
      for (const pull of [true, false]) {
        for (const kind of ['value', 'finding']) {
          parses.push(await bareParseMs(input));
          log(`heavy: editor ${input.id} ${pull ? 'pull' : 'push'}, edits ${kind === 'value' ? 'typing in a value' : 'toggling a finding'}`);
          r.heavyServer.runs.push(await measurePodsec(input, { pull, kind, edits: r.heavyServer.edits, warmup: WARMUP }));
          await sleep(200);
        }
      }
      r.heavyServer.bareParseMs[input.id] = summary(parses, 0);
    }
  }

  if (only.has('server')) {
    if (!existsSync(PODSEC_SERVER)) {
      r.server = { skipped: 'server/out/server.js is not built' };
    } else {
      r.server = {
        edits: quick ? 10 : EDITS,
        warmup: WARMUP,
        settings: 'profile restricted, delayMs 0, other settings at their defaults',
        runs: [],
        bareParseMs: {},
      };
      for (const id of ['1k', '10k', '100k']) {
        // the parse the open is compared with: a fresh process parsing the file, as the server
        // parses a freshly opened file, timed between the server runs so both see the same load
        const parses = [];
        for (const pull of [true, false]) {
          for (const kind of ['value', 'finding']) {
            parses.push(await bareParseMs(byId(id)));
            log(`server: ${id} ${pull ? 'pull' : 'push'}, edits ${kind === 'value' ? 'typing in a value' : 'toggling a finding'}`);
            r.server.runs.push(await measurePodsec(byId(id), { pull, kind, edits: r.server.edits, warmup: WARMUP }));
            await sleep(200);
          }
        }
        r.server.bareParseMs[id] = summary(parses, 0);
      }
    }
  }

  if (only.has('yls')) {
    const yls = findYamlLanguageServer();
    if (!yls) {
      r.yls = { skipped: 'yaml-language-server is not installed' };
    } else {
      const schemaFile = process.env.PODSEC_BENCH_K8S_SCHEMA;
      r.yls = { delayMs: YLS_VALIDATION_DELAY_MS, runs: [] };
      for (const id of ['1k', '10k', '100k']) {
        log(`yaml-language-server: ${id}`);
        // it needs seconds per edit on the largest file: stop after two minutes there
        const budgetMs = id === '100k' ? 120_000 : Infinity;
        r.yls.runs.push(await measureYls(yls, byId(id), { edits: quick ? 10 : EDITS, warmup: quick ? 1 : WARMUP, budgetMs, schemaFile }));
      }
    }
  }

  if (only.has('index')) {
    if (!existsSync(PODSEC_SERVER)) r.index = { skipped: 'server/out/server.js is not built' };
    else {
      log('workspace index: 5,000 files');
      r.index = await measureIndex({ workspace: join(CORPUS, WORKSPACE_NAME), runs: quick ? 1 : 5, edits: quick ? 10 : EDITS, warmup: WARMUP });
    }
  }

  r.extension = extensionFigures();
  r.loadAfter = load();
  // A run of some parts keeps the other parts' figures from bench/results.json, each part with
  // the date, commit and load of the run that measured it (`parts`), so that a partial run
  // never wipes or misdates figures it did not measure.
  const previous = existsSync(join(BENCH, 'results.json')) ? JSON.parse(readFileSync(join(BENCH, 'results.json'), 'utf8')) : undefined;
  const saved = mergeResults(previous, r, only);
  saved.targets = evaluateTargets(saved);
  const md = markdown(saved);
  const imd = saved.index && !saved.index.skipped ? indexMarkdown(saved) : '';
  writeFileSync(join(BENCH, 'results.json'), JSON.stringify(saved, null, 2) + '\n');
  writeFileSync(
    join(BENCH, 'results.md'),
    `# Benchmark results\n\nWritten by \`npm run bench\` (scripts/bench.mjs); see the README's "Performance" section.\n\n${md}\n${imd ? `\n${imd}\n` : ''}`,
  );
  if (flag('--readme')) {
    updateReadme(md, '<!-- bench:start -->', '<!-- bench:end -->');
    if (imd) updateReadme(imd, '<!-- bench:index:start -->', '<!-- bench:index:end -->');
  }
  console.log(`${md}\n\n${imd}`);
}

/** The parts of a run and the results' keys each one writes. */
const PARTS = { cli: ['cli'], heavy: ['heavy', 'heavyServer'], server: ['server'], yls: ['yls'], index: ['index'] };

/**
 * The results to keep: this run's parts over the previous results' other parts. `parts` says,
 * for each part, which run measured it; the top-level date, machine and load are this run's.
 */
function mergeResults(previous, r, parts) {
  const meta = { date: r.date, machine: r.machine, commit: r.commit, loadBefore: r.loadBefore, loadAfter: r.loadAfter, quick: r.quick };
  // what a previous results file says about when each of its parts was measured
  const before = {};
  if (previous) {
    const prevMeta = {
      date: previous.date,
      machine: previous.machine,
      commit: previous.commit,
      loadBefore: previous.loadBefore,
      loadAfter: previous.loadAfter,
      quick: previous.quick,
    };
    for (const part of Object.keys(PARTS)) {
      before[part] = previous.parts?.[part] ?? (part === 'index' && previous.indexRun ? previous.indexRun : prevMeta);
    }
  }
  const out = { ...r, parts: {} };
  delete out.indexRun;
  // activation and the .vsix come from files another run leaves (the end-to-end suite, npm run
  // package): a worktree without them keeps the figures it had
  for (const k of ['activationMs', 'vsixBytes']) {
    if (out.extension?.[k] === undefined && previous?.extension?.[k] !== undefined) {
      const keep = k === 'activationMs' ? ['activationMs', 'activationSource', 'activation'] : ['vsixBytes', 'vsixFile'];
      out.extension = { ...out.extension, ...Object.fromEntries(keep.map((x) => [x, previous.extension[x]])) };
    }
  }
  for (const [part, keys] of Object.entries(PARTS)) {
    if (parts.has(part)) {
      out.parts[part] = meta;
      if (part === 'heavy' && previous) {
        // the heavy inputs and the editor may be measured one at a time: each keeps its run
        const prevHeavyMeta = before.heavy;
        for (const h of out.heavy ?? []) h.measured = meta;
        for (const h of previous.heavy ?? []) if (!out.heavy.some((x) => x.input === h.input)) out.heavy.push({ ...h, measured: h.measured ?? prevHeavyMeta });
        out.heavy.sort((a, b) => a.input.localeCompare(b.input));
        if (out.heavyServer) out.heavyServer.measured = meta;
        else if (previous.heavyServer) out.heavyServer = { ...previous.heavyServer, measured: previous.heavyServer.measured ?? prevHeavyMeta };
      }
    } else if (previous && keys.some((k) => previous[k] !== undefined)) {
      for (const k of keys) if (previous[k] !== undefined) out[k] = previous[k];
      out.parts[part] = before[part];
    }
  }
  // the heavy streams' editor figures were part of the server part before they had their own
  if (!parts.has('heavy') && !out.heavyServer && out.server?.runs?.some((s) => s.input === 'heavy-10mb')) {
    out.heavyServer = { ...out.server, runs: out.server.runs.filter((s) => s.input === 'heavy-10mb') };
  }
  if (out.server?.runs) out.server = { ...out.server, runs: out.server.runs.filter((s) => s.input !== 'heavy-10mb') };
  return out;
}

/** Milliseconds a fresh process spends in parseAllDocuments of the input (bench/bare-parse.mjs). */
async function bareParseMs(input) {
  const b = await timedRun(process.execPath, [join(BENCH, 'bare-parse.mjs'), input.path], { capture: true });
  if (b.code !== 0) throw new Error(`bare parse failed: ${b.stderr}`);
  return JSON.parse(b.stdout).parseMs;
}

/** Replace the table between two markers of README.md's Performance section. */
function updateReadme(md, start, end) {
  const file = join(ROOT, 'README.md');
  const text = readFileSync(file, 'utf8');
  const a = text.indexOf(start);
  const b = text.indexOf(end);
  if (a < 0 || b < a) {
    log(`README.md has no ${start} marker: table not copied`);
    return;
  }
  writeFileSync(file, text.slice(0, a + start.length) + '\n' + md + '\n' + text.slice(b));
  log('README.md: Performance table updated');
}

main().catch((e) => {
  console.error(`bench: ${e.stack ?? e}`);
  process.exit(1);
});
