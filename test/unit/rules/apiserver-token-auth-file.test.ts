import { staticPod } from '../../support/static-pods';
import { configFile, RKE2_CONFIG, ruleTester } from '../rule-tester';

const RULE = 'apiserver-token-auth-file';
/** the rule runs in the STIG profiles */
const STIG = { profile: 'stig-kubernetes' as const };
const DROP_IN = '/etc/rancher/rke2/config.yaml.d/30-ci.yaml';
const REQUIREMENT =
  'the Kubernetes STIG forbids static token files: their tokens never expire, cannot be revoked without restarting the API server and sit in clear text on the node';

const pod = (value: string, at: string, occurrence?: number) => ({
  messageId: 'podFlagValue',
  data: { subject: "Container 'kube-apiserver'", component: 'kube-apiserver', flag: 'token-auth-file', value, requirement: REQUIREMENT },
  at,
  occurrence,
  fix: { title: "Remove --token-auth-file in container 'kube-apiserver'", preferred: false },
});
const rke2 = (value: string, at: string, key: string, entry: string) => ({
  messageId: 'rke2FlagValue',
  data: { component: 'kube-apiserver', flag: 'token-auth-file', value, requirement: REQUIREMENT },
  at,
  fix: { title: `Remove the ${key} entry ${entry}`, preferred: false },
});

ruleTester(RULE, {
  valid: [
    { ...STIG, name: 'no token file', code: staticPod('kube-apiserver', '--client-ca-file=/etc/kubernetes/pki/ca.crt') },
    { ...STIG, name: 'RKE2 does not pass one', ...configFile(), code: 'kube-apiserver-arg: [request-timeout=60s]\n' },
    {
      ...STIG,
      name: 'config.yaml gives one, a drop-in replaces the whole list',
      ...configFile(),
      code: 'kube-apiserver-arg: [token-auth-file=/etc/rancher/tokens.csv]\n',
      files: { [DROP_IN]: 'kube-apiserver-arg: [request-timeout=60s]\n' },
    },
    { name: 'off outside the STIG profiles', code: staticPod('kube-apiserver', '--token-auth-file=/etc/tokens.csv') },
  ],
  invalid: [
    {
      name: 'a static token file',
      profiles: ['stig-rke2', 'stig-kubernetes'],
      code: staticPod('kube-apiserver', '--secure-port=6443', '--token-auth-file=/etc/kubernetes/tokens.csv', '--v=2'),
      errors: [pod('/etc/kubernetes/tokens.csv', '--token-auth-file=/etc/kubernetes/tokens.csv')],
      output: { 13: null },
    },
    {
      name: 'given twice, the value as the next item: one finding, the fix removes every use',
      ...STIG,
      code: staticPod('kube-apiserver', '--token-auth-file=/a.csv', '--token-auth-file', '/b.csv'),
      errors: [pod('/b.csv', '--token-auth-file', 2)],
      output: { 12: null, 13: null, 14: null },
    },
    {
      name: 'an RKE2 entry',
      ...STIG,
      filePath: RKE2_CONFIG,
      code: 'kube-apiserver-arg:\n  - request-timeout=60s\n  - token-auth-file=/etc/rancher/tokens.csv\n',
      errors: [rke2('/etc/rancher/tokens.csv', 'token-auth-file=/etc/rancher/tokens.csv', 'kube-apiserver-arg', 'token-auth-file=/etc/rancher/tokens.csv')],
      output: { 2: null },
    },
    {
      name: 'a single-string entry: the fix removes the key',
      ...STIG,
      filePath: RKE2_CONFIG,
      code: 'cni: canal\nkube-apiserver-arg: --token-auth-file=/t.csv\n',
      errors: [rke2('/t.csv', '--token-auth-file=/t.csv', 'kube-apiserver-arg', '--token-auth-file=/t.csv')],
      output: 'cni: canal\n',
    },
    {
      name: 'each file reports its own entries',
      ...STIG,
      filePath: DROP_IN,
      code: 'kube-apiserver-arg+: [token-auth-file=/ci.csv]\n',
      files: { [RKE2_CONFIG]: 'kube-apiserver-arg: [token-auth-file=/main.csv]\n' },
      errors: [rke2('/ci.csv', 'token-auth-file=/ci.csv', 'kube-apiserver-arg+', 'token-auth-file=/ci.csv')],
      output: 'kube-apiserver-arg+: []\n',
    },
  ],
});
