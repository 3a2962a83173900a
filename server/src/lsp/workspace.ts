/**
 * The workspace as the client describes it: its folders (kept current through
 * `workspace/didChangeWorkspaceFolders`) and whether the editor trusts it.
 */
import { fileURLToPath } from 'node:url';
import type { InitializeParams, WorkspaceFoldersChangeEvent } from 'vscode-languageserver/node';
import type { InitializationOptions } from '../../../shared/protocol';
import type { WorkspaceView } from '../node/config-resolver';

/** The file system path of a `file:` URI; undefined for other schemes (untitled documents, ...). */
export function uriToPath(uri: string): string | undefined {
  if (!uri.startsWith('file:')) return undefined;
  try {
    return fileURLToPath(uri);
  } catch {
    return undefined;
  }
}

export class Workspace implements WorkspaceView {
  trusted = true;
  folders: string[] = [];

  initialize(params: InitializeParams): void {
    const init = (params.initializationOptions ?? {}) as InitializationOptions;
    this.trusted = init.workspaceTrusted !== false;
    const roots = params.workspaceFolders?.map((f) => f.uri) ?? (params.rootUri ? [params.rootUri] : []);
    this.folders = roots.map(uriToPath).filter((p): p is string => !!p);
    if (!this.folders.length && params.rootPath) this.folders = [params.rootPath];
  }

  changeFolders(e: WorkspaceFoldersChangeEvent): void {
    const removed = new Set(e.removed.map((f) => uriToPath(f.uri)));
    this.folders = this.folders.filter((f) => !removed.has(f)).concat(e.added.map((f) => uriToPath(f.uri)).filter((p): p is string => !!p));
  }
}
