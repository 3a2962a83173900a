/**
 * Validation of a configuration: a plain value (editor settings) or the text of a `.podsec.yaml`,
 * key by key through the specs of keys.ts.
 *
 * Validation never throws. Every problem is reported with the path of the offending key or value,
 * and the offending entry is ignored, so the rest of the configuration still applies. A file
 * that is not YAML at all gives the defaults.
 */
import { Document, isMap, isPair, isScalar, isSeq, Node, parseAllDocuments, Scalar } from 'yaml';
import { LineIndex, type Range } from '../engine/text';
import { CONFIG_KEYS, specOf, type ConfigKey, type PodsecConfig } from './keys';
import { isRecord, suggest, typeName, type Report } from './values';

export interface ConfigProblem {
  message: string;
  range: Range;
  severity: 'error' | 'warning';
}

export interface ParsedConfig {
  config: PodsecConfig;
  problems: ConfigProblem[];
}

/**
 * Validate a plain value (parsed YAML, or editor settings) as a configuration. Keys that are not
 * configuration keys are reported unless `ignoreKeys` lists them (editor-only settings).
 */
export function validateConfig(value: unknown, report: Report, ignoreKeys: readonly string[] = []): PodsecConfig {
  const config: Record<string, unknown> = {};
  if (value === null || value === undefined) return config;
  if (!isRecord(value)) {
    report({
      path: [],
      on: 'value',
      message: `The podsec configuration must be a mapping of keys (${CONFIG_KEYS.join(', ')}), not ${typeName(value)}.`,
      severity: 'error',
    });
    return config;
  }
  for (const [key, v] of Object.entries(value)) {
    if (ignoreKeys.includes(key)) continue;
    if (!(CONFIG_KEYS as string[]).includes(key)) {
      report({
        path: [key],
        on: 'key',
        message: `Unknown key "${key}".${suggest(key, CONFIG_KEYS)} Known keys: ${CONFIG_KEYS.join(', ')}.`,
        severity: 'warning',
      });
      continue;
    }
    if (v === null || v === undefined) continue; // unset: the default applies
    const valid = specOf(key as ConfigKey).validate(v, report, key);
    if (valid !== undefined) config[key] = valid;
  }
  return config as PodsecConfig;
}

/**
 * Parse and validate the text of a `.podsec.yaml`. `check` validates what only the caller can
 * (files the configuration names, say); its problems are located like the others'.
 */
export function parseConfig(text: string, check?: (config: PodsecConfig, report: Report) => void): ParsedConfig {
  const lines = new LineIndex(text);
  const problems: ConfigProblem[] = [];
  const at = (s: number, e: number, message: string, severity: ConfigProblem['severity'] = 'error') =>
    problems.push({ message, range: lines.range(s, Math.max(e, s)), severity });
  let docs: Document.Parsed[];
  try {
    docs = parseAllDocuments(text, { prettyErrors: false, uniqueKeys: true }) as Document.Parsed[];
    if (!Array.isArray(docs)) docs = [];
  } catch (e) {
    at(0, 0, `Cannot read the configuration: ${(e as Error).message}`);
    return { config: {}, problems };
  }
  const real = docs.filter((d) => d.contents !== null || d.errors.length);
  if (real.length > 1) {
    const r = real[1].range;
    at(r[0], lineEnd(text, r[0]), 'The configuration must be a single YAML document; this and later documents are ignored.');
  }
  const doc = real[0];
  if (!doc) return { config: {}, problems };
  if (doc.errors.length) {
    for (const err of doc.errors.slice(0, 5)) {
      at(err.pos[0], Math.max(err.pos[1], err.pos[0] + 1), `YAML syntax error: ${err.message.split('\n')[0]}. The defaults apply until it is fixed.`);
    }
    return { config: {}, problems };
  }
  let value: unknown;
  try {
    value = doc.toJS({ maxAliasCount: 100 });
  } catch (e) {
    const r = doc.contents?.range ?? [0, 0];
    at(r[0], r[0], `Cannot read the configuration: ${(e as Error).message}. The defaults apply.`);
    return { config: {}, problems };
  }
  const report: Report = (p) => {
    const [s, e] = locate(doc, p.path, p.on) ?? doc.contents?.range ?? [0, 0];
    at(s, e, p.message, p.severity);
  };
  const config = validateConfig(value, report);
  check?.(config, report);
  return { config, problems };
}

function lineEnd(text: string, i: number): number {
  let j = i;
  while (j < text.length && text[j] !== '\n' && text[j] !== '\r') j++;
  return j;
}

/** Offsets of the key or value at a path in a parsed document. */
function locate(doc: Document.Parsed, path: (string | number)[], on: 'key' | 'value'): [number, number] | undefined {
  let node: unknown = doc.contents;
  let keyNode: unknown;
  for (const step of path) {
    keyNode = undefined;
    if (isMap(node)) {
      const pair = node.items.find((it) => isPair(it) && isScalar(it.key) && String((it.key as Scalar).value) === String(step));
      if (!pair) return undefined;
      keyNode = pair.key;
      node = pair.value;
    } else if (isSeq(node) && typeof step === 'number') {
      node = node.items[step];
    } else return undefined;
  }
  const target = (on === 'key' && keyNode ? keyNode : (node ?? keyNode)) as Node | undefined;
  const r = target?.range;
  return r ? [r[0], r[1]] : undefined;
}
