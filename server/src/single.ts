#!/usr/bin/env node
/**
 * The single-file build, `podsec.cjs`: the `podsec` command and the language server in one file
 * that needs nothing but Node.js (for CI images without npm).
 *
 *   node podsec.cjs check examples/        the CLI, exactly as `podsec`
 *   node podsec.cjs lsp --stdio            the language server, as `podsec-language-server --stdio`
 *
 * Rule links in the editor point at the pages in a `docs/rules` folder next to the file when there
 * is one (the npm package's, say), else at the public pages. The file also runs as the CLI's
 * worker threads (cli/pool.ts starts them from `__filename`).
 */
import { cliMain } from './cli';
import { serveIfWorker } from './cli/pool';
import { languageServerMain } from './server';

if (!serveIfWorker()) {
  const [cmd, ...rest] = process.argv.slice(2);
  if (cmd === 'lsp') languageServerMain(rest, __dirname, 'node podsec.cjs lsp');
  else cliMain();
}
