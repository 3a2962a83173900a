/**
 * The JSON Schema of `.podsec.yaml` and the editor settings (`contributes.configuration` in the
 * extension manifest), both derived from the configuration keys (engine/config.ts), the editor
 * settings (settings.ts) and rule metadata, so the three cannot disagree.
 * `node schemas/generate.mjs` writes them; test/lsp/schema.test.ts checks the committed copies.
 */
import {
  CONFIG_DEFAULTS,
  CONFIG_DESCRIPTIONS,
  CONFIG_KEYS,
  ConfigKey,
  MAX_FILE_SIZE_MB_RANGE,
  PSS_VERSIONS,
  SEVERITY_SETTINGS,
} from '../engine/config';
import { PROFILES } from '../engine/profiles';
import { ALL_RULES } from '../engine/rules';
import type { ProfileName, RuleOptionSpec } from '../engine/types';
import { DELAY_RANGE, EDITOR_DEFAULTS, EDITOR_DESCRIPTIONS, EDITOR_ONLY_KEYS, MAX_PROBLEMS_RANGE } from './settings';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

const PROFILE_DESCRIPTIONS: Record<ProfileName, string> = {
  baseline: 'Pod Security Standards baseline: blocks known privilege escalations.',
  restricted: 'Pod Security Standards restricted: baseline plus current pod hardening practice.',
  'stig-rke2': 'DISA STIG for Rancher Government Solutions RKE2: restricted, every Pod Security finding an error, plus the RKE2 STIG rules.',
  'stig-kubernetes': 'DISA STIG for Kubernetes: restricted, every Pod Security finding an error, plus the Kubernetes STIG rules.',
};

const SEVERITY_DESCRIPTIONS = ['Do not run the rule.', 'Report as information.', 'Report as a warning.', 'Report as an error.'];

function optionSchema(spec: RuleOptionSpec): JsonObject {
  const base: JsonObject = spec.type === 'string[]' ? { type: 'array', items: { type: 'string' } } : { type: spec.type };
  return { ...base, description: spec.description, default: spec.default as Json };
}

function ruleIds(): string[] {
  return ALL_RULES.map((r) => r.meta.id);
}

/** The schema of one configuration key. */
function keySchema(key: ConfigKey): JsonObject {
  const description = CONFIG_DESCRIPTIONS[key];
  switch (key) {
    case 'profile':
      return { type: 'string', enum: PROFILES, enumDescriptions: PROFILES.map((p) => PROFILE_DESCRIPTIONS[p]), default: CONFIG_DEFAULTS.profile, description };
    case 'pssVersion':
      return { type: 'string', enum: PSS_VERSIONS, default: CONFIG_DEFAULTS.pssVersion, description };
    case 'rules': {
      const properties: JsonObject = {};
      for (const r of ALL_RULES) properties[r.meta.id] = { type: 'string', enum: SEVERITY_SETTINGS, enumDescriptions: SEVERITY_DESCRIPTIONS, description: r.meta.title };
      return { type: 'object', properties, additionalProperties: false, default: {}, description };
    }
    case 'exclude':
      return { type: 'array', items: { type: 'string' }, default: [], description };
    case 'ruleOptions': {
      const properties: JsonObject = {};
      for (const r of ALL_RULES) {
        if (!r.meta.options) continue;
        const opts: JsonObject = {};
        for (const [name, spec] of Object.entries(r.meta.options)) opts[name] = optionSchema(spec);
        properties[r.meta.id] = { type: 'object', properties: opts, additionalProperties: false, description: r.meta.title };
      }
      return { type: 'object', properties, additionalProperties: false, default: {}, description };
    }
    case 'requireSuppressionReason':
      return { type: 'boolean', default: CONFIG_DEFAULTS.requireSuppressionReason, description };
    case 'unsuppressible':
      return { type: 'array', items: { type: 'string', enum: ruleIds() }, uniqueItems: true, default: [], description };
    case 'maxFileSizeMB':
      return { type: 'number', minimum: MAX_FILE_SIZE_MB_RANGE[0], maximum: MAX_FILE_SIZE_MB_RANGE[1], default: CONFIG_DEFAULTS.maxFileSizeMB, description };
  }
}

/** JSON Schema (draft-07) of `.podsec.yaml`. */
export function configJsonSchema(): JsonObject {
  const properties: JsonObject = {};
  for (const key of CONFIG_KEYS) properties[key] = keySchema(key);
  return {
    $schema: 'http://json-schema.org/draft-07/schema#',
    title: 'podsec configuration (.podsec.yaml)',
    description: 'Configuration of podsec, the Kubernetes Pod Security Standards and STIG linter. Its keys win over the editor settings of the same names; the CLI reads the nearest .podsec.yaml above each file.',
    type: ['object', 'null'],
    properties,
    additionalProperties: false,
  };
}

/** `contributes.configuration` of the extension manifest. */
export function vscodeConfiguration(): JsonObject {
  const properties: JsonObject = {};
  let order = 0;
  for (const key of CONFIG_KEYS) {
    const { description, enumDescriptions, ...rest } = keySchema(key);
    const setting: JsonObject = { ...rest, scope: 'resource', order: order++, markdownDescription: `${description} Set in \`.podsec.yaml\`, the same key wins over this setting.` };
    if (enumDescriptions) setting.markdownEnumDescriptions = enumDescriptions;
    properties[`podsec.${key}`] = setting;
  }
  for (const key of EDITOR_ONLY_KEYS) {
    const description = EDITOR_DESCRIPTIONS[key];
    const schema: JsonObject =
      key === 'run'
        ? { type: 'string', enum: ['onType', 'onSave'], markdownEnumDescriptions: ['Analyse while typing.', 'Analyse when the file is saved.'], default: EDITOR_DEFAULTS.run }
        : key === 'delayMs'
          ? { type: 'number', minimum: DELAY_RANGE[0], maximum: DELAY_RANGE[1], default: EDITOR_DEFAULTS.delayMs }
          : { type: 'integer', minimum: MAX_PROBLEMS_RANGE[0], maximum: MAX_PROBLEMS_RANGE[1], default: EDITOR_DEFAULTS.maxProblems };
    properties[`podsec.${key}`] = { ...schema, scope: 'resource', order: order++, markdownDescription: description };
  }
  properties['podsec.trace.server'] = {
    type: 'string',
    enum: ['off', 'messages', 'verbose'],
    default: 'off',
    scope: 'window',
    order,
    markdownDescription: 'Log the messages between VS Code and the podsec language server to the PodSec output channel.',
  };
  return { title: 'PodSec', properties };
}
