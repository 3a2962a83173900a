/**
 * What a file is, read without parsing: the editor reports YAML syntax only in files that look
 * like Kubernetes objects or are RKE2 configs (a CI workflow's syntax is another tool's business).
 */
import * as assert from 'node:assert/strict';
import { extractFacts } from '../../../server/src/engine/cluster/facts';
import { claimsAsRke2Config, looksLikeManifest, RKE2_MARKER_LINES, rke2FileKind, topLevelKeys } from '../../../server/src/engine/file-kind';
import { analyzeText } from '../../../server/src/engine/pipeline';
import { resolveRuleSet } from '../../../server/src/engine/profiles';

describe('file kinds', () => {
  it('a manifest has a top-level apiVersion or kind, also quoted (JSON) and in a document too broken to parse', () => {
    assert.equal(looksLikeManifest('apiVersion: v1\nkind: Pod\n'), true);
    assert.equal(looksLikeManifest('# a pod\nkind:   Pod\n'), true);
    assert.equal(looksLikeManifest('{"apiVersion": "v1", "kind": "Pod"}'), true);
    assert.equal(looksLikeManifest("'kind' : Pod\r\n"), true);
    assert.equal(looksLikeManifest('apiVersion: v1\nkind: [Pod\nspec: {\n'), true);
    assert.equal(looksLikeManifest('---\r\nname: ci\r\n---\rkind: Job\r'), true);
  });

  it('a nested apiVersion, a key that only starts with kind, or another YAML file is not a manifest', () => {
    assert.equal(looksLikeManifest('name: ci\non: push\njobs:\n  build:\n    runs-on: ubuntu-latest\n'), false);
    assert.equal(looksLikeManifest('spec:\n  apiVersion: v1\n  kind: Pod\n'), false);
    assert.equal(looksLikeManifest('kinds: [a, b]\napiVersions: []\n'), false);
    assert.equal(looksLikeManifest(''), false);
  });

  it(`the RKE2 marker counts in the first ${RKE2_MARKER_LINES} lines, among comments and document markers only`, () => {
    const comments = (n: number) => Array.from({ length: n }, (_, i) => `# line ${i + 1}\n`).join('');
    assert.equal(claimsAsRke2Config('node.yaml', `${comments(RKE2_MARKER_LINES - 1)}# podsec: rke2-config\ntoken: a\n`), true);
    assert.equal(claimsAsRke2Config('node.yaml', `${comments(RKE2_MARKER_LINES)}# podsec: rke2-config\ntoken: a\n`), false);
    assert.equal(claimsAsRke2Config('node.yaml', '---\r# podsec: rke2-config\rtoken: a\r'), true);
    assert.equal(claimsAsRke2Config('node.yaml', '\n\n#  podsec:   rke2-config  \n'), true);
    assert.equal(claimsAsRke2Config('node.yaml', 'token: a # podsec: rke2-config\n'), false);
    assert.equal(claimsAsRke2Config(undefined, 'token: a\n'), false);
    assert.equal(claimsAsRke2Config('C:\\nodes\\a\\etc\\rancher\\rke2\\config.yaml.d\\10-x.yml', 'token: a\n'), true);
  });
});

/**
 * RKE2 configs at other paths (issue 16): `rke2_config.yaml`, `rke2-config.yml`, Ansible templates
 * of `config.yaml`, recognised by their keys with a rule that keeps ordinary YAML quiet.
 */
