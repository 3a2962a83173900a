/**
 * The podsec configuration (`.podsec.yaml`, and the editor settings with the same keys): its
 * keys, defaults, validation and translation into engine options. Pure: no file system here
 * (see config-file.ts).
 *
 * Validation never throws. Every problem is reported with the path of the offending key or value,
 * and the offending entry is ignored, so the rest of the configuration still applies. A file
 * that is not YAML at all gives the defaults.
 */
import { Document, isMap, isPair, isScalar, isSeq, Node, parseAllDocuments, Scalar } from 'yaml';
import { compileGlob, GlobError } from './glob';
import { isProfile, PROFILES, RULES_BY_ID, type EngineOptions } from './profiles';
import { LineIndex, type Range } from './text';
import type { ProfileName, RuleOptionSpec, SeveritySetting } from './types';
import { LATEST_MINOR, parseVersion, VersionError } from './versions';

export interface PodsecConfig {
  /** the profile whose rules run */
  profile?: ProfileName;
  /** Pod Security Standards policy version: `latest` or `v1.N` */
  pssVersion?: string;
  /** rule id -> severity, or `off` */
  rules?: Record<string, SeveritySetting>;
  /** globs of files not to analyse */
  exclude?: string[];
  /** rule id -> option -> value (options a rule declares in its metadata) */
  ruleOptions?: Record<string, Record<string, unknown>>;
  /** every suppression must give a reason */
  requireSuppressionReason?: boolean;
  /** rules no suppression can silence */
  unsuppressible?: string[];
  /** files larger than this are not analysed in the editor (megabytes of text) */
  maxFileSizeMB?: number;
}

export type ConfigKey = keyof PodsecConfig;

/** Every configuration key, in documentation order. */
export const CONFIG_KEYS: ConfigKey[] = ['profile', 'pssVersion', 'rules', 'exclude', 'ruleOptions', 'requireSuppressionReason', 'unsuppressible', 'maxFileSizeMB'];

export const SEVERITY_SETTINGS: SeveritySetting[] = ['off', 'info', 'warning', 'error'];

/** Every version `pssVersion` accepts, newest first after `latest`. */
export const PSS_VERSIONS: string[] = ['latest', ...Array.from({ length: LATEST_MINOR + 1 }, (_, i) => `v1.${LATEST_MINOR - i}`)];

/** Defaults of every key (what an empty configuration means). */
export const CONFIG_DEFAULTS: Required<PodsecConfig> = {
  profile: 'restricted',
  pssVersion: 'latest',
  rules: {},
  exclude: [],
  ruleOptions: {},
  requireSuppressionReason: false,
  unsuppressible: [],
  maxFileSizeMB: 10,
};

/** Bounds of `maxFileSizeMB`. */
export const MAX_FILE_SIZE_MB_RANGE: [number, number] = [0.01, 1024];

/** One line of documentation per key (shared by the JSON Schema and the editor settings). */
export const CONFIG_DESCRIPTIONS: Record<ConfigKey, string> = {
  profile: 'Which rules run: the Pod Security Standards baseline or restricted level, or a DISA STIG profile (restricted with every Pod Security finding at error, plus the STIG rules).',
  pssVersion: 'Pod Security Standards policy version to evaluate, as Pod Security Admission does: "latest" or v1.0 to v1.' + LATEST_MINOR + '.',
  rules: 'Severity per rule id: off, info, warning or error. Rules not listed keep the severity the profile gives them.',
  exclude: 'Glob patterns of files podsec does not analyse (`*`, `**`, `?`, `[a-z]`, `{a,b}`). A pattern without "/" matches a name at any depth; one with "/" is relative to the folder of the configuration (the .podsec.yaml file, or the workspace folder for settings).',
  ruleOptions: 'Options per rule id, for the rules that declare options.',
  requireSuppressionReason: 'Every podsec-disable comment and podsec.io/ignore annotation must give a reason ("-- reason", or podsec.io/ignore-reason); suppressions without one are reported.',
  unsuppressible: 'Rule ids that no suppression comment or annotation can silence (for compliance gates).',
  maxFileSizeMB: 'Files larger than this (in megabytes of text) are not analysed in the editor; one information diagnostic says so. The CLI checks files of any size.',
};

