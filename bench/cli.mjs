// CLI figures: `podsec check <input> --format json` as a user runs it (a fresh process, output
// discarded), against a fresh process that reads the same input and runs a bare
// parseAllDocuments on it. Runs alternate so that load on the machine hits both alike.
// Also the engine's own cost next to the parse, measured warm in one process (inproc.mjs).
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { BENCH, log, median, ROOT, summary, timedRun } from './lib.mjs';

const CLI = join(ROOT, 'server', 'out', 'cli.js');

function parseJsonLine(s, what) {
  try {
    return JSON.parse(s.trim().split('\n').pop());
  } catch {
    throw new Error(`${what} printed no result: ${s.slice(0, 300)}`);
  }
}

/** Measure one input (a file or the directory). */
export async function measureCliInput(input, { runs, engineBundle, inprocRuns }) {
  const bare = [];
  const cli = [];
  const bareRss = [];
  const cliRss = [];
  const bareParseMs = [];
  const bareCpu = [];
  const cliCpu = [];
  // an untimed first run warms the file cache and checks that podsec saw every file
  const first = await timedRun(process.execPath, [CLI, 'check', input.path, '--format', 'json'], { capture: true });
  if (first.code !== 0 && first.code !== 1) throw new Error(`podsec check ${input.path} exited ${first.code}: ${first.stderr.slice(0, 500)}`);
  const report = JSON.parse(first.stdout);
  const findings = report.files.reduce((n, f) => n + f.findings.length, 0);
  if (report.files.length !== input.files.length)
    throw new Error(`podsec check ${input.path} reported ${report.files.length} files, expected ${input.files.length}`);
  let exitCode;
  for (let i = 0; i < runs; i++) {
    const b = await timedRun(process.execPath, [join(BENCH, 'bare-parse.mjs'), input.path], { capture: true, rss: true });
    if (b.code !== 0) throw new Error(`bare parse failed: ${b.stderr}`);
    bare.push(b.ms);
    bareRss.push(b.peakRssMB);
    bareCpu.push(b.cpuMs);
    bareParseMs.push(parseJsonLine(b.stdout, 'bare parse').parseMs);
    const c = await timedRun(process.execPath, [CLI, 'check', input.path], { rss: true });
    // 1 = findings at error severity, which every corpus has
    if (c.code !== 0 && c.code !== 1) throw new Error(`podsec check ${input.path} exited ${c.code}: ${c.stderr.slice(0, 500)}`);
    exitCode = c.code;
    cli.push(c.ms);
    cliRss.push(c.peakRssMB);
    cliCpu.push(c.cpuMs);
    log(`  cli ${input.id} run ${i + 1}/${runs}: podsec ${c.ms.toFixed(0)} ms, bare parse ${b.ms.toFixed(0)} ms`);
  }
  const out = {
    input: input.id,
    bytes: input.bytes,
    lines: input.lines,
    files: input.files.length,
    exitCode,
    findings,
    outputBytes: first.stdout.length,
    wallMs: summary(cli, 0),
    mbPerS: Number((input.bytes / 1e6 / (median(cli) / 1000)).toFixed(2)),
    bareWallMs: summary(bare, 0),
    bareParseOnlyMs: summary(bareParseMs, 0),
    ratio: Number((median(cli) / median(bare)).toFixed(2)),
    // CPU time of all threads: less sensitive than wall time to other work on the machine
    cpuMs: summary(cliCpu, 0),
    bareCpuMs: summary(bareCpu, 0),
    cpuRatio: Number((median(cliCpu) / median(bareCpu)).toFixed(2)),
    peakRssMB: Number(Math.max(...cliRss).toFixed(0)),
    barePeakRssMB: Number(Math.max(...bareRss).toFixed(0)),
  };
  if (engineBundle && inprocRuns) {
    const r = await timedRun(process.execPath, [join(BENCH, 'inproc.mjs'), engineBundle, input.path, String(inprocRuns)], { capture: true });
    if (r.code !== 0) throw new Error(`in-process measurement failed: ${r.stderr.slice(0, 500)}`);
    const res = parseJsonLine(r.stdout, 'in-process measurement');
    const p = res.parse.map((x) => x.cpuMs);
    const a = res.analyze.map((x) => x.cpuMs);
    out.engine = {
      parseCpuMs: summary(p, 0),
      analyzeCpuMs: summary(a, 0),
      ratio: Number((median(a) / median(p)).toFixed(2)),
      parseWallMs: summary(
        res.parse.map((x) => x.ms),
        0,
      ),
      analyzeWallMs: summary(
        res.analyze.map((x) => x.ms),
        0,
      ),
      findings: res.findings,
    };
    log(`  engine ${input.id}: analyzeText ${median(a).toFixed(0)} ms CPU vs parseAllDocuments ${median(p).toFixed(0)} ms CPU`);
  }
  return out;
}

