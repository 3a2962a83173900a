/** Profiles and the rules that run, derived from rule metadata alone. */
import * as assert from 'node:assert/strict';
import { analyzeText } from '../../../server/src/engine/pipeline';
import { PROFILES, profileRuleIds, resolveRuleSet, RULES_BY_ID, severityInProfile } from '../../../server/src/engine/profiles';
import { ALL_RULES } from '../../../server/src/engine/rules';
import { LATEST_MINOR, parseVersion, VersionError } from '../../../server/src/engine/versions';

const BASELINE = [
  'host-process',
  'host-namespaces',
  'privileged',
  'capabilities-baseline',
  'host-path-volumes',
  'host-ports',
  'host-probes',
  'apparmor',
  'selinux',
  'proc-mount',
  'seccomp-baseline',
  'sysctls',
];
const RESTRICTED = [
  'restricted-volumes',
  'allow-privilege-escalation',
  'run-as-non-root',
  'run-as-user',
  'seccomp-restricted',
  'capabilities-restricted',
  'proc-mount-restricted',
];
const isPss = (id: string) => !!RULES_BY_ID.get(id)?.meta.pss;
const sorted = (ids: Iterable<string>) => [...ids].sort();

describe('profiles', () => {
  it('baseline holds the baseline PSS rules; restricted adds the restricted ones', () => {
    assert.deepEqual(sorted(profileRuleIds('baseline').filter(isPss)), sorted(BASELINE));
    assert.deepEqual(sorted(profileRuleIds('restricted').filter(isPss)), sorted([...BASELINE, ...RESTRICTED]));
    assert.deepEqual(sorted(profileRuleIds('stig-rke2').filter(isPss)), sorted([...BASELINE, ...RESTRICTED]));
  });

  it('rules outside the standards belong where their metadata says, at its severity', () => {
    for (const rule of ALL_RULES.filter((r) => !r.meta.pss)) {
      for (const p of PROFILES) assert.equal(severityInProfile(rule, p), rule.meta.profiles?.[p], `${rule.meta.id} in ${p}`);
    }
  });

  it('severities: baseline errors, restricted-only warnings; everything at error in the STIG profiles', () => {
    for (const id of BASELINE) assert.equal(severityInProfile(RULES_BY_ID.get(id)!, 'restricted'), 'error', id);
    for (const id of RESTRICTED) assert.equal(severityInProfile(RULES_BY_ID.get(id)!, 'restricted'), 'warning', id);
    for (const id of RESTRICTED) assert.equal(severityInProfile(RULES_BY_ID.get(id)!, 'baseline'), undefined, id);
    for (const id of [...BASELINE, ...RESTRICTED]) assert.equal(severityInProfile(RULES_BY_ID.get(id)!, 'stig-kubernetes'), 'error', id);
  });

  it('every override names a baseline rule; check ids are unique', () => {
    const pss = ALL_RULES.filter((r) => r.meta.pss);
    assert.equal(new Set(pss.map((r) => r.meta.pss!.check)).size, pss.length);
    const overrides = pss.filter((r) => r.meta.pss!.overrides).map((r) => [r.meta.id, r.meta.pss!.overrides]);
    assert.deepEqual(overrides, [
      ['restricted-volumes', 'host-path-volumes'],
      ['seccomp-restricted', 'seccomp-baseline'],
      ['capabilities-restricted', 'capabilities-baseline'],
      ['proc-mount-restricted', 'proc-mount'],
    ]);
    for (const [, target] of overrides) assert.equal(RULES_BY_ID.get(target!)!.meta.pss!.level, 'baseline');
  });

  describe('the PSS rules that run in the restricted profile at each policy version', () => {
    const runs = (version: string) =>
      resolveRuleSet({ profile: 'restricted', version })
        .run.map((a) => a.rule.meta.id)
        .filter(isPss);
    const without = (ids: string[], ...drop: string[]) => ids.filter((id) => !drop.includes(id));
    const cases: [string, string[]][] = [
      [
        'v1.0',
        without(
          [...BASELINE, ...RESTRICTED],
          'host-path-volumes',
          'host-probes',
          'allow-privilege-escalation',
          'seccomp-restricted',
          'capabilities-restricted',
          'run-as-user',
          'proc-mount-restricted',
        ),
      ],
      [
        'v1.8',
        without(
          [...BASELINE, ...RESTRICTED],
          'host-path-volumes',
          'host-probes',
          'seccomp-restricted',
          'capabilities-restricted',
          'run-as-user',
          'proc-mount-restricted',
        ),
      ],
      [
        'v1.19',
        without(
          [...BASELINE, ...RESTRICTED],
          'host-path-volumes',
          'seccomp-baseline',
          'host-probes',
          'capabilities-restricted',
          'run-as-user',
          'proc-mount-restricted',
        ),
      ],
      [
        'v1.22',
        without(
          [...BASELINE, ...RESTRICTED],
          'host-path-volumes',
          'seccomp-baseline',
          'capabilities-baseline',
          'host-probes',
          'run-as-user',
          'proc-mount-restricted',
        ),
      ],
      [
        'v1.23',
        without([...BASELINE, ...RESTRICTED], 'host-path-volumes', 'seccomp-baseline', 'capabilities-baseline', 'host-probes', 'proc-mount-restricted'),
      ],
      ['v1.34', without([...BASELINE, ...RESTRICTED], 'host-path-volumes', 'seccomp-baseline', 'capabilities-baseline', 'proc-mount-restricted')],
      ['v1.35', without([...BASELINE, ...RESTRICTED], 'host-path-volumes', 'seccomp-baseline', 'capabilities-baseline', 'proc-mount')],
      ['latest', without([...BASELINE, ...RESTRICTED], 'host-path-volumes', 'seccomp-baseline', 'capabilities-baseline', 'proc-mount')],
    ];
    for (const [version, expected] of cases) {
      it(version, () => assert.deepEqual(sorted(runs(version)), sorted(expected)));
    }

    it('a replaced baseline rule stays enabled (its severity still counts)', () => {
      const cfg = resolveRuleSet({ profile: 'restricted' });
      for (const id of ['host-path-volumes', 'seccomp-baseline', 'capabilities-baseline', 'proc-mount']) assert.ok(cfg.enabled.has(id), id);
    });
  });

  describe('a violation that also breaks baseline is at least as severe as the baseline rule', () => {
    const text =
      'apiVersion: v1\nkind: Pod\nmetadata: {name: web}\nspec:\n  containers: [{name: app, image: nginx}]\n  volumes: [{name: h, hostPath: {path: /}}, {name: n, nfs: {server: s, path: /}}]\n';
    const severities = (rules: Record<string, 'error' | 'warning' | 'info' | 'off'> = {}) =>
      analyzeText(text, resolveRuleSet({ rules }))
        .findings.filter((f) => f.ruleId === 'restricted-volumes')
        .map((f) => f.severity);

    it('by default: hostPath error, nfs warning', () => assert.deepEqual(severities(), ['error', 'warning']));
    it('the restricted rule set to info: hostPath still error', () => assert.deepEqual(severities({ 'restricted-volumes': 'info' }), ['error', 'info']));
    it('the baseline rule lowered to warning: hostPath warning', () =>
      assert.deepEqual(severities({ 'host-path-volumes': 'warning' }), ['warning', 'warning']));
    it('the baseline rule off: the restricted severity alone', () => assert.deepEqual(severities({ 'host-path-volumes': 'off' }), ['warning', 'warning']));
  });

  describe('configuration', () => {
    it('rules can be turned off or given another severity; a rule outside the profile can be turned on', () => {
      const cfg = resolveRuleSet({ profile: 'baseline', rules: { privileged: 'off', 'host-ports': 'warning', 'run-as-non-root': 'info' } });
      assert.equal(cfg.enabled.has('privileged'), false);
      assert.equal(cfg.enabled.get('host-ports')!.severity, 'warning');
      assert.equal(cfg.enabled.get('run-as-non-root')!.severity, 'info');
    });

    it('a rule is not enabled before the policy version that introduced it, even when asked for', () => {
      assert.equal(resolveRuleSet({ version: 'v1.33', rules: { 'host-probes': 'error' } }).enabled.has('host-probes'), false);
    });

    it('defaults: restricted at the newest policy version', () => {
      const cfg = resolveRuleSet();
      assert.equal(cfg.profile, 'restricted');
      assert.equal(cfg.version, LATEST_MINOR);
      assert.equal(LATEST_MINOR, 37);
    });

    it('unknown profiles and versions are clear errors', () => {
      assert.throws(() => resolveRuleSet({ profile: 'strict' as never }), /unknown profile "strict": use baseline, restricted, stig-rke2, stig-kubernetes/);
      assert.throws(() => parseVersion('v2.1'), VersionError);
      assert.throws(() => parseVersion('latest-1'), /invalid Pod Security Standards version "latest-1": use "latest" or v1.N \(v1.0 to v1.37\)/);
      assert.throws(() => parseVersion(-1), VersionError);
      assert.throws(() => parseVersion(1.5), VersionError);
    });

    it('versions: latest, v1.N, 1.N, numbers; newer than known evaluates as the newest', () => {
      assert.equal(parseVersion('latest'), 37);
      assert.equal(parseVersion(undefined), 37);
      assert.equal(parseVersion('v1.25'), 25);
      assert.equal(parseVersion(' 1.8 '), 8);
      assert.equal(parseVersion('v1.99'), 37);
      assert.equal(parseVersion(19), 19);
    });
  });
});
