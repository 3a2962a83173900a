/**
 * Everything that needs vscode-languageclient, bundled apart (client/out/lsp.js) and loaded only
 * when the language server starts, so that activation loads a small bundle.
 *
 * Diagnostics are pulled (`textDocument/diagnostic`). `podsec.run` decides when:
 * - `onType`: on open, on every change (the server debounces), and on save;
 * - `onSave`: on open and on save only. Changes do not trigger a pull, and a pull that arrives
 *   for an unsaved document anyway (e.g. when the server asks for a refresh after a settings
 *   change) keeps the diagnostics of the saved text instead of analysing the unsaved one.
 */
import * as vscode from 'vscode';
import {
  DiagnosticPullMode,
  LanguageClient,
  RevealOutputChannelOn,
  State,
  TransportKind,
  vsdiag,
  type LanguageClientOptions,
  type ServerOptions,
} from 'vscode-languageclient/node';
import { CONFIG_FILE_GLOB, LANGUAGE_IDS, SERVER_COMMANDS, type InitializationOptions } from '../../shared/protocol';
import { runMode } from './settings';

export { State };
export type { LanguageClient };

export const CLIENT_ID = 'podsec';
export const CLIENT_NAME = 'PodSec';

/**
 * A language client for the server module at `serverModule`. `saved` keeps, per document URI,
 * the diagnostics of its saved text (for `run: onSave`); the caller clears entries on close.
 */
export function createLanguageClient(
  serverModule: string,
  log: vscode.LogOutputChannel,
  saved: Map<string, vscode.Diagnostic[]>,
  showDocsCommand: string,
): LanguageClient {
  const serverOptions: ServerOptions = {
    run: { module: serverModule, transport: TransportKind.ipc },
    debug: { module: serverModule, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6009'] } },
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: LANGUAGE_IDS.flatMap((language) => [
      { scheme: 'file', language },
      { scheme: 'untitled', language },
    ]),
    outputChannel: log,
    revealOutputChannelOn: RevealOutputChannelOn.Never,
    // evaluated at every (re)start: the server narrows what it reads when this is false
    initializationOptions: (): InitializationOptions => ({ workspaceTrusted: vscode.workspace.isTrusted }),
    synchronize: {
      fileEvents: vscode.workspace.createFileSystemWatcher(CONFIG_FILE_GLOB),
    },
    diagnosticPullOptions: {
      onChange: true,
      onSave: true,
      // `true` filters the pull out: with run = onSave, typing does not trigger analysis
      filter: (document, mode) => mode === DiagnosticPullMode.onType && runMode(document) === 'onSave',
    },
    middleware: {
      // the server's "Show documentation for <rule>": VS Code shows the page as a Markdown preview instead
      executeCommand: (command, args, next) =>
        command === SERVER_COMMANDS.showRuleDocumentation ? vscode.commands.executeCommand(showDocsCommand, ...args) : next(command, args),
      provideDiagnostics: async (document, previousResultId, token, next) => {
        const uri = document instanceof vscode.Uri ? document : document.uri;
        const key = uri.toString();
        const doc = document instanceof vscode.Uri ? vscode.workspace.textDocuments.find((d) => d.uri.toString() === key) : document;
        const keepSaved = (): vsdiag.DocumentDiagnosticReport => ({ kind: vsdiag.DocumentDiagnosticReportKind.full, items: saved.get(key) ?? [] });
        if (doc && doc.isDirty && runMode(doc) === 'onSave') return keepSaved();
        const version = doc?.version;
        const report = await next(document, previousResultId, token);
        // the text changed while the server analysed it: the answer may describe unsaved text
        if (doc && doc.version !== version && doc.isDirty && runMode(doc) === 'onSave') return keepSaved();
        if (report && report.kind === vsdiag.DocumentDiagnosticReportKind.full) saved.set(key, report.items);
        return report;
      },
    },
  };
  return new LanguageClient(CLIENT_ID, CLIENT_NAME, serverOptions, clientOptions);
}
