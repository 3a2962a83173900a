// `npm run package`: production bundles, then podsec-<version>.vsix with @vscode/vsce.
//
// vsce requires Node >= 22 while the project builds on Node 20, so vsce (a devDependency) runs
// under another Node binary, the first of:
//   1. this Node, if it is >= 22;
//   2. $PODSEC_VSCE_NODE (a path to a node binary);
//   3. the Node 24 the e2e tools install ($E2E_TOOLS/node24, see test/e2e/install-tools.sh);
//   4. a Node 24 from the npm registry's `node` package, installed once into a cache folder
//      outside the project ($PODSEC_TOOLS_CACHE, default ~/.cache/podsec-tools).
// The binary never lands in node_modules/.bin, where npm scripts would put it first on PATH.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

export const NODE24_VERSION = '24.21.0';
const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const out = join(root, `${pkg.name}-${pkg.version}.vsix`);

function die(message) {
  console.error(`package: ${message}`);
  process.exit(1);
}

function run(cmd, args, opts = {}) {
  const r = spawnSync(cmd, args, { stdio: 'inherit', cwd: root, ...opts });
  if (r.error) die(`${cmd}: ${r.error.message}`);
  if (r.status !== 0) die(`${[cmd, ...args].join(' ')} exited with ${r.status}`);
}

function nodeMajor(bin) {
  const r = spawnSync(bin, ['-p', 'process.versions.node'], { encoding: 'utf8' });
  return r.status === 0 ? Number(r.stdout.trim().split('.')[0]) : 0;
}

function findNode22() {
  if (Number(process.versions.node.split('.')[0]) >= 22) return process.execPath;
  const tools = process.env.E2E_TOOLS || '/tmp/e2e-tools';
  const cache = process.env.PODSEC_TOOLS_CACHE || join(homedir(), '.cache', 'podsec-tools');
  const candidates = [
    process.env.PODSEC_VSCE_NODE,
    join(tools, 'node24', 'node_modules', 'node', 'bin', 'node'),
    join(cache, 'node24', 'node_modules', 'node', 'bin', 'node'),
  ];
  for (const c of candidates) if (c && existsSync(c) && nodeMajor(c) >= 22) return c;
  const dir = join(cache, 'node24');
  console.log(`package: vsce needs Node >= 22; installing node@${NODE24_VERSION} from the npm registry into ${dir}`);
  run('npm', ['install', '--prefix', dir, '--no-audit', '--no-fund', '--no-save', '--loglevel=error', `node@${NODE24_VERSION}`]);
  const bin = join(dir, 'node_modules', 'node', 'bin', 'node');
  if (!existsSync(bin) || nodeMajor(bin) < 22) die(`no usable Node >= 22 at ${bin}`);
  return bin;
}

// 1. production bundles, from a clean slate (no stale source maps)
for (const d of ['client/out', 'server/out']) rmSync(join(root, d), { recursive: true, force: true });
run(process.execPath, [join(root, 'scripts', 'build.mjs'), '--production']);

// 2. what the package must hold
const required = [
  'client/out/extension.js',
  'client/out/lsp.js',
  'server/out/server.js',
  'schemas/podsec-config.schema.json',
  'images/icon.png',
  'LICENSE',
  'README.md',
];
const missing = required.filter((f) => !existsSync(join(root, f)));
if (missing.length) die(`missing: ${missing.join(', ')}`);
const rulePages = existsSync(join(root, 'docs', 'rules')) ? readdirSync(join(root, 'docs', 'rules')).filter((f) => f.endsWith('.md')) : [];
if (!rulePages.length) console.warn('package: warning: docs/rules has no pages; "Show Rule Documentation" will say so');

// 3. vsce, under Node >= 22
const node = findNode22();
const vsce = join(root, 'node_modules', '@vscode', 'vsce', 'vsce');
if (!existsSync(vsce)) die('@vscode/vsce is not installed: run npm ci');
rmSync(out, { force: true });
run(node, [vsce, 'package', '--no-dependencies', '--out', out]);
const size = statSync(out).size;
console.log(
  `package: ${relative(process.cwd(), out)} (${(size / 1024).toFixed(0)} KiB, vsce run with Node ${spawnSync(node, ['-v'], { encoding: 'utf8' }).stdout.trim()})`,
);
