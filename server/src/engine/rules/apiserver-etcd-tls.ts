/**
 * kube-apiserver must reach etcd over TLS, verifying etcd's certificate and presenting its own:
 * `--etcd-cafile`, `--etcd-certfile` and `--etcd-keyfile` given (Kubernetes STIG V-242429,
 * V-242430, V-242431). One rule for the three: they make the API server's etcd connection
 * secure together.
 * - RKE2 config files: RKE2 passes the three itself; a `kube-apiserver-arg` entry that empties
 *   one is reported where it is written.
 * - kube-apiserver static pods (kubeadm): each flag must be there and name a file.
 */
import { defineRule } from '../rule';
import { cis, stigRef } from '../standards';
import { SETTING_MESSAGES } from './utils/component-settings';
import { settingChecks } from './utils/setting-checks';
import { fileFlag } from './utils/file-flags';

export const RULE_ID = 'apiserver-etcd-tls';

const FLAGS = [
  fileFlag(
    'kube-apiserver',
    'etcd-cafile',
    '/etc/kubernetes/pki/etcd/ca.crt',
    "the Kubernetes STIG requires --etcd-cafile, the CA the API server verifies etcd's certificate with",
  ),
  fileFlag(
    'kube-apiserver',
    'etcd-certfile',
    '/etc/kubernetes/pki/apiserver-etcd-client.crt',
    'the Kubernetes STIG requires --etcd-certfile, the client certificate the API server presents to etcd',
  ),
  fileFlag(
    'kube-apiserver',
    'etcd-keyfile',
    '/etc/kubernetes/pki/apiserver-etcd-client.key',
    'the Kubernetes STIG requires --etcd-keyfile, the private key of the client certificate the API server presents to etcd',
  ),
];

const { rke2FlagValue, podFlagMissing, podFlagValue } = SETTING_MESSAGES;

export default defineRule({
  meta: {
    id: RULE_ID,
    title: 'API server to etcd TLS',
    description:
      'Requires kube-apiserver to talk to etcd over TLS: it verifies etcd with --etcd-cafile and authenticates with --etcd-certfile and --etcd-keyfile. In RKE2 config files (config.yaml with its drop-ins, merged as RKE2 merges them), RKE2 passes all three itself, so the finding is a kube-apiserver-arg entry that sets one to nothing, reported at that entry. In a kube-apiserver static pod (kubeadm), each flag must be present and name a file.',
    rationale:
      "The API server reads and writes every object, Secrets included, in etcd. Without the etcd CA it cannot tell etcd from an impostor; without its client certificate an etcd that requires client certificates refuses it, and an etcd that does not is open to anyone. Which CA and certificate are right is the organisation's PKI decision; the manifest has to name them.",
    remediation:
      'Pass --etcd-cafile, --etcd-certfile and --etcd-keyfile to the API server (kubeadm: /etc/kubernetes/pki/etcd/ca.crt, /etc/kubernetes/pki/apiserver-etcd-client.crt and .key); on RKE2 remove the kube-apiserver-arg entry that empties one. The quick fixes are offered one at a time, never applied by fix-all: the API server does not start when a file is missing.',
    profiles: { 'stig-rke2': 'error', 'stig-kubernetes': 'error' },
    defaultSeverity: 'error',
    fixable: true,
    standards: [
      stigRef('V-242429'),
      stigRef('V-242430'),
      stigRef('V-242431'),
      cis('1.2.23', 'Ensure that the --etcd-certfile and --etcd-keyfile arguments are set as appropriate'),
      cis('1.2.26', 'Ensure that the --etcd-cafile argument is set as appropriate'),
    ],
    messages: { rke2FlagValue, podFlagMissing, podFlagValue },
  },
  ...settingChecks(FLAGS, ['rke2', 'pod']),
});
