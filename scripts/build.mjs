// Bundles the extension client, the language server and the CLI with esbuild: one file each.
import { build } from 'esbuild';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const production = process.argv.includes('--production');

const common = {
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
  // the client loads ./lsp (vscode-languageclient) only when it starts the server: two bundles
  { in: 'client/src/extension.ts', out: 'client/out/extension.js', external: ['vscode', './lsp'] },
  { in: 'client/src/lsp.ts', out: 'client/out/lsp.js', external: ['vscode'] },
];

const missing = entries.filter((e) => !existsSync(join(root, e.in)));
if (missing.length) {
  console.error(`build: missing entry points: ${missing.map((e) => e.in).join(', ')}`);
  process.exit(1);
}
await Promise.all(entries.map((e) => build({ ...common, entryPoints: [join(root, e.in)], outfile: join(root, e.out), external: e.external ?? [] })));
