/**
 * A real protocol client for the language-server tests: spawns the bundled server
 * (`server/out/server.js --stdio`), speaks JSON-RPC to it, answers `workspace/configuration`
 * from settings the test controls, and records what the server pushes and logs.
 */
import { ChildProcess, spawn } from 'node:child_process';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { createMessageConnection, MessageConnection, StreamMessageReader, StreamMessageWriter } from 'vscode-jsonrpc/node';
import {
  ClientCapabilities,
  ConfigurationRequest,
  Diagnostic,
  InitializeRequest,
  InitializeResult,
  LogMessageNotification,
  PublishDiagnosticsNotification,
  PublishDiagnosticsParams,
  RegistrationRequest,
  ShowDocumentRequest,
  ShowDocumentParams,
  ShowMessageNotification,
  ShowMessageParams,
  InitializedNotification,
  ShutdownRequest,
  ExitNotification,
  DidOpenTextDocumentNotification,
  DidChangeTextDocumentNotification,
  DidCloseTextDocumentNotification,
  DidSaveTextDocumentNotification,
  DidChangeConfigurationNotification,
  DidChangeWatchedFilesNotification,
  TextDocumentContentChangeEvent,
  DiagnosticRefreshRequest,
  Registration,
} from 'vscode-languageserver-protocol/node';

export const ROOT = path.resolve(__dirname, '..', '..', '..', '..');
export const SERVER = path.join(ROOT, 'server', 'out', 'server.js');

export interface ClientOptions {
  /** advertise pull diagnostics (`textDocument/diagnostic`) */
  pull?: boolean;
  /** answer `workspace/configuration` (otherwise settings go through didChangeConfiguration) */
  configuration?: boolean;
  settings?: Record<string, unknown>;
  initializationOptions?: Record<string, unknown>;
  workspaceFolders?: string[];
  /** let the server register file watchers (default true) */
  watchFiles?: boolean;
  env?: NodeJS.ProcessEnv;
  /** the server to spawn, command and arguments (default: `node server/out/server.js --stdio`) */
  command?: string[];
  /** talk to a server in this process over these streams instead of spawning one */
  streams?: { fromServer: NodeJS.ReadableStream; toServer: NodeJS.WritableStream };
}

export class TestClient {
  readonly proc: ChildProcess | undefined;
  readonly conn: MessageConnection;
  readonly logs: string[] = [];
  readonly messages: ShowMessageParams[] = [];
  readonly shown: ShowDocumentParams[] = [];
  readonly registrations: Registration[] = [];
  /** every publishDiagnostics, in order */
  readonly published: PublishDiagnosticsParams[] = [];
  refreshes = 0;
  configurationRequests = 0;
  readonly openDocs = new Set<string>();
  settings: Record<string, unknown>;
  private waiters: { test: () => boolean; resolve: () => void }[] = [];
  stderr = '';
  exitCode: number | null = null;
  /** resolves with the exit code when the server process ends */
  readonly exited: Promise<number | null>;

  constructor(readonly options: ClientOptions = {}) {
    this.settings = options.settings ?? {};
    if (options.streams) {
      this.proc = undefined;
      this.exited = Promise.resolve(null);
      this.conn = createMessageConnection(new StreamMessageReader(options.streams.fromServer), new StreamMessageWriter(options.streams.toServer));
    } else {
      const [cmd, ...args] = options.command ?? [process.execPath, SERVER, '--stdio'];
      const proc = spawn(cmd, args, { stdio: ['pipe', 'pipe', 'pipe'], env: options.env ?? process.env });
      this.proc = proc;
      proc.stderr!.on('data', (d) => (this.stderr += String(d)));
      this.exited = new Promise((resolve) =>
        proc.on('exit', (code) => {
          this.exitCode = code;
          resolve(code);
        }),
      );
      this.conn = createMessageConnection(new StreamMessageReader(proc.stdout!), new StreamMessageWriter(proc.stdin!));
    }
    this.conn.onNotification(PublishDiagnosticsNotification.type, (p) => {
      this.published.push(p);
      this.poke();
    });
    this.conn.onNotification(LogMessageNotification.type, (p) => {
      this.logs.push(p.message);
      this.poke();
    });
    this.conn.onNotification(ShowMessageNotification.type, (p) => {
      this.messages.push(p);
      this.poke();
    });
    this.conn.onRequest(ConfigurationRequest.type, (p) => {
      this.configurationRequests++;
      this.poke();
      return p.items.map((it) => (it.section === 'podsec' ? this.settings : null));
    });
    this.conn.onRequest(RegistrationRequest.type, (p) => {
      this.registrations.push(...p.registrations);
      this.poke();
    });
    this.conn.onRequest(DiagnosticRefreshRequest.type, () => {
      this.refreshes++;
      this.poke();
    });
    this.conn.onRequest(ShowDocumentRequest.type, (p) => {
      this.shown.push(p);
      this.poke();
      return { success: true };
    });
    this.conn.listen();
  }

  /** Count a notification the client does not record otherwise (each one wakes `until`). */
  countNotifications(method: string): () => number {
    let n = 0;
    this.conn.onNotification(method, () => {
      n++;
      this.poke();
    });
    return () => n;
  }

  private poke(): void {
    this.waiters = this.waiters.filter((w) => {
      if (!w.test()) return true;
      w.resolve();
      return false;
    });
  }

