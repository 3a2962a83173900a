/**
 * Go template actions (`{{ ... }}`, as in Helm chart templates) are masked before parsing, with
 * same-length filler, so that the YAML around them stays analysable and every offset stays exact.
 * The masking follows what `helm template` makes of the text:
 * - an action on a line of its own (control flow such as `{{- if }}`, or output such as
 *   `{{- include "x" . | nindent 8 }}`), an action that spans lines, and an action whose output
 *   starts a new block (`key: {{- toYaml .x | nindent 4 }}`) become spaces: they are
 *   "structural";
 * - any other action (a value, part of a value, a key) becomes underscores, so it parses as an
 *   ordinary plain scalar whose real value is unknown;
 * - control flow after the content of a line (`hostNetwork: true {{- end }}`) produces nothing:
 *   spaces; an `{{ else }}` branch written on the same line as its `if` is left out (spaces);
 * - inside a YAML block scalar or quoted scalar an action is text of that scalar, and inside a
 *   YAML comment it is left alone;
 * - template comments (`{{/* ... *\/}}`) end where Go ends them, whatever actions they mention.
 *
 * For every output action that stands on its own line, the mask records which mapping its output
 * lands in (see `TemplateMask.keysOpenAt` / `valueOpenAt`): the mapping whose keys are at the
 * column the output is placed at (`nindent N`, or the action's own column), or the value of the
 * key with an empty value above it. Only there may a template add keys we cannot see.
 *
 * The scan is one pass over the lines with a stack of the open keys and sequence items: linear
 * in the text.
 */
import { isLineBreak, lineEndOf, lineStartOf, nextLineStart } from './text';

export type ActionKind = 'output' | 'control' | 'comment';

export interface MaskedAction {
  start: number;
  end: number;
  /** masked with spaces as template structure: a line of its own, several lines, or a new block */
  structural: boolean;
  kind: ActionKind;
  /** text of a YAML block scalar or quoted scalar */
  inScalar: boolean;
  /** for output on a line of its own: the column its output starts at (`nindent N`, or its own) */
  column?: number;
}

/** One branch of an `if`/`with`/`range` block: its body lines (offsets), between its delimiters. */
export interface TemplateBranch {
  /** the action that opens the branch (`{{ if }}`, `{{ else }}`) */
  open: { start: number; end: number };
  /** the action that ends it (`{{ else }}`, `{{ end }}`) */
  close: { start: number; end: number };
  /** [start, end) of the whole lines strictly between the two actions' lines */
  body: [number, number];
}

export class TemplateMask {
  constructor(
    /** a Go template (a Helm chart's file); otherwise `{{ }}` is only text in the YAML */
    readonly goTemplate: boolean,
    readonly actions: MaskedAction[],
    /** the masked text (same length as the original) */
    readonly masked: string,
    /** the original text */
    readonly source: string,
    private readonly keysOpen: Set<number>,
    private readonly valuesOpen: Set<number>,
    /** close and branch actions (by start) -> the start of the action that opened their block */
    private readonly openers: Map<number, number>,
    /** if/with/range branches with a body of whole lines, in text order of their opening action */
    readonly branches: TemplateBranch[],
    /**
     * Template text left out of the YAML: an `{{ else }}` branch on one line, and the lines of
     * branches podsec could not read (see syntax.ts); fixes must not touch them.
     */
    readonly dropped: [number, number][] = [],
  ) {}

  /** The same mask over the original text, with more template text left out of the YAML. */
  rebased(source: string, dropped: [number, number][]): TemplateMask {
    return new TemplateMask(this.goTemplate, this.actions, this.masked, source, this.keysOpen, this.valuesOpen, this.openers, this.branches, dropped);
  }

  /** Any action (or dropped template text) overlapping [start, end). */
  overlaps(start: number, end: number): boolean {
    if (this.find(start, end, false)) return true;
    const e = Math.max(end, start + 1);
    return this.dropped.some(([s, d]) => s < e && d > start);
  }

  /**
   * Any action overlapping [start, end) that may put text there: output, and any action within a
   * line's text. Control flow and comments on lines of their own produce nothing.
   */
  producesIn(start: number, end: number): boolean {
    const a = this.actions;
    for (let i = this.firstEndingAfter(start); i < a.length && a[i].start < Math.max(end, start + 1); i++) {
      if (a[i].kind === 'output' || !a[i].structural) return true;
    }
    return false;
  }

  /** Any structural action overlapping [start, end). */
  structuralIn(start: number, end: number): boolean {
    return this.find(start, end, true);
  }

  /** Template output may add keys to the mapping that holds the key written at this offset. */
  keysOpenAt(keyOffset: number): boolean {
    return this.keysOpen.has(keyOffset);
  }

  /** Template output produces (part of) the value of the key written at this offset. */
  valueOpenAt(keyOffset: number): boolean {
    return this.valuesOpen.has(keyOffset);
  }

