// A minimal LSP client over stdio (vscode-languageserver-protocol), enough to time a language
// server the way an editor uses it: open a document, edit it, and wait for its diagnostics,
// pulled (`textDocument/diagnostic`, as VS Code does) or pushed (`publishDiagnostics`, as
// Neovim does).
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const lsp = require('vscode-languageserver-protocol/node');

const WAIT_LIMIT_MS = 300_000;

export class LspSession {
  /**
   * @param {object} o
   * @param {string[]} o.command   executable and arguments
   * @param {(section: string) => unknown} o.settings   answers workspace/configuration
   * @param {boolean} o.pull   advertise pull diagnostics
   * @param {Record<string, (params: unknown) => unknown>} [o.requests]   extra server->client requests
   * @param {string | null} o.rootDir   the workspace folder (null: none, files are opened on their own)
   */
  static async start(o) {
    const s = new LspSession();
    await s.init(o);
    return s;
  }

  async init({ command, settings, pull, requests = {}, rootDir, initializationOptions, env = {} }) {
    this.proc = spawn(command[0], command.slice(1), { stdio: ['pipe', 'pipe', 'pipe'], env: { ...process.env, ...env } });
    this.stderr = '';
    this.proc.stderr.on('data', (d) => {
      if (this.stderr.length < 20_000) this.stderr += d;
    });
    this.exited = new Promise((resolve) => this.proc.on('exit', (code, signal) => resolve({ code, signal })));
    this.conn = lsp.createProtocolConnection(new lsp.StreamMessageReader(this.proc.stdout), new lsp.StreamMessageWriter(this.proc.stdin));
    this.waiters = [];
    this.publishes = 0;
    this.conn.onNotification(lsp.PublishDiagnosticsNotification.type, (p) => this.onPublish(p));
    this.conn.onRequest(lsp.ConfigurationRequest.type, (p) => p.items.map((i) => settings(i.section ?? '')));
    this.conn.onRequest(lsp.RegistrationRequest.type, () => null);
    this.conn.onRequest(lsp.UnregistrationRequest.type, () => null);
    this.conn.onRequest(lsp.WorkDoneProgressCreateRequest.type, () => null);
    this.conn.onRequest(lsp.ShowMessageRequest.type, () => null);
    // the server asks for a new pull when a long analysis whose first diagnostics it sent early is done
    this.refreshes = 0;
    this.refreshWaiters = [];
    this.conn.onRequest('workspace/diagnostic/refresh', () => {
      this.refreshes++;
      for (const w of this.refreshWaiters.splice(0)) w();
      return null;
    });
    for (const [method, handler] of Object.entries(requests)) this.conn.onRequest(method, handler);
    this.logs = [];
    this.logWaiters = [];
    this.conn.onNotification(lsp.LogMessageNotification.type, (m) => {
      const entry = { at: performance.now(), message: m.message };
      if (this.logs.length < 1000) this.logs.push(entry);
      for (const w of [...this.logWaiters]) {
        if (!w.test.test(m.message)) continue;
        this.logWaiters.splice(this.logWaiters.indexOf(w), 1);
        clearTimeout(w.timer);
        w.resolve(entry);
      }
    });
    this.conn.onNotification(lsp.ShowMessageNotification.type, (m) => {
      this.messages = [...(this.messages ?? []), m.message];
    });
    this.conn.onNotification(lsp.TelemetryEventNotification.type, () => {});
    this.conn.listen();
    const rootUri = rootDir === null ? null : pathToFileURL(rootDir).href;
    this.initResult = await this.conn.sendRequest(lsp.InitializeRequest.type, {
      processId: process.pid,
      rootUri,
      workspaceFolders: rootUri === null ? null : [{ uri: rootUri, name: 'bench' }],
      initializationOptions,
      capabilities: {
        workspace: {
          configuration: true,
          didChangeConfiguration: { dynamicRegistration: true },
          didChangeWatchedFiles: { dynamicRegistration: true },
          workspaceFolders: true,
          // as VS Code does
          diagnostics: { refreshSupport: !!pull },
        },
        textDocument: {
          synchronization: { dynamicRegistration: true, didSave: true },
          publishDiagnostics: { relatedInformation: true, versionSupport: true, codeDescriptionSupport: true, dataSupport: true },
          ...(pull ? { diagnostic: { dynamicRegistration: true, relatedDocumentSupport: false } } : {}),
          codeAction: { codeActionLiteralSupport: { codeActionKind: { valueSet: ['quickfix', 'source.fixAll'] } } },
          hover: { contentFormat: ['markdown', 'plaintext'] },
        },
      },
    });
    this.initializedAt = performance.now();
    await this.conn.sendNotification(lsp.InitializedNotification.type, {});
    this.pull = pull;
  }

  /** The first log line matching `test` (one already logged, or the next). */
  waitLog(test) {
    const seen = this.logs.find((l) => test.test(l.message));
    if (seen) return Promise.resolve(seen);
    return new Promise((resolve, reject) => {
      const w = { test, resolve };
      w.timer = setTimeout(() => {
        this.logWaiters.splice(this.logWaiters.indexOf(w), 1);
        reject(new Error(`no log line ${test} within ${WAIT_LIMIT_MS / 1000} s`));
      }, WAIT_LIMIT_MS);
      this.logWaiters.push(w);
    });
  }

