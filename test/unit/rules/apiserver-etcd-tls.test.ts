import { appendFlag, flagFindings, staticPod } from '../../support/static-pods';
import { configFile, RKE2_CONFIG, ruleTester } from '../rule-tester';

const RULE = 'apiserver-etcd-tls';
/** the rule runs in the STIG profiles */
const STIG = { profile: 'stig-kubernetes' as const };
const DROP_IN = '/etc/rancher/rke2/config.yaml.d/10-etcd.yaml';

const CA = flagFindings('kube-apiserver', 'etcd-cafile', "the Kubernetes STIG requires --etcd-cafile, the CA the API server verifies etcd's certificate with");
const CERT = flagFindings(
  'kube-apiserver',
  'etcd-certfile',
  'the Kubernetes STIG requires --etcd-certfile, the client certificate the API server presents to etcd',
);
const KEY = flagFindings(
  'kube-apiserver',
  'etcd-keyfile',
  'the Kubernetes STIG requires --etcd-keyfile, the private key of the client certificate the API server presents to etcd',
);

const KUBEADM = [
  '--etcd-cafile=/etc/kubernetes/pki/etcd/ca.crt',
  '--etcd-certfile=/etc/kubernetes/pki/apiserver-etcd-client.crt',
  '--etcd-keyfile=/etc/kubernetes/pki/apiserver-etcd-client.key',
  '--etcd-servers=https://127.0.0.1:2379',
];

ruleTester(RULE, {
  valid: [
    { ...STIG, name: "kubeadm's flags", code: staticPod('kube-apiserver', ...KUBEADM) },
    { ...STIG, name: 'RKE2 passes all three itself', ...configFile(), code: 'cni: canal\n' },
    { ...STIG, name: "RKE2 with the organisation's own files", ...configFile(), code: 'kube-apiserver-arg:\n  - etcd-cafile=/etc/pki/etcd-ca.pem\n' },
    {
      ...STIG,
      name: 'config.yaml empties one, a drop-in sets it again',
      ...configFile(),
      code: 'kube-apiserver-arg: [etcd-certfile=]\n',
      files: { [DROP_IN]: 'kube-apiserver-arg+: [etcd-certfile=/etc/pki/apiserver-etcd.pem]\n' },
    },
    { name: 'off outside the STIG profiles', code: staticPod('kube-apiserver', '--etcd-servers=https://127.0.0.1:2379') },
  ],
  invalid: [
    {
      name: 'an API server that talks to etcd without TLS files',
      profiles: ['stig-rke2', 'stig-kubernetes'],
      code: staticPod('kube-apiserver', '--etcd-servers=http://127.0.0.1:2379'),
      errors: [
        CA.missing('nothing sets it', '/etc/kubernetes/pki/etcd/ca.crt'),
        CERT.missing('nothing sets it', '/etc/kubernetes/pki/apiserver-etcd-client.crt'),
        KEY.missing('nothing sets it', '/etc/kubernetes/pki/apiserver-etcd-client.key'),
      ],
      output: [
        appendFlag('kube-apiserver', ['--etcd-servers=http://127.0.0.1:2379'], '--etcd-cafile=/etc/kubernetes/pki/etcd/ca.crt'),
        appendFlag('kube-apiserver', ['--etcd-servers=http://127.0.0.1:2379'], '--etcd-certfile=/etc/kubernetes/pki/apiserver-etcd-client.crt'),
        appendFlag('kube-apiserver', ['--etcd-servers=http://127.0.0.1:2379'], '--etcd-keyfile=/etc/kubernetes/pki/apiserver-etcd-client.key'),
      ],
    },
    {
      name: 'an empty value is no file',
      ...STIG,
      code: staticPod('kube-apiserver', '--etcd-cafile=', ...KUBEADM.slice(1)),
      errors: [CA.value('', '--etcd-cafile=', '/etc/kubernetes/pki/etcd/ca.crt')],
      output: { 12: '        - --etcd-cafile=/etc/kubernetes/pki/etcd/ca.crt' },
    },
    {
      name: 'an RKE2 entry empties the key: the fix writes the path RKE2 passes',
      ...STIG,
      filePath: RKE2_CONFIG,
      code: 'kube-apiserver-arg:\n  - "--etcd-keyfile="\n',
      errors: [KEY.rke2('', '"--etcd-keyfile="', 'kube-apiserver-arg', '--etcd-keyfile=/var/lib/rancher/rke2/server/tls/etcd/client.key')],
      output: { 1: '  - "--etcd-keyfile=/var/lib/rancher/rke2/server/tls/etcd/client.key"' },
    },
  ],
});