  /** Some output action puts keys somewhere (nothing to say where without a key above it). */
  get hasOpenings(): boolean {
    return this.keysOpen.size > 0 || this.valuesOpen.size > 0;
  }

  /** The line [ls, le) holds template code and nothing YAML reads (masked, it is blank). */
  templateOnly(ls: number, le: number): boolean {
    let code = false;
    for (let i = ls; i < le; i++) {
      const m = this.masked.charCodeAt(i);
      if (m !== 32 && m !== 9) {
        // a YAML comment after the template code is still a template-only line
        if (m === 35 && code) return true;
        return false;
      }
      const c = this.source.charCodeAt(i);
      if (c !== 32 && c !== 9) code = true;
    }
    return code;
  }

  /** The actions starting in [start, end). */
  actionsIn(start: number, end: number): MaskedAction[] {
    const a = this.actions;
    let lo = 0;
    let hi = a.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (a[mid].start < start) lo = mid + 1;
      else hi = mid;
    }
    const out: MaskedAction[] = [];
    for (let i = lo; i < a.length && a[i].start < end; i++) out.push(a[i]);
    return out;
  }

  /** For an `{{ else }}` or `{{ end }}`, where its block was opened; undefined for other actions. */
  openerOf(a: MaskedAction): number | undefined {
    return this.openers.get(a.start);
  }

  /**
   * Every action starting in [ls, le) ends or branches a block that was opened at or after
   * `from` (so text inserted after the line stays inside whatever encloses `from`).
   */
  closesBlocksFrom(ls: number, le: number, from: number): boolean {
    const acts = this.actionsIn(ls, le);
    if (!acts.length) return false;
    return acts.every((a) => {
      const o = this.openers.get(a.start);
      return o !== undefined && o >= from;
    });
  }

  /** Index of the first action ending after `start` (actions are in text order). */
  private firstEndingAfter(start: number): number {
    const a = this.actions;
    let lo = 0;
    let hi = a.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (a[mid].end <= start) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  private find(start: number, end: number, structuralOnly: boolean): boolean {
    const a = this.actions;
    for (let i = this.firstEndingAfter(start); i < a.length && a[i].start < Math.max(end, start + 1); i++) {
      if (!structuralOnly || a[i].structural) return true;
    }
    return false;
  }
}

// ---- Go template actions -----------------------------------------------------------------------

type BlockRole = 'open' | 'branch' | 'close';

interface RawAction {
  start: number;
  end: number;
  kind: ActionKind;
  role: BlockRole | undefined;
  /** `{{-`: the whitespace before it (line breaks included) is removed */
  leftTrim: boolean;
  /** `nindent N`: output on a new line at column N */
  nindent: number | undefined;
  /** `indent N` */
  indent: number | undefined;
  multiLine: boolean;
}

const SPACE = 32;
const TAB = 9;
const isBlank = (c: number) => c === SPACE || c === TAB;

/** Where the action starting at `from` (just after `{{`) ends: after its `}}`, skipping Go strings. */
function actionEnd(text: string, from: number): number {
  for (let p = from; p < text.length; p++) {
    const c = text.charCodeAt(p);
    if (c === 125 && text.charCodeAt(p + 1) === 125) return p + 2;
    if (c === 34) {
      // an interpreted string: ends at an unescaped quote on the same line
      let q = p + 1;
      while (q < text.length) {
        const d = text.charCodeAt(q);
        if (d === 92) q += 2;
        else if (d === 34 || isLineBreak(d)) break;
        else q++;
      }
      if (text.charCodeAt(q) === 34) p = q;
    } else if (c === 96) {
      // a raw string
      const q = text.indexOf('`', p + 1);
      if (q !== -1) p = q;
    }
  }
  return text.length;
}

/** Where a template comment starting at `from` (at `/*`) ends: `*\/}}` or `*\/ -}}`. */
function commentEnd(text: string, from: number): number {
  let c = text.indexOf('*/', from + 2);
  while (c !== -1) {
    let m = c + 2;
    while (isBlank(text.charCodeAt(m))) m++;
    if (text.charCodeAt(m) === 45) m++;
    if (text.charCodeAt(m) === 125 && text.charCodeAt(m + 1) === 125) return m + 2;
    c = text.indexOf('*/', c + 2);
  }
  return text.length;
}

const OPENERS = new Set(['if', 'range', 'with', 'define', 'block']);
const JINJA_OPENERS = new Set(['if', 'for', 'macro', 'call', 'filter', 'block', 'with', 'raw']);
const ASSIGNMENT = /^\$\w*\s*(?:,\s*\$\w*\s*)?:?=[^=]/;
const NINDENT = /\bnindent\s+(\d+)/g;
const INDENT = /(?:^|[^\w])indent\s+(\d+)/g;

function lastNumber(re: RegExp, body: string): number | undefined {
  let n: number | undefined;
  re.lastIndex = 0;
  for (let m = re.exec(body); m; m = re.exec(body)) n = Number(m[1]);
  return n;
}

