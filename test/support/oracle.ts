/**
 * Independent readings of a YAML text that the properties compare the engine against. They use
 * the `yaml` package directly (not the engine's model) and plain string arithmetic:
 * - the data of every document, as Kubernetes reads it (YAML 1.1 scalars, `<<` merges, aliases
 *   expanded into independent copies);
 * - every comment;
 * - LSP positions (UTF-16 code units; lines end at CRLF, LF or CR);
 * - the source node a finding's `path` names.
 */
import { Alias, Document, isAlias, isMap, isPair, isScalar, isSeq, Lexer, Node as YamlNode, Pair, parseAllDocuments, YAMLMap } from 'yaml';
import type { Data } from './yaml-writer';
import type { Finding, FixChange } from '../../server/src/engine/types';
import type { Position } from '../../server/src/engine/text';

/**
 * The text the `yaml` parser should see: a lone CR is a line break in YAML, LSP and Kubernetes,
 * but the parser takes it for an ordinary character. Same length, so offsets hold.
 */
export function forParser(text: string): string {
  return text.includes('\r') ? text.replace(/\r(?!\n)/g, '\n') : text;
}

/**
 * The text as go-yaml (Kubernetes' reader) reads quoted scalars: their continuation lines need
 * no indentation there (`yaml_parser_scan_flow_scalar` checks none), while the `yaml` parser
 * wants them indented past their parent. Continuation lines get 64 more spaces, which folding
 * drops again, so the `yaml` parser reads what go-yaml reads. Block scalars and comments are
 * skipped; quotes open where a YAML value or key can start.
 */