export interface ConfigProblem {
  message: string;
  range: Range;
  severity: 'error' | 'warning';
}

export interface ParsedConfig {
  config: PodsecConfig;
  problems: ConfigProblem[];
}

/** A problem found while validating a plain value, located by its path. */
export interface ValueProblem {
  path: (string | number)[];
  /** point at the key (unknown keys) or at the value */
  on: 'key' | 'value';
  message: string;
  severity: 'error' | 'warning';
}

function typeName(v: unknown): string {
  if (v === null || v === undefined) return 'nothing';
  if (Array.isArray(v)) return 'a list';
  if (typeof v === 'object') return 'a mapping';
  if (typeof v === 'string') return `"${v}"`;
  return String(v);
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Closest known word, for "did you mean" hints. */
function suggest(word: string, known: Iterable<string>): string {
  let best = '';
  let bestD = Infinity;
  for (const k of known) {
    const d = editDistance(word.toLowerCase(), k.toLowerCase(), 3);
    if (d < bestD) {
      bestD = d;
      best = k;
    }
  }
  return bestD <= 2 ? ` Did you mean "${best}"?` : '';
}

/** Levenshtein distance, giving up (returning > limit) once it exceeds `limit`. */
function editDistance(a: string, b: string, limit: number): number {
  if (Math.abs(a.length - b.length) > limit) return limit + 1;
  if (a.length > 64 || b.length > 64) return limit + 1;
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
      rowMin = Math.min(rowMin, cur[j]);
    }
    if (rowMin > limit) return limit + 1;
    prev = cur;
  }
  return prev[b.length];
}

function ruleIdProblem(id: string): string {
  return `unknown rule "${id}".${suggest(id, RULES_BY_ID.keys())}`;
}

function checkOption(spec: RuleOptionSpec, v: unknown): boolean {
  switch (spec.type) {
    case 'boolean':
      return typeof v === 'boolean';
    case 'string':
      return typeof v === 'string';
    case 'number':
      return typeof v === 'number' && Number.isFinite(v);
    case 'string[]':
      return Array.isArray(v) && v.every((x) => typeof x === 'string');
  }
}

function ruleIdList(value: unknown, key: ConfigKey, report: (p: ValueProblem) => void): string[] | undefined {
  if (!Array.isArray(value)) {
    report({ path: [key], on: 'value', message: `${key} must be a list of rule ids, not ${typeName(value)}.`, severity: 'error' });
    return undefined;
  }
  const out: string[] = [];
  value.forEach((id, i) => {
    if (typeof id !== 'string') report({ path: [key, i], on: 'value', message: `${key}[${i}] must be a rule id, not ${typeName(id)}.`, severity: 'error' });
    else if (!RULES_BY_ID.has(id)) report({ path: [key, i], on: 'value', message: `${key}: ${ruleIdProblem(id)}`, severity: 'warning' });
    else out.push(id);
  });
  return out;
}

/**
 * Validate a plain value (parsed YAML, or editor settings) as a configuration. Keys that are not
 * configuration keys are reported unless `ignoreKeys` lists them (editor-only settings).
 */
