/**
 * podsec language server entry point.
 *
 *   node server/out/server.js --stdio          any LSP client over standard input/output
 *   node server/out/server.js --node-ipc       VS Code (the transport comes from the arguments)
 *   podsec-language-server --stdio             the npm package's binary (scripts/pack.mjs)
 *   node podsec.cjs lsp --stdio                the single-file build (single.ts)
 */
import * as path from 'node:path';
import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { startServer } from './lsp/server';
import { errorText } from './node/errors';

declare const PODSEC_VERSION: string;
const VERSION = typeof PODSEC_VERSION === 'string' ? PODSEC_VERSION : '0.0.0-dev';
/** true in the single-file build, whose own entry decides what runs */
declare const PODSEC_SINGLE_FILE: boolean;

const TRANSPORTS = ['--stdio', '--node-ipc', '--socket', '--pipe', '--clientProcessId'];

/**
 * Run the language server with these arguments. `packageRoot` is the folder holding
 * `docs/rules` (rule links point at the pages there when they exist, else at the public pages);
 * `usage` is how the user started it, for the help text.
 */
export function languageServerMain(args: string[], packageRoot: string, usage: string): void {
  if (args.includes('--version')) {
    process.stdout.write(`${VERSION}\n`);
    return;
  }
  if (args.includes('--help') || !args.some((a) => TRANSPORTS.some((t) => a === t || a.startsWith(`${t}=`)))) {
    process.stderr.write(`podsec language server ${VERSION}

Usage: ${usage} --stdio        (or --node-ipc, --socket=<port>, --pipe=<name>)

Start it from an editor's LSP client; see the README section
"Using the language server from Neovim and other editors".
`);
    process.exitCode = args.includes('--help') ? 0 : 2;
    return;
  }
  // the transport options are read from process.argv
  const connection = createConnection(ProposedFeatures.all);
  // the server outlives bugs: an exception that escapes a handler is logged, not fatal
  process.on('uncaughtException', (e) => connection.console.error(`podsec: unexpected error: ${errorText(e, 'stack')}`));
  process.on('unhandledRejection', (e) => connection.console.error(`podsec: unexpected error: ${errorText(e, 'stack')}`));
  startServer(connection, { packageRoot });
  connection.listen();
}

const singleFile = typeof PODSEC_SINGLE_FILE === 'boolean' && PODSEC_SINGLE_FILE;
// bundled as server/out/server.js: the package root (with docs/rules) is two folders up
if (!singleFile && require.main === module) languageServerMain(process.argv.slice(2), path.resolve(__dirname, '..', '..'), 'node server.js');
