/**
 * The podsec configuration keys (`.podsec.yaml`, and the editor settings of the same names): one
 * spec per key with its default, description, JSON Schema, validation, merging and engine
 * option. Everything else is derived from this table: the `PodsecConfig` type, the key list,
 * the defaults, `schemas/podsec-config.schema.json`, the `podsec.*` settings of package.json,
 * validation of files and settings, and `mergeConfigs` / `toEngineOptions`. Adding a key is one
 * entry here (then `node schemas/generate.mjs`). Pure: no file system (see node/).
 */
import { compileGlob, GlobError } from '../engine/glob';
import { isProfile, PROFILES, RULES_BY_ID, type EngineOptions } from '../engine/profiles';
import { ALL_RULES } from '../engine/rules';
import type { ProfileName, RuleOptionSpec, SeveritySetting } from '../engine/types';
import { LATEST_MINOR, parseVersion, VersionError } from '../engine/versions';
import { TARGET_ROLES, TECH_AREAS, type TargetData } from '../evidence/types';
import { inRange, isRecord, spec, suggest, typeName, type JsonObject, type KeySpec, type Report, type SpecValue } from './values';

export const SEVERITY_SETTINGS: SeveritySetting[] = ['off', 'info', 'warning', 'error'];
const SEVERITY_DESCRIPTIONS = ['Do not run the rule.', 'Report as information.', 'Report as a warning.', 'Report as an error.'];

/** Every version `pssVersion` accepts, newest first after `latest`. */
const PSS_VERSIONS: string[] = ['latest', ...Array.from({ length: LATEST_MINOR + 1 }, (_, i) => `v1.${LATEST_MINOR - i}`)];

const PROFILE_DESCRIPTIONS: Record<ProfileName, string> = {
  baseline: 'Pod Security Standards baseline: blocks known privilege escalations.',
  restricted: 'Pod Security Standards restricted: baseline plus current pod hardening practice.',
  'stig-rke2': 'DISA STIG for Rancher Government Solutions RKE2: restricted, every Pod Security finding an error, plus the RKE2 STIG rules.',
  'stig-kubernetes': 'DISA STIG for Kubernetes: restricted, every Pod Security finding an error, plus the Kubernetes STIG rules.',
};

const MAX_FILE_SIZE_MB_RANGE: [number, number] = [0.01, 1024];
const DEFAULT_MAX_FILE_SIZE_MB = 10;

/** A namespace name as the API server accepts it (a DNS-1123 label). */
export function isNamespaceName(s: string): boolean {
  return s.length <= 63 && /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(s);
}

function ruleIds(): string[] {
  return ALL_RULES.map((r) => r.meta.id);
}

function ruleIdProblem(id: string): string {
  return `unknown rule "${id}".${suggest(id, RULES_BY_ID.keys())}`;
}

