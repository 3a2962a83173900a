/**
 * A read-only view of one parsed YAML document with Kubernetes' reading rules: aliases resolve to
 * their anchors, merge keys (`<<`) contribute keys in go-yaml v2 order (a later writer wins,
 * earlier maps of a merged list win over later ones), nulls count as unset, and plain scalars
 * resolve as YAML 1.1. Every value keeps where it is written, so findings and fixes point at
 * the exact source.
 */
import { Alias, Document, isAlias, isMap, isPair, isScalar, isSeq, Node as YamlNode, Pair, Scalar, visit, YAMLMap, YAMLSeq } from 'yaml';
import { scalarValue, ScalarValue } from './scalars';
import type { TemplateMask } from './template';

/** Bound on merge/alias indirection depth while looking up one key. */
const MAX_INDIRECTION = 64;

export class DocModel {
  private aliasTargets: Map<Alias, YamlNode | undefined> | undefined;
  /**
   * Performance: for each mapping without merge keys, its pairs by key (the last pair of a key
   * wins, as in go-yaml v2), built the first time the mapping is asked for a key. Every rule asks
   * the same few mappings (containers, security contexts) for keys. Null for mappings with merge
   * keys, which are searched pair by pair.
   */
  private pairIndex = new Map<YAMLMap, Map<string, Pair> | null>();

  constructor(
    readonly doc: Document.Parsed,
    /** the chunk text the document was parsed from (template actions masked) */
    readonly text: string,
    readonly mask: TemplateMask | undefined,
  ) {}

  /** Is the node the target of some alias? */
  isAliased(node: YamlNode): boolean {
    for (const t of this.targets().values()) if (t === node) return true;
    return false;
  }

  /** Resolve an alias to its anchored node (the nearest anchor of that name before it). */
  resolveAlias(alias: Alias): YamlNode | undefined {
    return this.targets().get(alias);
  }

  private targets(): Map<Alias, YamlNode | undefined> {
    if (!this.aliasTargets) {
      const targets = new Map<Alias, YamlNode | undefined>();
      const anchors = new Map<string, YamlNode>();
      visit(this.doc, (_key, node) => {
        if (isAlias(node)) {
          targets.set(node, anchors.get(node.source));
        } else if ((isScalar(node) || isMap(node) || isSeq(node)) && node.anchor) {
          anchors.set(node.anchor, node);
        }
      });
      this.aliasTargets = targets;
    }
    return this.aliasTargets;
  }

  /** Follow aliases until a concrete node (or nothing). */
  deref(node: unknown): YamlNode | null {
    let n = node as YamlNode | null | undefined;
    for (let i = 0; i < MAX_INDIRECTION && n && isAlias(n); i++) n = this.resolveAlias(n);
    if (!n || isAlias(n)) return null;
    return n;
  }

  root(path = ''): YNode | undefined {
    const contents = this.doc.contents as YamlNode | null;
    if (!contents) return undefined;
    return new YNode(this, this.deref(contents), path, { value: contents, viaMerge: false });
  }

  /** True when a template action that may produce text there was masked inside [start, end). */
  templatedIn(start: number, end: number): boolean {
    return this.mask ? this.mask.producesIn(start, end) : false;
  }

  /** The pairs of a mapping by key, or null when it has merge keys (see `pairIndex`). */
  pairsOf(map: YAMLMap): Map<string, Pair> | null {
    let index = this.pairIndex.get(map);
    if (index === undefined) {
      index = new Map<string, Pair>();
      for (const p of map.items) {
        if (!isPair(p)) continue;
        if (isMergeKey(p.key)) {
          index = null;
          break;
        }
        const k = keyString(p.key);
        if (k !== undefined) index.set(k, p);
      }
      this.pairIndex.set(map, index);
    }
    return index;
  }
}

/** Where a value is written in the source. */
export interface SourceLoc {
  /** the pair holding the value (absent for sequence items and the document root) */
  pair?: Pair;
  /** the key scalar of that pair */
  key?: Scalar;
  /** the value node as written: possibly an alias, or null for an empty value */
  value: YamlNode | null;
  /** the collection that holds the pair or item */
  owner?: YAMLMap | YAMLSeq;
  /** index within `owner` for sequence items */
  index?: number;
  /** the value comes from a `<<` merge rather than from the mapping itself */
  viaMerge: boolean;
  /** the mapping that was asked for the key (differs from `owner` for merged keys) */
  askedMap?: YAMLMap;
}

