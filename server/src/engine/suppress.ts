/**
 * Suppressions, honoured alike by the editor and the CLI.
 *
 * Comments:
 *   # podsec-disable-next-line <rule>[,<rule>...] [-- reason]
 *       findings that start on the next line
 *   # podsec-disable <rule>[,<rule>...] [-- reason]
 *       at the top of a document: the whole document; directly above a sequence item (a
 *       container) or a key: that item or key with everything nested below it
 * Annotations, on the object or on its pod template:
 *   podsec.io/ignore: "<rule>[,<rule>...]"   (an entry `<rule>:<container>` limits it to one container)
 *   podsec.io/ignore-reason: "..."
 *
 * Suppressed findings stay in the result, marked, so reports such as SARIF can list them.
 * A suppression that suppresses nothing is reported (info), and so is one without a reason
 * when the configuration requires reasons. Rules the configuration marks unsuppressible
 * ignore suppressions.
 */
import type { Document } from 'yaml';
import { makeFinding } from './finding';
import type { RuleSet } from './profiles';
import { LineIndex } from './text';
import type { Finding, SuppressionInfo } from './types';
import type { K8sObject } from './workloads';

import { RULE_ID as SUPPRESSION_REASON } from './rules/suppression-reason';
import { RULE_ID as UNUSED_SUPPRESSION } from './rules/unused-suppression';
import { RULE_ID as YAML_SYNTAX } from './rules/yaml-syntax';

export { SUPPRESSION_REASON, UNUSED_SUPPRESSION };

export const IGNORE_ANNOTATION = 'podsec.io/ignore';
export const IGNORE_REASON_ANNOTATION = 'podsec.io/ignore-reason';

const DIRECTIVE = /^([ \t]*)#[ \t]*podsec-(disable-next-line|disable)(?=[ \t]|$)(.*)$/;

export interface Directive {
  kind: 'next-line' | 'block';
  rules: string[];
  reason: string | null;
  /** offsets of the comment */
  start: number;
  end: number;
  /** findings starting in [scopeStart, scopeEnd) are covered */
  scopeStart: number;
  scopeEnd: number;
}

/** Parse the text after `podsec-disable[-next-line]`. */
export function parseDirectiveBody(body: string): { rules: string[]; reason: string | null } {
  const sep = body.search(/(^|\s)--(\s|$)/);
  const list = sep >= 0 ? body.slice(0, sep) : body;
  const reasonText =
    sep >= 0
      ? body
          .slice(sep)
          .replace(/^\s*--\s*/, '')
          .trim()
      : '';
  const rules = list
    .split(/[\s,]+/)
    .map((r) => r.trim())
    .filter(Boolean);
  return { rules, reason: reasonText ? reasonText : null };
}

/**
 * Extent of what starts on `line`: a sequence item runs until a line indented no deeper than its
 * dash; a key also takes the flush sequence items (`- `) that follow it at its own column.
 */
function blockExtent(lines: LineIndex, line: number): [number, number] {
  const text = lines.text;
  const start = lines.starts[line];
  const head = /^( *)(-[ \t]|-$)?/.exec(text.slice(start, lines.lineEnd(line)))!;
  const col = head[1].length;
  const isItem = !!head[2];
  for (let l = line + 1; l < lines.lineCount; l++) {
    const content = text.slice(lines.starts[l], lines.lineEnd(l));
    const trimmed = content.trimStart();
    if (!trimmed) continue;
    const ind = content.length - trimmed.length;
    if (ind > col) continue;
    if (ind === col && !isItem && /^-([ \t]|$)/.test(trimmed)) continue;
    return [start, lines.starts[l]];
  }
  return [start, text.length];
}

