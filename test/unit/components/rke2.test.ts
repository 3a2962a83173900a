/**
 * What an RKE2 node runs its components with: RKE2's own flags, the user's `*-arg` entries
 * combined as k3s GetArgs combines them (k3s-io/k3s pkg/daemons/config/types.go), the flags RKE2
 * prepends to kube-apiserver (rancher/rke2 pkg/executor/staticpod/staticpod.go), the kubelet
 * drop-in RKE2 writes, and the file and line that decide each value.
 */
import * as assert from 'node:assert/strict';
import { extractFacts } from '../../../server/src/engine/cluster/facts';
import type { Rke2File } from '../../../server/src/engine/cluster/rke2';
import { rke2Node, type Rke2Node } from '../../../server/src/engine/components/rke2';

const DIR = '/n/etc/rancher/rke2';

function node(files: Record<string, string>): Rke2Node {
  const list: Rke2File[] = Object.entries(files).map(([name, text]) => {
    const path = `${DIR}/${name}`;
    const role = name === 'config.yaml' ? 'main' : 'drop-in';
    return { path, fact: extractFacts(path, text, { rke2: { role, why: 'path' } }).rke2! };
  });
  return rke2Node(DIR, list);
}

/** value, who sets it, and the texts of the user entries that decide it */
function read(n: Rke2Node, component: Parameters<Rke2Node['setting']>[0], flag: string) {
  const s = n.setting(component, flag);
  const refs = s.origin.by === 'user' ? s.origin.refs.map((r) => `${r.file.replace(`${DIR}/`, '')}:${r.text}`) : [];
  return { value: s.value, by: s.origin.by, refs, onCommandLine: s.onCommandLine };
}

