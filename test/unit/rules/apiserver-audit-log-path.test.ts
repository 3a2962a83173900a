import { configFile, RKE2_CONFIG, ruleTester } from '../rule-tester';
import { DROP_IN, settingFindings, staticPod, STIG } from '../node-config';

const C = 'kube-apiserver';
const F = 'audit-log-path';
const REQUIREMENT =
  'the STIGs require --audit-log-path to name a file, so that audit records are kept on disk (without it there is no log backend; "-" writes them to standard output); RKE2 passes /var/lib/rancher/rke2/server/logs/audit.log once audit-policy-file or profile: cis turns audit logging on';
const FALLBACK = 'neither RKE2 nor its configuration sets it';

const auditLogPath = settingFindings('kube-apiserver', 'audit-log-path', REQUIREMENT);

ruleTester('apiserver-audit-log-path', {
  valid: [
    { ...STIG, name: 'profile: cis: RKE2 passes its own path', ...configFile(), code: 'profile: cis\n' },
    { ...STIG, name: 'audit-policy-file: RKE2 passes its own path', ...configFile(), code: 'audit-policy-file: /etc/rancher/rke2/audit.yaml\n' },
    { ...STIG, name: 'an entry with another file', ...configFile(), code: 'kube-apiserver-arg: [audit-log-path=/var/log/rke2/audit.log]\n' },
    { ...STIG, name: 'a static pod writing to a file', code: staticPod('kube-apiserver', '--audit-log-path=/var/log/kubernetes/audit/audit.log') },
  ],
  invalid: [
    {
      name: 'RKE2 without audit logging: added, and applied by fix-all (RKE2 mounts the folder)',
      profiles: ['stig-rke2', 'stig-kubernetes'],
      filePath: RKE2_CONFIG,
      code: 'token: abc\n',
      errors: [
        {
          messageId: 'rke2FlagMissing',
          data: { component: C, flag: F, fallback: FALLBACK, requirement: REQUIREMENT },
          at: 'token',
          fix: { title: 'Add audit-log-path=/var/lib/rancher/rke2/server/logs/audit.log to kube-apiserver-arg', preferred: true },
        },
      ],
      output: { 0: 'token: abc\nkube-apiserver-arg:\n  - audit-log-path=/var/lib/rancher/rke2/server/logs/audit.log' },
    },
    {
      name: 'the CIS profile is on, but an entry sends the log to standard output',
      ...STIG,
      filePath: RKE2_CONFIG,
      code: 'profile: cis\nkube-apiserver-arg: [--audit-log-path=-]\n',
      errors: [auditLogPath.rke2Value('-', '--audit-log-path=-', 'kube-apiserver-arg', '--audit-log-path=/var/lib/rancher/rke2/server/logs/audit.log')],
      output: { 1: 'kube-apiserver-arg: [--audit-log-path=/var/lib/rancher/rke2/server/logs/audit.log]' },
    },
    {
      name: 'a drop-in replaces the list that set it',
      ...STIG,
      filePath: DROP_IN,
      code: 'kube-apiserver-arg:\n  - audit-log-maxage=30\n',
      files: { [RKE2_CONFIG]: 'kube-apiserver-arg:\n  - audit-log-path=/var/log/audit.log\n' },
      errors: [
        {
          messageId: 'rke2FlagDropped',
          data: { key: 'kube-apiserver-arg', earlier: 'config.yaml', component: C, flag: F, fallback: FALLBACK, requirement: REQUIREMENT },
          at: 'kube-apiserver-arg',
          fix: { title: 'Add audit-log-path=/var/lib/rancher/rke2/server/logs/audit.log to kube-apiserver-arg', preferred: true },
        },
      ],
      output: { 1: '  - audit-log-maxage=30\n  - audit-log-path=/var/lib/rancher/rke2/server/logs/audit.log' },
    },
    {
      name: 'a static pod without it: the fix needs a volume first, so it is not applied by fix-all',
      ...STIG,
      code: staticPod('kube-apiserver', '--audit-policy-file=/etc/kubernetes/audit-policy.yaml'),
      errors: [auditLogPath.podMissing('nothing sets it', '/var/log/kubernetes/audit/audit.log')],
      output: { 11: '        - --audit-policy-file=/etc/kubernetes/audit-policy.yaml\n        - --audit-log-path=/var/log/kubernetes/audit/audit.log' },
    },
    {
      name: 'a static pod with a relative path',
      ...STIG,
      code: staticPod('kube-apiserver', '--audit-log-path=audit.log'),
      errors: [auditLogPath.podValue('audit.log', '--audit-log-path=audit.log', '/var/log/kubernetes/audit/audit.log')],
      output: { 11: '        - --audit-log-path=/var/log/kubernetes/audit/audit.log' },
    },
  ],
});