export function keyString(key: unknown): string | undefined {
  if (isScalar(key)) {
    if (typeof key.source === 'string' && key.type === 'PLAIN') return key.source;
    return key.value == null ? '' : String(key.value);
  }
  return undefined;
}

function isMergeKey(key: unknown): boolean {
  return isScalar(key) && key.type === 'PLAIN' && key.source === '<<';
}

/** A located value inside a document. */
export class YNode {
  private cached: ScalarValue | undefined | typeof UNSET = UNSET;
  /** Performance: `getRaw` results by key (a YNode is an immutable view, so one per key will do). */
  private children: Map<string, YNode | undefined> | undefined;

  constructor(
    readonly model: DocModel,
    /** the concrete node (aliases resolved); null for an empty value */
    readonly node: YamlNode | null,
    /** dotted path from the object root, e.g. `spec.containers[0].securityContext` */
    readonly path: string,
    readonly src: SourceLoc,
  ) {}

  get isMap(): boolean {
    return isMap(this.node);
  }
  get isSeq(): boolean {
    return isSeq(this.node);
  }
  get isScalar(): boolean {
    return isScalar(this.node);
  }
  /** null, `~`, or an empty value: Kubernetes treats these as unset */
  get isNull(): boolean {
    return this.node === null || (isScalar(this.node) && this.value() === null && !this.templated);
  }

  /** The value was (partly) produced by a template action, so its real value is unknown. */
  get templated(): boolean {
    const n = this.src.value ?? this.node;
    if (!n || !n.range) return false;
    return this.model.templatedIn(n.range[0], n.range[1]);
  }

  /** Resolved scalar value, or undefined for collections. */
  value(): ScalarValue | undefined {
    if (this.cached !== UNSET) return this.cached as ScalarValue | undefined;
    const v = isScalar(this.node) ? scalarValue(this.node) : this.node === null ? null : undefined;
    this.cached = v;
    return v;
  }

  bool(): boolean | undefined {
    const v = this.value();
    return typeof v === 'boolean' ? v : undefined;
  }

  num(): number | undefined {
    const v = this.value();
    return typeof v === 'number' ? v : undefined;
  }

  /** String value; numbers and booleans give their source text (Kubernetes would reject them). */
  str(): string | undefined {
    const v = this.value();
    if (v === null || v === undefined) return undefined;
    if (typeof v === 'string') return v;
    return isScalar(this.node) && typeof this.node.source === 'string' ? this.node.source : String(v);
  }

  /** Look up a key, including keys from merges; null values are returned (see `get`). */
  getRaw(key: string): YNode | undefined {
    if (!isMap(this.node)) return undefined;
    this.children ??= new Map();
    let child = this.children.get(key);
    if (child === undefined && !this.children.has(key)) {
      child = this.child(this.node, key);
      this.children.set(key, child);
    }
    return child;
  }

  private child(map: YAMLMap, key: string): YNode | undefined {
    const hit = this.lookup(map, key, 0);
    if (!hit) return undefined;
    return new YNode(this.model, this.model.deref(hit.pair.value), this.childPath(key), {
      pair: hit.pair,
      key: isScalar(hit.pair.key) ? hit.pair.key : undefined,
      value: (hit.pair.value as YamlNode | null) ?? null,
      owner: hit.owner,
      viaMerge: hit.viaMerge,
      askedMap: map,
    });
  }

  /** Look up a key; undefined when it is missing or null (unset, as Kubernetes reads it). */
  get(key: string): YNode | undefined {
    const n = this.getRaw(key);
    return n && !n.isNull ? n : undefined;
  }

  /** Follow a dotted key path through mappings. */
  at(...keys: string[]): YNode | undefined {
    let cur: YNode | undefined = this.get(keys[0]);
    for (let i = 1; cur && i < keys.length; i++) cur = cur.get(keys[i]);
    return cur;
  }

