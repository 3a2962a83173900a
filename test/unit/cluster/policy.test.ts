/**
 * Pod Security findings judged by the policy the cluster applies, at the engine: which rules run
 * at which severity for a pod, from the namespace labels and cluster configuration among the files
 * analysed together. The semantics follow Pod Security Admission (`k8s.io/pod-security-admission`):
 * - `api/helpers.go` PolicyToEvaluate: labels override the defaults mode by mode; an invalid enforce
 *   level reads as restricted, an invalid audit or warn level as privileged (fail open), an invalid
 *   version as latest; warn takes a stricter labelled enforce level when warn is not labelled;
 * - `admission/admission.go` ValidatePod / ValidatePodController / EvaluatePod: exempt namespaces
 *   and runtime classes are not evaluated at all; enforce, audit and warn each evaluate their own
 *   level and version (one evaluation reused when two modes share a level:version);
 * - `policy/registry.go` (checks by level and version, a restricted check overriding the baseline
 *   check it replaces).
 * Where the cluster says nothing, the profile setting stands in for the cluster's defaults (see
 * DEVELOPERS.md "How Pod Security rules are evaluated").
 */
import * as assert from 'node:assert/strict';
import { ClusterContext } from '../../../server/src/engine/cluster/context';
import { extractFacts } from '../../../server/src/engine/cluster/facts';
import { analyzeText, type TextAnalysis } from '../../../server/src/engine/pipeline';
import { resolveRuleSet, type EngineOptions } from '../../../server/src/engine/profiles';
import type { Finding } from '../../../server/src/engine/types';

/** Analyse `files[target]` with every file's facts, as `podsec check` does with a folder. */
function check(files: Record<string, string>, target: string, opts: EngineOptions = {}): TextAnalysis {
  const ctx = new ClusterContext(Object.entries(files).map(([p, t]) => extractFacts(p, t)));
  return analyzeText(files[target], resolveRuleSet({ ...opts, filePath: target }), ctx);
}

/** `rule severity mode level:version source` of each PSS finding, in order. */
function judged(a: TextAnalysis): string[] {
  return a.findings.filter((f) => f.pss).map(show);
}

function show(f: Finding): string {
  const p = f.policy!;
  return `${f.ruleId} ${f.severity} ${p.mode} ${p.level}:${p.version} ${p.source.kind}`;
}

function ns(name: string, labels: Record<string, string>): string {
  const lines = Object.entries(labels).map(([k, v]) => `    pod-security.kubernetes.io/${k}: ${v}\n`);
  return `apiVersion: v1\nkind: Namespace\nmetadata:\n  name: ${name}\n${lines.length ? `  labels:\n${lines.join('')}` : ''}`;
}

/** A pod that breaks baseline (privileged) and, beyond that, restricted (runAsNonRoot and the rest). */
function pod(namespace: string | null, extra = ''): string {
  return `apiVersion: v1
kind: Pod
metadata:
  name: web
${namespace === null ? '' : `  namespace: ${namespace}\n`}spec:
${extra}  containers:
  - name: web
    image: nginx
    securityContext:
      privileged: true
`;
}

/** A pod that meets baseline and breaks only restricted. */
const RESTRICTED_ONLY = (namespace: string) => `apiVersion: v1
kind: Pod
metadata:
  name: api
  namespace: ${namespace}
spec:
  containers:
  - name: api
    image: nginx
`;

const PSC = (body: string) => `apiVersion: pod-security.admission.config.k8s.io/v1\nkind: PodSecurityConfiguration\n${body}`;

const RESTRICTED_RULES = ['allow-privilege-escalation', 'run-as-non-root', 'seccomp-restricted', 'capabilities-restricted'];

