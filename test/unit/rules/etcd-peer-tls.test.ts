import { appendFlag, programRange, staticPod } from '../../support/static-pods';
import { configFile, ruleTester } from '../rule-tester';

const RULE = 'etcd-peer-tls';
/** the rule runs in the STIG profiles */
const STIG = { profile: 'stig-kubernetes' as const };
const SUBJECT = "Container 'etcd'";

const REQUIREMENTS: Record<string, string> = {
  'peer-cert-file':
    'the Kubernetes STIG requires --peer-cert-file, the certificate an etcd member presents to the other members, so that they replicate over TLS',
  'peer-key-file': 'the Kubernetes STIG requires --peer-key-file, the private key of the certificate an etcd member presents to the other members',
  'peer-client-cert-auth':
    'the Kubernetes STIG requires --peer-client-cert-auth=true, so that only members with a certificate the etcd CA signed can join and replicate',
  'peer-auto-tls':
    'the Kubernetes STIG requires --peer-auto-tls=false written out, so that members never replicate over a self-signed certificate made up at start',
};
const FIX_VALUE: Record<string, string> = {
  'peer-cert-file': '/etc/kubernetes/pki/etcd/peer.crt',
  'peer-key-file': '/etc/kubernetes/pki/etcd/peer.key',
  'peer-client-cert-auth': 'true',
  'peer-auto-tls': 'false',
};
const FALLBACK: Record<string, string> = {
  'peer-cert-file': 'nothing sets it',
  'peer-key-file': 'nothing sets it',
  'peer-client-cert-auth': 'so its built-in default false applies',
  'peer-auto-tls': 'so its built-in default false applies',
};

const missing = (flag: string) => ({
  messageId: 'podFlagMissing',
  data: { subject: SUBJECT, component: 'etcd', flag, fallback: FALLBACK[flag], requirement: REQUIREMENTS[flag] },
  range: programRange('etcd'),
  fix: { title: `Add --${flag}=${FIX_VALUE[flag]} to the etcd flags in container 'etcd'`, preferred: false },
});
const value = (flag: string, v: string, at: string) => ({
  messageId: 'podFlagValue',
  data: { subject: SUBJECT, component: 'etcd', flag, value: v, requirement: REQUIREMENTS[flag] },
  at,
  fix: { title: `Change the flag to --${flag}=${FIX_VALUE[flag]} in container 'etcd'`, preferred: false },
});

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
        appendFlag('etcd', ['--name=cp-1'], `--${f}=${FIX_VALUE[f]}`),
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