describe('RKE2 configs recognised by their keys', () => {
  const server = 'token: my-shared-secret\ntls-san:\n  - rke2.example.com\nwrite-kubeconfig-mode: "0640"\ncni: canal\n';
  const cases: { name: string; path: string; text: string; why: string | undefined }[] = [
    {
      name: 'a server config at another path',
      path: '/repo/nodes/server-1.yaml',
      text: server,
      why: 'its top-level keys are all RKE2 config keys, among them tls-san and write-kubeconfig-mode',
    },
    {
      name: 'one RKE2-only key is enough when the file name says rke2',
      path: '/repo/ansible/files/rke2_config.yaml',
      text: 'token: abc\nnode-label:\n  - "role=edge"\n',
      why: 'its top-level keys are all RKE2 config keys, among them node-label, and its name says rke2',
    },
    {
      name: 'keys with + append, and keys in quotes',
      path: '/repo/rke2-config.yml',
      text: '"kube-apiserver-arg+": ["audit-log-maxage=30"]\nkubelet-arg+:\n  - max-pods=200\n',
      why: 'its top-level keys are all RKE2 config keys, among them kube-apiserver-arg and kubelet-arg, and its name says rke2',
    },
    {
      name: 'an Ansible template: Jinja statements and values around the keys',
      path: '/repo/roles/rke2/templates/config.yaml',
      text: '---\n{% if rke2_server %}\nwrite-kubeconfig-mode: "{{ mode }}"\ncluster-init: true\n{% endif %}\n{# SANs of every server #}\ntls-san:\n{% for h in groups.servers %}\n  - {{ h }}\n{% endfor %}\n',
      why: 'its top-level keys are all RKE2 config keys, among them write-kubeconfig-mode and tls-san',
    },
    {
      name: 'an app config with the keys other tools use too',
      path: '/srv/app/config.yaml',
      text: 'server: https://api.example.com\ntoken: abc\ndebug: true\nprofile: prod\n',
      why: undefined,
    },
    { name: 'one RKE2-only key, no rke2 in the name', path: '/srv/app/settings.yaml', text: 'tls-san: [a.example.com]\ntoken: abc\n', why: undefined },
    { name: 'a key RKE2 does not know (a K3s flannel setting)', path: '/repo/node.yaml', text: server + 'flannel-iface: eth1\n', why: undefined },
    { name: 'a K3s config at a k3s path', path: '/repo/k3s/config.yaml', text: server, why: undefined },
    {
      name: 'an Ansible vars file about RKE2',
      path: '/repo/group_vars/rke2.yml',
      text: 'rke2_token: abc\nrke2_cni: cilium\nrke2_tls_san: [a]\n',
      why: undefined,
    },
    { name: 'a Kubernetes object', path: '/repo/rke2-cm.yaml', text: 'apiVersion: v1\nkind: ConfigMap\ndata:\n  tls-san: x\n', why: undefined },
    { name: 'a list, not a mapping', path: '/repo/rke2.yaml', text: '- tls-san\n- kubelet-arg\n', why: undefined },
    {
      name: 'a cloud-init file that embeds the config in a block scalar',
      path: '/repo/rke2-userdata.yaml',
      text: 'write_files:\n  - path: /etc/rancher/rke2/config.yaml\n    content: |\n      tls-san: [a]\n',
      why: undefined,
    },
  ];
  for (const c of cases) {
    it(`${c.why ? '' : 'not: '}${c.name}`, () => {
      const how = rke2FileKind(c.path, c.text);
      assert.equal(how?.why, c.why);
      if (c.why) assert.deepEqual({ role: how!.role, byContent: how!.byContent }, { role: 'standalone', byContent: true });
      assert.equal(claimsAsRke2Config(c.path, c.text), !!c.why);
    });
  }

  it('a path or the marker decides first, and is not reported as recognised by content', () => {
    assert.deepEqual(rke2FileKind('/etc/rancher/rke2/config.yaml', server), { role: 'main', why: 'its path (rancher/rke2/config.yaml)' });
    assert.deepEqual(rke2FileKind('/repo/node.yaml', `# podsec: rke2-config\n${server}`), { role: 'standalone', why: 'the comment "# podsec: rke2-config"' });
  });

  it('the top-level keys of the first document, read without parsing', () => {
    assert.deepEqual(topLevelKeys('# c\n---\na: 1\nb:\n  c: 2\n"d e": x\n---\nf: 3\n'), ['a', 'b', 'd e']);
    assert.equal(topLevelKeys('- a\n'), undefined);
    assert.equal(topLevelKeys('{a: 1}\n'), undefined);
    assert.equal(topLevelKeys('# only a comment\n'), undefined);
  });

  it('the analysis says why it reads a file as an RKE2 config, on its first key; the facts carry the same reason', () => {
    const text = `# RKE2 settings, copied to the nodes by Ansible\n${server}`;
    const res = analyzeText(text, resolveRuleSet({ filePath: '/repo/ansible/files/rke2_config.yaml' }));
    const notes = res.findings.filter((f) => f.ruleId === 'rke2-config-recognized');
    assert.deepEqual(
      notes.map((f) => [f.severity, f.range.start.line, text.slice(f.offset[0], f.offset[1])]),
      [['info', 1, 'token']],
    );
    assert.equal(
      notes[0].message,
      'podsec reads this file as an RKE2 config because its top-level keys are all RKE2 config keys, among them tls-san and write-kubeconfig-mode, and its name says rke2, so the RKE2 rules check it. Add the comment "# podsec: rke2-config" to say it is one, or exclude the file in .podsec.yaml if it is not.',
    );
    assert.ok(
      res.findings.some((f) => f.ruleId === 'kubelet-protect-kernel-defaults'),
      'the RKE2 rules check it',
    );
    const facts = extractFacts('/repo/ansible/files/rke2_config.yaml', text);
    assert.equal(facts.rke2?.why, 'its top-level keys are all RKE2 config keys, among them tls-san and write-kubeconfig-mode, and its name says rke2');
    // the marker says it in the file: no note
    const marked = analyzeText(`# podsec: rke2-config\n${server}`, resolveRuleSet({ filePath: '/repo/ansible/files/rke2_config.yaml' }));
    assert.ok(!marked.findings.some((f) => f.ruleId === 'rke2-config-recognized'));
  });
});
