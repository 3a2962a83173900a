/**
 * etcd members must talk to each other over TLS with certificates they were given, and accept
 * only peers with a certificate their CA signed: `--peer-cert-file` and `--peer-key-file` set,
 * `--peer-client-cert-auth=true`, and `--peer-auto-tls=false` written out (Kubernetes STIG
 * V-242380, V-242426, V-242432, V-242433). One rule for the four: they secure one channel
 * together, as etcd-client-tls does for clients.
 * - etcd static pods (kubeadm): each flag as the STIG's check reads the manifest.
 * - RKE2 config files are not judged: RKE2 writes etcd's peer TLS settings into etcd's own
 *   configuration file (`peer-transport-security`), which `etcd-arg` entries do not reach.
 */
import { defineRule } from '../rule';
import { cis, stigRef } from '../standards';
import { SETTING_MESSAGES } from './utils/component-settings';
import { etcdTls, settingChecks } from './utils/setting-checks';

export const RULE_ID = 'etcd-peer-tls';

const REQUIREMENTS = etcdTls({
  prefix: 'peer-',
  certPath: '/etc/kubernetes/pki/etcd/peer.crt',
  keyPath: '/etc/kubernetes/pki/etcd/peer.key',
  requirements: {
    cert: 'the Kubernetes STIG requires --peer-cert-file, the certificate an etcd member presents to the other members, so that they replicate over TLS',
    key: 'the Kubernetes STIG requires --peer-key-file, the private key of the certificate an etcd member presents to the other members',
    clientCertAuth:
      'the Kubernetes STIG requires --peer-client-cert-auth=true, so that only members with a certificate the etcd CA signed can join and replicate',
    autoTls: 'the Kubernetes STIG requires --peer-auto-tls=false written out, so that members never replicate over a self-signed certificate made up at start',
  },
});

const { podFlagMissing, podFlagValue } = SETTING_MESSAGES;

export default defineRule({
  meta: {
    id: RULE_ID,
    title: 'etcd peer TLS',
    description:
      'Requires etcd members to replicate over TLS with certificates they were given and to accept only peers with a certificate the etcd CA signed. In an etcd static pod (kubeadm), --peer-cert-file and --peer-key-file must be set, --peer-client-cert-auth must be true, and --peer-auto-tls must be written out as false (the STIG check reads the manifest, so a missing --peer-auto-tls is a finding although etcd defaults to false). kubeadm writes the peer flags on every etcd member, single-member clusters included. RKE2 config files are not judged: RKE2 writes these settings into the configuration file it starts etcd with, and etcd-arg entries cannot change them there.',
    rationale:
      'etcd members copy the whole cluster state, Secrets included, to each other. Over plain TCP that copy can be read or altered on the wire; without peer certificate authentication any host that reaches port 2380 can join the cluster as a member and receive everything. A certificate made up at start (peer-auto-tls) gives members nothing to verify.',
    remediation:
      "Give every member its peer certificate and key (kubeadm: /etc/kubernetes/pki/etcd/peer.crt and peer.key), pass --peer-client-cert-auth=true with --peer-trusted-ca-file set to the etcd CA, and pass --peer-auto-tls=false. The quick fixes write kubeadm's paths and are offered one at a time, never applied by fix-all: a member whose files are missing does not start, and members without a certificate are refused.",
    profiles: { 'stig-rke2': 'error', 'stig-kubernetes': 'error' },
    defaultSeverity: 'error',
    fixable: true,
    standards: [
      ...['V-242432', 'V-242433', 'V-242426', 'V-242380'].map((v) => stigRef(v)),
      cis('2.4', 'Ensure that the --peer-cert-file and --peer-key-file arguments are set as appropriate'),
      cis('2.5', 'Ensure that the --peer-client-cert-auth argument is set to true'),
      cis('2.6', 'Ensure that the --peer-auto-tls argument is not set to true'),
    ],
    messages: { podFlagMissing, podFlagValue },
  },
  ...settingChecks(REQUIREMENTS, ['pod']),
});
