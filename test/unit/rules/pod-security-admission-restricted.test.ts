/**
 * RKE2 STIG V-254571 and Kubernetes STIG V-254800: Pod Security Admission enforces restricted.
 * The RKE2 cases follow RKE2's pkg/rke2/psa.go and rke2_linux.go (see engine/stig/rke2-psa-defaults.ts):
 * without pod-security-admission-config-file RKE2 writes its own configuration, privileged unless
 * profile: cis.
 */
import { configFile, RKE2_CONFIG, ruleTester, y } from '../rule-tester';

const RULE = 'pod-security-admission-restricted';
const STIGS = ['stig-rke2', 'stig-kubernetes'] as const;

const config = (defaults: string) => `apiVersion: pod-security.admission.config.k8s.io/v1\nkind: PodSecurityConfiguration\n${defaults}`;
const RESTRICTED =
  'defaults:\n  enforce: restricted\n  enforce-version: latest\n  audit: restricted\n  audit-version: latest\n  warn: restricted\n  warn-version: latest\n';

const namespace = (name: string, level: string) => y`
  apiVersion: v1
  kind: Namespace
  metadata:
    name: ${name}
    labels:
      pod-security.kubernetes.io/enforce: ${level}
`;

const apiServer = (command: string) => y`
  apiVersion: v1
  kind: Pod
  metadata:
    name: kube-apiserver
    namespace: kube-system
    labels: {component: kube-apiserver, tier: control-plane}
  spec:
    hostNetwork: true
    containers:
      - name: kube-apiserver
        image: registry.k8s.io/kube-apiserver:v1.31.0
        command: ${command}
`;

const namespaceBelow = (name: string, level: string) => ({
  messageId: 'namespaceBelow',
  data: { name, level },
  at: level,
  fix: { title: 'Set pod-security.kubernetes.io/enforce to restricted', preferred: false },
});

