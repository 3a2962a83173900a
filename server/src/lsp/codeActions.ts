/**
 * Code actions: the engine's quick fix for a finding, "Fix all podsec problems in this file"
 * (`source.fixAll.podsec`), "Disable <rule> for this line", and "Show documentation for <rule>".
 * A client's diagnostics are mapped back to findings by key (range, code, message) against the
 * current text, so a stale diagnostic gets no stale fix.
 */
import { CodeAction, CodeActionKind, Diagnostic, TextEdit } from 'vscode-languageserver/node';
import { FIX_ALL_KIND, SERVER_COMMANDS } from '../../../shared/protocol';
import { YAML_SYNTAX } from '../engine/chunk-analysis';
import { fixAll, isAutoFixable } from '../engine/fix/apply';
import type { RuleSet } from '../engine/profiles';
import { parseDirectiveBody, SUPPRESSION_REASON, UNUSED_SUPPRESSION } from '../engine/suppress';
import { shiftEdit, type Edit } from '../engine/text';
import type { Finding } from '../engine/types';
import { diagnosticKey, SOURCE } from './diagnostics';
import type { IncrementalAnalysis } from './incremental';

const { showRuleDocumentation: SHOW_DOCS_COMMAND, selectPlaceholder: SELECT_PLACEHOLDER_COMMAND } = SERVER_COMMANDS;

/**
 * Where a fix's placeholder lands in the document once its edits are applied, as offsets of the
 * edited text: edits before it shift it by their change in length.
 */
export function placeholderOffsets(fix: NonNullable<Finding['fix']>): [number, number] | undefined {
  const ph = fix.placeholder;
  const target = ph && fix.edits[ph.edit];
  if (!ph || !target) return undefined;
  let shift = 0;
  for (const e of fix.edits) if (e.offset[0] < target.offset[0]) shift += e.newText.length - (e.offset[1] - e.offset[0]);
  const start = target.offset[0] + shift + ph.start;
  return [start, start + (ph.end - ph.start)];
}

/** Findings no suppression comment applies to. */
const NOT_SUPPRESSIBLE = new Set([YAML_SYNTAX, UNUSED_SUPPRESSION, SUPPRESSION_REASON]);

/** Does the request's `only` filter let actions of `kind` through? */
export function kindRequested(only: readonly string[] | undefined, kind: string): boolean {
  if (!only || !only.length) return true;
  return only.some((o) => kind === o || kind.startsWith(`${o}.`));
}

/** Edits (as offsets) of the document, turned into LSP edits. */
export function toTextEdits(doc: IncrementalAnalysis, edits: readonly Edit[]): TextEdit[] {
  return edits.map((e) => ({ range: { start: doc.positionAt(e.start), end: doc.positionAt(e.end) }, newText: e.text }));
}

/**
 * Fix-all over the whole document, chunk by chunk: only chunks with an automatic fix are
 * re-analysed, the others are not touched. Edits never overlap (they are per chunk, and within a
 * chunk they come from one diff).
 */
export function fixAllEdits(doc: IncrementalAnalysis, cfg: RuleSet): TextEdit[] {
  const out: TextEdit[] = [];
  doc.analyze();
  for (const p of doc.placed()) {
    if (!p.result.findings.some(isAutoFixable)) continue;
    const fixed = fixAll(p.text, cfg, undefined, doc.clusterContext);
    out.push(
      ...toTextEdits(
        doc,
        fixed.edits.map((e) => shiftEdit(e, p.offset)),
      ),
    );
  }
  return out;
}

const NEXT_LINE = /^([ \t]*)#[ \t]*podsec-disable-next-line(?=[ \t]|$)(.*)$/;

/**
 * The edit that suppresses `ruleId` on `line`: a new `# podsec-disable-next-line` comment with
 * the line's indentation, or the rule added to such a comment on the line above. Undefined where
 * a comment cannot go (the line starts a document).
 */
export function disableEdit(doc: IncrementalAnalysis, line: number, ruleId: string): TextEdit | undefined {
  const content = doc.lineText(line);
  if (/^(---|\.\.\.)([ \t]|$)/.test(content) || content.startsWith('%')) return undefined;
  if (line > 0) {
    const prev = doc.lineText(line - 1);
    const m = NEXT_LINE.exec(prev);
    if (m) {
      const body = m[2];
      const { rules } = parseDirectiveBody(body);
      if (rules.includes(ruleId)) return undefined;
      const sep = body.search(/(^|\s)--(\s|$)/);
      const list = sep >= 0 ? body.slice(0, sep) : body;
      const pos = { line: line - 1, character: prev.length - body.length + list.trimEnd().length };
      return { range: { start: pos, end: pos }, newText: rules.length ? `,${ruleId}` : ` ${ruleId}` };
    }
  }
  const indent = /^[ \t]*/.exec(content)![0];
  // the new line ends as this line does (the line above's break for the last line)
  const eol = doc.lineBreak(line) || doc.lineBreak(line - 1) || '\n';
  const pos = { line, character: 0 };
  return { range: { start: pos, end: pos }, newText: `${indent}# podsec-disable-next-line ${ruleId}${eol}` };
}

