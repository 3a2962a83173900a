/**
 * The cluster context: facts read from files, RKE2's merge of its config files, and which policy
 * judges a pod (design: DEVELOPERS.md "The engine's input: a set of files").
 */
import * as assert from 'node:assert/strict';
import { ClusterContext, changedKeys, describeMode, DEFAULTS_KEY, type PolicyDecision, type ProfilePolicy } from '../../../server/src/engine/cluster/context';
import { extractFacts } from '../../../server/src/engine/cluster/facts';
import { policyFromDefaults } from '../../../server/src/engine/cluster/psa';
import { mergeRke2, scalarText } from '../../../server/src/engine/cluster/rke2';
import type { FileFacts, Rke2Recognition } from '../../../server/src/engine/cluster/types';

/** The restricted profile read as a policy: enforce baseline, warn restricted. */
const PROFILE: ProfilePolicy = policyFromDefaults({ enforce: 'baseline', warn: 'restricted' }).policy;

function rke2Role(path: string): Rke2Recognition | undefined {
  if (/rancher\/rke2\/config\.yaml$/.test(path)) return { role: 'main', why: 'path' };
  if (/rancher\/rke2\/config\.yaml\.d\/[^/]+\.ya?ml$/i.test(path)) return { role: 'drop-in', why: 'path' };
  return undefined;
}

function context(files: Record<string, string>): { ctx: ClusterContext; facts: Map<string, FileFacts> } {
  const facts = new Map<string, FileFacts>();
  for (const [path, text] of Object.entries(files)) facts.set(path, extractFacts(path, text, { rke2: rke2Role(path) }));
  return { ctx: new ClusterContext(facts.values()), facts };
}

function decide(ctx: ClusterContext, file: string, ns: string | null, runtimeClass: string | null = null, settings = {}): PolicyDecision {
  return ctx.view(new Set()).policyFor(file, ns, runtimeClass, settings, PROFILE);
}

function modes(d: PolicyDecision): string {
  assert.equal(d.kind, 'modes', JSON.stringify(d));
  return d.kind === 'modes' ? d.modes.map(describeMode).join(', ') : '';
}

const NS = (name: string, labels: Record<string, string>) =>
  `apiVersion: v1\nkind: Namespace\nmetadata:\n  name: ${name}\n  labels:\n${Object.entries(labels)
    .map(([k, v]) => `    pod-security.kubernetes.io/${k}: ${v}\n`)
    .join('')}`;

