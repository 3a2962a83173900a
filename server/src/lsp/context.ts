/**
 * What every part of the server shares: the connection, logging, the client's features, the
 * workspace, the open documents and the rule documentation. The modules beside this one
 * (document-config, diagnostics-scheduler, commands, requests) each take the context and own
 * their own state; server.ts only wires them to the protocol.
 */
import { MessageType, ShowMessageNotification, type Connection } from 'vscode-languageserver/node';
import { errorText } from '../node/errors';
import { clientFeatures, type ClientFeatures } from './client-features';
import { RuleDocs } from './diagnostics';
import type { DocState } from './document-state';
import { Workspace } from './workspace';

declare const PODSEC_VERSION: string;
export const VERSION = typeof PODSEC_VERSION === 'string' ? PODSEC_VERSION : '0.0.0-dev';

export interface ServerOptions {
  /** folder holding `docs/rules` (the extension or package root) */
  packageRoot: string;
}

export class ServerContext {
  /** the client's features: none until `initialize` tells them */
  features: ClientFeatures = clientFeatures({});
  readonly workspace = new Workspace();
  /** open documents by URI */
  readonly documents = new Map<string, DocState>();
  readonly ruleDocs: RuleDocs;
  shuttingDown = false;
  /** a document still being analysed after this long gets its first diagnostics early (see diagnostics-scheduler.ts) */
  firstReportMs = 1000;

  constructor(
    readonly connection: Connection,
    options: ServerOptions,
  ) {
    this.ruleDocs = new RuleDocs(options.packageRoot);
  }

  log(message: string): void {
    this.connection.console.log(message);
  }

  error(message: string): void {
    this.connection.console.error(message);
  }

  /** A message for the user (a notification: no answer is awaited). */
  tell(type: MessageType, message: string): void {
    void this.connection.sendNotification(ShowMessageNotification.type, { type, message });
  }

  /** Log an unexpected failure with its stack. */
  failed(where: string, e: unknown): void {
    this.error(`podsec: ${where} failed: ${errorText(e, 'stack')}`);
  }

  /** Run a handler; an exception is logged and answered with `fallback`, never a dead server. */
  guard<T>(where: string, fallback: T, fn: () => T): T {
    try {
      return fn();
    } catch (e) {
      this.failed(where, e);
      return fallback;
    }
  }

  async guardAsync<T>(where: string, fallback: T, fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (e) {
      this.failed(where, e);
      return fallback;
    }
  }
}
