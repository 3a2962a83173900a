/**
 * Scalar resolution as Kubernetes reads manifests. Kubernetes decodes YAML with a go-yaml v2
 * derivative (sigs.k8s.io/yaml), which follows YAML 1.1 for plain scalars: `yes`, `on` and `y`
 * are booleans, `010` is octal, `0x1F` hex, underscores may group digits. Quoted and block
 * scalars are always strings.
 */
import { Scalar } from 'yaml';

export type ScalarValue = string | number | boolean | null;

const TRUE = new Set(['y', 'Y', 'yes', 'Yes', 'YES', 'on', 'On', 'ON', 'true', 'True', 'TRUE']);
const FALSE = new Set(['n', 'N', 'no', 'No', 'NO', 'off', 'Off', 'OFF', 'false', 'False', 'FALSE']);
const NULL = new Set(['', '~', 'null', 'Null', 'NULL']);
const FLOAT = /^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$/;
const INF = new Set(['.inf', '.Inf', '.INF', '+.inf', '+.Inf', '+.INF']);
const NEG_INF = new Set(['-.inf', '-.Inf', '-.INF']);
const NAN = new Set(['.nan', '.NaN', '.NAN']);

/** Go's strconv.ParseInt(s, 0, 64) after go-yaml removed underscores. */
function parseGoInt(s: string): number | undefined {
  let sign = 1;
  let body = s;
  if (body.startsWith('+') || body.startsWith('-')) {
    if (body[0] === '-') sign = -1;
    body = body.slice(1);
  }
  if (body === '') return undefined;
  let digits: RegExp;
  let base: number;
  let rest: string;
  if (/^0[xX]/.test(body)) {
    base = 16;
    rest = body.slice(2);
    digits = /^[0-9a-fA-F]+$/;
  } else if (/^0[bB]/.test(body)) {
    base = 2;
    rest = body.slice(2);
    digits = /^[01]+$/;
  } else if (/^0[oO]/.test(body)) {
    base = 8;
    rest = body.slice(2);
    digits = /^[0-7]+$/;
  } else if (body.length > 1 && body[0] === '0') {
    base = 8;
    rest = body.slice(1);
    digits = /^[0-7]+$/;
  } else {
    base = 10;
    rest = body;
    digits = /^[0-9]+$/;
  }
  if (!digits.test(rest)) return undefined;
  const n = parseInt(rest, base);
  return Number.isFinite(n) ? sign * n : undefined;
}

/** Resolve the source text of a plain (unquoted) scalar the way go-yaml v2 does. */
export function resolvePlain(src: string): ScalarValue {
  if (NULL.has(src)) return null;
  if (TRUE.has(src)) return true;
  if (FALSE.has(src)) return false;
  const c = src.charCodeAt(0);
  const numeric = (c >= 48 && c <= 57) || c === 43 || c === 45 || c === 46; // 0-9 + - .
  if (!numeric) return src;
  if (INF.has(src)) return Infinity;
  if (NEG_INF.has(src)) return -Infinity;
  if (NAN.has(src)) return NaN;
  const plain = src.replace(/_/g, '');
  const i = parseGoInt(plain);
  if (i !== undefined) return i;
  if (FLOAT.test(plain)) return parseFloat(plain);
  return src;
}

const TAG_STR = 'tag:yaml.org,2002:str';
const TAG_BOOL = 'tag:yaml.org,2002:bool';
const TAG_INT = 'tag:yaml.org,2002:int';
const TAG_FLOAT = 'tag:yaml.org,2002:float';
const TAG_NULL = 'tag:yaml.org,2002:null';

/** The value of a parsed scalar node as Kubernetes sees it. */
export function scalarValue(node: Scalar): ScalarValue {
  const isPlain = node.type === 'PLAIN' || node.type === undefined;
  const src = typeof node.source === 'string' ? node.source : node.value == null ? '' : String(node.value);
  switch (node.tag) {
    case TAG_STR:
      return isPlain ? src : String(node.value ?? '');
    case TAG_NULL:
      return null;
    case TAG_BOOL: {
      const v = resolvePlain(src);
      return typeof v === 'boolean' ? v : src;
    }
    case TAG_INT:
    case TAG_FLOAT: {
      const v = resolvePlain(src);
      return typeof v === 'number' ? v : src;
    }
    default:
      break;
  }
  if (!isPlain) return typeof node.value === 'string' ? node.value : String(node.value ?? '');
  return resolvePlain(src);
}

/** A value rendered for messages: strings quoted, the rest as YAML would print them. */
export function showValue(v: ScalarValue | undefined): string {
  if (v === undefined) return '(unset)';
  if (v === null) return 'null';
  if (typeof v === 'string') return JSON.stringify(v);
  return String(v);
}