export interface ActionContext {
  uri: string;
  version: number;
  doc: IncrementalAnalysis;
  cfg: RuleSet;
  /** the client takes versioned `documentChanges` */
  documentChanges: boolean;
}

function workspaceEdit(ctx: ActionContext, edits: TextEdit[]): CodeAction['edit'] {
  if (ctx.documentChanges) return { documentChanges: [{ textDocument: { uri: ctx.uri, version: ctx.version }, edits }] };
  return { changes: { [ctx.uri]: edits } };
}

/** Findings of the current text that match the client's diagnostics, by key. */
export function matchDiagnostics(doc: IncrementalAnalysis, diagnostics: readonly Diagnostic[]): { diagnostic: Diagnostic; finding: Finding }[] {
  const ours = diagnostics.filter((d) => d.source === SOURCE && typeof d.code === 'string');
  if (!ours.length) return [];
  const from = Math.min(...ours.map((d) => d.range.start.line));
  const to = Math.max(...ours.map((d) => d.range.end.line));
  const byKey = new Map<string, Finding>();
  for (const f of doc.findingsInLines(from, to)) {
    if (!f.suppressed) byKey.set(diagnosticKey(f.range, f.ruleId, f.message), f);
  }
  const out: { diagnostic: Diagnostic; finding: Finding }[] = [];
  for (const d of ours) {
    const f = byKey.get(diagnosticKey(d.range, d.code, typeof d.message === 'string' ? d.message : d.message.value));
    if (f) out.push({ diagnostic: d, finding: f });
  }
  return out;
}

/** The code actions for a request. */
export function codeActions(ctx: ActionContext, diagnostics: readonly Diagnostic[], only: readonly string[] | undefined): CodeAction[] {
  const actions: CodeAction[] = [];
  const matched = matchDiagnostics(ctx.doc, diagnostics);
  if (kindRequested(only, CodeActionKind.QuickFix)) {
    const fixes: CodeAction[] = [];
    const disables: CodeAction[] = [];
    const docs: CodeAction[] = [];
    const seenDisable = new Set<string>();
    const seenDocs = new Set<string>();
    for (const { diagnostic, finding } of matched) {
      if (finding.fix) {
        const action: CodeAction = {
          title: finding.fix.title,
          kind: CodeActionKind.QuickFix,
          diagnostics: [diagnostic],
          isPreferred: finding.fix.preferred,
          edit: workspaceEdit(
            ctx,
            finding.fix.edits.map((e) => ({ range: e.range, newText: e.newText })),
          ),
        };
        // a suggested value to type over: the client runs this after applying the edit
        const ph = placeholderOffsets(finding.fix);
        if (ph) action.command = { title: 'Select the suggested value', command: SELECT_PLACEHOLDER_COMMAND, arguments: [ctx.uri, ph[0], ph[1]] };
        fixes.push(action);
      }
      const line = finding.range.start.line;
      const dk = `${line}|${finding.ruleId}`;
      if (!NOT_SUPPRESSIBLE.has(finding.ruleId) && !ctx.cfg.suppression.unsuppressible.includes(finding.ruleId) && !seenDisable.has(dk)) {
        seenDisable.add(dk);
        const edit = disableEdit(ctx.doc, line, finding.ruleId);
        if (edit) {
          disables.push({
            title: `Disable ${finding.ruleId} for this line`,
            kind: CodeActionKind.QuickFix,
            diagnostics: [diagnostic],
            edit: workspaceEdit(ctx, [edit]),
          });
        }
      }
      if (!seenDocs.has(finding.ruleId)) {
        seenDocs.add(finding.ruleId);
        const title = `Show documentation for ${finding.ruleId}`;
        docs.push({ title, kind: CodeActionKind.QuickFix, command: { title, command: SHOW_DOCS_COMMAND, arguments: [finding.ruleId] } });
      }
    }
    fixes.sort((a, b) => Number(!!b.isPreferred) - Number(!!a.isPreferred));
    actions.push(...fixes, ...disables, ...docs);
  }
  // fix-all: when asked for explicitly, or alongside the quick fixes of a podsec problem
  const explicit = !!only?.some((o) => FIX_ALL_KIND === o || FIX_ALL_KIND.startsWith(`${o}.`));
  if (explicit || (!only?.length && matched.length)) {
    const edits = fixAllEdits(ctx.doc, ctx.cfg);
    if (edits.length) actions.push({ title: 'Fix all podsec problems in this file', kind: FIX_ALL_KIND, edit: workspaceEdit(ctx, edits) });
  }
  return actions;
}