function checkOption(s: RuleOptionSpec, v: unknown): boolean {
  switch (s.type) {
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

function optionSchema(s: RuleOptionSpec): JsonObject {
  const base: JsonObject = s.type === 'string[]' ? { type: 'array', items: { type: 'string' } } : { type: s.type };
  return { ...base, description: s.description, default: s.default as JsonObject[string] };
}

function ruleIdList(value: unknown, report: Report, key: string): string[] | undefined {
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

/** The target of a STIG checklist as `.podsec.yaml` `checklist:` gives it (STIG Viewer's target data). */
export type ChecklistTarget = Omit<TargetData, 'webOrDatabase'>;

/** The fields of `checklist:`, with the value lists STIG Viewer's checklist XSD allows. */
const CHECKLIST_FIELDS: Record<keyof ChecklistTarget, { description: string; values?: readonly string[]; multiline?: true }> = {
  hostName: { description: 'Host name of the target (STIG Viewer: Host Name).' },
  hostIp: { description: 'IP address of the target (STIG Viewer: IP Address).' },
  hostMac: { description: 'MAC address of the target (STIG Viewer: MAC Address).' },
  hostFqdn: { description: 'Fully qualified domain name of the target (STIG Viewer: FQDN).' },
  role: { description: 'Role of the target (STIG Viewer: Role).', values: TARGET_ROLES },
  targetComment: { description: 'Comments on the target (STIG Viewer: Target Comments).', multiline: true },
  techArea: { description: 'Technology area (STIG Viewer: Tech Area).', values: TECH_AREAS.filter(Boolean) },
  webDbSite: { description: 'Site, for a web or database STIG (STIG Viewer: Site); setting it or webDbInstance marks the target as web or database.' },
  webDbInstance: { description: 'Instance, for a web or database STIG (STIG Viewer: Instance).' },
  marking: { description: 'Classification marking of the checklist, such as CUI (STIG Viewer: Marking).' },
};

const CHECKLIST_KEYS = Object.keys(CHECKLIST_FIELDS) as (keyof ChecklistTarget)[];

/** Every configuration key, in documentation order. */
export const CONFIG_SPEC = {
  profile: spec<ProfileName>({
    default: 'restricted',
    description:
      'Which rules run: the Pod Security Standards baseline or restricted level, or a DISA STIG profile (restricted with every Pod Security finding at error, plus the STIG rules).',
    schema: () => ({ type: 'string', enum: PROFILES, enumDescriptions: PROFILES.map((p) => PROFILE_DESCRIPTIONS[p]) }),
    engine(v, o) {
      o.profile = v;
    },
    validate(v, report, key) {
      if (isProfile(v)) return v;
      report({
        path: [key],
        on: 'value',
        message: `profile must be one of ${PROFILES.join(', ')}, not ${typeName(v)}.${typeof v === 'string' ? suggest(v, PROFILES) : ''}`,
        severity: 'error',
      });
      return undefined;
    },
  }),
  pssVersion: spec<string>({
    default: 'latest',
    description: 'Pod Security Standards policy version to evaluate, as Pod Security Admission does: "latest" or v1.0 to v1.' + LATEST_MINOR + '.',
    schema: () => ({ type: 'string', enum: PSS_VERSIONS }),
    engine(v, o) {
      o.version = v;
    },
    validate(v, report, key) {
      if (typeof v === 'number') {
        report({
          path: [key],
          on: 'value',
          message: `pssVersion must be a string such as "v1.${LATEST_MINOR}" or "latest": the number ${v} loses trailing zeros (1.30 reads as 1.3). Quote it.`,
          severity: 'error',
        });
        return undefined;
      }
      if (typeof v !== 'string') {
        report({ path: [key], on: 'value', message: `pssVersion must be "latest" or "v1.N", not ${typeName(v)}.`, severity: 'error' });
        return undefined;
      }
      try {
        parseVersion(v);
        return v;
      } catch (e) {
        if (!(e instanceof VersionError)) throw e;
        report({ path: [key], on: 'value', message: `pssVersion: ${e.message}.`, severity: 'error' });
        return undefined;
      }
    },
  }),
  rules: spec<Record<string, SeveritySetting>>({
    default: {},
    description: 'Severity per rule id: off, info, warning or error. Rules not listed keep the severity the profile gives them.',
    schema() {
      const properties: JsonObject = {};
      for (const r of ALL_RULES)
        properties[r.meta.id] = { type: 'string', enum: SEVERITY_SETTINGS, enumDescriptions: SEVERITY_DESCRIPTIONS, description: r.meta.title };
      return { type: 'object', properties, additionalProperties: false };
    },
    validate(v, report, key) {
      if (!isRecord(v)) {
        report({
          path: [key],
          on: 'value',
          message: `rules must be a mapping of rule id to ${SEVERITY_SETTINGS.join(' | ')}, not ${typeName(v)}.`,
          severity: 'error',
        });
        return undefined;
      }
      const rules: Record<string, SeveritySetting> = {};
      for (const [id, sev] of Object.entries(v)) {
        if (!RULES_BY_ID.has(id)) {
          report({ path: [key, id], on: 'key', message: `rules: ${ruleIdProblem(id)}`, severity: 'warning' });
          continue;
        }
        if (typeof sev === 'string' && (SEVERITY_SETTINGS as string[]).includes(sev)) rules[id] = sev as SeveritySetting;
        else
          report({
            path: [key, id],
            on: 'value',
            message: `rules.${id} must be one of ${SEVERITY_SETTINGS.join(', ')}, not ${typeName(sev)}.`,
            severity: 'error',
          });
      }
      return rules;
    },
    merge: (base, over) => ({ ...(base ?? {}), ...over }),
    engine(v, o) {
      o.rules = { ...v };
    },
  }),
  exclude: spec<string[]>({
    default: [],
    description:
      'Glob patterns of files podsec does not analyse (`*`, `**`, `?`, `[a-z]`, `{a,b}`). A pattern without "/" matches a name at any depth; one with "/" is relative to the folder of the configuration (the .podsec.yaml file, or the workspace folder for settings).',
    schema: () => ({ type: 'array', items: { type: 'string' } }),
    validate(v, report, key) {
      const list = typeof v === 'string' ? [v] : v;
      if (!Array.isArray(list)) {
        report({ path: [key], on: 'value', message: `exclude must be a list of glob patterns, not ${typeName(v)}.`, severity: 'error' });
        return undefined;
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
      return globs;
    },
  }),
  ruleOptions: spec<Record<string, Record<string, unknown>>>({
    default: {},
    description: 'Options per rule id, for the rules that declare options.',
    schema() {
      const properties: JsonObject = {};
      for (const r of ALL_RULES) {
        if (!r.meta.options) continue;
        const opts: JsonObject = {};
        for (const [name, s] of Object.entries(r.meta.options)) opts[name] = optionSchema(s);
        properties[r.meta.id] = { type: 'object', properties: opts, additionalProperties: false, description: r.meta.title };
      }
      return { type: 'object', properties, additionalProperties: false };
    },
    validate(v, report, key) {
      if (!isRecord(v)) {
        report({ path: [key], on: 'value', message: `ruleOptions must be a mapping of rule id to options, not ${typeName(v)}.`, severity: 'error' });
        return undefined;
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
          const s = specs[name];
          if (!s) {
            report({
              path: [key, id, name],
              on: 'key',
              message: names.length
                ? `Rule "${id}" has no option "${name}".${suggest(name, names)} Its options: ${names.join(', ')}.`
                : `Rule "${id}" takes no options.`,
              severity: 'warning',
            });
            continue;
          }
          if (!checkOption(s, ov)) {
            report({
              path: [key, id, name],
              on: 'value',
              message: `ruleOptions.${id}.${name} must be ${s.type === 'string[]' ? 'a list of strings' : `a ${s.type}`}, not ${typeName(ov)}.`,
              severity: 'error',
            });
            continue;
          }
          valid[name] = ov;
        }
        out[id] = valid;
      }
      return out;
    },
    engine(v, o) {
      o.ruleOptions = v;
    },
    merge(base, over) {
      const merged: Record<string, Record<string, unknown>> = { ...(base ?? {}) };
      for (const [id, opts] of Object.entries(over)) merged[id] = { ...(merged[id] ?? {}), ...opts };
      return merged;
    },
  }),
  requireSuppressionReason: spec<boolean>({
    default: false,
    description:
      'Every podsec-disable comment and podsec.io/ignore annotation must give a reason ("-- reason", or podsec.io/ignore-reason); suppressions without one are reported.',
    schema: () => ({ type: 'boolean' }),
    engine(v, o) {
      o.suppression = { ...o.suppression, requireReason: v };
    },
    validate(v, report, key) {
      if (typeof v === 'boolean') return v;
      report({ path: [key], on: 'value', message: `requireSuppressionReason must be true or false, not ${typeName(v)}.`, severity: 'error' });
      return undefined;
    },
  }),
  unsuppressible: spec<string[]>({
    default: [],
    description: 'Rule ids that no suppression comment or annotation can silence (for compliance gates).',
    schema: () => ({ type: 'array', items: { type: 'string', enum: ruleIds() }, uniqueItems: true }),
    validate: ruleIdList,
    engine(v, o) {
      o.suppression = { ...o.suppression, unsuppressible: [...v] };
    },
  }),
  namespace: spec<string>({
    default: '',
    description:
      'Namespace of objects that set no metadata.namespace (as `kubectl apply --namespace` would place them): their pods are judged by the Pod Security labels of that Namespace among the files. Empty: such pods are judged by the cluster defaults, else the profile.',
    schema: () => ({ type: 'string' }),
    engine(v, o) {
      if (v) o.namespace = v;
    },
    validate(v, report, key) {
      if (typeof v === 'string' && (v === '' || isNamespaceName(v))) return v;
      report({
        path: [key],
        on: 'value',
        message: `namespace must be a namespace name (lower-case letters, digits and "-", at most 63 characters, starting and ending with a letter or digit), not ${typeName(v)}.`,
        severity: 'error',
      });
      return undefined;
    },
  }),
  admissionConfiguration: spec<string>({
    default: '',
    description:
      "The API server's admission configuration (an AdmissionConfiguration with a PodSecurity plugin, or a PodSecurityConfiguration): its defaults and exemptions judge pods in namespaces without Pod Security labels. A path relative to the folder of the .podsec.yaml (the workspace folder for the editor setting). Empty: an RKE2 config's, else the only one among the files.",
    schema: () => ({ type: 'string' }),
    path: true,
    engine(v, o) {
      if (v) o.admissionConfiguration = v;
    },
    validate(v, report, key) {
      if (typeof v === 'string') return v;
      report({ path: [key], on: 'value', message: `admissionConfiguration must be a file path, not ${typeName(v)}.`, severity: 'error' });
      return undefined;
    },
  }),
  checklist: spec<ChecklistTarget>({
    default: {},
    description:
      'Target data of the STIG checklists `podsec check --format cklb|ckl|oscal` writes (the host, IP and MAC address, FQDN, role, comments, tech area, marking STIG Viewer records for a target). The --target-* options win field by field. Nothing is guessed: fields not given stay empty.',
    schema() {
      const properties: JsonObject = {};
      for (const k of CHECKLIST_KEYS) {
        const f = CHECKLIST_FIELDS[k];
        properties[k] = { type: 'string', ...(f.values ? { enum: [...f.values] } : {}), description: f.description };
      }
      return { type: 'object', properties, additionalProperties: false };
    },
    validate(v, report, key) {
      if (!isRecord(v)) {
        report({
          path: [key],
          on: 'value',
          message: `checklist must be a mapping of target data (${CHECKLIST_KEYS.join(', ')}), not ${typeName(v)}.`,
          severity: 'error',
        });
        return undefined;
      }
      const out: Record<string, string> = {};
      for (const [name, value] of Object.entries(v)) {
        const f = (CHECKLIST_FIELDS as Record<string, (typeof CHECKLIST_FIELDS)[keyof ChecklistTarget] | undefined>)[name];
        if (!f) {
          report({
            path: [key, name],
            on: 'key',
            message: `checklist has no field "${name}".${suggest(name, CHECKLIST_KEYS)} Its fields: ${CHECKLIST_KEYS.join(', ')}.`,
            severity: 'warning',
          });
          continue;
        }
        const problem = checklistFieldProblem(name as keyof ChecklistTarget, value);
        if (problem) report({ path: [key, name], on: 'value', message: `checklist.${name} ${problem}`, severity: 'error' });
        else out[name] = value as string;
      }
      return out as ChecklistTarget;
    },
    merge: (base, over) => ({ ...(base ?? {}), ...over }),
  }),
  maxFileSizeMB: spec<number>({
    default: DEFAULT_MAX_FILE_SIZE_MB,
    description:
      'Files larger than this (in megabytes of text) are not analysed in the editor; one information diagnostic says so. The CLI checks files of any size.',
    schema: () => ({ type: 'number', minimum: MAX_FILE_SIZE_MB_RANGE[0], maximum: MAX_FILE_SIZE_MB_RANGE[1] }),
    untrusted: (v) => Math.min(v, DEFAULT_MAX_FILE_SIZE_MB),
    validate(v, report, key) {
      const [lo, hi] = MAX_FILE_SIZE_MB_RANGE;
      if (inRange(v, MAX_FILE_SIZE_MB_RANGE)) return v;
      report({ path: [key], on: 'value', message: `maxFileSizeMB must be a number from ${lo} to ${hi}, not ${typeName(v)}.`, severity: 'error' });
      return undefined;
    },
  }),
};

/**
 * What is wrong with a value of a `checklist:` field (or its `--target-*` option), worded to
 * follow its name: undefined when it is valid.
 */
export function checklistFieldProblem(field: keyof ChecklistTarget, value: unknown): string | undefined {
  const f = CHECKLIST_FIELDS[field];
  if (typeof value !== 'string') return `must be text, not ${typeName(value)}.`;
  if (f.values && !f.values.includes(value)) return `must be one of ${f.values.map((x) => `"${x}"`).join(', ')}, not "${value}".${suggest(value, f.values)}`;
  if (!f.multiline && /[\r\n]/.test(value)) return 'must be one line.';
  return undefined;
}

/** A configuration: every key optional (unset keys take their default). */
export type PodsecConfig = { [K in ConfigKey]?: SpecValue<(typeof CONFIG_SPEC)[K]> };
export type ConfigKey = keyof typeof CONFIG_SPEC;

/** Every configuration key, in documentation order. */
export const CONFIG_KEYS = Object.keys(CONFIG_SPEC) as ConfigKey[];

/** The spec of a key, for code that handles every key alike. */
export function specOf(key: ConfigKey): KeySpec<unknown> {
  return CONFIG_SPEC[key] as KeySpec<unknown>;
}

/** Defaults of every key (what an empty configuration means). */
export const CONFIG_DEFAULTS = Object.fromEntries(CONFIG_KEYS.map((k) => [k, CONFIG_SPEC[k].default])) as Required<PodsecConfig>;

/**
 * Layer configurations: each key of `over` replaces the same key of `base`, except keys whose
 * spec merges (`rules` and `ruleOptions`, rule by rule and option by option, `over` winning).
 */
export function mergeConfigs(base: PodsecConfig, over: PodsecConfig): PodsecConfig {
  const out: Record<string, unknown> = { ...base };
  for (const key of CONFIG_KEYS) {
    const v = over[key];
    if (v === undefined) continue;
    const s = specOf(key);
    out[key] = s.merge ? s.merge(base[key], v) : v;
  }
  return out as PodsecConfig;
}

/** Engine options for a configuration (and the analysed file's path, for rules that read it). */
export function toEngineOptions(config: PodsecConfig, filePath?: string): EngineOptions {
  const opts: EngineOptions = {};
  for (const key of CONFIG_KEYS) specOf(key).engine?.(config[key] ?? CONFIG_DEFAULTS[key], opts);
  if (filePath !== undefined) opts.filePath = filePath;
  return opts;
}

/**
 * In a workspace the editor does not trust, configuration supplied by the workspace may not widen
 * what podsec reads: keys whose spec says so are capped (a larger file size limit is capped at the
 * default).
 */
export function restrictForUntrusted(config: PodsecConfig): PodsecConfig {
  let out = config;
  for (const key of CONFIG_KEYS) {
    const s = specOf(key);
    const v = config[key];
    if (v === undefined || !s.untrusted) continue;
    const capped = s.untrusted(v);
    if (capped !== v) out = { ...out, [key]: capped };
  }
  return out;
}

/** Keys whose value is a file path relative to where it is set (see `KeySpec.path`). */
export const PATH_KEYS = CONFIG_KEYS.filter((k) => specOf(k).path);

/** A configuration with its path keys resolved against `resolve` (a key left empty stays empty). */
export function withAbsolutePaths(config: PodsecConfig, resolve: (p: string) => string): PodsecConfig {
  let out = config;
  for (const key of PATH_KEYS) {
    const v = config[key];
    if (typeof v === 'string' && v !== '') out = { ...out, [key]: resolve(v) };
  }
  return out;
}

/** Keys an untrusted workspace cannot set freely (the extension's `restrictedConfigurations`). */
export const UNTRUSTED_RESTRICTED_KEYS = CONFIG_KEYS.filter((k) => specOf(k).untrusted);
