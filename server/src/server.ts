/**
 * podsec language server entry point.
 *
 *   node server/out/server.js --stdio          any LSP client over standard input/output
 *   node server/out/server.js --node-ipc       VS Code (the transport comes from the arguments)
 */
import * as path from 'node:path';
import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { startServer } from './lsp/server';

declare const PODSEC_VERSION: string;
const VERSION = typeof PODSEC_VERSION === 'string' ? PODSEC_VERSION : '0.0.0-dev';

const args = process.argv.slice(2);
const TRANSPORTS = ['--stdio', '--node-ipc', '--socket', '--pipe', '--clientProcessId'];

if (args.includes('--version')) {
  process.stdout.write(`${VERSION}\n`);
} else if (args.includes('--help') || !args.some((a) => TRANSPORTS.some((t) => a === t || a.startsWith(`${t}=`)))) {
  process.stderr.write(`podsec language server ${VERSION}

Usage: node server.js --stdio        (or --node-ipc, --socket=<port>, --pipe=<name>)

Start it from an editor's LSP client; see the README section
"Using the language server from Neovim and other editors".
`);
  process.exitCode = args.includes('--help') ? 0 : 2;
} else {
  const connection = createConnection(ProposedFeatures.all);
  // the server outlives bugs: an exception that escapes a handler is logged, not fatal
  process.on('uncaughtException', (e) => connection.console.error(`podsec: unexpected error: ${e?.stack ?? String(e)}`));
  process.on('unhandledRejection', (e) => connection.console.error(`podsec: unexpected error: ${(e as Error)?.stack ?? String(e)}`));
  // bundled as server/out/server.js: the package root (with docs/rules) is two folders up
  startServer(connection, { packageRoot: path.resolve(__dirname, '..', '..') });
  connection.listen();
}
