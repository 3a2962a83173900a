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
import { PodsecClient } from './languageClient';
import { PodsecStatus } from './status';

export interface PodsecApi {
  /** milliseconds: loading the bundle, then the activate call, as measured by the extension */
  activation: { loadMs: number; activateMs: number; totalMs: number };
  /** resolves once the language server runs (false when it could not start) */
  serverReady(): Promise<boolean>;
}

let client: PodsecClient | undefined;

export function activate(context: vscode.ExtensionContext): PodsecApi {
  const activateStart = performance.now();
  const log = vscode.window.createOutputChannel('PodSec', { log: true });
  client = new PodsecClient(context, log, COMMANDS.showRuleDocumentation);
  const c = client;
  context.subscriptions.push(
    log,
    c,
    new PodsecStatus(context, c, COMMANDS.chooseProfile),
    ...registerCommands(context, c, log),
    // the server narrows what it reads in an untrusted workspace: start it afresh once trusted
    vscode.workspace.onDidGrantWorkspaceTrust(() => void c.restart()),
  );
  // start the server after activation has returned
  const ready = new Promise<boolean>((resolve) => setImmediate(() => c.start().then((x) => resolve(!!x), () => resolve(false))));
  const end = performance.now();
  const activation = {
    loadMs: round(activateStart - loadStart),
    activateMs: round(end - activateStart),
    totalMs: round(end - loadStart),
  };
  log.info(`activated in ${activation.totalMs} ms (bundle load ${activation.loadMs} ms, activate ${activation.activateMs} ms)`);
  return { activation, serverReady: () => ready };
}

export async function deactivate(): Promise<void> {
  await client?.stop();
  client = undefined;
}

function round(ms: number): number {
  return Math.round(ms * 100) / 100;
}
