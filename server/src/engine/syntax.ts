/**
 * Parsing a chunk, and what is wrong with it as YAML: parser errors, keys written twice,
 * characters Kubernetes' reader rejects, broken or excessive aliases, nesting too deep to read.
 * These are the problems the `yaml-syntax` rule reports, worded here. Inside a template, errors
 * that come from the template code are not reported.
 */
import { Document, isMap, isPair, isScalar, isSeq, Node as YamlNode, parseAllDocuments, parseDocument, visit, YAMLError, YAMLParseError } from 'yaml';
import { checkAliases, mayHaveAliases } from './aliases';
import { ChunkSource } from './source';
import type { Steps } from './steps';
import { maskTemplates, underIndentedQuotes, type MaskedText, type TemplateBranch, type TemplateMask } from './template';
import { LINE_BREAK, lineEndOf, lineStartOf, loneCrAsLf, nextLineStart } from './text';

/** A character YAML (and Kubernetes' reader) does not allow in a stream. */
/* eslint-disable no-control-regex -- finding control characters is its purpose */
const NOT_YAML_CHAR =
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u0084\u0086-\u009F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
/* eslint-enable no-control-regex */

/** Syntax errors reported per document; the rest are usually consequences of the first. */
const MAX_SYNTAX_ERRORS = 5;

export interface SyntaxProblem {
  /** `template`: a part of a Go template podsec cannot read (reported by `template-unchecked`) */
  rule?: 'template';
  message: string;
  /** offsets in the chunk */
  start: number;
  end: number;
}

/** A chunk parsed: its documents, and its text with the template actions masked. */
export interface ParsedChunk {
  source: ChunkSource;
  docs: Document.Parsed[];
}

const PARSE_OPTIONS = { prettyErrors: false, keepSourceTokens: false, uniqueKeys: false } as const;

/** How many template branches podsec may leave out of one chunk to read the rest. */
const MAX_UNREAD_BRANCHES = 8;
/** How many branches podsec tries for one error. */
const MAX_CANDIDATES = 4;

function parseText(text: string): Document.Parsed[] {
  // duplicate keys are found by duplicateKeys(): the parser's own check is quadratic in the
  // size of a mapping, and a large ConfigMap would take minutes
  const docs = parseAllDocuments(loneCrAsLf(text), PARSE_OPTIONS);
  return Array.isArray(docs) ? docs : [];
}

function firstError(docs: Document.Parsed[]): number {
  let first = -1;
  for (const d of docs) for (const e of d.errors) if (first === -1 || e.pos[0] < first) first = e.pos[0];
  return first;
}

/**
 * Parse a chunk (template actions masked, so offsets stay those of the original text). In a Go
 * template (`goTemplate`, or when the text reads as one), actions are masked (template.ts); in
 * other text `{{ }}` is YAML. Two readings the `yaml` parser would get wrong are repaired first:
 * - a quoted scalar whose continuation lines are not indented past its parent, which go-yaml
 *   (Kubernetes' reader) accepts: its line breaks are read as spaces and its value is folded as
 *   go-yaml folds it;
 * - in a template, a branch of `{{ if }}`/`{{ else }}` whose lines do not fit the YAML around
 *   them (say, a list item indented unlike its siblings): the branch is left out, the rest read
 *   without it, and the chunk's `source.unread` says which lines were left out.
 */
