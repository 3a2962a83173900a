/** `podsec rules`: the rule table as users read it, in text and JSON. */
import * as assert from 'node:assert/strict';
import { main } from '../../server/src/cli';
import { runRules } from '../../server/src/cli/rules-command';
import { profileRuleIds } from '../../server/src/engine/profiles';
import { ALL_RULES } from '../../server/src/engine/rules';

function run(...argv: string[]): { code: number; out: string; err: string } {
  let out = '';
  let err = '';
  const code = runRules(argv, { out: (s) => (out += s), err: (s) => (err += s) });
  return { code, out, err };
}

describe('podsec rules', () => {
  it('prints one row per rule with its level, severity in every profile, fix and STIG V-IDs', () => {
    const { code, out, err } = run();
    assert.equal(code, 0);
    assert.equal(err, '');
    const lines = out.split('\n');
    assert.match(lines[0], /^RULE\s+PSS\s+BASELINE\s+RESTRICTED\s+STIG-RKE2\s+STIG-KUBERNETES\s+FIX\s+STIG$/);
    for (const r of ALL_RULES)
      assert.ok(
        lines.some((l) => l.startsWith(`${r.meta.id} `)),
        `${r.meta.id} is listed`,
      );
    const row = (id: string) => lines.find((l) => l.startsWith(`${id} `))!.split(/\s{2,}/);
    assert.deepEqual(row('system-namespace-workload'), [
      'system-namespace-workload',
      '-',
      'warning',
      'warning',
      'error',
      'error',
      'yes',
      'V-254570, V-242417, V-242383',
    ]);
    assert.deepEqual(row('secret-in-env'), ['secret-in-env', '-', 'off', 'off', 'error', 'error', '-', 'V-242415, V-254567']);
    assert.deepEqual(row('run-as-user'), ['run-as-user', 'restricted, v1.23+', 'off', 'warning', 'error', 'error', 'yes', 'V-254571, V-254800']);
    assert.match(out, new RegExp(`\\n${ALL_RULES.length} rules\\. `));
  });

  it('with a profile, lists only its rules, with that STIG first', () => {
    const { out } = run('--profile', 'stig-kubernetes');
    const ids = out
      .split('\n')
      .slice(1)
      .filter((l) => /^[a-z]/.test(l) && !/ rules in profile /.test(l))
      .map((l) => l.split(/\s+/)[0]);
    assert.deepEqual(ids, profileRuleIds('stig-kubernetes'));
    assert.match(out, /^kubelet-protect-kernel-defaults\s+error\s+-\s+yes\s+V-242434, V-254569$/m);
    const rke2 = run('--profile=stig-rke2').out;
    assert.match(rke2, /^kubelet-protect-kernel-defaults\s+error\s+-\s+yes\s+V-254569, V-242434$/m);
    const baseline = run('--profile', 'baseline').out;
    assert.doesNotMatch(baseline, /^secret-in-env /m);
    assert.match(baseline, /^system-namespace-workload\s+warning\s/m);
  });

  it('prints JSON with every reference, options and the docs address', () => {
    const data = JSON.parse(run('--format', 'json').out) as {
      rules: {
        id: string;
        profiles: Record<string, string | null>;
        standards: { framework: string; id: string; stigId?: string }[];
        options: { name: string; default: unknown }[];
        docs: string;
        pss: unknown;
      }[];
    };
    assert.deepEqual(
      data.rules.map((r) => r.id),
      ALL_RULES.map((r) => r.meta.id),
    );
    const sys = data.rules.find((r) => r.id === 'system-namespace-workload')!;
    assert.deepEqual(sys.profiles, { baseline: 'warning', restricted: 'warning', 'stig-rke2': 'error', 'stig-kubernetes': 'error' });
    assert.deepEqual([sys.standards[0].framework, sys.standards[0].id, sys.standards[0].stigId], ['disa-stig-rke2', 'V-254570', 'CNTR-R2-000970']);
    assert.equal(sys.standards.length, 7, 'every reference, SRG, CIS and NSA/CISA included');
    assert.deepEqual(
      sys.options.map((o) => [o.name, o.default]),
      [['allow', []]],
    );
    assert.match(sys.docs, /docs\/rules\/system-namespace-workload\.md$/);
    assert.equal(sys.pss, null);
    const k8s = JSON.parse(run('--format', 'json', '--profile', 'stig-kubernetes').out) as {
      profile: string;
      rules: { id: string; severity: string; standards: { id: string }[] }[];
    };
    assert.equal(k8s.profile, 'stig-kubernetes');
    assert.equal(k8s.rules.find((r) => r.id === 'secret-in-env')!.standards[0].id, 'V-242415');
  });

  it('is a command of the podsec binary', async () => {
    let out = '';
    let err = '';
    const code = await main(['rules', '--profile', 'stig-rke2'], { out: (s) => (out += s), err: (s) => (err += s), isTTY: false, env: {} });
    assert.equal(code, 0);
    assert.equal(err, '');
    assert.equal(out, run('--profile', 'stig-rke2').out);
    const bad = { out: '', err: '' };
    assert.equal(await main(['rules', '--nope'], { out: (s) => (bad.out += s), err: (s) => (bad.err += s), isTTY: false, env: {} }), 2);
    assert.match(bad.err, /unknown argument --nope/);
  });

  it('rejects unknown arguments, profiles and formats with exit code 2', () => {
    for (const args of [['--profile', 'cis'], ['--format', 'xml'], ['--profile'], ['extra']]) {
      const r = run(...args);
      assert.equal(r.code, 2, args.join(' '));
      assert.equal(r.out, '');
      assert.match(r.err, /^podsec: /);
    }
  });
});
