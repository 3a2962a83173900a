/** Helpers for the extension-host tests: files in the test workspace, waiting for diagnostics. */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';

/** compiled to test/build/e2e-exthost: the repository is three levels up */
export const repoRoot = path.resolve(__dirname, '../../..');
export const resultsDir = path.join(repoRoot, 'test-results');
export const EXTENSION_ID = 'podsec.podsec';

/** What the runner (test/e2e/run-e2e.mjs) says about this run. */
export interface RunContext {
  mode: 'vsix' | 'source';
  vsix?: string;
  /** the pass in an untrusted workspace */
  untrusted?: boolean;
}

export function runContext(): RunContext {
  try {
    return JSON.parse(fs.readFileSync(path.join(resultsDir, 'e2e-context.json'), 'utf8')) as RunContext;
  } catch {
    return { mode: 'source' };
  }
}

export function workspaceFolder(): vscode.WorkspaceFolder {
  const f = vscode.workspace.workspaceFolders?.[0];
  assert.ok(f, 'the tests need a workspace folder');
  return f;
}

export function fileUri(name: string): vscode.Uri {
  return vscode.Uri.joinPath(workspaceFolder().uri, name);
}

export async function writeFile(name: string, text: string): Promise<vscode.Uri> {
  const uri = fileUri(name);
  await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(text));
  return uri;
}

export async function readFile(name: string): Promise<string> {
  // ignoreBOM: keep a byte order mark in the text (the default decoder drops it)
  return new TextDecoder('utf-8', { ignoreBOM: true }).decode(await vscode.workspace.fs.readFile(fileUri(name)));
}

export async function deleteFile(name: string): Promise<void> {
  try {
    await vscode.workspace.fs.delete(fileUri(name));
  } catch {
    // not there
  }
}

export async function open(uri: vscode.Uri): Promise<vscode.TextEditor> {
  const doc = await vscode.workspace.openTextDocument(uri);
  return vscode.window.showTextDocument(doc, { preview: false });
}

/**
 * Closes every editor; unsaved changes of the tests' own documents (in the workspace) are reverted
 * first, so that no save dialog opens. A document of the workbench's own outside the workspace (the
 * user settings, which code-server sometimes holds in a state it cannot show) is left to it.
 */
export async function closeAll(): Promise<void> {
  for (const doc of vscode.workspace.textDocuments.filter((d) => d.isDirty && !d.isUntitled)) {
    try {
      await vscode.window.showTextDocument(doc);
      await vscode.commands.executeCommand('workbench.action.files.revert');
    } catch (e) {
      if (vscode.workspace.getWorkspaceFolder(doc.uri)) throw e;
    }
  }
  await vscode.commands.executeCommand('workbench.action.closeAllEditors');
}

export function ruleId(d: vscode.Diagnostic): string {
  return String(typeof d.code === 'object' ? d.code.value : d.code);
}

export function podsecDiagnostics(uri: vscode.Uri): vscode.Diagnostic[] {
  return vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'podsec');
}

/** Polls `probe` until it returns something other than undefined. */
export async function waitFor<T>(what: string | (() => string), probe: () => T | undefined | Promise<T | undefined>, timeoutMs = 30_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < end) {
    try {
      const v = await probe();
      if (v !== undefined) return v;
    } catch (e) {
      last = e;
    }
    await sleep(50);
  }
  const described = typeof what === 'function' ? what() : what;
  throw new Error(`timed out after ${timeoutMs} ms waiting for ${described}${last ? ` (last error: ${String(last)})` : ''}`);
}

/** Waits until the podsec diagnostics of `uri` satisfy `ok`, and returns them. */
export function waitForDiagnostics(uri: vscode.Uri, what: string, ok: (ds: vscode.Diagnostic[]) => boolean, timeoutMs = 30_000): Promise<vscode.Diagnostic[]> {
  return waitFor(
    () => `${what} in ${path.basename(uri.path)} (now: ${describe(podsecDiagnostics(uri))})`,
    () => {
      const ds = podsecDiagnostics(uri);
      return ok(ds) ? ds : undefined;
    },
    timeoutMs,
  );
}

/** Asserts that nothing changes the podsec diagnostics of `uri` to satisfy `bad` for `ms`. */
export async function assertStays(uri: vscode.Uri, what: string, bad: (ds: vscode.Diagnostic[]) => boolean, ms = 1500): Promise<void> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    assert.ok(!bad(podsecDiagnostics(uri)), `${what}: ${describe(podsecDiagnostics(uri))}`);
    await sleep(50);
  }
}

export function describe(ds: vscode.Diagnostic[]): string {
  return ds.length
    ? ds.map((d) => `${d.code === undefined ? JSON.stringify(d.message.slice(0, 40)) : ruleId(d)}@${d.range.start.line}:${d.range.start.character}`).join(', ')
    : 'none';
}

export function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

const SECTION = 'podsec';

export async function setSetting(key: string, value: unknown, section = SECTION): Promise<void> {
  await vscode.workspace.getConfiguration(section).update(key, value, vscode.ConfigurationTarget.Workspace);
}

export async function clearSettings(keys: string[], section = SECTION): Promise<void> {
  for (const k of keys) await vscode.workspace.getConfiguration(section).update(k, undefined, vscode.ConfigurationTarget.Workspace);
}

/** Text of the fixture files under test/e2e/workspace (the workspace is a copy of it). */
export function fixture(name: string): string {
  return fs.readFileSync(path.join(repoRoot, 'test', 'e2e', 'workspace', name), 'utf8');
}
