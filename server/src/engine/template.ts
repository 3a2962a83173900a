/**
 * Go template actions (`{{ ... }}`, as in Helm chart templates) are masked before parsing so that
 * the YAML around them stays analysable and every offset stays exact:
 * - an action that stands at the start of a line (control flow such as `{{- if }}`, or an
 *   `include ... | nindent` that produces a whole block) becomes spaces: it is "structural", and
 *   the block it sits in may receive keys we cannot see;
 * - any other action (a value, part of a value, a key) becomes underscores, so it parses as an
 *   ordinary plain scalar whose real value is unknown.
 * An action spanning several lines is structural; its line breaks are kept. An action inside a
 * YAML comment (after `#` on its line) is left alone: it cannot produce keys or values.
 */
import { isLineBreak, lineEndOf, lineStartOf } from './text';

export interface MaskedAction {
  start: number;
  end: number;
  structural: boolean;
}

export class TemplateMask {
  constructor(readonly actions: MaskedAction[]) {}

  /** Any action overlapping [start, end). */
  overlaps(start: number, end: number): boolean {
    return this.find(start, end, false);
  }

  /** Any structural action overlapping [start, end). */
  structuralIn(start: number, end: number): boolean {
    return this.find(start, end, true);
  }

  private find(start: number, end: number, structuralOnly: boolean): boolean {
    const a = this.actions;
    // first action ending after `start`
    let lo = 0;
    let hi = a.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (a[mid].end <= start) lo = mid + 1;
      else hi = mid;
    }
    for (let i = lo; i < a.length && a[i].start < Math.max(end, start + 1); i++) {
      if (!structuralOnly || a[i].structural) return true;
    }
    return false;
  }
}

function onlySpaceBefore(text: string, i: number): boolean {
  for (let j = i - 1; j >= 0; j--) {
    const c = text.charCodeAt(j);
    if (isLineBreak(c)) return true;
    if (c !== 32 && c !== 9) return false;
  }
  return true;
}

const QUOTE_OPENERS = ' \t:[{,-';

/**
 * Offset of the `#` that starts a comment on the line [ls, le), or -1. Quoted scalars and
 * single-line actions are skipped (a `#` inside them starts nothing).
 */
function commentStart(text: string, ls: number, le: number): number {
  let quote = 0;
  for (let j = ls; j < le; j++) {
    const c = text.charCodeAt(j);
    if (quote) {
      if (c === 92 && quote === 34) j++;
      else if (c === quote) quote = 0;
      continue;
    }
    if (c === 123 && text.charCodeAt(j + 1) === 123) {
      const close = text.indexOf('}}', j + 2);
      if (close === -1 || close + 2 > le) return -1;
      j = close + 1;
      continue;
    }
    const prevIsSpace = j === ls || text.charCodeAt(j - 1) === 32 || text.charCodeAt(j - 1) === 9;
    if (c === 35 && prevIsSpace) return j;
    if ((c === 34 || c === 39) && (j === ls || QUOTE_OPENERS.includes(text[j - 1]))) quote = c;
  }
  return -1;
}

/** Mask template actions; returns the text unchanged (and no mask) when there are none. */
export function maskTemplates(text: string): { text: string; mask: TemplateMask | undefined } {
  let i = text.indexOf('{{');
  if (i === -1) return { text, mask: undefined };
  const actions: MaskedAction[] = [];
  const out: string[] = [];
  let last = 0;
  // the line of the last action looked at, and where a comment starts on it (-1: none)
  let lineEnd = -1;
  let comment = -1;
  while (i !== -1) {
    const close = text.indexOf('}}', i + 2);
    const end = close === -1 ? text.length : close + 2;
    if (i > lineEnd) {
      lineEnd = lineEndOf(text, i);
      comment = commentStart(text, lineStartOf(text, i), lineEnd);
    }
    if (comment !== -1 && comment < i && end <= lineEnd) {
      // an action inside a YAML comment: comments are not analysed, so it changes nothing
      i = end < text.length ? text.indexOf('{{', end) : -1;
      continue;
    }
    let after = end;
    while (after < text.length && (text.charCodeAt(after) === 32 || text.charCodeAt(after) === 9)) after++;
    const nextIsColon = text.charCodeAt(after) === 58;
    const multiLine = /[\r\n]/.test(text.slice(i, end));
    const structural = multiLine || (onlySpaceBefore(text, i) && !nextIsColon);
    actions.push({ start: i, end, structural });
    out.push(text.slice(last, i));
    const fill = structural ? ' ' : '_';
    let masked = '';
    for (let j = i; j < end; j++) {
      const c = text[j];
      masked += c === '\n' || c === '\r' ? c : fill;
    }
    out.push(masked);
    last = end;
    i = end < text.length ? text.indexOf('{{', end) : -1;
  }
  if (!actions.length) return { text, mask: undefined };
  out.push(text.slice(last));
  return { text: out.join(''), mask: new TemplateMask(actions) };
}
