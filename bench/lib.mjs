// Shared helpers of the benchmark: statistics, timed child processes, machine facts.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, openSync, readFileSync, rmSync, closeSync } from 'node:fs';
import { cpus, loadavg, platform, release, tmpdir, totalmem } from 'node:os';
import { dirname, join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
export const BENCH = join(ROOT, 'bench');

export function median(xs) {
  return quantile(xs, 0.5);
}

/** Quantile with linear interpolation between closest ranks. */
export function quantile(xs, q) {
  if (!xs.length) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  const pos = (s.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return s[lo] + (s[hi] - s[lo]) * (pos - lo);
}

/** Median, spread and count of a sample, rounded for the report. */
export function summary(xs, digits = 1) {
  const r = (x) => Number(x.toFixed(digits));
  return { median: r(median(xs)), p95: r(quantile(xs, 0.95)), min: r(Math.min(...xs)), max: r(Math.max(...xs)), n: xs.length };
}

/**
 * Run a command to completion and time it from spawn to exit. stdout goes to /dev/null unless
 * captured. `rss: true` preloads a probe that reports the process's peak RSS and CPU time (all
 * threads).
 */
export function timedRun(cmd, args, { capture = false, rss = false, env = {}, cwd = ROOT, timeoutMs = 600_000 } = {}) {
  return new Promise((resolve, reject) => {
    let rssFile;
    let tmp;
    const nodeArgs = [...args];
    if (rss) {
      tmp = mkdtempSync(join(tmpdir(), 'podsec-bench-'));
      rssFile = join(tmp, 'rss');
      nodeArgs.unshift('--require', join(BENCH, 'rss-probe.cjs'));
    }
    const devnull = capture ? 'pipe' : openSync('/dev/null', 'w');
    const t0 = performance.now();
    const child = spawn(cmd, nodeArgs, {
      cwd,
      env: { ...process.env, ...env, ...(rssFile ? { PODSEC_BENCH_RSS_FILE: rssFile } : {}) },
      stdio: ['ignore', devnull, 'pipe'],
    });
    let out = '';
    let err = '';
    if (capture) child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (err += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      const ms = performance.now() - t0;
      clearTimeout(timer);
      if (typeof devnull === 'number') closeSync(devnull);
      let peakRssMB;
      let cpuMs;
      if (rssFile && existsSync(rssFile)) {
        const u = JSON.parse(readFileSync(rssFile, 'utf8'));
        peakRssMB = u.maxRSS / 1024;
        cpuMs = u.cpu / 1000;
      }
      if (tmp) rmSync(tmp, { recursive: true, force: true });
      resolve({ ms, code, signal, stdout: out, stderr: err, peakRssMB, cpuMs });
    });
  });
}

/** Facts about the machine, so that figures can be read in context. */
export function machine() {
  const c = cpus();
  return {
    cpu: c[0]?.model?.trim() ?? 'unknown',
    cores: c.length,
    memoryGB: Number((totalmem() / 2 ** 30).toFixed(1)),
    os: `${platform()} ${release()}`,
    node: process.version,
  };
}

export function load() {
  return loadavg().map((x) => Number(x.toFixed(2)));
}

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Print progress to stderr (stdout carries the table). */
export function log(...args) {
  process.stderr.write(args.join(' ') + '\n');
}
