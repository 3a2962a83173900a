// Preloaded (`node --require`) into a measured process: at exit, writes the process's peak
// resident set size (KiB) and CPU time (microseconds, user + system), both for all threads
// (workers included), to $PODSEC_BENCH_RSS_FILE as JSON.
const { isMainThread } = require('node:worker_threads');
const { writeFileSync } = require('node:fs');

const file = process.env.PODSEC_BENCH_RSS_FILE;
if (file && isMainThread) {
  process.on('exit', () => {
    try {
      const u = process.resourceUsage();
      writeFileSync(file, JSON.stringify({ maxRSS: u.maxRSS, cpu: u.userCPUTime + u.systemCPUTime }));
    } catch {
      // the benchmark reports the figure as missing
    }
  });
}
