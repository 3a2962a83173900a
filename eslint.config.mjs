// Lint configuration: ESLint's recommended rules and typescript-eslint's, for all TypeScript,
// and the layers of DEVELOPERS.md ("Layers"), enforced with no-restricted-imports.
import js from '@eslint/js';
import { builtinModules } from 'node:module';
import tseslint from 'typescript-eslint';

/** Node's built-in modules, with or without `node:`, and their subpaths (`fs/promises`). */
const NODE_BUILTINS = `^(node:.*|(${builtinModules.filter((m) => !m.startsWith('_')).join('|')})(/.*)?)$`;

/** An import pattern (a regular expression on the module specifier) and why it is refused. */
const refuse = (regex, message) => ({ regex, message });
/** A relative import of the sibling folder `name` of server/src (`../lsp`, `../../lsp/x`, ...). */
const sibling = (name) => `^(\\./)?(\\.\\./)+${name}(/|$)`;

const EDITOR = refuse('^vscode', 'The engine knows no editor and no protocol: vscode and vscode-languageserver belong to client/ and server/src/lsp.');
const NODE = refuse(NODE_BUILTINS, 'The engine and the configuration are pure: code that needs Node goes to server/src/node.');
const FRONT_ENDS = refuse(
  sibling('(lsp|cli|node)'),
  'The engine and the configuration are used by the front ends (lsp, cli) and server/src/node, never the other way.',
);

/** Node's own globals, which pure code does not use either. */
const NODE_GLOBALS = ['process', 'Buffer', 'require', 'module', '__dirname', '__filename', 'global', 'setImmediate'].map((name) => ({
  name,
  message: 'The engine and the configuration are pure: code that needs Node goes to server/src/node.',
}));

/**
 * The TypeScript linted with type information, each file through its folder's tsconfig.json:
 * the sources and the tests (an unawaited assertion is a test that cannot fail).
 * scripts/gen-docs-lib.ts belongs to no tsconfig and is linted without types.
 */
const TYPED = ['server/src/**/*.ts', 'client/src/**/*.ts', 'shared/**/*.ts', 'test/**/*.ts'];

/** The layers: which folder may not import what (DEVELOPERS.md, "Layers"). */
const LAYERS = [
  { files: ['server/src/engine/**/*.ts', 'server/src/config/**/*.ts'], patterns: [EDITOR, NODE, FRONT_ENDS], globals: NODE_GLOBALS },
  {
    files: ['server/src/cli/**/*.ts'],
    patterns: [refuse(sibling('lsp'), 'The CLI does not use the language server: shared code goes to engine/, config/ or node/.')],
  },
  {
    files: ['server/src/lsp/**/*.ts'],
    patterns: [refuse(sibling('cli'), 'The language server does not use the CLI: shared code goes to engine/, config/ or node/.')],
  },
  {
    files: ['client/**/*.ts'],
    patterns: [refuse('(^|/)server(/|$)', 'The client holds no rule logic: it talks to the server through the protocol in shared/ only.')],
  },
].map(({ files, patterns, globals = [] }) => ({
  files,
  rules: { 'no-restricted-imports': ['error', { patterns }], 'no-restricted-globals': ['error', ...globals] },
}));

export default tseslint.config(
  { ignores: ['**/node_modules/**', '**/build/**', '**/out/**', 'dist/**', 'bench/corpus/**', 'test/fixtures/**', 'test-results/**', '.vscode-test/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-non-null-assertion': 'off',
      'no-constant-condition': ['error', { checkLoops: false }],
    },
  },
  {
    files: ['**/*.js', '**/*.mjs', '**/*.cjs'],
    languageOptions: {
      globals: {
        require: 'readonly',
        module: 'writable',
        process: 'readonly',
        console: 'readonly',
        __dirname: 'readonly',
        Buffer: 'readonly',
        setTimeout: 'readonly',
        clearTimeout: 'readonly',
        URL: 'readonly',
      },
    },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  ...LAYERS,
  {
    // type-aware rules: a promise nobody awaits or handles loses its errors
    files: TYPED,
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
    },
  },
);