/** Every action of a text, in order. */
function tokenize(text: string): RawAction[] {
  const out: RawAction[] = [];
  const opener = /\{[{%#]/g;
  let m = opener.exec(text);
  while (m) {
    const i = m.index;
    const jinja = text[i + 1] !== '{';
    let j = i + 2;
    const leftTrim = text.charCodeAt(j) === 45 && (jinja || isBlank(text.charCodeAt(j + 1)) || isLineBreak(text.charCodeAt(j + 1)));
    if (leftTrim) j += jinja ? 1 : 2;
    let k = j;
    while (k < text.length && (isBlank(text.charCodeAt(k)) || isLineBreak(text.charCodeAt(k)))) k++;
    let end: number;
    let kind: ActionKind;
    let role: BlockRole | undefined;
    let nindent: number | undefined;
    let indent: number | undefined;
    if (jinja) {
      // Jinja (Ansible templates): `{% statement %}` and `{# comment #}`
      const close = text.indexOf(text[i + 1] === '%' ? '%}' : '#}', j);
      end = close === -1 ? text.length : close + 2;
      const word = /^[A-Za-z_]\w*/.exec(text.slice(k, Math.min(end, k + 20)))?.[0] ?? '';
      kind = text[i + 1] === '#' ? 'comment' : word === 'include' ? 'output' : 'control';
      if (JINJA_OPENERS.has(word)) role = 'open';
      else if (word === 'else' || word === 'elif') role = 'branch';
      else if (word.startsWith('end')) role = 'close';
    } else if (text.startsWith('/*', k)) {
      end = commentEnd(text, k);
      kind = 'comment';
    } else {
      end = actionEnd(text, j);
      let bodyEnd = end >= 2 && text.charCodeAt(end - 1) === 125 ? end - 2 : end;
      if (text.charCodeAt(bodyEnd - 1) === 45 && isBlank(text.charCodeAt(bodyEnd - 2))) bodyEnd--;
      const body = text.slice(k, bodyEnd).trim();
      const word = /^[A-Za-z_]\w*/.exec(body)?.[0];
      if (word && OPENERS.has(word)) {
        role = 'open';
        kind = word === 'block' ? 'output' : 'control';
      } else if (word === 'else') {
        role = 'branch';
        kind = 'control';
      } else if (word === 'end') {
        role = 'close';
        kind = 'control';
      } else if (word === 'break' || word === 'continue' || ASSIGNMENT.test(body)) {
        kind = 'control';
      } else {
        kind = 'output';
        nindent = lastNumber(NINDENT, body);
        if (nindent === undefined) indent = lastNumber(INDENT, body);
      }
    }
    let multiLine = false;
    for (let p = i; p < end; p++) {
      if (isLineBreak(text.charCodeAt(p))) {
        multiLine = true;
        break;
      }
    }
    out.push({ start: i, end, kind, role, leftTrim, nindent, indent, multiLine });
    if (end >= text.length) break;
    opener.lastIndex = end;
    m = opener.exec(text);
  }
  return out;
}

/**
 * Whether a text reads as a Go template: an action with Go's trim markers or a comment, one that
 * starts with a field (`.Values`), a variable (`$x`), a keyword or a function Helm charts use. A
 * Jinja template (an Ansible role's, `{% if %}`, `{# #}`) is read the same way. Other `{{ ... }}`
 * (Argo Workflows' `{{inputs.parameters.x}}`, prose) is plain YAML text.
 */
const GO_ACTION =
  /\{\{-\s|\s-\}\}|\{\{\s*\/\*|\{\{\s*[.$(]|\{\{\s*(?:if|else|end|range|with|define|template|block|include|toYaml|toJson|tpl|required|default|printf|quote|print|lookup)\b|\{%-?\s*(?:if|for|set|macro|raw|include)\b|\{#/;

export function looksLikeGoTemplate(text: string): boolean {
  return GO_ACTION.test(text);
}

// ---- the YAML line scan ------------------------------------------------------------------------

interface Entry {
  kind: 'key' | 'dash';
  col: number;
  offset: number;
  /** a key whose value is not on its line */
  empty: boolean;
}

/** What a (masked) line holds, read on its first physical line. */
interface Shape {
  first: number;
  entries: Entry[];
  /** a block scalar starts below: the column it must be indented past */
  block?: { parent: number; explicit: number | undefined };
  /** a quoted scalar continues on the next line */
  /** a quoted scalar left open (`flow`: inside a flow collection) */
  quote?: { ch: number; limit: number; start: number; flow?: boolean };
  /** a flow collection continues on the next line */
  flow?: number;
}

/** End of a quoted scalar starting at `i` (offset of its closing quote), or -1 on this line. */
function closeQuote(s: string, i: number, le: number): number {
  const ch = s.charCodeAt(i);
  for (let p = i + 1; p < le; p++) {
    const c = s.charCodeAt(p);
    if (ch === 39 && c === 39) {
      if (s.charCodeAt(p + 1) === 39) p++;
      else return p;
    } else if (ch === 34) {
      if (c === 92) p++;
      else if (c === 34) return p;
    }
  }
  return -1;
}

/** Where `: ` (or `:` at the line's end) follows offset `p` on its line, after blanks (what precedes is an implicit key), or -1. */
function keyColonAfter(s: string, p: number, le: number): number {
  while (p < le && isBlank(s.charCodeAt(p))) p++;
  return s.charCodeAt(p) === 58 && (p + 1 >= le || isBlank(s.charCodeAt(p + 1))) ? p : -1;
}

/** Depth of flow collections left open at the end of [i, le) (quotes and comments skipped). */
function flowDepth(s: string, i: number, le: number, depth: number): { depth: number; quote?: number } {
  for (let p = i; p < le; p++) {
    const c = s.charCodeAt(p);
    if (c === 91 || c === 123) depth++;
    else if (c === 93 || c === 125) {
      depth--;
      if (depth <= 0) return { depth: 0 };
    } else if (c === 34 || c === 39) {
      const q = closeQuote(s, p, le);
      if (q === -1) return { depth, quote: p };
      p = q;
    } else if (c === 35 && p > i && isBlank(s.charCodeAt(p - 1))) break;
  }
  return { depth };
}

const BLOCK_INDICATOR = /^[|>](?:([1-9])[+-]?|[+-]([1-9])?)?(?=[ \t]|$)/;

/**
 * The structure of the masked line [ls, le): its sequence dashes and key, and whether a block
 * scalar, a quoted scalar or a flow collection continues below it.
 */
function shapeOf(m: string, ls: number, le: number): Shape {
  let i = ls;
  while (i < le && m.charCodeAt(i) === SPACE) i++;
  const shape: Shape = { first: i - ls, entries: [] };
  let lastCol = -1;
  while (m.charCodeAt(i) === 45 && (i + 1 >= le || isBlank(m.charCodeAt(i + 1)))) {
    shape.entries.push({ kind: 'dash', col: i - ls, offset: i, empty: false });
    lastCol = i - ls;
    i++;
    while (i < le && isBlank(m.charCodeAt(i))) i++;
  }
  const value = (p: number, owner: number): void => {
    // skip anchors and tags
    for (;;) {
      while (p < le && isBlank(m.charCodeAt(p))) p++;
      const c = m.charCodeAt(p);
      if (c !== 38 && c !== 33) break;
      while (p < le && !isBlank(m.charCodeAt(p))) p++;
    }
    const c = m.charCodeAt(p);
    if (p >= le || (c === 35 && isBlank(m.charCodeAt(p - 1)))) return;
    if (c === 124 || c === 62) {
      const ind = BLOCK_INDICATOR.exec(m.slice(p, Math.min(le, p + 4)));
      if (ind) {
        const n = ind[1] ?? ind[2];
        shape.block = { parent: owner, explicit: n ? Number(n) : undefined };
      }
      return;
    }
    if (c === 34 || c === 39) {
      if (closeQuote(m, p, le) === -1) shape.quote = { ch: c, limit: owner, start: p };
      return;
    }
    if (c === 91 || c === 123) {
      const f = flowDepth(m, p, le, 0);
      if (f.quote !== undefined) shape.quote = { ch: m.charCodeAt(f.quote), limit: owner, start: f.quote, flow: true };
      else if (f.depth > 0) shape.flow = f.depth;
    }
  };
  const c = m.charCodeAt(i);
  if (i >= le || c === 35) return shape;
  if (c === 124 || c === 62 || c === 91 || c === 123 || c === 38 || c === 33) {
    value(i, lastCol);
    return shape;
  }
  let keyEnd = -1;
  if (c === 34 || c === 39) {
    const q = closeQuote(m, i, le);
    if (q === -1) {
      // a quote that starts the line (no dash before it) belongs to a node above it (`? ` or
      // `key:` on an earlier line): lines left of the quote may be left of that node's parent
      shape.quote = { ch: c, limit: lastCol >= 0 ? lastCol : shape.first - 1, start: i };
      return shape;
    }
    keyEnd = keyColonAfter(m, q + 1, le);
  } else {
    for (let p = i; p < le; p++) {
      const d = m.charCodeAt(p);
      if (d === 58 && (p + 1 >= le || isBlank(m.charCodeAt(p + 1)))) {
        keyEnd = p;
        break;
      }
      if (d === 35 && isBlank(m.charCodeAt(p - 1))) break;
    }
  }
  if (keyEnd === -1) return shape;
  const key: Entry = { kind: 'key', col: i - ls, offset: i, empty: false };
  shape.entries.push(key);
  let p = keyEnd + 1;
  for (;;) {
    while (p < le && isBlank(m.charCodeAt(p))) p++;
    const d = m.charCodeAt(p);
    if (d !== 38 && d !== 33) break;
    while (p < le && !isBlank(m.charCodeAt(p))) p++;
  }
  key.empty = p >= le || (m.charCodeAt(p) === 35 && isBlank(m.charCodeAt(p - 1)));
  if (!key.empty) value(p, key.col);
  return shape;
}

/** A fill decision: text[start, end) becomes `fill` (line breaks are kept). */
interface Fill {
  start: number;
  end: number;
  fill: ' ' | '_';
}

class Scanner {
  readonly actions: MaskedAction[] = [];
  readonly fills: Fill[] = [];
  readonly keysOpen = new Set<number>();
  readonly valuesOpen = new Set<number>();
  readonly dropped: [number, number][] = [];
  readonly openers = new Map<number, number>();
  readonly branches: TemplateBranch[] = [];
  /** quoted scalars whose continuation lines are not indented past their parent (see `repairQuotes`) */
  readonly underIndented: [number, number][] = [];
  private stack: Entry[] = [];
  private block: { parent: number; content: number; lead?: number } | null = null;
  private quote: { ch: number; limit: number; start: number; flow: boolean; under: boolean } | null = null;
  private flow = 0;
  /** else/end on the same line as their branch's start: the close action of each `else` */
  private readonly elseClose = new Map<number, RawAction>();
  /** `{{ define }}` … `{{ end }}`: named templates, which render nothing where they are written */
  private readonly defines: [number, number][] = [];

  constructor(
    readonly text: string,
    readonly raws: RawAction[],
    /** not a Go template: every action is text (a plain scalar, or part of one) */
    private readonly textOnly: boolean,
  ) {
    if (!textOnly) this.matchBlocks();
  }

  /** Pair the block actions as Go does: `if`/`range`/`with`/`define`/`block` … `else` … `end`. */
  private matchBlocks(): void {
    const stack: { open: RawAction; last: RawAction; branches: RawAction[] }[] = [];
    const text = this.text;
    for (const a of this.raws) {
      if (a.role === 'open') stack.push({ open: a, last: a, branches: [] });
      else if (a.role === 'branch' || a.role === 'close') {
        const top = a.role === 'close' ? stack.pop() : stack[stack.length - 1];
        if (!top) continue;
        this.openers.set(a.start, top.open.start);
        const define = /^\{[{%]-?\s*(?:define|macro)\b/.test(text.slice(top.open.start, top.open.start + 12));
        if (define && a.role === 'close') this.defines.push([top.open.start, a.end]);
        if (top.open.kind === 'control' && !define) {
          const bodyStart = nextLineStart(text, top.last.end - 1);
          const bodyEnd = lineStartOf(text, a.start);
          if (bodyEnd > bodyStart) this.branches.push({ open: top.last, close: a, body: [bodyStart, bodyEnd] });
        }
        if (a.role === 'branch') top.branches.push(a);
        else {
          // `{{ else }}…{{ end }}` on one line: the else part is left out of the YAML
          const line = lineEndOf(text, a.start);
          for (const b of top.branches) if (lineEndOf(text, b.start) === line) this.elseClose.set(b.start, a);
        }
        top.last = a;
      }
    }
    this.branches.sort((x, y) => x.open.start - y.open.start);
  }

  run(): void {
    const { text, raws } = this;
    let ai = 0;
    let ls = 0;
    const n = text.length;
    let di = 0;
    while (ls < n) {
      let le = lineEndOf(text, ls);
      while (di < this.defines.length && this.defines[di][1] <= ls) di++;
      const def = this.defines[di];
      if (def && def[0] < le && this.firstContent(ls, def[0], ai, ai) >= def[0]) {
        // a named template: not part of this document's YAML
        const end = lineEndOf(text, def[1]);
        let aj = ai;
        while (aj < raws.length && raws[aj].start < end) aj++;
        const whole = this.firstContent(def[1], end, ai, ai) >= end;
        const stop = whole ? end : def[1];
        for (let k = ai; k < aj; k++)
          if (raws[k].start < stop) this.actions.push({ start: raws[k].start, end: raws[k].end, structural: true, kind: raws[k].kind, inScalar: false });
        this.fills.push({ start: def[0], end: stop, fill: ' ' });
        this.dropped.push([def[0], stop]);
        if (!whole) {
          // text after the `{{ end }}` on its line
          this.inline(stop, end, ai, aj, false);
        }
        ai = aj;
        const next = nextLineStart(text, end);
        if (next <= ls) break;
        ls = next;
        continue;
      }
      let aj = ai;
      while (aj < raws.length && raws[aj].start < le) {
        if (raws[aj].end > le) le = lineEndOf(text, raws[aj].end);
        aj++;
      }
      this.line(ls, le, ai, aj);
      ai = aj;
      const next = nextLineStart(text, le);
      if (next <= ls) break;
      ls = next;
    }
  }

  private push(a: RawAction, fill: ' ' | '_', structural: boolean, inScalar: boolean): void {
    this.actions.push({ start: a.start, end: a.end, structural, kind: a.kind, inScalar });
    this.fills.push({ start: a.start, end: a.end, fill });
  }

  /** The first offset in [from, le) holding something other than blanks, outside actions. */
  private firstContent(from: number, le: number, ai: number, aj: number): number {
    let k = ai;
    for (let p = from; p < le; p++) {
      while (k < aj && this.raws[k].end <= p) k++;
      if (k < aj && this.raws[k].start <= p) {
        p = this.raws[k].end - 1;
        continue;
      }
      if (!isBlank(this.text.charCodeAt(p)) && !isLineBreak(this.text.charCodeAt(p))) return p;
    }
    return le;
  }

  private line(ls: number, le: number, ai: number, aj: number): void {
    const text = this.text;
    const raws = this.raws;
    let first = ls;
    while (first < le && isBlank(text.charCodeAt(first))) first++;
    const blank = first >= le;
    const content = aj > ai ? this.firstContent(ls, le, ai, aj) : first;
    // only actions on the line (and perhaps a YAML comment after them)
    const actionOnly = aj > ai && (content >= le || (text.charCodeAt(content) === 35 && raws[ai].start < content));

    if (this.block) {
      const b = this.block;
      if (blank) return;
      // output placed at or left of the scalar's parent ends the scalar: it is YAML structure
      const escapes = aj > ai && content >= le && raws.slice(ai, aj).some((a) => a.kind === 'output' && this.outputColumn(a) <= b.parent);
      if (escapes) this.block = null;
      else if (aj > ai && content >= le) {
        // an action line inside a block scalar: Helm writes its output there, as text. Before the
        // scalar's first line of text, a line of spaces deeper than that text is an error, so such
        // a line becomes text at the scalar's indentation.
        for (let k = ai; k < aj; k++) {
          const a = raws[k];
          this.actions.push({ start: a.start, end: a.end, structural: false, kind: a.kind, inScalar: true });
        }
        const ci = b.content >= 0 ? b.content : (b.lead ??= this.leadIndent(nextLineStart(text, le), b.parent, aj));
        if (b.content >= 0 || le - ls <= ci) {
          for (let k = ai; k < aj; k++) this.fills.push({ start: raws[k].start, end: raws[k].end, fill: ' ' });
        } else {
          this.fills.push({ start: ls, end: ls + ci, fill: ' ' }, { start: ls + ci, end: le, fill: '_' });
          b.content = ci;
        }
        return;
      } else if (first - ls > b.parent) {
        if (b.content < 0) b.content = first - ls;
        for (let k = ai; k < aj; k++) this.push(raws[k], '_', false, true);
        return;
      } else this.block = null;
    }

    if (this.quote) {
      const q = this.quote;
      if (!blank && first - ls <= q.limit) q.under = true;
      const close = this.scanQuote(ls, le, ai, aj, q.ch);
      if (close === -1) return;
      // a quoted implicit key of a block mapping must be on one line (go-yaml rejects it too): not repaired
      if (q.under && (q.flow || keyColonAfter(text, close + 1, le) === -1)) this.underIndented.push([q.start, close + 1]);
      this.quote = null;
      this.inline(close + 1, le, ai, aj, false);
      return;
    }
    if (this.flow > 0) {
      this.inline(ls, le, ai, aj, actionOnly);
      return;
    }
    if (blank) return;
    if (content < le && text.charCodeAt(content) === 35 && (aj === ai || raws[ai].start > content)) {
      // a comment line: actions in it are comment text (unless they span lines: Go runs them)
      for (let k = ai; k < aj; k++) if (raws[k].multiLine) this.push(raws[k], ' ', true, false);
      return;
    }
    if (first === ls && (text.startsWith('---', ls) || text.startsWith('...', ls)) && (le === ls + 3 || isBlank(text.charCodeAt(ls + 3)))) {
      // a document marker: a new document's structure
      this.stack = [];
      this.flow = 0;
    }
    if (actionOnly && !this.textOnly) {
      for (let k = ai; k < aj; k++) {
        const a = raws[k];
        if (a.start >= content) break;
        this.push(a, ' ', true, false);
        if (a.kind === 'output') {
          this.actions[this.actions.length - 1].column = this.outputColumn(a);
          this.attachLine(a);
        }
      }
      return;
    }
    this.inline(ls, le, ai, aj, false);
  }

  /**
   * The content indentation of a block scalar whose first lines are template actions: that of
   * its first line of text, or just past its parent when it has none.
   */
  private leadIndent(from: number, parent: number, aj: number): number {
    const text = this.text;
    let k = aj;
    for (let ls = from; ls < text.length;) {
      const le = lineEndOf(text, ls);
      let f = ls;
      while (f < le && isBlank(text.charCodeAt(f))) f++;
      while (k < this.raws.length && this.raws[k].end <= ls) k++;
      let kk = k;
      while (kk < this.raws.length && this.raws[kk].start < le) kk++;
      const c = kk > k ? this.firstContent(ls, le, k, kk) : f;
      if (c < le) {
        const ind = f - ls;
        return ind > parent ? ind : Math.max(0, parent + 1);
      }
      const next = nextLineStart(text, le);
      if (next <= ls) break;
      ls = next;
    }
    return Math.max(0, parent + 1);
  }

  /** Where the quoted scalar continuing at `ls` closes on this line (-1: it goes on). */
  private scanQuote(ls: number, le: number, ai: number, aj: number, ch: number): number {
    const text = this.text;
    let k = ai;
    for (let p = ls; p < le; p++) {
      while (k < aj && this.raws[k].end <= p) k++;
      if (k < aj && this.raws[k].start <= p) {
        this.push(this.raws[k], '_', false, true);
        p = this.raws[k].end - 1;
        k++;
        continue;
      }
      const c = text.charCodeAt(p);
      if (ch === 39 && c === 39) {
        if (text.charCodeAt(p + 1) === 39) p++;
        else return p;
      } else if (ch === 34) {
        if (c === 92) p++;
        else if (c === 34) return p;
      }
    }
    return -1;
  }

  /**
   * A line with content besides actions, from `from`: decide each action's filler, then read the
   * masked line's structure (keys for the stack, and what continues below).
   */
  private inline(from: number, le: number, ai: number, aj: number, actionOnly: boolean): void {
    const text = this.text;
    const raws = this.raws;
    let k = ai;
    while (k < aj && raws[k].end <= from) k++;
    let quote = 0;
    let comment = -1;
    let seen = false;
    const valueOf: RawAction[] = [];
    const fillsFrom = this.fills.length;
    for (let p = from; p < le; p++) {
      if (k < aj && raws[k].start === p) {
        const a = raws[k];
        k++;
        if (comment !== -1) {
          if (a.multiLine) this.push(a, ' ', true, false);
        } else if (quote) this.push(a, '_', false, true);
        else if (this.textOnly) this.push(a, '_', false, false);
        else if (actionOnly || a.multiLine || (a.kind === 'output' && a.nindent !== undefined)) {
          this.push(a, ' ', true, false);
          if (a.kind === 'output') valueOf.push(a);
        } else if (a.role === 'branch' && this.elseClose.has(a.start)) {
          // `{{ if }}a{{ else }}b{{ end }}` on one line: read the first branch
          const close = this.elseClose.get(a.start)!;
          while (k < aj && raws[k].start < close.end) {
            const b = raws[k++];
            this.actions.push({ start: b.start, end: b.end, structural: false, kind: b.kind, inScalar: false });
          }
          this.actions.push({ start: a.start, end: a.end, structural: false, kind: a.kind, inScalar: false });
          this.fills.push({ start: a.start, end: close.end, fill: ' ' });
          this.dropped.push([a.start, close.end]);
          p = close.end - 1;
          continue;
        } else if (a.kind !== 'output' && seen && this.onlySilentAfter(a.end, le, k, aj)) {
          // control flow after the line's content produces nothing
          this.push(a, ' ', false, false);
        } else this.push(a, '_', false, false);
        seen = true;
        p = a.end - 1;
        continue;
      }
      const c = text.charCodeAt(p);
      if (quote) {
        if (quote === 39 && c === 39) {
          if (text.charCodeAt(p + 1) === 39) p++;
          else quote = 0;
        } else if (quote === 34) {
          if (c === 92) p++;
          else if (c === 34) quote = 0;
        }
        continue;
      }
      if (comment !== -1) continue;
      if (c === 35 && (p === from || isBlank(text.charCodeAt(p - 1)))) {
        comment = p;
        continue;
      }
      if ((c === 34 || c === 39) && (p === from || ' \t:[{,-'.includes(text[p - 1]))) quote = c;
      if (!isBlank(c)) seen = true;
    }
    if (this.flow > 0) {
      const masked = this.maskedLine(from, le, fillsFrom);
      const f = flowDepth(masked, 0, masked.length, this.flow);
      this.flow = f.depth;
      return;
    }
    if (from !== lineStartOf(text, from)) return;
    const masked = this.maskedLine(from, le, fillsFrom);
    const shape = shapeOf(masked, 0, lineEndOf(masked, 0));
    for (const e of shape.entries) e.offset += from;
    this.update(shape);
    for (const a of valueOf) {
      const key = [...shape.entries].reverse().find((e) => e.kind === 'key' && e.offset < a.start);
      if (key) this.valuesOpen.add(key.offset);
    }
    if (shape.block)
      this.block = { parent: shape.block.parent, content: shape.block.explicit !== undefined ? Math.max(0, shape.block.parent) + shape.block.explicit : -1 };
    if (shape.quote) this.quote = { ch: shape.quote.ch, limit: shape.quote.limit, start: shape.quote.start + from, flow: !!shape.quote.flow, under: false };
    if (shape.flow) this.flow = shape.flow;
  }

  private onlySilentAfter(p: number, le: number, k: number, aj: number): boolean {
    const text = this.text;
    for (let q = p; q < le; q++) {
      if (k < aj && this.raws[k].start === q) {
        if (this.raws[k].kind === 'output' && this.raws[k].nindent === undefined) return false;
        q = this.raws[k].end - 1;
        k++;
        continue;
      }
      const c = text.charCodeAt(q);
      if (c === 35 && isBlank(text.charCodeAt(q - 1))) return true;
      if (!isBlank(c)) return false;
    }
    return true;
  }

  /** text[from, le) with the fills decided since `fillsFrom` applied. */
  private maskedLine(from: number, le: number, fillsFrom: number): string {
    const text = this.text;
    if (fillsFrom === this.fills.length) return text.slice(from, le);
    let out = '';
    let last = from;
    for (let i = fillsFrom; i < this.fills.length; i++) {
      const f = this.fills[i];
      const s = Math.max(f.start, from);
      const e = Math.min(f.end, le);
      if (e <= s) continue;
      out += text.slice(last, s) + fillWith(text, s, e, f.fill);
      last = e;
    }
    return out + text.slice(last, le);
  }

  /** The stack after a content line: pop what it closes, push its dashes and key. */
  private update(shape: Shape): void {
    const st = this.stack;
    const c = shape.first;
    const dash = shape.entries[0]?.kind === 'dash';
    while (st.length) {
      const top = st[st.length - 1];
      if (top.col > c || (top.col === c && !(top.kind === 'key' && top.empty && dash))) st.pop();
      else break;
    }
    for (const e of shape.entries) st.push(e);
  }

  /** The column at which the output of an action on a line of its own starts. */
  private outputColumn(a: RawAction): number {
    const col = a.start - lineStartOf(this.text, a.start);
    return a.nindent ?? (a.indent !== undefined ? (a.leftTrim ? a.indent : col + a.indent) : col);
  }

  /** Where the output of an action on a line of its own lands. */
  private attachLine(a: RawAction): void {
    const at = this.outputColumn(a);
    const st = this.stack;
    for (let k = st.length - 1; k >= 0; k--) {
      const e = st[k];
      if (e.col > at) continue;
      if (e.kind === 'key') {
        if (e.col === at) this.keysOpen.add(e.offset);
        else if (e.empty) this.valuesOpen.add(e.offset);
      } else if (e.col === at) {
        // more items of a sequence; written flush under its key, also keys of that key's mapping
        const below = st[k - 1];
        if (below && below.kind === 'key' && below.col === at && below.empty) this.keysOpen.add(below.offset);
      }
      return;
    }
  }
}

/**
 * text[s, e) filled with `fill`, line breaks kept. Text filler keeps the indentation of the lines
 * an action continues on, so that they stay inside the scalar or block they are in.
 */
function fillWith(text: string, s: number, e: number, fill: string): string {
  let out = '';
  let run = 0;
  let lead = false;
  for (let j = s; j < e; j++) {
    const c = text.charCodeAt(j);
    if (isLineBreak(c)) {
      if (run) out += fill.repeat(run);
      run = 0;
      out += text[j];
      lead = fill === '_';
    } else if (lead && isBlank(c)) out += text[j];
    else {
      lead = false;
      run++;
    }
  }
  return run ? out + fill.repeat(run) : out;
}

export interface MaskedText {
  text: string;
  mask: TemplateMask | undefined;
  /** quoted scalars (offsets of their quotes) whose continuation lines are not indented past their parent */
  underIndented: [number, number][];
}

/**
 * Mask the template actions of a text. `goTemplate` says whether the text is a Go template (a
 * Helm chart's file); by default it is read from the text (`looksLikeGoTemplate`). In other text
 * `{{ ... }}` is only text: it is masked as part of a plain scalar, never as structure.
 */
export function maskTemplates(text: string, goTemplate?: boolean): MaskedText {
  if (text.indexOf('{{') === -1) return { text, mask: undefined, underIndented: [] };
  return scan(text, tokenize(text), !(goTemplate ?? looksLikeGoTemplate(text)));
}

/** The YAML scan alone (no actions): quoted scalars the `yaml` parser would misread. */
export function underIndentedQuotes(text: string): [number, number][] {
  return scan(text, [], true).underIndented;
}

function scan(text: string, raws: RawAction[], textOnly: boolean): MaskedText {
  const s = new Scanner(text, raws, textOnly);
  s.run();
  if (!s.actions.length) return { text, mask: undefined, underIndented: s.underIndented };
  s.actions.sort((a, b) => a.start - b.start);
  const fills = s.fills.sort((a, b) => a.start - b.start);
  const out: string[] = [];
  let last = 0;
  for (const f of fills) {
    if (f.start < last) continue;
    out.push(text.slice(last, f.start), fillWith(text, f.start, f.end, f.fill));
    last = f.end;
  }
  out.push(text.slice(last));
  const masked = out.join('');
  const mask = new TemplateMask(!textOnly, s.actions, masked, text, s.keysOpen, s.valuesOpen, s.openers, s.branches, s.dropped);
  return { text: masked, mask, underIndented: s.underIndented };
}
