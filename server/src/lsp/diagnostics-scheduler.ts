/**
 * When and what diagnostics a document gets. Clients that pull (`textDocument/diagnostic`) are
 * answered on request, with "unchanged" when nothing they show changed; the others get a push
 * after a per-document delay (`podsec.delayMs`). Analysis runs in slices, so the server keeps
 * reading its message queue, and stops when the text changes under it.
 */
import {
  Diagnostic,
  DocumentDiagnosticReportKind,
  LSPErrorCodes,
  ResponseError,
  type CancellationToken,
  type DocumentDiagnosticParams,
  type DocumentDiagnosticReport,
} from 'vscode-languageserver/node';
import { EDITOR_DEFAULTS } from '../config/editor-keys';
import type { ServerContext } from './context';
import { configFileDiagnostics, tooLarge } from './diagnostics-notices';
import { buildReport, interimReport, quietSyntaxFor, sameEntries, type ReportEntry } from './diagnostics-report';
import type { DocumentConfig } from './document-config';
import type { DocState } from './document-state';

/** Longest stretch of analysis before the server looks at its message queue again. */
const SLICE_MS = 25;

interface Outcome {
  items: Diagnostic[];
  entries: ReportEntry[];
}

const yieldToEventLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

export class DiagnosticsScheduler {
  private resultCounter = 0;

  constructor(
    private readonly ctx: ServerContext,
    private readonly config: DocumentConfig,
    /** a document's analysis is complete (the workspace index and the compliance store take its results) */
    private readonly analysed: (state: DocState) => void,
  ) {}

  /** The text changed: analyse after the delay when analysing while typing. */
  changed(state: DocState): void {
    const editor = state.conf?.editor ?? EDITOR_DEFAULTS;
    if (editor.run === 'onType') this.schedule(state, editor.delayMs);
    else if (state.timer) clearTimeout(state.timer);
  }

  /** The document was saved: analyse it now when analysing on save. */
  saved(state: DocState): void {
    if (state.conf?.editor.run !== 'onSave') return;
    if (this.ctx.features.pull) this.refreshAll();
    else this.schedule(state, 0);
  }

  /** Every document's diagnostics again (the configuration changed). */
  refreshAll(): void {
    if (this.ctx.shuttingDown) return;
    if (this.ctx.features.pull) {
      if (this.ctx.features.refreshSupport) this.ctx.connection.languages.diagnostics.refresh().catch((e) => this.ctx.failed('diagnostic refresh', e));
    } else {
      for (const state of this.ctx.documents.values()) this.schedule(state, 0);
    }
  }

  /** Documents whose findings a change of facts elsewhere may have changed (workspace-index.ts). */
  rejudged(states: readonly DocState[]): void {
    if (this.ctx.features.pull) this.refreshAll();
    else for (const state of states) this.schedule(state, 0);
  }

  /** Push a document's diagnostics after `delay` ms (clients that do not pull). */
  schedule(state: DocState, delay: number): void {
    if (this.ctx.features.pull || this.ctx.shuttingDown || state.closed) return;
    if (state.timer) clearTimeout(state.timer);
    const token = state.runToken;
    state.timer = setTimeout(() => {
      state.timer = undefined;
      void this.push(state, token);
    }, delay);
  }

  /** Answer a `textDocument/diagnostic` request. */
  async pull(params: DocumentDiagnosticParams, token: CancellationToken): Promise<DocumentDiagnosticReport> {
    const state = this.ctx.documents.get(params.textDocument.uri);
    if (!state) return { kind: DocumentDiagnosticReportKind.Full, items: [] };
    try {
      const conf = await this.config.ensure(state);
      let out: Outcome | undefined;
      if (conf.editor.run === 'onSave' && state.dirty && state.lastPull) {
        out = { items: state.lastPull.items, entries: state.lastPull.entries };
      } else {
        out = await this.computeOrFirst(state, () => token.isCancellationRequested || this.ctx.shuttingDown);
      }
      if (!out) throw new ResponseError(LSPErrorCodes.ServerCancelled, 'The document changed; ask again.', { retriggerRequest: true });
      const last = state.lastPull;
      if (last && params.previousResultId === last.resultId && sameEntries(last.entries, out.entries)) {
        return { kind: DocumentDiagnosticReportKind.Unchanged, resultId: last.resultId };
      }
      const resultId = `${++this.resultCounter}`;
      state.lastPull = { resultId, entries: out.entries, items: out.items };
      return { kind: DocumentDiagnosticReportKind.Full, resultId, items: out.items };
    } catch (e) {
      if (e instanceof ResponseError) throw e;
      this.ctx.failed(`textDocument/diagnostic for ${state.uri}`, e);
      return { kind: DocumentDiagnosticReportKind.Full, items: [] };
    }
  }

