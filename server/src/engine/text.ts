/**
 * Text positions, line breaks and edits: the one place that knows what a line break is.
 * Offsets are indexes into a JavaScript string, i.e. UTF-16 code units, which is exactly what
 * LSP positions count. Lines end at "\r\n", "\n" or a lone "\r", as in LSP (and YAML, and
 * Kubernetes' reader).
 */

export interface Position {
  /** 0-based line */
  line: number;
  /** 0-based column in UTF-16 code units */
  character: number;
}

export interface Range {
  start: Position;
  end: Position;
}

export class LineIndex {
  /** offset of the first character of each line */
  readonly starts: number[];

  constructor(readonly text: string) {
    this.starts = lineStarts(text);
  }

  get lineCount(): number {
    return this.starts.length;
  }

  /** Line containing `offset` (offsets past the end belong to the last line). */
  lineAt(offset: number): number {
    const s = this.starts;
    let lo = 0;
    let hi = s.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (s[mid] <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }

  position(offset: number): Position {
    const clamped = Math.max(0, Math.min(offset, this.text.length));
    const line = this.lineAt(clamped);
    return { line, character: clamped - this.starts[line] };
  }

  range(start: number, end: number): Range {
    return { start: this.position(start), end: this.position(end) };
  }

  /** Offset of a position; characters past the end of a line clamp to the line end. */
  offset(pos: Position): number {
    if (pos.line < 0) return 0;
    if (pos.line >= this.starts.length) return this.text.length;
    const start = this.starts[pos.line];
    const end = this.lineEnd(pos.line);
    return Math.min(start + Math.max(0, pos.character), end);
  }

  /** Offset just before the line break of `line` (or end of text). */
  lineEnd(line: number): number {
    return lineEndAt(this.text, this.starts, line);
  }
}

/** The line break characters: LF and CR (a CR followed by LF is one break). */
export function isLineBreak(code: number): boolean {
  return code === 10 || code === 13;
}

/** Splits a text at its line breaks (`text.split(LINE_BREAK)` gives the lines without them). */
export const LINE_BREAK = /\r\n|\n|\r/;

/** Offsets of the line starts of a text (the first is 0). */
export function lineStarts(text: string): number[] {
  const starts = [0];
  if (text.indexOf('\r') === -1) {
    // Performance: without carriage returns, indexOf finds line breaks far faster than a loop
    // over every character (this runs for every document analysed).
    for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
    return starts;
  }
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10) starts.push(i + 1);
    else if (c === 13) {
      if (text.charCodeAt(i + 1) === 10) i++;
      starts.push(i + 1);
    }
  }
  return starts;
}

/** The number of line breaks in a text (its lines minus one). */
export function countLineBreaks(text: string): number {
  let n = 0;
  if (text.indexOf('\r') === -1) {
    for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) n++;
    return n;
  }
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10) n++;
    else if (c === 13) {
      if (text.charCodeAt(i + 1) === 10) i++;
      n++;
    }
  }
  return n;
}

/** Offset just before the line break that ends line `line` of a text with these line starts. */
export function lineEndAt(text: string, starts: readonly number[], line: number): number {
  if (line + 1 >= starts.length) return text.length;
  let end = starts[line + 1] - 1;
  if (end > 0 && text.charCodeAt(end) === 10 && text.charCodeAt(end - 1) === 13) end--;
  return end;
}

/**
 * The lines of text[from, to), each with its line break, so that joining them gives the text
 * back. A CRLF split by `to` ends its line at the CR.
 */
export function linesWithBreaks(text: string, from = 0, to = text.length): string[] {
  const out: string[] = [];
  let start = from;
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i);
    if (isLineBreak(c)) {
      if (c === 13 && text.charCodeAt(i + 1) === 10 && i + 1 < to) i++;
      out.push(text.slice(start, i + 1));
      start = i + 1;
    }
  }
  if (start < to) out.push(text.slice(start, to));
  return out;
}

/**
 * A lone CR is a line break (YAML, LSP, Kubernetes' decoder) that the YAML parser does not know:
 * the text with a LF of the same length in its place, so that offsets stay exact.
 */
export function loneCrAsLf(text: string): string {
  return text.includes('\r') ? text.replace(/\r(?!\n)/g, '\n') : text;
}

/** The line break a file mostly uses; new lines inserted by fixes use the same. */
export function detectEol(text: string): '\n' | '\r\n' | '\r' {
  const lf = text.indexOf('\n');
  if (lf > 0 && text.charCodeAt(lf - 1) === 13) return '\r\n';
  if (lf === -1 && text.includes('\r')) return '\r';
  return '\n';
}

/** Offset of the start of the line holding `offset`. */
export function lineStartOf(text: string, offset: number): number {
  let i = offset;
  while (i > 0 && !isLineBreak(text.charCodeAt(i - 1))) i--;
  return i;
}

/** Offset of the end of the line holding `offset` (before its line break). */
export function lineEndOf(text: string, offset: number): number {
  let i = offset;
  while (i < text.length && !isLineBreak(text.charCodeAt(i))) i++;
  return i;
}

/** Offset just past the line break that ends the line holding `offset` (or end of text). */
export function nextLineStart(text: string, offset: number): number {
  let i = lineEndOf(text, offset);
  if (text.charCodeAt(i) === 13) i++;
  if (text.charCodeAt(i) === 10) i++;
  return i;
}

/** Offset of the start of the line before the one that starts at `lineStart` (itself for line 0). */
export function previousLineStart(text: string, lineStart: number): number {
  if (lineStart === 0) return 0;
  let p = lineStart - 1;
  if (text.charCodeAt(p) === 10 && text.charCodeAt(p - 1) === 13) p--;
  return lineStartOf(text, p);
}

/** A replacement of text[start, end) (UTF-16 offsets) with `text`: the engine's one edit type. */
export interface Edit {
  start: number;
  end: number;
  text: string;
}

/** An edit moved by `by` characters (an edit of a chunk placed in its file). */
export function shiftEdit(e: Edit, by: number): Edit {
  return { start: e.start + by, end: e.end + by, text: e.text };
}