export function validateConfig(value: unknown, report: (p: ValueProblem) => void, ignoreKeys: readonly string[] = []): PodsecConfig {
  const config: PodsecConfig = {};
  if (value === null || value === undefined) return config;
  if (!isRecord(value)) {
    report({ path: [], on: 'value', message: `The podsec configuration must be a mapping of keys (${CONFIG_KEYS.join(', ')}), not ${typeName(value)}.`, severity: 'error' });
    return config;
  }
  for (const [key, v] of Object.entries(value)) {
    if (ignoreKeys.includes(key)) continue;
    if (!(CONFIG_KEYS as string[]).includes(key)) {
      report({ path: [key], on: 'key', message: `Unknown key "${key}".${suggest(key, CONFIG_KEYS)} Known keys: ${CONFIG_KEYS.join(', ')}.`, severity: 'warning' });
      continue;
    }
    if (v === null || v === undefined) continue; // unset: the default applies
    switch (key as ConfigKey) {
      case 'profile':
        if (isProfile(v)) config.profile = v;
        else report({ path: [key], on: 'value', message: `profile must be one of ${PROFILES.join(', ')}, not ${typeName(v)}.${typeof v === 'string' ? suggest(v, PROFILES) : ''}`, severity: 'error' });
        break;
      case 'pssVersion':
        if (typeof v === 'number') {
          report({ path: [key], on: 'value', message: `pssVersion must be a string such as "v1.${LATEST_MINOR}" or "latest": the number ${v} loses trailing zeros (1.30 reads as 1.3). Quote it.`, severity: 'error' });
        } else if (typeof v !== 'string') {
          report({ path: [key], on: 'value', message: `pssVersion must be "latest" or "v1.N", not ${typeName(v)}.`, severity: 'error' });
        } else {
          try {
            parseVersion(v);
            config.pssVersion = v;
          } catch (e) {
            if (!(e instanceof VersionError)) throw e;
            report({ path: [key], on: 'value', message: `pssVersion: ${e.message}.`, severity: 'error' });
          }
        }
        break;
      case 'rules': {
        if (!isRecord(v)) {
          report({ path: [key], on: 'value', message: `rules must be a mapping of rule id to ${SEVERITY_SETTINGS.join(' | ')}, not ${typeName(v)}.`, severity: 'error' });
          break;
        }
        const rules: Record<string, SeveritySetting> = {};
        for (const [id, sev] of Object.entries(v)) {
          if (!RULES_BY_ID.has(id)) {
            report({ path: [key, id], on: 'key', message: `rules: ${ruleIdProblem(id)}`, severity: 'warning' });
            continue;
          }
          if (typeof sev === 'string' && (SEVERITY_SETTINGS as string[]).includes(sev)) rules[id] = sev as SeveritySetting;
          else report({ path: [key, id], on: 'value', message: `rules.${id} must be one of ${SEVERITY_SETTINGS.join(', ')}, not ${typeName(sev)}.`, severity: 'error' });
        }
        config.rules = rules;
        break;
      }
      case 'exclude': {
        const list = typeof v === 'string' ? [v] : v;
        if (!Array.isArray(list)) {
          report({ path: [key], on: 'value', message: `exclude must be a list of glob patterns, not ${typeName(v)}.`, severity: 'error' });
          break;
        }
        const globs: string[] = [];
        list.forEach((g, i) => {
          const at = typeof v === 'string' ? [key] : [key, i];
          if (typeof g !== 'string') {
            report({ path: at, on: 'value', message: `exclude[${i}] must be a glob pattern, not ${typeName(g)}.`, severity: 'error' });
            return;
          }
          try {
            compileGlob(g);
            globs.push(g);
          } catch (e) {
            if (!(e instanceof GlobError)) throw e;
            report({ path: at, on: 'value', message: `exclude: invalid glob "${g}": ${e.message}.`, severity: 'error' });
          }
        });
        config.exclude = globs;
        break;
      }
      case 'ruleOptions': {
        if (!isRecord(v)) {
          report({ path: [key], on: 'value', message: `ruleOptions must be a mapping of rule id to options, not ${typeName(v)}.`, severity: 'error' });
          break;
        }
        const out: Record<string, Record<string, unknown>> = {};
        for (const [id, opts] of Object.entries(v)) {
          const rule = RULES_BY_ID.get(id);
          if (!rule) {
            report({ path: [key, id], on: 'key', message: `ruleOptions: ${ruleIdProblem(id)}`, severity: 'warning' });
            continue;
          }
          const specs = rule.meta.options ?? {};
          const names = Object.keys(specs);
          if (!isRecord(opts)) {
            report({ path: [key, id], on: 'value', message: `ruleOptions.${id} must be a mapping of options, not ${typeName(opts)}.`, severity: 'error' });
            continue;
          }
          const valid: Record<string, unknown> = {};
          for (const [name, ov] of Object.entries(opts)) {
            const spec = specs[name];
            if (!spec) {
              report({ path: [key, id, name], on: 'key', message: names.length ? `Rule "${id}" has no option "${name}".${suggest(name, names)} Its options: ${names.join(', ')}.` : `Rule "${id}" takes no options.`, severity: 'warning' });
              continue;
            }
            if (!checkOption(spec, ov)) {
              report({ path: [key, id, name], on: 'value', message: `ruleOptions.${id}.${name} must be ${spec.type === 'string[]' ? 'a list of strings' : `a ${spec.type}`}, not ${typeName(ov)}.`, severity: 'error' });
              continue;
            }
            valid[name] = ov;
          }
          out[id] = valid;
        }
        config.ruleOptions = out;
        break;
      }
      case 'requireSuppressionReason':
        if (typeof v === 'boolean') config.requireSuppressionReason = v;
        else report({ path: [key], on: 'value', message: `requireSuppressionReason must be true or false, not ${typeName(v)}.`, severity: 'error' });
        break;
      case 'unsuppressible': {
        const ids = ruleIdList(v, key as ConfigKey, report);
        if (ids) config.unsuppressible = ids;
        break;
      }
      case 'maxFileSizeMB': {
        const [lo, hi] = MAX_FILE_SIZE_MB_RANGE;
        if (typeof v === 'number' && Number.isFinite(v) && v >= lo && v <= hi) config.maxFileSizeMB = v;
        else report({ path: [key], on: 'value', message: `maxFileSizeMB must be a number from ${lo} to ${hi}, not ${typeName(v)}.`, severity: 'error' });
        break;
      }
    }
  }
  return config;
}

