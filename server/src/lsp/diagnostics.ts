/**
 * Findings as LSP diagnostics, one at a time: the diagnostic of a finding placed in its document
 * (severity, code, a link to the rule's page, related information in this or another file), the
 * key that maps a client's diagnostic back to its finding, and `RuleDocs`, where each rule's page
 * is. What a document's whole report holds, and whether it changed, is diagnostics-report.ts.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { Diagnostic, DiagnosticSeverity } from 'vscode-languageserver/node';
import { ruleDocsRelativePath, ruleDocsUrl } from '../engine/docs';
import { shiftRange } from '../engine/finding';
import type { Range } from '../engine/text';
import type { Finding, Severity } from '../engine/types';

export const SOURCE = 'podsec';

const SEVERITY: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  info: DiagnosticSeverity.Information,
};

/** Where each rule's page is: the copy shipped next to the server, or the public page. */
export class RuleDocs {
  private readonly cache = new Map<string, string>();

  constructor(private readonly packageRoot: string) {}

  /** Path of the bundled page, when it exists. */
  file(ruleId: string): string | undefined {
    const p = path.join(this.packageRoot, ruleDocsRelativePath(ruleId));
    try {
      return fs.statSync(p).isFile() ? p : undefined;
    } catch {
      return undefined;
    }
  }

  href(ruleId: string): string {
    let h = this.cache.get(ruleId);
    if (!h) {
      const f = this.file(ruleId);
      h = f ? pathToFileURL(f).href : ruleDocsUrl(ruleId);
      this.cache.set(ruleId, h);
    }
    return h;
  }
}

/** The URI of a file a related location names: the document's own URI when it is the document. */
function relatedUri(file: string, uri: string, filePath: string | undefined): string {
  if (filePath !== undefined && path.resolve(file) === path.resolve(filePath)) return uri;
  return pathToFileURL(file).href;
}

/**
 * A finding (placed `lines` below its chunk-relative position) as a diagnostic. A related
 * location in a named file (the namespace label or configuration that set the policy) points
 * into that file, unshifted; `filePath` is the document's own path.
 */
export function toDiagnostic(f: Finding, uri: string, docs: RuleDocs, lines = 0, filePath?: string): Diagnostic {
  const d: Diagnostic = {
    range: shiftRange(f.range, lines),
    severity: SEVERITY[f.severity],
    source: SOURCE,
    code: f.ruleId,
    codeDescription: { href: docs.href(f.ruleId) },
    message: f.message,
  };
  if (f.related.length) {
    d.relatedInformation = f.related.map((r) => ({
      location: r.file !== undefined ? { uri: relatedUri(r.file, uri, filePath), range: r.range } : { uri, range: shiftRange(r.range, lines) },
      message: r.message,
    }));
  }
  return d;
}

/** Identity of a diagnostic for mapping a client's diagnostic back to its finding. */
export function diagnosticKey(range: Range, code: string | number | undefined, message: string): string {
  return `${range.start.line}:${range.start.character}-${range.end.line}:${range.end.character}|${code ?? ''}|${message}`;
}
