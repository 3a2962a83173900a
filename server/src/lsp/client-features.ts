/**
 * What the client can do, read once from its capabilities at `initialize` (every other module
 * reads these flags; none keeps its own), and what the server announces in return.
 */
import { CodeActionKind, TextDocumentSyncKind, type ClientCapabilities, type ServerCapabilities } from 'vscode-languageserver/node';
import { EFFECTIVE_CONFIGURATION_CAPABILITY, FIX_ALL_KIND } from '../../../shared/protocol';

export interface ClientFeatures {
  /** pulls diagnostics (`textDocument/diagnostic`); otherwise the server pushes them */
  readonly pull: boolean;
  /** answers `workspace/configuration`; otherwise settings come with didChangeConfiguration */
  readonly configurationPull: boolean;
  /** can be asked to pull diagnostics again (`workspace/diagnostic/refresh`) */
  readonly refreshSupport: boolean;
  /** takes versioned `documentChanges` in workspace edits */
  readonly documentChanges: boolean;
  /** can open a document and select a range (`window/showDocument`) */
  readonly showDocument: boolean;
  /** lets the server register for configuration changes */
  readonly dynamicConfiguration: boolean;
  /** lets the server register file watchers */
  readonly dynamicWatch: boolean;
  /** tells the server when workspace folders change */
  readonly workspaceFolders: boolean;
}

export function clientFeatures(caps: ClientCapabilities): ClientFeatures {
  return Object.freeze({
    pull: !!caps.textDocument?.diagnostic,
    configurationPull: !!caps.workspace?.configuration,
    refreshSupport: !!caps.workspace?.diagnostics?.refreshSupport,
    documentChanges: !!caps.workspace?.workspaceEdit?.documentChanges,
    showDocument: !!caps.window?.showDocument?.support,
    dynamicConfiguration: !!caps.workspace?.didChangeConfiguration?.dynamicRegistration,
    dynamicWatch: !!caps.workspace?.didChangeWatchedFiles?.dynamicRegistration,
    workspaceFolders: !!caps.workspace?.workspaceFolders,
  });
}

/** The server's capabilities for a client with these features. */
export function serverCapabilities(features: ClientFeatures, commands: string[]): ServerCapabilities {
  const caps: ServerCapabilities = {
    textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental, save: { includeText: false } },
    hoverProvider: true,
    codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix, FIX_ALL_KIND], resolveProvider: false },
    executeCommandProvider: { commands },
    experimental: { [EFFECTIVE_CONFIGURATION_CAPABILITY]: true },
    workspace: { workspaceFolders: { supported: true, changeNotifications: true } },
  };
  if (features.pull) caps.diagnosticProvider = { identifier: 'podsec', interFileDependencies: false, workspaceDiagnostics: false };
  return caps;
}
