/**
 * The JSON Schema of .podsec.yaml, the configuration keys the engine reads and the editor settings
 * in package.json agree: same keys, types, allowed values and defaults. The committed files are
 * what `node schemas/generate.mjs` writes.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { stringify } from 'yaml';
import { EDITOR_DEFAULTS, EDITOR_ONLY_KEYS } from '../../server/src/config/editor-keys';
import { CONFIG_DEFAULTS, CONFIG_KEYS } from '../../server/src/config/keys';
import { parseConfig } from '../../server/src/config/parse';
import { configJsonSchema, vscodeConfiguration } from '../../server/src/config/schema';
import { PROFILES } from '../../server/src/engine/profiles';
import { ALL_RULES } from '../../server/src/engine/rules';
import { readSettings } from '../../server/src/lsp/settings';
import { ROOT } from './harness';

type Obj = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const schema: Obj = JSON.parse(fs.readFileSync(path.join(ROOT, 'schemas', 'podsec-config.schema.json'), 'utf8'));
const pkg: Obj = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
const settings: Obj = pkg.contributes.configuration.properties;

describe('configuration schema, keys and settings agree', () => {
  it('the committed schema and settings are the generated ones (node schemas/generate.mjs)', () => {
    assert.deepEqual(schema, configJsonSchema());
    assert.deepEqual(pkg.contributes.configuration, vscodeConfiguration());
  });

  it('the schema has exactly the configuration keys, with the engine defaults', () => {
    assert.deepEqual(Object.keys(schema.properties), CONFIG_KEYS);
    assert.equal(schema.additionalProperties, false);
    for (const key of CONFIG_KEYS) assert.deepEqual(schema.properties[key].default, CONFIG_DEFAULTS[key], key);
    assert.deepEqual(schema.properties.profile.enum, PROFILES);
    assert.deepEqual(
      Object.keys(schema.properties.rules.properties),
      ALL_RULES.map((r) => r.meta.id),
    );
    assert.deepEqual(
      schema.properties.unsuppressible.items.enum,
      ALL_RULES.map((r) => r.meta.id),
    );
  });

  it('every configuration key is a resource-scoped setting of the same shape, plus the editor-only settings', () => {
    assert.deepEqual(Object.keys(settings), [...CONFIG_KEYS.map((k) => `podsec.${k}`), ...EDITOR_ONLY_KEYS.map((k) => `podsec.${k}`), 'podsec.trace.server']);
    for (const key of CONFIG_KEYS) {
      const s = settings[`podsec.${key}`];
      const { description: _d, enumDescriptions: _e, ...shape } = schema.properties[key];
      const { markdownDescription: _m, markdownEnumDescriptions: _me, scope, order: _o, ...settingShape } = s;
      assert.deepEqual(settingShape, shape, key);
      assert.equal(scope, 'resource', key);
    }
    for (const key of EDITOR_ONLY_KEYS) {
      assert.equal(settings[`podsec.${key}`].scope, 'resource');
      assert.deepEqual(settings[`podsec.${key}`].default, EDITOR_DEFAULTS[key]);
    }
  });

  it('the server reads the default settings without a problem, as the defaults', () => {
    const defaults: Obj = {};
    for (const [k, v] of Object.entries(settings)) {
      const parts = k.split('.').slice(1);
      let o = defaults;
      for (const p of parts.slice(0, -1)) o = o[p] ??= {};
      o[parts[parts.length - 1]] = v.default;
    }
    const read = readSettings(defaults);
    assert.deepEqual(read.problems, []);
    assert.deepEqual(read.editor, EDITOR_DEFAULTS);
    assert.deepEqual(read.config, CONFIG_DEFAULTS);
  });

  it('a .podsec.yaml of every schema default parses without a problem', () => {
    const text = stringify(Object.fromEntries(CONFIG_KEYS.map((k) => [k, schema.properties[k].default])));
    assert.deepEqual(parseConfig(text), { config: CONFIG_DEFAULTS, problems: [] });
  });

  it('an untrusted workspace cannot set the size limit (manifest and server agree)', () => {
    assert.deepEqual(pkg.capabilities.untrustedWorkspaces.restrictedConfigurations, ['podsec.maxFileSizeMB']);
  });
});
