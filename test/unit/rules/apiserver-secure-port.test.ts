import { appendFlag, flagFindings, staticPod } from '../../support/static-pods';
import { configFile, RKE2_CONFIG, ruleTester } from '../rule-tester';

const RULE = 'apiserver-secure-port';
/** the rule runs in the STIG profiles */
const STIG = { profile: 'stig-kubernetes' as const };

const PORT = flagFindings(
  'kube-apiserver',
  'secure-port',
  'the Kubernetes STIG requires --secure-port set to a port above 0, so that the API server serves over TLS',
);

ruleTester(RULE, {
  valid: [
    { ...STIG, name: "kubeadm's port", code: staticPod('kube-apiserver', '--secure-port=6443') },
    { ...STIG, name: 'another port', code: staticPod('kube-apiserver', '--secure-port', '443') },
    { ...STIG, name: 'RKE2 passes --secure-port=6443 itself', ...configFile(), code: 'cni: calico\n' },
  ],
  invalid: [
    {
      name: 'the flag is missing (the built-in default is 6443, but the check reads the manifest)',
      profiles: ['stig-rke2', 'stig-kubernetes'],
      code: staticPod('kube-apiserver', '--advertise-address=10.0.0.10'),
      errors: [PORT.missing('so its built-in default 6443 applies', '6443')],
      output: appendFlag('kube-apiserver', ['--advertise-address=10.0.0.10'], '--secure-port=6443'),
    },
    {
      name: 'port 0 turns HTTPS off',
      ...STIG,
      code: staticPod('kube-apiserver', '--secure-port=0'),
      errors: [PORT.value('0', '--secure-port=0', '6443')],
      output: { 12: '        - --secure-port=6443' },
    },
    {
      name: 'an RKE2 entry that is no port',
      ...STIG,
      filePath: RKE2_CONFIG,
      code: 'kube-apiserver-arg:\n  - secure-port=70000\n',
      errors: [PORT.rke2('70000', 'secure-port=70000', 'kube-apiserver-arg', 'secure-port=6443')],
      output: { 1: '  - secure-port=6443' },
    },
  ],
});
