/**
 * PodSec for VS Code: the client side only. Rules, fixes and settings live in the language
 * server (server/out/server.js); this file wires the editor to it.
 *
 * Activation (on the first YAML or Helm file) registers commands and the status bar item and
 * returns at once; the language server starts right after, without holding activation up.
 */
import { loadStart } from './timing';
import * as vscode from 'vscode';
import { COMMANDS, registerCommands } from './commands';
import { ComplianceView } from './compliance';
import { PodsecClient } from './languageClient';
import { PodsecStatus } from './status';

export interface PodsecApi {
  /**
   * Milliseconds, on the extension's own clock: evaluating the bundle (`moduleMs`), the
   * activate() call (`activateMs`), and their sum (`ownMs`, the extension's share of
   * activation). `waitMs` is the time VS Code spent between the two (creating the extension
   * context), which the extension does not control.
   */
  activation: { moduleMs: number; waitMs: number; activateMs: number; ownMs: number };
  /** resolves once the language server runs (false when it could not start) */
  serverReady(): Promise<boolean>;
}

let client: PodsecClient | undefined;
/** end of this bundle's evaluation (every import above has run) */
const loadEnd = performance.now();

export function activate(context: vscode.ExtensionContext): PodsecApi {
  const activateStart = performance.now();
  const log = vscode.window.createOutputChannel('PodSec', { log: true });
  client = new PodsecClient(context, log, COMMANDS.showRuleDocumentation);
  const c = client;
  const compliance = new ComplianceView(c);
  context.subscriptions.push(
    log,
    c,
    compliance,
    new PodsecStatus(context, c, COMMANDS.chooseProfile),
    ...registerCommands(context, c, log, compliance),
    // the server narrows what it reads in an untrusted workspace: start it afresh once trusted
    vscode.workspace.onDidGrantWorkspaceTrust(() => void c.restart()),
  );
  // start the server after activation has returned
  const ready = new Promise<boolean>((resolve) =>
    setImmediate(() => {
      c.start().then(
        (x) => resolve(!!x),
        () => resolve(false),
      );
    }),
  );
  const end = performance.now();
  const activation = {
    moduleMs: round(loadEnd - loadStart),
    waitMs: round(activateStart - loadEnd),
    activateMs: round(end - activateStart),
    ownMs: round(loadEnd - loadStart + (end - activateStart)),
  };
  log.info(`activated: ${activation.ownMs} ms of its own (bundle ${activation.moduleMs} ms, activate() ${activation.activateMs} ms)`);
  return { activation, serverReady: () => ready };
}

export async function deactivate(): Promise<void> {
  await client?.stop();
  client = undefined;
}

function round(ms: number): number {
  return Math.round(ms * 100) / 100;
}
