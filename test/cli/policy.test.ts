/**
 * `podsec check` and `podsec explain` judge pods by the policy the cluster applies: namespace
 * labels and admission configurations read from every file of the folders checked (the fact pass
 * runs first), `--namespace`, `--admission-configuration` and their `.podsec.yaml` keys.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { cleanup, EXAMPLES, run, tempDir, writeTree, type JsonReport } from './helpers';

const NAMESPACES = `apiVersion: v1
kind: Namespace
metadata:
  name: payments
  labels:
    pod-security.kubernetes.io/enforce: restricted
    pod-security.kubernetes.io/enforce-version: v1.30
---
apiVersion: v1
kind: Namespace
metadata:
  name: monitoring
  labels:
    pod-security.kubernetes.io/enforce: privileged
    pod-security.kubernetes.io/warn: baseline
`;

/** Meets baseline, breaks restricted. */
const API = (ns: string | null) => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: api
${ns ? `  namespace: ${ns}\n` : ''}spec:
  template:
    spec:
      containers:
      - name: api
        image: registry.example/api:1.4
`;

/** Breaks baseline (hostNetwork). */
const EXPORTER = `apiVersion: apps/v1
kind: DaemonSet
metadata:
  name: node-exporter
  namespace: monitoring
spec:
  template:
    spec:
      hostNetwork: true
      containers:
      - name: exporter
        image: quay.io/prometheus/node-exporter
`;

const ADMISSION = `apiVersion: apiserver.config.k8s.io/v1
kind: AdmissionConfiguration
plugins:
- name: PodSecurity
  configuration:
    apiVersion: pod-security.admission.config.k8s.io/v1
    kind: PodSecurityConfiguration
    defaults:
      enforce: restricted
    exemptions:
      namespaces: [kube-system]
