/**
 * How Pod Security Admission reads namespace labels and its configuration's defaults. The cases
 * follow `k8s.io/pod-security-admission` `api/helpers.go` (ParseLevel, ParseVersion,
 * PolicyToEvaluate) and its table test `api/helpers_test.go` TestPolicyToEvaluate, and
 * `admission/api/v1/defaults.go` (unset levels privileged, unset versions latest).
 */
import * as assert from 'node:assert/strict';
import { parseLevel, parseVersionLabel, policyFromDefaults, policyToEvaluate, type PsaKey, type PsaPolicy } from '../../../server/src/engine/cluster/psa';
import { LATEST_MINOR } from '../../../server/src/engine/versions';

const L = LATEST_MINOR;
const priv = { level: 'privileged', version: L, versionLabel: 'latest' } as const;
const PRIVILEGED: PsaPolicy = { enforce: { ...priv }, audit: { ...priv }, warn: { ...priv } };

/** `enforce=baseline:latest`-style summary of a policy. */
function show(p: PsaPolicy): string {
  return (['enforce', 'audit', 'warn'] as const).map((m) => `${m}=${p[m].level}:${p[m].versionLabel}`).join(' ');
}

function labels(...kv: string[]): Partial<Record<PsaKey, string>> {
  const out: Partial<Record<PsaKey, string>> = {};
  for (let i = 0; i < kv.length; i += 2) out[kv[i] as PsaKey] = kv[i + 1];
  return out;
}

describe('Pod Security Admission policy semantics', () => {
  it('levels: privileged, baseline, restricted; anything else is an error read as restricted', () => {
    assert.deepEqual(parseLevel('baseline'), { level: 'baseline' });
    for (const bad of ['Restricted', 'restricted ', '', 'foo']) {
      const r = parseLevel(bad);
      assert.equal(r.level, 'restricted');
      assert.equal(r.error, 'must be one of privileged, baseline, restricted');
    }
  });

  it('versions: latest or v1.N without leading zeros; an error reads as latest; newer than known clamps', () => {
    assert.deepEqual(parseVersionLabel('latest'), { version: L, versionLabel: 'latest' });
    assert.deepEqual(parseVersionLabel('v1.0'), { version: 0, versionLabel: 'v1.0' });
    assert.deepEqual(parseVersionLabel('v1.30'), { version: 30, versionLabel: 'v1.30' });
    assert.deepEqual(parseVersionLabel('v1.99'), { version: L, versionLabel: 'v1.99' });
    for (const bad of ['1.30', 'v1.030', 'v2.0', 'v1', 'v1.', 'Latest', 'v1.3a']) {
      const r = parseVersionLabel(bad);
      assert.equal(r.version, L, bad);
      assert.equal(r.error, 'must be "latest" or "v1.x"', bad);
    }
  });

  it('configuration defaults: unset is privileged at latest; invalid values are problems', () => {
    assert.equal(show(policyFromDefaults({}).policy), show(PRIVILEGED));
    const { policy, problems } = policyFromDefaults({ enforce: 'restricted', 'enforce-version': 'v1.30', warn: 'loud' });
    assert.equal(show(policy), 'enforce=restricted:v1.30 audit=privileged:latest warn=restricted:latest');
    assert.deepEqual(problems, [{ key: 'warn', value: 'loud', message: 'must be one of privileged, baseline, restricted' }]);
  });

  // api/helpers_test.go TestPolicyToEvaluate, with privileged defaults
  const cases: [string, Partial<Record<PsaKey, string>>, string, boolean][] = [
    ['simple enforce', labels('enforce', 'baseline'), 'enforce=baseline:latest audit=privileged:latest warn=baseline:latest', false],
    ['simple warn', labels('warn', 'restricted'), 'enforce=privileged:latest audit=privileged:latest warn=restricted:latest', false],
    ['simple audit', labels('audit', 'baseline'), 'enforce=privileged:latest audit=baseline:latest warn=privileged:latest', false],
    ['enforce & warn', labels('enforce', 'baseline', 'warn', 'restricted'), 'enforce=baseline:latest audit=privileged:latest warn=restricted:latest', false],
    ['enforce version', labels('enforce', 'baseline', 'enforce-version', 'v1.22'), 'enforce=baseline:v1.22 audit=privileged:latest warn=baseline:v1.22', false],
    [
      'enforce version & warn-version',
      labels('enforce', 'baseline', 'enforce-version', 'v1.22', 'warn-version', 'latest'),
      'enforce=baseline:v1.22 audit=privileged:latest warn=baseline:latest',
      false,
    ],
    [
      'enforce & warn-version',
      labels('enforce', 'baseline', 'warn-version', 'v1.23'),
      'enforce=baseline:latest audit=privileged:latest warn=baseline:v1.23',
      false,
    ],
    [
      'fully specified',
      labels('enforce', 'baseline', 'enforce-version', 'v1.20', 'warn', 'restricted', 'warn-version', 'v1.21', 'audit', 'restricted', 'audit-version', 'v1.22'),
      'enforce=baseline:v1.20 audit=restricted:v1.22 warn=restricted:v1.21',
      false,
    ],
    [
      'enforce, warn explicitly privileged',
      labels('enforce', 'baseline', 'warn', 'privileged'),
      'enforce=baseline:latest audit=privileged:latest warn=privileged:latest',
      false,
    ],
    [
      'invalid warn level fails open',
      labels('enforce', 'baseline', 'warn', 'foo'),
      'enforce=baseline:latest audit=privileged:latest warn=privileged:latest',
      true,
    ],
    [
      'invalid enforce level fails closed, warn not raised',
      labels('enforce', 'foo'),
      'enforce=restricted:latest audit=privileged:latest warn=privileged:latest',
      true,
    ],
    ['invalid audit level fails open', labels('audit', 'bar'), 'enforce=privileged:latest audit=privileged:latest warn=privileged:latest', true],
    [
      'invalid version reads as latest',
      labels('enforce', 'restricted', 'enforce-version', '1.30'),
      'enforce=restricted:latest audit=privileged:latest warn=restricted:latest',
      true,
    ],
    ['no labels: the defaults', labels(), 'enforce=privileged:latest audit=privileged:latest warn=privileged:latest', false],
  ];
  for (const [desc, l, expect, err] of cases) {
    it(`labels over privileged defaults: ${desc}`, () => {
      const r = policyToEvaluate(l, PRIVILEGED);
      assert.equal(show(r.policy), expect);
      assert.equal(r.problems.length > 0, err);
    });
  }

  it('labels over configured defaults: a labelled enforce below the default warn does not lower warn', () => {
    const defaults = policyFromDefaults({ enforce: 'baseline', warn: 'restricted', audit: 'restricted' }).policy;
    assert.equal(
      show(policyToEvaluate(labels('enforce', 'privileged'), defaults).policy),
      'enforce=privileged:latest audit=restricted:latest warn=restricted:latest',
    );
    assert.equal(
      show(policyToEvaluate(labels('enforce', 'restricted', 'enforce-version', 'v1.30'), defaults).policy),
      'enforce=restricted:v1.30 audit=restricted:latest warn=restricted:latest',
    );
  });

  it('origin: where each mode comes from', () => {
    const r = policyToEvaluate(labels('enforce', 'restricted', 'audit-version', 'v1.25'), PRIVILEGED);
    assert.deepEqual(r.origin.enforce, { level: 'label', version: 'default' });
    assert.deepEqual(r.origin.warn, { level: 'enforce-label', version: 'default' });
    assert.deepEqual(r.origin.audit, { level: 'default', version: 'label' });
  });
});