/** Directives of one document. */
export function findDirectives(lines: LineIndex, docStart: number, docEnd: number, contentStart: number): Directive[] {
  const text = lines.text;
  if (!text.includes('podsec-disable', docStart)) return [];
  const out: Directive[] = [];
  const firstLine = lines.lineAt(docStart);
  const lastLine = lines.lineAt(Math.max(docStart, docEnd - 1));
  const contentLine = lines.lineAt(contentStart);
  for (let l = firstLine; l <= lastLine; l++) {
    const s = lines.starts[l];
    const lineText = text.slice(s, lines.lineEnd(l));
    const m = DIRECTIVE.exec(lineText);
    if (!m) continue;
    const { rules, reason } = parseDirectiveBody(m[3]);
    const start = s + m[1].length;
    const end = s + lineText.length;
    // the next line holding something other than a comment
    let next = l + 1;
    while (next < lines.lineCount) {
      const t = text.slice(lines.starts[next], lines.lineEnd(next)).trim();
      if (t && !t.startsWith('#')) break;
      next++;
    }
    let scopeStart: number;
    let scopeEnd: number;
    if (m[2] === 'disable-next-line') {
      scopeStart = l + 1 < lines.lineCount ? lines.starts[l + 1] : text.length;
      scopeEnd = l + 2 < lines.lineCount ? lines.starts[l + 2] : text.length;
    } else if (l < contentLine) {
      scopeStart = docStart;
      scopeEnd = docEnd;
    } else if (next < lines.lineCount) {
      [scopeStart, scopeEnd] = blockExtent(lines, next);
    } else {
      scopeStart = scopeEnd = end;
    }
    out.push({ kind: m[2] === 'disable-next-line' ? 'next-line' : 'block', rules, reason, start, end, scopeStart, scopeEnd });
  }
  return out;
}

interface AnnotationSuppression {
  rules: { rule: string; container: string | null }[];
  reason: string | null;
  start: number;
  end: number;
  /** findings of this object are covered */
  object: K8sObject;
  used: Set<number>;
}

function annotationSuppressions(objects: K8sObject[]): AnnotationSuppression[] {
  const out: AnnotationSuppression[] = [];
  for (const object of objects) {
    const kind = object.resource.kind;
    const metas = [object.root.get('metadata')];
    // pod template metadata of workloads and CRDs
    const tmpl =
      kind === 'CronJob'
        ? object.root.at('spec', 'jobTemplate', 'spec', 'template', 'metadata')
        : kind === 'PodTemplate'
          ? object.root.at('template', 'metadata')
          : object.root.at('spec', 'template', 'metadata');
    metas.push(tmpl);
    for (const meta of metas) {
      const ann = meta?.get('annotations');
      const ignore = ann?.get(IGNORE_ANNOTATION);
      const value = ignore?.str();
      if (!ignore || value === undefined) continue;
      const rules = value
        .split(/[\s,]+/)
        .filter(Boolean)
        .map((entry) => {
          const i = entry.indexOf(':');
          return i > 0 ? { rule: entry.slice(0, i), container: entry.slice(i + 1) } : { rule: entry, container: null };
        });
      const [start, end] = ignore.span();
      out.push({ rules, reason: ann?.get(IGNORE_REASON_ANNOTATION)?.str() ?? null, start, end, object, used: new Set() });
    }
  }
  return out;
}

export interface SuppressionInput {
  findings: Finding[];
  /** first index in `findings` that belongs to this document */
  from: number;
  /** the chunk's lines */
  lines: LineIndex;
  /** the document, index `doc` of the chunk */
  parsed: Document.Parsed;
  objects: K8sObject[];
  doc: number;
  cfg: RuleSet;
}

