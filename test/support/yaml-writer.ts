/**
 * A YAML writer for generated manifests that varies everything that is style, never content.
 *
 * The input is plain data (what Kubernetes reads). `writeCanonical` writes it the plain way:
 * block style, two-space indentation, `\n`, plain scalars where they read back unchanged.
 * `writeStyled` writes the same data with choices drawn from a seeded generator: indentation
 * width, indented or flush sequences, flow collections (up to whole JSON-style documents), key and
 * value quoting, YAML 1.1 spellings of booleans and integers (`yes`, `On`, `0x1F`, `0755`),
 * anchors and aliases, `<<` merge keys, comments (with tabs, emoji and quotes) on their own lines
 * and after values, blank lines, CRLF and a byte order mark. Both texts read back, with YAML 1.1
 * and merge keys, as the same data.
 *
 * The writer records where every document starts and ends (offsets in the written text), so tests
 * can check ranges against the document that holds them.
 */

export type Data = null | boolean | number | string | Data[] | { [key: string]: Data };

export function isMapData(v: Data): v is { [key: string]: Data } {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Small deterministic generator (mulberry32) for style choices. */
export class Rng {
  private s: number;
  constructor(seed: number) {
    this.s = seed | 0;
  }
  next(): number {
    this.s = (this.s + 0x6d2b79f5) | 0;
    let t = this.s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
  int(lo: number, hi: number): number {
    return lo + Math.floor(this.next() * (hi - lo + 1));
  }
  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)];
  }
}

// ---- scalars -----------------------------------------------------------------------------------

/** Plain words YAML 1.1 (Kubernetes) or YAML 1.2 would read as something other than a string. */
const SPECIAL_WORDS = new Set([
  'y',
  'Y',
  'yes',
  'Yes',
  'YES',
  'n',
  'N',
  'no',
  'No',
  'NO',
  'true',
  'True',
  'TRUE',
  'false',
  'False',
  'FALSE',
  'on',
  'On',
  'ON',
  'off',
  'Off',
  'OFF',
  'null',
  'Null',
  'NULL',
  '~',
  '',
]);

