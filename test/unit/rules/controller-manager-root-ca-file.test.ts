import { appendFlag, flagFindings, staticPod } from '../../support/static-pods';
import { configFile, RKE2_CONFIG, ruleTester } from '../rule-tester';

const RULE = 'controller-manager-root-ca-file';
/** the rule runs in the STIG profiles */
const STIG = { profile: 'stig-kubernetes' as const };

const CA = flagFindings(
  'kube-controller-manager',
  'root-ca-file',
  "the Kubernetes STIG requires --root-ca-file, the CA the controller manager puts into every service account's credentials, so that pods can verify the API server",
);

ruleTester(RULE, {
  valid: [
    { ...STIG, name: "kubeadm's root CA", code: staticPod('kube-controller-manager', '--root-ca-file=/etc/kubernetes/pki/ca.crt') },
    { ...STIG, name: 'RKE2 passes it itself', ...configFile(), code: 'kube-controller-manager-arg: [terminated-pod-gc-threshold=500]\n' },
    { name: 'off outside the STIG profiles', code: staticPod('kube-controller-manager', '--leader-elect=true') },
  ],
  invalid: [
    {
      name: 'no root CA (the client CA is another flag)',
      profiles: ['stig-rke2', 'stig-kubernetes'],
      code: staticPod('kube-controller-manager', '--client-ca-file=/etc/kubernetes/pki/ca.crt'),
      errors: [CA.missing('nothing sets it', '/etc/kubernetes/pki/ca.crt')],
      output: appendFlag('kube-controller-manager', ['--client-ca-file=/etc/kubernetes/pki/ca.crt'], '--root-ca-file=/etc/kubernetes/pki/ca.crt'),
    },
    {
      name: 'an empty root CA',
      ...STIG,
      code: staticPod('kube-controller-manager', '--root-ca-file='),
      errors: [CA.value('', '--root-ca-file=', '/etc/kubernetes/pki/ca.crt')],
      output: { 12: '        - --root-ca-file=/etc/kubernetes/pki/ca.crt' },
    },
    {
      name: 'an RKE2 entry empties it',
      ...STIG,
      filePath: RKE2_CONFIG,
      code: 'kube-controller-manager-arg:\n  - --root-ca-file=\n',
      errors: [CA.rke2('', '--root-ca-file=', 'kube-controller-manager-arg', '--root-ca-file=/var/lib/rancher/rke2/server/tls/server-ca.crt')],
      output: { 1: '  - --root-ca-file=/var/lib/rancher/rke2/server/tls/server-ca.crt' },
    },
  ],
});
