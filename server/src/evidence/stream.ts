/**
 * Streaming output for the writers: a sink that hands `write` chunks of bounded size, and a
 * pretty-printing JSON writer that never holds more than one small value in memory (long strings
 * such as finding details are written piece by piece).
 */
import type { Write } from './types';

/** Chunks passed to `write` stay below this many UTF-16 units, unless a single piece is larger. */
export const CHUNK = 16 * 1024;

export class Sink {
  private parts: string[] = [];
  private size = 0;

  constructor(
    private readonly write: Write,
    private readonly limit = CHUNK,
  ) {}

  push(s: string): void {
    if (!s) return;
    if (this.size + s.length > this.limit) this.flush();
    if (s.length >= this.limit) {
      this.write(s);
      return;
    }
    this.parts.push(s);
    this.size += s.length;
  }

  flush(): void {
    if (!this.size) return;
    const chunk = this.parts.join('');
    this.parts = [];
    this.size = 0;
    this.write(chunk);
  }
}

/** JSON text of a string without the surrounding quotes. */
export function jsonStringBody(s: string): string {
  return JSON.stringify(s).slice(1, -1);
}

type Frame = { kind: 'object' | 'array'; members: number };

/**
 * Writes JSON indented by two spaces, like `JSON.stringify(value, null, 2)`:
 *
 *   j.beginObject(); j.prop('a', 1); j.key('b'); j.beginString(); j.stringPart('x'); j.endString(); j.end();
 */
export class JsonWriter {
  private readonly stack: Frame[] = [];
  private afterKey = false;

  constructor(private readonly out: Sink) {}

  private indent(depth = this.stack.length): string {
    return '\n' + '  '.repeat(depth);
  }

  /** Separator and indentation before a new member of the current container. */
  private member(): void {
    const top = this.stack[this.stack.length - 1];
    if (!top) return;
    this.out.push((top.members++ ? ',' : '') + this.indent());
  }

  /** Before a value: after a key nothing more; in an array a new member. */
  private beforeValue(): void {
    if (this.afterKey) this.afterKey = false;
    else if (this.stack.length) {
      if (this.stack[this.stack.length - 1].kind === 'object') throw new Error('JsonWriter: value without a key in an object');
      this.member();
    }
  }

  key(name: string): this {
    const top = this.stack[this.stack.length - 1];
    if (!top || top.kind !== 'object' || this.afterKey) throw new Error(`JsonWriter: key ${name} outside an object`);
    this.member();
    this.out.push(JSON.stringify(name) + ': ');
    this.afterKey = true;
    return this;
  }

  /** A complete (small) value. */
  value(v: unknown): this {
    this.beforeValue();
    const text = JSON.stringify(v, null, 2);
    if (text === undefined) throw new Error('JsonWriter: value is not JSON');
    this.out.push(this.stack.length ? text.replace(/\n/g, this.indent()) : text);
    return this;
  }

  prop(name: string, v: unknown): this {
    return this.key(name).value(v);
  }

  beginObject(): this {
    this.beforeValue();
    this.out.push('{');
    this.stack.push({ kind: 'object', members: 0 });
    return this;
  }

  beginArray(): this {
    this.beforeValue();
    this.out.push('[');
    this.stack.push({ kind: 'array', members: 0 });
    return this;
  }

  end(): this {
    const top = this.stack.pop();
    if (!top || this.afterKey) throw new Error('JsonWriter: unbalanced end');
    this.out.push((top.members ? this.indent() : '') + (top.kind === 'object' ? '}' : ']'));
    return this;
  }

  beginString(): this {
    this.beforeValue();
    this.out.push('"');
    return this;
  }

  stringPart(s: string): this {
    this.out.push(jsonStringBody(s));
    return this;
  }

  endString(): this {
    this.out.push('"');
    return this;
  }

  /** A string value written from pieces; `parts` is consumed lazily. */
  streamedString(parts: Iterable<string>): this {
    this.beginString();
    for (const p of parts) this.stringPart(p);
    return this.endString();
  }

  /** Ends the document with a line break and flushes. */
  finish(): void {
    if (this.stack.length) throw new Error('JsonWriter: unclosed containers');
    this.out.push('\n');
    this.out.flush();
  }
}
