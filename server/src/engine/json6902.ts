/**
 * JSON 6902 patches (issue 16): a Kustomize patch written as a list of operations
 * (`- op: add, path: /spec/template/spec/containers/0/securityContext/privileged, value: true`).
 * The value an `add` or `replace` sets is judged as a strategic-merge patch that sets it would be:
 * each such operation becomes a small partial object (`opDocument`) whose value is the
 * operation's value, copied line for line, so that every finding inside it maps back to the exact
 * place in the operations file (`OpDocument.toFile`). Findings elsewhere (on the keys the path
 * spells) have no place in the file and are dropped; so are fixes (an edit of the partial object
 * is not an edit of the file).
 */
import type { Document } from 'yaml';
import type { YNode } from './model';
import { RULE_ID as RKE2_CONFIG_RECOGNIZED } from './rules/rke2-config-recognized';
import { RULE_ID as SUPPRESSION_REASON } from './rules/suppression-reason';
import { RULE_ID as TEMPLATE_UNCHECKED } from './rules/template-unchecked';
import { RULE_ID as UNUSED_SUPPRESSION } from './rules/unused-suppression';
import { RULE_ID as YAML_SYNTAX } from './rules/yaml-syntax';
import type { ChunkSource } from './source';
import { parseChunk } from './syntax';
import type { LineIndex, Position } from './text';
import type { Finding } from './types';

export interface OpDocument {
  /** the partial object the operation writes, as YAML text */
  text: string;
  /**
   * Where a position of `text` is in the operations file: inside the operation's value, the same
   * character there; on the key or dash the path ends with (a finding on the pair it writes), the
   * value's start or end (`edge`); undefined elsewhere.
   */
  toFile(pos: Position, edge: 'start' | 'end'): Position | undefined;
}

const isBefore = (a: Position, b: Position) => a.line < b.line || (a.line === b.line && a.character < b.character);

/** The object kind a path is read in, by where the pod spec lies (any controller with a pod template reads like a Deployment). */
const KINDS: { prefix: string[]; apiVersion: string; kind: string }[] = [
  { prefix: ['spec', 'jobTemplate'], apiVersion: 'batch/v1', kind: 'CronJob' },
  { prefix: ['spec', 'template'], apiVersion: 'apps/v1', kind: 'Deployment' },
  { prefix: ['spec'], apiVersion: 'v1', kind: 'Pod' },
];

/** Sequence items before the one a path names that are written as `- {}` (a longer path is not judged). */
const MAX_INDEX = 64;

/** A JSON pointer's segments (RFC 6901), or undefined when it is not one. */
export function pointerSegments(path: string): string[] | undefined {
  if (!path.startsWith('/')) return undefined;
  return path
    .slice(1)
    .split('/')
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
}

const isIndex = (s: string) => s === '-' || /^(0|[1-9][0-9]*)$/.test(s);

/** A key as YAML text: plain when that reads back as the same string, else double-quoted. */
function keyText(key: string): string {
  return /^[A-Za-z_][A-Za-z0-9_.-]*$/.test(key) && !/^(true|false|yes|no|on|off|null|y|n)$/i.test(key) ? key : JSON.stringify(key);
}

/**
 * The partial object an `add` or `replace` of `value` at `path` writes, or undefined when podsec
 * cannot place the value exactly (a multi-line value that does not start on a line of its own, a
 * path outside a pod's object).
 */