  /** Wait until `test` holds (checked on every message from the server). */
  until(test: () => boolean, what: string, ms = 20000): Promise<void> {
    if (test()) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiters = this.waiters.filter((w) => w.test !== test);
        reject(new Error(`timed out waiting for ${what}; logs:\n${this.logs.join('\n')}\n${this.stderr}`));
      }, ms);
      this.waiters.push({
        test,
        resolve: () => {
          clearTimeout(timer);
          resolve();
        },
      });
    });
  }

  async initialize(): Promise<InitializeResult> {
    const caps: ClientCapabilities = {
      textDocument: {
        synchronization: { didSave: true, dynamicRegistration: false },
        publishDiagnostics: { relatedInformation: true, versionSupport: true, codeDescriptionSupport: true },
        hover: { contentFormat: ['markdown', 'plaintext'] },
        codeAction: { codeActionLiteralSupport: { codeActionKind: { valueSet: ['quickfix', 'source.fixAll'] } }, isPreferredSupport: true },
        ...(this.options.pull ? { diagnostic: { dynamicRegistration: false, relatedDocumentSupport: false } } : {}),
      },
      workspace: {
        configuration: this.options.configuration ?? true,
        didChangeConfiguration: { dynamicRegistration: true },
        didChangeWatchedFiles: { dynamicRegistration: this.options.watchFiles ?? true },
        workspaceEdit: { documentChanges: true },
        workspaceFolders: true,
        ...(this.options.pull ? { diagnostics: { refreshSupport: true } } : {}),
      },
      window: { showDocument: { support: true } },
    };
    const folders = this.options.workspaceFolders ?? [];
    const result = await this.conn.sendRequest(InitializeRequest.type, {
      // a spawned server watches this process and exits when it is gone; a server in this process
      // must not (its watch is a timer that would keep the test run from ending)
      processId: this.options.streams ? null : process.pid,
      rootUri: null,
      capabilities: caps,
      workspaceFolders: folders.map((f) => ({ uri: fileUri(f), name: path.basename(f) })),
      initializationOptions: this.options.initializationOptions,
    });
    await this.conn.sendNotification(InitializedNotification.type, {});
    return result;
  }

  open(uri: string, text: string, version = 1, languageId = 'yaml'): Promise<void> {
    this.openDocs.add(uri);
    return this.conn.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId, version, text } });
  }

  change(uri: string, version: number, changes: TextDocumentContentChangeEvent[]): Promise<void> {
    return this.conn.sendNotification(DidChangeTextDocumentNotification.type, { textDocument: { uri, version }, contentChanges: changes });
  }

  save(uri: string): Promise<void> {
    return this.conn.sendNotification(DidSaveTextDocumentNotification.type, { textDocument: { uri } });
  }

  /** Tell the server files changed on disk (as the client's watcher would). */
  filesChanged(changes: { uri: string; type: 1 | 2 | 3 }[]): Promise<void> {
    return this.conn.sendNotification(DidChangeWatchedFilesNotification.type, { changes });
  }

  close(uri: string): Promise<void> {
    this.openDocs.delete(uri);
    return this.conn.sendNotification(DidCloseTextDocumentNotification.type, { textDocument: { uri } });
  }

  /**
   * Change the settings and wait until the server has applied them: it re-publishes every open
   * document (push) or asks the client to pull again (pull).
   */
  async setSettings(settings: Record<string, unknown>): Promise<void> {
    this.settings = settings;
    const open = [...this.openDocs][0];
    const from = this.published.length;
    const refreshes = this.refreshes;
    await this.conn.sendNotification(DidChangeConfigurationNotification.type, { settings: this.options.configuration === false ? { podsec: settings } : null });
    if (this.options.pull) await this.until(() => this.refreshes > refreshes, 'a diagnostic refresh');
    else if (open) await this.nextPublish(open, from);
  }

  /** The diagnostics pushed for `uri` after `from` notifications (optionally for a version). */
  async nextPublish(uri: string, from: number, version?: number): Promise<PublishDiagnosticsParams> {
    let found: PublishDiagnosticsParams | undefined;
    await this.until(
      () => {
        found = this.published.slice(from).find((p) => p.uri === uri && (version === undefined || p.version === version));
        return !!found;
      },
      `diagnostics for ${uri}${version === undefined ? '' : ` version ${version}`}`,
    );
    return found!;
  }

  /** The latest pushed diagnostics for `uri`. */
  latest(uri: string): Diagnostic[] | undefined {
    for (let i = this.published.length - 1; i >= 0; i--) if (this.published[i].uri === uri) return this.published[i].diagnostics;
    return undefined;
  }

  async shutdown(): Promise<number | null> {
    if (!this.proc) {
      await this.conn.sendRequest(ShutdownRequest.type);
      this.conn.dispose();
      return null;
    }
    if (this.exitCode === null) {
      try {
        await this.conn.sendRequest(ShutdownRequest.type);
        await this.conn.sendNotification(ExitNotification.type);
      } catch {
        /* already gone */
      }
    }
    const proc = this.proc;
    const timer = setTimeout(() => proc.kill(), 5000);
    const code = await this.exited;
    clearTimeout(timer);
    this.conn.dispose();
    return code;
  }
}

export function fileUri(p: string): string {
  return pathToFileURL(p).href;
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
