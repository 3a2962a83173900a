/**
 * `.podsecignore`: files the CLI does not check, written in .gitignore syntax.
 *
 * - Blank lines and lines starting with `#` are skipped; `\#` and `\!` start a pattern with a
 *   literal `#` or `!`. Trailing spaces are dropped unless escaped with `\`.
 * - `!pattern` re-includes what an earlier pattern excluded; the last matching line wins. As in
 *   git, a file inside an excluded folder cannot be re-included (the folder is never entered).
 * - A trailing `/` matches folders only.
 * - A pattern with a `/` at its start or in its middle is relative to the folder of the ignore
 *   file; otherwise it matches a name at any depth.
 * - `*` matches within one path segment, `?` one character other than `/`, `[a-z]`, `[!a-z]`,
 *   `[^a-z]` and `[[:alpha:]]`-style classes one character; `**` as a whole segment matches any
 *   number of segments (`**\/x`, `a/**\/b`, `a/**`); other `**` act as `*`; `\x` is `x`.
 *   Braces are literal, as in git.
 *
 * Patterns are compiled into tokens and matched by simulating a nondeterministic automaton over
 * the path, one character at a time: O(path length × pattern length) for any pattern, with no
 * backtracking and no regular expression built from user text.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

export const IGNORE_FILE_NAME = '.podsecignore';

type Token =
  | { t: 'char'; c: number }
  | { t: 'any' }
  /** `*`: any run of characters other than `/` */
  | { t: 'star' }
  /** `**\/` as whole segments: empty, or any run of characters ending in `/` */
  | { t: 'dirs' }
  /** trailing `/**`'s `**`: one or more characters of any kind */
  | { t: 'rest' }
  | { t: 'class'; negated: boolean; test: (c: number) => boolean };

export interface IgnorePattern {
  /** the line as written */
  source: string;
  /** 1-based line in the ignore file */
  line: number;
  negated: boolean;
  dirOnly: boolean;
  tokens: Token[];
}

const POSIX_CLASSES: Record<string, (c: number) => boolean> = {
  alnum: (c) => isDigit(c) || isAlpha(c),
  alpha: (c) => isAlpha(c),
  blank: (c) => c === 32 || c === 9,
  cntrl: (c) => c < 32 || c === 127,
  digit: (c) => isDigit(c),
  graph: (c) => c > 32 && c < 127,
  lower: (c) => c >= 97 && c <= 122,
  print: (c) => c >= 32 && c < 127,
  punct: (c) => c > 32 && c < 127 && !isDigit(c) && !isAlpha(c),
  space: (c) => c === 32 || (c >= 9 && c <= 13),
  upper: (c) => c >= 65 && c <= 90,
  xdigit: (c) => isDigit(c) || (c >= 65 && c <= 70) || (c >= 97 && c <= 102),
};

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

function isAlpha(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
}

/**
 * Parse a bracket expression starting at `p[i] === '['`. Returns the class token and the index
 * after the closing `]`, or undefined when there is no closing bracket (then `[` is literal).
 */
function parseClass(p: string, i: number): [Token, number] | undefined {
  let j = i + 1;
  let negated = false;
  if (p[j] === '!' || p[j] === '^') {
    negated = true;
    j++;
  }
  const singles: number[] = [];
  const ranges: [number, number][] = [];
  const named: ((c: number) => boolean)[] = [];
  let first = true;
  while (j < p.length) {
    let c = p[j];
    if (c === ']' && !first) {
      const members = { singles, ranges, named };
      const test = (ch: number) =>
        members.singles.includes(ch) || members.ranges.some(([lo, hi]) => ch >= lo && ch <= hi) || members.named.some((f) => f(ch));
      return [{ t: 'class', negated, test }, j + 1];
    }
    first = false;
    if (c === '[' && p[j + 1] === ':') {
      const close = p.indexOf(':]', j + 2);
      const name = close > 0 ? p.slice(j + 2, close) : '';
      const fn = POSIX_CLASSES[name];
      if (fn) {
        named.push(fn);
        j = close + 2;
        continue;
      }
    }
    if (c === '\\' && j + 1 < p.length) c = p[++j];
    const lo = c.charCodeAt(0);
    j++;
    if (p[j] === '-' && j + 1 < p.length && p[j + 1] !== ']') {
      let hiCh = p[j + 1];
      j += 2;
      if (hiCh === '\\' && j < p.length) hiCh = p[j++];
      const hi = hiCh.charCodeAt(0);
      if (hi >= lo) ranges.push([lo, hi]);
      continue;
    }
    singles.push(lo);
  }
  return undefined;
}

