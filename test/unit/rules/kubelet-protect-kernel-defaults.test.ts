import * as assert from 'node:assert/strict';
import { claimsAsRke2Config, rke2ConfigKind } from '../../../server/src/engine/file-kind';
import { analyzeText } from '../../../server/src/engine/pipeline';
import { resolveRuleSet } from '../../../server/src/engine/profiles';
import { isCisProfile } from '../../../server/src/engine/rules/kubelet-protect-kernel-defaults';
import { configFile, crlf, RKE2_CONFIG as MAIN, ruleTester, y } from '../rule-tester';

const RULE = 'kubelet-protect-kernel-defaults';
const DROP_IN = '/etc/rancher/rke2/config.yaml.d/50-kubelet.yaml';

const server = y`
  write-kubeconfig-mode: "0600"
  tls-san:
    - rke2.example.com
`;
/**
 * A Pod on a node: y`apiVersion: v1 / kind: Pod / metadata: {name: node-kubelet, namespace: nodes} /
 * spec:` (lines 0 to 3), then the template's text indented under spec.
 */
const nodePod = (strings: TemplateStringsArray) =>
  `apiVersion: v1\nkind: Pod\nmetadata: {name: node-kubelet, namespace: nodes}\nspec:\n${y(strings).replace(/^(?=.)/gm, '  ')}`;

const ADD_OPTION = { title: 'Add protect-kernel-defaults: true', preferred: false };
const SET_OPTION = { title: 'Set protect-kernel-defaults: true', preferred: false };
/** A kubelet-arg entry (written as `at`) that passes `flag`, and the fix that writes `fixed`. */
const argFalse = (key: string, flag: string, at: string, fixed: string) => ({
  messageId: 'rke2ArgFalse',
  data: { key, flag: `"${flag}"` },
  at,
  fix: { title: `Change the ${key} entry to ${fixed}`, preferred: false },
});
const addFlag = (where: string) => ({ title: `Add --protect-kernel-defaults=true to the kubelet flags in ${where}`, preferred: false });
/** config.yaml (`code`) whose kubelet-arg entry turns the flag off: the finding, and the fix's changed line. */
const entryOff = (name: string, code: string, entry: { flag: string; at: string; fixed: string }, output: Record<number, string>) => ({
  name,
  filePath: MAIN,
  code,
  errors: [argFalse('kubelet-arg', entry.flag, entry.at, entry.fixed)],
  output,
});

