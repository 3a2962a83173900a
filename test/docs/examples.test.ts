/**
 * The documentation's examples say what podsec does: each bad example draws its rule's finding
 * (and each of its fixes removes it), each good example draws none (nor any other finding in
 * the profile the page shows). The repository's examples/ show the STIG rules the README
 * explains.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ClusterContext } from '../../server/src/engine/cluster/context';
import { extractFacts } from '../../server/src/engine/cluster/facts';
import { analyzeText } from '../../server/src/engine/pipeline';
import { applyEdits, findingEdits } from '../../server/src/engine/fix/apply';
import type { ProfileName } from '../../server/src/engine/types';
import { ALL_RULES } from '../../server/src/engine/rules';
import { loadExamples } from '../../scripts/gen-docs-lib';
import { assertCleanAfterFix, describeFinding } from '../unit/rule-tester';
import { ROOT } from './root';
import { resolveRuleSet } from '../../server/src/engine/profiles';

describe('documentation examples', () => {
  for (const rule of ALL_RULES) {
    const id = rule.meta.id;
    describe(id, () => {
      const { examples } = loadExamples(ROOT, rule);

      it('has at least one bad and one good example', () => {
        assert.ok(
          examples.some((e) => e.kind === 'bad'),
          `docs/examples/${id}/bad.yaml is missing`,
        );
        assert.ok(
          examples.some((e) => e.kind === 'good'),
          `docs/examples/${id}/good.yaml is missing`,
        );
      });

      for (const e of examples.filter((x) => x.kind === 'bad')) {
        it(`${path.posix.basename(e.path)} draws the finding, and its fixes remove it`, () => {
          assert.ok(e.findings.length > 0, `${e.path}: no ${id} finding in profile ${e.profile}`);
          if (id !== 'yaml-syntax')
            assert.deepEqual(
              e.all.filter((f) => f.ruleId === 'yaml-syntax').map((f) => f.message),
              [],
              `${e.path} must parse`,
            );
          if (!rule.meta.fixable)
            assert.deepEqual(
              e.findings.filter((f) => f.fix).map((f) => f.fix!.title),
              [],
              `${id} says it is not fixable`,
            );
          for (const f of e.findings.filter((x) => x.fix)) {
            const before = analyzeText(e.text, resolveRuleSet(e.options));
            const text = applyEdits(e.text, findingEdits(f));
            const after = analyzeText(text, resolveRuleSet(e.options));
            assertCleanAfterFix(
              before.findings.filter((x) => !x.suppressed),
              [f],
              after.findings.filter((x) => !x.suppressed),
              before.documents,
              after.documents,
              `${e.path}: "${f.fix!.title}"`,
            );
          }
        });
      }

      for (const e of examples.filter((x) => x.kind === 'good')) {
        it(`${path.posix.basename(e.path)} is clean in profile ${e.profile}`, () => {
          assert.deepEqual(
            e.all.map((f) => describeFinding(f, e.text)),
            [],
            `${e.path} should draw no finding at all`,
          );
        });
      }
    });
  }

  it('the fixable rules show a fix on their examples', () => {
    const without = ALL_RULES.filter((r) => r.meta.fixable && !loadExamples(ROOT, r).examples.some((e) => e.findings.some((f) => f.fix))).map((r) => r.meta.id);
    assert.deepEqual(without, []);
  });
});

interface Expected {
  file: string;
  rules: string[];
}

/** What the restricted Pod Security rules say of every control-plane static pod (root, on the host's network). */
const STATIC_POD_PSS = ['allow-privilege-escalation', 'run-as-non-root', 'capabilities-restricted', 'host-namespaces'];