  notify(type, params) {
    return this.conn.sendNotification(type, params);
  }

  onPublish(p) {
    this.publishes++;
    const now = performance.now();
    for (const w of [...this.waiters]) {
      if (w.uri !== p.uri) continue;
      if (p.version != null && w.version != null && p.version < w.version) continue;
      this.waiters.splice(this.waiters.indexOf(w), 1);
      clearTimeout(w.timer);
      w.resolve({ at: now, diagnostics: p.diagnostics, version: p.version });
    }
  }

  /** The next pushed diagnostics for `uri` (for `version` or later when the server says). */
  nextPush(uri, version) {
    return new Promise((resolve, reject) => {
      const w = { uri, version, resolve };
      w.timer = setTimeout(() => {
        this.waiters.splice(this.waiters.indexOf(w), 1);
        reject(new Error(`no diagnostics for ${uri} within ${WAIT_LIMIT_MS / 1000} s`));
      }, WAIT_LIMIT_MS);
      this.waiters.push(w);
    });
  }

  /** Pull diagnostics; resolves with the report and the time it arrived. */
  async pullDiagnostics(uri, previousResultId) {
    const report = await this.conn.sendRequest(lsp.DocumentDiagnosticRequest.type, { textDocument: { uri }, previousResultId });
    return { at: performance.now(), report };
  }

  /**
   * Open a document; resolves with milliseconds until its first diagnostics, and them, and (`completeMs`)
   * until the complete report when the first ones came early (a long analysis: the server says it is
   * still analysing, and pushes again or asks for a new pull when it is done).
   */
  async open(uri, text, languageId = 'yaml') {
    this.docs ??= new Map();
    this.docs.set(uri, { version: 1, resultId: undefined });
    const pushed = this.pull ? undefined : this.nextPush(uri, 1);
    const refreshes = this.refreshes;
    const t0 = performance.now();
    await this.notify(lsp.DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId, version: 1, text } });
    const first = await this.diagnosticsAfter(uri, t0, pushed);
    if (!first.interim) return { ...first, completeMs: first.ms };
    let complete;
    if (this.pull) {
      if (this.refreshes === refreshes) await new Promise((resolve) => this.refreshWaiters.push(resolve));
      complete = await this.diagnosticsAfter(uri, t0, undefined);
    } else complete = await this.diagnosticsAfter(uri, t0, this.nextPush(uri, 1));
    return { ...first, completeMs: complete.ms };
  }

  /** Apply one incremental change; resolves with milliseconds until the new diagnostics. */
  async change(uri, range, text) {
    const doc = this.docs.get(uri);
    doc.version++;
    const pushed = this.pull ? undefined : this.nextPush(uri, doc.version);
    const t0 = performance.now();
    await this.notify(lsp.DidChangeTextDocumentNotification.type, { textDocument: { uri, version: doc.version }, contentChanges: [{ range, text }] });
    return this.diagnosticsAfter(uri, t0, pushed);
  }

  async diagnosticsAfter(uri, t0, pushed) {
    // the note of a report sent before the analysis is done
    const interim = (items) => /still analysing/.test(items[0]?.message ?? '');
    if (pushed) {
      const r = await pushed;
      return { ms: r.at - t0, count: r.diagnostics.length, interim: interim(r.diagnostics) };
    }
    const doc = this.docs.get(uri);
    const r = await this.pullDiagnostics(uri, doc.resultId);
    if (r.report.resultId) doc.resultId = r.report.resultId;
    if (r.report.kind === 'full') doc.count = r.report.items.length;
    return { ms: r.at - t0, count: doc.count, kind: r.report.kind, interim: r.report.kind === 'full' && interim(r.report.items) };
  }

  /** Resident set size now and at its peak, in MB (Linux). */
  memory() {
    try {
      const status = readFileSync(`/proc/${this.proc.pid}/status`, 'utf8');
      const kb = (k) => Number(new RegExp(`^${k}:\\s+(\\d+)`, 'm').exec(status)?.[1] ?? NaN);
      return { rssMB: Number((kb('VmRSS') / 1024).toFixed(0)), peakRssMB: Number((kb('VmHWM') / 1024).toFixed(0)) };
    } catch {
      return { rssMB: null, peakRssMB: null };
    }
  }

  async stop() {
    try {
      await Promise.race([this.conn.sendRequest(lsp.ShutdownRequest.type), new Promise((r) => setTimeout(r, 5000))]);
      await this.conn.sendNotification(lsp.ExitNotification.type);
    } catch {
      // the process is killed below
    }
    const t = setTimeout(() => this.proc.kill('SIGKILL'), 5000);
    await this.exited;
    clearTimeout(t);
    this.conn.dispose();
  }
}

/** Offset -> LSP position (UTF-16, "\n" line breaks as the corpora use). */
export function positionAt(text, offset) {
  let line = 0;
  let ls = 0;
  for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) {
    line++;
    ls = i + 1;
  }
  return { line, character: offset - ls };
}
