import { configFile, RKE2_CONFIG, ruleTester } from '../rule-tester';
import { DROP_IN, STIG, staticPod } from '../node-config';

const REQUIREMENT =
  "the STIGs require --tls-cipher-suites to hold their approved suites (the RKE2 STIG's six ECDHE AES-GCM and ChaCha20 suites on every control-plane component, the Kubernetes STIG's four ECDHE AES-GCM suites on the API server), so that only forward-secret AEAD ciphers are negotiated";
const RKE2_SUITES =
  'TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256,TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256,TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305,TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384,TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305,TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384';
const K8S_SUITES =
  'TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256,TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256,TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384,TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384';
const FALLBACK = 'neither RKE2 nor its configuration sets it';
const missing = (component: string, at: string) => ({
  messageId: 'rke2FlagMissing',
  data: { component, flag: 'tls-cipher-suites', fallback: FALLBACK, requirement: REQUIREMENT },
  at,
  fix: { title: `Add tls-cipher-suites=${RKE2_SUITES} to ${component}-arg`, preferred: false },
});
const BOTH = `kube-controller-manager-arg:\n  - tls-cipher-suites=${RKE2_SUITES}\nkube-scheduler-arg:\n  - tls-cipher-suites=${RKE2_SUITES}\n`;

ruleTester('control-plane-tls-cipher-suites', {
  valid: [
    { ...STIG, name: "RKE2 gives kube-apiserver the STIG's suites; the other two carry them", ...configFile(), code: BOTH },
    { ...STIG, name: 'extra suites are not judged', ...configFile(), code: BOTH.replace(/(tls-cipher-suites=)/g, '$1TLS_AES_128_GCM_SHA256,') },
    { ...STIG, name: 'a kubeadm API server with the four suites', code: staticPod('kube-apiserver', `--tls-cipher-suites=${K8S_SUITES}`) },
    { ...STIG, name: 'the Kubernetes STIG asks nothing of a kubeadm scheduler', code: staticPod('kube-scheduler', '--bind-address=127.0.0.1') },
  ],
  invalid: [
    {
      name: 'RKE2 passes no suites to the controller manager and the scheduler',
      profiles: ['stig-rke2', 'stig-kubernetes'],
      filePath: RKE2_CONFIG,
      code: 'token: abc\n',
      errors: [missing('kube-controller-manager', 'token'), missing('kube-scheduler', 'token')],
      output: [
        { 0: `token: abc\nkube-controller-manager-arg:\n  - tls-cipher-suites=${RKE2_SUITES}` },
        { 0: `token: abc\nkube-scheduler-arg:\n  - tls-cipher-suites=${RKE2_SUITES}` },
      ],
    },
    {
      name: "an entry replaces RKE2's suites for the API server with a list lacking ChaCha20",
      ...STIG,
      filePath: RKE2_CONFIG,
      code: `kube-apiserver-arg:\n  - tls-cipher-suites=${K8S_SUITES}\n${BOTH}`,
      errors: [
        {
          messageId: 'rke2FlagValue',
          data: { component: 'kube-apiserver', flag: 'tls-cipher-suites', value: K8S_SUITES, requirement: REQUIREMENT },
          at: `tls-cipher-suites=${K8S_SUITES}`,
          occurrence: 1,
          fix: { title: `Change the kube-apiserver-arg entry to tls-cipher-suites=${RKE2_SUITES}`, preferred: false },
        },
      ],
      output: { 1: `  - tls-cipher-suites=${RKE2_SUITES}` },
    },
    {
      name: 'a drop-in replaces the scheduler list',
      ...STIG,
      filePath: DROP_IN,
      code: 'kube-scheduler-arg: [bind-address=127.0.0.1]\n',
      files: { [RKE2_CONFIG]: BOTH },
      errors: [
        {
          messageId: 'rke2FlagDropped',
          data: {
            key: 'kube-scheduler-arg',
            earlier: 'config.yaml',
            component: 'kube-scheduler',
            flag: 'tls-cipher-suites',
            fallback: FALLBACK,
            requirement: REQUIREMENT,
          },
          at: 'kube-scheduler-arg',
          fix: { title: `Add tls-cipher-suites=${RKE2_SUITES} to kube-scheduler-arg`, preferred: false },
        },
      ],
      output: { 0: `kube-scheduler-arg: [bind-address=127.0.0.1, "tls-cipher-suites=${RKE2_SUITES}"]` },
    },
    {
      name: 'a kubeadm API server without suites',
      ...STIG,
      code: staticPod('kube-apiserver', '--secure-port=6443'),
      errors: [
        {
          messageId: 'podFlagMissing',
          data: {
            subject: "Container 'kube-apiserver'",
            component: 'kube-apiserver',
            flag: 'tls-cipher-suites',
            fallback: 'nothing sets it',
            requirement: REQUIREMENT,
          },
          at: 'kube-apiserver',
          occurrence: 4,
          fix: { title: `Add --tls-cipher-suites=${K8S_SUITES} to the kube-apiserver flags in container 'kube-apiserver'`, preferred: false },
        },
      ],
      output: { 11: `        - --secure-port=6443\n        - --tls-cipher-suites=${K8S_SUITES}` },
    },
    {
      name: 'a kubeadm API server whose suites lack one of the four (repeated flags add up)',
      ...STIG,
      code: staticPod(
        'kube-apiserver',
        '--tls-cipher-suites=TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256',
        '--tls-cipher-suites=TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256',
      ),
      errors: [
        {
          messageId: 'podFlagValue',
          data: {
            subject: "Container 'kube-apiserver'",
            component: 'kube-apiserver',
            flag: 'tls-cipher-suites',
            value: 'TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256,TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256',
            requirement: REQUIREMENT,
          },
          at: '--tls-cipher-suites=TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256',
          fix: { title: `Change the flag to --tls-cipher-suites=${K8S_SUITES} in container 'kube-apiserver'`, preferred: false },
        },
      ],
      output: { 12: `        - --tls-cipher-suites=${K8S_SUITES}` },
    },
  ],
});