export function parseChunk(text: string, goTemplate?: boolean): ParsedChunk {
  let masked = maskTemplates(text, goTemplate);
  let docs = parseText(masked.text);
  let errorAt = firstError(docs);
  if (errorAt === -1) return { source: new ChunkSource(text, masked.mask), docs };
  const quotes = masked.mask ? masked.underIndented : /['"]/.test(text) ? underIndentedQuotes(masked.text) : [];
  if (quotes.length) {
    docs = parseText(spacedQuotes(masked.text, quotes));
    refoldQuotes(docs, masked.text, quotes);
    errorAt = firstError(docs);
  }
  const mask = masked.mask;
  if (!mask?.goTemplate || errorAt === -1) return { source: new ChunkSource(text, mask), docs };
  // a template that does not read as YAML: leave out the branch the first error is in, and retry
  const unread: TemplateBranch[] = [];
  let current = text;
  for (let attempt = 0; attempt < MAX_UNREAD_BRANCHES && errorAt !== -1; attempt++) {
    // of the branches that may be the trouble, the one whose removal lets the parser read furthest
    let best: { branch: TemplateBranch; text: string; masked: MaskedText; docs: Document.Parsed[]; error: number; reach: number } | undefined;
    const from = nextText(masked.text, errorAt);
    for (const branch of branchesAt(mask, current, masked.text, errorAt, unread).slice(0, MAX_CANDIDATES)) {
      const blanked = blankLines(current, branch.body);
      const m2 = maskTemplates(blanked, true);
      const q2 = m2.underIndented;
      const d2 = parseText(q2.length ? spacedQuotes(m2.text, q2) : m2.text);
      if (q2.length) refoldQuotes(d2, m2.text, q2);
      const e2 = firstError(d2);
      // the branch was the trouble when the first error is now past it (or gone); the parser may
      // place an error at the end of the text before the trouble, so compare the text after it
      const reach = e2 === -1 ? Infinity : nextText(m2.text, e2);
      if (reach <= Math.max(from, lineEndOf(current, branch.close.start))) continue;
      if (!best || reach > best.reach) best = { branch, text: blanked, masked: m2, docs: d2, error: e2, reach };
      if (e2 === -1) break;
    }
    if (!best) break;
    unread.push(best.branch);
    current = best.text;
    masked = best.masked;
    docs = best.docs;
    errorAt = best.error;
  }
  if (!unread.length) return { source: new ChunkSource(text, mask), docs };
  const dropped = [...masked.mask!.dropped, ...unread.map((b) => b.body)];
  return { source: new ChunkSource(text, masked.mask!.rebased(text, dropped), unread), docs };
}

/**
 * The template branches to try leaving out for an error at `at` (the parser may place it at the
 * end of the text before the trouble, so the next text after it counts too): those whose lines
 * (delimiters included) hold it, innermost first, then the one that closes on the line just above
 * it. A branch that holds a document's `apiVersion` or `kind` (a whole file wrapped in `{{ if }}`)
 * is never left out.
 */
function branchesAt(mask: TemplateMask, text: string, masked: string, at: number, done: TemplateBranch[]): TemplateBranch[] {
  const next = nextText(masked, at);
  // the first line with YAML after the error's line: what follows may be the trouble
  const after = nextText(masked, lineEndOf(masked, next));
  const out: TemplateBranch[] = [];
  const size = (b: TemplateBranch) => b.body[1] - b.body[0];
  const positions = [next, after, at].filter((p, i, all) => p < masked.length && all.indexOf(p) === i);
  for (const pos of positions) {
    const errLine = lineStartOf(text, pos);
    const holding: TemplateBranch[] = [];
    let above: TemplateBranch | undefined;
    for (const b of mask.branches) {
      if (done.includes(b) || out.includes(b)) continue;
      const from = lineStartOf(text, b.open.start);
      const to = lineEndOf(text, b.close.start);
      if (from > pos) break;
      if (/^(?:apiVersion|kind)[ \t]*:/m.test(text.slice(b.body[0], b.body[1]))) continue;
      if (pos <= to) holding.push(b);
      else if (nextLineStart(text, to) === errLine && (!above || size(b) < size(above))) above = b;
    }
    out.push(...holding.sort((x, y) => size(x) - size(y)));
    if (above && pos !== after) out.push(above);
  }
  return out;
}

/** The first offset at or after `at` that is not white space. */
function nextText(text: string, at: number): number {
  let i = at;
  while (i < text.length && /\s/.test(text[i])) i++;
  return i;
}

/** The text with the lines [start, end) turned into spaces (line breaks kept). */
function blankLines(text: string, [start, end]: [number, number]): string {
  return text.slice(0, start) + text.slice(start, end).replace(/[^\r\n]/g, ' ') + text.slice(end);
}

/** The line breaks inside these quoted scalars as spaces (the parser then reads each on one line). */
function spacedQuotes(text: string, quotes: [number, number][]): string {
  let out = '';
  let last = 0;
  for (const [s, e] of quotes) {
    out += text.slice(last, s) + text.slice(s, e).replace(/[\r\n]/g, ' ');
    last = e;
  }
  return out + text.slice(last);
}

/** Give the repaired quoted scalars the value go-yaml reads from their original lines. */
function refoldQuotes(docs: Document.Parsed[], text: string, quotes: [number, number][]): void {
  const byStart = new Map(quotes.map(([s, e]) => [s, e]));
  for (const d of docs) {
    visit(d, {
      Scalar(_, node) {
        const s = node.range?.[0];
        const e = s === undefined ? undefined : byStart.get(s);
        if (e !== undefined && (node.type === 'QUOTE_SINGLE' || node.type === 'QUOTE_DOUBLE')) node.value = foldQuoted(text.slice(s, e));
      },
    });
  }
}

/**
 * The value of a quoted scalar written over several lines, as go-yaml reads it
 * (`yaml_parser_scan_flow_scalar`): blanks around line breaks are dropped, one line break folds
 * into a space, n > 1 breaks into n - 1 newlines; in double quotes an escaped line break joins
 * the lines, and escapes are read as YAML reads them.
 */
export function foldQuoted(written: string): string {
  const q = written[0];
  const lines = written.slice(1, -1).split(/\r\n|\n|\r/);
  let out = '';
  // empty lines since the last line with text, and whether that line ended in an escaped break
  let breaks = 0;
  let escaped = false;
  for (let i = 0; i < lines.length; i++) {
    const last = i === lines.length - 1;
    let line = i === 0 ? lines[i] : lines[i].replace(/^[ \t]+/, '');
    let esc = false;
    if (!last) {
      if (q === '"' && /(?:^|[^\\])(?:\\\\)*\\$/.test(line)) {
        esc = true;
        line = line.slice(0, -1);
      } else line = line.replace(/[ \t]+$/, '');
    }
    if (i > 0) {
      if (!last && !esc && line === '') {
        breaks++;
        continue;
      }
      out += breaks || escaped ? '\n'.repeat(breaks) : ' ';
    }
    out += line;
    breaks = 0;
    escaped = esc;
  }
  return q === "'" ? out.replace(/''/g, "'") : decodeDoubleQuoted(out.replace(/\n/g, '\\n'));
}

/** Escapes of a double-quoted scalar, read by the `yaml` parser from a one-line scalar. */
function decodeDoubleQuoted(body: string): string {
  const doc = parseDocument(`"${body}"`);
  const v = doc.contents;
  return isScalar(v) && typeof v.value === 'string' ? v.value : body;
}

/** What is wrong with one document, and whether its content can be checked and fixed. */
export interface DocumentSyntax {
  problems: SyntaxProblem[];
  /** the document has content that rules can read */
  checkable: boolean;
  /** no syntax problem: fixes can be offered (their edits would land in a document that parses) */
  fixable: boolean;
}

/** The syntax problems of one document of a chunk. */
export function documentSyntax(doc: Document.Parsed, source: ChunkSource): DocumentSyntax {
  const text = source.text;
  const errors = syntaxErrors(doc, source);
  const exhausted = errors.find((e) => e.code === 'RESOURCE_EXHAUSTION');
  if (exhausted) {
    // the parser ran out of stack on deep nesting: what it returns is partial, so say so once
    // and check nothing in it
    const s = Math.min(exhausted.pos[0], Math.max(0, text.length - 1));
    const message =
      'Document nests too deeply for podsec to read (the parser gave up at this point), so it is not checked. Real manifests do not nest this deep: look for a runaway indentation or bracket.';
    return { problems: [{ message, start: s, end: Math.min(s + 1, text.length) }], checkable: false, fixable: false };
  }
  const problems = source.mask?.goTemplate ? templateProblems(doc, source, errors) : errors.slice(0, MAX_SYNTAX_ERRORS).map((e) => parserProblem(e, text));
  if (!doc.contents) return { problems, checkable: false, fixable: false };
  let brokenAliases = false;
  if (mayHaveAliases(text)) {
    const verdict = checkAliases(doc);
    if (verdict.excessive) {
      const r = doc.contents.range ?? [0, 0];
      const lines = source.lines;
      const message = `Document contains excessive aliasing: ${verdict.aliases} aliases expand to ${verdict.decoded} nodes. Kubernetes rejects it, and podsec does not analyse it.`;
      problems.push({ message, start: r[0], end: Math.min(r[1], lines.lineEnd(lines.lineAt(r[0]))) });
      return { problems, checkable: false, fixable: false };
    }
    for (const b of verdict.broken) problems.push({ message: `YAML syntax error: ${b.message}; Kubernetes rejects the document.`, start: b.start, end: b.end });
    brokenAliases = verdict.broken.length > 0;
  }
  return { problems, checkable: true, fixable: errors.length === 0 && !brokenAliases };
}

/** An action's text for a message, shortened. */
function actionText(text: string, a: { start: number; end: number }): string {
  const t = text.slice(a.start, a.end).replace(/\s+/g, ' ');
  return t.length > 60 ? `${t.slice(0, 56)} …}}` : t;
}

/**
 * In a Go template, what podsec could not read: the branches it left out (parseChunk) and, when
 * the document still does not read as YAML, where it stops making sense of it. Helm renders the
 * text before any YAML reader sees it, so these are not YAML errors of the file.
 */
function templateProblems(doc: Document.Parsed, source: ChunkSource, errors: YAMLError[]): SyntaxProblem[] {
  const text = source.text;
  const lines = source.lines;
  const out: SyntaxProblem[] = [];
  const [ds, , de] = doc.range ?? [0, text.length, text.length];
  for (const b of source.unread) {
    if (b.body[0] < ds || b.body[0] >= Math.max(de, ds + 1)) continue;
    let start = b.body[0];
    while (start < b.body[1] && /\s/.test(text[start])) start++;
    let end = b.body[1];
    while (end > start && /\s/.test(text[end - 1])) end--;
    const first = lines.lineAt(start) + 1;
    const last = lines.lineAt(Math.max(start, end - 1)) + 1;
    const where = first === last ? `Line ${first}` : `Lines ${first}-${last}`;
    const fit = first === last ? 'does not fit' : 'do not fit';
    const message = /^\{[{%]-?\s*(?:else|elif)\b/.test(text.slice(b.open.start, b.open.end))
      ? `${where} (the branch after ${actionText(text, b.open)}) ${fit} the YAML of the branch before it, so podsec checked this template with that branch only: what ${first === last ? 'this line sets' : 'these lines set'} is not checked. To check every branch, check the chart rendered with the values that choose it (helm template … | podsec check -).`
      : `${where} (in ${actionText(text, b.open)}) ${fit} the YAML around ${first === last ? 'it' : 'them'}, so podsec checked this template without ${first === last ? 'it' : 'them'}: what ${first === last ? 'it sets' : 'they set'} is not checked. Indent ${first === last ? 'it' : 'them'} like the lines around the block if Helm is to render ${first === last ? 'it' : 'them'} here.`;
    out.push({ rule: 'template', message, start, end: Math.max(end, start + 1) });
  }
  const first = errors[0];
  if (first) {
    const p = parserProblem(first, text);
    out.push({
      rule: 'template',
      message: `podsec cannot read this template as YAML from here (${p.message.replace(/^YAML syntax error: /, '')}), so what follows may not be checked. Look at the indentation of the template around this line.`,
      start: p.start,
      end: p.end,
    });
  }
  return out;
}

/**
 * Kubernetes' YAML reader rejects a file holding a character YAML does not allow (C0 and C1
 * controls other than tab, line breaks and NEL, DEL, unpaired surrogates, U+FFFE, U+FFFF),
 * which the parser accepts: the first one, and the index of the document that holds it.
 */
export function controlCharacter(text: string, docs: Document.Parsed[]): { problem: SyntaxProblem; doc: number } | undefined {
  const m = NOT_YAML_CHAR.exec(text);
  if (!m) return undefined;
  let doc = 0;
  docs.forEach((d, i) => {
    if ((d.range?.[0] ?? 0) <= m.index) doc = i;
  });
  const code = m[0].charCodeAt(0).toString(16).toUpperCase().padStart(4, '0');
  const what = m[0].length === 1 && (m[0] < '\ud800' || m[0] > '\udfff') ? `Control character U+${code}` : `Unpaired surrogate U+${code}`;
  const message = `${what} is not allowed in YAML: Kubernetes rejects the file. Is it binary, or saved in another encoding?`;
  return { problem: { message, start: m.index, end: m.index + 1 }, doc };
}

/**
 * The parser's errors and the duplicate keys, in text order. In a Go template, keys written in
 * several branches of an `{{ if }}` are not duplicates once rendered, so they are not errors.
 */
function syntaxErrors(doc: Document.Parsed, source: ChunkSource): YAMLError[] {
  const mask = source.mask;
  if (mask?.goTemplate) return doc.errors;
  const duplicates = duplicateKeys(doc);
  const errors = duplicates.length ? [...doc.errors, ...duplicates].sort((a, b) => a.pos[0] - b.pos[0]) : doc.errors;
  if (!errors.length || !mask) return errors;
  // `{{ }}` text in a plain file: an error on its line comes from reading it as a scalar
  const lines = source.lines;
  return errors.filter((e) => !mask.overlaps(lineStartOf(source.text, e.pos[0]), lines.lineEnd(lines.lineAt(e.pos[0])) + 1));
}

function parserProblem(err: YAMLError, text: string): SyntaxProblem {
  let [s, e] = err.pos;
  if (s >= text.length) {
    // an error at the end of the chunk (an unclosed flow collection): point at the last
    // character of the document, not at the next document's marker line
    let last = text.length;
    while (last > 0 && /\s/.test(text[last - 1])) last--;
    s = Math.max(0, last - 1);
    e = last;
  }
  const end = Math.max(e, s + 1);
  const msg = err.message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '');
  return { message: `YAML syntax error: ${msg}`, start: s, end: Math.min(end, text.length) };
}

/**
 * Keys written twice in one mapping, as the parser reports them with `uniqueKeys` (scalar keys
 * with equal values), found in one pass with a set per mapping. `steps` counts the nodes and
 * pairs visited.
 */
export function duplicateKeys(doc: Document.Parsed, steps?: Steps): YAMLError[] {
  const out: YAMLError[] = [];
  const stack: unknown[] = [doc.contents];
  while (stack.length) {
    const n = stack.pop();
    if (steps) steps.n++;
    if (isMap(n)) {
      const seen = new Set<unknown>();
      for (const p of n.items) {
        if (steps) steps.n++;
        if (!isPair(p)) continue;
        const k = p.key as YamlNode | null;
        if (isScalar(k) && !Number.isNaN(k.value)) {
          if (seen.has(k.value)) out.push(new YAMLParseError([k.range![0], k.range![0] + 1], 'DUPLICATE_KEY', 'Map keys must be unique'));
          else seen.add(k.value);
        }
        stack.push(p.key, p.value);
      }
    } else if (isSeq(n)) {
      for (const it of n.items) {
        if (steps) steps.n++;
        stack.push(it);
      }
    }
  }
  return out;
}

/**
 * Comment lines at the top of a document (before its content). The parser leaves comments that
 * precede the first document without a `---` out of the document's range, so the first document
 * of a chunk starts at the chunk's start.
 */
export function leadingComments(text: string, doc: Document.Parsed, index: number): string[] {
  const end = doc.contents?.range?.[0] ?? text.length;
  const start = index === 0 ? 0 : (doc.range?.[0] ?? 0);
  const out: string[] = [];
  for (const line of text.slice(Math.min(start, end), end).split(LINE_BREAK)) {
    const t = line.trim();
    if (t.startsWith('#')) out.push(t);
  }
  return out;
}