ruleTester(RULE, {
  valid: [
    { name: 'restricted at latest in every mode', profiles: [...STIGS], noPodSpec: true, code: config(RESTRICTED) },
    {
      name: 'inline in an AdmissionConfiguration',
      profile: 'stig-rke2',
      noPodSpec: true,
      code: y`
        apiVersion: apiserver.config.k8s.io/v1
        kind: AdmissionConfiguration
        plugins:
          - name: PodSecurity
            configuration:
              apiVersion: pod-security.admission.config.k8s.io/v1
              kind: PodSecurityConfiguration
              defaults: {enforce: restricted, enforce-version: latest, audit: restricted, audit-version: latest, warn: restricted, warn-version: latest}
      `,
    },
    {
      name: 'the plugin configuration is in another file (checked there)',
      profile: 'stig-rke2',
      noPodSpec: true,
      code: 'apiVersion: apiserver.config.k8s.io/v1\nkind: AdmissionConfiguration\nplugins:\n  - name: PodSecurity\n    path: pss.yaml\n',
    },
    { name: 'a Namespace that enforces restricted', profile: 'stig-rke2', noPodSpec: true, code: namespace('payments', 'restricted') },
    {
      name: 'an invalid enforce level reads as restricted (pod-security-labels reports it)',
      profile: 'stig-rke2',
      noPodSpec: true,
      code: namespace('payments', 'strict'),
    },
    {
      name: 'a Namespace the governing admission configuration exempts is an approved exemption',
      profile: 'stig-rke2',
      noPodSpec: true,
      filePath: '/repo/ns/kube-system.yaml',
      files: { '/repo/cluster/pss.yaml': config(`${RESTRICTED}exemptions:\n  namespaces: [kube-system]\n`) },
      code: namespace('kube-system', 'privileged'),
    },
    {
      name: "RKE2's CIS policy exempts kube-system",
      profile: 'stig-rke2',
      noPodSpec: true,
      filePath: '/repo/node/var/lib/rancher/rke2/server/manifests/ns.yaml',
      files: { '/repo/node/etc/rancher/rke2/config.yaml': 'profile: cis\n' },
      code: namespace('kube-system', 'privileged'),
    },
    {
      name: 'a namespace the approvedNamespaces option lists',
      profile: 'stig-kubernetes',
      noPodSpec: true,
      options: { ruleOptions: { [RULE]: { approvedNamespaces: ['monitoring'] } } },
      code: namespace('monitoring', 'privileged'),
    },
    { name: 'RKE2 with profile: cis (its built-in restricted policy)', profile: 'stig-rke2', ...configFile(), code: 'profile: cis\n' },
    {
      name: 'RKE2 naming its own admission configuration',
      profile: 'stig-rke2',
      ...configFile(),
      code: 'pod-security-admission-config-file: /etc/rancher/rke2/pss.yaml\n',
    },
    {
      name: 'a drop-in names it for the node',
      profile: 'stig-rke2',
      ...configFile(),
      files: { '/etc/rancher/rke2/config.yaml.d/50-psa.yaml': 'pod-security-admission-config-file: /etc/rancher/rke2/pss.yaml\n' },
      code: 'write-kubeconfig-mode: "0600"\n',
    },
    {
      name: 'a drop-in alone: the main config.yaml decides',
      profile: 'stig-rke2',
      ...configFile('/etc/rancher/rke2/config.yaml.d/10-tls.yaml'),
      code: 'tls-san: [a.example.com]\n',
    },
    { name: 'a template writes the profile', profile: 'stig-rke2', ...configFile(), code: 'profile: {{ .Values.profile }}\n' },
    {
      name: 'a kubeadm API server with an admission configuration',
      profile: 'stig-kubernetes',
      code: apiServer('[kube-apiserver, --admission-control-config-file=/etc/kubernetes/psa.yaml]'),
    },
    { name: 'not judged outside the STIG profiles', profile: 'restricted', noPodSpec: true, code: config('defaults:\n  enforce: privileged\n') },
  ],
  invalid: [
    {
      name: "RKE2's own default: privileged (no file named, no CIS profile)",
      profiles: [...STIGS],
      filePath: RKE2_CONFIG,
      code: 'write-kubeconfig-mode: "0600"\ntls-san: [rke2.example.com]\n',
      errors: [{ messageId: 'rke2Default', at: 'write-kubeconfig-mode', severity: 'error' }],
    },
    {
      name: 'a profile that is not CIS is where the finding lands',
      profile: 'stig-rke2',
      filePath: RKE2_CONFIG,
      code: 'token: x\nprofile: etcd\n',
      errors: [{ messageId: 'rke2Default', at: 'profile' }],
    },
    {
      name: 'defaults below restricted or pinned; a missing level is privileged (a missing version is latest, as the STIG wants)',
      profiles: [...STIGS],
      code: config('defaults:\n  enforce: baseline\n  enforce-version: v1.30\n  warn: restricted\n  warn-version: latest\n'),
      errors: [
        {
          messageId: 'defaultLevel',
          data: { key: 'audit', value: 'not set (privileged)' },
          at: 'defaults',
          fix: { title: 'Add defaults.audit: restricted', preferred: false },
        },
        {
          messageId: 'defaultLevel',
          data: { key: 'enforce', value: 'baseline' },
          at: 'enforce: baseline',
          fix: { title: 'Set defaults.enforce to restricted', preferred: false },
        },
        {
          messageId: 'defaultVersion',
          data: { key: 'enforce-version', value: 'v1.30' },
          at: 'enforce-version: v1.30',
          fix: { title: 'Set defaults.enforce-version to latest', preferred: false },
        },
      ],
      output: [{ 6: '  warn-version: latest\n  audit: restricted' }, { 3: '  enforce: restricted' }, { 4: '  enforce-version: latest' }],
    },
    {
      name: 'no defaults at all',
      profile: 'stig-rke2',
      code: config('exemptions:\n  namespaces: [kube-system]\n'),
      errors: [
        {
          messageId: 'noDefaults',
          at: 'kind: PodSecurityConfiguration',
          fix: { title: 'Add restricted defaults at latest for enforce, audit and warn', preferred: false },
        },
      ],
      output: config(`exemptions:\n  namespaces: [kube-system]\n${RESTRICTED}`),
    },
    {
      name: 'an AdmissionConfiguration without a PodSecurity plugin',
      profile: 'stig-kubernetes',
      code: 'apiVersion: apiserver.config.k8s.io/v1\nkind: AdmissionConfiguration\nplugins:\n  - name: EventRateLimit\n    path: eventconfig.yaml\n',
      errors: [{ messageId: 'noPlugin', at: 'kind: AdmissionConfiguration' }],
    },
    {
      name: 'a Namespace that enforces less than restricted, not exempt',
      profiles: [...STIGS],
      code: `${namespace('monitoring', 'privileged')}---\n${namespace('legacy', 'baseline')}`,
      errors: [namespaceBelow('monitoring', 'privileged'), namespaceBelow('legacy', 'baseline')],
      output: [{ 5: '    pod-security.kubernetes.io/enforce: restricted' }, { 12: '    pod-security.kubernetes.io/enforce: restricted' }],
    },
    {
      name: 'exempt in another configuration than the one that governs the file: still a finding',
      profile: 'stig-rke2',
      filePath: '/repo/node/var/lib/rancher/rke2/server/manifests/ns.yaml',
      files: {
        '/repo/node/etc/rancher/rke2/config.yaml': 'profile: cis\n',
        '/repo/other/pss.yaml': config(`${RESTRICTED}exemptions:\n  namespaces: [monitoring]\n`),
      },
      code: namespace('monitoring', 'privileged'),
      errors: [namespaceBelow('monitoring', 'privileged')],
      output: { 5: '    pod-security.kubernetes.io/enforce: restricted' },
    },
    {
      name: 'a kubeadm API server without --admission-control-config-file',
      profile: 'stig-kubernetes',
      code: apiServer('[kube-apiserver, --authorization-mode=Node,RBAC]'),
      errors: [{ messageId: 'apiServerNoConfig', data: { subject: "Container 'kube-apiserver'" }, at: 'kube-apiserver', occurrence: 5 }],
    },
  ],
});