export function applySuppressions(input: SuppressionInput): void {
  const { findings, from, lines, parsed, objects, doc, cfg } = input;
  // the parser leaves comments before a chunk's first document out of its range: the first document starts at the chunk's start
  const docStart = doc === 0 ? 0 : (parsed.range?.[0] ?? 0);
  const directives = findDirectives(lines, docStart, parsed.range?.[2] ?? lines.text.length, parsed.contents?.range?.[0] ?? 0);
  const annotations = objects.some((o) => o.root.get('metadata')) ? annotationSuppressions(objects) : [];
  if (!directives.length && !annotations.length) return;
  const unsuppressible = new Set(cfg.suppression.unsuppressible);
  const usedDirective = directives.map(() => new Set<string>());
  const end = findings.length;
  for (let i = from; i < end; i++) {
    const f = findings[i];
    if (unsuppressible.has(f.ruleId) || f.ruleId === YAML_SYNTAX) continue;
    directives.forEach((d, k) => {
      if (f.suppressed || !d.rules.includes(f.ruleId)) return;
      if (f.offset[0] < d.scopeStart || f.offset[0] >= d.scopeEnd) return;
      f.suppressed = info('comment', d.reason, lines, d.start, d.end);
      usedDirective[k].add(f.ruleId);
    });
    if (f.suppressed) continue;
    for (const a of annotations) {
      if (f.resource !== a.object.resource) continue;
      const idx = a.rules.findIndex((r) => r.rule === f.ruleId && (r.container === null || r.container === f.container));
      if (idx < 0) continue;
      f.suppressed = info('annotation', a.reason, lines, a.start, a.end);
      a.used.add(idx);
      break;
    }
  }
  const emit = (ruleId: string, message: string, start: number, stop: number) => {
    const active = cfg.enabled.get(ruleId);
    if (!active) return;
    findings.push(makeFinding(lines, { ruleId, severity: active.severity, message, start, end: stop, document: doc }));
  };
  const knownAndRan = (rule: string) => cfg.enabled.has(rule);
  directives.forEach((d, k) => {
    const unused = d.rules.filter((r) => !usedDirective[k].has(r));
    for (const r of unused) {
      if (unsuppressible.has(r))
        emit(UNUSED_SUPPRESSION, `Suppression of '${r}' has no effect: the configuration makes '${r}' unsuppressible.`, d.start, d.end);
      else if (!cfg.allRuleIds.has(r)) emit(UNUSED_SUPPRESSION, `Suppression names an unknown rule '${r}'.`, d.start, d.end);
      else if (knownAndRan(r)) emit(UNUSED_SUPPRESSION, `Unused suppression: no '${r}' finding here to suppress.`, d.start, d.end);
    }
    if (!d.rules.length) emit(UNUSED_SUPPRESSION, 'Suppression names no rule: list the rule ids to suppress.', d.start, d.end);
    if (cfg.suppression.requireReason && !d.reason && d.rules.length)
      emit(SUPPRESSION_REASON, 'Suppression has no reason: add "-- <why this is acceptable>".', d.start, d.end);
  });
  for (const a of annotations) {
    a.rules.forEach((r, idx) => {
      if (a.used.has(idx)) return;
      if (unsuppressible.has(r.rule))
        emit(UNUSED_SUPPRESSION, `Annotation ${IGNORE_ANNOTATION} cannot suppress '${r.rule}': the configuration makes it unsuppressible.`, a.start, a.end);
      else if (!cfg.allRuleIds.has(r.rule)) emit(UNUSED_SUPPRESSION, `Annotation ${IGNORE_ANNOTATION} names an unknown rule '${r.rule}'.`, a.start, a.end);
      else if (knownAndRan(r.rule))
        emit(
          UNUSED_SUPPRESSION,
          `Unused suppression: no '${r.rule}' finding${r.container ? ` in container '${r.container}'` : ''} in this object.`,
          a.start,
          a.end,
        );
    });
    if (cfg.suppression.requireReason && !a.reason)
      emit(SUPPRESSION_REASON, `Annotation ${IGNORE_ANNOTATION} has no reason: add ${IGNORE_REASON_ANNOTATION}.`, a.start, a.end);
  }
}

function info(kind: SuppressionInfo['kind'], reason: string | null, lines: LineIndex, s: number, e: number): SuppressionInfo {
  return { kind, reason, range: lines.range(s, e) };
}
