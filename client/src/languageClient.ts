/**
 * Owns the language client: starts the podsec language server (server/out/server.js, over Node
 * IPC) on demand, restarts it when asked, and reports its state. The heavy client library
 * (./lsp) is loaded on the first start, not at activation.
 */
import * as fs from 'node:fs';
import * as vscode from 'vscode';
import type * as Lsp from './lsp';

export const SERVER_MODULE = 'server/out/server.js';

export type ClientState = 'stopped' | 'starting' | 'running' | 'failed';

function loadLsp(): typeof Lsp {
  // a separate bundle next to this one (client/out/lsp.js); see scripts/build.mjs
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require('./lsp') as typeof Lsp;
}

export class PodsecClient implements vscode.Disposable {
  private lsp: typeof Lsp | undefined;
  private client: Lsp.LanguageClient | undefined;
  private starting: Promise<Lsp.LanguageClient | undefined> | undefined;
  private state: ClientState = 'stopped';
  private readonly stateEmitter = new vscode.EventEmitter<ClientState>();
  /** diagnostics of each document's saved text (for `run: onSave`) */
  private readonly saved = new Map<string, vscode.Diagnostic[]>();
  private readonly disposables: vscode.Disposable[] = [];
  /** notification handlers, registered with every client started */
  private readonly notificationHandlers = new Map<string, Set<() => void>>();

  readonly onDidChangeState = this.stateEmitter.event;

  constructor(
    private readonly context: vscode.ExtensionContext,
    private readonly log: vscode.LogOutputChannel,
    private readonly showDocsCommand: string,
  ) {
    this.disposables.push(
      this.stateEmitter,
      vscode.workspace.onDidCloseTextDocument((doc) => this.saved.delete(doc.uri.toString())),
    );
  }

  get current(): ClientState {
    return this.state;
  }

  private isRunning(client: Lsp.LanguageClient | undefined): client is Lsp.LanguageClient {
    return !!client && !!this.lsp && client.state === this.lsp.State.Running;
  }

  /** The running client, starting it first if needed; undefined when the server cannot start. */
  start(): Promise<Lsp.LanguageClient | undefined> {
    if (this.isRunning(this.client)) return Promise.resolve(this.client);
    this.starting ??= this.doStart().finally(() => {
      this.starting = undefined;
    });
    return this.starting;
  }

  async stop(): Promise<void> {
    await this.starting?.catch(() => undefined);
    const client = this.client;
    this.client = undefined;
    if (client && this.lsp) {
      try {
        if (client.state !== this.lsp.State.Stopped) await client.stop(5000);
      } catch (e) {
        this.log.warn(`stopping the language server: ${errorText(e)}`);
      }
      await client.dispose().catch(() => undefined);
    }
    this.saved.clear();
    this.setState('stopped');
  }

  async restart(): Promise<Lsp.LanguageClient | undefined> {
    this.log.info('restarting the language server');
    await this.stop();
    return this.start();
  }

  /** A request to the running server; undefined when it is not running or the request fails. */
  async request<R>(method: string, params: unknown): Promise<R | undefined> {
    const client = this.client;
    if (!this.isRunning(client)) return undefined;
    try {
      return await client.sendRequest<R>(method, params);
    } catch (e) {
      this.log.debug(`${method}: ${errorText(e)}`);
      return undefined;
    }
  }

  /** Handle a notification (without parameters) from the server, from this and every later start. */
  onNotification(method: string, handler: () => void): vscode.Disposable {
    let set = this.notificationHandlers.get(method);
    if (!set) {
      set = new Set();
      this.notificationHandlers.set(method, set);
      const handlers = set;
      if (this.client) this.client.onNotification(method, () => handlers.forEach((h) => h()));
    }
    set.add(handler);
    const handlers = set;
    return new vscode.Disposable(() => handlers.delete(handler));
  }

  /** Whether the running server announced an experimental capability. */
  serverSupports(name: string): boolean {
    const experimental = this.client?.initializeResult?.capabilities.experimental as Record<string, unknown> | undefined;
    return !!experimental?.[name];
  }

  dispose(): void {
    void this.stop();
    for (const d of this.disposables) d.dispose();
  }

  private setState(s: ClientState): void {
    if (this.state === s) return;
    this.state = s;
    this.stateEmitter.fire(s);
  }

  private fail(message: string): undefined {
    this.log.error(message);
    this.setState('failed');
    void vscode.window.showErrorMessage(`PodSec: ${message}`, 'Show Output').then((a) => a && this.log.show());
    return undefined;
  }

  private async doStart(): Promise<Lsp.LanguageClient | undefined> {
    const serverModule = this.context.asAbsolutePath(SERVER_MODULE);
    if (!fs.existsSync(serverModule)) {
      return this.fail(`the language server is missing (${serverModule}). Reinstall the extension, or run "npm run build" in a source checkout.`);
    }
    this.setState('starting');
    const started = Date.now();
    let client: Lsp.LanguageClient;
    try {
      this.lsp ??= loadLsp();
      client = this.lsp.createLanguageClient(serverModule, this.log, this.saved, this.showDocsCommand);
    } catch (e) {
      return this.fail(`the language client could not be created: ${errorText(e)}`);
    }
    this.client = client;
    for (const [method, handlers] of this.notificationHandlers) client.onNotification(method, () => handlers.forEach((h) => h()));
    try {
      await client.start();
    } catch (e) {
      if (this.client === client) this.client = undefined;
      return this.fail(`the language server did not start: ${errorText(e)}`);
    }
    if (this.client !== client) return undefined; // stopped while starting
    this.log.info(`language server running (started in ${Date.now() - started} ms, workspace ${vscode.workspace.isTrusted ? 'trusted' : 'untrusted'})`);
    this.setState('running');
    const { State } = this.lsp;
    client.onDidChangeState((e) => {
      if (this.client !== client) return;
      if (e.newState === State.Running) this.setState('running');
      else if (e.newState === State.Starting) this.setState('starting');
      else this.setState('stopped');
    });
    return client;
  }
}

export function errorText(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}
