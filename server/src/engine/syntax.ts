/**
 * Parsing a chunk, and what is wrong with it as YAML: parser errors, keys written twice,
 * characters Kubernetes' reader rejects, broken or excessive aliases, nesting too deep to read.
 * These are the problems the `yaml-syntax` rule reports, worded here. Inside a template, errors
 * that come from the template code are not reported.
 */
import { Document, isMap, isPair, isScalar, isSeq, Node as YamlNode, parseAllDocuments, YAMLError, YAMLParseError } from 'yaml';
import { checkAliases, mayHaveAliases } from './aliases';
import { ChunkSource } from './source';
import type { Steps } from './steps';
import { maskTemplates } from './template';
import { lineStartOf, loneCrAsLf } from './text';

/** A character YAML (and Kubernetes' reader) does not allow in a stream. */
/* eslint-disable no-control-regex -- finding control characters is its purpose */
const NOT_YAML_CHAR =
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u0084\u0086-\u009F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
/* eslint-enable no-control-regex */

/** Syntax errors reported per document; the rest are usually consequences of the first. */
const MAX_SYNTAX_ERRORS = 5;

export interface SyntaxProblem {
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

/** Parse a chunk (template actions masked, so offsets stay those of the original text). */
export function parseChunk(text: string): ParsedChunk {
  const { text: masked, mask } = maskTemplates(text);
  // duplicate keys are found by duplicateKeys(): the parser's own check is quadratic in the
  // size of a mapping, and a large ConfigMap would take minutes
  const docs = parseAllDocuments(loneCrAsLf(masked), { prettyErrors: false, keepSourceTokens: false, uniqueKeys: false });
  return { source: new ChunkSource(text, mask), docs: Array.isArray(docs) ? docs : [] };
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
  const problems = errors.slice(0, MAX_SYNTAX_ERRORS).map((e) => parserProblem(e, text));
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

/** The parser's errors and the duplicate keys, in text order; in a template, those outside template code. */
function syntaxErrors(doc: Document.Parsed, source: ChunkSource): YAMLError[] {
  const duplicates = duplicateKeys(doc);
  const errors = duplicates.length ? [...doc.errors, ...duplicates].sort((a, b) => a.pos[0] - b.pos[0]) : doc.errors;
  const mask = source.mask;
  if (!errors.length || !mask) return errors;
  // In a template, YAML errors come from the template code: stay quiet about them.
  if (mask.actions.some((a) => a.structural)) return [];
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