function tokenize(p: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  while (i < p.length) {
    const c = p[i];
    const segStart = i === 0 || p[i - 1] === '/';
    if (c === '*' && p[i + 1] === '*' && segStart && (i + 2 === p.length || p[i + 2] === '/')) {
      if (i + 2 === p.length) {
        out.push({ t: 'rest' });
        i += 2;
      } else {
        out.push({ t: 'dirs' });
        i += 3;
      }
      continue;
    }
    if (c === '*') {
      while (p[i] === '*') i++;
      out.push({ t: 'star' });
      continue;
    }
    if (c === '?') {
      out.push({ t: 'any' });
      i++;
      continue;
    }
    if (c === '[') {
      const cls = parseClass(p, i);
      if (cls) {
        out.push(cls[0]);
        i = cls[1];
        continue;
      }
    }
    if (c === '\\' && i + 1 < p.length) {
      out.push({ t: 'char', c: p.charCodeAt(i + 1) });
      i += 2;
      continue;
    }
    out.push({ t: 'char', c: p.charCodeAt(i) });
    i++;
  }
  return out;
}

/** Parse one line of an ignore file; undefined for blank lines and comments. */
export function parseIgnoreLine(raw: string, line = 1): IgnorePattern | undefined {
  let s = raw;
  if (s.endsWith('\r')) s = s.slice(0, -1);
  // trailing spaces are dropped unless escaped
  let end = s.length;
  while (end > 0 && s[end - 1] === ' ') {
    let bs = 0;
    for (let k = end - 2; k >= 0 && s[k] === '\\'; k--) bs++;
    if (bs % 2 === 1) break;
    end--;
  }
  s = s.slice(0, end);
  if (!s || s.startsWith('#')) return undefined;
  let negated = false;
  if (s.startsWith('!')) {
    negated = true;
    s = s.slice(1);
  }
  let dirOnly = false;
  if (s.endsWith('/') && !s.endsWith('\\/')) {
    dirOnly = true;
    s = s.replace(/\/+$/, '');
  }
  if (!s) return undefined;
  // a separator at the start or in the middle anchors the pattern to the ignore file's folder
  const anchored = s.includes('/');
  if (s.startsWith('/')) s = s.slice(1);
  const tokens = tokenize(s);
  if (!anchored) tokens.unshift({ t: 'dirs' });
  return { source: raw, line, negated, dirOnly, tokens };
}