describe('Pod Security findings judged by the policy the cluster applies', () => {
  describe('namespace labels (api/helpers.go PolicyToEvaluate)', () => {
    it('enforce restricted: every violation is an error, judged by the label, with the label as related information', () => {
      const files = { '/r/ns.yaml': ns('pay', { enforce: 'restricted' }), '/r/app.yaml': pod('pay') };
      const a = check(files, '/r/app.yaml');
      assert.deepEqual(judged(a), [
        ...RESTRICTED_RULES.map((r) => `${r} error enforce restricted:latest namespace-label`),
        'privileged error enforce restricted:latest namespace-label',
      ]);
      const rel = a.findings[0].related.at(-1)!;
      assert.equal(rel.file, '/r/ns.yaml');
      assert.equal(rel.range.start.line, 5, 'the enforce label line of ns.yaml');
      assert.match(rel.message, /^Judged by enforce restricted:latest: namespace "pay" label pod-security\.kubernetes\.io\/enforce \(ns\.yaml:6\)$/);
      assert.equal(a.findings[0].policy!.source.file, '/r/ns.yaml');
    });

    it('enforce privileged: no finding at that mode; the unlabelled warn mode keeps the profile (restricted warns)', () => {
      const files = { '/r/ns.yaml': ns('ops', { enforce: 'privileged' }), '/r/app.yaml': pod('ops') };
      assert.deepEqual(judged(check(files, '/r/app.yaml')), [
        ...RESTRICTED_RULES.map((r) => `${r} warning warn restricted:latest profile`),
        'privileged warning warn restricted:latest profile',
      ]);
    });

    it('enforce, audit and warn privileged: no Pod Security finding, and a note says why', () => {
      const files = { '/r/ns.yaml': ns('ops', { enforce: 'privileged', warn: 'privileged' }), '/r/app.yaml': pod('ops') };
      const a = check(files, '/r/app.yaml');
      assert.deepEqual(judged(a), []);
      assert.equal(a.notes.length, 1);
      assert.match(a.notes[0].message, /allows any pod here .*namespace "ops" label pod-security\.kubernetes\.io\/enforce/);
      assert.deepEqual(a.notes[0].range.start, { line: 0, character: 0 });
    });

    it('mixed modes, enforce baseline and warn restricted: baseline violations are errors, restricted-only ones warnings, each once', () => {
      const files = { '/r/ns.yaml': ns('shop', { enforce: 'baseline', warn: 'restricted' }), '/r/app.yaml': pod('shop') };
      assert.deepEqual(judged(check(files, '/r/app.yaml', { profile: 'stig-rke2' })), [
        ...RESTRICTED_RULES.map((r) => `${r} warning warn restricted:latest namespace-label`),
        'privileged error enforce baseline:latest namespace-label',
      ]);
    });

    it('audit mode findings are information', () => {
      const files = { '/r/ns.yaml': ns('shop', { enforce: 'baseline', audit: 'restricted', warn: 'baseline' }), '/r/app.yaml': RESTRICTED_ONLY('shop') };
      assert.deepEqual(
        judged(check(files, '/r/app.yaml')),
        RESTRICTED_RULES.map((r) => `${r} info audit restricted:latest namespace-label`),
      );
    });

    it('a version label pins the checks of that version; latest (or no version) is the newest', () => {
      // capabilities-restricted exists from v1.22: at v1.21 restricted runs capabilities-baseline, which this pod passes
      const at = (version: string) =>
        judged(
          check(
            { '/r/ns.yaml': ns('a', { enforce: 'restricted', 'enforce-version': version, warn: 'privileged' }), '/r/p.yaml': RESTRICTED_ONLY('a') },
            '/r/p.yaml',
          ),
        );
      assert.deepEqual(at('v1.21'), [
        'allow-privilege-escalation error enforce restricted:v1.21 namespace-label',
        'run-as-non-root error enforce restricted:v1.21 namespace-label',
        'seccomp-restricted error enforce restricted:v1.21 namespace-label',
      ]);
      assert.deepEqual(
        at('latest'),
        RESTRICTED_RULES.map((r) => `${r} error enforce restricted:latest namespace-label`),
      );
      // newer than podsec knows: evaluated as its newest, shown as written
      assert.deepEqual(
        at('v1.99'),
        RESTRICTED_RULES.map((r) => `${r} error enforce restricted:v1.99 namespace-label`),
      );
    });

    it('enforce restricted at an old version, warn unlabelled: warn takes enforce level and version (PSA), so nothing beyond v1.21 is reported', () => {
      const files = { '/r/ns.yaml': ns('a', { enforce: 'restricted', 'enforce-version': 'v1.21' }), '/r/p.yaml': RESTRICTED_ONLY('a') };
      // the baseline profile warns at nothing, so PSA's defaulting decides warn: restricted:v1.21, the same evaluation as enforce
      assert.deepEqual(judged(check(files, '/r/p.yaml', { profile: 'baseline' })), [
        'allow-privilege-escalation error enforce restricted:v1.21 namespace-label',
        'run-as-non-root error enforce restricted:v1.21 namespace-label',
        'seccomp-restricted error enforce restricted:v1.21 namespace-label',
      ]);
    });

    it('an invalid enforce level fails closed (restricted), an invalid warn or audit level fails open (privileged), an invalid version reads latest', () => {
      const enforceBad = check({ '/r/ns.yaml': ns('a', { enforce: 'strict', warn: 'privileged' }), '/r/p.yaml': RESTRICTED_ONLY('a') }, '/r/p.yaml', {
        profile: 'baseline',
      });
      assert.deepEqual(
        judged(enforceBad),
        RESTRICTED_RULES.map((r) => `${r} error enforce restricted:latest namespace-label`),
      );
      const warnBad = check({ '/r/ns.yaml': ns('a', { enforce: 'privileged', warn: 'strict' }), '/r/p.yaml': RESTRICTED_ONLY('a') }, '/r/p.yaml');
      assert.deepEqual(judged(warnBad), []);
      const versionBad = check(
        { '/r/ns.yaml': ns('a', { enforce: 'restricted', 'enforce-version': '"1.21"', warn: 'privileged' }), '/r/p.yaml': RESTRICTED_ONLY('a') },
        '/r/p.yaml',
      );
      assert.deepEqual(
        judged(versionBad),
        RESTRICTED_RULES.map((r) => `${r} error enforce restricted:latest namespace-label`),
      );
    });

    it('a Namespace in the same file counts; one in another file counts when the files are analysed together; else the profile', () => {
      const same = `${ns('pay', { enforce: 'restricted' })}---\n${RESTRICTED_ONLY('pay')}`;
      assert.deepEqual(
        judged(analyzeText(same, resolveRuleSet({ filePath: '/r/all.yaml' }))),
        RESTRICTED_RULES.map((r) => `${r} error enforce restricted:latest namespace-label`),
      );
      assert.deepEqual(
        judged(analyzeText(RESTRICTED_ONLY('pay'), resolveRuleSet({ filePath: '/r/p.yaml' }))),
        RESTRICTED_RULES.map((r) => `${r} warning warn restricted:latest profile`),
      );
    });

    it('labels that are template values: judged by the profile, with a note', () => {
      const files = { '/r/ns.yaml': ns('a', { enforce: '{{ .Values.level }}' }), '/r/p.yaml': RESTRICTED_ONLY('a') };
      const a = check(files, '/r/p.yaml');
      assert.deepEqual(
        judged(a),
        RESTRICTED_RULES.map((r) => `${r} warning warn restricted:latest profile`),
      );
      assert.match(a.notes[0].message, /template values/);
    });

    it('a namespace written by a template: judged by the profile, with a note', () => {
      const files = { '/r/ns.yaml': ns('a', { enforce: 'privileged' }), '/r/p.yaml': RESTRICTED_ONLY('{{ .Release.Namespace }}') };
      const a = check(files, '/r/p.yaml');
      assert.equal(judged(a).length, 4);
      assert.match(a.notes[0].message, /template writes its namespace/);
    });

    it('a pod without a namespace is judged by the namespace the configuration names (--namespace), else the profile', () => {
      const files = { '/r/ns.yaml': ns('team', { enforce: 'restricted' }), '/r/p.yaml': pod(null) };
      assert.deepEqual(
        judged(check(files, '/r/p.yaml', { namespace: 'team' })).map((s) => s.split(' ').slice(0, 3).join(' ')),
        [...RESTRICTED_RULES.map((r) => `${r} error enforce`), 'privileged error enforce'],
      );
      assert.deepEqual(judged(check(files, '/r/p.yaml')).at(-1), 'privileged error enforce baseline:latest profile');
      // the object's own namespace wins over the configured one
      assert.equal(
        judged(check({ ...files, '/r/p.yaml': pod('other') }, '/r/p.yaml', { namespace: 'team' })).at(-1),
        'privileged error enforce baseline:latest profile',
      );
    });

    it('workloads are judged in every mode (admission rejects their pods at enforce)', () => {
      const deploy = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  namespace: pay
spec:
  template:
    spec:
      hostNetwork: true
      containers:
      - name: web
        image: nginx
`;
      const a = check({ '/r/ns.yaml': ns('pay', { enforce: 'baseline', warn: 'baseline' }), '/r/d.yaml': deploy }, '/r/d.yaml');
      assert.deepEqual(judged(a), ['host-namespaces error enforce baseline:latest namespace-label']);
    });
  });

  describe('violations found at several modes are reported once, at the most severe', () => {
    // each restricted rule that replaces a baseline rule reports the baseline violation too: one finding, at enforce
    const cases: [string, string, string][] = [
      ['hostPath volume', '  volumes:\n  - name: h\n    hostPath:\n      path: /etc\n', 'host-path-volumes'],
      ['pod seccomp Unconfined', '  securityContext:\n    seccompProfile:\n      type: Unconfined\n', 'seccomp-baseline'],
    ];
    for (const [name, extra, rule] of cases) {
      it(`${name}: ${rule} at enforce baseline, not again at warn restricted`, () => {
        const a = check({ '/r/ns.yaml': ns('shop', { enforce: 'baseline', warn: 'restricted' }), '/r/p.yaml': pod('shop', extra) }, '/r/p.yaml');
        const lines = a.findings.filter((f) => f.pss).map((f) => `${f.range.start.line}:${f.ruleId}:${f.severity}`);
        const errors = lines.filter((l) => l.endsWith(':error'));
        assert.deepEqual(errors.map((l) => l.split(':')[1]).sort(), [rule, 'privileged'].sort());
        assert.equal(new Set(lines.map((l) => l.split(':')[0] + (l.includes('seccomp') ? 'seccomp' : l))).size, lines.length, lines.join(', '));
      });
    }

    it('added capabilities and /proc mounts: the baseline rule at enforce, the restricted rule only for what baseline allows', () => {
      const unsafe = `apiVersion: v1
kind: Pod
metadata:
  name: p
  namespace: shop
spec:
  containers:
  - name: c
    image: x
    securityContext:
      procMount: Unmasked
      capabilities:
        add: [SYS_ADMIN]
`;
      const a = check({ '/r/ns.yaml': ns('shop', { enforce: 'baseline', warn: 'restricted' }), '/r/p.yaml': unsafe }, '/r/p.yaml');
      const byLine = a.findings.filter((f) => f.pss).map((f) => `${f.range.start.line} ${f.ruleId} ${f.severity}`);
      assert.ok(byLine.includes('10 proc-mount error') && byLine.includes('12 capabilities-baseline error'), byLine.join(', '));
      assert.ok(!byLine.some((l) => /^(10|12) .*(restricted)/.test(l)), byLine.join(', '));
      assert.ok(byLine.includes('11 capabilities-restricted warning'), 'drop ALL is restricted only');
    });
  });

  describe('the configuration the user set still wins', () => {
    it('an explicit rule severity wins over the mode; off turns a rule off in every mode', () => {
      const files = { '/r/ns.yaml': ns('pay', { enforce: 'restricted' }), '/r/p.yaml': pod('pay') };
      const a = check(files, '/r/p.yaml', { rules: { 'run-as-non-root': 'info', privileged: 'off', 'seccomp-restricted': 'off' } });
      assert.deepEqual(judged(a), [
        'allow-privilege-escalation error enforce restricted:latest namespace-label',
        'run-as-non-root info enforce restricted:latest namespace-label',
        'capabilities-restricted error enforce restricted:latest namespace-label',
      ]);
    });

    it('the baseline profile still judges a restricted namespace at restricted', () => {
      const files = { '/r/ns.yaml': ns('pay', { enforce: 'restricted' }), '/r/p.yaml': RESTRICTED_ONLY('pay') };
      assert.deepEqual(
        judged(check(files, '/r/p.yaml', { profile: 'baseline' })),
        RESTRICTED_RULES.map((r) => `${r} error enforce restricted:latest namespace-label`),
      );
    });
  });

  describe('cluster defaults and exemptions (admission configuration, RKE2)', () => {
    const config = PSC('defaults:\n  enforce: restricted\n  warn: restricted\nexemptions:\n  namespaces: [kube-system]\n  runtimeClasses: [kata]\n');

    it('the only admission configuration sets the defaults for namespaces without labels', () => {
      const a = check({ '/r/psa.yaml': config, '/r/p.yaml': RESTRICTED_ONLY('apps') }, '/r/p.yaml', { profile: 'baseline' });
      assert.deepEqual(
        judged(a),
        RESTRICTED_RULES.map((r) => `${r} error enforce restricted:latest admission-configuration`),
      );
      assert.equal(a.findings[0].related.at(-1)!.file, '/r/psa.yaml');
    });

    it('exempt namespaces and runtime classes are not judged; a note says why', () => {
      const exemptNs = check({ '/r/psa.yaml': config, '/r/p.yaml': pod('kube-system') }, '/r/p.yaml');
      assert.deepEqual(judged(exemptNs), []);
      assert.match(exemptNs.notes[0].message, /Namespace "kube-system" is exempt from Pod Security Admission/);
      const exemptRc = check({ '/r/psa.yaml': config, '/r/p.yaml': pod('apps', '  runtimeClassName: kata\n') }, '/r/p.yaml');
      assert.deepEqual(judged(exemptRc), []);
      assert.match(exemptRc.notes[0].message, /Runtime class "kata" is exempt/);
      // exemptions win over labels (admission.go checks them before reading the namespace)
      const labelled = check(
        { '/r/psa.yaml': config, '/r/ns.yaml': ns('kube-system', { enforce: 'restricted' }), '/r/p.yaml': pod('kube-system') },
        '/r/p.yaml',
      );
      assert.deepEqual(judged(labelled), []);
    });

    it('namespace labels override the configured defaults mode by mode', () => {
      const a = check({ '/r/psa.yaml': config, '/r/ns.yaml': ns('legacy', { enforce: 'baseline' }), '/r/p.yaml': pod('legacy') }, '/r/p.yaml');
      assert.deepEqual(judged(a), [
        ...RESTRICTED_RULES.map((r) => `${r} warning warn restricted:latest admission-configuration`),
        'privileged error enforce baseline:latest namespace-label',
      ]);
    });

    it('fallback order: the named configuration, then the RKE2 config whose node holds the file, then the only configuration, then the profile', () => {
      const baselineConfig = PSC('defaults:\n  enforce: baseline\n');
      const files = {
        '/r/cluster/psa.yaml': config,
        '/r/other/psa-baseline.yaml': baselineConfig,
        '/r/node/etc/rancher/rke2/config.yaml': 'profile: cis\n',
        '/r/node/manifests/p.yaml': RESTRICTED_ONLY('apps'),
        '/r/apps/p.yaml': RESTRICTED_ONLY('apps'),
      };
      const first = (target: string, opts: EngineOptions = {}) => judged(check(files, target, { profile: 'baseline', ...opts }))[0] ?? 'nothing';
      // 1. named: wins over everything
      assert.equal(first('/r/node/manifests/p.yaml', { admissionConfiguration: '/r/other/psa-baseline.yaml' }), 'nothing');
      assert.equal(
        first('/r/apps/p.yaml', { admissionConfiguration: '/r/cluster/psa.yaml' }),
        'allow-privilege-escalation error enforce restricted:latest admission-configuration',
      );
      // 2. the RKE2 node's CIS policy for files under the node's root
      assert.equal(first('/r/node/manifests/p.yaml'), 'allow-privilege-escalation error enforce restricted:latest rke2-cis-default');
      // 3. two configurations and none named: none applies, the profile judges (baseline: nothing), and a note says how to choose
      const a = check(files, '/r/apps/p.yaml', { profile: 'baseline' });
      assert.deepEqual(judged(a), []);
      assert.match(a.notes[0].message, /several admission configurations .*admissionConfiguration/);
      // 3'. only one: it applies
      const { ['/r/other/psa-baseline.yaml']: _dropped, ...one } = files;
      assert.equal(
        judged(check(one, '/r/apps/p.yaml', { profile: 'baseline' }))[0],
        'allow-privilege-escalation error enforce restricted:latest admission-configuration',
      );
      // 4. nothing: the profile, exactly as without a cluster
      assert.deepEqual(judged(check({ '/r/apps/p.yaml': RESTRICTED_ONLY('apps') }, '/r/apps/p.yaml', { profile: 'baseline' })), []);
    });

    it('RKE2 without a CIS profile: its built-in privileged default, so nothing is reported and a note says so', () => {
      const a = check({ '/r/node/etc/rancher/rke2/config.yaml': 'token: x\n', '/r/node/p.yaml': pod('apps') }, '/r/node/p.yaml');
      assert.deepEqual(judged(a), []);
      assert.match(a.notes[0].message, /RKE2's built-in default policy/);
    });

    it("RKE2's CIS policy exempts kube-system", () => {
      const a = check({ '/r/node/etc/rancher/rke2/config.yaml': 'profile: cis\n', '/r/node/p.yaml': pod('kube-system') }, '/r/node/p.yaml');
      assert.deepEqual(judged(a), []);
      assert.match(a.notes[0].message, /Namespace "kube-system" is exempt .*profile: cis/);
    });
  });

  describe('without namespaces or cluster configuration', () => {
    it('the profile judges exactly as before, and each finding carries the profile mode its level falls under', () => {
      const rules = (profile: EngineOptions['profile']) => judged(check({ '/r/p.yaml': pod('pay') }, '/r/p.yaml', { profile }));
      assert.deepEqual(rules('baseline'), ['privileged error enforce baseline:latest profile']);
      assert.deepEqual(rules('restricted'), [
        ...RESTRICTED_RULES.map((r) => `${r} warning warn restricted:latest profile`),
        'privileged error enforce baseline:latest profile',
      ]);
      assert.deepEqual(rules('stig-kubernetes'), [
        ...RESTRICTED_RULES.map((r) => `${r} error enforce restricted:latest profile`),
        'privileged error enforce restricted:latest profile',
      ]);
      const pinned = judged(check({ '/r/p.yaml': pod('pay') }, '/r/p.yaml', { version: 'v1.30' }));
      assert.equal(pinned.at(-1), 'privileged error enforce baseline:v1.30 profile');
      const a = check({ '/r/p.yaml': pod('pay') }, '/r/p.yaml');
      assert.deepEqual(a.notes, [], 'nothing to say');
      assert.ok(a.findings.every((f) => f.related.every((r) => r.file === undefined)));
    });
  });
});
