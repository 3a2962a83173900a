import { configFile, RKE2_CONFIG, ruleTester } from '../rule-tester';
import { DROP_IN, settingFindings, staticPod, STIG } from '../node-config';

const C = 'kube-apiserver';
const F = 'audit-log-mode';
const REQUIREMENT = 'the RKE2 STIG requires audit-log-mode=blocking-strict, so that the API server refuses a request whose audit record cannot be written';
const FALLBACK = 'RKE2 does not set it, so the built-in default blocking applies';

const auditLogMode = settingFindings('kube-apiserver', 'audit-log-mode', REQUIREMENT);

ruleTester('apiserver-audit-log-mode', {
  valid: [
    { ...STIG, name: 'blocking-strict', ...configFile(), code: 'kube-apiserver-arg:\n  - audit-log-mode=blocking-strict\n' },
    {
      ...STIG,
      name: 'given by a drop-in',
      ...configFile(),
      code: 'profile: cis\n',
      files: { [DROP_IN]: 'kube-apiserver-arg+: [audit-log-mode=blocking-strict]\n' },
    },
    { ...STIG, name: 'static pods are not judged (the Kubernetes STIG does not ask for it)', code: staticPod('kube-apiserver', '--audit-log-mode=batch') },
  ],
  invalid: [
    {
      name: 'not given: RKE2 never passes it',
      profiles: ['stig-rke2', 'stig-kubernetes'],
      filePath: RKE2_CONFIG,
      code: 'profile: cis\nkube-apiserver-arg:\n  - tls-min-version=VersionTLS12\n',
      errors: [
        {
          messageId: 'rke2FlagMissing',
          data: { component: C, flag: F, fallback: FALLBACK, requirement: REQUIREMENT },
          at: 'kube-apiserver-arg',
          fix: { title: 'Add audit-log-mode=blocking-strict to kube-apiserver-arg', preferred: false },
        },
      ],
      output: { 2: '  - tls-min-version=VersionTLS12\n  - audit-log-mode=blocking-strict' },
    },
    {
      name: 'another mode',
      ...STIG,
      filePath: RKE2_CONFIG,
      code: 'kube-apiserver-arg: audit-log-mode=batch\n',
      errors: [auditLogMode.rke2Value('batch', 'audit-log-mode=batch', 'kube-apiserver-arg', 'audit-log-mode=blocking-strict')],
      output: { 0: 'kube-apiserver-arg: audit-log-mode=blocking-strict' },
    },
    {
      name: 'a drop-in replaces the list that gave it',
      ...STIG,
      filePath: DROP_IN,
      code: 'kube-apiserver-arg: [audit-log-maxage=30]\n',
      files: { [RKE2_CONFIG]: 'kube-apiserver-arg: [audit-log-mode=blocking-strict]\n' },
      errors: [
        {
          messageId: 'rke2FlagDropped',
          data: { key: 'kube-apiserver-arg', earlier: 'config.yaml', component: C, flag: F, fallback: FALLBACK, requirement: REQUIREMENT },
          at: 'kube-apiserver-arg',
          fix: { title: 'Add audit-log-mode=blocking-strict to kube-apiserver-arg', preferred: false },
        },
      ],
      output: { 0: 'kube-apiserver-arg: [audit-log-maxage=30, audit-log-mode=blocking-strict]' },
    },
  ],
});