/** Does a pattern's token list match the whole of `rel` (a `/`-separated relative path)? */
export function matchTokens(tokens: Token[], rel: string): boolean {
  const n = tokens.length;
  // state k: before token k; state n accepts. `inRun[k]`: inside the characters of a `dirs` token.
  let cur = new Uint8Array(n + 1);
  let next = new Uint8Array(n + 1);
  let run = new Uint8Array(n + 1);
  let nextRun = new Uint8Array(n + 1);
  const close = (set: Uint8Array, k: number) => {
    // tokens that may match nothing
    while (k <= n && !set[k]) {
      set[k] = 1;
      if (k === n) return;
      const t = tokens[k].t;
      if (t !== 'star' && t !== 'dirs') return;
      k++;
    }
  };
  close(cur, 0);
  for (let i = 0; i < rel.length; i++) {
    const c = rel.charCodeAt(i);
    next.fill(0);
    nextRun.fill(0);
    let alive = false;
    for (let k = 0; k < n; k++) {
      const tok = tokens[k];
      if (run[k]) {
        // inside `(.*/)`: keep going; a `/` may end the run
        nextRun[k] = 1;
        alive = true;
        if (c === 47) close(next, k + 1);
      }
      if (!cur[k]) continue;
      switch (tok.t) {
        case 'char':
          if (tok.c === c) close(next, k + 1);
          break;
        case 'any':
          if (c !== 47) close(next, k + 1);
          break;
        case 'class':
          if (c !== 47 && tok.test(c) !== tok.negated) close(next, k + 1);
          break;
        case 'star':
          if (c !== 47) {
            next[k] = 1;
            close(next, k + 1);
          }
          break;
        case 'dirs':
          nextRun[k] = 1;
          if (c === 47) close(next, k + 1);
          break;
        case 'rest':
          // one or more characters of anything: stay, and accept
          next[k] = 1;
          close(next, k + 1);
          break;
      }
      alive = true;
    }
    if (!alive) return false;
    [cur, next] = [next, cur];
    [run, nextRun] = [nextRun, run];
  }
  return cur[n] === 1;
}

export class IgnoreFile {
  constructor(
    /** folder the patterns are relative to */
    readonly baseDir: string,
    readonly patterns: IgnorePattern[],
    /** where they were read from, for messages */
    readonly source: string,
  ) {}

  static parse(text: string, baseDir: string, source: string): IgnoreFile {
    const patterns: IgnorePattern[] = [];
    const lines = text.replace(/^\ufeff/, '').split('\n');
    lines.forEach((l, i) => {
      const p = parseIgnoreLine(l, i + 1);
      if (p) patterns.push(p);
    });
    return new IgnoreFile(path.resolve(baseDir), patterns, source);
  }

  /** Path relative to the base folder with `/` separators; undefined when outside it. */
  relative(p: string): string | undefined {
    const rel = path.relative(this.baseDir, path.resolve(p));
    if (!rel || rel === '..' || rel.startsWith(`..${path.sep}`) || path.isAbsolute(rel)) return undefined;
    return path.sep === '/' ? rel : rel.split(path.sep).join('/');
  }

  /**
   * Is this path itself ignored (its parent folders are not looked at)? The last matching
   * pattern decides.
   */
  ignoresEntry(p: string, isDir: boolean): boolean {
    const rel = this.relative(p);
    if (rel === undefined) return false;
    return this.decide(rel, isDir);
  }

  private decide(rel: string, isDir: boolean): boolean {
    for (let i = this.patterns.length - 1; i >= 0; i--) {
      const pat = this.patterns[i];
      if (pat.dirOnly && !isDir) continue;
      if (matchTokens(pat.tokens, rel)) return !pat.negated;
    }
    return false;
  }

  /** Is a path ignored, by itself or because a folder above it (below the base) is? */
  ignoresPath(p: string, isDir: boolean): boolean {
    const rel = this.relative(p);
    if (rel === undefined) return false;
    let slash = rel.indexOf('/');
    while (slash >= 0) {
      if (this.decide(rel.slice(0, slash), true)) return true;
      slash = rel.indexOf('/', slash + 1);
    }
    return this.decide(rel, isDir);
  }
}

export class IgnoreFileError extends Error {}

/**
 * Read an ignore file. `required` (an `--ignore-path`) makes a missing file an error; the
 * default `.podsecignore` is optional.
 */
export function loadIgnoreFile(file: string, required: boolean): IgnoreFile | undefined {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (!required && code === 'ENOENT') return undefined;
    throw new IgnoreFileError(`cannot read ignore file ${file}: ${code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a directory' : (code ?? (e as Error).message)}`);
  }
  return IgnoreFile.parse(text, path.dirname(path.resolve(file)), file);
}
