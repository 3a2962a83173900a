// `npm run pack`: the release files besides the .vsix (`npm run package`), from production bundles.
//
//   dist/podsec-<version>.tgz   the npm package `podsec`: the `podsec` command and
//                               `podsec-language-server`, bundled, no dependencies, with the README,
//                               the licence and the rule pages (rule links open them offline)
//   dist/podsec.cjs             the single-file build: needs only `node` (`node podsec.cjs check ...`,
//                               `node podsec.cjs lsp --stdio`)
//
// Usage: node scripts/pack.mjs [--out <dir>]   (default: dist; test/package packs into a temp folder)
//
// The version comes from one place, the root package.json (which is also the .vsix manifest): the
// bundles get it through scripts/build.mjs (PODSEC_VERSION), the package's package.json from here.
import { spawnSync } from 'node:child_process';
import { chmodSync, copyFileSync, cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const outAt = process.argv.indexOf('--out');
const out = outAt > 0 && process.argv[outAt + 1] ? resolve(process.argv[outAt + 1]) : join(root, 'dist');

function die(message) {
  console.error(`pack: ${message}`);
  process.exit(1);
}

function run(cmd, args, opts = {}) {
  const r = spawnSync(cmd, args, { stdio: ['ignore', 'pipe', 'inherit'], encoding: 'utf8', cwd: root, ...opts });
  if (r.error) die(`${cmd}: ${r.error.message}`);
  if (r.status !== 0) die(`${[cmd, ...args].join(' ')} exited with ${r.status}`);
  return r.stdout;
}

/** The npm package's manifest: what the root says about the project, and nothing to install. */
function npmManifest(root) {
  return {
    name: root.name,
    version: root.version,
    description:
      'Kubernetes Pod Security Standards (every policy version) and DISA STIG checks for manifests: the podsec command line and language server, with fixes that keep your YAML intact. Offline, no dependencies.',
    keywords: [...root.keywords, 'cli', 'language-server', 'lsp'],
    homepage: root.homepage,
    bugs: root.bugs,
    repository: root.repository,
    license: root.license,
    type: 'commonjs',
    bin: {
      podsec: 'bin/podsec.js',
      'podsec-language-server': 'bin/podsec-language-server.js',
    },
    files: ['bin/', 'out/', 'docs/'],
    engines: { node: root.engines.node },
  };
}

const BIN_PODSEC = `#!/usr/bin/env node
'use strict';
// \`podsec\`: the bundled command line (out/cli.js, which also runs its worker threads).
require('../out/cli.js').cliMain();
`;

const BIN_SERVER = `#!/usr/bin/env node
'use strict';
// \`podsec-language-server --stdio\`: the bundled language server. Rule links open the pages in
// this package's docs/rules.
const path = require('node:path');
require('../out/server.js').languageServerMain(process.argv.slice(2), path.join(__dirname, '..'), 'podsec-language-server');
`;

const bundles = join(out, 'bundles');
const npmDir = join(out, 'npm');
const tarball = join(out, `${pkg.name}-${pkg.version}.tgz`);
const single = join(out, 'podsec.cjs');

// 1. production bundles (no source maps), outside the repository's own server/out
for (const p of [bundles, npmDir, tarball, single]) rmSync(p, { recursive: true, force: true });
mkdirSync(out, { recursive: true });
run(process.execPath, [join(root, 'scripts', 'build.mjs'), '--production', '--outdir', bundles], { stdio: 'inherit' });

// 2. the npm package's folder
const rulePages = existsSync(join(root, 'docs', 'rules')) ? readdirSync(join(root, 'docs', 'rules')).filter((f) => f.endsWith('.md')) : [];
if (!rulePages.length) die('docs/rules has no pages: run npm run docs');
mkdirSync(join(npmDir, 'bin'), { recursive: true });
mkdirSync(join(npmDir, 'out'), { recursive: true });
mkdirSync(join(npmDir, 'docs', 'rules'), { recursive: true });
writeFileSync(join(npmDir, 'package.json'), `${JSON.stringify(npmManifest(pkg), null, 2)}\n`);
copyFileSync(join(root, 'README.md'), join(npmDir, 'README.md'));
copyFileSync(join(root, 'LICENSE'), join(npmDir, 'LICENSE'));
writeFileSync(join(npmDir, 'bin', 'podsec.js'), BIN_PODSEC);
writeFileSync(join(npmDir, 'bin', 'podsec-language-server.js'), BIN_SERVER);
for (const f of ['bin/podsec.js', 'bin/podsec-language-server.js']) chmodSync(join(npmDir, f), 0o755);
for (const f of ['cli.js', 'server.js']) copyFileSync(join(bundles, 'server', 'out', f), join(npmDir, 'out', f));
// the rule pages link to the index and the compliance matrix next to them
for (const f of ['README.md', 'compliance.md']) copyFileSync(join(root, 'docs', f), join(npmDir, 'docs', f));
cpSync(join(root, 'docs', 'rules'), join(npmDir, 'docs', 'rules'), { recursive: true, filter: (src) => statSync(src).isDirectory() || src.endsWith('.md') });

// 3. npm pack (the package has no scripts; its .npmrc-free folder uses npm's defaults)
const packed = JSON.parse(run('npm', ['pack', '--json', '--ignore-scripts', '--pack-destination', out], { cwd: npmDir }));
const written = join(out, packed[0].filename);
if (written !== tarball) die(`npm pack wrote ${packed[0].filename}, expected ${relative(out, tarball)}`);

// 4. the single file
copyFileSync(join(bundles, 'server', 'out', 'podsec.cjs'), single);
chmodSync(single, 0o755);

const kib = (f) => `${(statSync(f).size / 1024).toFixed(0)} KiB`;
console.log(
  `pack: ${relative(process.cwd(), tarball)} (${kib(tarball)}, ${packed[0].entryCount} files, unpacked ${(packed[0].unpackedSize / 1024).toFixed(0)} KiB)`,
);
console.log(`pack: ${relative(process.cwd(), single)} (${kib(single)})`);