describe('cluster context', () => {
  describe('facts', () => {
    it('reads Namespace labels with their positions, in any document of the file', () => {
      const text = 'kind: ConfigMap\napiVersion: v1\n---\n' + NS('payments', { enforce: 'restricted', 'enforce-version': 'v1.30' });
      const f = extractFacts('/r/ns.yaml', text);
      assert.equal(f.namespaces.length, 1);
      const label = f.namespaces[0].labels['enforce-version']!;
      assert.equal(label.value, 'v1.30');
      assert.equal(text.slice(label.loc.offset[0], label.loc.offset[1]), 'pod-security.kubernetes.io/enforce-version: v1.30');
      assert.equal(label.loc.range.start.line, 9);
    });

    it('a label that is not a string keeps its text and has no value', () => {
      const f = extractFacts('/r/ns.yaml', NS('a', { 'enforce-version': '1.30' }));
      assert.deepEqual([f.namespaces[0].labels['enforce-version']!.value, f.namespaces[0].labels['enforce-version']!.written], [null, '1.30']);
    });

    it('reads an AdmissionConfiguration with an inline PodSecurity configuration and a standalone PodSecurityConfiguration', () => {
      const ac = extractFacts(
        '/r/ac.yaml',
        'apiVersion: apiserver.config.k8s.io/v1\nkind: AdmissionConfiguration\nplugins:\n- name: EventRateLimit\n  path: erl.yaml\n- name: PodSecurity\n  configuration:\n    apiVersion: pod-security.admission.config.k8s.io/v1\n    kind: PodSecurityConfiguration\n    defaults:\n      enforce: restricted\n    exemptions:\n      namespaces: [kube-system]\n',
      );
      assert.equal(ac.psaConfigs[0].defaults.enforce!.value, 'restricted');
      assert.deepEqual(
        ac.psaConfigs[0].exemptions.namespaces.map((n) => n.value),
        ['kube-system'],
      );
      const psc = extractFacts(
        '/r/psc.yaml',
        'apiVersion: pod-security.admission.config.k8s.io/v1beta1\nkind: PodSecurityConfiguration\ndefaults:\n  warn: baseline\n',
      );
      assert.equal(psc.psaConfigs[0].kind, 'PodSecurityConfiguration');
      assert.equal(psc.psaConfigs[0].defaults.warn!.value, 'baseline');
    });

    it('a file without anything other files depend on is not parsed for facts', () => {
      const f = extractFacts('/r/bad.yaml', 'kind: Pod\nspec: [unclosed\n');
      assert.deepEqual([f.namespaces, f.psaConfigs, f.rke2, f.kustomization], [[], [], null, null]);
    });
  });

  describe("RKE2's merge of config.yaml and its drop-ins (k3s pkg/configfilearg readConfigFile)", () => {
    const merged = (files: Record<string, string>) => {
      const { ctx } = context(files);
      return ctx.view(new Set()).rke2For(Object.keys(files)[0])!;
    };

    it('later files win, drop-ins in file-name order, a key keeps its first-seen place', () => {
      const m = merged({
        '/n/etc/rancher/rke2/config.yaml': 'profile: cis\nwrite-kubeconfig-mode: "0644"\n',
        '/n/etc/rancher/rke2/config.yaml.d/20-b.yaml': 'write-kubeconfig-mode: "0600"\n',
        '/n/etc/rancher/rke2/config.yaml.d/10-a.yml': 'write-kubeconfig-mode: "0640"\nprofile: ""\n',
      });
      assert.deepEqual(
        m.files.map((f) => f.path.split('/').pop()),
        ['config.yaml', '10-a.yml', '20-b.yaml'],
      );
      assert.equal(scalarText(m.keys.get('write-kubeconfig-mode')), '0600');
      assert.equal(m.keys.get('write-kubeconfig-mode')!.decidedBy.file, '/n/etc/rancher/rke2/config.yaml.d/20-b.yaml');
      assert.equal(scalarText(m.keys.get('profile')), '');
      assert.deepEqual([...m.keys.keys()], ['profile', 'write-kubeconfig-mode']);
    });

    it('key+ appends to the list so far (a scalar counts as one item); a later key without + replaces it', () => {
      const m = merged({
        '/n/etc/rancher/rke2/config.yaml': 'kubelet-arg: [a=1, b=2]\n',
        '/n/etc/rancher/rke2/config.yaml.d/10.yaml': 'kubelet-arg+: c=3\n',
      });
      const v = m.keys.get('kubelet-arg')!.value;
      assert.equal(v.kind, 'list');
      assert.deepEqual(v.kind === 'list' && v.items.map((i) => [i.value, i.file.split('/').pop()]), [
        ['a=1', 'config.yaml'],
        ['b=2', 'config.yaml'],
        ['c=3', '10.yaml'],
      ]);
      const replaced = merged({
        '/n/etc/rancher/rke2/config.yaml': 'kubelet-arg: [a=1]\n',
        '/n/etc/rancher/rke2/config.yaml.d/10.yaml': 'kubelet-arg+: [b=2]\n',
        '/n/etc/rancher/rke2/config.yaml.d/20.yaml': 'kubelet-arg: [z=9]\n',
      });
      const r = replaced.keys.get('kubelet-arg')!.value;
      assert.deepEqual(r.kind === 'list' && r.items.map((i) => i.value), ['z=9']);
    });

    it('the merge equals applying the files one by one (written out by hand)', () => {
      const files = [
        { path: '/x/rancher/rke2/config.yaml', text: 'a: 1\nl: [x]\n' },
        { path: '/x/rancher/rke2/config.yaml.d/1.yaml', text: 'l+: [w, y]\nb: 2\n' },
        { path: '/x/rancher/rke2/config.yaml.d/2.yaml', text: 'a: 3\nl+: z\n' },
      ];
      const m = mergeRke2(
        '/x/rancher/rke2',
        files.map((f) => ({ path: f.path, fact: extractFacts(f.path, f.text, { rke2: rke2Role(f.path) }).rke2! })),
      );
      const plain = Object.fromEntries(
        [...m.keys].map(([k, v]) => [k, v.value.kind === 'list' ? v.value.items.map((i) => i.value) : v.value.kind === 'scalar' ? v.value.item.value : null]),
      );
      // RKE2 reads its files with go-yaml v2, where a plain `y` is the boolean true
      assert.deepEqual(plain, { a: 3, l: ['x', 'w', true, 'z'], b: 2 });
    });
  });

  describe('which policy judges a pod', () => {
    it('without namespaces or cluster configuration: the profile setting', () => {
      const { ctx } = context({ '/r/app.yaml': 'kind: Pod\n' });
      assert.equal(decide(ctx, '/r/app.yaml', 'payments').kind, 'profile');
      assert.equal(decide(ctx, '/r/app.yaml', null).kind, 'profile');
    });

    it('namespace labels in another file set the modes; unlabelled modes keep the profile', () => {
      const { ctx } = context({ '/r/ns.yaml': NS('payments', { enforce: 'restricted', 'enforce-version': 'v1.30' }), '/r/team/app.yaml': 'kind: Pod\n' });
      const d = decide(ctx, '/r/team/app.yaml', 'payments');
      // warn keeps the profile's restricted:latest: PSA raises warn only when enforce is stricter
      assert.equal(modes(d), 'enforce restricted:v1.30, audit privileged:latest, warn restricted:latest');
      assert.equal(d.kind === 'modes' && d.modes[0].source.kind, 'namespace-label');
      assert.match(d.kind === 'modes' ? d.modes[0].source.detail : '', /namespace "payments" label pod-security.kubernetes.io\/enforce \(ns\.yaml:6\)/);
      const mixed = context({ '/r/ns.yaml': NS('shop', { warn: 'restricted' }) }).ctx;
      assert.equal(modes(decide(mixed, '/r/a.yaml', 'shop')), 'enforce baseline:latest, audit privileged:latest, warn restricted:latest');
    });

    it('a pod without a namespace takes the configured default namespace', () => {
      const { ctx } = context({ '/r/ns.yaml': NS('team', { enforce: 'privileged' }) });
      assert.equal(decide(ctx, '/r/a.yaml', null).kind, 'profile');
      assert.equal(
        modes(decide(ctx, '/r/a.yaml', null, null, { namespace: 'team' })),
        'enforce privileged:latest, audit privileged:latest, warn restricted:latest',
      );
    });

    it('the only admission configuration among the files sets the defaults and exemptions', () => {
      const { ctx } = context({
        '/r/ac.yaml':
          'apiVersion: pod-security.admission.config.k8s.io/v1\nkind: PodSecurityConfiguration\ndefaults:\n  enforce: baseline\n  audit: restricted\nexemptions:\n  namespaces: [kube-system]\n  runtimeClasses: [kata]\n',
      });
      assert.equal(modes(decide(ctx, '/r/a.yaml', 'x')), 'enforce baseline:latest, audit restricted:latest, warn privileged:latest');
      const ex = decide(ctx, '/r/a.yaml', 'kube-system');
      assert.equal(ex.kind === 'exempt' && ex.reason, 'namespace');
      const rc = decide(ctx, '/r/a.yaml', 'x', 'kata');
      assert.equal(rc.kind === 'exempt' && rc.reason, 'runtimeClass');
    });

    it('several admission configurations and none named: the profile, and the decision says how to choose', () => {
      const pc = 'apiVersion: pod-security.admission.config.k8s.io/v1\nkind: PodSecurityConfiguration\ndefaults: {enforce: restricted}\n';
      const { ctx } = context({ '/r/a.yaml': pc, '/r/b.yaml': pc });
      const d = decide(ctx, '/r/x.yaml', 'ns');
      assert.equal(d.kind, 'profile');
      assert.match(d.kind === 'profile' ? d.why : '', /admissionConfiguration/);
      assert.equal(
        modes(decide(ctx, '/r/x.yaml', 'ns', null, { admissionConfiguration: '/r/b.yaml' })),
        'enforce restricted:latest, audit privileged:latest, warn privileged:latest',
      );
    });

    it("an RKE2 config governs the files under its node root: RKE2's default privileged policy, or its CIS policy", () => {
      const plain = context({ '/r/node/etc/rancher/rke2/config.yaml': 'token: x\n', '/r/node/manifests/app.yaml': 'kind: Pod\n' }).ctx;
      assert.equal(modes(decide(plain, '/r/node/manifests/app.yaml', 'default')), 'enforce privileged:latest, audit privileged:latest, warn privileged:latest');
      assert.equal(decide(plain, '/r/elsewhere/app.yaml', 'default').kind, 'profile');
      const cis = context({ '/r/node/etc/rancher/rke2/config.yaml': 'token: x\n', '/r/node/etc/rancher/rke2/config.yaml.d/50-cis.yaml': 'profile: cis\n' }).ctx;
      assert.equal(modes(decide(cis, '/r/node/app.yaml', 'web')), 'enforce restricted:latest, audit restricted:latest, warn restricted:latest');
      assert.equal(decide(cis, '/r/node/app.yaml', 'kube-system').kind, 'exempt');
    });

    it('pod-security-admission-config-file names a node path, found in the repository', () => {
      const { ctx } = context({
        '/r/node/etc/rancher/rke2/config.yaml': 'profile: cis\npod-security-admission-config-file: /etc/rancher/rke2/psa.yaml\n',
        '/r/node/etc/rancher/rke2/psa.yaml':
          'apiVersion: apiserver.config.k8s.io/v1\nkind: AdmissionConfiguration\nplugins:\n- name: PodSecurity\n  configuration:\n    apiVersion: pod-security.admission.config.k8s.io/v1\n    kind: PodSecurityConfiguration\n    defaults: {enforce: baseline, warn: restricted}\n',
      });
      assert.equal(modes(decide(ctx, '/r/node/app.yaml', 'web')), 'enforce baseline:latest, audit privileged:latest, warn restricted:latest');
      const missing = context({ '/r/node/etc/rancher/rke2/config.yaml': 'pod-security-admission-config-file: /etc/rancher/rke2/none.yaml\n' }).ctx;
      const d = decide(missing, '/r/node/app.yaml', 'web');
      assert.equal(d.kind, 'profile');
      assert.match(d.kind === 'profile' ? d.why : '', /none\.yaml is not among the files read/);
    });

    it('namespace labels win over the cluster defaults mode by mode; exemptions win over labels', () => {
      const { ctx } = context({
        '/r/ac.yaml':
          'apiVersion: pod-security.admission.config.k8s.io/v1\nkind: PodSecurityConfiguration\ndefaults: {enforce: restricted}\nexemptions: {namespaces: [legacy]}\n',
        '/r/ns.yaml': NS('kube-system', { enforce: 'privileged' }) + '---\n' + NS('legacy', { enforce: 'restricted' }),
      });
      assert.equal(modes(decide(ctx, '/r/a.yaml', 'kube-system')), 'enforce privileged:latest, audit privileged:latest, warn privileged:latest');
      assert.equal(decide(ctx, '/r/a.yaml', 'legacy').kind, 'exempt');
    });

    it('reads are recorded as dependency keys, and a changed label changes exactly its key', () => {
      // same length, so namespace b stays where it is (a moved fact is a changed fact)
      const before = extractFacts('/r/ns.yaml', NS('a', { enforce: 'restricted' }) + '---\n' + NS('b', { enforce: 'baseline' }));
      const after = extractFacts('/r/ns.yaml', NS('a', { enforce: 'privileged' }) + '---\n' + NS('b', { enforce: 'baseline' }));
      const reads = new Set<string>();
      new ClusterContext([before]).view(reads).policyFor('/r/x.yaml', 'a', null, {}, PROFILE);
      assert.deepEqual([...reads].sort(), [DEFAULTS_KEY, 'index:ready', 'ns:a']);
      assert.deepEqual([...changedKeys(before, after)], ['ns:a']);
    });

    it('a file given twice counts once: its last facts win, and a namespace is not declared twice', () => {
      const old = extractFacts('/r/ns.yaml', NS('a', { enforce: 'baseline' }));
      const now = extractFacts('/r/ns.yaml', NS('a', { enforce: 'restricted' }));
      const d = new ClusterContext([old, now]).view(new Set()).policyFor('/r/x.yaml', 'a', null, {}, PROFILE);
      assert.equal(modes(d), 'enforce restricted:latest, audit privileged:latest, warn restricted:latest');
      assert.deepEqual(d.kind === 'modes' && d.notes, []);
    });

    it('an index that is not ready judges by the profile and says why', () => {
      const f = extractFacts('/r/ns.yaml', NS('a', { enforce: 'restricted' }));
      const d = new ClusterContext([f], false).view(new Set()).policyFor('/r/x.yaml', 'a', null, {}, PROFILE);
      assert.equal(d.kind, 'profile');
    });
  });
});