  /** Items of a sequence (aliases resolved); empty for anything else. */
  items(): YNode[] {
    if (!isSeq(this.node)) return [];
    const seq = this.node;
    return seq.items.map(
      (item, i) =>
        new YNode(this.model, this.model.deref(item), `${this.path}[${i}]`, {
          value: (item as YamlNode | null) ?? null,
          owner: seq,
          index: i,
          viaMerge: false,
        }),
    );
  }

  /** Effective key/value entries of a mapping after merges, in first-written order. */
  entries(): [string, YNode][] {
    if (!isMap(this.node)) return [];
    const keys: string[] = [];
    const seen = new Set<string>();
    const collect = (m: YAMLMap, depth: number) => {
      if (depth > MAX_INDIRECTION) return;
      for (const p of m.items) {
        if (isMergeKey(p.key)) {
          const v = this.model.deref(p.value);
          if (isMap(v)) collect(v, depth + 1);
          else if (isSeq(v))
            for (const it of v.items) {
              const d = this.model.deref(it);
              if (isMap(d)) collect(d, depth + 1);
            }
          continue;
        }
        const k = keyString(p.key);
        if (k !== undefined && !seen.has(k)) {
          seen.add(k);
          keys.push(k);
        }
      }
    };
    collect(this.node, 0);
    const out: [string, YNode][] = [];
    for (const k of keys) {
      const n = this.getRaw(k);
      if (n) out.push([k, n]);
    }
    return out;
  }

  private childPath(key: string): string {
    const seg = /^[A-Za-z_$][\w$-]*$/.test(key) ? key : `[${JSON.stringify(key)}]`;
    if (!this.path) return seg;
    return seg.startsWith('[') ? this.path + seg : `${this.path}.${seg}`;
  }

  private lookup(map: YAMLMap, key: string, depth: number): { pair: Pair; owner: YAMLMap; viaMerge: boolean } | undefined {
    if (depth > MAX_INDIRECTION) return undefined;
    const index = this.model.pairsOf(map);
    if (index) {
      const pair = index.get(key);
      return pair ? { pair, owner: map, viaMerge: false } : undefined;
    }
    // go-yaml v2 applies pairs in order, so the last writer of the key wins.
    for (let i = map.items.length - 1; i >= 0; i--) {
      const p = map.items[i];
      if (!isPair(p)) continue;
      if (isMergeKey(p.key)) {
        const v = this.model.deref(p.value);
        let hit: { pair: Pair; owner: YAMLMap; viaMerge: boolean } | undefined;
        if (isMap(v)) hit = this.lookup(v, key, depth + 1);
        else if (isSeq(v)) {
          // earlier maps of a merged sequence take precedence
          for (const it of v.items) {
            const d = this.model.deref(it);
            if (isMap(d)) hit = this.lookup(d, key, depth + 1);
            if (hit) break;
          }
        }
        if (hit) return { ...hit, viaMerge: true };
        continue;
      }
      if (keyString(p.key) === key) return { pair: p, owner: map, viaMerge: false };
    }
    return undefined;
  }

  /** Offsets (in the chunk) of the value as written; an empty value sits just after its key. */
  valueSpan(): [number, number] {
    const v = this.src.value;
    if (v && v.range) {
      // block collections and block scalars end after their last line break: stop at the content
      let end = v.range[1];
      while (end > v.range[0] && /\s/.test(this.model.text[end - 1])) end--;
      return [v.range[0], end];
    }
    const k = this.src.key;
    if (k && k.range) {
      // `key:` with nothing after it: point at the colon-less end of the key
      return [k.range[0], k.range[1]];
    }
    return [0, 0];
  }

  /** Offsets of "key: value" (or of the item for sequence items). */
  span(): [number, number] {
    const [vs, ve] = this.valueSpan();
    const k = this.src.key;
    if (k && k.range) return [k.range[0], Math.max(ve, k.range[1])];
    return [vs, ve];
  }

  /** Offsets of the key only (or the value for sequence items). */
  keySpan(): [number, number] {
    const k = this.src.key;
    if (k && k.range) return [k.range[0], k.range[1]];
    return this.valueSpan();
  }
}

const UNSET = Symbol('unset');