/** Parse and validate the text of a `.podsec.yaml`. */
export function parseConfig(text: string): ParsedConfig {
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
  const config = validateConfig(value, (p) => {
    const [s, e] = locate(doc, p.path, p.on) ?? doc.contents?.range ?? [0, 0];
    at(s, e, p.message, p.severity);
  });
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
  const target = (on === 'key' && keyNode ? keyNode : node ?? keyNode) as Node | undefined;
  const r = target?.range;
  return r ? [r[0], r[1]] : undefined;
}

/**
 * Layer configurations: each key of `over` replaces the same key of `base`, except `rules` and
 * `ruleOptions`, which are merged rule by rule (option by option) with `over` winning.
 */
export function mergeConfigs(base: PodsecConfig, over: PodsecConfig): PodsecConfig {
  const out: PodsecConfig = { ...base };
  for (const key of CONFIG_KEYS) {
    const v = over[key];
    if (v === undefined) continue;
    if (key === 'rules') out.rules = { ...(base.rules ?? {}), ...over.rules };
    else if (key === 'ruleOptions') {
      const merged: Record<string, Record<string, unknown>> = { ...(base.ruleOptions ?? {}) };
      for (const [id, opts] of Object.entries(over.ruleOptions ?? {})) merged[id] = { ...(merged[id] ?? {}), ...opts };
      out.ruleOptions = merged;
    } else (out as Record<string, unknown>)[key] = v;
  }
  return out;
}

/** Engine options for a configuration (and the analysed file's path, for rules that read it). */
export function toEngineOptions(config: PodsecConfig, filePath?: string): EngineOptions {
  const opts: EngineOptions = {
    profile: config.profile ?? CONFIG_DEFAULTS.profile,
    version: config.pssVersion ?? CONFIG_DEFAULTS.pssVersion,
    rules: { ...(config.rules ?? {}) },
    ruleOptions: config.ruleOptions ?? {},
    suppression: {
      requireReason: config.requireSuppressionReason ?? CONFIG_DEFAULTS.requireSuppressionReason,
      unsuppressible: [...(config.unsuppressible ?? [])],
    },
  };
  if (filePath !== undefined) opts.filePath = filePath;
  return opts;
}
