/**
 * The language server: protocol wiring over the engine. Documents are tracked with incremental
 * sync (IncrementalAnalysis); diagnostics are pulled by clients that support it and pushed,
 * after a per-document delay, to the others. Every handler is guarded: an exception is logged
 * and answered with an empty result, never a dead server.
 */
import * as path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import {
  CodeActionKind,
  Connection,
  Diagnostic,
  DiagnosticSeverity,
  DidChangeConfigurationNotification,
  DidChangeWatchedFilesNotification,
  DocumentDiagnosticReport,
  DocumentDiagnosticReportKind,
  InitializeParams,
  InitializeResult,
  LSPErrorCodes,
  MessageType,
  ResponseError,
  ShowDocumentRequest,
  ShowMessageNotification,
  TextDocumentSyncKind,
} from 'vscode-languageserver/node';
import { ExcludeSet, findConfigFile, isInside, LoadedConfig, loadConfigFile, CONFIG_FILE_NAME } from '../config-file';
import { EDITOR_DEFAULTS, type EditorOnlySettings } from '../config/editor-keys';
import { CONFIG_DEFAULTS, mergeConfigs, restrictForUntrusted, toEngineOptions, type PodsecConfig } from '../config/keys';
import { parseConfig } from '../config/parse';
import { resolveRuleSet, RuleSet, RULES_BY_ID } from '../engine/profiles';
import { YAML_SYNTAX } from '../engine/analyze';
import { formatVersion } from '../engine/versions';
import { codeActions, FIX_ALL_KIND, SELECT_PLACEHOLDER_COMMAND, SHOW_DOCS_COMMAND } from './codeActions';
import { buildReport, quietSyntaxFor, ReportEntry, RuleDocs, sameEntries, SOURCE } from './diagnostics';
import { findingsAt, hoverMarkdown } from './hover';
import { IncrementalAnalysis } from './incremental';
import { readSettings, type Settings } from './settings';

declare const PODSEC_VERSION: string;
const VERSION = typeof PODSEC_VERSION === 'string' ? PODSEC_VERSION : '0.0.0-dev';

/** Longest stretch of analysis before the server looks at its message queue again. */
const SLICE_MS = 25;

/**
 * Request (VS Code client's status bar): the profile and policy version in effect for an open
 * document, and the `.podsec.yaml` that applies to it. Announced as an experimental capability.
 */
export const EFFECTIVE_CONFIGURATION_REQUEST = 'podsec/effectiveConfiguration';
const BYTES_PER_MB = 1024 * 1024;

export interface ServerOptions {
  /** folder holding `docs/rules` (the extension or package root) */
  packageRoot: string;
}

/** What `initializationOptions` may carry. */
export interface InitializationOptions {
  /** false when the editor does not trust the workspace (see README "Settings") */
  workspaceTrusted?: boolean;
  /** the `podsec` settings, for clients that cannot answer `workspace/configuration` */
  settings?: unknown;
}

interface DocConf {
  /** identity of what the analysis depends on */
  key: string;
  cfg: RuleSet;
  excluded: boolean;
  maxChars: number;
  editor: EditorOnlySettings;
}

interface Outcome {
  items: Diagnostic[];
  entries: ReportEntry[];
}

class DocState {
  version: number;
  readonly analysis: IncrementalAnalysis;
  conf: DocConf | undefined;
  confReady: Promise<void> = Promise.resolve();
  confSeq = 0;
  cfgKey = '';
  timer: NodeJS.Timeout | undefined;
  /** replaced by every change: work started for an older text stops */
  runToken: object = {};
  /** last report answered to a pull */
  lastPull: { resultId: string; entries: ReportEntry[]; items: Diagnostic[] } | undefined;
  /** changed since it was last saved (for run: onSave) */
  dirty = false;
  closed = false;
  readonly loggedErrors = new Set<string>();

  constructor(
    readonly uri: string,
    readonly languageId: string,
    version: number,
    text: string,
    cfg: RuleSet,
    readonly filePath: string | undefined,
  ) {
    this.version = version;
    this.analysis = new IncrementalAnalysis(text, cfg);
  }

  get isConfigFile(): boolean {
    return !!this.filePath && path.basename(this.filePath) === CONFIG_FILE_NAME;
  }

  /** YAML (and Helm templates) are analysed; other languages a client sends are not. */
  get eligible(): boolean {
    const id = this.languageId.toLowerCase();
    if (id === 'yaml' || id === 'helm' || id.startsWith('yaml.') || id.startsWith('yaml-')) return true;
    return /\.ya?ml$/i.test(this.uri);
  }
}

