// Preloaded (`node --require`) into a measured process: at exit, writes the process's peak
// resident set size in KiB (all threads, workers included) to $PODSEC_BENCH_RSS_FILE.
const { isMainThread } = require('node:worker_threads');
const { writeFileSync } = require('node:fs');

const file = process.env.PODSEC_BENCH_RSS_FILE;
if (file && isMainThread) {
  process.on('exit', () => {
    try {
      writeFileSync(file, String(process.resourceUsage().maxRSS));
    } catch {
      // the benchmark reports the figure as missing
    }
  });
}
