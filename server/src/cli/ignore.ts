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
 * Patterns are read by the tokenizer the `exclude` globs use too (engine/glob-syntax.ts, in its
 * .gitignore dialect) and matched by simulating a nondeterministic automaton over the path, one
 * character at a time: O(path length × pattern length) for any pattern, with no
 * backtracking and no regular expression built from user text.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { GITIGNORE_GLOBS, setHas, tokenizeGlob, type GlobToken } from '../engine/glob-syntax';
import type { Steps } from '../engine/steps';
import { ioErrorText } from '../node/errors';
import { UserError } from './errors';

export const IGNORE_FILE_NAME = '.podsecignore';

export interface IgnorePattern {
  /** the line as written */
  source: string;
  /** 1-based line in the ignore file */
  line: number;
  negated: boolean;
  dirOnly: boolean;
  tokens: GlobToken[];
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
  const tokens = tokenizeGlob(s, GITIGNORE_GLOBS);
  if (!anchored) tokens.unshift({ t: 'segments' });
  return { source: raw, line, negated, dirOnly, tokens };
}

/**
 * Does a pattern's token list match the whole of `rel` (a `/`-separated relative path)? `steps`
 * counts the states looked at: O(path length x pattern length).
 */
export function matchTokens(tokens: GlobToken[], rel: string, steps?: Steps): boolean {
  const n = tokens.length;
  // state k: before token k; state n accepts. `run[k]`: inside the characters of a `segments` token.
  let cur = new Uint8Array(n + 1);
  let next = new Uint8Array(n + 1);
  let run = new Uint8Array(n + 1);
  let nextRun = new Uint8Array(n + 1);
  const close = (set: Uint8Array, k: number) => {
    // tokens that may match nothing
    while (k <= n && !set[k]) {
      if (steps) steps.n++;
      set[k] = 1;
      if (k === n) return;
      const t = tokens[k].t;
      if (t !== 'star' && t !== 'segments') return;
      k++;
    }
  };
  close(cur, 0);
  for (let i = 0; i < rel.length; i++) {
    const c = rel[i];
    if (steps) steps.n += n;
    next.fill(0);
    nextRun.fill(0);
    let alive = false;
    for (let k = 0; k < n; k++) {
      const tok = tokens[k];
      if (run[k]) {
        // inside `(.*/)`: keep going; a `/` may end the run
        nextRun[k] = 1;
        alive = true;
        if (c === '/') close(next, k + 1);
      }
      if (!cur[k]) continue;
      switch (tok.t) {
        case 'char':
          if (tok.c === c) close(next, k + 1);
          break;
        case 'any':
          if (c !== '/') close(next, k + 1);
          break;
        case 'set':
          if (c !== '/' && setHas(tok, c) !== tok.negated) close(next, k + 1);
          break;
        case 'star':
          if (c !== '/') {
            next[k] = 1;
            close(next, k + 1);
          }
          break;
        case 'segments':
          nextRun[k] = 1;
          if (c === '/') close(next, k + 1);
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

export class IgnoreFileError extends UserError {}

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
    throw new IgnoreFileError(`cannot read ignore file ${file}: ${code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a directory' : ioErrorText(e)}`);
  }
  return IgnoreFile.parse(text, path.dirname(path.resolve(file)), file);
}
