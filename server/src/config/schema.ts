/**
 * The JSON Schema of `.podsec.yaml` and the editor settings (`contributes.configuration` in the
 * extension manifest), both derived from the key specs (keys.ts, editor-keys.ts) and rule
 * metadata, so they cannot disagree with what podsec reads.
 * `node schemas/generate.mjs` writes them; test/lsp/schema.test.ts checks the committed copies.
 */
import { EDITOR_ONLY_KEYS, EDITOR_SPEC } from './editor-keys';
import { CONFIG_KEYS, specOf, UNTRUSTED_RESTRICTED_KEYS, type ConfigKey } from './keys';
import type { Json, JsonObject } from './values';

/** The schema of one configuration key. */
function keySchema(key: ConfigKey): JsonObject {
  const s = specOf(key);
  return { ...s.schema(), default: s.default as Json, description: s.description };
}

/** JSON Schema (draft-07) of `.podsec.yaml`. */
export function configJsonSchema(): JsonObject {
  const properties: JsonObject = {};
  for (const key of CONFIG_KEYS) properties[key] = keySchema(key);
  return {
    $schema: 'http://json-schema.org/draft-07/schema#',
    title: 'podsec configuration (.podsec.yaml)',
    description:
      'Configuration of podsec, the Kubernetes Pod Security Standards and STIG linter. Its keys win over the editor settings of the same names; the CLI reads the nearest .podsec.yaml above each file.',
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
    const setting: JsonObject = {
      ...rest,
      scope: 'resource',
      order: order++,
      markdownDescription: `${description} Set in \`.podsec.yaml\`, the same key wins over this setting.`,
    };
    if (enumDescriptions) setting.markdownEnumDescriptions = enumDescriptions;
    properties[`podsec.${key}`] = setting;
  }
  for (const key of EDITOR_ONLY_KEYS) {
    const s = EDITOR_SPEC[key];
    properties[`podsec.${key}`] = { ...s.schema(), default: s.default, scope: 'resource', order: order++, markdownDescription: s.description };
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

/** `capabilities.untrustedWorkspaces.restrictedConfigurations` of the extension manifest. */
export function restrictedConfigurations(): string[] {
  return UNTRUSTED_RESTRICTED_KEYS.map((k) => `podsec.${k}`);
}
