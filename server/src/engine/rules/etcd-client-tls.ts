/**
 * etcd must serve its clients (the API server) over TLS with a certificate it was given, and
 * only to clients that present a certificate its CA signed: `--cert-file` and `--key-file` set,
 * `--client-cert-auth=true`, and `--auto-tls=false` written out (Kubernetes STIG V-242379,
 * V-242423, V-242427, V-242428). One rule for the four, because they make one channel secure
 * together and a manifest sets them together.
 * - etcd static pods (kubeadm): each flag as the STIG's check reads the manifest; a missing
 *   `--auto-tls` is a finding too, although etcd's default is false.
 * - RKE2 config files are not judged: RKE2 writes etcd's TLS settings into etcd's own
 *   configuration file (`client-transport-security`), and an `etcd-arg` entry becomes a
 *   top-level key of that file, which etcd does not read as a TLS setting.
 */
import { defineRule } from '../rule';
import { cis, stigRef } from '../standards';
import { SETTING_MESSAGES } from './utils/component-settings';
import { etcdTls, settingChecks } from './utils/setting-checks';

export const RULE_ID = 'etcd-client-tls';

const REQUIREMENTS = etcdTls({
  prefix: '',
  certPath: '/etc/kubernetes/pki/etcd/server.crt',
  keyPath: '/etc/kubernetes/pki/etcd/server.key',
  requirements: {
    cert: 'the Kubernetes STIG requires --cert-file, the certificate etcd serves its clients with, so that they talk to it over TLS',
    key: 'the Kubernetes STIG requires --key-file, the private key of the certificate etcd serves its clients with',
    clientCertAuth: 'the Kubernetes STIG requires --client-cert-auth=true, so that etcd answers only clients that present a certificate its CA signed',
    autoTls: 'the Kubernetes STIG requires --auto-tls=false written out, so that etcd never serves clients with a self-signed certificate it makes up itself',
  },
});

const { podFlagMissing, podFlagValue } = SETTING_MESSAGES;

export default defineRule({
  meta: {
    id: RULE_ID,
    title: 'etcd client TLS',
    description:
      'Requires etcd to serve its clients over TLS with a certificate it was given and to answer only clients with a certificate its CA signed. In an etcd static pod (kubeadm), --cert-file and --key-file must be set, --client-cert-auth must be true, and --auto-tls must be written out as false (the STIG check reads the manifest, so a missing --auto-tls is a finding although etcd defaults to false). Flags are read as etcd reads them (one or two dashes, booleans as Go parses them). RKE2 config files are not judged: RKE2 writes these settings into the configuration file it starts etcd with, and etcd-arg entries cannot change them there.',
    rationale:
      'etcd holds every object of the cluster, Secrets included. Without TLS its traffic can be read on the wire; without client certificate authentication anyone who reaches port 2379 can read and write the whole cluster state, bypassing the API server, its authentication, RBAC and admission. A self-signed certificate made up at start (auto-tls) gives clients nothing to verify.',
    remediation:
      "Give etcd its serving certificate and key (kubeadm: /etc/kubernetes/pki/etcd/server.crt and server.key), pass --client-cert-auth=true with --trusted-ca-file set to the CA that signs the API server's etcd client certificate, and pass --auto-tls=false. The quick fixes write kubeadm's paths and are offered one at a time, never applied by fix-all: etcd does not start when a file is missing, and clients without a certificate are refused.",
    profiles: { 'stig-rke2': 'error', 'stig-kubernetes': 'error' },
    defaultSeverity: 'error',
    fixable: true,
    standards: [
      ...['V-242428', 'V-242427', 'V-242423', 'V-242379'].map((v) => stigRef(v)),
      cis('2.1', 'Ensure that the --cert-file and --key-file arguments are set as appropriate'),
      cis('2.2', 'Ensure that the --client-cert-auth argument is set to true'),
      cis('2.3', 'Ensure that the --auto-tls argument is not set to true'),
    ],
    messages: { podFlagMissing, podFlagValue },
  },
  ...settingChecks(REQUIREMENTS, ['pod']),
});
