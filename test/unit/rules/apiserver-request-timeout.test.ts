import { appendFlag, flagFindings, staticPod } from '../../support/static-pods';
import { configFile, RKE2_CONFIG, ruleTester } from '../rule-tester';

const RULE = 'apiserver-request-timeout';
/** the rule runs in the STIG profiles */
const STIG = { profile: 'stig-kubernetes' as const };

const TIMEOUT = flagFindings(
  'kube-apiserver',
  'request-timeout',
  'the Kubernetes STIG requires --request-timeout written out and above 0, so that a request cannot hold the API server for ever',
);

ruleTester(RULE, {
  valid: [
    { ...STIG, name: 'one minute', code: staticPod('kube-apiserver', '--request-timeout=60s') },
    { ...STIG, name: 'Go durations', code: staticPod('kube-apiserver', '--request-timeout=1m30s') },
    {
      name: 'RKE2 relies on the built-in 1m0s, and the RKE2 STIG does not ask for the flag',
      profiles: ['stig-rke2', 'stig-kubernetes'],
      ...configFile(),
      code: 'profile: cis\n',
    },
    { ...STIG, name: 'RKE2 with a timeout', ...configFile(), code: 'kube-apiserver-arg: [request-timeout=300s]\n' },
  ],
  invalid: [
    {
      name: "kubeadm's manifest does not write it",
      profiles: ['stig-rke2', 'stig-kubernetes'],
      code: staticPod('kube-apiserver', '--secure-port=6443'),
      errors: [TIMEOUT.missing('so its built-in default 1m0s applies', '60s')],
      output: appendFlag('kube-apiserver', ['--secure-port=6443'], '--request-timeout=60s'),
    },
    {
      name: '0 turns the timeout off',
      ...STIG,
      code: staticPod('kube-apiserver', '--request-timeout=0'),
      errors: [TIMEOUT.value('0', '--request-timeout=0', '60s')],
      output: { 12: '        - --request-timeout=60s' },
    },
    {
      name: 'a number without a unit is no Go duration (the API server does not start)',
      ...STIG,
      code: staticPod('kube-apiserver', '--request-timeout', '60'),
      errors: [TIMEOUT.value('60', '60', '60s')],
      output: { 13: '        - 60s' },
    },
    {
      name: 'an RKE2 entry sets 0s',
      ...STIG,
      filePath: RKE2_CONFIG,
      code: 'kube-apiserver-arg: [request-timeout=0s]\n',
      errors: [TIMEOUT.rke2('0s', 'request-timeout=0s', 'kube-apiserver-arg', 'request-timeout=60s')],
      output: 'kube-apiserver-arg: [request-timeout=60s]\n',
    },
  ],
});
