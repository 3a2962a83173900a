/**
 * `PodSec: Create .podsec.yaml` writes the file with renderConfig: every key of the schema with
 * its description as a comment, and the values in effect. What it writes must read back as
 * exactly those values, whatever the strings contain.
 */
import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { parse } from 'yaml';
import { renderConfig, scalar, wrap, type ConfigSchema } from '../../client/src/configTemplate';

const schema: ConfigSchema = {
  properties: {
    profile: { description: 'Which rules run.', enum: ['baseline', 'restricted', 'stig-rke2', 'stig-kubernetes'], default: 'restricted' },
    pssVersion: {
      description: 'Pod Security Standards policy version.',
      enum: ['latest', ...Array.from({ length: 38 }, (_, i) => `v1.${37 - i}`)],
      default: 'latest',
    },
    rules: { description: 'Severity per rule id.', default: {} },
    exclude: { markdownDescription: 'Glob patterns of files podsec does not analyse (`*`, `**`).', default: [] },
    ruleOptions: { description: 'Options per rule id.', default: {} },
    requireSuppressionReason: { description: 'Every suppression must give a reason.', default: false },
    maxFileSizeMB: { description: 'Files larger than this are not analysed in the editor.', default: 10 },
  },
};

describe('.podsec.yaml template', () => {
  it('writes every schema key, commented, with the current values, and reads back as them', () => {
    const values = {
      profile: 'stig-rke2',
      pssVersion: 'v1.30',
      rules: { privileged: 'warning', 'host-ports': 'off' },
      exclude: ['charts/**', '*.tmpl.yaml', 'vendor'],
      ruleOptions: { 'system-namespace-workload': { allow: ['kube-proxy-*', 'app=cilium'] } },
    };
    const text = renderConfig(schema, values, ['PodSec configuration.']);
    assert.deepEqual(parse(text), { ...values, requireSuppressionReason: false, maxFileSizeMB: 10 });
    assert.match(text, /^# PodSec configuration\.\n/);
    assert.match(text, /\n# Which rules run\.\n# One of: baseline, restricted, stig-rke2, stig-kubernetes\.\nprofile: stig-rke2\n/);
    // a long enum (every policy version) is described, not listed
    assert.match(text, /\n# Pod Security Standards policy version\.\npssVersion: v1\.30\n/);
    // Markdown in descriptions is written as plain text
    assert.match(text, /# Glob patterns of files podsec does not analyse \(\*, \*\*\)\.\n/);
    assert.match(text, /\nexclude:\n {2}- charts\/\*\*\n {2}- "\*\.tmpl\.yaml"\n {2}- vendor\n/);
    assert.match(text, /\nrules:\n {2}privileged: warning\n {2}host-ports: "off"\n/);
  });

  it('writes empty lists and maps in flow style and omits keys without a value or default', () => {
    const text = renderConfig({ properties: { exclude: { default: [] }, rules: { default: {} }, unknown: {} } }, {}, []);
    assert.equal(text, '\nexclude: []\n\nrules: {}\n');
  });

  it('quotes strings YAML would read as something else', () => {
    for (const s of [
      'yes',
      'No',
      'on',
      'OFF',
      'true',
      'null',
      '~',
      '1.30',
      '010',
      '0x1F',
      '.inf',
      '*.yaml',
      '&a',
      '!tag',
      'a: b',
      'a #b',
      '#x',
      ' lead',
      'trail ',
      '',
      '- item',
      '[x]',
      '{x}',
      '"q"',
      "'q'",
      '@x',
      '`x`',
      '%x',
      '|',
      '>',
      'line\nbreak',
      'tab\there',
    ]) {
      const y = scalar(s);
      assert.equal(parse(`v: ${y}`).v, s, `${JSON.stringify(s)} written as ${y}`);
      assert.equal(parse(`v: ${y}`, { version: '1.1' }).v, s, `${JSON.stringify(s)} written as ${y} (YAML 1.1)`);
    }
    assert.equal(scalar('restricted'), 'restricted');
    assert.equal(scalar('v1.37'), 'v1.37');
    assert.equal(scalar('charts/**'), 'charts/**');
    assert.equal(scalar('app=cilium'), 'app=cilium');
  });

  it('any string reads back unchanged, in YAML 1.2 and 1.1', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 40 }), (s) => {
        const y = scalar(s);
        return parse(`v: ${y}`).v === s && parse(`v: ${y}`, { version: '1.1' }).v === s;
      }),
      { numRuns: 2000 },
    );
  });

  it('wraps descriptions at 98 characters without breaking words', () => {
    const lines = wrap(`${'word '.repeat(60)}${'x'.repeat(120)}`);
    assert.ok(lines.every((l) => l.length <= 98 || !l.includes(' ')));
    assert.equal(lines.join(' '), `${'word '.repeat(60)}${'x'.repeat(120)}`);
  });
});
