// Writes schemas/podsec-config.schema.json, and the `contributes.configuration` section and the
// untrusted-workspace `restrictedConfigurations` of the root package.json, from the configuration
// key specs and rule metadata (server/src/config/schema.ts).
// Usage: node schemas/generate.mjs            write both
//        node schemas/generate.mjs --check    exit 1 if either differs from what would be written
import { build } from 'esbuild';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const check = process.argv.includes('--check');
const schemaPath = join(root, 'schemas', 'podsec-config.schema.json');
const pkgPath = join(root, 'package.json');

const tmp = mkdtempSync(join(tmpdir(), 'podsec-schema-'));
try {
  const bundle = join(tmp, 'config-schema.cjs');
  await build({ entryPoints: [join(root, 'server', 'src', 'config', 'schema.ts')], bundle: true, platform: 'node', format: 'cjs', target: 'node20', outfile: bundle, logLevel: 'warning' });
  const lib = createRequire(import.meta.url)(bundle);
  const schema = JSON.stringify(lib.configJsonSchema(), null, 2) + '\n';
  const pkgText = readFileSync(pkgPath, 'utf8');
  const pkg = JSON.parse(pkgText);
  const contributes = {};
  const configuration = lib.vscodeConfiguration();
  // keep the manifest's key order; a new section goes first
  if (!('configuration' in (pkg.contributes ?? {}))) contributes.configuration = configuration;
  for (const [k, v] of Object.entries(pkg.contributes ?? {})) contributes[k] = k === 'configuration' ? configuration : v;
  pkg.contributes = contributes;
  if (pkg.capabilities?.untrustedWorkspaces) pkg.capabilities.untrustedWorkspaces.restrictedConfigurations = lib.restrictedConfigurations();
  const newPkg = JSON.stringify(pkg, null, 2) + '\n';
  let current = '';
  try {
    current = readFileSync(schemaPath, 'utf8');
  } catch {
    /* not written yet */
  }
  const stale = [current !== schema && 'schemas/podsec-config.schema.json', newPkg !== pkgText && 'package.json (contributes.configuration, restrictedConfigurations)'].filter(Boolean);
  if (check) {
    for (const s of stale) console.error(`out of date: ${s}`);
    if (stale.length) {
      console.error('run "node schemas/generate.mjs" and commit the result');
      process.exitCode = 1;
    } else console.log('configuration schema and settings are up to date');
  } else {
    if (current !== schema) writeFileSync(schemaPath, schema);
    if (newPkg !== pkgText) writeFileSync(pkgPath, newPkg);
    console.log(stale.length ? `written: ${stale.join(', ')}` : 'configuration schema and settings are up to date');
  }
} finally {
  rmSync(tmp, { recursive: true, force: true });
}
