/**
 * Glob patterns for `exclude`, matched without regular expressions.
 *
 * Syntax (read by glob-syntax.ts, which .podsecignore shares; paths use `/`, matching is
 * case-sensitive):
 * - `*` any run of characters within one path segment, `?` one character other than `/`;
 * - `**` as a whole segment: any number of segments (`**\/x`, `a/**\/b`, `a/**`);
 * - `[abc]`, `[a-z]`, `[!a-z]` (or `[^a-z]`): one character from (or not from) a set;
 * - `{a,b}`: alternatives (expanded up front, at most MAX_ALTERNATIVES per pattern);
 * - `\x`: the character x itself.
 * A pattern without a `/` (other than a trailing one) matches a file or directory name at any
 * depth, as in .gitignore; a pattern with a `/` is anchored to the base directory. A pattern that
 * matches a directory matches everything below it.
 *
 * Matching simulates a nondeterministic automaton over the pattern's tokens, so its time is
 * O(path length x pattern length) for any input: no pattern can make it backtrack exponentially.
 */
import { EXCLUDE_GLOBS, GlobError, setHas, tokenizeGlob, type GlobToken } from './glob-syntax';
import type { Steps } from './steps';

export { GlobError };

/** Longest pattern accepted (a bound on matching cost). */
export const MAX_PATTERN_LENGTH = 1024;
/** Alternatives a `{...}` expansion may produce. */
export const MAX_ALTERNATIVES = 64;

export interface CompiledGlob {
  source: string;
  /** one token list per `{}` alternative */
  alternatives: GlobToken[][];
}

/** Expand `{a,b}` groups (nesting allowed), honouring `\` escapes. */
function expandBraces(p: string, budget: { left: number }): string[] {
  let depth = 0;
  let open = -1;
  for (let i = 0; i < p.length; i++) {
    const c = p[i];
    if (c === '\\') {
      i++;
      continue;
    }
    if (c === '[') {
      // skip a character class: braces inside it are literal
      const close = classEnd(p, i);
      if (close > 0) i = close;
      continue;
    }
    if (c === '{') {
      if (depth === 0) open = i;
      depth++;
    } else if (c === '}') {
      if (depth === 0) throw new GlobError(`unmatched "}" at position ${i + 1}`);
      depth--;
      if (depth === 0) {
        const parts = splitTopLevel(p.slice(open + 1, i));
        const head = p.slice(0, open);
        const tail = p.slice(i + 1);
        const out: string[] = [];
        for (const part of parts) {
          for (const rest of expandBraces(part + tail, budget)) {
            if (--budget.left < 0) throw new GlobError(`too many alternatives (more than ${MAX_ALTERNATIVES})`);
            out.push(head + rest);
          }
        }
        return out;
      }
    }
  }
  if (depth > 0) throw new GlobError(`unmatched "{" at position ${open + 1}`);
  return [p];
}

function splitTopLevel(s: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (c === '\\') i++;
    else if (c === '[') {
      const close = classEnd(s, i);
      if (close > 0) i = close;
    } else if (c === '{') depth++;
    else if (c === '}') depth--;
    else if (c === ',' && depth === 0) {
      out.push(s.slice(start, i));
      start = i + 1;
    }
  }
  out.push(s.slice(start));
  return out;
}

/** Index of the `]` closing a class that opens at `i`, or -1. */
function classEnd(p: ArrayLike<string>, i: number): number {
  let j = i + 1;
  if (p[j] === '!' || p[j] === '^') j++;
  if (p[j] === ']') j++; // a leading ] is literal
  for (; j < p.length; j++) {
    if (p[j] === '\\') j++;
    else if (p[j] === ']') return j;
  }
  return -1;
}

/** Compile a pattern; throws GlobError with a readable message when it is malformed. */
export function compileGlob(pattern: string): CompiledGlob {
  if (typeof pattern !== 'string' || !pattern.trim()) throw new GlobError('empty pattern');
  if (pattern.length > MAX_PATTERN_LENGTH) throw new GlobError(`pattern longer than ${MAX_PATTERN_LENGTH} characters`);
  let p = pattern.trim();
  if (p.startsWith('./')) p = p.slice(2);
  // a trailing slash names a directory; everything below it matches anyway
  while (p.length > 1 && p.endsWith('/') && !p.endsWith('\\/')) p = p.slice(0, -1);
  const anchored = p.includes('/');
  if (p.startsWith('/')) p = p.slice(1);
  if (!anchored && p !== '**') p = `**/${p}`;
  const alternatives = expandBraces(p, { left: MAX_ALTERNATIVES }).map((alt) => tokenizeGlob(alt, EXCLUDE_GLOBS));
  return { source: pattern, alternatives };
}

/**
 * Automaton states: for token k, state 2k is "before token k"; state 2k+1 is "inside a `**\/`
 * segment run, in the middle of a segment". State 2n (n = tokens) accepts.
 */
function matchTokens(tokens: GlobToken[], path: string[], steps?: Steps): boolean {
  const n = tokens.length;
  const size = 2 * n + 1;
  let cur = new Uint8Array(size);
  let next = new Uint8Array(size);
  const add = (set: Uint8Array, s: number) => {
    // epsilon closure: `*`, `**\/` and `/**` may match nothing
    while (!set[s]) {
      if (steps) steps.n++;
      set[s] = 1;
      if (s === 2 * n || s % 2 === 1) return;
      const t = tokens[s / 2].t;
      if (t === 'star' || t === 'segments' || t === 'rest') s += 2;
      else return;
    }
  };
  add(cur, 0);
  for (let i = 0; i < path.length; i++) {
    const c = path[i];
    // the directory path[0..i) matches: so does everything below it
    if (c === '/' && cur[2 * n]) return true;
    if (steps) steps.n += size;
    next.fill(0);
    let any = false;
    for (let s = 0; s < size - 1; s++) {
      if (!cur[s]) continue;
      const k = s >> 1;
      const tok = tokens[k];
      if (s % 2 === 1) {
        // inside a segment of a `**\/` run
        if (c === '/') add(next, 2 * k);
        else add(next, s);
        any = true;
        continue;
      }
      switch (tok.t) {
        case 'char':
          if (tok.c === c) add(next, s + 2);
          break;
        case 'any':
          if (c !== '/') add(next, s + 2);
          break;
        case 'set':
          if (tok.negated ? !setHas(tok, c) && c !== '/' : setHas(tok, c)) add(next, s + 2);
          break;
        case 'star':
          if (c !== '/') add(next, s);
          break;
        case 'segments':
          // a segment starts: stay in the run until its closing `/`
          if (c === '/') add(next, s);
          else add(next, s + 1);
          break;
        case 'rest':
          add(next, s);
          break;
      }
      any = true;
    }
    if (!any) return false;
    [cur, next] = [next, cur];
  }
  return cur[2 * n] === 1;
}

/**
 * Does a compiled glob match a relative path (or one of its parent directories)? `steps` counts
 * the states looked at: O(path length x pattern length).
 */
export function globMatches(glob: CompiledGlob, relPath: string, steps?: Steps): boolean {
  let path = relPath;
  while (path.startsWith('./')) path = path.slice(2);
  if (!path || path === '..' || path.startsWith('../')) return false;
  const chars = Array.from(path);
  return glob.alternatives.some((tokens) => matchTokens(tokens, chars, steps));
}

/** Convenience: compile and match (malformed patterns match nothing). */
export function matchGlob(pattern: string, relPath: string): boolean {
  try {
    return globMatches(compileGlob(pattern), relPath);
  } catch (e) {
    if (e instanceof GlobError) return false;
    throw e;
  }
}