describe('RKE2 component settings', () => {
  it("RKE2's own flags apply when nothing overrides them; unset flags fall back to the component's default", () => {
    const n = node({ 'config.yaml': 'token: abc\n' });
    assert.deepEqual(read(n, 'kube-apiserver', 'anonymous-auth'), { value: 'false', by: 'rke2', refs: [], onCommandLine: true });
    assert.deepEqual(read(n, 'kube-controller-manager', 'bind-address'), { value: '127.0.0.1', by: 'rke2', refs: [], onCommandLine: true });
    assert.deepEqual(read(n, 'kube-apiserver', 'tls-min-version'), { value: undefined, by: 'component', refs: [], onCommandLine: false });
    assert.deepEqual(read(n, 'kube-apiserver', 'audit-log-mode'), { value: 'blocking', by: 'component', refs: [], onCommandLine: false });
  });

  it('an entry replaces the default; flag+= appends to it, flag-= prepends; one leading -- is trimmed', () => {
    const n = node({
      'config.yaml':
        'kube-apiserver-arg:\n  - --authorization-mode=RBAC\n  - tls-cipher-suites+=TLS_AES_128_GCM_SHA256\n  - enable-admission-plugins-=AlwaysPullImages\n',
    });
    assert.equal(n.setting('kube-apiserver', 'authorization-mode').value, 'RBAC');
    assert.deepEqual(n.setting('kube-apiserver', 'tls-cipher-suites').items.slice(-2), ['TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305', 'TLS_AES_128_GCM_SHA256']);
    assert.equal(n.setting('kube-apiserver', 'enable-admission-plugins').value, 'AlwaysPullImages,NodeRestriction');
    assert.deepEqual(read(n, 'kube-apiserver', 'authorization-mode').refs, ['config.yaml:--authorization-mode=RBAC']);
  });

  it('repeated entries all reach the command line: the last wins for a scalar flag, slices accumulate', () => {
    const n = node({ 'config.yaml': 'kube-apiserver-arg: [audit-log-maxage=5, audit-log-maxage=40, authorization-mode=Node, authorization-mode=RBAC]\n' });
    assert.deepEqual(read(n, 'kube-apiserver', 'audit-log-maxage'), {
      value: '40',
      by: 'user',
      refs: ['config.yaml:audit-log-maxage=40'],
      onCommandLine: true,
    });
    assert.equal(n.setting('kube-apiserver', 'authorization-mode').value, 'Node,RBAC');
  });

  it('a bare entry means true; a single-dash entry does not set the flag (the component rejects it)', () => {
    const n = node({ 'config.yaml': 'kube-apiserver-arg: [anonymous-auth, -profiling=true]\n' });
    assert.equal(n.setting('kube-apiserver', 'anonymous-auth').value, 'true');
    assert.equal(n.setting('kube-apiserver', 'profiling').value, 'false');
    assert.deepEqual(
      n.malformed('kube-apiserver').map((r) => r.text),
      ['-profiling=true'],
    );
  });

  it('drop-ins: later files win, key+ appends, a plain key replaces the list so far', () => {
    const n = node({
      'config.yaml': 'kube-apiserver-arg:\n  - audit-log-maxage=30\n  - audit-log-maxsize=100\n',
      'config.yaml.d/10-a.yaml': 'kube-apiserver-arg+:\n  - audit-log-maxage=60\n',
      'config.yaml.d/20-b.yaml': 'kube-apiserver-arg:\n  - audit-log-maxbackup=10\n',
    });
    assert.deepEqual(read(n, 'kube-apiserver', 'audit-log-maxbackup').refs, ['config.yaml.d/20-b.yaml:audit-log-maxbackup=10']);
    assert.equal(n.setting('kube-apiserver', 'audit-log-maxage').origin.by, 'component', '20-b replaced the list: no maxage any more');
    const home = n.argsHome('kube-apiserver', 'audit-log-maxage');
    assert.equal(home?.file, `${DIR}/config.yaml.d/20-b.yaml`);
    assert.equal(home?.dropped?.earlier, `${DIR}/config.yaml.d/10-a.yaml`);
    assert.equal(n.argsHome('kube-apiserver', 'audit-log-path')?.dropped, undefined, 'nothing dropped audit-log-path');
  });

  it('a missing flag belongs in the main config when no drop-in replaces the list; drop-ins alone have no home', () => {
    const n = node({ 'config.yaml': 'token: abc\n', 'config.yaml.d/10-a.yaml': 'kube-apiserver-arg+: [audit-log-maxage=30]\n' });
    assert.equal(n.argsHome('kube-apiserver', 'audit-log-path')?.file, `${DIR}/config.yaml`);
    const dropInsOnly = node({ 'config.yaml.d/10-a.yaml': 'kube-apiserver-arg+: [audit-log-maxage=30]\n' });
    assert.equal(dropInsOnly.argsHome('kube-apiserver', 'audit-log-path'), undefined);
  });

  it('audit logging: audit-policy-file or profile: cis make RKE2 prepend its audit flags; the user still wins', () => {
    const off = node({ 'config.yaml': 'token: abc\n' });
    assert.equal(off.setting('kube-apiserver', 'audit-policy-file').origin.by, 'component');
    const cis = node({ 'config.yaml': 'profile: cis\nkube-apiserver-arg: [audit-log-maxage=7]\n' });
    assert.equal(cis.setting('kube-apiserver', 'audit-policy-file').value, '/etc/rancher/rke2/audit-policy.yaml');
    assert.equal(cis.setting('kube-apiserver', 'audit-log-maxbackup').value, '10');
    assert.equal(cis.setting('kube-apiserver', 'audit-log-path').value, '/var/lib/rancher/rke2/server/logs/audit.log');
    assert.deepEqual(read(cis, 'kube-apiserver', 'audit-log-maxage').refs, ['config.yaml:audit-log-maxage=7']);
    const own = node({ 'config.yaml': 'audit-policy-file: /etc/rke2/audit.yaml\nkube-apiserver-arg: [audit-log-path=/var/log/apiserver/audit.log]\n' });
    assert.equal(own.setting('kube-apiserver', 'audit-policy-file').value, '/etc/rke2/audit.yaml');
    assert.equal(own.setting('kube-apiserver', 'audit-log-path').value, '/var/log/apiserver/audit.log');
  });

  it('kubelet: flags first, then the drop-in RKE2 writes (protect-kernel-defaults from the option or profile: cis)', () => {
    const plain = node({ 'config.yaml': 'token: abc\n' });
    assert.deepEqual(read(plain, 'kubelet', 'anonymous-auth'), { value: 'false', by: 'rke2', refs: [], onCommandLine: false });
    assert.deepEqual(read(plain, 'kubelet', 'read-only-port'), { value: '0', by: 'rke2', refs: [], onCommandLine: true });
    assert.equal(plain.setting('kubelet', 'protect-kernel-defaults').value, 'false');
    assert.equal(node({ 'config.yaml': 'profile: cis\n' }).setting('kubelet', 'protect-kernel-defaults').value, 'true');
    assert.deepEqual(read(node({ 'config.yaml': 'protect-kernel-defaults: yes\n' }), 'kubelet', 'protect-kernel-defaults'), {
      value: 'true',
      by: 'user',
      refs: ['config.yaml:true'],
      onCommandLine: false,
    });
    const flag = node({ 'config.yaml': 'profile: cis\n', 'config.yaml.d/90-x.yaml': 'kubelet-arg+: [protect-kernel-defaults=false]\n' });
    assert.deepEqual(read(flag, 'kubelet', 'protect-kernel-defaults'), {
      value: 'false',
      by: 'user',
      refs: ['config.yaml.d/90-x.yaml:protect-kernel-defaults=false'],
      onCommandLine: true,
    });
  });
});
