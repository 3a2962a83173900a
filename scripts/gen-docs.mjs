// Generates the rule pages, the compliance matrix and the docs index from rule metadata and the
// examples in docs/examples (see scripts/gen-docs-lib.ts).
// Usage: node scripts/gen-docs.mjs            write docs/
//        node scripts/gen-docs.mjs --check    exit 1 if docs/ differs from what would be written
import { build } from 'esbuild';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const check = process.argv.includes('--check');

// The generator is TypeScript that imports the engine: bundle it, then load the bundle.
const tmp = mkdtempSync(join(tmpdir(), 'podsec-docs-'));
const bundle = join(tmp, 'gen-docs-lib.cjs');
try {
  await build({
    entryPoints: [join(root, 'scripts', 'gen-docs-lib.ts')],
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    outfile: bundle,
    logLevel: 'warning',
  });
  const lib = createRequire(import.meta.url)(bundle);
  const files = lib.generateDocs(root);
  const stale = lib.stalePages(root);
  const changed = files.filter((f) => {
    const p = join(root, f.path);
    return !existsSync(p) || readFileSync(p, 'utf8') !== f.content;
  });
  if (check) {
    for (const f of changed) console.error(`out of date: ${f.path}`);
    for (const s of stale) console.error(`no rule for: ${s}`);
    if (changed.length || stale.length) {
      console.error('run "npm run docs" and commit the result');
      process.exitCode = 1;
    } else console.log(`docs are up to date (${files.length} files)`);
  } else {
    for (const f of changed) {
      mkdirSync(dirname(join(root, f.path)), { recursive: true });
      writeFileSync(join(root, f.path), f.content);
    }
    for (const s of stale) unlinkSync(join(root, s));
    console.log(`docs: ${changed.length} of ${files.length} files written${stale.length ? `, ${stale.length} stale removed` : ''}`);
  }
} finally {
  rmSync(tmp, { recursive: true, force: true });
}
