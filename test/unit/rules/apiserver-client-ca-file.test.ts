import { appendFlag, flagFindings, staticPod } from '../../support/static-pods';
import { configFile, RKE2_CONFIG, ruleTester } from '../rule-tester';

const RULE = 'apiserver-client-ca-file';
/** the rule runs in the STIG profiles */
const STIG = { profile: 'stig-kubernetes' as const };
const DROP_IN = '/etc/rancher/rke2/config.yaml.d/90-ca.yaml';

const CA = flagFindings(
  'kube-apiserver',
  'client-ca-file',
  'the Kubernetes STIG requires --client-ca-file, the CA whose client certificates the API server accepts',
);

ruleTester(RULE, {
  valid: [
    { ...STIG, name: "kubeadm's CA", code: staticPod('kube-apiserver', '--client-ca-file=/etc/kubernetes/pki/ca.crt') },
    { ...STIG, name: 'the value as the next item', code: staticPod('kube-apiserver', '--client-ca-file', '/etc/pki/ca.pem') },
    { ...STIG, name: 'RKE2 passes it itself', ...configFile(), code: 'profile: cis\n' },
    { ...STIG, name: 'a drop-in alone that says nothing about it', ...configFile(DROP_IN), code: 'kube-apiserver-arg+: [request-timeout=60s]\n' },
  ],
  invalid: [
    {
      name: 'no client CA',
      profiles: ['stig-rke2', 'stig-kubernetes'],
      code: staticPod('kube-apiserver', '--authorization-mode=Node,RBAC'),
      errors: [CA.missing('nothing sets it', '/etc/kubernetes/pki/ca.crt')],
      output: appendFlag('kube-apiserver', ['--authorization-mode=Node,RBAC'], '--client-ca-file=/etc/kubernetes/pki/ca.crt'),
    },
    {
      name: 'the value item is empty',
      ...STIG,
      code: staticPod('kube-apiserver', '--client-ca-file', "''"),
      errors: [CA.value('', "''", '/etc/kubernetes/pki/ca.crt')],
      output: { 13: "        - '/etc/kubernetes/pki/ca.crt'" },
    },
    {
      name: 'a drop-in empties it: reported in the drop-in, with config.yaml among the files',
      ...STIG,
      filePath: DROP_IN,
      code: 'kube-apiserver-arg+:\n  - client-ca-file=\n',
      files: { [RKE2_CONFIG]: 'kube-apiserver-arg: [audit-log-maxage=30]\n' },
      errors: [CA.rke2('', 'client-ca-file=', 'kube-apiserver-arg+', 'client-ca-file=/var/lib/rancher/rke2/server/tls/client-ca.crt')],
      output: { 1: '  - client-ca-file=/var/lib/rancher/rke2/server/tls/client-ca.crt' },
    },
  ],
});
