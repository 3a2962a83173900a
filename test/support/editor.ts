/**
 * What the language server should publish for a whole text: every unsuppressed finding of a full
 * analysis (at most 1000), except YAML syntax findings in a file that is not a manifest (no
 * top-level apiVersion or kind anywhere, not an RKE2 config), which editors keep quiet about.
 */
import type { Diagnostic } from 'vscode-languageserver-protocol';
import { toEngineOptions } from '../../server/src/config/keys';
import { claimsAsRke2Config, looksLikeManifest } from '../../server/src/engine/file-kind';
import { analyzeText } from '../../server/src/engine/pipeline';
import { resolveRuleSet } from '../../server/src/engine/profiles';
import { RuleDocs, toDiagnostic } from '../../server/src/lsp/diagnostics';

export function editorDiagnostics(text: string, filePath: string, uri: string, docs: RuleDocs): Diagnostic[] {
  const quiet = !looksLikeManifest(text) && !claimsAsRke2Config(filePath, text);
  return analyzeText(text, resolveRuleSet(toEngineOptions({}, filePath)))
    .findings.filter((f) => !f.suppressed && !(quiet && f.ruleId === 'yaml-syntax'))
    .slice(0, 1000)
    .map((f) => toDiagnostic(f, uri, docs));
}
