/**
 * Cheap splitting of a YAML stream into its documents ("chunks") without parsing it.
 *
 * A line that starts with `---` followed by a space, a tab or the end of the line is a document
 * start marker wherever it appears (YAML forbids such lines inside content), so every chunk can be
 * parsed on its own: a broken document never hides the next one, and an edit only invalidates the
 * chunk it touches. Directive lines (`%YAML`, `%TAG`) directly above a marker belong to the chunk
 * the marker opens.
 */
import { isLineBreak, previousLineStart } from './text';

export interface ChunkSpan {
  /** offset of the first character of the chunk */
  start: number;
  /** offset just past the chunk (the start of the next chunk, or the end of the text) */
  end: number;
}

function isMarkerAt(text: string, i: number): boolean {
  if (text.charCodeAt(i) !== 45 || text.charCodeAt(i + 1) !== 45 || text.charCodeAt(i + 2) !== 45) return false;
  const c = text.charCodeAt(i + 3);
  return Number.isNaN(c) || c === 32 || c === 9 || isLineBreak(c);
}

/** Offsets of every line start in [from, to) that begins a document marker. */
function markerOffsets(text: string, from: number, to: number): number[] {
  const out: number[] = [];
  if (from === 0 && isMarkerAt(text, 0)) out.push(0);
  // Text may begin with a byte order mark.
  if (from === 0 && text.charCodeAt(0) === 0xfeff && isMarkerAt(text, 1)) out.push(0);
  let i = text.indexOf('---', from === 0 ? 1 : from);
  while (i !== -1 && i < to) {
    if (isLineBreak(text.charCodeAt(i - 1)) && isMarkerAt(text, i)) out.push(i);
    i = text.indexOf('---', i + 3);
  }
  return out;
}

/** Move a marker offset up over directive lines that precede it. */
function withDirectives(text: string, marker: number, floor: number): number {
  let start = marker;
  while (start > floor) {
    // `floor` is a line start, so the previous line never begins before it
    const ls = previousLineStart(text, start);
    if (text.charCodeAt(ls) === 37 /* % */) start = ls;
    else break;
  }
  return start;
}

/** Split a whole text into chunks covering it without gaps. Always returns at least one chunk. */
export function splitChunks(text: string): ChunkSpan[] {
  const markers = markerOffsets(text, 0, text.length);
  const starts: number[] = [0];
  for (const m of markers) {
    const s = withDirectives(text, m, starts[starts.length - 1]);
    if (s > starts[starts.length - 1]) starts.push(s);
  }
  const out: ChunkSpan[] = [];
  for (let k = 0; k < starts.length; k++) {
    out.push({ start: starts[k], end: k + 1 < starts.length ? starts[k + 1] : text.length });
  }
  return out;
}

/**
 * Splits a text that arrives in pieces (a file read block by block) into the same chunks as
 * `splitChunks` of the whole text, handing out each chunk's text once the marker after it has
 * been read. It holds only the text of the chunk not yet complete.
 */
export class ChunkStream {
  /** the text from the start of the current chunk on */
  private pending = '';
  /** where the search for the next marker resumes in `pending` */
  private scanFrom = 1;

  /** Add the next piece of text; returns the texts of the chunks it completes, in order. */
  push(text: string): string[] {
    if (!text) return [];
    this.pending += text;
    return this.cut(false);
  }

  /** The end of the text: the texts of the remaining chunks (at least one for an empty text). */
  end(): string[] {
    const out = this.cut(true);
    out.push(this.pending);
    this.pending = '';
    this.scanFrom = 1;
    return out;
  }

  private cut(atEnd: boolean): string[] {
    const out: string[] = [];
    let text = this.pending;
    // a marker at offset 0 opens the current chunk; later ones open new chunks (see markerOffsets)
    let i = text.indexOf('---', Math.max(1, this.scanFrom));
    while (i !== -1) {
      // the character after `---` decides; without it, wait for more text
      if (i + 3 >= text.length && !atEnd) break;
      if (isLineBreak(text.charCodeAt(i - 1)) && isMarkerAt(text, i)) {
        const s = withDirectives(text, i, 0);
        if (s > 0) {
          out.push(text.slice(0, s));
          text = text.slice(s);
          i -= s;
        }
      }
      i = text.indexOf('---', i + 3);
    }
    this.pending = text;
    // resume where a `---` may still begin: the last two characters may start one
    this.scanFrom = i !== -1 ? i : Math.max(1, text.length - 2);
    return out;
  }
}