/** The STIG examples the README explains, and what `podsec check --profile stig-rke2 examples/` shows there. */
const STIG_EXAMPLES: Expected[] = [
  {
    file: 'examples/rke2-ansible/files/rke2_config.yaml',
    rules: [
      'rke2-config-recognized',
      ...['control-plane-tls-min-version', 'control-plane-tls-min-version', 'control-plane-tls-min-version'],
      ...['control-plane-tls-cipher-suites', 'control-plane-tls-cipher-suites', 'apiserver-audit-log-mode'],
      ...['rke2-kubelet-flags', 'rke2-kubelet-flags', 'rke2-kubelet-flags', 'kubelet-protect-kernel-defaults'],
    ],
  },
  {
    // podsec cannot tell an agent's config from a server's, so the control plane's settings are asked of it too
    file: 'examples/rke2-ansible/templates/rke2-agent-config.yaml',
    rules: [
      'rke2-config-recognized',
      ...['rke2-cis-profile', 'rke2-write-kubeconfig-mode', 'control-plane-tls-min-version', 'control-plane-tls-min-version', 'control-plane-tls-min-version'],
      ...['control-plane-tls-cipher-suites', 'control-plane-tls-cipher-suites', 'apiserver-audit-policy-file', 'apiserver-audit-log-mode'],
      ...['apiserver-audit-log-path', 'apiserver-audit-log-maxage', 'apiserver-audit-log-maxbackup', 'apiserver-audit-log-maxsize'],
      ...['rke2-kubelet-flags', 'rke2-kubelet-flags', 'rke2-kubelet-flags', 'rke2-kubelet-flags', 'kubelet-read-only-port'],
    ],
  },
  {
    file: 'examples/rke2/etc/rancher/rke2/config.yaml',
    rules: [
      'pod-security-admission-restricted',
      'kubelet-protect-kernel-defaults',
      'rke2-cis-profile',
      'control-plane-tls-min-version',
      'control-plane-tls-min-version',
      'control-plane-tls-cipher-suites',
      'apiserver-audit-policy-file',
      'apiserver-audit-log-mode',
      'apiserver-audit-log-path',
      'apiserver-audit-log-maxage',
      'apiserver-audit-log-maxbackup',
      'apiserver-audit-log-maxsize',
      'rke2-write-kubeconfig-mode',
      'rke2-kubelet-flags',
      'rke2-kubelet-flags',
      'rke2-kubelet-flags',
      'control-plane-tls-min-version',
      'control-plane-tls-cipher-suites',
      'controller-manager-bind-address',
    ],
  },
  { file: 'examples/rke2/etc/rancher/rke2/config.yaml.d/50-tuning.yaml', rules: ['kubelet-read-only-port', 'kubelet-streaming-connection-idle-timeout'] },
  {
    file: 'examples/rke2/etc/rancher/rke2/config.yaml.d/60-apiserver.yaml',
    rules: ['apiserver-anonymous-auth', 'apiserver-authorization-mode', 'controller-manager-service-account-credentials'],
  },
  { file: 'examples/rke2/etc/rancher/rke2/audit-policy.yaml', rules: ['audit-policy-rules', 'audit-policy-rules'] },
  {
    file: 'examples/rke2/kubelet-config.yaml',
    rules: ['kubelet-streaming-connection-idle-timeout', 'kubelet-client-ca-file', 'kubelet-tls-files', 'kubelet-tls-files', 'kubelet-protect-kernel-defaults'],
  },
  { file: 'examples/kube-system-workloads.yaml', rules: ['system-namespace-workload'] },
  { file: 'examples/secrets-in-env.yaml', rules: ['default-namespace-workload', 'secret-in-env', 'secret-in-env'] },
  { file: 'examples/cluster-policy/etc/rancher/rke2/pss.yaml', rules: ['pod-security-admission-restricted'] },
  { file: 'examples/cluster-policy/var/lib/rancher/rke2/server/manifests/namespaces.yaml', rules: ['pod-security-admission-restricted'] },
  // kubeadm: control-plane static pods (which also run on the host, as the Pod Security rules say) and a worker's kubelet
  {
    file: 'examples/kubeadm/control-plane/etc/kubernetes/manifests/kube-apiserver.yaml',
    rules: [
      'pod-security-admission-restricted',
      'control-plane-tls-min-version',
      'control-plane-tls-cipher-suites',
      'apiserver-audit-policy-file',
      'apiserver-audit-log-path',
      'apiserver-audit-log-maxage',
      'apiserver-audit-log-maxbackup',
      'apiserver-audit-log-maxsize',
      'apiserver-request-timeout',
      'apiserver-encryption-provider-config',
      'apiserver-token-auth-file',
      ...STATIC_POD_PSS,
      'restricted-volumes',
    ],
  },
  {
    file: 'examples/kubeadm/control-plane/etc/kubernetes/manifests/etcd.yaml',
    rules: ['etcd-client-tls', 'etcd-peer-tls', ...STATIC_POD_PSS, 'restricted-volumes', 'restricted-volumes'],
  },
  {
    file: 'examples/kubeadm/control-plane/etc/kubernetes/manifests/kube-controller-manager.yaml',
    rules: ['control-plane-tls-min-version', 'controller-manager-profiling', ...STATIC_POD_PSS],
  },
  {
    file: 'examples/kubeadm/control-plane/etc/kubernetes/manifests/kube-scheduler.yaml',
    rules: ['control-plane-tls-min-version', 'scheduler-bind-address', ...STATIC_POD_PSS],
  },
  { file: 'examples/kubeadm/worker/var/lib/kubelet/config.yaml', rules: ['kubelet-tls-files', 'kubelet-tls-files', 'kubelet-static-pod-path'] },
];

