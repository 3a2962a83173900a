/**
 * Findings are made here and placed here. A chunk's analysis makes them with offsets, ranges and
 * document indexes relative to the chunk; `shiftFinding` places a copy in the file.
 */
import { RULE_ID as YAML_SYNTAX } from './rules/yaml-syntax';
import type { LineIndex, Range } from './text';
import type { AnalysisNote, ContainerKind, Finding, FindingPolicy, Fix, RelatedLocation, ResourceRef, Severity, StandardRef } from './types';

export interface FindingSpec {
  ruleId: string;
  severity: Severity;
  message: string;
  /** offsets in the analysed text */
  start: number;
  end: number;
  /** index of the YAML document in the analysed text */
  document: number;
  resource?: ResourceRef | null;
  container?: string | null;
  containerKind?: ContainerKind | null;
  path?: string;
  fromPodLevel?: boolean;
  related?: RelatedLocation[];
  pss?: Finding['pss'];
  policy?: FindingPolicy;
  standards?: StandardRef[];
  fix?: Fix;
}

/**
 * A finding; its range is computed from the offsets, so the two always agree. Every finding has
 * the same shape (the fields not given are null, empty or false).
 */
export function makeFinding(lines: LineIndex, spec: FindingSpec): Finding {
  const finding: Finding = {
    ruleId: spec.ruleId,
    severity: spec.severity,
    message: spec.message,
    range: lines.range(spec.start, spec.end),
    offset: [spec.start, spec.end],
    resource: spec.resource ?? null,
    container: spec.container ?? null,
    containerKind: spec.containerKind ?? null,
    path: spec.path ?? '',
    fromPodLevel: spec.fromPodLevel ?? false,
    related: spec.related ?? [],
    pss: spec.pss ?? null,
    standards: spec.standards ?? [],
    document: spec.document,
  };
  if (spec.policy) finding.policy = spec.policy;
  if (spec.fix) finding.fix = spec.fix;
  return finding;
}

/** A related location of a finding, at offsets of the analysed text. */
export function relatedAt(lines: LineIndex, message: string, start: number, end: number, path: string): RelatedLocation {
  return { message, range: lines.range(start, end), offset: [start, end], path };
}

/** A range moved down by `lines` lines (the same object when `lines` is 0). */
export function shiftRange(r: Range, lines: number): Range {
  if (!lines) return r;
  return { start: { line: r.start.line + lines, character: r.start.character }, end: { line: r.end.line + lines, character: r.end.character } };
}

/**
 * A copy of a chunk-relative finding placed at an absolute offset, line and document index (the
 * finding itself when nothing moves).
 */
export function shiftFinding(f: Finding, offset: number, lines: number, docs: number): Finding {
  if (!offset && !lines && !docs) return f;
  const out: Finding = {
    ...f,
    range: shiftRange(f.range, lines),
    offset: [f.offset[0] + offset, f.offset[1] + offset],
    // a location in a named file is placed in that file already
    related: f.related.map((r) =>
      r.file !== undefined ? r : { ...r, range: shiftRange(r.range, lines), offset: [r.offset[0] + offset, r.offset[1] + offset] },
    ),
    document: f.document + docs,
  };
  if (f.fix) {
    out.fix = {
      ...f.fix,
      edits: f.fix.edits.map((e) => ({ ...e, range: shiftRange(e.range, lines), offset: [e.offset[0] + offset, e.offset[1] + offset] })),
    };
  }
  if (f.suppressed) out.suppressed = { ...f.suppressed, range: shiftRange(f.suppressed.range, lines) };
  return out;
}

/** A copy of a chunk-relative note placed at an absolute offset, line and document index. */
export function shiftNote(n: AnalysisNote, offset: number, lines: number, docs: number): AnalysisNote {
  if (!offset && !lines && !docs) return n;
  return { ...n, range: shiftRange(n.range, lines), offset: [n.offset[0] + offset, n.offset[1] + offset], document: n.document + docs };
}

/** The `unsuppressed` counts of a chunk's findings. */
export function unsuppressedOf(findings: readonly Finding[]): { all: number; syntax: number } {
  let all = 0;
  let syntax = 0;
  for (const f of findings) {
    if (f.suppressed) continue;
    all++;
    if (f.ruleId === YAML_SYNTAX) syntax++;
  }
  return { all, syntax };
}
