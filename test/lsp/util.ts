/** Helpers for the language-server tests. */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Diagnostic, TextEdit, WorkspaceEdit } from 'vscode-languageserver-protocol';
import { ruleDocsUrl } from '../../server/src/engine/docs';
import { LineIndex } from '../../server/src/engine/text';
import { fileUri, ROOT } from './harness';

export const FIXTURES = path.join(__dirname, '..', '..', '..', '..', 'test', 'lsp', 'fixtures');

export function fixture(name: string): string {
  return fs.readFileSync(path.join(FIXTURES, name), 'utf8');
}

/** Apply LSP edits (non-overlapping, positions in `text`) to a text. */
export function applyTextEdits(text: string, edits: readonly TextEdit[]): string {
  const lines = new LineIndex(text);
  const abs = edits.map((e) => ({ s: lines.offset(e.range.start), e: lines.offset(e.range.end), t: e.newText })).sort((a, b) => b.s - a.s || b.e - a.e);
  let out = text;
  let floor = Infinity;
  for (const x of abs) {
    if (x.e > floor) throw new Error('overlapping edits');
    out = out.slice(0, x.s) + x.t + out.slice(x.e);
    floor = x.s;
  }
  return out;
}

/** The edits of a workspace edit for one document. */
export function editsFor(edit: WorkspaceEdit | undefined, uri: string): TextEdit[] {
  if (!edit) return [];
  if (edit.documentChanges) {
    const out: TextEdit[] = [];
    for (const dc of edit.documentChanges) if ('textDocument' in dc && dc.textDocument.uri === uri) out.push(...(dc.edits as TextEdit[]));
    return out;
  }
  return edit.changes?.[uri] ?? [];
}

/** A compact, exact view of diagnostics: [code, severity, startLine, startChar, endLine, endChar, message]. */
export function brief(diags: readonly Diagnostic[]): [string | number | undefined, number | undefined, number, number, number, number, string][] {
  return diags.map((d) => [
    d.code,
    d.severity,
    d.range.start.line,
    d.range.start.character,
    d.range.end.line,
    d.range.end.character,
    typeof d.message === 'string' ? d.message : d.message.value,
  ]);
}

/** The whole-document change that turns `from` into `to` (a single range replacement). */
export function rangeChange(
  from: string,
  to: string,
): { range: { start: { line: number; character: number }; end: { line: number; character: number } }; text: string } {
  let p = 0;
  while (p < from.length && p < to.length && from[p] === to[p]) p++;
  // LSP positions cannot point between the two characters of a CRLF
  if (p > 0 && from[p - 1] === '\r' && from[p] === '\n') p--;
  let s = 0;
  while (s < from.length - p && s < to.length - p && from[from.length - 1 - s] === to[to.length - 1 - s]) s++;
  if (s > 0 && from[from.length - s] === '\n' && from[from.length - s - 1] === '\r') s--;
  const lines = new LineIndex(from);
  return { range: lines.range(p, from.length - s), text: to.slice(p, to.length - s) };
}

/** The documentation link the server gives: the bundled page when it ships, else the public one. */
export function docsHref(ruleId: string): string {
  const local = path.join(ROOT, 'docs', 'rules', `${ruleId}.md`);
  return fs.existsSync(local) ? fileUri(local) : ruleDocsUrl(ruleId);
}