/** What marks one finding in each format's output (a line that starts with it). */
const FINDING_LINE = {
  text: (input) => `  ${input.path}:`,
  json: () => '          "ruleId": ',
  sarif: () => '        {"ruleId":',
  github: () => '::',
};

/**
 * The audit evidence formats: one checklist or assessment for the STIG of the profile, so they
 * run with `--profile stig-rke2`. They aggregate: each requirement lists its first findings and
 * says how many more there are (`… and N more findings`), so the document's size does not grow
 * with the findings; the benchmark checks that the document is complete (it parses, or for the
 * XML checklist, ends with its closing tag) instead of counting findings in it.
 */
const EVIDENCE = {
  cklb: (text) => JSON.parse(text) && true,
  oscal: (text) => JSON.parse(text) && true,
  ckl: (text) => /<\/CHECKLIST>\s*$/.test(text),
};

export const HEAVY_FORMATS = [...Object.keys(FINDING_LINE), ...Object.keys(EVIDENCE)];

/** The command line of a format. */
function heavyArgs(input, format) {
  return [CLI, 'check', input.path, '--format', format, ...(format in EVIDENCE ? ['--profile', 'stig-rke2'] : [])];
}

/**
 * `podsec check <input> --format <format>`, timed from spawn to exit, with its peak RSS and CPU
 * time (rss-probe.cjs), and its output counted as it streams by (never kept, except the small
 * evidence documents): bytes, lines that start a finding, and the summary line of the text format.
 */
