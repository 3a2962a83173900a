import * as assert from 'node:assert/strict';
import { analyzeText } from '../../../server/src/engine/analyze';
import { claimsAsRke2Config, isCisProfile, rke2ConfigKind } from '../../../server/src/engine/rules/kubelet-protect-kernel-defaults';
import { crlf, ruleTester, y } from '../rule-tester';
import { resolveRuleSet } from '../../../server/src/engine/profiles';

const RULE = 'kubelet-protect-kernel-defaults';
const MAIN = '/etc/rancher/rke2/config.yaml';
const DROP_IN = '/etc/rancher/rke2/config.yaml.d/50-kubelet.yaml';
const EFFECT = 'so the kubelet may rewrite kernel settings instead of refusing to start when they differ from its defaults.';
const NEITHER = `This RKE2 config sets neither protect-kernel-defaults: true nor a CIS profile, ${EFFECT}`;

const server = y`
  write-kubeconfig-mode: "0600"
  tls-san:
    - rke2.example.com
`;

ruleTester(RULE, {
  valid: [
    // RKE2 config files
    { name: 'main config sets it', filePath: MAIN, noPodSpec: true, code: server + 'protect-kernel-defaults: true\n' },
    { name: 'profile: cis turns it on', filePath: MAIN, noPodSpec: true, code: server + 'profile: cis\n' },
    { name: 'profile: cis-1.23', filePath: MAIN, noPodSpec: true, code: server + 'profile: cis-1.23\n' },
    { name: 'profile: cis-1.6', filePath: MAIN, noPodSpec: true, code: server + 'profile: "cis-1.6"\n' },
    { name: 'YAML 1.1 yes is true', filePath: MAIN, noPodSpec: true, code: server + 'protect-kernel-defaults: yes\n' },
    { name: 'string "true" reaches the flag parser as true', filePath: MAIN, noPodSpec: true, code: server + 'protect-kernel-defaults: "true"\n' },
    { name: 'kubelet-arg list, no dashes', filePath: MAIN, noPodSpec: true, code: server + 'kubelet-arg:\n  - max-pods=200\n  - protect-kernel-defaults=true\n' },
    { name: 'kubelet-arg list, leading dashes', filePath: MAIN, noPodSpec: true, code: server + 'kubelet-arg: ["--protect-kernel-defaults=true"]\n' },
    { name: 'kubelet-arg single string', filePath: MAIN, noPodSpec: true, code: server + 'kubelet-arg: "--protect-kernel-defaults=true"\n' },
    { name: 'kubelet-arg bare flag means true', filePath: MAIN, noPodSpec: true, code: server + 'kubelet-arg:\n  - --protect-kernel-defaults\n' },
    { name: 'drop-in without the option: the main config decides', filePath: DROP_IN, noPodSpec: true, code: 'kubelet-arg+:\n  - max-pods=250\n' },
    { name: 'drop-in .yml', filePath: '/etc/rancher/rke2/config.yaml.d/10-cis.yml', noPodSpec: true, code: 'profile: cis\n' },
    { name: 'a config.yaml elsewhere is not an RKE2 config', filePath: '/srv/app/config.yaml', noPodSpec: true, code: server },
    { name: 'k3s config is not RKE2', filePath: '/etc/rancher/k3s/config.yaml', noPodSpec: true, code: server },
    { name: 'unrelated YAML with no path', noPodSpec: true, code: 'stages:\n  - build\n' },
    { name: 'Windows path, option set', filePath: 'C:\\nodes\\etc\\rancher\\rke2\\config.yaml', noPodSpec: true, code: server + 'protect-kernel-defaults: true\n' },
    { name: 'marked file with a CIS profile', filePath: 'infra/node.yaml', noPodSpec: true, code: '# podsec: rke2-config\nprofile: cis\ntoken: abc\n' },
    { name: 'template value is not judged', filePath: MAIN, noPodSpec: true, code: server + 'protect-kernel-defaults: {{ .Values.protect }}\n' },
    // KubeletConfiguration
    {
      name: 'KubeletConfiguration true',
      noPodSpec: true,
      code: y`
        apiVersion: kubelet.config.k8s.io/v1beta1
        kind: KubeletConfiguration
        protectKernelDefaults: true
      `,
    },
    {
      name: 'other config kinds are not kubelet configs',
      noPodSpec: true,
      code: y`
        apiVersion: kubeproxy.config.k8s.io/v1alpha1
        kind: KubeProxyConfiguration
        mode: ipvs
      `,
    },
    // pods that run the kubelet
    {
      name: 'kubelet with the flag in args',
      code: y`
        apiVersion: v1
        kind: Pod
        metadata: {name: node-kubelet, namespace: nodes}
        spec:
          containers:
            - name: kubelet
              image: registry.example.com/kubelet:1.31
              command: ["/usr/local/bin/kubelet"]
              args: ["--v=2", "--protect-kernel-defaults=true"]
      `,
    },
    {
      name: 'hyperkube kubelet with the flag',
      code: y`
        apiVersion: v1
        kind: Pod
        metadata: {name: node-kubelet, namespace: nodes}
        spec:
          containers:
            - name: kubelet
              image: registry.example.com/hyperkube:1.18
              command: [/hyperkube, kubelet, --protect-kernel-defaults=true]
      `,
    },
    {
      name: 'shell script running the kubelet with the flag',
      code: y`
        apiVersion: v1
        kind: Pod
        metadata: {name: node-kubelet, namespace: nodes}
        spec:
          containers:
            - name: kubelet
              image: registry.example.com/node:1.31
              command: ["/bin/sh", "-c"]
              args:
                - mkdir -p /var/lib/kubelet && exec kubelet --protect-kernel-defaults=true --v=2
      `,
    },
    {
      name: 'a script that only mentions the kubelet directory',
      code: y`
        apiVersion: batch/v1
        kind: Job
        metadata: {name: cleanup, namespace: nodes}
        spec:
          template:
            spec:
              restartPolicy: Never
              containers:
                - name: cleanup
                  image: registry.example.com/tools:1
                  command: ["sh", "-c", "rm -rf /var/lib/kubelet/pods/stale && ls /usr/bin/kubelet"]
      `,
    },
    {
      name: 'later flag wins',
      code: y`
        apiVersion: v1
        kind: Pod
        metadata: {name: node-kubelet, namespace: nodes}
        spec:
          containers:
            - name: kubelet
              image: registry.example.com/kubelet:1.31
              command: [kubelet, --protect-kernel-defaults=false, --protect-kernel-defaults=true]
      `,
    },
  ],
  invalid: [
    {
      name: 'main config without the option or a CIS profile',
      filePath: MAIN,
      code: server,
      errors: [{
        message: NEITHER,
        range: [0, 0, 0, 21],
        severity: 'error',
        fix: { title: 'Add protect-kernel-defaults: true', preferred: false, edits: [{ range: [2, 20, 2, 20], text: '\nprotect-kernel-defaults: true' }] },
      }],
      output: server + 'protect-kernel-defaults: true\n',
    },
    {
      name: 'same in the baseline profile: on in every profile',
      profile: 'baseline',
      filePath: MAIN,
      code: server,
      errors: [{ message: NEITHER, range: [0, 0, 0, 21], severity: 'error', fix: { title: 'Add protect-kernel-defaults: true', preferred: false, edits: [{ range: [2, 20, 2, 20], text: '\nprotect-kernel-defaults: true' }] } }],
      output: server + 'protect-kernel-defaults: true\n',
    },
    {
      name: 'a profile that is not CIS',
      filePath: MAIN,
      code: 'token: abc # join token\nprofile: custom-hardening\n',
      errors: [{
        message: `profile "custom-hardening" is not a CIS profile and protect-kernel-defaults is not set, ${EFFECT}`,
        range: [1, 0, 1, 25],
        fix: { title: 'Add protect-kernel-defaults: true', preferred: false, edits: [{ range: [1, 25, 1, 25], text: '\nprotect-kernel-defaults: true' }] },
      }],
      output: 'token: abc # join token\nprofile: custom-hardening\nprotect-kernel-defaults: true\n',
    },
    {
      name: 'option false even with a CIS profile',
      filePath: MAIN,
      code: 'profile: cis\nprotect-kernel-defaults: false  # breaks on our kernel\n',
      errors: [{
        message: `protect-kernel-defaults is false, ${EFFECT}`,
        range: [1, 0, 1, 30],
        fix: { title: 'Set protect-kernel-defaults: true', preferred: false, edits: [{ range: [1, 25, 1, 30], text: 'true' }] },
      }],
      output: 'profile: cis\nprotect-kernel-defaults: true  # breaks on our kernel\n',
    },
    {
      name: 'kubelet-arg list entry false (quoted, with dashes) beats a CIS profile',
      filePath: MAIN,
      code: 'profile: cis\nkubelet-arg:\n  - "max-pods=200"\n  - "--protect-kernel-defaults=false"\n',
      errors: [{
        message: `kubelet-arg passes "--protect-kernel-defaults=false" to the kubelet, ${EFFECT}`,
        range: [3, 4, 3, 37],
        fix: { title: 'Change the kubelet-arg entry to --protect-kernel-defaults=true', preferred: false, edits: [{ range: [3, 4, 3, 37], text: '"--protect-kernel-defaults=true"' }] },
      }],
      output: 'profile: cis\nkubelet-arg:\n  - "max-pods=200"\n  - "--protect-kernel-defaults=true"\n',
    },
    {
      name: 'kubelet-arg single string false, with the option true',
      filePath: MAIN,
      code: 'protect-kernel-defaults: true\nkubelet-arg: protect-kernel-defaults=false\n',
      errors: [{
        message: `kubelet-arg passes "protect-kernel-defaults=false" to the kubelet, ${EFFECT}`,
        range: [1, 13, 1, 42],
        fix: { title: 'Change the kubelet-arg entry to protect-kernel-defaults=true', preferred: false, edits: [{ range: [1, 13, 1, 42], text: 'protect-kernel-defaults=true' }] },
      }],
      output: 'protect-kernel-defaults: true\nkubelet-arg: protect-kernel-defaults=true\n',
    },
    {
      name: 'kubelet-arg flow list entry false, no profile: two findings',
      filePath: MAIN,
      code: 'token: abc\nkubelet-arg: [protect-kernel-defaults=0]\n',
      errors: [
        {
          message: `This RKE2 config sets neither protect-kernel-defaults: true nor a CIS profile, ${EFFECT}`,
          range: [0, 0, 0, 5],
          fix: { title: 'Add protect-kernel-defaults: true', preferred: false, edits: [{ range: [1, 40, 1, 40], text: '\nprotect-kernel-defaults: true' }] },
        },
        {
          message: `kubelet-arg passes "protect-kernel-defaults=0" to the kubelet, ${EFFECT}`,
          range: [1, 14, 1, 39],
          fix: { title: 'Change the kubelet-arg entry to protect-kernel-defaults=true', preferred: false, edits: [{ range: [1, 14, 1, 39], text: 'protect-kernel-defaults=true' }] },
        },
      ],
      output: [
        'token: abc\nkubelet-arg: [protect-kernel-defaults=0]\nprotect-kernel-defaults: true\n',
        'token: abc\nkubelet-arg: [protect-kernel-defaults=true]\n',
      ],
    },
    {
      name: 'drop-in sets it false',
      filePath: DROP_IN,
      code: '# node tuning\nprotect-kernel-defaults: false\n',
      errors: [{
        message: `protect-kernel-defaults is false, ${EFFECT}`,
        range: [1, 0, 1, 30],
        fix: { title: 'Set protect-kernel-defaults: true', preferred: false, edits: [{ range: [1, 25, 1, 30], text: 'true' }] },
      }],
      output: '# node tuning\nprotect-kernel-defaults: true\n',
    },
    {
      name: 'drop-in appends a false kubelet-arg',
      filePath: '/srv/nodes/etc/rancher/rke2/config.yaml.d/90-Kubelet.YML',
      code: 'kubelet-arg+:\n- protect-kernel-defaults=false\n',
      errors: [{
        message: `kubelet-arg+ passes "protect-kernel-defaults=false" to the kubelet, ${EFFECT}`,
        range: [1, 2, 1, 31],
        fix: { title: 'Change the kubelet-arg+ entry to protect-kernel-defaults=true', preferred: false, edits: [{ range: [1, 2, 1, 31], text: 'protect-kernel-defaults=true' }] },
      }],
      output: 'kubelet-arg+:\n- protect-kernel-defaults=true\n',
    },
    {
      name: 'a file marked as RKE2 config, wherever it lives',
      filePath: 'ansible/roles/rke2/files/server.yaml',
      code: '# podsec: rke2-config\ncni: canal\n',
      errors: [{
        message: NEITHER,
        range: [1, 0, 1, 3],
        fix: { title: 'Add protect-kernel-defaults: true', preferred: false, edits: [{ range: [1, 10, 1, 10], text: '\nprotect-kernel-defaults: true' }] },
      }],
      output: '# podsec: rke2-config\ncni: canal\nprotect-kernel-defaults: true\n',
    },
    {
      name: 'Windows path, CRLF line breaks',
      filePath: 'C:\\nodes\\etc\\rancher\\rke2\\config.yaml',
      code: crlf(server),
      errors: [{
        message: NEITHER,
        range: [0, 0, 0, 21],
        fix: { title: 'Add protect-kernel-defaults: true', preferred: false, edits: [{ range: [2, 20, 2, 20], text: '\r\nprotect-kernel-defaults: true' }] },
      }],
      output: crlf(server + 'protect-kernel-defaults: true\n'),
    },
    // KubeletConfiguration
    {
      name: 'KubeletConfiguration false',
      code: y`
        apiVersion: kubelet.config.k8s.io/v1beta1
        kind: KubeletConfiguration
        protectKernelDefaults: false
        readOnlyPort: 0
      `,
      errors: [{
        message: `protectKernelDefaults is false, ${EFFECT}`,
        range: [2, 0, 2, 28],
        fix: { title: 'Set protectKernelDefaults: true', preferred: false, edits: [{ range: [2, 23, 2, 28], text: 'true' }] },
      }],
      output: y`
        apiVersion: kubelet.config.k8s.io/v1beta1
        kind: KubeletConfiguration
        protectKernelDefaults: true
        readOnlyPort: 0
      `,
    },
    {
      name: 'KubeletConfiguration quoted "true" is a string, which the kubelet rejects',
      code: y`
        apiVersion: kubelet.config.k8s.io/v1beta1
        kind: KubeletConfiguration
        protectKernelDefaults: "true"
      `,
      errors: [{
        message: `protectKernelDefaults is "true", ${EFFECT}`,
        range: [2, 0, 2, 29],
        fix: { title: 'Set protectKernelDefaults: true', preferred: false, edits: [{ range: [2, 23, 2, 29], text: 'true' }] },
      }],
      output: y`
        apiVersion: kubelet.config.k8s.io/v1beta1
        kind: KubeletConfiguration
        protectKernelDefaults: true
      `,
    },
    {
      name: 'KubeletConfiguration missing, second document of a file',
      code: y`
        apiVersion: kubeadm.k8s.io/v1beta3
        kind: ClusterConfiguration
        kubernetesVersion: v1.31.0
        ---
        apiVersion: kubelet.config.k8s.io/v1beta1
        kind: KubeletConfiguration
        authentication:
          anonymous:
            enabled: false
      `,
      errors: [{
        message: `This KubeletConfiguration does not set protectKernelDefaults: true (the default is false), ${EFFECT}`,
        range: [5, 0, 5, 26],
        fix: { title: 'Add protectKernelDefaults: true', preferred: false, edits: [{ range: [8, 18, 8, 18], text: '\nprotectKernelDefaults: true' }] },
      }],
      output: y`
        apiVersion: kubeadm.k8s.io/v1beta3
        kind: ClusterConfiguration
        kubernetesVersion: v1.31.0
        ---
        apiVersion: kubelet.config.k8s.io/v1beta1
        kind: KubeletConfiguration
        authentication:
          anonymous:
            enabled: false
        protectKernelDefaults: true
      `,
    },
    // pods that run the kubelet
    {
      name: 'kubelet without the flag: added to args',
      code: y`
        apiVersion: v1
        kind: Pod
        metadata:
          name: node-kubelet
          namespace: nodes
        spec:
          containers:
            - name: kubelet
              image: registry.example.com/kubelet:1.31
              command:
                - /usr/local/bin/kubelet
              args:
                - --v=2
      `,
      errors: [{
        message: `Container 'kubelet' runs the kubelet without --protect-kernel-defaults=true, ${EFFECT}`,
        range: [10, 10, 10, 32],
        container: 'kubelet',
        fix: { title: "Add --protect-kernel-defaults=true to the kubelet flags in container 'kubelet'", preferred: false, edits: [{ range: [12, 15, 12, 15], text: '\n        - --protect-kernel-defaults=true' }] },
      }],
      output: y`
        apiVersion: v1
        kind: Pod
        metadata:
          name: node-kubelet
          namespace: nodes
        spec:
          containers:
            - name: kubelet
              image: registry.example.com/kubelet:1.31
              command:
                - /usr/local/bin/kubelet
              args:
                - --v=2
                - --protect-kernel-defaults=true
      `,
    },
    {
      name: 'kubelet without the flag, command only (flow): added to command',
      code: y`
        apiVersion: v1
        kind: Pod
        metadata: {name: node-kubelet, namespace: nodes}
        spec:
          containers:
            - name: kubelet
              image: registry.example.com/kubelet:1.31
              command: [kubelet, --v=2]
      `,
      errors: [{
        message: `Container 'kubelet' runs the kubelet without --protect-kernel-defaults=true, ${EFFECT}`,
        range: [7, 16, 7, 23],
        fix: { title: "Add --protect-kernel-defaults=true to the kubelet flags in container 'kubelet'", preferred: false, edits: [{ range: [7, 30, 7, 30], text: ', --protect-kernel-defaults=true' }] },
      }],
      output: y`
        apiVersion: v1
        kind: Pod
        metadata: {name: node-kubelet, namespace: nodes}
        spec:
          containers:
            - name: kubelet
              image: registry.example.com/kubelet:1.31
              command: [kubelet, --v=2, --protect-kernel-defaults=true]
      `,
    },
    {
      name: 'kubelet in a DaemonSet with the flag false',
      code: y`
        apiVersion: apps/v1
        kind: DaemonSet
        metadata: {name: kind-node, namespace: nodes}
        spec:
          template:
            spec:
              containers:
                - name: node
                  image: registry.example.com/node:1.31
                  command: [/hyperkube, kubelet]
                  args: ['--protect-kernel-defaults=false']
      `,
      errors: [{
        message: `Container 'node' runs the kubelet with --protect-kernel-defaults=false, ${EFFECT}`,
        range: [10, 17, 10, 50],
        fix: { title: "Change the flag to --protect-kernel-defaults=true in container 'node'", preferred: false, edits: [{ range: [10, 17, 10, 50], text: "'--protect-kernel-defaults=true'" }] },
      }],
      output: y`
        apiVersion: apps/v1
        kind: DaemonSet
        metadata: {name: kind-node, namespace: nodes}
        spec:
          template:
            spec:
              containers:
                - name: node
                  image: registry.example.com/node:1.31
                  command: [/hyperkube, kubelet]
                  args: ['--protect-kernel-defaults=true']
      `,
    },
    {
      name: 'kubelet started by a shell script: reported, no fix',
      code: y`
        apiVersion: v1
        kind: Pod
        metadata: {name: node-kubelet, namespace: nodes}
        spec:
          initContainers:
            - name: setup
              image: registry.example.com/node:1.31
              command: [sh, -c, "sysctl -w vm.overcommit_memory=1; KUBELET_EXTRA=1 exec /usr/bin/kubelet --v=2"]
          containers:
            - name: pause
              image: registry.example.com/pause:3.9
      `,
      errors: [{
        message: `Init container 'setup' runs the kubelet without --protect-kernel-defaults=true, ${EFFECT}`,
        range: [7, 24, 7, 103],
        container: 'setup',
        fix: null,
      }],
    },
  ],
});

