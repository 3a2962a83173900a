/**
 * The layers of DEVELOPERS.md ("Layers") are enforced by the lint configuration
 * (eslint.config.mjs). `eslint .` in `npm test` shows the tree keeps to them; this shows the
 * configuration still refuses what each layer must not import, in a real file of that folder, so
 * a renamed folder or a narrowed glob cannot switch a layer's check off unnoticed.
 */
import * as assert from 'node:assert/strict';
import { ESLint } from 'eslint';
import * as fs from 'node:fs';
import * as path from 'node:path';

const ROOT = path.resolve(__dirname, '..', '..', '..', '..');

/** A file of the layer, the imports it may not add, and one it may. */
const LAYERS: { file: string; refused: string[]; allowed: string }[] = [
  {
    file: 'server/src/engine/analyze.ts',
    refused: ['vscode', 'vscode-languageserver/node', 'node:fs', 'path', 'fs/promises', '../lsp/server-context', './../cli/run', '../node/errors'],
    allowed: 'yaml',
  },
  { file: 'server/src/engine/rules/privileged.ts', refused: ['node:path', '../../lsp/diagnostics'], allowed: '../rule' },
  { file: 'server/src/config/keys.ts', refused: ['node:fs', 'vscode-languageserver', '../node/config-file'], allowed: '../engine/profiles' },
  { file: 'server/src/cli/run.ts', refused: ['../lsp/diagnostics'], allowed: '../node/config-resolver' },
  { file: 'server/src/lsp/diagnostics.ts', refused: ['../cli/format'], allowed: '../engine/types' },
  { file: 'client/src/extension.ts', refused: ['../../server/src/engine/rules', '../../server/src/lsp/server'], allowed: '../../shared/protocol' },
];

/** The rule ids a line of the given import draws in the given file. */
async function ruleIdsFor(eslint: ESLint, file: string, specifier: string): Promise<string[]> {
  const text = `import '${specifier}';\n` + fs.readFileSync(path.join(ROOT, file), 'utf8');
  const [result] = await eslint.lintText(text, { filePath: path.join(ROOT, file) });
  return result.messages.filter((m) => m.line === 1).map((m) => m.ruleId ?? `fatal: ${m.message}`);
}

describe('layers: the lint configuration refuses imports across them', function () {
  this.timeout(60_000);
  // type information is not needed for imports; without it the check takes a second, not ten
  const eslint = new ESLint({
    cwd: ROOT,
    overrideConfig: {
      files: ['**/*.ts'],
      languageOptions: { parserOptions: { projectService: false } },
      rules: { '@typescript-eslint/no-floating-promises': 'off', '@typescript-eslint/no-misused-promises': 'off' },
    },
  });

  for (const { file, refused, allowed } of LAYERS) {
    it(`${path.dirname(file)}: ${refused.join(', ')}`, async () => {
      for (const specifier of refused) assert.deepEqual(await ruleIdsFor(eslint, file, specifier), ['no-restricted-imports'], `${specifier} in ${file}`);
      assert.deepEqual(await ruleIdsFor(eslint, file, allowed), [], `${allowed} in ${file}`);
    });
  }

  it('server/src/engine uses no Node globals', async () => {
    const file = path.join(ROOT, 'server/src/engine/analyze.ts');
    const text = 'export const home = process.env.HOME;\n' + fs.readFileSync(file, 'utf8');
    const [result] = await eslint.lintText(text, { filePath: file });
    assert.deepEqual(
      result.messages.filter((m) => m.line === 1).map((m) => m.ruleId),
      ['no-restricted-globals'],
    );
  });
});