/** A string that reads back as itself when written plain (block context, or flow when `flow`). */
export function plainSafe(s: string, flow: boolean): boolean {
  if (SPECIAL_WORDS.has(s)) return false;
  if (!/^[A-Za-z_/.][^\s]*$/u.test(s) && !/^[A-Za-z_/.][^\r\n]*[^\s]$/u.test(s)) return false;
  if (/^[.](inf|Inf|INF|nan|NaN|NAN)$/.test(s)) return false;
  if (/[#'"`&*!|>%@]/.test(s)) return false;
  if (s.includes(': ') || s.endsWith(':') || s.includes(' #') || s.includes('\t')) return false;
  if (flow && /[,[\]{}]/.test(s)) return false;
  if (/^[-?:][\s]/.test(s) || s.startsWith('- ') || s.startsWith('---')) return false;
  if (/^[-+]?[0-9.]/.test(s)) return false;
  return true;
}

function doubleQuoted(s: string): string {
  return JSON.stringify(s);
}

function singleQuoted(s: string): string {
  return `'${s.replace(/'/g, "''")}'`;
}

const TRUE_WORDS = ['true', 'True', 'TRUE', 'yes', 'Yes', 'YES', 'on', 'On', 'ON', 'y', 'Y'];
const FALSE_WORDS = ['false', 'False', 'FALSE', 'no', 'No', 'NO', 'off', 'Off', 'OFF', 'n', 'N'];

// ---- style -------------------------------------------------------------------------------------

export interface StyleKnobs {
  indent: number;
  /** `key:\n  - a` rather than `key:\n- a` */
  seqIndent: boolean;
  /** spaces after a sequence dash */
  dashPad: number;
  eol: '\n' | '\r\n';
  bom: boolean;
  /** write the whole document as JSON-style flow */
  json: boolean;
  flow: number;
  comments: number;
  quoteKeys: number;
  quoteValues: number;
  yaml11: number;
  anchors: number;
  blankLines: number;
}

export function drawKnobs(r: Rng): StyleKnobs {
  const busy = r.next();
  return {
    indent: r.pick([2, 2, 2, 3, 4, 4, 8]),
    seqIndent: r.chance(0.6),
    dashPad: r.chance(0.85) ? 1 : r.int(2, 3),
    eol: r.chance(0.35) ? '\r\n' : '\n',
    bom: r.chance(0.2),
    json: r.chance(0.06),
    flow: r.chance(0.5) ? 0 : 0.35 * busy,
    comments: r.chance(0.25) ? 0 : 0.4 * r.next(),
    quoteKeys: r.chance(0.7) ? 0 : 0.3,
    quoteValues: r.chance(0.5) ? 0 : 0.5 * r.next(),
    yaml11: r.chance(0.4) ? 0 : 0.6,
    anchors: r.chance(0.4) ? 0 : 0.8,
    blankLines: r.chance(0.6) ? 0 : 0.1,
  };
}

const COMMENT_WORDS = [
  'needed for the CSI driver',
  'TODO: review',
  'see ticket #42',
  "don't touch",
  'owner: team-a',
  'privileged: true',
  'key: "value"',
  '🚀 fast path',
  '日本語',
  '\tindented\twith\ttabs',
  'a # in a comment',
  '- item',
  '{{ not a template }}',
  '👩‍💻 dev',
  '---',
  '"quoted"',
  "it's",
];

function commentText(r: Rng): string {
  const n = r.int(1, 3);
  const words: string[] = [];
  for (let i = 0; i < n; i++) words.push(r.pick(COMMENT_WORDS));
  return `#${r.chance(0.2) ? '\t' : r.chance(0.8) ? ' ' : ''}${words.join(r.chance(0.3) ? '\t' : ' ')}`;
}

// ---- output ------------------------------------------------------------------------------------

export interface WrittenFile {
  text: string;
  /** [start, end) of every document in `text` (from its first line to the next separator) */
  docs: [number, number][];
}

interface AnchorEntry {
  name: string;
  key: string;
  value: Data;
}

/** The writer of one document. */
class DocWriter {
  readonly lines: string[] = [];
  private anchors: AnchorEntry[] = [];
  private anchorCount = 0;

  constructor(
    private readonly r: Rng | undefined,
    private readonly k: StyleKnobs | undefined,
    private readonly prefix: string,
  ) {}

  private chance(p: number | undefined): boolean {
    return !!this.r && p !== undefined && p > 0 && this.r.chance(p);
  }

  private comment(indent: number): void {
    if (!this.k || !this.chance(this.k.comments * 0.5)) return;
    const col = this.r!.chance(0.2) ? 0 : indent;
    this.lines.push(' '.repeat(col) + commentText(this.r!));
  }

  private blank(): void {
    if (this.k && this.chance(this.k.blankLines)) this.lines.push(this.r!.chance(0.2) ? '  ' : '');
  }

  private trailing(): string {
    if (!this.k || !this.chance(this.k.comments * 0.4)) return '';
    return `${this.r!.pick([' ', '  ', '\t', ' \t'])}${commentText(this.r!)}`;
  }

  key(k: string, flow: boolean): string {
    if (this.k?.json) return doubleQuoted(k);
    if (!plainSafe(k, flow) || k === '<<') return doubleQuoted(k);
    if (this.chance(this.k?.quoteKeys)) return this.r!.chance(0.5) ? doubleQuoted(k) : singleQuoted(k);
    return k;
  }

  scalar(v: Data, flow: boolean): string {
    const json = !!this.k?.json;
    if (v === null) {
      if (json || !this.r) return 'null';
      return this.r.pick(['null', '~', 'null', 'Null', 'NULL']);
    }
    if (typeof v === 'boolean') {
      if (json || !this.chance(this.k?.yaml11)) return String(v);
      return this.r!.pick(v ? TRUE_WORDS : FALSE_WORDS);
    }
    if (typeof v === 'number') {
      if (json || !Number.isInteger(v) || v < 0 || !this.chance(this.k?.yaml11)) return String(v);
      const form = this.r!.int(0, 3);
      if (form === 0) return `0x${v.toString(16)}`;
      if (form === 1 && v > 0) return `0${v.toString(8)}`;
      if (form === 2 && v >= 1000) return String(v).replace(/(\d)(?=(\d{3})+$)/g, '$1_');
      return String(v);
    }
    const s = v as string;
    if (json) return doubleQuoted(s);
    if (!plainSafe(s, flow)) return this.r && this.r.chance(0.3) && !/[\\\r\n\t]/.test(s) && !/[^\x20-\x7e]/.test(s) ? singleQuoted(s) : doubleQuoted(s);
    if (this.chance(this.k?.quoteValues)) return this.r!.chance(0.5) ? doubleQuoted(s) : singleQuoted(s);
    return s;
  }

  flowValue(v: Data, indent: number, multiline: boolean): string {
    if (Array.isArray(v)) {
      if (!v.length) return '[]';
      if (multiline) {
        const pad = ' '.repeat(indent + 2);
        return `[${this.k!.eol}${v.map((x) => pad + this.flowValue(x, indent + 2, true)).join(`,${this.k!.eol}`)}${this.k!.eol}${' '.repeat(indent)}]`;
      }
      return `[${v.map((x) => this.flowValue(x, indent, false)).join(', ')}]`;
    }
    if (isMapData(v)) {
      const entries = Object.entries(v);
      if (!entries.length) return '{}';
      if (multiline) {
        const pad = ' '.repeat(indent + 2);
        return `{${this.k!.eol}${entries.map(([k, x]) => `${pad}${this.key(k, true)}: ${this.flowValue(x, indent + 2, true)}`).join(`,${this.k!.eol}`)}${this.k!.eol}${' '.repeat(indent)}}`;
      }
      const sp = this.r && this.r.chance(0.2) ? '' : ' ';
      return `{${sp}${entries.map(([k, x]) => `${this.key(k, true)}: ${this.flowValue(x, indent, false)}`).join(', ')}${sp}}`;
    }
    return this.scalar(v, true);
  }

  /** An anchor name for a new anchor, or an existing anchor to alias or merge. */
  private share(key: string, v: Data): { anchor?: string; alias?: string; merge?: { name: string; rest: Record<string, Data> } } {
    if (!this.k || !this.chance(this.k.anchors)) return {};
    const same = this.anchors.filter((a) => a.key === key);
    const equal = same.find((a) => JSON.stringify(a.value) === JSON.stringify(v));
    if (equal && this.r!.chance(0.7)) return { alias: equal.name };
    if (isMapData(v) && Object.keys(v).length) {
      // `{<<: *a, ...}` reads as the anchor's keys overridden by the explicit ones: usable when
      // every key of the anchor is also a key of the value
      const base = same.find((a) => isMapData(a.value) && Object.keys(a.value).length && Object.keys(a.value).every((x) => x in v));
      if (base && this.r!.chance(0.6)) {
        const rest: Record<string, Data> = {};
        for (const [x, y] of Object.entries(v)) if (JSON.stringify((base.value as Record<string, Data>)[x]) !== JSON.stringify(y)) rest[x] = y;
        return { merge: { name: base.name, rest } };
      }
    }
    if (this.r!.chance(0.5)) {
      const name = `${this.prefix}${key.replace(/[^A-Za-z0-9]/g, '').slice(0, 8) || 'a'}${++this.anchorCount}`;
      this.anchors.push({ name, key, value: v });
      return { anchor: name };
    }
    return {};
  }

  /** Shareable under these keys: anchors are placed on them and aliases point at them. */
  private static SHARED = new Set([
    'securityContext',
    'capabilities',
    'seccompProfile',
    'resources',
    'privileged',
    'allowPrivilegeEscalation',
    'runAsNonRoot',
    'labels',
    'readOnlyRootFilesystem',
  ]);

  blockMap(m: { [key: string]: Data }, indent: number, first?: string): void {
    const entries = Object.entries(m);
    entries.forEach(([k, v], i) => {
      const lead = i === 0 && first !== undefined ? first : ' '.repeat(indent);
      if (!(i === 0 && first !== undefined)) {
        this.blank();
        this.comment(indent);
      }
      this.entry(lead, k, v, indent);
    });
  }

  private entry(lead: string, k: string, v: Data, indent: number): void {
    const key = this.key(k, false);
    const share = DocWriter.SHARED.has(k) ? this.share(k, v) : {};
    if (share.alias) {
      this.lines.push(`${lead}${key}: *${share.alias}${this.trailing()}`);
      return;
    }
    const anchor = share.anchor ? ` &${share.anchor}` : '';
    if (share.merge) {
      const { name, rest } = share.merge;
      if (this.k && this.chance(this.k.flow)) {
        const parts = [`<<: *${name}`, ...Object.entries(rest).map(([x, y]) => `${this.key(x, true)}: ${this.flowValue(y, indent, false)}`)];
        this.lines.push(`${lead}${key}: {${parts.join(', ')}}${this.trailing()}`);
        return;
      }
      this.lines.push(`${lead}${key}:${this.trailing()}`);
      const inner = indent + this.k!.indent;
      this.lines.push(`${' '.repeat(inner)}<<: *${name}`);
      if (Object.keys(rest).length) this.blockMap(rest, inner);
      return;
    }
    if (
      typeof v === 'string' &&
      v.includes('\n') &&
      this.r &&
      !this.k!.json &&
      this.r.chance(0.7) &&
      /^[^\s]/.test(v) &&
      !/\n\n$/.test(v) &&
      !/[ \t]\n/.test(v) &&
      !/[\r\t]/.test(v)
    ) {
      // a literal block scalar; its indicator keeps the final line breaks as they are
      const body = v.replace(/\n+$/, '');
      const trailing = v.length - body.length;
      const chomp = trailing === 0 ? '-' : '';
      this.lines.push(`${lead}${key}:${anchor} |${chomp}${this.trailing()}`);
      const pad = ' '.repeat(indent + this.k!.indent);
      for (const line of body.split('\n')) this.lines.push(line ? pad + line : '');
      return;
    }
    if (v === null || typeof v !== 'object') {
      if (v === null && this.r && !this.k!.json && this.r.chance(0.3)) {
        this.lines.push(`${lead}${key}:${anchor}${this.trailing()}`);
        return;
      }
      this.lines.push(`${lead}${key}:${anchor} ${this.scalar(v, false)}${this.trailing()}`);
      return;
    }
    const empty = Array.isArray(v) ? !v.length : !Object.keys(v).length;
    if (empty || (this.k && this.chance(this.k.flow))) {
      this.lines.push(`${lead}${key}:${anchor} ${this.flowValue(v, indent, false)}${this.trailing()}`);
      return;
    }
    this.lines.push(`${lead}${key}:${anchor}${this.trailing()}`);
    if (Array.isArray(v)) this.blockSeq(v, indent + (this.k ? (this.k.seqIndent ? this.k.indent : 0) : 2));
    else this.blockMap(v, indent + (this.k ? this.k.indent : 2));
  }

  blockSeq(items: Data[], indent: number): void {
    const pad = ' '.repeat(indent);
    const dashPad = this.k ? this.k.dashPad : 1;
    for (const item of items) {
      this.blank();
      this.comment(indent);
      const dash = `${pad}-${' '.repeat(dashPad)}`;
      if (isMapData(item) && Object.keys(item).length && !(this.k && this.chance(this.k.flow))) {
        if (this.r && this.r.chance(0.05)) {
          // the item's mapping starts on the line after the dash
          this.lines.push(`${pad}-${this.trailing()}`);
          this.blockMap(item, indent + (this.k ? this.k.indent : 2));
        } else this.blockMap(item, indent + 1 + dashPad, dash);
      } else if (Array.isArray(item) || isMapData(item)) {
        this.lines.push(`${dash}${this.flowValue(item, indent, false)}${this.trailing()}`);
      } else {
        this.lines.push(`${dash}${this.scalar(item, false)}${this.trailing()}`);
      }
    }
  }
}

function writeDoc(v: Data, r: Rng | undefined, k: StyleKnobs | undefined, prefix: string): string[] {
  const w = new DocWriter(r, k, prefix);
  if (k?.json && isMapData(v)) {
    const text = w.flowValue(v, 0, true);
    return text.split(k.eol);
  }
  if (isMapData(v)) w.blockMap(v, 0);
  else if (Array.isArray(v)) w.blockSeq(v, 0);
  else w.lines.push(w.scalar(v, false));
  return w.lines;
}

/** Canonical text of a stream of documents. */
export function writeCanonical(docs: Data[]): WrittenFile {
  let text = '';
  const spans: [number, number][] = [];
  docs.forEach((d, i) => {
    if (i > 0) text += '---\n';
    const start = text.length;
    text += writeDoc(d, undefined, undefined, '')
      .map((l) => l + '\n')
      .join('');
    spans.push([start, text.length]);
  });
  return { text, docs: spans };
}

/** The same documents in a style drawn from `seed`. */
export function writeStyled(docs: Data[], seed: number): WrittenFile & { knobs: StyleKnobs } {
  const r = new Rng(seed);
  const knobs = drawKnobs(r);
  const eol = knobs.eol;
  let text = knobs.bom ? '\ufeff' : '';
  const spans: [number, number][] = [];
  const leadingMarker = r.chance(0.3);
  docs.forEach((d, i) => {
    const docKnobs = { ...knobs, json: knobs.json || r.chance(0.03) };
    if (i > 0 || leadingMarker) text += r.chance(0.2) ? `--- ${commentText(r)}${eol}` : `---${eol}`;
    const start = i === 0 ? 0 : text.length;
    const lines = writeDoc(d, r, docKnobs, `d${i}`);
    if (r.chance(knobs.comments)) lines.unshift(commentText(r));
    if (r.chance(knobs.comments * 0.5)) lines.push(commentText(r));
    text += lines.map((l) => l + eol).join('');
    if (r.chance(0.05) && i < docs.length - 1) text += `...${eol}`;
    spans.push([start, text.length]);
  });
  if (r.chance(0.1) && text.endsWith(eol)) text = text.slice(0, -eol.length);
  if (spans.length) spans[spans.length - 1][1] = text.length;
  return { text, docs: spans, knobs };
}