export function opDocument(lines: LineIndex, path: string, value: YNode): OpDocument | undefined {
  const segs = pointerSegments(path);
  if (!segs || !segs.length || segs.some((s) => s === '')) return undefined;
  const kind = KINDS.find((k) => k.prefix.every((p, i) => segs[i] === p));
  if (!kind) return undefined;
  const text = lines.text;
  const [vs, ve] = value.valueSpan();
  if (ve <= vs) return undefined;
  const first = lines.position(vs);
  const last = lines.position(ve - 1);
  const out = [`apiVersion: ${kind.apiVersion}`, `kind: ${kind.kind}`];
  // ancestors, one column deeper per level
  let col = 0;
  for (let i = 0; i < segs.length; i++) {
    const s = segs[i];
    const pad = ' '.repeat(col);
    const isLeaf = i === segs.length - 1;
    let head: string;
    if (isIndex(s)) {
      if (i === 0) return undefined;
      const n = s === '-' ? 0 : Number(s);
      if (n > MAX_INDEX) return undefined;
      for (let k = 0; k < n; k++) out.push(`${pad}- {}`);
      head = `${pad}-`;
      col += 2;
    } else {
      head = `${pad}${keyText(s)}:`;
      col += 1;
    }
    if (!isLeaf) {
      out.push(head);
      continue;
    }
    const before = text.slice(lines.starts[first.line], vs);
    const block = (value.isMap || value.isSeq) && !/^[[{]/.test(text[vs]);
    const headAt = { line: out.length, character: col - (isIndex(s) ? 2 : 1) };
    const end = lines.position(ve);
    /** a position before the value that lies on the path's last key or dash */
    const onHead = (pos: Position, valueAt: Position) => !isBefore(pos, headAt) && isBefore(pos, valueAt);
    if (!block && first.line === last.line) {
      // the value on one line: written after the key, shifted by a constant
      const shift = head.length + 1 - first.character;
      out.push(`${head} ${text.slice(vs, ve)}`);
      const at = out.length - 1;
      const valueAt = { line: at, character: head.length + 1 };
      return {
        text: `${out.join('\n')}\n`,
        toFile(pos, edge) {
          if (onHead(pos, valueAt)) return edge === 'start' ? first : end;
          if (pos.line !== at) return undefined;
          const character = pos.character - shift;
          return character >= first.character && character <= end.character ? { line: first.line, character } : undefined;
        },
      };
    }
    // a block value: its lines copied below the key, each moved right by the same columns
    if (!block || before.trim() !== '') return undefined;
    const target = Math.max(col, first.character);
    const shift = target - first.character;
    out.push(head);
    const at = out.length;
    for (let l = first.line; l <= last.line; l++) {
      const content = text.slice(lines.starts[l], lines.lineEnd(l));
      out.push(content.trim() ? ' '.repeat(shift) + content : '');
    }
    const valueAt = { line: at, character: target };
    return {
      text: `${out.join('\n')}\n`,
      toFile(pos, edge) {
        if (onHead(pos, valueAt)) return edge === 'start' ? first : end;
        const line = pos.line - at + first.line;
        if (line < first.line || line > last.line) return undefined;
        const character = pos.character - shift;
        return character >= 0 ? { line, character } : undefined;
      },
    };
  }
  return undefined;
}

/** Checks about podsec's own input: a partial object made from an operation keeps none of them. */
const OWN_CHECKS = new Set([YAML_SYNTAX, TEMPLATE_UNCHECKED, RKE2_CONFIG_RECOGNIZED, UNUSED_SUPPRESSION, SUPPRESSION_REASON]);

/** The analysis of one parsed document (the partial object of an operation): its findings. */
export type AnalyseDocument = (source: ChunkSource, doc: Document.Parsed) => readonly Finding[];

/**
 * The findings of a JSON 6902 patch's operations (`root`, document `doc` of a chunk whose lines
 * are `lines`): the value each `add` or `replace` sets is judged as a partial object that sets it
 * (`analyse`), and its findings are placed on the value in the file, without fixes, into `into`.
 * Findings the partial object draws elsewhere have no place here.
 */
export function operationFindings(root: YNode, lines: LineIndex, doc: number, analyse: AnalyseDocument, into: Finding[]): void {
  for (const op of root.items()) {
    if (!op.isMap) continue;
    const kind = op.get('op')?.str();
    const path = op.get('path')?.str();
    const value = op.get('value');
    if ((kind !== 'add' && kind !== 'replace') || path === undefined || !value || value.templated) continue;
    const partial = opDocument(lines, path, value);
    if (!partial) continue;
    const { source, docs } = parseChunk(partial.text);
    if (docs.length !== 1 || docs[0].errors.length) continue;
    const findings = analyse(source, docs[0]);
    const place = (start: number, end: number): [number, number] | undefined => {
      const s = partial.toFile(source.lines.position(start), 'start');
      const e = partial.toFile(source.lines.position(end), 'end');
      return s && e ? [lines.offset(s), lines.offset(e)] : undefined;
    };
    for (const f of findings) {
      if (OWN_CHECKS.has(f.ruleId)) continue;
      const at = place(f.offset[0], f.offset[1]);
      if (!at) continue;
      const related = f.related.flatMap((r) => {
        if (r.file !== undefined) return [r];
        const rel = place(r.offset[0], r.offset[1]);
        return rel ? [{ ...r, offset: rel, range: lines.range(rel[0], rel[1]) }] : [];
      });
      const placed: Finding = { ...f, offset: at, range: lines.range(at[0], at[1]), related, document: doc };
      delete placed.fix;
      delete placed.suppressed;
      into.push(placed);
    }
  }
}