function countedRun(input, format) {
  return new Promise((resolve, reject) => {
    const tmp = mkdtempSync(join(tmpdir(), 'podsec-bench-'));
    const rssFile = join(tmp, 'rss');
    const t0 = performance.now();
    const child = spawn(process.execPath, ['--require', join(BENCH, 'rss-probe.cjs'), ...heavyArgs(input, format)], {
      cwd: ROOT,
      env: { ...process.env, PODSEC_BENCH_RSS_FILE: rssFile },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const evidence = EVIDENCE[format];
    // counted in bytes, never decoded: the benchmark must not take the CPU the run needs
    const mark = evidence ? undefined : Buffer.from('\n' + FINDING_LINE[format](input));
    let bytes = 0;
    let findings = 0;
    // the last bytes before the current block (a mark may start there), and the end of the output
    let carry = Buffer.from('\n');
    let end = Buffer.alloc(0);
    const whole = [];
    let err = '';
    child.stdout.on('data', (d) => {
      bytes += d.length;
      if (evidence) {
        whole.push(d);
        return;
      }
      // marks that begin in `carry` and end in this block
      const joint = Buffer.concat([carry, d.subarray(0, mark.length - 1)]);
      for (let i = joint.indexOf(mark); i !== -1 && i < carry.length; i = joint.indexOf(mark, i + 1)) findings++;
      for (let i = d.indexOf(mark); i !== -1; i = d.indexOf(mark, i + 1)) findings++;
      carry = Buffer.from(Buffer.concat([carry, d.subarray(Math.max(0, d.length - mark.length + 1))]).subarray(-(mark.length - 1)));
      end = Buffer.concat([end, d.subarray(Math.max(0, d.length - 4096))]).subarray(-4096);
    });
    child.stderr.on('data', (d) => {
      if (err.length < 10_000) err += d;
    });
    child.on('error', reject);
    child.on('close', (code) => {
      const ms = performance.now() - t0;
      let peakRssMB;
      let cpuMs;
      if (existsSync(rssFile)) {
        const u = JSON.parse(readFileSync(rssFile, 'utf8'));
        peakRssMB = u.maxRSS / 1024;
        cpuMs = u.cpu / 1000;
      }
      rmSync(tmp, { recursive: true, force: true });
      const counted = format === 'text' ? /(\d+) problems? \((\d+) errors?/.exec(end.toString('utf8')) : null;
      let complete;
      if (evidence) {
        try {
          complete = evidence(Buffer.concat(whole).toString('utf8'));
        } catch {
          complete = false;
        }
      }
      resolve({ code, ms, peakRssMB, cpuMs, bytes, findings, complete, total: counted ? Number(counted[1]) : undefined, stderr: err });
    });
  });
}

/**
 * A findings-heavy input in every format. `runs` rounds run each format, every run next to a bare
 * parse of its own (the load of a shared machine changes within minutes, so each format is
 * compared with the parses timed beside it); every run is timed and its output counted as it
 * streams (piped to the benchmark, as to a CI step writing a file): the exit code must be 1 and
 * every finding must be in the output (as many as the text summary counts; the evidence
 * documents must be complete).
 */
export async function measureHeavyInput(input, { runs, formats = HEAVY_FORMATS }) {
  const bare = [];
  const bareRss = [];
  const bareCpu = [];
  const timed = Object.fromEntries(formats.map((f) => [f, { ms: [], rss: [], cpu: [], bareMs: [], bareCpu: [], last: undefined }]));
  for (let i = 0; i < runs; i++) {
    for (const format of formats) {
      const b = await timedRun(process.execPath, [join(BENCH, 'bare-parse.mjs'), input.path], { capture: true, rss: true });
      if (b.code !== 0) throw new Error(`bare parse failed: ${b.stderr}`);
      bare.push(b.ms);
      bareRss.push(b.peakRssMB);
      bareCpu.push(b.cpuMs);
      const c = await countedRun(input, format);
      if (c.code !== 1) throw new Error(`podsec check ${input.path} --format ${format} exited ${c.code}: ${c.stderr.slice(0, 500)}`);
      if (c.complete === false) throw new Error(`podsec check ${input.path} --format ${format} wrote an incomplete document`);
      const t = timed[format];
      t.ms.push(c.ms);
      t.rss.push(c.peakRssMB);
      t.cpu.push(c.cpuMs);
      t.bareMs.push(b.ms);
      t.bareCpu.push(b.cpuMs);
      t.last = c;
      log(
        `  heavy ${input.id} run ${i + 1}/${runs}: ${format} ${c.ms.toFixed(0)} ms, ${c.peakRssMB.toFixed(0)} MB, ${c.findings} findings, ${(c.bytes / 1e6).toFixed(0)} MB out; bare parse ${b.ms.toFixed(0)} ms`,
      );
    }
  }
  const counted = formats.filter((f) => !(f in EVIDENCE));
  const expected = timed.text?.last?.total ?? Math.max(...counted.map((f) => timed[f].last.findings));
  for (const format of counted) {
    for (const c of [timed[format].last]) {
      if (c.findings !== expected) throw new Error(`podsec check ${input.path} --format ${format} wrote ${c.findings} findings, expected ${expected}`);
    }
  }
  return {
    input: input.id,
    bytes: input.bytes,
    lines: input.lines,
    documents: input.documents,
    findings: expected,
    bareWallMs: summary(bare, 0),
    bareCpuMs: summary(bareCpu, 0),
    barePeakRssMB: Number(Math.max(...bareRss).toFixed(0)),
    formats: formats.map((format) => {
      const c = timed[format].last;
      return {
        format,
        ...(format in EVIDENCE ? { profile: 'stig-rke2', aggregated: true, complete: c.complete } : {}),
        exitCode: c.code,
        findings: format in EVIDENCE ? null : c.findings,
        outputBytes: c.bytes,
        wallMs: summary(timed[format].ms, 0),
        // against the bare parses timed beside this format's runs
        bareWallMs: summary(timed[format].bareMs, 0),
        ratio: Number((median(timed[format].ms) / median(timed[format].bareMs)).toFixed(2)),
        cpuMs: summary(timed[format].cpu, 0),
        cpuRatio: Number((median(timed[format].cpu) / median(timed[format].bareCpu)).toFixed(2)),
        peakRssMB: Number(Math.max(...timed[format].rss).toFixed(0)),
      };
    }),
  };
}
