/**
 * kube-apiserver must serve with a certificate it was given: `--tls-cert-file` and
 * `--tls-private-key-file` (Kubernetes STIG V-242422, which names both).
 * - RKE2 config files: RKE2 passes both itself; a `kube-apiserver-arg` entry that empties one is
 *   reported where it is written.
 * - kube-apiserver static pods (kubeadm): both flags must be there and name a file; without them
 *   the API server makes up a self-signed pair.
 */
import { defineRule } from '../rule';
import { cis, stigRef } from '../standards';
import { SETTING_MESSAGES } from './utils/component-settings';
import { settingChecks } from './utils/setting-checks';
import { fileFlag } from './utils/file-flags';

export const RULE_ID = 'apiserver-tls-files';

const FLAGS = [
  fileFlag(
    'kube-apiserver',
    'tls-cert-file',
    '/etc/kubernetes/pki/apiserver.crt',
    'the Kubernetes STIG requires --tls-cert-file, the certificate the API server serves with; without it the API server makes up a self-signed one',
  ),
  fileFlag(
    'kube-apiserver',
    'tls-private-key-file',
    '/etc/kubernetes/pki/apiserver.key',
    'the Kubernetes STIG requires --tls-private-key-file, the private key of the certificate the API server serves with',
  ),
];

const { rke2FlagValue, podFlagMissing, podFlagValue } = SETTING_MESSAGES;

export default defineRule({
  meta: {
    id: RULE_ID,
    title: 'API server serving certificate',
    description:
      'Requires kube-apiserver to serve HTTPS with a certificate and key it was given (--tls-cert-file, --tls-private-key-file). In RKE2 config files (config.yaml with its drop-ins, merged as RKE2 merges them), RKE2 passes both itself, so the finding is a kube-apiserver-arg entry that sets one to nothing, reported at that entry. In a kube-apiserver static pod (kubeadm), both flags must be present and name a file.',
    rationale:
      'Every client of the cluster, kubelets and controllers included, trusts the API server by its certificate. Without one it was given, the API server generates a self-signed certificate at start, which clients can only accept by not verifying it: then anyone on the path can pose as the API server and collect the credentials clients send.',
    remediation:
      "Pass --tls-cert-file and --tls-private-key-file with a certificate issued by the organisation's CA (kubeadm: /etc/kubernetes/pki/apiserver.crt and .key); on RKE2 remove the kube-apiserver-arg entry that empties one. The quick fixes are offered one at a time, never applied by fix-all: the API server does not start when a file is missing.",
    profiles: { 'stig-rke2': 'error', 'stig-kubernetes': 'error' },
    defaultSeverity: 'error',
    fixable: true,
    standards: [stigRef('V-242422'), cis('1.2.24', 'Ensure that the --tls-cert-file and --tls-private-key-file arguments are set as appropriate')],
    messages: { rke2FlagValue, podFlagMissing, podFlagValue },
  },
  ...settingChecks(FLAGS, ['rke2', 'pod']),
});