export function indentQuotedContinuations(text: string): string {
  const parts = text.split(/(\r\n|\n|\r)/);
  let quote = '';
  // a block scalar: the column its text must be indented past, and the indentation of its text
  let blockParent = -2;
  let blockText = -1;
  // a plain scalar that may go on on the next lines: the column they must be indented past
  let plainParent = -2;
  for (let i = 0; i < parts.length; i += 2) {
    let line = parts[i];
    const indent = line.length - line.trimStart().length;
    // a byte order mark at the start of the text is not content
    const bom = i === 0 && line.startsWith('\ufeff') ? 1 : 0;
    let p = bom;
    // a document marker ends every block and plain scalar
    const marker = !quote && /^(---|\.\.\.)(\s|$)/.test(line.slice(bom));
    if (marker) {
      blockParent = plainParent = -2;
      p = bom + 3;
    } else if (quote) {
      line = ' '.repeat(64) + line;
      p = 0;
    } else if (blockParent > -2) {
      if (!line.trim()) continue;
      if (indent > blockParent && (blockText < 0 || indent >= blockText)) {
        if (blockText < 0) blockText = indent;
        continue;
      }
      blockParent = -2;
    } else if (plainParent > -2) {
      // a more indented line goes on with the plain scalar: its quotes are text (`v1\n '`)
      if (!line.trim()) continue;
      if (indent > plainParent && !line.trimStart().startsWith('#')) continue;
      plainParent = -2;
    }
    let keyCol = -1;
    let dashCol = -1;
    let flow = 0;
    // a node starts here: at the line's start, after `- `, `: `, `? ` or a flow indicator
    let nodeStart = true;
    // the line's last node so far is a plain scalar in block context
    let plain = false;
    for (; p < line.length; p++) {
      const c = line[p];
      if (quote) {
        if (quote === "'" && c === "'") {
          if (line[p + 1] === "'") p++;
          else quote = '';
        } else if (quote === '"') {
          if (c === '\\') p++;
          else if (c === '"') quote = '';
        }
        continue;
      }
      const prev = p === 0 ? ' ' : line[p - 1];
      if (c === '#' && /\s/.test(prev)) {
        plain = false;
        break;
      }
      if (c === ' ' || c === '\t') continue;
      // an anchor or a tag comes before the node it names
      if (nodeStart && (c === '&' || c === '!')) {
        while (p + 1 < line.length && !/\s/.test(line[p + 1])) p++;
        continue;
      }
      // a bracket opens a flow collection where a node starts, or inside one; elsewhere in block
      // context it is text of a plain scalar (`v1 [`)
      if ((c === '[' || c === '{') && (nodeStart || flow > 0)) flow++;
      else if ((c === ']' || c === '}') && flow > 0) flow--;
      // a quote opens a scalar at the start of a node, or after a `:` inside a flow collection
      // (`{"a":"b"}`); `key:"v"` and `v1 'x` are plain scalars in block context
      if ((c === '"' || c === "'") && (nodeStart || (prev === ':' && flow > 0))) {
        quote = c;
        nodeStart = false;
        continue;
      }
      const next = line[p + 1] ?? '';
      if (nodeStart && flow === 0 && !/[-?:|>[\]{},]/.test(c)) plain = true;
      else if (nodeStart && /[-?:]/.test(c) && !/\s|^$/.test(next) && flow === 0) plain = true;
      if (c === ':' && /\s|^$/.test(next)) {
        keyCol = line.slice(0, p).search(/[^\s-]/);
        plain = false;
      } else if (c === '-' && /\s/.test(prev) && /\s|^$/.test(next)) dashCol = p;
      else if ((c === '|' || c === '>') && /[\s]/.test(prev) && /^[|>][-+0-9]*\s*(#.*)?$/.test(line.slice(p))) {
        // its parent: the key before it, else the sequence entry, else the document (-1)
        blockParent = keyCol >= 0 ? keyCol : dashCol;
        // an indentation indicator fixes the text's indentation (libyaml: past the parent)
        const n = /^[|>](?:([1-9])[-+]?|[-+]([1-9])?)?/.exec(line.slice(p));
        const explicit = Number(n?.[1] ?? n?.[2] ?? 0);
        blockText = explicit ? Math.max(0, blockParent) + explicit : -1;
        break;
      }
      nodeStart = /[[{,]/.test(c) || (/[-:?]/.test(c) && /\s|^$/.test(next)) || (c === ':' && flow > 0);
    }
    if (plain && !quote && blockParent === -2 && flow === 0) plainParent = keyCol >= 0 ? keyCol : dashCol;
    parts[i] = line;
  }
  return parts.join('');
}

/**
 * The first character YAML does not allow in a stream (its "printable" set: tab, LF, CR,
 * U+0020-U+007E, NEL, U+00A0-U+D7FF, U+E000-U+FFFD and U+10000 up), as an offset, or -1.
 * Kubernetes' reader rejects such a file; the `yaml` parser lets it pass.
 */
export function firstNonPrintable(text: string): number {
  for (let i = 0; i < text.length; i++) {
    const cp = text.codePointAt(i)!;
    const ok =
      cp === 9 ||
      cp === 10 ||
      cp === 13 ||
      (cp >= 0x20 && cp <= 0x7e) ||
      cp === 0x85 ||
      (cp >= 0xa0 && cp <= 0xd7ff) ||
      (cp >= 0xe000 && cp <= 0xfffd) ||
      cp >= 0x10000;
    if (!ok) return i;
    if (cp >= 0x10000) i++;
  }
  return -1;
}

/** The documents of a text as data, or the parser's errors. */
export function readDocs(text: string): { docs: Data[]; errors: string[] } {
  const parsed = parseAllDocuments(forParser(text), { version: '1.1', merge: true });
  const list = Array.isArray(parsed) ? parsed : [];
  const errors = list.flatMap((d) => d.errors.map((e) => e.message.split('\n')[0]));
  if (errors.length) return { docs: [], errors };
  // a JSON round trip turns shared alias targets into independent copies
  const docs = list.map((d) => JSON.parse(JSON.stringify(d.toJS({ maxAliasCount: -1 }) ?? null)) as Data);
  return { docs, errors };
}

/**
 * Data as Kubernetes compares it: an empty list or mapping and null all mean "none" (a fix that
 * removes the last item of a block collection leaves `key:` behind, which reads as null).
 */
export function normalizeEmpty(v: Data): Data {
  if (Array.isArray(v)) return v.length ? v.map(normalizeEmpty) : null;
  if (v && typeof v === 'object') {
    const entries = Object.entries(v);
    if (!entries.length) return null;
    const out: { [key: string]: Data } = {};
    for (const [k, x] of entries) out[k] = normalizeEmpty(x);
    return out;
  }
  return v;
}

/** Every comment of a text (from `#` to the end of its line), in order. */
export function commentsOf(text: string): string[] {
  const out: string[] = [];
  for (const tok of new Lexer().lex(forParser(text))) if (tok.startsWith('#')) out.push(tok.trimEnd());
  return out;
}

/** Multiset difference: items of `a` not matched by an item of `b`. */
export function missingFrom<T>(a: T[], b: T[], key: (x: T) => string = (x) => String(x)): T[] {
  const counts = new Map<string, number>();
  for (const x of b) counts.set(key(x), (counts.get(key(x)) ?? 0) + 1);
  const out: T[] = [];
  for (const x of a) {
    const k = key(x);
    const n = counts.get(k) ?? 0;
    if (n > 0) counts.set(k, n - 1);
    else out.push(x);
  }
  return out;
}

/** The lines that differ between two texts, with two lines of context (for failure messages). */
export function showDiff(before: string, after: string): string {
  const a = before.split(/\r?\n/);
  const b = after.split(/\r?\n/);
  let pre = 0;
  while (pre < a.length && pre < b.length && a[pre] === b[pre]) pre++;
  let suf = 0;
  while (suf < a.length - pre && suf < b.length - pre && a[a.length - 1 - suf] === b[b.length - 1 - suf]) suf++;
  const from = Math.max(0, pre - 2);
  const out: string[] = [];
  for (let i = from; i < pre; i++) out.push(`  ${a[i]}`);
  for (let i = pre; i < a.length - suf; i++) out.push(`- ${a[i]}`);
  for (let i = pre; i < b.length - suf; i++) out.push(`+ ${b[i]}`);
  for (let i = a.length - suf; i < Math.min(a.length, a.length - suf + 2); i++) out.push(`  ${a[i]}`);
  return `@@ line ${pre + 1}\n${out.join('\n')}`;
}

/** Leaf values of data by path (`a.b[0].c`), for readable comparisons. */
export function leaves(v: Data, path = '', out = new Map<string, string>()): Map<string, string> {
  if (Array.isArray(v)) {
    if (!v.length) out.set(path, '[]');
    v.forEach((x, i) => leaves(x, `${path}[${i}]`, out));
  } else if (v && typeof v === 'object') {
    const entries = Object.entries(v);
    if (!entries.length) out.set(path, '{}');
    for (const [k, x] of entries) leaves(x, path ? `${path}.${k}` : k, out);
  } else out.set(path, JSON.stringify(v));
  return out;
}

/** The leaf paths where two data values differ, as `path: actual (expected ...)` lines. */
export function dataDiff(actual: Data, expected: Data): string {
  const a = leaves(actual);
  const e = leaves(expected);
  const out: string[] = [];
  for (const [k, v] of a) if (e.get(k) !== v) out.push(`${k}: ${v}${e.has(k) ? ` (expected ${e.get(k)})` : ' (not expected)'}`);
  for (const [k, v] of e) if (!a.has(k)) out.push(`${k}: missing (expected ${v})`);
  return out.join('\n');
}

/** Start offsets of the lines of a text. */
export function lineStarts(text: string): number[] {
  const starts = [0];
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '\r' && text[i + 1] === '\n') continue;
    if (c === '\n' || c === '\r') starts.push(i + 1);
  }
  return starts;
}

/** The LSP position of an offset (JavaScript string indexes are UTF-16 code units). */
export function positionOf(starts: number[], offset: number): Position {
  let line = 0;
  while (line + 1 < starts.length && starts[line + 1] <= offset) line++;
  return { line, character: offset - starts[line] };
}

// ---- paths -------------------------------------------------------------------------------------

export type Segment = string | number;

/** `spec.containers[0]["a.b"].x` -> ['spec', 'containers', 0, 'a.b', 'x'] */
export function parsePath(path: string): Segment[] {
  const out: Segment[] = [];
  let i = 0;
  while (i < path.length) {
    if (path[i] === '.') {
      i++;
      continue;
    }
    if (path[i] === '[') {
      if (path[i + 1] === '"') {
        // a JSON string up to the closing quote
        let j = i + 2;
        while (j < path.length && path[j] !== '"') j += path[j] === '\\' ? 2 : 1;
        out.push(JSON.parse(path.slice(i + 1, j + 1)) as string);
        i = j + 2;
      } else {
        const j = path.indexOf(']', i);
        out.push(Number(path.slice(i + 1, j)));
        i = j + 1;
      }
      continue;
    }
    let j = i;
    while (j < path.length && path[j] !== '.' && path[j] !== '[') j++;
    out.push(path.slice(i, j));
    i = j;
  }
  return out;
}

// ---- source nodes ------------------------------------------------------------------------------

function keyOf(p: Pair): string | undefined {
  return isScalar(p.key) ? String(p.key.value) : undefined;
}

function isMerge(p: Pair): boolean {
  // a merge key reads as '<<' (YAML 1.2) or as a symbol (YAML 1.1 with merges)
  return isScalar(p.key) && (p.key as { type?: string }).type === 'PLAIN' && ((p.key as { source?: string }).source === '<<' || p.key.value === '<<');
}

function deref(doc: Document, n: unknown): unknown {
  let cur = n;
  for (let i = 0; i < 64 && isAlias(cur); i++) cur = (cur as Alias).resolve(doc);
  return cur;
}

/** The pair of `key` in a mapping: its own pairs first, then the mappings it merges. */
function pairOf(doc: Document, map: YAMLMap, key: string, depth = 0): Pair | undefined {
  if (depth > 32) return undefined;
  for (let i = map.items.length - 1; i >= 0; i--) {
    const p = map.items[i];
    if (isPair(p) && !isMerge(p) && keyOf(p) === key) return p;
  }
  for (const p of map.items) {
    if (!isPair(p) || !isMerge(p)) continue;
    const v = deref(doc, p.value);
    const sources = isSeq(v) ? v.items.map((x) => deref(doc, x)) : [v];
    for (const src of sources) {
      if (!isMap(src)) continue;
      const hit = pairOf(doc, src, key, depth + 1);
      if (hit) return hit;
    }
  }
  return undefined;
}

export interface SourceNode {
  /** the key scalar, for a mapping entry */
  key?: YamlNode;
  /** the value as written (an alias stays an alias), or null */
  value: YamlNode | null;
}

/** The node `segs` names below `root` (aliases and merges followed), or undefined. */
export function sourceNode(doc: Document, root: unknown, segs: Segment[]): SourceNode | undefined {
  let cur: SourceNode = { value: root as YamlNode };
  for (const s of segs) {
    const node = deref(doc, cur.value);
    if (typeof s === 'number') {
      if (!isSeq(node) || s >= node.items.length) return undefined;
      cur = { value: (node.items[s] as YamlNode) ?? null };
    } else {
      if (!isMap(node)) return undefined;
      const p = pairOf(doc, node, s);
      if (!p) return undefined;
      cur = { key: p.key as YamlNode, value: (p.value as YamlNode) ?? null };
    }
  }
  return cur;
}

/** The root node of the object a finding belongs to, in a parsed document. */
export function objectNode(doc: Document, f: Pick<Finding, 'resource'>): unknown {
  const root = deref(doc, doc.contents);
  if (isMap(root) && f.resource) {
    const kind = pairOf(doc, root, 'kind');
    const kindValue = kind && isScalar(deref(doc, kind.value)) ? String((deref(doc, kind.value) as { value: unknown }).value) : '';
    const items = pairOf(doc, root, 'items');
    const list = items ? deref(doc, items.value) : undefined;
    if (kindValue.endsWith('List') && isSeq(list)) {
      for (const it of list.items) {
        const item = deref(doc, it);
        if (!isMap(item)) continue;
        const meta = pairOf(doc, item, 'metadata');
        const m = meta ? deref(doc, meta.value) : undefined;
        const name = isMap(m) ? pairOf(doc, m, 'name') : undefined;
        const k = pairOf(doc, item, 'kind');
        if (name && isScalar(name.value) && String(name.value.value) === f.resource.name && k && isScalar(k.value) && String(k.value.value) === f.resource.kind)
          return item;
      }
    }
  }
  return doc.contents;
}

export { parseAllDocuments };

// ---- declared changes, applied to the document as written -----------------------------------

/** The last pair of `key` written in the mapping itself (merged keys not included). */
function ownPair(map: YAMLMap, key: string): Pair | undefined {
  for (let i = map.items.length - 1; i >= 0; i--) {
    const p = map.items[i];
    if (isPair(p) && !isMerge(p) && keyOf(p) === key) return p;
  }
  return undefined;
}

function isNullNode(n: unknown): boolean {
  return n === null || n === undefined || (isScalar(n) && n.value === null);
}

/** Where a declared change lands, found in the tree before any change is applied. */
interface Plan {
  change: FixChange;
  segs: Segment[];
  /** the deepest existing node on the path (a mapping or sequence) */
  node: unknown;
  /** index of the first segment below `node` */
  from: number;
  /** the pair of `segs[from]` in `node` when its value is empty and is replaced by a new mapping */
  emptyPair?: Pair;
}

function plan(doc: Document, root: unknown, change: FixChange): Plan {
  const segs = parsePath(change.path);
  let cur = deref(doc, root);
  for (let i = 0; i < segs.length - 1; i++) {
    const s = segs[i];
    if (typeof s === 'number') {
      if (!isSeq(cur) || s >= cur.items.length) throw new Error(`declared change ${change.path}: no item ${s}`);
      cur = deref(doc, cur.items[s]);
      continue;
    }
    if (!isMap(cur)) throw new Error(`declared change ${change.path}: ${s} is not below a mapping`);
    const own = ownPair(cur, s);
    const found = own ?? pairOf(doc, cur, s);
    if (!found) return { change, segs, node: cur, from: i };
    const value = deref(doc, found.value);
    if (isNullNode(value)) return { change, segs, node: cur, from: i, emptyPair: own };
    cur = value;
  }
  return { change, segs, node: cur, from: segs.length - 1 };
}

/**
 * Apply the declared changes of fixes to a parsed document, in the tree as written: a node that
 * an anchor and its aliases share is one node, so every place that repeats it sees a change to
 * it (as when the anchored text is edited); an alias that is replaced is replaced alone; a key a
 * mapping gets through a merge is overridden in that mapping. Every change is located in the
 * tree before any is applied, as the fixes are computed on the same text.
 */
function applyPlans(doc: Document, plans: Plan[]): void {
  const created = new Map<unknown, Map<string, YamlNode>>();
  /** the mapping or sequence a missing key of `map` gets (the same one for every change) */
  const child = (map: YAMLMap, key: string, emptyPair: Pair | undefined, seq: boolean): YamlNode => {
    let byKey = created.get(map);
    if (!byKey) created.set(map, (byKey = new Map()));
    let node = byKey.get(key);
    if (!node) {
      node = doc.createNode(seq ? [] : {}) as YamlNode;
      const old = emptyPair?.value;
      if (old && !isAlias(old) && isScalar(old) && old.anchor) (node as YAMLMap).anchor = old.anchor;
      if (emptyPair) emptyPair.value = node;
      else map.items.push(doc.createPair(key, node) as Pair<unknown, unknown>);
      byKey.set(key, node);
    }
    return node;
  };
  for (const p of plans) {
    const { change, segs } = p;
    let cur = p.node;
    for (let i = p.from; i < segs.length - 1; i++) {
      const s = segs[i] as string;
      const own = isMap(cur) ? ownPair(cur, s) : undefined;
      if (own && !isNullNode(deref(doc, own.value)) && !(i === p.from && p.emptyPair)) cur = deref(doc, own.value);
      else cur = child(cur as YAMLMap, s, i === p.from ? p.emptyPair : own, typeof segs[i + 1] === 'number');
    }
    const last = segs[segs.length - 1];
    if (change.op === 'delete') {
      if (typeof last === 'number' && isSeq(cur)) cur.items.splice(last, 1);
      else if (typeof last === 'string' && isMap(cur) && ownPair(cur, last)) cur.items.splice(cur.items.indexOf(ownPair(cur, last)!), 1);
      else throw new Error(`declared change delete ${change.path}: nothing written there`);
      continue;
    }
    const node = doc.createNode(change.value) as YamlNode;
    const keepAnchor = (old: unknown) => {
      if (old && !isAlias(old) && (isScalar(old) || isMap(old) || isSeq(old)) && old.anchor) (node as YAMLMap).anchor = old.anchor;
      return node;
    };
    if (typeof last === 'number') {
      if (!isSeq(cur)) throw new Error(`declared change ${change.path}: not a sequence`);
      cur.items[last] = keepAnchor(cur.items[last]);
      continue;
    }
    if (!isMap(cur)) throw new Error(`declared change ${change.path}: not a mapping`);
    const own = ownPair(cur, last);
    if (own) own.value = keepAnchor(own.value);
    else cur.items.push(doc.createPair(last, node) as Pair<unknown, unknown>);
  }
}

/** A text parsed for `dataAfter` (parse once, apply many different fixes). */
export function parseForChanges(text: string): Document.Parsed[] {
  return parseAllDocuments(forParser(text), { version: '1.1', merge: true }) as Document.Parsed[];
}

/** The data of a text after the declared changes of some fixes (see `applyPlans`). */
export function dataAfter(parsed: Document.Parsed[], fixes: Pick<Finding, 'document' | 'resource' | 'fix'>[]): Data[] {
  const docs = parsed.map((d) => d.clone());
  const plans = docs.map(() => [] as Plan[]);
  for (const f of fixes) {
    const doc = docs[f.document];
    const root = objectNode(doc, f);
    for (const c of f.fix?.changes ?? []) plans[f.document].push(plan(doc, root, c));
  }
  docs.forEach((doc, i) => applyPlans(doc, plans[i]));
  return docs.map((d) => JSON.parse(JSON.stringify(d.toJS({ maxAliasCount: -1 }) ?? null)) as Data);
}
