import { configFile, RKE2_CONFIG, ruleTester, y } from '../rule-tester';
import { settingFindings } from '../node-config';

const STIG = { profile: 'stig-rke2' as const };
const DROP_IN = '/etc/rancher/rke2/config.yaml.d/60-audit.yaml';
const REQUIREMENT =
  'the STIGs require --audit-log-maxage of at least 30 (days), so that audit records are kept for 30 days at least; RKE2 passes 30 once audit-policy-file or profile: cis turns audit logging on';
const FALLBACK = 'RKE2 does not set it, so the built-in default 0 applies';
const C = 'kube-apiserver';
const F = 'audit-log-maxage';
const missing = (at: string, fix: string) => ({
  messageId: 'rke2FlagMissing',
  data: { component: C, flag: F, fallback: FALLBACK, requirement: REQUIREMENT },
  at,
  fix: { title: fix, preferred: true },
});
const value = (v: string, at: string, fix: string) => ({
  messageId: 'rke2FlagValue',
  data: { component: C, flag: F, value: v, requirement: REQUIREMENT },
  at,
  fix: { title: fix, preferred: false },
});

/** A kubeadm kube-apiserver static pod with these flags after the program (lines 11 on). */
const apiserver = (...flags: string[]) => y`
  apiVersion: v1
  kind: Pod
  metadata:
    name: kube-apiserver
    namespace: kube-system
  spec:
    containers:
      - name: kube-apiserver
        image: registry.k8s.io/kube-apiserver:v1.31.0
        command:
          - kube-apiserver
${flags.map((f) => `          - ${f}`).join('\n')}
`;

const auditLogMaxage = settingFindings('kube-apiserver', 'audit-log-maxage', REQUIREMENT);

ruleTester('apiserver-audit-log-maxage', {
  valid: [
    { ...STIG, name: 'profile: cis turns audit logging on: RKE2 passes 30', ...configFile(), code: 'profile: cis\n' },
    { ...STIG, name: 'audit-policy-file turns it on too', ...configFile(), code: 'audit-policy-file: /etc/rancher/rke2/audit-policy.yaml\n' },
    { ...STIG, name: 'an entry that keeps more', ...configFile(), code: 'kube-apiserver-arg: [audit-log-maxage=90]\n' },
    {
      ...STIG,
      name: 'an entry lowers it, a later drop-in raises it again',
      ...configFile(),
      code: 'kube-apiserver-arg: [audit-log-maxage=7]\n',
      files: { [DROP_IN]: 'kube-apiserver-arg+: [audit-log-maxage=30]\n' },
    },
    {
      ...STIG,
      name: 'a drop-in without its config.yaml is not told what config.yaml may set',
      ...configFile(DROP_IN),
      code: 'kube-apiserver-arg+: [audit-log-maxbackup=10]\n',
    },
    { ...STIG, name: 'a static pod with 30', code: apiserver('--audit-log-maxage=30') },
  ],
  invalid: [
    {
      name: 'no audit logging and no flag: reported at kube-apiserver-arg, added in its style',
      profiles: ['stig-rke2', 'stig-kubernetes'],
      filePath: RKE2_CONFIG,
      code: 'token: abc\nkube-apiserver-arg:\n  - "--audit-log-path=/var/log/audit.log"\n',
      errors: [missing('kube-apiserver-arg', 'Add --audit-log-maxage=30 to kube-apiserver-arg')],
      output: { 2: '  - "--audit-log-path=/var/log/audit.log"\n  - "--audit-log-maxage=30"' },
    },
    {
      name: 'no kube-apiserver-arg at all: reported at the first key, the list is added',
      ...STIG,
      filePath: RKE2_CONFIG,
      code: 'token: abc\ncni: canal\n',
      errors: [missing('token', 'Add audit-log-maxage=30 to kube-apiserver-arg')],
      output: { 1: 'cni: canal\nkube-apiserver-arg:\n  - audit-log-maxage=30' },
    },
    {
      name: 'a single string becomes a list',
      ...STIG,
      filePath: RKE2_CONFIG,
      code: 'kube-apiserver-arg: audit-log-path=/var/log/audit.log\n',
      errors: [missing('kube-apiserver-arg', 'Add audit-log-maxage=30 to kube-apiserver-arg')],
      output: { 0: 'kube-apiserver-arg:\n  - audit-log-path=/var/log/audit.log\n  - audit-log-maxage=30' },
    },
    {
      name: 'the CIS profile is on, but an entry lowers the value',
      ...STIG,
      filePath: RKE2_CONFIG,
      code: 'profile: cis\nkube-apiserver-arg: [audit-log-maxage=7]\n',
      errors: [value('7', 'audit-log-maxage=7', 'Change the kube-apiserver-arg entry to audit-log-maxage=30')],
      output: { 1: 'kube-apiserver-arg: [audit-log-maxage=30]' },
    },
    {
      name: 'a drop-in replaces the list that set it: reported at the drop-in key',
      ...STIG,
      filePath: DROP_IN,
      code: '# audit tuning\nkube-apiserver-arg:\n  - audit-log-path=/var/log/audit.log\n',
      files: { [RKE2_CONFIG]: 'kube-apiserver-arg:\n  - audit-log-maxage=30\n' },
      errors: [
        {
          messageId: 'rke2FlagDropped',
          data: { key: 'kube-apiserver-arg', earlier: 'config.yaml', component: C, flag: F, fallback: FALLBACK, requirement: REQUIREMENT },
          at: 'kube-apiserver-arg',
          fix: { title: 'Add audit-log-maxage=30 to kube-apiserver-arg', preferred: true },
        },
      ],
      output: { 2: '  - audit-log-path=/var/log/audit.log\n  - audit-log-maxage=30' },
    },
    {
      name: 'a static pod without the flag',
      ...STIG,
      code: apiserver('--audit-log-path=/var/log/kubernetes/audit/audit.log'),
      errors: [auditLogMaxage.podMissing('so its built-in default 0 applies', '30', true)],
      output: { 11: '        - --audit-log-path=/var/log/kubernetes/audit/audit.log\n        - --audit-log-maxage=30' },
    },
    {
      name: 'a static pod keeping too little, and a value that is not a number',
      ...STIG,
      code: apiserver('--audit-log-maxage=7'),
      errors: [auditLogMaxage.podValue('7', '--audit-log-maxage=7', '30')],
      output: { 11: '        - --audit-log-maxage=30' },
    },
  ],
});
