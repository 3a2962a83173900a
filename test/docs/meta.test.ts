/**
 * The rule set is consistent with itself: every rule module is named after its id and
 * registered, has a documentation page, belongs to a level or to profiles, cites standards, and
 * the profiles are exactly what the metadata says.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { createRequire } from 'node:module';
import * as path from 'node:path';
import { ruleDocsRelativePath } from '../../server/src/engine/docs';
import { PROFILES, profileRuleIds, resolveRuleSet, RULES_BY_ID } from '../../server/src/engine/profiles';
import type { Rule } from '../../server/src/engine/rule';
import { ALL_RULES } from '../../server/src/engine/rules';
import { standardsForProfile } from '../../server/src/engine/standards';
import type { ProfileName, Severity, StandardRef } from '../../server/src/engine/types';
import { ENGINE_RULES } from '../../scripts/gen-docs-lib';
import { ROOT } from './root';

const RULES_SRC = path.join(ROOT, 'server', 'src', 'engine', 'rules');
const RULES_BUILD = path.resolve(__dirname, '..', '..', 'server', 'src', 'engine', 'rules');
const STIG_PROFILES: ProfileName[] = ['stig-rke2', 'stig-kubernetes'];

/** What the metadata says a rule's severity in a profile is (independent of profiles.ts). */
function expectedSeverity(rule: Rule, profile: ProfileName): Severity | undefined {
  const { pss, profiles } = rule.meta;
  if (!pss) return profiles?.[profile];
  if (pss.level === 'restricted' && profile === 'baseline') return undefined;
  return STIG_PROFILES.includes(profile) ? 'error' : rule.meta.defaultSeverity;
}

describe('rule metadata', () => {
  it('every rule module is named after its rule id and registered, and every registered rule has a module', () => {
    const files = fs
      .readdirSync(RULES_SRC)
      .filter((f) => f.endsWith('.ts') && f !== 'index.ts')
      .map((f) => f.slice(0, -3))
      .sort();
    assert.deepEqual(files, ALL_RULES.map((r) => r.meta.id).sort(), 'rule files and registered rules differ');
    const load = createRequire(__filename);
    for (const f of files) {
      const mod = load(path.join(RULES_BUILD, `${f}.js`)) as { default?: Rule };
      assert.equal(mod.default?.meta.id, f, `${f}.ts must export (default) the rule with id "${f}"`);
      assert.ok(ALL_RULES.includes(mod.default!), `${f} is exported but not the registered instance`);
    }
    assert.equal(RULES_BY_ID.size, ALL_RULES.length, 'rule ids are unique');
  });

  it('every rule has a documentation page', () => {
    const missing = ALL_RULES.map((r) => ruleDocsRelativePath(r.meta.id)).filter((p) => !fs.existsSync(path.join(ROOT, p)));
    assert.deepEqual(missing, []);
  });

  it('every rule has a title, description, rationale and remediation', () => {
    for (const r of ALL_RULES) {
      for (const k of ['title', 'description', 'rationale', 'remediation'] as const) {
        assert.ok(r.meta[k].trim().length >= (k === 'title' ? 5 : 20), `${r.meta.id}: ${k} is missing or too short`);
      }
      assert.match(r.meta.id, /^[a-z0-9]+(-[a-z0-9]+)*$/, 'rule ids are kebab-case');
    }
  });

  it('every rule belongs to a Pod Security Standards level or declares its profiles, not both', () => {
    for (const r of ALL_RULES) {
      const { pss, profiles } = r.meta;
      assert.ok(pss || (profiles && Object.keys(profiles).length), `${r.meta.id}: no level and no profiles`);
      assert.ok(!(pss && profiles), `${r.meta.id}: a PSS rule derives its profiles from its level`);
      for (const p of Object.keys(profiles ?? {})) assert.ok((PROFILES as string[]).includes(p), `${r.meta.id}: unknown profile ${p}`);
      if (pss?.overrides) assert.equal(RULES_BY_ID.get(pss.overrides)?.meta.pss?.level, 'baseline', `${r.meta.id} overrides a baseline rule`);
    }
  });

  it("every rule but the engine's own cites standards, and the references are well formed and consistent", () => {
    const seen = new Map<string, StandardRef>();
    for (const r of ALL_RULES) {
      const id = r.meta.id;
      if (ENGINE_RULES.includes(id)) {
        assert.deepEqual(r.meta.standards, [], `${id} is about podsec's input and cites nothing`);
        continue;
      }
      assert.ok(r.meta.standards.length, `${id}: no standards references`);
      assert.ok(
        r.meta.standards.some((s) => s.framework === 'disa-stig-rke2' || s.framework === 'disa-stig-kubernetes'),
        `${id}: no DISA STIG reference`,
      );
      for (const s of r.meta.standards) {
        const where = `${id}: ${s.framework} ${s.id}`;
        assert.ok(s.title && s.title.length > 5, `${where}: title`);
        switch (s.framework) {
          case 'disa-stig-rke2':
            assert.match(s.id, /^V-\d{6}$/, where);
            assert.match(s.stigId ?? '', /^CNTR-R2-\d{6}$/, where);
            break;
          case 'disa-stig-kubernetes':
            assert.match(s.id, /^V-\d{6}$/, where);
            assert.match(s.stigId ?? '', /^CNTR-K8-\d{6}$/, where);
            break;
          case 'disa-srg':
            assert.match(s.id, /^SRG-APP-\d{6}-CTR-\d{6}$/, where);
            break;
          case 'cis-kubernetes':
            assert.match(s.id, /^\d+(\.\d+)+$/, where);
            break;
          case 'nsa-cisa':
            assert.ok(s.id.length > 3, where);
            break;
          default:
            assert.fail(`${where}: unknown framework`);
        }
        const key = `${s.framework}:${s.id}`;
        const prev = seen.get(key);
        if (prev && s.framework !== 'cis-kubernetes' && s.framework !== 'nsa-cisa') {
          assert.deepEqual({ stigId: s.stigId, title: s.title }, { stigId: prev.stigId, title: prev.title }, `${where}: cited differently by two rules`);
        }
        seen.set(key, s);
      }
      assert.equal(new Set(r.meta.standards.map((s) => `${s.framework}:${s.id}`)).size, r.meta.standards.length, `${id}: duplicate reference`);
    }
  });

  it('option defaults have their declared types', () => {
    for (const r of ALL_RULES) {
      for (const [name, o] of Object.entries(r.meta.options ?? {})) {
        const d = o.default;
        const ok = o.type === 'string[]' ? Array.isArray(d) && d.every((x) => typeof x === 'string') : typeof d === o.type;
        assert.ok(ok, `${r.meta.id}.${name}: default ${JSON.stringify(d)} is not a ${o.type}`);
        assert.ok(o.description.length > 10, `${r.meta.id}.${name}: description`);
      }
    }
  });
});

