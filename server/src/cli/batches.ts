/**
 * Large inputs in batches: a file is read block by block on the main thread, cut at document
 * boundaries (engine/chunks.ts `ChunkStream`, the same chunks as the whole text gives) and
 * handed out as batches of whole documents with their place in the file. Nothing holds more of
 * the file than a block, one unfinished document and the batch being cut.
 *
 * A file is checked first (`probeSource`) without being kept: a binary or non-UTF-8 file gives
 * the error `readSource` gives before any of it is reported.
 */
import { isUtf8 } from 'node:buffer';
import * as fs from 'node:fs';
import { ChunkStream } from '../engine/chunks';
import { countLineBreaks } from '../engine/text';
import { ioErrorText } from '../node/errors';
import { InputError } from './files';

/** Bytes read at a time. */
export const READ_BLOCK = 1 << 20;
/** `decode` looks for NUL bytes this far into a file. */
const BINARY_PROBE = 8192;

export interface Batch {
  text: string;
  /** where the text starts in the file (UTF-16 offset, line) */
  offset: number;
  line: number;
}

function readError(p: string, e: unknown): InputError {
  const code = (e as NodeJS.ErrnoException).code;
  return new InputError(`cannot read ${p}: ${code === 'EISDIR' ? 'is a directory' : code === 'ENOENT' ? 'no such file' : ioErrorText(e)}`);
}

/** A file's blocks of bytes, in order (each valid until the next is asked for). */
function* blocks(p: string): Generator<Buffer> {
  let fd: number;
  try {
    fd = fs.openSync(p, 'r');
  } catch (e) {
    throw readError(p, e);
  }
  try {
    const buf = Buffer.allocUnsafe(READ_BLOCK);
    for (;;) {
      let n: number;
      try {
        n = fs.readSync(fd, buf, 0, buf.length, null);
      } catch (e) {
        throw readError(p, e);
      }
      if (n === 0) return;
      yield buf.subarray(0, n);
    }
  } finally {
    fs.closeSync(fd);
  }
}

/** Where the last complete UTF-8 sequence of `b` ends (an incomplete one at the end is left for the next block). */
function completeUpTo(b: Buffer): number {
  let i = b.length - 1;
  while (i >= 0 && i > b.length - 4 && (b[i] & 0xc0) === 0x80) i--;
  if (i < 0 || b[i] < 0xc0) return b.length;
  const needed = b[i] >= 0xf0 ? 4 : b[i] >= 0xe0 ? 3 : 2;
  return i + needed > b.length ? i : b.length;
}

/** Check that a file reads as UTF-8 text, as `readSource` would, without keeping it. */
export function probeSource(p: string): void {
  let carry = Buffer.alloc(0);
  let first = true;
  for (const bytes of blocks(p)) {
    if (first && bytes.subarray(0, BINARY_PROBE).includes(0)) throw new InputError(`${p}: binary content (NUL bytes), not a YAML manifest`);
    first = false;
    const b = carry.length ? Buffer.concat([carry, bytes]) : bytes;
    const cut = completeUpTo(b);
    if (!isUtf8(b.subarray(0, cut))) throw new InputError(`${p}: not valid UTF-8 text`);
    carry = Buffer.from(b.subarray(cut));
  }
  if (carry.length) throw new InputError(`${p}: not valid UTF-8 text`);
}

/** Groups chunk texts into batches of at least `target` characters (the last may be smaller). */
class Batcher {
  private parts: string[] = [];
  private size = 0;
  private offset = 0;
  private line = 0;

  constructor(private readonly target: number) {}

  add(chunks: string[], out: Batch[]): void {
    for (const c of chunks) {
      this.parts.push(c);
      this.size += c.length;
      if (this.size >= this.target) this.flush(out);
    }
  }

  flush(out: Batch[]): void {
    if (!this.parts.length) return;
    const text = this.parts.length === 1 ? this.parts[0] : this.parts.join('');
    out.push({ text, offset: this.offset, line: this.line });
    this.offset += text.length;
    this.line += countLineBreaks(text);
    this.parts = [];
    this.size = 0;
  }
}

/**
 * The batches of a file, in order, as it is read; an InputError when the file cannot be read or
 * is not UTF-8 text (after the batches before the fault). The byte order mark is left out, as
 * `readSource` leaves it out.
 */
export function* fileBatches(p: string, target: number): Generator<Batch> {
  const decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
  const stream = new ChunkStream();
  const batcher = new Batcher(target);
  const out: Batch[] = [];
  const decode = (bytes?: Buffer): string => {
    try {
      return bytes ? decoder.decode(bytes, { stream: true }) : decoder.decode();
    } catch {
      throw new InputError(`${p}: not valid UTF-8 text`);
    }
  };
  let start = true;
  for (const bytes of blocks(p)) {
    let text = decode(bytes);
    if (start && text) {
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
      start = false;
    }
    batcher.add(stream.push(text), out);
    yield* out.splice(0);
  }
  batcher.add(stream.push(decode()), out);
  batcher.add(stream.end(), out);
  batcher.flush(out);
  yield* out.splice(0);
}

/** The batches of a text in memory (standard input). */
export function textBatches(text: string, target: number): Batch[] {
  const stream = new ChunkStream();
  const batcher = new Batcher(target);
  const out: Batch[] = [];
  batcher.add(stream.push(text), out);
  batcher.add(stream.end(), out);
  batcher.flush(out);
  return out;
}
