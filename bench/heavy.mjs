// Findings-heavy streams: tens of thousands of small Pods, every one of them `privileged: true`,
// as a rendered umbrella chart or a cluster dump of a badly configured cluster looks. Each Pod
// draws several findings under the restricted profile, so the number of findings, not the size
// of the input, decides what the run costs: the inputs measure that podsec's output is streamed
// and that memory does not grow with the number of findings.
//
// Deterministic (a fixed seed, byte-identical on every machine); written into bench/corpus/
// (git-ignored) next to the other corpora:
//
//   node bench/heavy.mjs [dir]     writes heavy-10mb.yaml and heavy-50mb.yaml (if not up to date)
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Bump when the generator changes, so stale files on disk are rebuilt. */
export const HEAVY_VERSION = 1;

export const HEAVY_FILES = [
  { id: 'heavy-10mb', name: 'heavy-10mb.yaml', bytes: 10 * 1000 * 1000, seed: 10 },
  { id: 'heavy-50mb', name: 'heavy-50mb.yaml', bytes: 50 * 1000 * 1000, seed: 50 },
];

/** mulberry32, as corpus.mjs */
function rng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const TEAMS = ['payments', 'search', 'identity', 'ledger', 'catalog', 'checkout', 'platform', 'ingest'];
const APPS = ['api', 'worker', 'agent', 'proxy', 'cache', 'exporter'];

/** One privileged Pod of about 160 bytes; one in eight names its namespace. */
function pod(n, next) {
  const team = TEAMS[Math.floor(next() * TEAMS.length)];
  const app = APPS[Math.floor(next() * APPS.length)];
  return [
    'apiVersion: v1',
    'kind: Pod',
    'metadata:',
    `  name: ${app}-${n}`,
    ...(n % 8 === 0 ? [`  namespace: ${team}`] : []),
    'spec:',
    '  containers:',
    `  - name: ${app}`,
    `    image: ${app}:1.${n % 97}`,
    '    securityContext:',
    '      privileged: true',
  ].join('\n');
}

/** A stream of privileged Pods of at least `bytes` bytes (ASCII, so bytes = characters). */
export function heavyStream(bytes, seed) {
  const next = rng(seed);
  const parts = [];
  let size = 0;
  for (let n = 0; size < bytes; n++) {
    const doc = (n ? '---\n' : '') + pod(n, next) + '\n';
    parts.push(doc);
    size += doc.length;
  }
  return parts.join('');
}

/** Write the heavy inputs into `dir` unless up to date; returns their descriptions. */
export function ensureHeavy(dir) {
  mkdirSync(dir, { recursive: true });
  const stamp = join(dir, 'HEAVY_VERSION');
  const fresh = existsSync(stamp) && readFileSync(stamp, 'utf8').trim() === String(HEAVY_VERSION);
  for (const f of HEAVY_FILES) {
    const path = join(dir, f.name);
    if (!fresh || !existsSync(path)) writeFileSync(path, heavyStream(f.bytes, f.seed));
  }
  writeFileSync(stamp, `${HEAVY_VERSION}\n`);
  return HEAVY_FILES.map((f) => {
    const path = join(dir, f.name);
    const text = readFileSync(path, 'utf8');
    let lines = 0;
    for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) lines++;
    let documents = 1;
    for (let i = text.indexOf('\n---\n'); i !== -1; i = text.indexOf('\n---\n', i + 1)) documents++;
    return { id: f.id, path, files: [path], bytes: statSync(path).size, lines, documents };
  });
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const dir = process.argv[2] ?? join(fileURLToPath(new URL('.', import.meta.url)), 'corpus');
  for (const i of ensureHeavy(dir)) console.log(`${i.path}: ${(i.bytes / 1e6).toFixed(1)} MB, ${i.lines} lines, ${i.documents} documents`);
}
