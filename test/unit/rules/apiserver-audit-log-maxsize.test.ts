import { configFile, RKE2_CONFIG, ruleTester } from '../rule-tester';
import { DROP_IN, STIG, staticPod } from '../node-config';

const C = 'kube-apiserver';
const F = 'audit-log-maxsize';
const REQUIREMENT =
  'the STIGs require --audit-log-maxsize of at least 100 (megabytes), so that audit records are rotated at 100 MB, not at an arbitrary small size; RKE2 passes 100 once audit-policy-file or profile: cis turns audit logging on';
const FALLBACK = 'RKE2 does not set it, so the built-in default 0 applies';
const missing = (at: string, fix: string) => ({
  messageId: 'rke2FlagMissing',
  data: { component: C, flag: F, fallback: FALLBACK, requirement: REQUIREMENT },
  at,
  fix: { title: fix, preferred: true },
});
const podValue = (v: string, at: string) => ({
  messageId: 'podFlagValue',
  data: { subject: "Container 'kube-apiserver'", component: C, flag: F, value: v, requirement: REQUIREMENT },
  at,
  fix: { title: "Change the flag to --audit-log-maxsize=100 in container 'kube-apiserver'", preferred: false },
});

ruleTester('apiserver-audit-log-maxsize', {
  valid: [
    { ...STIG, name: 'profile: cis: RKE2 passes 100', ...configFile(), code: 'profile: cis\n' },
    { ...STIG, name: 'an entry with more', ...configFile(), code: 'kube-apiserver-arg: [audit-log-maxsize=200]\n' },
    {
      ...STIG,
      name: 'a drop-in gives it for the node',
      ...configFile(),
      code: 'token: abc\n',
      files: { [DROP_IN]: 'kube-apiserver-arg+: [audit-log-maxsize=100]\n' },
    },
    { ...STIG, name: 'a static pod with 100', code: staticPod('kube-apiserver', '--audit-log-maxsize=100') },
  ],
  invalid: [
    {
      name: 'RKE2 without audit logging',
      profiles: ['stig-rke2', 'stig-kubernetes'],
      filePath: RKE2_CONFIG,
      code: 'kube-apiserver-arg:\n- audit-log-path=/var/log/audit.log\n',
      errors: [missing('kube-apiserver-arg', 'Add audit-log-maxsize=100 to kube-apiserver-arg')],
      output: { 1: '- audit-log-path=/var/log/audit.log\n- audit-log-maxsize=100' },
    },
    {
      name: 'a drop-in lowers what the CIS profile passes',
      ...STIG,
      filePath: DROP_IN,
      code: 'kube-apiserver-arg+: [audit-log-maxsize=50]\n',
      files: { [RKE2_CONFIG]: 'profile: cis\n' },
      errors: [
        {
          messageId: 'rke2FlagValue',
          data: { component: C, flag: F, value: '50', requirement: REQUIREMENT },
          at: 'audit-log-maxsize=50',
          fix: { title: 'Change the kube-apiserver-arg+ entry to audit-log-maxsize=100', preferred: false },
        },
      ],
      output: { 0: 'kube-apiserver-arg+: [audit-log-maxsize=100]' },
    },
    {
      name: 'a drop-in replaces the list that set it',
      ...STIG,
      filePath: DROP_IN,
      code: 'kube-apiserver-arg: [audit-log-path=/var/log/audit.log]\n',
      files: { [RKE2_CONFIG]: 'kube-apiserver-arg: [audit-log-maxsize=100]\n' },
      errors: [
        {
          messageId: 'rke2FlagDropped',
          data: { key: 'kube-apiserver-arg', earlier: 'config.yaml', component: C, flag: F, fallback: FALLBACK, requirement: REQUIREMENT },
          at: 'kube-apiserver-arg',
          fix: { title: 'Add audit-log-maxsize=100 to kube-apiserver-arg', preferred: true },
        },
      ],
      output: { 0: 'kube-apiserver-arg: [audit-log-path=/var/log/audit.log, audit-log-maxsize=100]' },
    },
    {
      name: 'a static pod without the flag',
      ...STIG,
      code: staticPod('kube-apiserver', '--audit-log-path=/var/log/kubernetes/audit/audit.log'),
      errors: [
        {
          messageId: 'podFlagMissing',
          data: { subject: "Container 'kube-apiserver'", component: C, flag: F, fallback: 'so its built-in default 0 applies', requirement: REQUIREMENT },
          at: 'kube-apiserver',
          occurrence: 4,
          fix: { title: "Add --audit-log-maxsize=100 to the kube-apiserver flags in container 'kube-apiserver'", preferred: true },
        },
      ],
      output: { 11: '        - --audit-log-path=/var/log/kubernetes/audit/audit.log\n        - --audit-log-maxsize=100' },
    },
    {
      name: 'a static pod with less',
      ...STIG,
      code: staticPod('kube-apiserver', '--audit-log-maxsize=50'),
      errors: [podValue('50', '--audit-log-maxsize=50')],
      output: { 11: '        - --audit-log-maxsize=100' },
    },
    {
      name: 'a value that is not a number',
      ...STIG,
      code: staticPod('kube-apiserver', '--audit-log-maxsize', '100Mi'),
      errors: [podValue('100Mi', '100Mi')],
      output: { 12: '        - "100"' },
    },
  ],
});