ruleTester(RULE, {
  valid: [
    // RKE2 config files
    { name: 'main config sets it', ...configFile(), code: server + 'protect-kernel-defaults: true\n' },
    { name: 'profile: cis turns it on', ...configFile(), code: server + 'profile: cis\n' },
    { name: 'profile: cis-1.23', ...configFile(), code: server + 'profile: cis-1.23\n' },
    { name: 'profile: cis-1.6', ...configFile(), code: server + 'profile: "cis-1.6"\n' },
    { name: 'YAML 1.1 yes is true', ...configFile(), code: server + 'protect-kernel-defaults: yes\n' },
    { name: 'string "true" reaches the flag parser as true', ...configFile(), code: server + 'protect-kernel-defaults: "true"\n' },
    { name: 'kubelet-arg list, no dashes', ...configFile(), code: server + 'kubelet-arg:\n  - max-pods=200\n  - protect-kernel-defaults=true\n' },
    { name: 'kubelet-arg list, leading dashes', ...configFile(), code: server + 'kubelet-arg: ["--protect-kernel-defaults=true"]\n' },
    { name: 'kubelet-arg single string', ...configFile(), code: server + 'kubelet-arg: "--protect-kernel-defaults=true"\n' },
    { name: 'kubelet-arg bare flag means true', ...configFile(), code: server + 'kubelet-arg:\n  - --protect-kernel-defaults\n' },
    { name: 'drop-in without the option: the main config decides', ...configFile(DROP_IN), code: 'kubelet-arg+:\n  - max-pods=250\n' },
    {
      name: 'config.yaml sets nothing, a drop-in sets the CIS profile (merged, as RKE2 reads them)',
      ...configFile(),
      code: server,
      files: { '/etc/rancher/rke2/config.yaml.d/10-cis.yaml': 'profile: cis\n' },
    },
    {
      name: 'config.yaml turns it off, a later drop-in on: the drop-in decides',
      ...configFile(),
      code: server + 'protect-kernel-defaults: false\n',
      files: { [DROP_IN]: 'protect-kernel-defaults: true\n' },
    },
    {
      name: 'config.yaml with a false entry that a drop-in replaces (kubelet-arg without +)',
      ...configFile(),
      code: 'profile: cis\nkubelet-arg: [protect-kernel-defaults=false]\n',
      files: { [DROP_IN]: 'kubelet-arg: [max-pods=250]\n' },
    },
    {
      name: 'a kubelet in a container that reads its settings from a config file',
      code: nodePod`
        containers:
          - name: kubelet
            image: registry.example.com/kubelet:1.31
            command: [kubelet, --config=/var/lib/kubelet/config.yaml]
      `,
    },
    { name: 'drop-in .yml', ...configFile('/etc/rancher/rke2/config.yaml.d/10-cis.yml'), code: 'profile: cis\n' },
    {
      name: 'a config.yaml elsewhere with keys other tools write too is not an RKE2 config',
      ...configFile('/srv/app/config.yaml'),
      code: 'server: https://api.example.com\ntoken: abc\ndebug: true\n',
    },
    {
      name: 'one RKE2-only key is not enough in a file whose name does not say rke2',
      ...configFile('/srv/app/config.yaml'),
      code: 'tls-san: [a.example.com]\ntoken: abc\n',
    },
    { name: 'keys RKE2 does not know: not an RKE2 config', ...configFile('/srv/app/settings.yaml'), code: server + 'replicas: 3\n' },
    { name: 'k3s config is not RKE2', ...configFile('/etc/rancher/k3s/config.yaml'), code: server },
    { name: 'unrelated YAML with no path', noPodSpec: true, code: 'stages:\n  - build\n' },
    { name: 'Windows path, option set', ...configFile('C:\\nodes\\etc\\rancher\\rke2\\config.yaml'), code: server + 'protect-kernel-defaults: true\n' },
    { name: 'marked file with a CIS profile', ...configFile('infra/node.yaml'), code: '# podsec: rke2-config\nprofile: cis\ntoken: abc\n' },
    { name: 'template value is not judged', ...configFile(), code: server + 'protect-kernel-defaults: {{ .Values.protect }}\n' },
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
      code: nodePod`
        containers:
          - name: kubelet
            image: registry.example.com/kubelet:1.31
            command: ["/usr/local/bin/kubelet"]
            args: ["--v=2", "--protect-kernel-defaults=true"]
      `,
    },
    {
      name: 'hyperkube kubelet with the flag',
      code: nodePod`
        containers:
          - name: kubelet
            image: registry.example.com/hyperkube:1.18
            command: [/hyperkube, kubelet, --protect-kernel-defaults=true]
      `,
    },
    {
      name: 'shell script running the kubelet with the flag',
      code: nodePod`
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
      code: nodePod`
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
      profiles: ['restricted', 'baseline', 'stig-rke2', 'stig-kubernetes'],
      filePath: MAIN,
      code: server,
      errors: [{ messageId: 'rke2Unset', at: 'write-kubeconfig-mode', severity: 'error', fix: ADD_OPTION }],
      output: { 2: '  - rke2.example.com\nprotect-kernel-defaults: true' },
    },
    {
      // issue 16: RKE2 configs at other paths, recognised by their keys
      name: 'an RKE2 config at another path, recognised by its keys',
      filePath: '/repo/ansible/files/rke2_config.yaml',
      code: server,
      errors: [{ messageId: 'rke2Unset', at: 'write-kubeconfig-mode', severity: 'error', fix: ADD_OPTION }],
      output: { 2: '  - rke2.example.com\nprotect-kernel-defaults: true' },
    },
    {
      name: 'an Ansible template of an RKE2 config (Jinja statements around its keys)',
      filePath: '/repo/roles/rke2/templates/config.yaml',
      code: y`
        {% if rke2_server %}
        write-kubeconfig-mode: "0600"
        tls-san:
        {% for san in rke2_tls_san %}
          - {{ san }}
        {% endfor %}
        {% endif %}
        token: {{ rke2_token }}
        kubelet-arg:
          - "protect-kernel-defaults=false"
      `,
      errors: [argFalse('kubelet-arg', 'protect-kernel-defaults=false', '"protect-kernel-defaults=false"', 'protect-kernel-defaults=true')],
      output: { 9: '  - "protect-kernel-defaults=true"' },
    },
    {
      name: 'a main config that is not a mapping of options',
      filePath: MAIN,
      code: '- token\n- abc\n',
      errors: [{ messageId: 'rke2NotMapping', range: [0, 0, 1, 5] }],
    },
    {
      name: 'a profile that is not CIS',
      filePath: MAIN,
      code: 'token: abc # join token\nprofile: custom-hardening\n',
      errors: [{ messageId: 'rke2ProfileNotCis', data: { profile: '"custom-hardening"' }, at: 'profile: custom-hardening', fix: ADD_OPTION }],
      output: { 1: 'profile: custom-hardening\nprotect-kernel-defaults: true' },
    },
    {
      name: 'option false even with a CIS profile',
      filePath: MAIN,
      code: 'profile: cis\nprotect-kernel-defaults: false  # breaks on our kernel\n',
      errors: [{ messageId: 'rke2OptionFalse', data: { value: 'false' }, at: 'protect-kernel-defaults: false', fix: SET_OPTION }],
      output: { 1: 'protect-kernel-defaults: true  # breaks on our kernel' },
    },
    entryOff(
      'kubelet-arg list entry false (quoted, with dashes) beats a CIS profile',
      'profile: cis\nkubelet-arg:\n  - "max-pods=200"\n  - "--protect-kernel-defaults=false"\n',
      { flag: '--protect-kernel-defaults=false', at: '"--protect-kernel-defaults=false"', fixed: '--protect-kernel-defaults=true' },
      { 3: '  - "--protect-kernel-defaults=true"' },
    ),
    entryOff(
      'kubelet-arg single string false, with the option true',
      'protect-kernel-defaults: true\nkubelet-arg: protect-kernel-defaults=false\n',
      { flag: 'protect-kernel-defaults=false', at: 'protect-kernel-defaults=false', fixed: 'protect-kernel-defaults=true' },
      { 1: 'kubelet-arg: protect-kernel-defaults=true' },
    ),
    // The flag decides what the kubelet runs with: adding the option would not help, so only
    // the entry is reported (before the merged view, the missing option was reported too).
    entryOff(
      'kubelet-arg flow list entry false, no profile: the entry decides',
      'token: abc\nkubelet-arg: [protect-kernel-defaults=0]\n',
      { flag: 'protect-kernel-defaults=0', at: 'protect-kernel-defaults=0', fixed: 'protect-kernel-defaults=true' },
      { 1: 'kubelet-arg: [protect-kernel-defaults=true]' },
    ),
    {
      name: 'config.yaml turns it on, a drop-in turns it off: reported in the drop-in',
      filePath: DROP_IN,
      code: 'protect-kernel-defaults: false\n',
      files: { [MAIN]: 'protect-kernel-defaults: true\n' },
      errors: [{ messageId: 'rke2OptionFalse', data: { value: 'false' }, at: 'protect-kernel-defaults: false', fix: SET_OPTION }],
      output: { 0: 'protect-kernel-defaults: true' },
    },
    {
      name: 'a drop-in that says nothing: the missing option is reported in config.yaml',
      filePath: MAIN,
      code: server,
      files: { [DROP_IN]: 'kubelet-arg+:\n  - max-pods=250\n' },
      errors: [{ messageId: 'rke2Unset', at: 'write-kubeconfig-mode', fix: ADD_OPTION }],
      output: { 2: '  - rke2.example.com\nprotect-kernel-defaults: true' },
    },
    {
      name: 'drop-in sets it false',
      filePath: DROP_IN,
      code: '# node tuning\nprotect-kernel-defaults: false\n',
      errors: [{ messageId: 'rke2OptionFalse', data: { value: 'false' }, at: 'protect-kernel-defaults: false', fix: SET_OPTION }],
      output: { 1: 'protect-kernel-defaults: true' },
    },
    {
      name: 'drop-in appends a false kubelet-arg',
      filePath: '/srv/nodes/etc/rancher/rke2/config.yaml.d/90-Kubelet.YML',
      code: 'kubelet-arg+:\n- protect-kernel-defaults=false\n',
      errors: [argFalse('kubelet-arg+', 'protect-kernel-defaults=false', 'protect-kernel-defaults=false', 'protect-kernel-defaults=true')],
      output: { 1: '- protect-kernel-defaults=true' },
    },
    {
      name: 'a file marked as RKE2 config, wherever it lives',
      filePath: 'ansible/roles/rke2/files/server.yaml',
      code: '# podsec: rke2-config\ncni: canal\n',
      errors: [{ messageId: 'rke2Unset', at: 'cni', fix: ADD_OPTION }],
      output: { 1: 'cni: canal\nprotect-kernel-defaults: true' },
    },
    {
      name: 'Windows path, CRLF line breaks',
      filePath: 'C:\\nodes\\etc\\rancher\\rke2\\config.yaml',
      code: crlf(server),
      errors: [{ messageId: 'rke2Unset', at: 'write-kubeconfig-mode', fix: ADD_OPTION }],
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
      errors: [
        {
          messageId: 'configFalse',
          data: { value: 'false' },
          at: 'protectKernelDefaults: false',
          fix: { title: 'Set protectKernelDefaults: true', preferred: false },
        },
      ],
      output: { 2: 'protectKernelDefaults: true' },
    },
    {
      name: 'KubeletConfiguration quoted "true" is a string, which the kubelet rejects',
      code: y`
        apiVersion: kubelet.config.k8s.io/v1beta1
        kind: KubeletConfiguration
        protectKernelDefaults: "true"
      `,
      errors: [
        {
          messageId: 'configFalse',
          data: { value: '"true"' },
          at: 'protectKernelDefaults: "true"',
          fix: { title: 'Set protectKernelDefaults: true', preferred: false },
        },
      ],
      output: { 2: 'protectKernelDefaults: true' },
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
      errors: [{ messageId: 'configUnset', at: 'kind: KubeletConfiguration', fix: { title: 'Add protectKernelDefaults: true', preferred: false } }],
      output: { 8: '    enabled: false\nprotectKernelDefaults: true' },
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
      errors: [
        {
          messageId: 'podFlagMissing',
          data: { subject: "Container 'kubelet'" },
          at: '/usr/local/bin/kubelet',
          container: 'kubelet',
          fix: addFlag("container 'kubelet'"),
        },
      ],
      output: { 12: '        - --v=2\n        - --protect-kernel-defaults=true' },
    },
    {
      name: 'kubelet without the flag, command only (flow): added to command',
      code: nodePod`
        containers:
          - name: kubelet
            image: registry.example.com/kubelet:1.31
            command: [kubelet, --v=2]
      `,
      errors: [{ messageId: 'podFlagMissing', data: { subject: "Container 'kubelet'" }, at: 'kubelet', occurrence: 4, fix: addFlag("container 'kubelet'") }],
      output: { 7: '      command: [kubelet, --v=2, --protect-kernel-defaults=true]' },
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
      errors: [
        {
          messageId: 'podFlagFalse',
          data: { subject: "Container 'node'", flag: '--protect-kernel-defaults=false' },
          at: "'--protect-kernel-defaults=false'",
          fix: { title: "Change the flag to --protect-kernel-defaults=true in container 'node'", preferred: false },
        },
      ],
      output: { 10: "          args: ['--protect-kernel-defaults=true']" },
    },
    {
      name: 'kubelet started by a shell script: reported, no fix',
      code: nodePod`
        initContainers:
          - name: setup
            image: registry.example.com/node:1.31
            command: [sh, -c, "sysctl -w vm.overcommit_memory=1; KUBELET_EXTRA=1 exec /usr/bin/kubelet --v=2"]
        containers:
          - name: pause
            image: registry.example.com/pause:3.9
      `,
      errors: [
        {
          messageId: 'podFlagMissing',
          data: { subject: "Init container 'setup'" },
          at: '"sysctl -w vm.overcommit_memory=1; KUBELET_EXTRA=1 exec /usr/bin/kubelet --v=2"',
          container: 'setup',
          fix: null,
        },
      ],
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
    assert.deepEqual(
      res.map((f) => [f.document, f.range.start.line, f.range.start.character, f.range.end.character]),
      [
        [0, 2, 0, 28],
        [1, 6, 0, 28],
      ],
    );
  });
});
