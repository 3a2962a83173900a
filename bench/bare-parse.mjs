// The baseline every figure is compared with: read the same input and call the `yaml`
// package's parseAllDocuments on each file, single-threaded, and nothing else.
//
//   node bench/bare-parse.mjs <file|dir>...        prints {"files", "bytes", "parseMs"} as JSON
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { extname, join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseAllDocuments } from 'yaml';

function expand(p, out) {
  if (statSync(p).isDirectory()) {
    for (const name of readdirSync(p).sort()) expand(join(p, name), out);
  } else if (['.yaml', '.yml'].includes(extname(p))) out.push(p);
  return out;
}

const files = process.argv.slice(2).flatMap((p) => expand(p, []));
let bytes = 0;
let docs = 0;
let parseMs = 0;
for (const f of files) {
  const buf = readFileSync(f);
  bytes += buf.length;
  let text = buf.toString('utf8');
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  const t = performance.now();
  const parsed = parseAllDocuments(text);
  parseMs += performance.now() - t;
  docs += Array.isArray(parsed) ? parsed.length : 0;
}
process.stdout.write(JSON.stringify({ files: files.length, bytes, documents: docs, parseMs }) + '\n');