describe('profiles equal what the metadata says', () => {
  for (const profile of PROFILES) {
    it(`${profile}`, () => {
      const expected = ALL_RULES.filter((r) => expectedSeverity(r, profile)).map((r) => r.meta.id);
      assert.deepEqual(profileRuleIds(profile), expected);
      const cfg = resolveRuleSet({ profile });
      const actual = Object.fromEntries([...cfg.enabled].map(([id, a]) => [id, a.severity]));
      const want = Object.fromEntries(ALL_RULES.filter((r) => expectedSeverity(r, profile)).map((r) => [r.meta.id, expectedSeverity(r, profile)]));
      assert.deepEqual(actual, want);
      // a restricted rule that overrides a baseline rule runs in its place
      const run = cfg.run.map((a) => a.rule.meta.id);
      for (const r of ALL_RULES)
        if (r.meta.pss?.overrides && run.includes(r.meta.id))
          assert.ok(!run.includes(r.meta.pss.overrides), `${profile}: ${r.meta.pss.overrides} runs beside ${r.meta.id}`);
    });
  }

  it('the STIG rules sit in the profiles issue 5 defines', () => {
    const sev = (id: string) => Object.fromEntries(PROFILES.map((p) => [p, RULES_BY_ID.get(id)!.meta.profiles?.[p] ?? 'off']));
    assert.deepEqual(sev('kubelet-protect-kernel-defaults'), { baseline: 'error', restricted: 'error', 'stig-rke2': 'error', 'stig-kubernetes': 'error' });
    assert.deepEqual(sev('system-namespace-workload'), { baseline: 'warning', restricted: 'warning', 'stig-rke2': 'error', 'stig-kubernetes': 'error' });
    assert.deepEqual(sev('default-namespace-workload'), { baseline: 'off', restricted: 'off', 'stig-rke2': 'error', 'stig-kubernetes': 'error' });
    assert.deepEqual(sev('secret-in-env'), { baseline: 'off', restricted: 'off', 'stig-rke2': 'error', 'stig-kubernetes': 'error' });
  });

  it('the STIG profiles run the same rules, and each puts its own STIG first', () => {
    assert.deepEqual(profileRuleIds('stig-rke2'), profileRuleIds('stig-kubernetes'));
    const refs = RULES_BY_ID.get('system-namespace-workload')!.meta.standards;
    assert.equal(standardsForProfile(refs, 'stig-rke2')[0].id, 'V-254570');
    assert.equal(standardsForProfile(refs, 'stig-kubernetes')[0].id, 'V-242417');
    assert.equal(standardsForProfile(refs, 'stig-kubernetes').length, refs.length, 'nothing is dropped');
  });
});
