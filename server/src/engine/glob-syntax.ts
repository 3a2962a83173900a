/**
 * The one tokenizer of glob patterns, for both dialects podsec reads: the `exclude` globs of the
 * configuration (glob.ts) and `.podsecignore` lines in .gitignore syntax (cli/ignore.ts). Each
 * has its own matcher; the syntax they share is read here:
 * - `*` any run of characters within one path segment (`**` inside a segment is the same);
 * - `**` as a whole segment: any number of segments (`**\/x`, `a/**\/b`), or everything below
 *   when it ends the pattern (`a/**`);
 * - `?` one character other than `/`;
 * - `[abc]`, `[a-z]`, `[!a-z]`, `[^a-z]` one character from (or not from) a set; a leading `]` is
 *   a member; in .gitignore syntax also `[[:alpha:]]`-style classes;
 * - `\x` the character x itself.
 * The exclude dialect reads code points and rejects malformed patterns (GlobError); the
 * .gitignore dialect reads UTF-16 code units and, as git does, takes what it cannot read
 * literally (an unclosed `[`, a trailing `\`) and drops reversed ranges.
 */

export class GlobError extends Error {}

export type GlobToken =
  | { t: 'char'; c: string }
  /** `?` */
  | { t: 'any' }
  /** `*` within a segment */
  | { t: 'star' }
  /** `**\/` as whole segments: zero or more segments */
  | { t: 'segments' }
  /** a trailing `**` (`a/**`, or a lone `**`) */
  | { t: 'rest' }
  /** `[...]`: `items` are characters and inclusive ranges, `named` POSIX classes (by code point) */
  | { t: 'set'; negated: boolean; items: (string | [string, string])[]; named: ((cp: number) => boolean)[] };

export interface GlobDialect {
  /** the characters of a pattern, as matching reads paths */
  chars(pattern: string): string[];
  /** malformed syntax throws GlobError (otherwise it is read literally) */
  strict: boolean;
  /** `[[:alpha:]]`-style classes inside sets */
  posixClasses: boolean;
}

/** `exclude` globs: by code point, so that `?` and sets take a whole character even outside the BMP. */
export const EXCLUDE_GLOBS: GlobDialect = { chars: (p) => Array.from(p), strict: true, posixClasses: false };
/** `.podsecignore` lines, as git reads them. */
export const GITIGNORE_GLOBS: GlobDialect = { chars: (p) => p.split(''), strict: false, posixClasses: true };

const isDigit = (c: number) => c >= 48 && c <= 57;
const isAlpha = (c: number) => (c >= 65 && c <= 90) || (c >= 97 && c <= 122);

const POSIX_CLASSES = new Map<string, (c: number) => boolean>([
  ['alnum', (c) => isDigit(c) || isAlpha(c)],
  ['alpha', isAlpha],
  ['blank', (c) => c === 32 || c === 9],
  ['cntrl', (c) => c < 32 || c === 127],
  ['digit', isDigit],
  ['graph', (c) => c > 32 && c < 127],
  ['lower', (c) => c >= 97 && c <= 122],
  ['print', (c) => c >= 32 && c < 127],
  ['punct', (c) => c > 32 && c < 127 && !isDigit(c) && !isAlpha(c)],
  ['space', (c) => c === 32 || (c >= 9 && c <= 13)],
  ['upper', (c) => c >= 65 && c <= 90],
  ['xdigit', (c) => isDigit(c) || (c >= 65 && c <= 70) || (c >= 97 && c <= 102)],
]);

/** Is `c` one of the set's characters (negation not applied)? */
export function setHas(tok: Extract<GlobToken, { t: 'set' }>, c: string): boolean {
  const cp = c.codePointAt(0)!;
  for (const it of tok.items) {
    if (typeof it === 'string' ? it === c : cp >= it[0].codePointAt(0)! && cp <= it[1].codePointAt(0)!) return true;
  }
  return tok.named.some((f) => f(cp));
}

/**
 * Read a set whose `[` is at `p[i]`: the token and the index after its `]`, or undefined when
 * no `]` closes it.
 */
function readSet(p: string[], i: number, d: GlobDialect): [GlobToken, number] | undefined {
  let j = i + 1;
  let negated = false;
  if (p[j] === '!' || p[j] === '^') {
    negated = true;
    j++;
  }
  const items: (string | [string, string])[] = [];
  const named: ((cp: number) => boolean)[] = [];
  /** a reversed range, reported once the set is known to be closed */
  let reversed: string | undefined;
  let first = true;
  while (j < p.length) {
    let c = p[j];
    if (c === ']' && !first) {
      if (reversed !== undefined && d.strict) throw new GlobError(`invalid range "${reversed}" in "[...]"`);
      return [{ t: 'set', negated, items, named }, j + 1];
    }
    first = false;
    if (d.posixClasses && c === '[' && p[j + 1] === ':') {
      let k = j + 2;
      while (k + 1 < p.length && !(p[k] === ':' && p[k + 1] === ']')) k++;
      const fn = k + 1 < p.length ? POSIX_CLASSES.get(p.slice(j + 2, k).join('')) : undefined;
      if (fn) {
        named.push(fn);
        j = k + 2;
        continue;
      }
    }
    if (c === '\\' && j + 1 < p.length) c = p[++j];
    j++;
    if (p[j] === '-' && j + 1 < p.length && p[j + 1] !== ']') {
      let hi = p[j + 1];
      j += 2;
      if (hi === '\\' && j < p.length) hi = p[j++];
      if (hi.codePointAt(0)! >= c.codePointAt(0)!) items.push([c, hi]);
      else reversed ??= `${c}-${hi}`;
      continue;
    }
    items.push(c);
  }
  return undefined;
}

/** The tokens of a pattern (after any dialect-specific rewriting: anchoring, `{a,b}` expansion). */
export function tokenizeGlob(pattern: string, d: GlobDialect): GlobToken[] {
  const p = d.chars(pattern);
  const out: GlobToken[] = [];
  let i = 0;
  while (i < p.length) {
    const c = p[i];
    const atSegmentStart = i === 0 || p[i - 1] === '/';
    if (c === '*' && p[i + 1] === '*' && atSegmentStart && (i + 2 === p.length || p[i + 2] === '/')) {
      if (i + 2 === p.length) {
        out.push({ t: 'rest' });
        i += 2;
      } else {
        out.push({ t: 'segments' });
        i += 3;
      }
      continue;
    }
    if (c === '*') {
      // `***` and `**` inside a segment mean the same as `*`
      if (out[out.length - 1]?.t !== 'star') out.push({ t: 'star' });
      i++;
      continue;
    }
    if (c === '?') {
      out.push({ t: 'any' });
      i++;
      continue;
    }
    if (c === '\\') {
      if (i + 1 < p.length) {
        out.push({ t: 'char', c: p[i + 1] });
        i += 2;
        continue;
      }
      if (d.strict) throw new GlobError('pattern ends with a lone "\\"');
    }
    if (c === '[') {
      const set = readSet(p, i, d);
      if (set) {
        out.push(set[0]);
        i = set[1];
        continue;
      }
      if (d.strict) throw new GlobError(`unmatched "[" at position ${i + 1}`);
    }
    out.push({ t: 'char', c });
    i++;
  }
  return out;
}