`;

type Finding = JsonReport['files'][number]['findings'][number];

function findings(out: string): Finding[] {
  return (JSON.parse(out) as JsonReport).files.flatMap((f) => f.findings);
}

describe('cli: the policy the cluster applies', () => {
  let dir: string;
  beforeEach(() => {
    dir = tempDir();
  });
  afterEach(() => cleanup(dir));

  it('a folder: Namespaces in one file judge the pods of another; text shows the policy compactly', async () => {
    writeTree(dir, { 'ns/namespaces.yaml': NAMESPACES, 'apps/api.yaml': API('payments'), 'apps/exporter.yaml': EXPORTER });
    const r = await run(['check', '.', '--no-color'], { cwd: dir });
    assert.equal(r.code, 1);
    assert.match(
      r.out,
      /apps\/api\.yaml:10:9 {2}error {4}Container 'api' may run as root.*run-as-non-root {2}\[enforce restricted:v1\.30 · ns\/namespaces\.yaml:6\]/,
    );
    // monitoring enforces privileged and warns at baseline: hostNetwork is a warning there
    assert.match(
      r.out,
      /apps\/exporter\.yaml:9:7 {2}warning {2}The pod shares the host's network namespace.*host-namespaces {2}\[warn baseline:latest · ns\/namespaces\.yaml:15\]/,
    );
    assert.doesNotMatch(r.out, /exporter\.yaml.*(run-as-non-root|seccomp)/, 'restricted is not asked for in monitoring');
  });

  it('the same folder on worker threads gives the same findings (the facts reach every worker)', async () => {
    const files: Record<string, string> = { 'ns.yaml': NAMESPACES };
    for (let i = 0; i < 6; i++) files[`apps/a${i}.yaml`] = API('payments');
    writeTree(dir, files);
    const one = await run(['check', dir, '--format', 'json', '--threads', '1']);
    const many = await run(['check', dir, '--format', 'json', '--threads', '3']);
    assert.deepEqual(findings(many.out), findings(one.out));
    assert.ok(findings(one.out).every((f) => f.severity === 'error' && f.policy!.source.kind === 'namespace-label'));
  });

  it('warn- and audit-mode findings do not fail the run unless --max-warnings says so', async () => {
    const ns = NAMESPACES.replace('enforce: restricted', 'enforce: baseline').replace('enforce-version: v1.30', 'warn: restricted');
    writeTree(dir, { 'ns.yaml': ns, 'api.yaml': API('payments') });
    const r = await run(['check', dir, '--format', 'json']);
    assert.equal(r.code, 0);
    assert.deepEqual([...new Set(findings(r.out).map((f) => `${f.severity} ${f.policy!.mode}`))], ['warning warn']);
    assert.equal((await run(['check', dir, '--max-warnings', '0'])).code, 1);
  });

  it('--namespace places objects that set none; their own namespace wins', async () => {
    writeTree(dir, { 'ns.yaml': NAMESPACES, 'api.yaml': API(null) });
    const plain = findings((await run(['check', dir, '--format', 'json'])).out);
    assert.ok(plain.every((f) => f.severity === 'warning' && f.policy!.source.kind === 'profile'));
    const placed = await run(['check', dir, '--namespace', 'payments', '--format', 'json']);
    assert.equal(placed.code, 1);
    assert.ok(findings(placed.out).every((f) => f.severity === 'error' && f.policy!.source.kind === 'namespace-label'));
    const bad = await run(['check', dir, '--namespace', 'Payments']);
    assert.equal(bad.code, 2);
    assert.match(bad.err, /--namespace needs a namespace name/);
  });

  it('--admission-configuration: read even outside the folders checked; a missing or wrong file is exit 2', async () => {
    writeTree(dir, { 'cluster/admission.yaml': ADMISSION, 'apps/api.yaml': API('shop'), 'cluster/not-psa.yaml': 'apiVersion: v1\nkind: ConfigMap\n' });
    const apps = path.join(dir, 'apps');
    const without = await run(['check', apps, '--format', 'json']);
    assert.ok(findings(without.out).every((f) => f.severity === 'warning'));
    const r = await run(['check', apps, '--admission-configuration', path.join(dir, 'cluster', 'admission.yaml'), '--format', 'json']);
    assert.equal(r.code, 1);
    const f = findings(r.out)[0];
    assert.equal(f.severity, 'error');
    assert.equal(f.policy!.source.kind, 'admission-configuration');
    assert.match(f.policy!.source.file!, /cluster[\\/]admission\.yaml$/);
    const missing = await run(['check', apps, '--admission-configuration', path.join(dir, 'nope.yaml')]);
    assert.equal(missing.code, 2);
    assert.match(missing.err, /--admission-configuration .*nope\.yaml: no such file/);
    const wrong = await run(['check', apps, '--admission-configuration', path.join(dir, 'cluster', 'not-psa.yaml')]);
    assert.equal(wrong.code, 2);
    assert.match(wrong.err, /holds no PodSecurity configuration/);
  });

  it('.podsec.yaml: admissionConfiguration relative to its folder, namespace; a named file that is missing is a configuration error', async () => {
    writeTree(dir, {
      'repo/.podsec.yaml': 'admissionConfiguration: ../cluster/admission.yaml\nnamespace: team\n',
      'cluster/admission.yaml': ADMISSION,
      'repo/api.yaml': API(null),
    });
    const repo = path.join(dir, 'repo');
    const r = await run(['check', '.', '--format', 'json'], { cwd: repo });
    const f = findings(r.out);
    assert.ok(f.length && f.every((x) => x.severity === 'error' && x.policy!.source.kind === 'admission-configuration'), r.out);
    // the command line wins over the file: kube-system is exempt
    const exempt = await run(['check', '.', '--namespace', 'kube-system', '--format', 'json'], { cwd: repo });
    assert.deepEqual(findings(exempt.out), []);
    fs.writeFileSync(path.join(repo, '.podsec.yaml'), 'profile: restricted\nadmissionConfiguration: missing.yaml\n');
    const broken = await run(['check', '.'], { cwd: repo });
    assert.equal(broken.code, 2);
    assert.match(broken.err, /\.podsec\.yaml:2:25: admissionConfiguration: cannot use missing\.yaml \(.*missing\.yaml\): no such file/);
  });

  it('json and SARIF carry the policy; SARIF relates the finding to the label in the other file', async () => {
    writeTree(dir, { 'ns/namespaces.yaml': NAMESPACES, 'apps/api.yaml': API('payments') });
    const j = findings((await run(['check', '.', '--format', 'json'], { cwd: dir })).out)[0];
    assert.deepEqual(j.policy, {
      mode: 'enforce',
      level: 'restricted',
      version: 'v1.30',
      source: {
        kind: 'namespace-label',
        detail: 'namespace "payments" label pod-security.kubernetes.io/enforce (namespaces.yaml:6)',
        file: 'ns/namespaces.yaml',
        range: { start: { line: 5, character: 4 }, end: { line: 5, character: 50 } },
      },
    });
    const sarif = JSON.parse((await run(['check', '.', '--format', 'sarif'], { cwd: dir })).out);
    const result = sarif.runs[0].results[0];
    assert.equal(result.properties.policy.source.file, 'ns/namespaces.yaml');
    const rel = result.relatedLocations.at(-1);
    assert.deepEqual(rel.physicalLocation.artifactLocation, { uri: 'ns/namespaces.yaml', uriBaseId: '%SRCROOT%' });
    assert.deepEqual(rel.physicalLocation.region, { startLine: 6, startColumn: 5, endLine: 6, endColumn: 51 });
    assert.match(rel.message.text, /^Judged by enforce restricted:v1\.30: namespace "payments"/);
  });

  it("the README's worked example (examples/cluster-policy) reports what the README says, alone and within examples/", async () => {
    const manifests = 'cluster-policy/var/lib/rancher/rke2/server/manifests/';
    const summarise = (out: string) => {
      const byFile: Record<string, string[]> = {};
      for (const f of (JSON.parse(out) as JsonReport).files) {
        const rel = path
          .relative(EXAMPLES, path.resolve(path.dirname(EXAMPLES), f.path))
          .split(path.sep)
          .join('/');
        if (!rel.startsWith(manifests)) continue;
        byFile[rel.slice(manifests.length)] = f.findings.map(
          (x) =>
            `${x.severity} ${x.policy ? `${x.policy.mode} ${x.policy.level}:${x.policy.version} ${path.basename(x.policy.source.file ?? '')}:${(x.policy.source.range?.start.line ?? -1) + 1}` : ''}`,
        );
      }
      return byFile;
    };
    const alone = summarise((await run(['check', 'examples/cluster-policy', '--format', 'json'], { cwd: path.dirname(EXAMPLES) })).out);
    const count = (list: string[]) => {
      const out: Record<string, number> = {};
      for (const x of list) out[x] = (out[x] ?? 0) + 1;
      return out;
    };
    assert.deepEqual(count(alone['payments-api.yaml']), { 'error enforce restricted:v1.30 namespaces.yaml:8': 4 });
    assert.deepEqual(count(alone['node-exporter.yaml']), { 'warning warn restricted:latest pss.yaml:10': 7 });
    assert.deepEqual(count(alone['storefront.yaml']), { 'warning warn restricted:latest pss.yaml:10': 4, 'error enforce baseline:latest pss.yaml:10': 1 });
    assert.deepEqual(alone['kube-proxy.yaml'], [], 'kube-system is exempt');
    const within = summarise((await run(['check', 'examples/', '--format', 'json'], { cwd: path.dirname(EXAMPLES) })).out);
    assert.deepEqual(within, alone, 'the node config governs only the files under its node folder, so other examples do not change it');
  });

  describe('podsec explain', () => {
    it('prints each pod, the policy mode by mode and where each comes from', async () => {
      writeTree(dir, { 'ns/namespaces.yaml': NAMESPACES, 'apps/api.yaml': API('payments') + '---\n' + EXPORTER });
      const r = await run(['explain', 'apps/api.yaml'], { cwd: dir });
      assert.equal(r.code, 0, r.err);
      assert.equal(
        r.out,
        [
          'apps/api.yaml:1  Deployment payments/api',
          '  enforce  restricted:v1.30   namespace "payments" label pod-security.kubernetes.io/enforce (namespaces.yaml:6) — ns/namespaces.yaml:6',
          '  audit    privileged:latest  the profile setting (restricted, Pod Security Standards latest)',
          '  warn     restricted:latest  the profile setting (restricted, Pod Security Standards latest)',
          '',
          'apps/api.yaml:13  DaemonSet monitoring/node-exporter',
          '  enforce  privileged:latest  namespace "monitoring" label pod-security.kubernetes.io/enforce (namespaces.yaml:14) — ns/namespaces.yaml:14',
          '  audit    privileged:latest  the profile setting (restricted, Pod Security Standards latest)',
          '  warn     baseline:latest    namespace "monitoring" label pod-security.kubernetes.io/warn (namespaces.yaml:15) — ns/namespaces.yaml:15',
          '',
          '',
        ].join('\n'),
      );
    });

    it('file:line picks the pod there; exemptions and the profile say why; json too', async () => {
      writeTree(dir, {
        'cluster/admission.yaml': ADMISSION,
        'apps/all.yaml': `${API('kube-system')}---\n${API(null)}`,
      });
      const at = await run(['explain', 'apps/all.yaml:3'], { cwd: dir });
      assert.equal(at.code, 0);
      assert.match(at.out, /^apps\/all\.yaml:1 {2}Deployment kube-system\/api\n {2}not judged: Namespace "kube-system" is exempt from Pod Security Admission/);
      assert.match(at.out, /exemption: admission configuration admission\.yaml:8 .* — cluster\/admission\.yaml:8/);
      assert.doesNotMatch(at.out, /all\.yaml:13/);
      const j = JSON.parse((await run(['explain', 'apps/all.yaml', '--format', 'json'], { cwd: dir })).out);
      assert.deepEqual(
        j.files[0].pods.map((p: { judgedBy: string }) => p.judgedBy),
        ['exempt', 'modes'],
      );
      assert.deepEqual(j.files[0].pods[1].modes[0], {
        mode: 'enforce',
        level: 'restricted',
        version: 'latest',
        source: {
          kind: 'admission-configuration',
          detail: 'admission configuration admission.yaml:8 (the only admission configuration among the files)',
          file: 'cluster/admission.yaml',
          line: 8,
        },
      });
      const alone = await run(['explain', 'apps/all.yaml:14', '--in', 'apps'], { cwd: dir });
      assert.match(
        alone.out,
        /judged by the profile setting \(restricted: enforce baseline:latest, warn restricted:latest\)\n {2}why: the pod names no namespace/,
      );
      const nothing = await run(['explain', 'apps/all.yaml:40'], { cwd: dir });
      assert.equal(nothing.code, 2);
      assert.match(nothing.err, /apps\/all\.yaml:40: no object with a pod spec holds this line/);
    });

    it('a Kustomize patch: says it is judged as one, where it is listed, and in which namespace', async () => {
      const cwd = path.join(EXAMPLES, 'kustomize');
      const r = await run(['explain', 'overlays/staging/patches/debug.yaml', 'overlays/prod/patches/replicas.yaml'], { cwd });
      assert.equal(r.code, 0, r.err);
      assert.match(
        r.out,
        /^overlays\/staging\/patches\/debug\.yaml:2 {2}Deployment api\n {2}kustomize: Judged as a Kustomize patch \(listed under patchesStrategicMerge in \.\.\/kustomization\.yaml:8\): a setting it leaves out keeps the value of the object it patches, so only the values it sets are judged, and fixes add nothing it leaves out\. Its pods are judged in namespace "shop-staging"/,
      );
      assert.match(r.out, /why: namespace "shop-staging" sets no Pod Security labels/);
      assert.match(
        r.out,
        /overlays\/prod\/patches\/replicas\.yaml: no object with a pod spec\n {2}kustomize: a patch, listed under patches in \.\.\/kustomization\.yaml:10\n/,
      );
      const j = JSON.parse((await run(['explain', 'overlays/staging/patches/debug.yaml', '--format', 'json'], { cwd })).out);
      assert.match(j.files[0].pods[0].kustomizePatch, /^Judged as a Kustomize patch/);
      // the same patch checked alone, without the kustomization: a whole Deployment
      const alone = await run(['explain', 'overlays/staging/patches/debug.yaml', '--in', 'overlays/staging/patches'], { cwd });
      assert.doesNotMatch(alone.out, /kustomize:/);
    });

    it('podsec check on an overlay reports the values its patches set and nothing they leave out', async () => {
      const r = await run(['check', 'kustomize/', '--format', 'json'], { cwd: EXAMPLES });
      const report = JSON.parse(r.out) as JsonReport;
      const found = report.files.flatMap((f) => f.findings.map((x) => `${f.path} ${x.ruleId} ${x.range.start.line + 1}`));
      assert.deepEqual(found, [
        'kustomize/overlays/staging/patches/debug.yaml allow-privilege-escalation 12',
        'kustomize/overlays/staging/patches/debug.yaml capabilities-restricted 14',
      ]);
      const alone = JSON.parse(
        (await run(['check', 'kustomize/overlays/prod/patches/resources.yaml', '--format', 'json'], { cwd: EXAMPLES })).out,
      ) as JsonReport;
      assert.equal(alone.files[0].findings.length, 4, 'checked without its kustomization, the patch is a whole Deployment');
    });
  });
});