/**
 * The examples of templates and YAML as public repositories write them (issue 16), and what the
 * restricted profile shows there: every value written in them judged, no syntax alarm, the
 * lines podsec leaves out named, and nothing a Kustomize patch leaves out reported.
 */
const CHART_EXAMPLES: Expected[] = [
  {
    file: 'examples/helm/shop/templates/deployment.yaml',
    rules: ['allow-privilege-escalation', 'capabilities-restricted', 'template-unchecked', 'privileged'],
  },
  { file: 'examples/helm/shop/templates/migrate-job.yaml', rules: ['restricted-volumes'] },
  { file: 'examples/helm/shop/Chart.yaml', rules: [] },
  { file: 'examples/helm/shop/values.yaml', rules: [] },
  { file: 'examples/nightly-report-cronjob.yaml', rules: ['allow-privilege-escalation'] },
  { file: 'examples/rke2-ansible/files/rke2_config.yaml', rules: ['rke2-config-recognized', 'kubelet-protect-kernel-defaults'] },
  { file: 'examples/rke2-ansible/templates/rke2-agent-config.yaml', rules: ['rke2-config-recognized'] },
  { file: 'examples/kustomize/base/kustomization.yaml', rules: [] },
  { file: 'examples/kustomize/base/deployment.yaml', rules: [] },
  { file: 'examples/kustomize/overlays/prod/kustomization.yaml', rules: [] },
  { file: 'examples/kustomize/overlays/prod/patches/resources.yaml', rules: [] },
  { file: 'examples/kustomize/overlays/prod/patches/replicas.yaml', rules: [] },
  { file: 'examples/kustomize/overlays/staging/kustomization.yaml', rules: [] },
  { file: 'examples/kustomize/overlays/staging/patches/debug.yaml', rules: ['allow-privilege-escalation', 'capabilities-restricted'] },
  { file: 'examples/kustomize/overlays/staging/patches/replicas.yaml', rules: [] },
];

/** Every file under examples/ (relative paths), as `podsec check examples/` walks them. */
function walk(dir: string): string[] {
  return fs.readdirSync(path.join(ROOT, dir), { withFileTypes: true }).flatMap((e) => {
    const rel = `${dir}/${e.name}`;
    return e.isDirectory() ? walk(rel) : /\.ya?ml$/.test(e.name) ? [rel] : [];
  });
}

/** The cluster context of examples/: the facts of every file, as the CLI's fact pass reads them. */
const EXAMPLES_CLUSTER = new ClusterContext(walk('examples').map((f) => extractFacts(f, fs.readFileSync(path.join(ROOT, f), 'utf8'))));

