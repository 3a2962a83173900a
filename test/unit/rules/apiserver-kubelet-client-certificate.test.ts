import { appendFlag, flagFindings, staticPod } from '../../support/static-pods';
import { configFile, RKE2_CONFIG, ruleTester } from '../rule-tester';

const RULE = 'apiserver-kubelet-client-certificate';
/** the rule runs in the STIG profiles */
const STIG = { profile: 'stig-kubernetes' as const };

const CERT = flagFindings(
  'kube-apiserver',
  'kubelet-client-certificate',
  'the Kubernetes STIG requires --kubelet-client-certificate, the client certificate the API server presents to kubelets',
);
const KEY = flagFindings(
  'kube-apiserver',
  'kubelet-client-key',
  'the Kubernetes STIG requires --kubelet-client-key, the private key of the client certificate the API server presents to kubelets',
);

const KUBEADM = [
  '--kubelet-client-certificate=/etc/kubernetes/pki/apiserver-kubelet-client.crt',
  '--kubelet-client-key=/etc/kubernetes/pki/apiserver-kubelet-client.key',
];

ruleTester(RULE, {
  valid: [
    { ...STIG, name: "kubeadm's client certificate", code: staticPod('kube-apiserver', ...KUBEADM) },
    { ...STIG, name: 'RKE2 passes both itself', ...configFile(), code: 'kube-apiserver-arg: [request-timeout=60s]\n' },
  ],
  invalid: [
    {
      name: 'the key only',
      profiles: ['stig-rke2', 'stig-kubernetes'],
      code: staticPod('kube-apiserver', KUBEADM[1]),
      errors: [CERT.missing('nothing sets it', '/etc/kubernetes/pki/apiserver-kubelet-client.crt')],
      output: appendFlag('kube-apiserver', [KUBEADM[1]], '--kubelet-client-certificate=/etc/kubernetes/pki/apiserver-kubelet-client.crt'),
    },
    {
      name: 'an empty key, written after a blank certificate',
      ...STIG,
      code: staticPod('kube-apiserver', '--kubelet-client-certificate=', '--kubelet-client-key='),
      errors: [
        CERT.value('', '--kubelet-client-certificate=', '/etc/kubernetes/pki/apiserver-kubelet-client.crt'),
        KEY.value('', '--kubelet-client-key=', '/etc/kubernetes/pki/apiserver-kubelet-client.key'),
      ],
      output: [{ 12: `        - ${KUBEADM[0]}` }, { 13: `        - ${KUBEADM[1]}` }],
    },
    {
      name: 'an RKE2 entry empties the certificate',
      ...STIG,
      filePath: RKE2_CONFIG,
      code: 'kube-apiserver-arg: ["kubelet-client-certificate="]\n',
      errors: [
        CERT.rke2(
          '',
          '"kubelet-client-certificate="',
          'kube-apiserver-arg',
          'kubelet-client-certificate=/var/lib/rancher/rke2/server/tls/client-kube-apiserver.crt',
        ),
      ],
      output: 'kube-apiserver-arg: ["kubelet-client-certificate=/var/lib/rancher/rke2/server/tls/client-kube-apiserver.crt"]\n',
    },
  ],
});