describe('kubelet-protect-kernel-defaults: recognising RKE2 configs', () => {
  it('recognises the main config and drop-ins by path, anywhere, with either separator', () => {
    assert.equal(rke2ConfigKind('/etc/rancher/rke2/config.yaml'), 'main');
    assert.equal(rke2ConfigKind('nodes/server-1/etc/rancher/rke2/config.yaml'), 'main');
    assert.equal(rke2ConfigKind('rancher/rke2/config.yaml'), 'main');
    assert.equal(rke2ConfigKind('C:\\repo\\etc\\rancher\\rke2\\config.yaml'), 'main');
    assert.equal(rke2ConfigKind('/etc/rancher/rke2/config.yaml.d/50-cis.yaml'), 'drop-in');
    assert.equal(rke2ConfigKind('/etc/rancher/rke2/config.yaml.d/50-cis.YML'), 'drop-in');
    assert.equal(rke2ConfigKind('/etc/rancher/rke2/config.yaml.d/notes.txt'), undefined);
    assert.equal(rke2ConfigKind('/etc/rancher/rke2/registries.yaml'), undefined);
    assert.equal(rke2ConfigKind('/etc/rancher/k3s/config.yaml'), undefined);
    assert.equal(rke2ConfigKind('/etc/notrancher/rke2/config.yaml'), undefined);
    assert.equal(rke2ConfigKind(undefined), undefined);
  });

  it('claims marked files only when the marker is among the first comment lines', () => {
    assert.equal(claimsAsRke2Config('x.yaml', '# podsec: rke2-config\ntoken: a\n'), true);
    assert.equal(claimsAsRke2Config('x.yaml', '\uFEFF# node 1\r\n#podsec:rke2-config\r\ntoken: a\r\n'), true);
    assert.equal(claimsAsRke2Config('x.yaml', 'token: a\n# podsec: rke2-config\n'), false);
    assert.equal(claimsAsRke2Config('x.yaml', '# podsec: rke2-configuration\ntoken: a\n'), false);
    assert.equal(claimsAsRke2Config('/etc/rancher/rke2/config.yaml', 'token: a\n'), true);
  });

  it('accepts the CIS profile names RKE2 has used', () => {
    for (const p of ['cis', 'cis-1.5', 'cis-1.6', 'cis-1.23']) assert.equal(isCisProfile(p), true, p);
    for (const p of ['CIS', 'cis-', 'cis-custom', 'stig', '', undefined]) assert.equal(isCisProfile(p), false, String(p));
  });

  it('reports the same positions in a later document of a file with a BOM-less multi-document stream', () => {
    const doc = 'apiVersion: kubelet.config.k8s.io/v1beta1\nkind: KubeletConfiguration\nprotectKernelDefaults: false\n';
    const text = `${doc}---\n${doc}`;
    const res = analyzeText(text, resolveRuleSet({ profile: 'stig-kubernetes' })).findings.filter((f) => f.ruleId === RULE);
    assert.deepEqual(res.map((f) => [f.document, f.range.start.line, f.range.start.character, f.range.end.character]), [[0, 2, 0, 28], [1, 6, 0, 28]]);
  });
});
