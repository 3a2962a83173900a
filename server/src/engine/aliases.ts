/**
 * Alias expansion guard. Kubernetes' YAML decoder refuses documents whose aliases expand out of
 * proportion ("billion laughs"): more than 100 aliases, more than 1,000 decoded nodes, and an
 * alias-to-node ratio above a bound that falls from 0.99 (up to 400,000 nodes) to 0.10 (from
 * 4,000,000 nodes). podsec computes the same counts without expanding anything (sizes of
 * anchored nodes are memoised), so the check costs one walk of the document.
 */
import { Alias, Document, isAlias, isMap, isPair, isScalar, isSeq, Node as YamlNode } from 'yaml';

const RANGE_LOW = 400_000;
const RANGE_HIGH = 4_000_000;

function allowedRatio(decoded: number): number {
  if (decoded <= RANGE_LOW) return 0.99;
  if (decoded >= RANGE_HIGH) return 0.1;
  return 0.99 - 0.89 * ((decoded - RANGE_LOW) / (RANGE_HIGH - RANGE_LOW));
}

export interface AliasVerdict {
  decoded: number;
  aliases: number;
  excessive: boolean;
  /** aliases Kubernetes' decoder refuses: to no anchor before them, or inside their own anchor */
  broken: { start: number; end: number; message: string }[];
}

/**
 * Quick test: could this text contain an alias at all? An alias name is any run of characters but
 * YAML's white space (space, tab, line breaks) and flow indicators: `*\u00a0` is an alias.
 */
export function mayHaveAliases(text: string): boolean {
  return /(^|[\s,[{:-])\*[^ \t\r\n,[\]{}]/.test(text);
}

export function checkAliases(doc: Document.Parsed): AliasVerdict {
  const anchors = new Map<string, YamlNode>();
  const memo = new Map<YamlNode, [number, number]>();
  const cap = RANGE_HIGH * 1000;
  const broken: AliasVerdict['broken'] = [];
  // sizes are computed in document order, so an alias sees only anchors defined before it; an
  // anchor is defined where its node starts (as in go-yaml), its size is known once it ends
  const size = (node: unknown, depth: number): [number, number] => {
    if (!node || depth > 10_000) return [0, 0];
    if (isAlias(node)) {
      const alias = node as Alias;
      const target = anchors.get(alias.source);
      const [start, end] = alias.range ?? [0, 0];
      if (!target) broken.push({ start, end, message: `alias *${alias.source} refers to no anchor defined before it` });
      else if (!memo.has(target)) broken.push({ start, end, message: `anchor &${alias.source} contains an alias to itself` });
      if (!target) return [1, 1];
      const m = memo.get(target);
      const [d, a] = m ?? [1, 0];
      return [d, a + 1];
    }
    const n = node as YamlNode;
    if ((isScalar(n) || isMap(n) || isSeq(n)) && n.anchor) anchors.set(n.anchor, n);
    let decoded = 1;
    let aliases = 0;
    if (isMap(n)) {
      for (const p of n.items) {
        if (!isPair(p)) continue;
        const [kd, ka] = size(p.key, depth + 1);
        const [vd, va] = size(p.value, depth + 1);
        decoded = Math.min(cap, decoded + kd + vd);
        aliases = Math.min(cap, aliases + ka + va);
      }
    } else if (isSeq(n)) {
      for (const it of n.items) {
        const [d, a] = size(it, depth + 1);
        decoded = Math.min(cap, decoded + d);
        aliases = Math.min(cap, aliases + a);
      }
    }
    if ((isScalar(n) || isMap(n) || isSeq(n)) && n.anchor) memo.set(n, [decoded, aliases]);
    return [decoded, aliases];
  };
  const [decoded, aliases] = size(doc.contents, 0);
  const excessive = aliases > 100 && decoded > 1000 && aliases / decoded > allowedRatio(decoded);
  return { decoded, aliases, excessive, broken };
}
