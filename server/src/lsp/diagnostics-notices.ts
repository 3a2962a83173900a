/**
 * Diagnostics of a document that is not analysed as a manifest: an open `.podsec.yaml` (its
 * problems) and a file above the editor's size limit (one note).
 */
import { Diagnostic, DiagnosticSeverity } from 'vscode-languageserver/node';
import { parseConfig } from '../config/parse';
import { SOURCE } from './diagnostics';
import type { ReportEntry } from './diagnostics-report';

const BYTES_PER_MB = 1024 * 1024;

/** An open `.podsec.yaml`: its problems. */
export function configFileDiagnostics(text: string): { items: Diagnostic[]; entries: ReportEntry[] } {
  const { problems } = parseConfig(text.replace(/^\ufeff/, ''));
  const items: Diagnostic[] = problems.map((p) => ({
    range: p.range,
    severity: p.severity === 'error' ? DiagnosticSeverity.Error : DiagnosticSeverity.Warning,
    source: SOURCE,
    message: p.message,
  }));
  return { items, entries: [{ sig: JSON.stringify(items), line: 0 }] };
}

export function tooLarge(size: number, maxChars: number): { items: Diagnostic[]; entries: ReportEntry[] } {
  const mb = (n: number) => (n >= BYTES_PER_MB ? `${(n / BYTES_PER_MB).toFixed(1)} MB` : `${Math.round(n / 1024)} KB`);
  const message = `podsec did not analyse this file: it is ${mb(size)}, above the editor limit of ${mb(maxChars)} (maxFileSizeMB). Run \`podsec check\` on it, or raise the limit.`;
  return {
    items: [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, severity: DiagnosticSeverity.Information, source: SOURCE, message }],
    entries: [{ sig: message, line: 0 }],
  };
}