function uriToPath(uri: string): string | undefined {
  if (!uri.startsWith('file:')) return undefined;
  try {
    return fileURLToPath(uri);
  } catch {
    return undefined;
  }
}

const yieldToEventLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

export function startServer(connection: Connection, options: ServerOptions): void {
  const docs = new Map<string, DocState>();
  const ruleDocs = new RuleDocs(options.packageRoot);
  const defaultCfg = resolveRuleSet(toEngineOptions({}));
  let pull = false;
  let configurationPull = false;
  let refreshSupport = false;
  let documentChanges = false;
  let showDocument = false;
  let dynamicConfiguration = false;
  let dynamicWatch = false;
  let watching = false;
  let workspaceFoldersSupported = false;
  let trusted = true;
  let shuttingDown = false;
  let resultCounter = 0;
  let globalSettings: Settings = readSettings({});
  let folders: string[] = [];
  const settingsCache = new Map<string, Promise<Settings>>();
  /** nearest `.podsec.yaml` per folder (and search limit) */
  const lookupCache = new Map<string, string | undefined>();
  const loadedCache = new Map<string, LoadedConfig>();
  const announcedConfigProblems = new Set<string>();

  const log = (msg: string) => connection.console.log(msg);
  /** A message for the user (a notification: no answer is awaited). */
  const tell = (type: MessageType, message: string) => void connection.sendNotification(ShowMessageNotification.type, { type, message });
  const logError = (msg: string) => connection.console.error(msg);

  function report(where: string, e: unknown): void {
    const err = e as Error;
    logError(`podsec: ${where} failed: ${err?.stack ?? err?.message ?? String(e)}`);
  }

  function guard<T>(where: string, fallback: T, fn: () => T): T {
    try {
      return fn();
    } catch (e) {
      report(where, e);
      return fallback;
    }
  }

  // ---- configuration ----

  function folderOf(file: string): string | undefined {
    let best: string | undefined;
    for (const f of folders) if (isInside(file, f) && (!best || f.length > best.length)) best = f;
    return best;
  }

  function settingsFor(uri: string): Promise<Settings> {
    if (!configurationPull) return Promise.resolve(globalSettings);
    let p = settingsCache.get(uri);
    if (!p) {
      p = connection.workspace.getConfiguration({ scopeUri: uri, section: 'podsec' }).then(
        (raw) => {
          const s = readSettings(raw ?? {});
          for (const problem of s.problems) log(problem);
          return s;
        },
        (e) => {
          report('workspace/configuration', e);
          return globalSettings;
        },
      );
      settingsCache.set(uri, p);
    }
    return p;
  }

  function nearestConfig(file: string): LoadedConfig | undefined {
    const dir = path.dirname(file);
    // in an untrusted workspace, nothing above the workspace folder (or the file's folder) is read
    const stopAt = trusted ? undefined : folderOf(file) ?? dir;
    const key = `${dir}\0${stopAt ?? ''}`;
    let found: string | undefined;
    if (lookupCache.has(key)) found = lookupCache.get(key);
    else {
      found = findConfigFile(file, stopAt);
      lookupCache.set(key, found);
    }
    if (!found) return undefined;
    let loaded = loadedCache.get(found);
    if (!loaded) {
      loaded = loadConfigFile(found);
      loadedCache.set(found, loaded);
      if (loaded.problems.length && !announcedConfigProblems.has(found)) {
        announcedConfigProblems.add(found);
        const msg = `podsec: ${found} has ${loaded.problems.length} problem${loaded.problems.length > 1 ? 's' : ''}; the entries with problems are ignored. ${loaded.problems.map((p) => `${p.range.start.line + 1}:${p.range.start.character + 1} ${p.message}`).join(' | ')}`;
        log(msg);
        tell(MessageType.Warning, `podsec: ${path.basename(path.dirname(found))}/${CONFIG_FILE_NAME} has problems; open it to see them. The entries with problems are ignored.`);
      } else if (!loaded.problems.length) announcedConfigProblems.delete(found);
    }
    return loaded;
  }

  function invalidateConfigFiles(): void {
    lookupCache.clear();
    loadedCache.clear();
  }

  async function resolveDocConf(state: DocState): Promise<DocConf> {
    const settings = await settingsFor(state.uri);
    let config: PodsecConfig = settings.config;
    let excludes: ExcludeSet | undefined;
    const file = state.filePath;
    const loaded = file ? nearestConfig(file) : undefined;
    if (loaded) config = mergeConfigs(config, loaded.config);
    if (!trusted) config = restrictForUntrusted(config);
    if (file) {
      if (loaded?.config.exclude !== undefined) excludes = new ExcludeSet(loaded.dir, loaded.config.exclude);
      else if (settings.config.exclude?.length) excludes = new ExcludeSet(folderOf(file) ?? path.parse(file).root, settings.config.exclude);
    }
    const key = JSON.stringify([config, file ?? null]);
    let cfg: RuleSet;
    try {
      cfg = resolveRuleSet(toEngineOptions(config, file));
    } catch (e) {
      report('resolving the configuration', e);
      cfg = defaultCfg;
    }
    return {
      key,
      cfg,
      excluded: !!file && !!excludes && excludes.matches(file),
      maxChars: (config.maxFileSizeMB ?? CONFIG_DEFAULTS.maxFileSizeMB) * BYTES_PER_MB,
      editor: settings.editor,
    };
  }

  /** (Re)compute a document's configuration; the latest request wins. */
  function configure(state: DocState): Promise<void> {
    const seq = ++state.confSeq;
    state.confReady = resolveDocConf(state).then(
      (conf) => {
        if (seq !== state.confSeq || state.closed) return;
        state.conf = conf;
        if (conf.key !== state.cfgKey) {
          state.cfgKey = conf.key;
          state.analysis.setConfig(conf.cfg);
        }
      },
      (e) => {
        report('configuration', e);
        // analyse with the defaults rather than not at all
        if (seq === state.confSeq && !state.conf) state.conf = defaultConf();
      },
    );
    return state.confReady;
  }

  function defaultConf(): DocConf {
    return { key: '', cfg: defaultCfg, excluded: false, maxChars: CONFIG_DEFAULTS.maxFileSizeMB * BYTES_PER_MB, editor: { ...EDITOR_DEFAULTS } };
  }

  /** The document's configuration, once known (callers check `closed` afterwards). */
  async function ensureConf(state: DocState): Promise<DocConf> {
    while (true) {
      const seq = state.confSeq;
      await state.confReady;
      if (state.conf && seq === state.confSeq) return state.conf;
      if (state.closed) return state.conf ?? defaultConf();
      if (seq === state.confSeq) await configure(state);
    }
  }

  // ---- diagnostics ----

  function configFileDiagnostics(state: DocState): Outcome {
    const { problems } = parseConfig(state.analysis.text.replace(/^\ufeff/, ''));
    const items: Diagnostic[] = problems.map((p) => ({
      range: p.range,
      severity: p.severity === 'error' ? DiagnosticSeverity.Error : DiagnosticSeverity.Warning,
      source: SOURCE,
      message: p.message,
    }));
    return { items, entries: [{ sig: JSON.stringify(items), line: 0 }] };
  }

  function logRuleErrors(state: DocState): void {
    for (const e of state.analysis.takeRuleErrors()) {
      const key = `${e.ruleId}\0${e.message}`;
      if (state.loggedErrors.has(key)) continue;
      state.loggedErrors.add(key);
      logError(`podsec: rule "${e.ruleId}" failed on ${state.uri}; its findings there are skipped, the other rules still report. ${e.stack ?? e.message}`);
    }
  }

  /** The document's diagnostics now; undefined when `stale()` says the work is no longer wanted. */
  async function computeDiagnostics(state: DocState, stale: () => boolean): Promise<Outcome | undefined> {
    const conf = await ensureConf(state);
    if (stale() || state.closed) return undefined;
    if (!state.eligible) return { items: [], entries: [] };
    if (state.isConfigFile) return configFileDiagnostics(state);
    if (conf.excluded) return { items: [], entries: [] };
    const size = state.analysis.length;
    if (size > conf.maxChars) {
      const mb = (n: number) => (n >= BYTES_PER_MB ? `${(n / BYTES_PER_MB).toFixed(1)} MB` : `${Math.round(n / 1024)} KB`);
      const message = `podsec did not analyse this file: it is ${mb(size)}, above the editor limit of ${mb(conf.maxChars)} (maxFileSizeMB). Run \`podsec check\` on it, or raise the limit.`;
      return {
        items: [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, severity: DiagnosticSeverity.Information, source: SOURCE, message }],
        entries: [{ sig: message, line: 0 }],
      };
    }
    while (!state.analysis.analyze(performance.now() + SLICE_MS)) {
      logRuleErrors(state);
      await yieldToEventLoop();
      if (stale() || state.closed) return undefined;
      // the configuration may have changed meanwhile
      if (state.conf !== conf) return computeDiagnostics(state, stale);
    }
    logRuleErrors(state);
    const placed = state.analysis.placed();
    return buildReport(placed, state.uri, ruleDocs, conf.editor.maxProblems, quietSyntaxFor(placed, state.languageId, state.filePath));
  }

  function schedulePush(state: DocState, delay: number): void {
    if (pull || shuttingDown || state.closed) return;
    if (state.timer) clearTimeout(state.timer);
    const token = state.runToken;
    state.timer = setTimeout(() => {
      state.timer = undefined;
      void pushNow(state, token);
    }, delay);
  }

  async function pushNow(state: DocState, token: object): Promise<void> {
    try {
      const out = await computeDiagnostics(state, () => state.runToken !== token || shuttingDown);
      if (!out || state.closed || state.runToken !== token) return;
      await connection.sendDiagnostics({ uri: state.uri, version: state.version, diagnostics: out.items });
    } catch (e) {
      report(`diagnostics for ${state.uri}`, e);
    }
  }

  function refreshAll(): void {
    if (shuttingDown) return;
    if (pull) {
      if (refreshSupport) connection.languages.diagnostics.refresh().catch((e) => report('diagnostic refresh', e));
    } else {
      for (const state of docs.values()) schedulePush(state, 0);
    }
  }

  async function reconfigureAll(): Promise<void> {
    await Promise.all([...docs.values()].map((s) => configure(s)));
    refreshAll();
  }

  // ---- lifecycle ----

  connection.onInitialize((params: InitializeParams): InitializeResult => {
    const caps = params.capabilities;
    pull = !!caps.textDocument?.diagnostic;
    configurationPull = !!caps.workspace?.configuration;
    refreshSupport = !!caps.workspace?.diagnostics?.refreshSupport;
    documentChanges = !!caps.workspace?.workspaceEdit?.documentChanges;
    showDocument = !!caps.window?.showDocument?.support;
    dynamicConfiguration = !!caps.workspace?.didChangeConfiguration?.dynamicRegistration;
    dynamicWatch = !!caps.workspace?.didChangeWatchedFiles?.dynamicRegistration;
    workspaceFoldersSupported = !!caps.workspace?.workspaceFolders;
    const init = (params.initializationOptions ?? {}) as InitializationOptions;
    trusted = init.workspaceTrusted !== false;
    if (init.settings !== undefined) {
      globalSettings = readSettings(init.settings);
      for (const p of globalSettings.problems) log(p);
    }
    const roots = params.workspaceFolders?.map((f) => f.uri) ?? (params.rootUri ? [params.rootUri] : []);
    folders = roots.map(uriToPath).filter((p): p is string => !!p);
    if (!folders.length && params.rootPath) folders = [params.rootPath];
    const result: InitializeResult = {
      capabilities: {
        textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental, save: { includeText: false } },
        hoverProvider: true,
        codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix, FIX_ALL_KIND], resolveProvider: false },
        executeCommandProvider: { commands: [SHOW_DOCS_COMMAND, SELECT_PLACEHOLDER_COMMAND] },
        experimental: { podsecEffectiveConfiguration: true },
        workspace: { workspaceFolders: { supported: true, changeNotifications: true } },
      },
      serverInfo: { name: 'podsec', version: VERSION },
    };
    if (pull) result.capabilities.diagnosticProvider = { identifier: 'podsec', interFileDependencies: false, workspaceDiagnostics: false };
    return result;
  });

  connection.onInitialized(() => {
    guard('initialized', undefined, () => {
      if (dynamicConfiguration) void connection.client.register(DidChangeConfigurationNotification.type, { section: 'podsec' });
      if (dynamicWatch) {
        watching = true;
        void connection.client.register(DidChangeWatchedFilesNotification.type, { watchers: [{ globPattern: `**/${CONFIG_FILE_NAME}` }] });
      }
      if (workspaceFoldersSupported) {
        connection.workspace.onDidChangeWorkspaceFolders((e) =>
          guard('workspace folders', undefined, () => {
            const removed = new Set(e.removed.map((f) => uriToPath(f.uri)));
            folders = folders.filter((f) => !removed.has(f)).concat(e.added.map((f) => uriToPath(f.uri)).filter((p): p is string => !!p));
            invalidateConfigFiles();
            void reconfigureAll();
          }),
        );
      }
      log(`podsec ${VERSION} language server: ${pull ? 'pull' : 'push'} diagnostics${trusted ? '' : ', untrusted workspace'}`);
    });
  });

  connection.onShutdown(() => {
    shuttingDown = true;
    for (const s of docs.values()) if (s.timer) clearTimeout(s.timer);
  });

  // ---- documents ----

  connection.onDidOpenTextDocument((params) =>
    guard('didOpen', undefined, () => {
      const { uri, languageId, version, text } = params.textDocument;
      const old = docs.get(uri);
      if (old) {
        old.closed = true;
        if (old.timer) clearTimeout(old.timer);
      }
      if (!watching) invalidateConfigFiles();
      const state = new DocState(uri, languageId, version, text, defaultCfg, uriToPath(uri));
      docs.set(uri, state);
      void configure(state);
      schedulePush(state, 0);
    }),
  );

  connection.onDidChangeTextDocument((params) =>
    guard('didChange', undefined, () => {
      const state = docs.get(params.textDocument.uri);
      if (!state) {
        log(`podsec: change for a document that is not open: ${params.textDocument.uri}`);
        return;
      }
      state.analysis.applyChanges(params.contentChanges);
      state.version = params.textDocument.version ?? state.version + 1;
      state.dirty = true;
      state.runToken = {};
      if ((state.conf?.editor.run ?? EDITOR_DEFAULTS.run) === 'onType') schedulePush(state, state.conf?.editor.delayMs ?? EDITOR_DEFAULTS.delayMs);
      else if (state.timer) clearTimeout(state.timer);
    }),
  );

  connection.onDidSaveTextDocument((params) =>
    guard('didSave', undefined, () => {
      const state = docs.get(params.textDocument.uri);
      if (state) state.dirty = false;
      if (state?.isConfigFile) {
        invalidateConfigFiles();
        void reconfigureAll();
        return;
      }
      if (!state) return;
      if (!watching) {
        invalidateConfigFiles();
        void configure(state);
      }
      if (state.conf?.editor.run === 'onSave') {
        if (pull) refreshAll();
        else schedulePush(state, 0);
      }
    }),
  );

  connection.onDidCloseTextDocument((params) =>
    guard('didClose', undefined, () => {
      const state = docs.get(params.textDocument.uri);
      if (!state) return;
      state.closed = true;
      state.runToken = {};
      if (state.timer) clearTimeout(state.timer);
      docs.delete(state.uri);
      settingsCache.delete(state.uri);
      if (!pull && !shuttingDown) void connection.sendDiagnostics({ uri: state.uri, diagnostics: [] });
    }),
  );

  connection.onDidChangeConfiguration((params) =>
    guard('didChangeConfiguration', undefined, () => {
      settingsCache.clear();
      const section = (params.settings as { podsec?: unknown } | null | undefined)?.podsec;
      if (!configurationPull && section !== undefined) {
        globalSettings = readSettings(section);
        for (const p of globalSettings.problems) log(p);
      }
      void reconfigureAll();
    }),
  );

  connection.onDidChangeWatchedFiles((params) =>
    guard('didChangeWatchedFiles', undefined, () => {
      if (!params.changes.some((c) => c.uri.endsWith(`/${CONFIG_FILE_NAME}`))) return;
      invalidateConfigFiles();
      void reconfigureAll();
    }),
  );

  // ---- pull diagnostics ----

  connection.languages.diagnostics.on(async (params, token): Promise<DocumentDiagnosticReport> => {
    const state = docs.get(params.textDocument.uri);
    if (!state) return { kind: DocumentDiagnosticReportKind.Full, items: [] };
    try {
      const conf = await ensureConf(state);
      let out: Outcome | undefined;
      if (conf.editor.run === 'onSave' && state.dirty && state.lastPull) {
        out = { items: state.lastPull.items, entries: state.lastPull.entries };
      } else {
        out = await computeDiagnostics(state, () => token.isCancellationRequested || shuttingDown);
      }
      if (!out) throw new ResponseError(LSPErrorCodes.ServerCancelled, 'The document changed; ask again.', { retriggerRequest: true });
      const last = state.lastPull;
      if (last && params.previousResultId === last.resultId && sameEntries(last.entries, out.entries)) {
        return { kind: DocumentDiagnosticReportKind.Unchanged, resultId: last.resultId };
      }
      const resultId = `${++resultCounter}`;
      state.lastPull = { resultId, entries: out.entries, items: out.items };
      return { kind: DocumentDiagnosticReportKind.Full, resultId, items: out.items };
    } catch (e) {
      if (e instanceof ResponseError) throw e;
      report(`textDocument/diagnostic for ${state.uri}`, e);
      return { kind: DocumentDiagnosticReportKind.Full, items: [] };
    }
  });

  // ---- hover, code actions, commands ----

  /** An open document that is analysed (its configuration known), or undefined. */
  async function analysedState(uri: string): Promise<DocState | undefined> {
    const state = docs.get(uri);
    if (!state || !state.eligible || state.isConfigFile) return undefined;
    const conf = await ensureConf(state);
    if (state.closed || conf.excluded || state.analysis.length > conf.maxChars) return undefined;
    return state;
  }

  async function guardAsync<T>(where: string, fallback: T, fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (e) {
      report(where, e);
      return fallback;
    }
  }

  connection.onHover((params) =>
    guardAsync('hover', null, async () => {
      const state = await analysedState(params.textDocument.uri);
      if (!state) return null;
      const pos = params.position;
      const quiet = quietSyntaxFor(state.analysis.placed(), state.languageId, state.filePath);
      const found = findingsAt(state.analysis.findingsInLines(pos.line, pos.line), pos).filter((f) => !(quiet && f.ruleId === YAML_SYNTAX));
      if (!found.length) return null;
      return { contents: { kind: 'markdown' as const, value: hoverMarkdown(found, ruleDocs, state.conf!.cfg.profile) }, range: found[0].range };
    }),
  );

  connection.onCodeAction((params) =>
    guardAsync('codeAction', [], async () => {
      const state = await analysedState(params.textDocument.uri);
      if (!state) return [];
      // the lines asked about must be analysed (fix-all analyses the rest when it is wanted)
      const lines = [params.range.start.line, params.range.end.line, ...params.context.diagnostics.flatMap((d) => [d.range.start.line, d.range.end.line])];
      state.analysis.analyzeLines(Math.min(...lines), Math.max(...lines));
      const actions = codeActions(
        { uri: state.uri, version: state.version, doc: state.analysis, cfg: state.conf!.cfg, documentChanges },
        params.context.diagnostics,
        params.context.only,
      );
      logRuleErrors(state);
      return actions;
    }),
  );

  connection.onRequest(EFFECTIVE_CONFIGURATION_REQUEST, async (params: { textDocument?: { uri?: string } }) => {
    try {
      const state = docs.get(params?.textDocument?.uri ?? '');
      if (!state) return null;
      const conf = await ensureConf(state);
      const loaded = state.filePath ? nearestConfig(state.filePath) : undefined;
      return {
        profile: conf.cfg.profile,
        pssVersion: formatVersion(conf.cfg.version),
        configFile: loaded ? pathToFileURL(loaded.path).href : null,
        fromConfigFile: loaded ? Object.entries(loaded.config).filter(([, v]) => v !== undefined).map(([k]) => k) : [],
      };
    } catch (e) {
      report(EFFECTIVE_CONFIGURATION_REQUEST, e);
      return null;
    }
  });

  connection.onExecuteCommand(async (params) => {
    try {
      if (params.command === SELECT_PLACEHOLDER_COMMAND) {
        // runs after the client applied the fix's edit, so the document already holds the value
        const [uri, start, end] = params.arguments ?? [];
        const state = docs.get(String(uri));
        if (!state || !showDocument || typeof start !== 'number' || typeof end !== 'number') return null;
        const selection = { start: state.analysis.positionAt(start), end: state.analysis.positionAt(end) };
        await connection.sendRequest(ShowDocumentRequest.type, { uri: state.uri, selection, takeFocus: true });
        return null;
      }
      if (params.command !== SHOW_DOCS_COMMAND) return null;
      const ruleId = String(params.arguments?.[0] ?? '');
      const rule = RULES_BY_ID.get(ruleId);
      if (!rule) {
        tell(MessageType.Error, `podsec: unknown rule "${ruleId}".`);
        return null;
      }
      const href = ruleDocs.href(ruleId);
      const local = href.startsWith('file:');
      if (showDocument && local) {
        await connection.sendRequest(ShowDocumentRequest.type, { uri: href, takeFocus: true });
      } else {
        tell(MessageType.Info, `podsec ${ruleId}: ${rule.meta.title}. ${rule.meta.description} Documentation: ${local ? ruleDocs.file(ruleId) : href}`);
      }
    } catch (e) {
      report('executeCommand', e);
    }
    return null;
  });
}
