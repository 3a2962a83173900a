/**
 * The language server: registration only. Each protocol message is handed to the module that
 * owns it (context.ts lists them): documents are tracked with incremental sync
 * (IncrementalAnalysis, document-state.ts), configured per document (settings.ts,
 * document-config.ts), and given diagnostics by pull or push (diagnostics-scheduler.ts);
 * requests and commands have their own modules. Every handler is guarded: an exception is logged and answered with an
 * empty result, never a dead server. The workspace index (workspace-index.ts) keeps what the
 * workspace's files say about the cluster and judges the open documents in it.
 */
import {
  Connection,
  DidChangeConfigurationNotification,
  DidChangeWatchedFilesNotification,
  InitializeParams,
  InitializeResult,
  type FileSystemWatcher,
} from 'vscode-languageserver/node';
import {
  CONFIG_FILE_GLOB,
  CONFIG_FILE_NAME,
  EFFECTIVE_CONFIGURATION_REQUEST,
  SETTINGS_SECTION,
  type EffectiveConfigurationParams,
  type InitializationOptions,
} from '../../../shared/protocol';
import { clientFeatures, serverCapabilities } from './client-features';
import { COMMAND_NAMES, executeCommand } from './commands';
import { registerComplianceRequests } from './compliance-requests';
import { ComplianceState } from './compliance-state';
import { ServerContext, VERSION, type ServerOptions } from './context';
import { DiagnosticsScheduler } from './diagnostics-scheduler';
import { DocumentConfig } from './document-config';
import { DocState } from './document-state';
import { DocumentRequests } from './requests';
import { DocumentSettings } from './settings';
import { MANIFEST_GLOB, WorkspaceIndex } from './workspace-index';

/** Files the server watches (when the client lets it register watchers). */
const WATCHED_FILES: FileSystemWatcher[] = [{ globPattern: CONFIG_FILE_GLOB }, { globPattern: MANIFEST_GLOB }];

