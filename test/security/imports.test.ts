/**
 * No network access, no child processes and no code from strings, proven on the bundles that
 * ship (server/out/server.js, server/out/cli.js, and server/out/podsec.cjs, the single-file build
 * holding both):
 * - the modules that go into each bundle are listed by esbuild (a metafile of the same entry
 *   points the build uses), with every Node built-in each one imports. `http`, `https`,
 *   `http2`, `tls`, `dgram`, `dns`, `cluster`, `vm` and `inspector` appear nowhere. `net` and
 *   `child_process` appear only where vscode-languageserver puts them, which is exactly
 *   (and only) this:
 *     net            vscode-jsonrpc/lib/node/main.js   the socket and named-pipe transports
 *     child_process  vscode-languageserver/lib/node/files.js   `Files.resolve*`, module lookup
 *                    helpers for servers that load node modules; podsec calls none of them
 *   The CLI imports neither.
 * - the shipped bundles require the same built-ins as that listing, so the listing describes
 *   them;
 * - neither bundle, nor podsec's own source, evaluates strings as code (`eval`, `new Function`,
 *   string timers) or loads modules by computed names.
 * The runtime test (runtime.test.ts) shows the same with the APIs themselves booby-trapped.
 */
import * as assert from 'node:assert/strict';
import { build } from 'esbuild';
import * as fs from 'node:fs';
import { builtinModules, createRequire } from 'node:module';
import * as path from 'node:path';

const ROOT = path.resolve(__dirname, '..', '..', '..', '..');
const BUILTINS = new Set(builtinModules.filter((m) => !m.startsWith('_')).map((m) => m.replace(/^node:/, '')));

/** Built-ins a bundle may never import, whoever asks. */
const NEVER = ['http', 'https', 'http2', 'tls', 'dgram', 'dns', 'cluster', 'vm', 'inspector'];

/** The only importers of `net` and `child_process`, per bundle. */
const ALLOWED: Record<string, Record<string, string[]>> = {
  'server/out/server.js': {
    net: ['node_modules/vscode-jsonrpc/lib/node/main.js'],
    child_process: ['node_modules/vscode-languageserver/lib/node/files.js'],
  },
  'server/out/cli.js': {},
  'server/out/podsec.cjs': {
    net: ['node_modules/vscode-jsonrpc/lib/node/main.js'],
    child_process: ['node_modules/vscode-languageserver/lib/node/files.js'],
  },
};

/** Entry points of the bundles, as scripts/build.mjs lists them. */
function entries(): { in: string; out: string }[] {
  const script = fs.readFileSync(path.join(ROOT, 'scripts', 'build.mjs'), 'utf8');
  return [...script.matchAll(/\{\s*in:\s*'([^']+)',\s*out:\s*'([^']+)'/g)].map((m) => ({ in: m[1], out: m[2] })).filter((e) => e.out in ALLOWED);
}

/** Built-in -> importing modules, for one entry point, from esbuild's metafile. */
async function builtinImports(entry: string): Promise<Map<string, Set<string>>> {
  // the same module resolution as scripts/build.mjs (the `yaml` package's ES module build)
  const yamlEsm = path.join(path.dirname(createRequire(path.join(ROOT, 'server', 'package.json')).resolve('yaml/package.json')), 'browser', 'dist', 'index.js');
  const res = await build({
    absWorkingDir: ROOT,
    entryPoints: [path.join(ROOT, entry)],
    alias: { yaml: yamlEsm },
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    write: false,
    metafile: true,
    outfile: path.join(ROOT, 'server', 'out', 'metafile-check.js'),
    logLevel: 'silent',
  });
  const out = new Map<string, Set<string>>();
  for (const [file, info] of Object.entries(res.metafile!.inputs)) {
    for (const imp of info.imports) {
      const name = imp.path.replace(/^node:/, '').split('/')[0];
      if (!imp.external || !BUILTINS.has(name)) continue;
      if (!out.has(name)) out.set(name, new Set());
      out.get(name)!.add(file);
    }
  }
  return out;
}

/** Built-ins the shipped bundle requires. */
function requiredByBundle(text: string): Set<string> {
  const out = new Set<string>();
  for (const m of text.matchAll(/\brequire\(\s*["']([^"']+)["']\s*\)/g)) {
    const name = m[1].replace(/^node:/, '').split('/')[0];
    if (BUILTINS.has(name)) out.add(name);
  }
  return out;
}

function sourceFiles(dir: string, out: string[] = []): string[] {
  for (const ent of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, ent.name);
    if (ent.isDirectory()) sourceFiles(p, out);
    else if (p.endsWith('.ts')) out.push(p);
  }
  return out;
}

describe('security: what the shipped bundles import', function () {
  this.timeout(60_000);

  it('the build lists the server, the CLI and the single file', () => {
    assert.deepEqual(
      entries()
        .map((e) => e.out)
        .sort(),
      Object.keys(ALLOWED).sort(),
    );
  });

  for (const { in: entry, out } of entries()) {
    describe(out, () => {
      let imports: Map<string, Set<string>>;
      before(async () => {
        imports = await builtinImports(entry);
      });

      it('imports no network client or server, no code evaluation module, and net / child_process only where the LSP library does', () => {
        for (const name of NEVER) assert.equal(imports.get(name), undefined, `${name} imported by ${[...(imports.get(name) ?? [])].join(', ')}`);
        for (const name of ['net', 'child_process']) {
          assert.deepEqual([...(imports.get(name) ?? [])].sort(), (ALLOWED[out][name] ?? []).sort(), `importers of ${name}`);
        }
      });

      it('the shipped file requires exactly the built-ins of that listing', function () {
        const file = path.join(ROOT, out);
        if (!fs.existsSync(file)) assert.fail(`${out} is missing: run "npm run build" first`);
        assert.deepEqual([...requiredByBundle(fs.readFileSync(file, 'utf8'))].sort(), [...imports.keys()].sort());
      });

      it('evaluates no strings as code and loads no module by a computed name', () => {
        const text = fs.readFileSync(path.join(ROOT, out), 'utf8');
        assert.deepEqual(text.match(/\beval\s*\(|\bnew\s+Function\s*\(|\bFunction\s*\(\s*["'`]/g), null);
        assert.deepEqual(text.match(/\bset(Timeout|Interval|Immediate)\(\s*["'`]/g), null, 'timers given strings');
        assert.deepEqual(
          [...text.matchAll(/\brequire\(\s*([^"'\s)][^)]*)\)/g)].map((m) => m[0]),
          [],
          'requires of computed names',
        );
      });
    });
  }

  it("podsec's own source never evaluates strings, never loads modules by computed names, never imports network or process modules", () => {
    const bad: string[] = [];
    for (const file of sourceFiles(path.join(ROOT, 'server', 'src'))) {
      const text = fs.readFileSync(file, 'utf8');
      const rel = path.relative(ROOT, file);
      if (/\beval\s*\(|\bnew\s+Function\s*\(/.test(text)) bad.push(`${rel}: evaluates a string`);
      if (/\bimport\s*\(|\brequire\s*\(\s*[^'"\s)]/.test(text.replace(/\/\/.*$|\/\*[\s\S]*?\*\//gm, ''))) bad.push(`${rel}: loads a module by a computed name`);
      for (const m of text.matchAll(/from\s+['"](?:node:)?([a-z_0-9]+)['"]/g)) {
        if ([...NEVER, 'net', 'child_process'].includes(m[1])) bad.push(`${rel}: imports ${m[1]}`);
      }
    }
    assert.deepEqual(bad, []);
  });
});
