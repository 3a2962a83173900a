/**
 * Turns YAML-aware fix operations into minimal text edits on the original source. Nothing is
 * re-serialised: edits touch only the value being set, the lines being removed, or the lines
 * being inserted, and they follow the file's own indentation, sequence style, quoting, flow vs
 * block style and line breaks. Comments in removed lines are kept.
 */
import { isMap, isScalar, isSeq, Node as YamlNode, Pair, Scalar, YAMLMap, YAMLSeq } from 'yaml';
import { keyString, type DocModel, type YNode } from '../model';
import { resolvePlain, ScalarValue } from '../scalars';
import { detectEol, LINE_BREAK, lineEndOf, lineStartOf, nextLineStart, type Edit } from '../text';
import type { FixValue } from '../types';
import { mayGetKeys } from '../pod-context';
import type { MaskedAction, TemplateMask } from '../template';

export type NewValue = FixValue;

/** Thrown when an operation cannot be expressed safely; the fix is then not offered. */
export class FixUnavailable extends Error {}

interface Style {
  indentUnit: number;
  /** block sequences under a key are indented (`key:\n  - a`) rather than flush (`key:\n- a`) */
  seqIndent: boolean;
}

/** Indentation habits of a text, learnt from its own nesting. */
export function detectStyle(text: string): Style {
  const lines = text.split(LINE_BREAK);
  const diffs = new Map<number, number>();
  let seqIn = 0;
  let seqOut = 0;
  let prevKeyCol = -1;
  for (const line of lines) {
    const m = /^( *)(- +)?(\S.*)$/.exec(line);
    if (!m || m[3].startsWith('#')) continue;
    const indent = m[1].length;
    const dash = m[2] ? m[1].length : -1;
    const col = indent + (m[2] ? m[2].length : 0);
    if (prevKeyCol >= 0) {
      if (dash >= 0) {
        if (dash > prevKeyCol) seqIn++;
        else if (dash === prevKeyCol) seqOut++;
      } else if (indent > prevKeyCol) {
        const d = indent - prevKeyCol;
        diffs.set(d, (diffs.get(d) ?? 0) + 1);
      }
    }
    const body = m[3].replace(/\s+#.*$/, '');
    prevKeyCol = /^[^\s"'{[][^:]*:$/.test(body) || /^["'][^"']*["']:$/.test(body) ? col : -1;
  }
  let unit = 2;
  let best = 0;
  for (const [d, n] of diffs)
    if (d <= 8 && (n > best || (n === best && d < unit))) {
      unit = d;
      best = n;
    }
  return { indentUnit: unit, seqIndent: seqIn >= seqOut };
}

const PLAIN_SAFE = /^[A-Za-z0-9_/.@=+-][A-Za-z0-9_/.@=+: -]*$/;
/** Outside flow collections a plain scalar may hold commas (`--authorization-mode=Node,RBAC`). */
const PLAIN_SAFE_BLOCK = /^[A-Za-z0-9_/.@=+-][A-Za-z0-9_/.@=+:, -]*$/;

/** Strings as `formatScalar` writes them (fixes write the same keys and values again and again), per context. */
const formatted = new Map<string, string>();

/**
 * A scalar as YAML source text, plain where that reads back as the same string. `block`: the
 * scalar is not inside a flow collection, where a comma would end it.
 */
export function formatScalar(v: ScalarValue, block = false): string {
  if (v === null) return 'null';
  if (typeof v === 'boolean' || typeof v === 'number') return String(v);
  const key = block ? `b${v}` : `f${v}`;
  let out = formatted.get(key);
  if (out === undefined) {
    out =
      (block ? PLAIN_SAFE_BLOCK : PLAIN_SAFE).test(v) && !/[: ]$/.test(v) && !v.includes(': ') && !v.includes(' #') && resolvePlain(v) === v
        ? v
        : JSON.stringify(v);
    if (formatted.size >= 1024) formatted.clear();
    formatted.set(key, out);
  }
  return out;
}

/** A scalar written in place of (or beside) `existing`, quoted as it is. */
function formatLike(existing: YamlNode | null, v: ScalarValue, block = false): string {
  if (typeof v === 'string' && isScalar(existing)) {
    if (existing.type === 'QUOTE_SINGLE') return `'${v.replace(/'/g, "''")}'`;
    if (existing.type === 'QUOTE_DOUBLE') return JSON.stringify(v);
  }
  return formatScalar(v, block);
}

function isObj(v: NewValue): v is { [key: string]: NewValue } {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function flowValue(v: NewValue): string {
  if (Array.isArray(v)) return `[${v.map(flowValue).join(', ')}]`;
  if (isObj(v)) {
    const parts = Object.entries(v).map(([k, x]) => `${formatScalar(k)}: ${flowValue(x)}`);
    return parts.length ? `{${parts.join(', ')}}` : '{}';
  }
  return formatScalar(v);
}

let lastStyle: { text: string; style: Style } | undefined;

export class EditBuilder {
  readonly edits: Edit[] = [];
  private style: Style | undefined;
  readonly eol: string;

  /** `text` is the original (unmasked) source the model was parsed from. */
  constructor(
    readonly text: string,
    private readonly guard: (start: number, end: number) => boolean,
    /** the template actions of a Go template (a Helm chart's file) */
    private readonly mask?: TemplateMask,
  ) {
    this.eol = detectEol(text);
  }

  private get st(): Style {
    if (!this.style) {
      // Performance: every fix of a document learns the style of the same text; remember the last.
      if (lastStyle?.text !== this.text) lastStyle = { text: this.text, style: detectStyle(this.text) };
      this.style = lastStyle.style;
    }
    return this.style;
  }

  private push(start: number, end: number, text: string): void {
    if (this.guard(start, Math.max(end, start + 1))) throw new FixUnavailable('edit would touch template code');
    this.edits.push({ start, end, text });
  }

  private col(offset: number): number {
    return offset - lineStartOf(this.text, offset);
  }

  /**
   * Last offset holding content of a node (trailing whitespace and line breaks excluded; in a
   * template, trailing template lines too, which the parser saw as blank).
   */
  private contentEnd(node: YamlNode | null | undefined, fallback: number): number {
    let end = node && node.range ? node.range[1] : fallback;
    end = Math.max(end, fallback);
    const seen = this.mask?.masked ?? this.text;
    while (end > 0 && /\s/.test(seen[end - 1])) end--;
    return end;
  }

  private pairEnd(p: Pair): number {
    const key = p.key as YamlNode | null;
    const keyEnd = key && key.range ? key.range[1] : 0;
    const colon = this.colonAfter(keyEnd);
    return this.contentEnd(p.value as YamlNode | null, Math.max(keyEnd, colon + 1));
  }

  private colonAfter(offset: number): number {
    let i = offset;
    while (i < this.text.length && (this.text[i] === ' ' || this.text[i] === '\t')) i++;
    if (this.text[i] !== ':') throw new FixUnavailable('cannot find the colon of a key');
    return i;
  }

  /**
   * In a template, the end of the lines that belong to a node whose last text is at `at`: the
   * template lines below it that are indented deeper than its key or dash at `col` (the action
   * that writes its value, `{{- toYaml .Values.resources | nindent 12 }}`), and the `{{ else }}`
   * and `{{ end }}` lines of blocks opened inside its parent, which starts at `parentStart`.
   * Text inserted after the node goes after them, so it neither lands in the template's output
   * nor inside a condition it does not belong to; `{{ end }}` of a block that encloses the parent
   * (a `range` over containers) stays after the insertion.
   */
  private ownedEnd(at: number, col: number, parentStart: number): number {
    const text = this.text;
    let end = lineEndOf(text, at);
    const mask = this.mask;
    if (!mask) return end;
    let ls = nextLineStart(text, end);
    while (ls < text.length) {
      let le = lineEndOf(text, ls);
      let f = ls;
      while (f < le && (text[f] === ' ' || text[f] === '\t')) f++;
      if (f < le) {
        if (!mask.templateOnly(ls, le)) break;
        const acts = mask.actionsIn(ls, le);
        const closers = acts.filter((a) => mask.openerOf(a) !== undefined);
        const closes = closers.length === acts.length && acts.length > 0 && closers.every((a) => mask.openerOf(a)! >= parentStart);
        if (!closes && (closers.length || !this.deeper(acts, f - ls, col))) break;
        for (const a of acts) if (a.end > le) le = lineEndOf(text, a.end);
        end = le;
      }
      const next = nextLineStart(text, le);
      if (next <= ls) break;
      ls = next;
    }
    return end;
  }

  /**
   * Template code on a line of its own (indented `indent`) belongs to a node at `col`: its output
   * starts right of it (`nindent`), or, for control flow, the line is indented right of it.
   */
  private deeper(acts: MaskedAction[], indent: number, col: number): boolean {
    const out = acts.filter((a) => a.kind === 'output');
    return out.length ? out.every((a) => (a.column ?? indent) > col) : indent > col;
  }

  /** In a template, the lines below `at` (a key or item at `col`) are template output of its value. */
  private ownsTemplateLines(at: number, col: number): boolean {
    const text = this.text;
    const mask = this.mask;
    if (!mask) return false;
    let ls = nextLineStart(text, lineEndOf(text, at));
    while (ls < text.length) {
      const le = lineEndOf(text, ls);
      let f = ls;
      while (f < le && (text[f] === ' ' || text[f] === '\t')) f++;
      if (f < le) {
        if (!mask.templateOnly(ls, le)) return false;
        const acts = mask.actionsIn(ls, le);
        return !acts.some((a) => mask.openerOf(a) !== undefined) && this.deeper(acts, f - ls, col);
      }
      const next = nextLineStart(text, le);
      if (next <= ls) break;
      ls = next;
    }
    return false;
  }

  /** Lines (each starting with a line break) holding a nested mapping or sequence at `col`. */
  private blockBody(value: NewValue[] | { [key: string]: NewValue }, col: number): string {
    const { indentUnit, seqIndent } = this.st;
    if (Array.isArray(value)) {
      const dash = col + (seqIndent ? indentUnit : 0);
      const pad = ' '.repeat(dash);
      return value.map((x) => `${this.eol}${pad}- ${this.itemText(x, dash + 2)}`).join('');
    }
    const inner = col + indentUnit;
    return Object.entries(value)
      .map(([k, v]) => `${this.eol}${' '.repeat(inner)}${this.blockPair(k, v, inner)}`)
      .join('');
  }

  /** A block sequence item's text after its dash: a scalar, a flow value, or a mapping whose first key shares the dash line. */
  private itemText(x: NewValue, col: number): string {
    if (isObj(x) && Object.keys(x).length) {
      return Object.entries(x)
        .map(([k, v], i) => `${i ? `${this.eol}${' '.repeat(col)}` : ''}${this.blockPair(k, v, col)}`)
        .join('');
    }
    if (Array.isArray(x) || isObj(x)) return flowValue(x);
    return formatScalar(x, true);
  }

  private blockPair(key: string, value: NewValue, col: number): string {
    const k = formatScalar(key);
    if (Array.isArray(value) || isObj(value)) {
      if (Array.isArray(value) ? !value.length : !Object.keys(value).length) return `${k}: ${flowValue(value)}`;
      return `${k}:${this.blockBody(value, col)}`;
    }
    return `${k}: ${formatScalar(value, true)}`;
  }

  /** Replace a scalar value (or an alias, or an empty value) with `value`. */
  setValue(node: YNode, value: ScalarValue): void {
    const written = node.src.value;
    if (node.src.viaMerge) {
      // the value lives in a merged anchor shared by others: override it in the mapping itself
      if (!node.src.askedMap || !node.src.key) throw new FixUnavailable('merged value without a mapping');
      this.insertPair(node.src.askedMap, keyText(node.src.key), value);
      return;
    }
    if (written && written.range && written.range[1] > written.range[0]) {
      const owner = node.src.owner;
      this.push(written.range[0], written.range[1], formatLike(written, value, !!owner && !owner.flow));
      return;
    }
    // empty value: `key:` -> `key: value`
    const key = node.src.key;
    if (!key || !key.range) throw new FixUnavailable('empty value without a key');
    if (this.ownsTemplateLines(key.range[1], this.col(key.range[0]))) throw new FixUnavailable('value written by a template');
    const at = this.afterProps(this.colonAfter(key.range[1]), written);
    this.push(at, at, ` ${formatScalar(value)}`);
  }

  /**
   * Where an empty value written after `colon` goes: right after the colon, or after the anchor
   * and tag the empty value carries (`key: &a` must become `key: &a value`).
   */
  private afterProps(colon: number, written: YamlNode | null): number {
    if (!written || !((isScalar(written) || isMap(written) || isSeq(written)) && (written.anchor || written.tag))) return colon + 1;
    const le = lineEndOf(this.text, colon);
    let at = -1;
    let i = colon + 1;
    while (i < le) {
      while (i < le && (this.text[i] === ' ' || this.text[i] === '\t')) i++;
      if (this.text[i] !== '&' && this.text[i] !== '!') break;
      while (i < le && this.text[i] !== ' ' && this.text[i] !== '\t' && this.text[i] !== ',' && this.text[i] !== '}') i++;
      at = i;
    }
    if (at < 0) throw new FixUnavailable('anchor or tag of an empty value not on its line');
    return at;
  }

  /** Remove a mapping pair or a sequence item, with its lines; comments in them are kept. */
  remove(node: YNode): void {
    if (node.src.viaMerge) throw new FixUnavailable('cannot remove a merged key');
    const owner = node.src.owner;
    // the last key of a block mapping leaves `key:` (null): an anchored mapping used as a `<<`
    // merge source would break its aliases
    if (isMap(owner) && !owner.flow && owner.items.length === 1 && node.model.isAliased(owner)) throw new FixUnavailable('would empty an anchored mapping');
    // a key that overrides a merged one: removing it would bring the merged value back
    const key = keyString(node.src.pair?.key);
    if (isMap(owner) && key !== undefined && mergesKey(node.model, owner, key, 0)) throw new FixUnavailable('the key would come back from a merge');
    if (isMap(owner) && !owner.flow && node.src.pair) {
      const k = node.src.pair.key as YamlNode | null;
      if (k?.range && this.ownsTemplateLines(this.pairEnd(node.src.pair), this.col(k.range[0]))) throw new FixUnavailable('value written by a template');
    }
    if (
      isSeq(owner) &&
      !owner.flow &&
      node.src.value?.range &&
      this.ownsTemplateLines(this.contentEnd(node.src.value, 0), this.col(this.dashBefore(node.src.value.range[0])))
    )
      throw new FixUnavailable('item written by a template');
    if (isMap(owner) && node.src.pair) this.removePair(owner, node.src.pair);
    else if (isSeq(owner) && node.src.index !== undefined) this.removeItem(owner, node.src.index);
    else throw new FixUnavailable('nothing to remove');
  }

  /** Replace a whole pair (`key: value`) with another key and value. */
  replacePair(node: YNode, key: string, value: NewValue): void {
    const pair = node.src.pair;
    const owner = node.src.owner;
    if (!pair || !isMap(owner) || node.src.viaMerge) throw new FixUnavailable('no pair to replace');
    const k = pair.key as YamlNode;
    if (!k.range) throw new FixUnavailable('key without position');
    const start = k.range[0];
    const end = this.pairEnd(pair);
    if (owner.flow) {
      this.push(start, end, `${formatScalar(key)}: ${flowValue(value)}`);
      return;
    }
    const col = this.col(start);
    if (this.ownsTemplateLines(end, col)) throw new FixUnavailable('value written by a template');
    const kept = this.commentsIn(start, end);
    if (!kept.length || !/[\r\n]/.test(this.text.slice(start, end))) {
      // on one line, a comment after the value stays where it is
      this.push(start, end, this.blockPair(key, value, col));
      return;
    }
    // the comments of the replaced lines (one after the value too) go on lines of their own
    const tail = kept.map((c) => `${this.eol}${' '.repeat(col)}${c}`).join('');
    this.push(start, lineEndOf(this.text, end), this.blockPair(key, value, col) + tail);
  }

  /**
   * Make `keys` (a path below the mapping `map`) hold `value`: existing mappings are reused,
   * missing ones created, an existing leaf is overwritten.
   */
  ensure(map: YNode, keys: string[], value: NewValue): void {
    let cur = map;
    for (let i = 0; i < keys.length; i++) {
      // a template action that produces lines may add keys here; a templated value (a name, an
      // image) does not, and the edit guard keeps its code untouched
      if (this.mask && mayGetKeys(cur)) throw new FixUnavailable('mapping produced by a template');
      if (cur.src.value !== cur.node && !cur.isNull) throw new FixUnavailable('mapping shared through an alias');
      const rest = keys.slice(i + 1);
      if (cur.isNull) {
        this.fillEmpty(cur, nest(keys.slice(i), value));
        return;
      }
      if (!isMap(cur.node)) throw new FixUnavailable(`${cur.path} is not a mapping`);
      const child = cur.getRaw(keys[i]);
      if (!child) {
        this.insertPair(cur.node, keys[i], nest(rest, value));
        return;
      }
      if (child.src.viaMerge) {
        // a merge is shallow: overriding a merged mapping would drop its other keys
        if (rest.length || isObj(value)) throw new FixUnavailable('value comes from a merged mapping');
        this.insertPair(cur.node, keys[i], value);
        return;
      }
      if (i === keys.length - 1) {
        if (isObj(value) || Array.isArray(value)) {
          if (child.isNull) this.fillEmpty(child, value);
          else this.replacePair(child, keys[i], value);
        } else this.setValue(child, value);
        return;
      }
      cur = child;
    }
  }

  /** Append a scalar to an existing sequence, quoted as its last item is. */
  append(seqNode: YNode, value: ScalarValue): void {
    const seq = seqNode.node;
    if (!isSeq(seq) || seqNode.src.viaMerge || seqNode.src.value !== seq) throw new FixUnavailable('not a sequence written here');
    const text = formatLike((seq.items[seq.items.length - 1] as YamlNode | undefined) ?? null, value, !seq.flow);
    if (seq.flow) {
      const close = seq.range ? seq.range[1] - 1 : -1;
      if (this.text[close] !== ']') throw new FixUnavailable('flow sequence without closing bracket');
      const last = seq.items[seq.items.length - 1] as YamlNode | undefined;
      if (!last) this.push(close, close, text);
      else {
        const at = this.contentEnd(last, 0);
        this.push(at, at, `, ${text}`);
      }
      return;
    }
    const first = seq.items[0] as YamlNode | undefined;
    const last = seq.items[seq.items.length - 1] as YamlNode | undefined;
    if (!first || !first.range || !last) throw new FixUnavailable('empty block sequence');
    const dash = this.dashBefore(first.range[0]);
    const at = this.ownedEnd(this.contentEnd(last, 0), this.col(dash), lineStartOf(this.text, dash));
    this.push(at, at, `${this.eol}${' '.repeat(this.col(dash))}- ${text}`);
  }

  private dashBefore(offset: number): number {
    let i = offset - 1;
    while (i >= 0 && (this.text[i] === ' ' || this.text[i] === '\t')) i--;
    if (this.text[i] !== '-') throw new FixUnavailable('sequence item without a dash');
    return i;
  }

  private insertPair(map: YAMLMap, key: string, value: NewValue): void {
    if (map.flow) {
      const close = map.range ? map.range[1] - 1 : -1;
      if (this.text[close] !== '}') throw new FixUnavailable('flow mapping without closing brace');
      const last = map.items[map.items.length - 1];
      const pairText = `${formatScalar(key)}: ${flowValue(value)}`;
      if (!last) this.push(close, close, pairText);
      else {
        const at = this.pairEnd(last);
        this.push(at, at, `, ${pairText}`);
      }
      return;
    }
    const first = map.items[0];
    const last = map.items[map.items.length - 1];
    const firstKey = first?.key as YamlNode | undefined;
    if (!first || !last || !firstKey || !firstKey.range) throw new FixUnavailable('empty block mapping');
    const col = this.col(firstKey.range[0]);
    const at = this.ownedEnd(this.pairEnd(last), col, lineStartOf(this.text, firstKey.range[0]));
    this.push(at, at, `${this.eol}${' '.repeat(col)}${this.blockPair(key, value, col)}`);
  }

  /** Give a key with an empty value (`key:`, `key: ~`) a nested value. */
  private fillEmpty(node: YNode, value: NewValue): void {
    const key = node.src.key;
    const owner = node.src.owner;
    if (!key || !key.range) throw new FixUnavailable('empty value without a key');
    const colon = this.colonAfter(key.range[1]);
    const written = node.src.value;
    const hasText = !!(written && written.range && written.range[1] > written.range[0]);
    if (isMap(owner) && owner.flow) {
      if (hasText) this.push(written!.range![0], written!.range![1], flowValue(value));
      else {
        const at = this.afterProps(colon, written);
        this.push(at, at, ` ${flowValue(value)}`);
      }
      return;
    }
    if (!isObj(value) && !Array.isArray(value)) {
      this.setValue(node, value);
      return;
    }
    const col = this.col(key.range[0]);
    if (this.ownsTemplateLines(colon, col)) throw new FixUnavailable('value written by a template');
    // nested lines go after any comment that follows the key; an anchor or tag stays
    if (hasText) this.push(this.afterProps(colon, written), written!.range![1], '');
    const at = lineEndOf(this.text, colon);
    this.push(at, at, this.blockBody(value as NewValue[] | { [key: string]: NewValue }, col));
  }

  private removePair(map: YAMLMap, pair: Pair): void {
    const key = pair.key as YamlNode | null;
    if (!key || !key.range) throw new FixUnavailable('pair without key position');
    const idx = map.items.indexOf(pair);
    const start = key.range[0];
    const end = this.pairEnd(pair);
    if (map.flow) {
      this.removeFlowEntry(
        map.items.map((p) => [(p.key as YamlNode).range![0], this.pairEnd(p)] as [number, number]),
        idx,
        start,
        end,
      );
      return;
    }
    const lineStart = lineStartOf(this.text, start);
    const before = this.text.slice(lineStart, start);
    if (/^[ \t]*$/.test(before)) {
      this.removeLines(lineStart, end, before.length);
      return;
    }
    // first key of a compact sequence item (`- key: v`): pull the next key up to its place
    const next = map.items[idx + 1];
    const nextKey = next?.key as YamlNode | undefined;
    if (nextKey && nextKey.range) {
      if (this.commentsIn(start, nextKey.range[0]).length) throw new FixUnavailable('comments between keys');
      this.push(start, nextKey.range[0], '');
    } else this.push(start, end, '{}');
  }

  private removeItem(seq: YAMLSeq, index: number): void {
    const item = seq.items[index] as YamlNode | null;
    if (!item || !item.range) throw new FixUnavailable('item without position');
    const start = item.range[0];
    const end = this.contentEnd(item, start);
    if (seq.flow) {
      this.removeFlowEntry(
        seq.items.map((it) => [(it as YamlNode).range![0], this.contentEnd(it as YamlNode, 0)] as [number, number]),
        index,
        start,
        end,
      );
      return;
    }
    const dash = this.dashBefore(start);
    const lineStart = lineStartOf(this.text, dash);
    if (!/^[ \t]*$/.test(this.text.slice(lineStart, dash))) throw new FixUnavailable('nested compact sequence');
    this.removeLines(lineStart, end, dash - lineStart);
  }

  private removeFlowEntry(spans: [number, number][], idx: number, start: number, end: number): void {
    if (spans.length === 1) this.push(start, end, '');
    else if (idx + 1 < spans.length) this.push(start, spans[idx + 1][0], '');
    else this.push(spans[idx - 1][1], end, '');
  }

  /** Remove whole lines [lineStart, line of end], keeping their comments at `col`. */
  private removeLines(lineStart: number, end: number, col: number): void {
    const stop = nextLineStart(this.text, end);
    const kept = this.commentsIn(lineStart, lineEndOf(this.text, end));
    const text = kept.map((c) => `${' '.repeat(col)}${c}${this.eol}`).join('');
    // a removed last line without a line break must not leave the comment unterminated
    const finalText = stop === this.text.length && !/[\r\n]$/.test(this.text) && text ? text.slice(0, -this.eol.length) : text;
    this.push(lineStart, stop, finalText);
  }

  /** Comments (from `#` to the end of their line) that start inside [start, end]. */
  private commentsIn(start: number, end: number): string[] {
    const slice = this.text.slice(start, lineEndOf(this.text, end));
    if (!slice.includes('#')) return [];
    const out: string[] = [];
    for (const line of slice.split(LINE_BREAK)) {
      let quote = '';
      for (let i = 0; i < line.length; i++) {
        const c = line[i];
        if (quote) {
          if (c === quote) quote = '';
          continue;
        }
        if (c === '"' || c === "'") {
          if (i === 0 || /[\s:[{,-]/.test(line[i - 1])) quote = c;
          continue;
        }
        if (c === '#' && (i === 0 || /\s/.test(line[i - 1]))) {
          out.push(line.slice(i).trimEnd());
          break;
        }
      }
    }
    return out;
  }
}

/** Does a `<<` merge of `map` (followed through merges of merges) provide `key`? */
function mergesKey(model: DocModel, map: YAMLMap, key: string, depth: number): boolean {
  if (depth > 16) return false;
  for (const p of map.items) {
    if (!isScalar(p.key) || p.key.type !== 'PLAIN' || p.key.source !== '<<') continue;
    const v = model.deref(p.value);
    const sources = isSeq(v) ? v.items.map((it) => model.deref(it)) : [v];
    for (const src of sources) {
      if (!isMap(src)) continue;
      if (src.items.some((q) => keyString(q.key) === key && !(isScalar(q.key) && q.key.source === '<<')) || mergesKey(model, src, key, depth + 1)) return true;
    }
  }
  return false;
}

function keyText(key: Scalar): string {
  return typeof key.source === 'string' && key.type === 'PLAIN' ? key.source : String(key.value);
}

function nest(keys: string[], value: NewValue): NewValue {
  let v = value;
  for (let i = keys.length - 1; i >= 0; i--) v = { [keys[i]]: v };
  return v;
}