export function startServer(connection: Connection, options: ServerOptions): void {
  const ctx = new ServerContext(connection, options);
  const settings = new DocumentSettings(ctx);
  const config = new DocumentConfig(ctx, settings);
  const index: WorkspaceIndex = new WorkspaceIndex(ctx, config, (states) => diagnostics.rejudged(states));
  const compliance = new ComplianceState(ctx, config, index);
  const diagnostics = new DiagnosticsScheduler(ctx, config, (state) => {
    index.documents.analysed(state);
    compliance.documentAnalysed(state);
  });
  const requests = new DocumentRequests(ctx, config);
  /** the client tells the server about changed files (otherwise files are read again on open and save) */
  let watching = false;

  /** Configuration files changed: configure every document again and refresh its diagnostics. */
  const reconfigureAll = async () => {
    config.invalidateFiles();
    await config.reconfigureAll();
    diagnostics.refreshAll();
    index.reconfigured();
    compliance.reconfigured();
  };

  // ---- lifecycle ----

  connection.onInitialize((params: InitializeParams): InitializeResult => {
    ctx.features = clientFeatures(params.capabilities);
    ctx.workspace.initialize(params);
    const init = (params.initializationOptions ?? {}) as InitializationOptions;
    if (init.settings !== undefined) settings.setGlobalSettings(init.settings);
    if (typeof init.firstReportMs === 'number' && init.firstReportMs >= 0) ctx.firstReportMs = init.firstReportMs;
    return { capabilities: serverCapabilities(ctx.features, COMMAND_NAMES), serverInfo: { name: 'podsec', version: VERSION } };
  });

  connection.onInitialized(() =>
    ctx.guard('initialized', undefined, () => {
      const { features } = ctx;
      if (features.dynamicConfiguration) void connection.client.register(DidChangeConfigurationNotification.type, { section: SETTINGS_SECTION });
      if (features.dynamicWatch) {
        watching = true;
        void connection.client.register(DidChangeWatchedFilesNotification.type, { watchers: WATCHED_FILES });
      }
      if (features.workspaceFolders) {
        connection.workspace.onDidChangeWorkspaceFolders((e) =>
          ctx.guard('workspace folders', undefined, () => {
            ctx.workspace.changeFolders(e);
            index.foldersChanged();
            void reconfigureAll();
          }),
        );
      }
      ctx.log(`podsec ${VERSION} language server: ${features.pull ? 'pull' : 'push'} diagnostics${ctx.workspace.trusted ? '' : ', untrusted workspace'}`);
      index.start(watching);
    }),
  );

  connection.onShutdown(() => {
    ctx.shuttingDown = true;
    compliance.dispose();
    for (const s of ctx.documents.values()) if (s.timer) clearTimeout(s.timer);
  });

  // ---- documents ----

  connection.onDidOpenTextDocument((params) =>
    ctx.guard('didOpen', undefined, () => {
      const { uri, languageId, version, text } = params.textDocument;
      const previous = ctx.documents.get(uri);
      if (previous) {
        previous.close();
        index.documents.closed(previous);
      }
      if (!watching) config.invalidateFiles();
      const state = new DocState(uri, languageId, version, text, config.defaultRules, index.documents.contextFor(uri));
      ctx.documents.set(uri, state);
      index.documents.opened(state);
      void config.configure(state);
      diagnostics.schedule(state, 0);
    }),
  );

  connection.onDidChangeTextDocument((params) =>
    ctx.guard('didChange', undefined, () => {
      const state = ctx.documents.get(params.textDocument.uri);
      if (!state) {
        ctx.log(`podsec: change for a document that is not open: ${params.textDocument.uri}`);
        return;
      }
      state.analysis.applyChanges(params.contentChanges);
      state.version = params.textDocument.version ?? state.version + 1;
      state.dirty = true;
      state.runToken = {};
      diagnostics.changed(state);
    }),
  );

  connection.onDidSaveTextDocument((params) =>
    ctx.guard('didSave', undefined, () => {
      const state = ctx.documents.get(params.textDocument.uri);
      if (!state) return;
      state.dirty = false;
      if (state.isConfigFile) {
        void reconfigureAll();
        return;
      }
      if (!watching) {
        config.invalidateFiles();
        void config.configure(state);
      }
      index.documents.saved(state);
      diagnostics.saved(state);
    }),
  );

  connection.onDidCloseTextDocument((params) =>
    ctx.guard('didClose', undefined, () => {
      const state = ctx.documents.get(params.textDocument.uri);
      if (!state) return;
      state.close();
      ctx.documents.delete(state.uri);
      index.documents.closed(state);
      compliance.documentClosed(state);
      settings.forget(state.uri);
      if (!ctx.features.pull && !ctx.shuttingDown) void connection.sendDiagnostics({ uri: state.uri, diagnostics: [] });
    }),
  );

  // ---- configuration ----

  connection.onDidChangeConfiguration((params) =>
    ctx.guard('didChangeConfiguration', undefined, () => {
      settings.settingsChanged((params.settings as { podsec?: unknown } | null | undefined)?.podsec);
      void config.reconfigureAll().then(() => diagnostics.refreshAll());
    }),
  );

  connection.onDidChangeWatchedFiles((params) =>
    ctx.guard('didChangeWatchedFiles', undefined, () => {
      if (params.changes.some((c) => c.uri.endsWith(`/${CONFIG_FILE_NAME}`))) void reconfigureAll();
      index.filesChanged(params.changes);
    }),
  );

  // ---- requests ----

  connection.languages.diagnostics.on((params, token) => diagnostics.pull(params, token));
  connection.onHover((params) => requests.hover(params));
  connection.onCodeAction((params) => requests.codeActions(params));
  connection.onRequest(EFFECTIVE_CONFIGURATION_REQUEST, (params: EffectiveConfigurationParams) => requests.effectiveConfiguration(params));
  registerComplianceRequests(connection, ctx, compliance);
  connection.onExecuteCommand((params) => executeCommand(ctx, params));
}
