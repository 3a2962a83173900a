import { appendFlag, staticPod } from '../../support/static-pods';
import { etcdTlsFindings } from '../node-config';
import { configFile, ruleTester } from '../rule-tester';

const RULE = 'etcd-peer-tls';
/** the rule runs in the STIG profiles */
const STIG = { profile: 'stig-kubernetes' as const };
const { fixValue, missing, value } = etcdTlsFindings(
  'peer-',
  { cert: '/etc/kubernetes/pki/etcd/peer.crt', key: '/etc/kubernetes/pki/etcd/peer.key' },
  {
    cert: 'the Kubernetes STIG requires --peer-cert-file, the certificate an etcd member presents to the other members, so that they replicate over TLS',
    key: 'the Kubernetes STIG requires --peer-key-file, the private key of the certificate an etcd member presents to the other members',
    clientCertAuth:
      'the Kubernetes STIG requires --peer-client-cert-auth=true, so that only members with a certificate the etcd CA signed can join and replicate',
    autoTls: 'the Kubernetes STIG requires --peer-auto-tls=false written out, so that members never replicate over a self-signed certificate made up at start',
  },
);

/** kubeadm's etcd peer flags, --peer-auto-tls aside */
const KUBEADM = ['--peer-cert-file=/etc/kubernetes/pki/etcd/peer.crt', '--peer-client-cert-auth=true', '--peer-key-file=/etc/kubernetes/pki/etcd/peer.key'];

ruleTester(RULE, {
  valid: [
    { ...STIG, name: "kubeadm's peer flags with --peer-auto-tls=false", code: staticPod('etcd', ...KUBEADM, '--peer-auto-tls=false') },
    {
      ...STIG,
      name: 'values as the next item, Go booleans',
      code: staticPod('etcd', '--peer-cert-file', '/p.crt', '--peer-key-file', '/p.key', '--peer-client-cert-auth=T', '--peer-auto-tls=0'),
    },
    { ...STIG, name: 'RKE2 configs are not judged', ...configFile(), code: 'etcd-arg: [peer-auto-tls=true]\n' },
    { name: 'off outside the STIG profiles', code: staticPod('etcd', '--data-dir=/var/lib/etcd') },
  ],
  invalid: [
    {
      name: "kubeadm's manifest leaves --peer-auto-tls to the default",
      profiles: ['stig-rke2', 'stig-kubernetes'],
      code: staticPod('etcd', ...KUBEADM),
      errors: [{ ...missing('peer-auto-tls'), severity: 'error' }],
      output: appendFlag('etcd', KUBEADM, '--peer-auto-tls=false'),
    },
    {
      name: 'a member without peer TLS: every flag in turn',
      ...STIG,
      code: staticPod('etcd', '--name=cp-1'),
      errors: [missing('peer-cert-file'), missing('peer-key-file'), missing('peer-client-cert-auth'), missing('peer-auto-tls')],
      output: ['peer-cert-file', 'peer-key-file', 'peer-client-cert-auth', 'peer-auto-tls'].map((f) =>
        appendFlag('etcd', ['--name=cp-1'], `--${f}=${fixValue(f)}`),
      ),
    },
    {
      name: 'peer auto-TLS on, peers not authenticated, the last of repeated flags decides',
      ...STIG,
      code: staticPod(
        'etcd',
        '--peer-cert-file=/p.crt',
        '--peer-key-file=/p.key',
        '--peer-client-cert-auth=true',
        '--peer-client-cert-auth=false',
        '--peer-auto-tls',
      ),
      errors: [value('peer-client-cert-auth', 'false', '--peer-client-cert-auth=false'), value('peer-auto-tls', 'true', '--peer-auto-tls')],
      output: [{ 15: '        - --peer-client-cert-auth=true' }, { 16: '        - --peer-auto-tls=false' }],
    },
  ],
});
