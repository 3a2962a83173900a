/**
 * The hover card for a flagged range: what, why, which standards, which Pod Security policy
 * judged it, and how to fix it; and over an object, why its pod is judged as it is (notes).
 */
import { pathToFileURL } from 'node:url';
import { RULES_BY_ID } from '../engine/profiles';
import { FRAMEWORK_NAMES, standardsForProfile } from '../engine/standards';
import type { Position } from '../engine/text';
import type { AnalysisNote, Finding, FindingPolicy, ProfileName, StandardRef } from '../engine/types';
import type { RuleDocs } from './diagnostics';

const LEVEL: Record<string, string> = { baseline: 'Baseline', restricted: 'Restricted' };

function contains(f: { range: Finding['range'] }, pos: Position): boolean {
  const { start, end } = f.range;
  const afterStart = pos.line > start.line || (pos.line === start.line && pos.character >= start.character);
  const beforeEnd = pos.line < end.line || (pos.line === end.line && pos.character <= end.character);
  return afterStart && beforeEnd;
}

/** Findings (not suppressed) whose range holds the position. */
export function findingsAt(findings: readonly Finding[], pos: Position): Finding[] {
  return findings.filter((f) => !f.suppressed && contains(f, pos));
}

/** Notes about the objects that hold the position. */
export function notesAt(notes: readonly AnalysisNote[], pos: Position): AnalysisNote[] {
  return notes.filter((n) => contains(n, pos));
}

/** Markdown inline code that survives backticks in the content. */
function code(s: string): string {
  const fence = s.includes('`') ? '``' : '`';
  return `${fence}${s.includes('`') ? ` ${s} ` : s}${fence}`;
}

/** Escape Markdown punctuation in prose that comes from manifests (names, values). */
function text(s: string): string {
  return s.replace(/[\\`*_{}[\]<>#|]/g, (c) => `\\${c}`);
}

function standardLine(s: StandardRef): string {
  const ids = s.stigId ? `${s.id} (${s.stigId})` : s.id;
  return `- ${FRAMEWORK_NAMES[s.framework]}: **${text(ids)}**${s.title ? ` ${text(s.title)}` : ''}`;
}

/** One card per finding, then the notes about the object, separated by rules. */
export function hoverMarkdown(findings: readonly Finding[], docs: RuleDocs, profile: ProfileName, notes: readonly AnalysisNote[] = []): string {
  return [
    ...findings.map((f) => card(f, docs, profile)),
    ...notes.map((n) => `**${n.topic === 'kustomize' ? 'Kustomize' : 'Pod Security Admission'}:** ${text(n.message)}`),
  ].join('\n\n---\n\n');
}

/** The policy a Pod Security finding was judged by, and where it comes from. */
function policyLine(p: FindingPolicy): string {
  const judged = `${p.mode} ${p.level}:${p.version}`;
  const cite =
    p.source.file && p.source.range
      ? ` ([${text(baseName(p.source.file))}:${p.source.range.start.line + 1}](${fileLink(p.source.file, p.source.range.start.line)}))`
      : '';
  return `**Judged by:** ${code(judged)}, from ${text(p.source.detail)}${cite}`;
}

function baseName(file: string): string {
  return file.slice(Math.max(file.lastIndexOf('/'), file.lastIndexOf('\\')) + 1);
}

/** A link that opens a file at a line (VS Code reads `#L<line>`, 1-based). */
function fileLink(file: string, line: number): string {
  return `${pathToFileURL(file).href}#L${line + 1}`;
}

function card(f: Finding, docs: RuleDocs, profile: ProfileName): string {
  const meta = RULES_BY_ID.get(f.ruleId)?.meta;
  const out: string[] = [];
  out.push(`**${text(meta?.title ?? f.ruleId)}** ${code(f.ruleId)} · ${f.severity}`);
  out.push(text(f.message));
  if (meta?.rationale) out.push(`**Why it matters:** ${text(meta.rationale)}`);
  if (f.pss) out.push(`**Pod Security Standards:** ${LEVEL[f.pss.level] ?? f.pss.level} level, control "${text(f.pss.control)}" (check ${code(f.pss.check)})`);
  // the profile setting judges every pod of a repository without namespaces or cluster configuration: nothing to add
  if (f.policy && f.policy.source.kind !== 'profile') out.push(policyLine(f.policy));
  if (f.standards.length) out.push(`**Standards:**\n${standardsForProfile(f.standards, profile).map(standardLine).join('\n')}`);
  if (f.fix)
    out.push(
      `**Fix:** ${text(f.fix.title)} (quick fix${f.fix.preferred ? ', applied by "Fix all"' : ''}).${meta?.remediation ? ` ${text(meta.remediation)}` : ''}`,
    );
  else if (meta?.remediation) out.push(`**Fix:** ${text(meta.remediation)}`);
  out.push(`[Rule documentation](${docs.href(f.ruleId)})`);
  return out.join('\n\n');
}
