/**
 * Preloaded into the language server by server.test.ts (with --expose-gc): on SIGUSR2 it runs a
 * full garbage collection and writes `process.memoryUsage()` to $PODSEC_MEMPROBE.
 */
import fs from 'node:fs';

const out = process.env.PODSEC_MEMPROBE;
const gc = (globalThis as { gc?: () => void }).gc;

process.on('SIGUSR2', () => {
  if (!out || !gc) return;
  // twice: the first pass can leave objects that only the second frees (weak references)
  gc();
  gc();
  fs.writeFileSync(out, JSON.stringify(process.memoryUsage()));
});