  /**
   * For a pull: the document's diagnostics, or its first ones when the client can be asked to
   * pull again (refresh); the analysis then goes on, and the client is asked once it is done.
   */
  private async computeOrFirst(state: DocState, stale: () => boolean): Promise<Outcome | undefined> {
    if (!this.ctx.features.refreshSupport) return this.compute(state, stale);
    let first: ((out: Outcome) => void) | undefined;
    const early = new Promise<Outcome>((resolve) => (first = resolve));
    const done = this.compute(state, stale, (out) => first!(out));
    const winner = await Promise.race([done.then((out) => ({ out, final: true })), early.then((out) => ({ out, final: false }))]);
    if (!winner.final) {
      done.then((out) => out && this.refreshAll()).catch((e) => this.ctx.failed(`diagnostics for ${state.uri}`, e));
    }
    return winner.out;
  }

  private async push(state: DocState, token: object): Promise<void> {
    try {
      const interim = (out: Outcome) => {
        if (state.closed || state.runToken !== token) return;
        this.ctx.connection
          .sendDiagnostics({ uri: state.uri, version: state.version, diagnostics: out.items })
          .catch((e) => this.ctx.failed(`diagnostics for ${state.uri}`, e));
      };
      const out = await this.compute(state, () => state.runToken !== token || this.ctx.shuttingDown, interim);
      if (!out || state.closed || state.runToken !== token) return;
      await this.ctx.connection.sendDiagnostics({ uri: state.uri, version: state.version, diagnostics: out.items });
    } catch (e) {
      this.ctx.failed(`diagnostics for ${state.uri}`, e);
    }
  }

  /**
   * The document's diagnostics now; undefined when `stale()` says the work is no longer wanted.
   * `first` gets the first diagnostics of a long analysis early (see `interimReport`).
   */
  private async compute(state: DocState, stale: () => boolean, first?: (out: Outcome) => void): Promise<Outcome | undefined> {
    const conf = await this.config.ensure(state);
    if (stale() || state.closed) return undefined;
    if (!state.eligible) return { items: [], entries: [] };
    if (state.isConfigFile) return configFileDiagnostics(state.analysis.text);
    if (conf.excluded) return { items: [], entries: [] };
    const size = state.analysis.length;
    if (size > conf.maxChars) return tooLarge(size, conf.maxChars);
    const logErrors = () => state.logRuleErrors((m) => this.ctx.error(m));
    const started = performance.now();
    // whether syntax findings are shown depends on what the analysed chunks look like
    const quietSyntax = () => quietSyntaxFor(state.analysis, state.languageId, state.filePath);
    // the document's facts go to the workspace index, which may re-judge chunks of this document
    // too (a Namespace and its pods in one file); facts do not depend on the judgement, so the
    // second round settles it
    for (let round = 0; ; round++) {
      while (!state.analysis.analyze(performance.now() + SLICE_MS)) {
        logErrors();
        await yieldToEventLoop();
        if (stale() || state.closed) return undefined;
        // the configuration may have changed meanwhile
        if (state.conf !== conf) return this.compute(state, stale, first);
        if (first && round === 0 && performance.now() - started >= this.ctx.firstReportMs) {
          const out = interimReport(state.analysis, state.uri, this.ctx.ruleDocs, conf.editor.maxProblems, quietSyntax(), state.filePath);
          if (out) {
            first(out);
            first = undefined;
          }
        }
      }
      if (round === 2) break;
      this.analysed(state);
      if (state.analysis.complete) break;
    }
    logErrors();
    const doc = state.analysis;
    return buildReport(doc, state.uri, this.ctx.ruleDocs, conf.editor.maxProblems, quietSyntax(), state.filePath);
  }
}
