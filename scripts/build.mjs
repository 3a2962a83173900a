// Bundles the extension client, the language server and the CLI with esbuild: one file each, and
// the single-file build (podsec.cjs: the CLI, and the language server with `lsp`).
//   node scripts/build.mjs [--production] [--outdir <dir>]   (--outdir: write the bundles under
//   <dir> instead of the repository, at the same relative paths; scripts/pack.mjs uses it)
import { build } from 'esbuild';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const production = process.argv.includes('--production');
const outdirAt = process.argv.indexOf('--outdir');
const outRoot = outdirAt > 0 && process.argv[outdirAt + 1] ? resolve(process.argv[outdirAt + 1]) : root;

// Performance: bundle the `yaml` package's ES module build. Scope-hoisted, its functions are
// called directly; its CommonJS build is reached through an export getter on every call (such as
// each isScalar/isMap test), which costs about 15% of the analysis (see the README, Performance).
// The two builds are the same code (the ES one logs warnings with console.warn).
const yamlEsm = join(dirname(createRequire(join(root, 'server', 'package.json')).resolve('yaml/package.json')), 'browser', 'dist', 'index.js');

const common = {
  alias: { yaml: yamlEsm },
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  sourcemap: production ? false : 'linked',
  minify: production,
  logLevel: 'warning',
  define: { PODSEC_VERSION: JSON.stringify(pkg.version) },
};

const entries = [
  { in: 'server/src/cli.ts', out: 'server/out/cli.js' },
  { in: 'server/src/server.ts', out: 'server/out/server.js' },
  { in: 'server/src/single.ts', out: 'server/out/podsec.cjs', define: { PODSEC_SINGLE_FILE: 'true' } },
  // the client loads ./lsp (vscode-languageclient) only when it starts the server: two bundles
  { in: 'client/src/extension.ts', out: 'client/out/extension.js', external: ['vscode', './lsp'] },
  { in: 'client/src/lsp.ts', out: 'client/out/lsp.js', external: ['vscode'] },
];

const missing = entries.filter((e) => !existsSync(join(root, e.in)));
if (missing.length) {
  console.error(`build: missing entry points: ${missing.map((e) => e.in).join(', ')}`);
  process.exit(1);
}
await Promise.all(
  entries.map((e) =>
    build({ ...common, define: { ...common.define, ...e.define }, entryPoints: [join(root, e.in)], outfile: join(outRoot, e.out), external: e.external ?? [] }),
  ),
);
