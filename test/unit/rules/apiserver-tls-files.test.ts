import { appendFlag, flagFindings, staticPod } from '../../support/static-pods';
import { configFile, RKE2_CONFIG, ruleTester } from '../rule-tester';

const RULE = 'apiserver-tls-files';
/** the rule runs in the STIG profiles */
const STIG = { profile: 'stig-kubernetes' as const };

const CERT = flagFindings(
  'kube-apiserver',
  'tls-cert-file',
  'the Kubernetes STIG requires --tls-cert-file, the certificate the API server serves with; without it the API server makes up a self-signed one',
);
const KEY = flagFindings(
  'kube-apiserver',
  'tls-private-key-file',
  'the Kubernetes STIG requires --tls-private-key-file, the private key of the certificate the API server serves with',
);

ruleTester(RULE, {
  valid: [
    {
      ...STIG,
      name: "kubeadm's serving certificate",
      code: staticPod('kube-apiserver', '--tls-cert-file=/etc/kubernetes/pki/apiserver.crt', '--tls-private-key-file=/etc/kubernetes/pki/apiserver.key'),
    },
    { ...STIG, name: 'RKE2 passes both itself', ...configFile(), code: 'tls-san: [rke2.example.com]\n' },
    { name: 'off outside the STIG profiles', code: staticPod('kube-apiserver', '--secure-port=6443') },
  ],
  invalid: [
    {
      name: 'no serving certificate: the API server makes one up',
      profiles: ['stig-rke2', 'stig-kubernetes'],
      code: staticPod('kube-apiserver', '--secure-port=6443'),
      errors: [CERT.missing('nothing sets it', '/etc/kubernetes/pki/apiserver.crt'), KEY.missing('nothing sets it', '/etc/kubernetes/pki/apiserver.key')],
      output: [
        appendFlag('kube-apiserver', ['--secure-port=6443'], '--tls-cert-file=/etc/kubernetes/pki/apiserver.crt'),
        appendFlag('kube-apiserver', ['--secure-port=6443'], '--tls-private-key-file=/etc/kubernetes/pki/apiserver.key'),
      ],
    },
    {
      name: 'the certificate without its key',
      ...STIG,
      code: staticPod('kube-apiserver', '--tls-cert-file=/etc/pki/api.pem'),
      errors: [KEY.missing('nothing sets it', '/etc/kubernetes/pki/apiserver.key')],
      output: appendFlag('kube-apiserver', ['--tls-cert-file=/etc/pki/api.pem'], '--tls-private-key-file=/etc/kubernetes/pki/apiserver.key'),
    },
    {
      name: 'an empty key; a later flag wins over an earlier one',
      ...STIG,
      code: staticPod('kube-apiserver', '--tls-cert-file=/etc/pki/api.pem', '--tls-private-key-file=/etc/pki/api-key.pem', '--tls-private-key-file='),
      errors: [{ ...KEY.value('', '--tls-private-key-file=', '/etc/kubernetes/pki/apiserver.key'), occurrence: 2 }],
      output: { 14: '        - --tls-private-key-file=/etc/kubernetes/pki/apiserver.key' },
    },
    {
      name: 'an RKE2 entry of blanks',
      ...STIG,
      filePath: RKE2_CONFIG,
      code: 'kube-apiserver-arg: "tls-cert-file= "\n',
      errors: [CERT.rke2(' ', '"tls-cert-file= "', 'kube-apiserver-arg', 'tls-cert-file=/var/lib/rancher/rke2/server/tls/serving-kube-apiserver.crt')],
      output: 'kube-apiserver-arg: "tls-cert-file=/var/lib/rancher/rke2/server/tls/serving-kube-apiserver.crt"\n',
    },
  ],
});
