import { appendFlag, staticPod } from '../../support/static-pods';
import { etcdTlsFindings } from '../node-config';
import { configFile, ruleTester, y } from '../rule-tester';

const RULE = 'etcd-client-tls';
/** the rule runs in the STIG profiles */
const STIG = { profile: 'stig-kubernetes' as const };
const { fixValue, missing, value } = etcdTlsFindings(
  '',
  { cert: '/etc/kubernetes/pki/etcd/server.crt', key: '/etc/kubernetes/pki/etcd/server.key' },
  {
    cert: 'the Kubernetes STIG requires --cert-file, the certificate etcd serves its clients with, so that they talk to it over TLS',
    key: 'the Kubernetes STIG requires --key-file, the private key of the certificate etcd serves its clients with',
    clientCertAuth: 'the Kubernetes STIG requires --client-cert-auth=true, so that etcd answers only clients that present a certificate its CA signed',
    autoTls: 'the Kubernetes STIG requires --auto-tls=false written out, so that etcd never serves clients with a self-signed certificate it makes up itself',
  },
  { container: true },
);

/** kubeadm's etcd flags for client TLS, --auto-tls aside */
const KUBEADM = ['--cert-file=/etc/kubernetes/pki/etcd/server.crt', '--client-cert-auth=true', '--key-file=/etc/kubernetes/pki/etcd/server.key'];

ruleTester(RULE, {
  valid: [
    { ...STIG, name: "kubeadm's flags with --auto-tls=false", code: staticPod('etcd', ...KUBEADM, '--auto-tls=false') },
    {
      ...STIG,
      name: 'etcd reads one dash like two, and Go booleans (1, f)',
      code: staticPod('etcd', '-cert-file=/pki/server.crt', '-key-file', '/pki/server.key', '-client-cert-auth=1', '-auto-tls=f'),
    },
    {
      ...STIG,
      name: 'in the profile the STIG does not lead either',
      profile: 'stig-rke2',
      code: staticPod('etcd', ...KUBEADM, '--auto-tls=false'),
    },
    { name: 'off outside the STIG profiles', code: staticPod('etcd', '--data-dir=/var/lib/etcd') },
    {
      ...STIG,
      name: 'RKE2 configs are not judged: etcd-arg entries do not reach its TLS settings',
      ...configFile(),
      code: 'etcd-arg:\n  - auto-tls=true\n  - client-cert-auth=false\n',
    },
  ],
  invalid: [
    {
      name: "kubeadm's manifest leaves --auto-tls to the default",
      profiles: ['stig-rke2', 'stig-kubernetes'],
      code: staticPod('etcd', ...KUBEADM),
      errors: [{ ...missing('auto-tls'), severity: 'error' }],
      output: appendFlag('etcd', KUBEADM, '--auto-tls=false'),
    },
    {
      name: 'an etcd without TLS: every flag in turn',
      ...STIG,
      code: staticPod('etcd', '--data-dir=/var/lib/etcd'),
      errors: [missing('cert-file'), missing('key-file'), missing('client-cert-auth'), missing('auto-tls')],
      output: ['cert-file', 'key-file', 'client-cert-auth', 'auto-tls'].map((f) => appendFlag('etcd', ['--data-dir=/var/lib/etcd'], `--${f}=${fixValue(f)}`)),
    },
    {
      name: 'auto-tls on and client certificates off',
      ...STIG,
      code: staticPod('etcd', '--cert-file=/pki/server.crt', '--key-file=/pki/server.key', '--client-cert-auth=false', '--auto-tls=true'),
      errors: [value('client-cert-auth', 'false', '--client-cert-auth=false'), value('auto-tls', 'true', '--auto-tls=true')],
      output: [{ 14: '        - --client-cert-auth=true' }, { 15: '        - --auto-tls=false' }],
    },
    {
      name: 'a bare boolean flag is true; one dash kept',
      ...STIG,
      code: staticPod('etcd', ...KUBEADM, '-auto-tls'),
      errors: [value('auto-tls', 'true', '-auto-tls')],
      output: { 15: '        - -auto-tls=false' },
    },
    {
      name: 'an empty certificate path, value as the next item',
      ...STIG,
      code: staticPod('etcd', '--cert-file', '""', '--client-cert-auth=true', '--key-file=/pki/server.key', '--auto-tls=false'),
      errors: [value('cert-file', '', '""')],
      output: { 13: '        - "/etc/kubernetes/pki/etcd/server.crt"' },
    },
    {
      name: "etcd's flags end at the first argument that is not one: later flags are not read",
      ...STIG,
      code: staticPod('etcd', ...KUBEADM, 'serve', '--auto-tls=false'),
      // a flag added at the end would not be read either: no fix
      errors: [{ ...missing('auto-tls'), fix: null }],
    },
    {
      name: 'etcd run by a shell script: reported, but its items cannot be edited',
      ...STIG,
      code: y`
        apiVersion: v1
        kind: Pod
        metadata: {name: etcd, namespace: kube-system}
        spec:
          containers:
            - name: etcd
              image: registry.k8s.io/etcd:3.5.15-0
              command: [sh, -c, "exec etcd --cert-file=/pki/s.crt --key-file=/pki/s.key --client-cert-auth --auto-tls=true"]
      `,
      errors: [{ ...value('auto-tls', 'true', '"exec etcd --cert-file=/pki/s.crt --key-file=/pki/s.key --client-cert-auth --auto-tls=true"'), fix: null }],
    },
  ],
});