function check(file: string, profile: ProfileName) {
  const text = fs.readFileSync(path.join(ROOT, file), 'utf8');
  const res = analyzeText(text, resolveRuleSet({ profile, filePath: file }), EXAMPLES_CLUSTER);
  assert.deepEqual(res.ruleErrors, []);
  return res.findings.filter((f) => !f.suppressed);
}

describe('repository examples', () => {
  for (const ex of STIG_EXAMPLES) {
    it(`${ex.file}: stig-rke2 shows exactly ${ex.rules.join(', ')}`, () => {
      assert.deepEqual(
        check(ex.file, 'stig-rke2').map((f) => f.ruleId),
        ex.rules,
      );
      assert.deepEqual(
        check(ex.file, 'stig-kubernetes').map((f) => f.ruleId),
        ex.rules,
        'the same in stig-kubernetes',
      );
    });
  }

  it('in restricted, only the rules that are on in every profile speak about them', () => {
    const ids = (file: string) => check(file, 'restricted').map((f) => `${f.ruleId}:${f.severity}`);
    assert.deepEqual(ids('examples/rke2/etc/rancher/rke2/config.yaml'), ['kubelet-protect-kernel-defaults:error']);
    assert.deepEqual(ids('examples/rke2/etc/rancher/rke2/config.yaml.d/50-tuning.yaml'), [], 'node settings beyond kernel protection are STIG-only');
    assert.deepEqual(ids('examples/rke2/etc/rancher/rke2/audit-policy.yaml'), []);
    assert.deepEqual(ids('examples/rke2/kubelet-config.yaml'), ['kubelet-protect-kernel-defaults:error']);
    assert.deepEqual(ids('examples/kube-system-workloads.yaml'), ['system-namespace-workload:warning']);
    assert.deepEqual(ids('examples/secrets-in-env.yaml'), [], 'secrets in env and the default namespace are STIG-only');
    assert.deepEqual(ids('examples/kubeadm/worker/var/lib/kubelet/config.yaml'), [], 'the Kubernetes STIG node rules are STIG-only');
    assert.deepEqual(
      ids('examples/kubeadm/control-plane/etc/kubernetes/manifests/kube-scheduler.yaml'),
      ['allow-privilege-escalation:warning', 'run-as-non-root:warning', 'capabilities-restricted:warning', 'host-namespaces:error'],
      'a static pod meets only the Pod Security rules in restricted',
    );
  });

  for (const ex of CHART_EXAMPLES) {
    it(`${ex.file}: restricted shows exactly ${ex.rules.join(', ') || 'nothing'}, with no syntax alarm`, () => {
      assert.deepEqual(
        check(ex.file, 'restricted').map((f) => f.ruleId),
        ex.rules,
      );
    });
  }

  it('every file of examples/kustomize is in the list above', () => {
    const listed = new Set(CHART_EXAMPLES.map((e) => e.file));
    assert.deepEqual(
      walk('examples/kustomize').filter((f) => !listed.has(f)),
      [],
    );
  });

  it('the README explains every chart example', () => {
    const readme = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');
    for (const ex of CHART_EXAMPLES.filter((e) => e.rules.length)) assert.ok(readme.includes(ex.file), `README.md does not mention ${ex.file}`);
  });

  it('the hardened RKE2 server passes every rule of both STIG profiles', () => {
    for (const file of walk('examples/rke2-hardened'))
      for (const profile of ['stig-rke2', 'stig-kubernetes'] as ProfileName[])
        assert.deepEqual(
          check(file, profile).map((f) => `${f.ruleId}: ${f.message}`),
          [],
          `${file} in ${profile}`,
        );
  });

  it('the README explains every STIG example', () => {
    const readme = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');
    for (const ex of STIG_EXAMPLES) assert.ok(readme.includes(ex.file), `README.md does not mention ${ex.file}`);
  });
});
