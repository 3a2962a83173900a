import { configFile, RKE2_CONFIG, ruleTester } from '../rule-tester';
import { DROP_IN, STIG, staticPod } from '../node-config';

const REQUIREMENT =
  'the STIGs require --tls-min-version=VersionTLS12 (or VersionTLS13) written on every control-plane component, so that no client can negotiate TLS 1.0 or 1.1';
const FALLBACK = 'neither RKE2 nor its configuration sets it';
const missing = (component: string, at: string, fix: string) => ({
  messageId: 'rke2FlagMissing',
  data: { component, flag: 'tls-min-version', fallback: FALLBACK, requirement: REQUIREMENT },
  at,
  fix: { title: fix, preferred: false },
});
const ALL_THREE =
  'kube-apiserver-arg: [tls-min-version=VersionTLS12]\nkube-controller-manager-arg: [tls-min-version=VersionTLS13]\nkube-scheduler-arg: [tls-min-version=VersionTLS12]\n';

ruleTester('control-plane-tls-min-version', {
  valid: [
    { ...STIG, name: 'all three components', ...configFile(), code: ALL_THREE },
    {
      ...STIG,
      name: 'split over config.yaml and a drop-in',
      ...configFile(),
      code: 'kube-apiserver-arg: [tls-min-version=VersionTLS12]\n',
      files: { [DROP_IN]: 'kube-controller-manager-arg: [tls-min-version=VersionTLS12]\nkube-scheduler-arg: [tls-min-version=VersionTLS12]\n' },
    },
    { ...STIG, name: 'a static pod with TLS 1.3', code: staticPod('kube-scheduler', '--tls-min-version=VersionTLS13') },
    { ...STIG, name: 'another program is not a control-plane component', code: staticPod('etcd', '--data-dir=/var/lib/etcd') },
  ],
  invalid: [
    {
      name: 'RKE2 sets it on none of the three: each reported, at its list or at the first key',
      profiles: ['stig-rke2', 'stig-kubernetes'],
      filePath: RKE2_CONFIG,
      code: 'token: abc\nkube-scheduler-arg:\n  - bind-address=127.0.0.1\n',
      errors: [
        missing('kube-apiserver', 'token', 'Add tls-min-version=VersionTLS12 to kube-apiserver-arg'),
        missing('kube-controller-manager', 'token', 'Add tls-min-version=VersionTLS12 to kube-controller-manager-arg'),
        missing('kube-scheduler', 'kube-scheduler-arg', 'Add tls-min-version=VersionTLS12 to kube-scheduler-arg'),
      ],
      output: [
        { 2: '  - bind-address=127.0.0.1\nkube-apiserver-arg:\n  - tls-min-version=VersionTLS12' },
        { 2: '  - bind-address=127.0.0.1\nkube-controller-manager-arg:\n  - tls-min-version=VersionTLS12' },
        { 2: '  - bind-address=127.0.0.1\n  - tls-min-version=VersionTLS12' },
      ],
    },
    {
      name: 'an entry allows TLS 1.1',
      ...STIG,
      filePath: RKE2_CONFIG,
      code: ALL_THREE.replace('kube-scheduler-arg: [tls-min-version=VersionTLS12]', 'kube-scheduler-arg: [tls-min-version=VersionTLS11]'),
      errors: [
        {
          messageId: 'rke2FlagValue',
          data: { component: 'kube-scheduler', flag: 'tls-min-version', value: 'VersionTLS11', requirement: REQUIREMENT },
          at: 'tls-min-version=VersionTLS11',
          fix: { title: 'Change the kube-scheduler-arg entry to tls-min-version=VersionTLS12', preferred: false },
        },
      ],
      output: { 2: 'kube-scheduler-arg: [tls-min-version=VersionTLS12]' },
    },
    {
      name: 'a drop-in replaces the controller manager list',
      ...STIG,
      filePath: DROP_IN,
      code: 'kube-controller-manager-arg: [terminated-pod-gc-threshold=500]\n',
      files: { [RKE2_CONFIG]: ALL_THREE },
      errors: [
        {
          messageId: 'rke2FlagDropped',
          data: {
            key: 'kube-controller-manager-arg',
            earlier: 'config.yaml',
            component: 'kube-controller-manager',
            flag: 'tls-min-version',
            fallback: FALLBACK,
            requirement: REQUIREMENT,
          },
          at: 'kube-controller-manager-arg',
          fix: { title: 'Add tls-min-version=VersionTLS12 to kube-controller-manager-arg', preferred: false },
        },
      ],
      output: { 0: 'kube-controller-manager-arg: [terminated-pod-gc-threshold=500, tls-min-version=VersionTLS12]' },
    },
    {
      name: 'a static pod without the flag',
      ...STIG,
      code: staticPod('kube-controller-manager', '--bind-address=127.0.0.1'),
      errors: [
        {
          messageId: 'podFlagMissing',
          data: {
            subject: "Container 'kube-controller-manager'",
            component: 'kube-controller-manager',
            flag: 'tls-min-version',
            fallback: 'nothing sets it',
            requirement: REQUIREMENT,
          },
          at: 'kube-controller-manager',
          occurrence: 4,
          fix: { title: "Add --tls-min-version=VersionTLS12 to the kube-controller-manager flags in container 'kube-controller-manager'", preferred: false },
        },
      ],
      output: { 11: '        - --bind-address=127.0.0.1\n        - --tls-min-version=VersionTLS12' },
    },
    {
      name: 'a static pod allowing TLS 1.0',
      ...STIG,
      code: staticPod('kube-apiserver', '--tls-min-version=VersionTLS10'),
      errors: [
        {
          messageId: 'podFlagValue',
          data: {
            subject: "Container 'kube-apiserver'",
            component: 'kube-apiserver',
            flag: 'tls-min-version',
            value: 'VersionTLS10',
            requirement: REQUIREMENT,
          },
          at: '--tls-min-version=VersionTLS10',
          fix: { title: "Change the flag to --tls-min-version=VersionTLS12 in container 'kube-apiserver'", preferred: false },
        },
      ],
      output: { 11: '        - --tls-min-version=VersionTLS12' },
    },
  ],
});
