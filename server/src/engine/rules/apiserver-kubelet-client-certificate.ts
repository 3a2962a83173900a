/**
 * kube-apiserver must present a client certificate to the kubelets it calls:
 * `--kubelet-client-certificate` and `--kubelet-client-key` (Kubernetes STIG V-245544, which names
 * both).
 * - RKE2 config files: RKE2 passes both itself; a `kube-apiserver-arg` entry that empties one is
 *   reported where it is written.
 * - kube-apiserver static pods (kubeadm): both flags must be there and name a file.
 */
import { defineRule } from '../rule';
import { cis, stigRef } from '../standards';
import { SETTING_MESSAGES } from './utils/component-settings';
import { settingChecks } from './utils/setting-checks';
import { fileFlag } from './utils/file-flags';

export const RULE_ID = 'apiserver-kubelet-client-certificate';

const FLAGS = [
  fileFlag(
    'kube-apiserver',
    'kubelet-client-certificate',
    '/etc/kubernetes/pki/apiserver-kubelet-client.crt',
    'the Kubernetes STIG requires --kubelet-client-certificate, the client certificate the API server presents to kubelets',
  ),
  fileFlag(
    'kube-apiserver',
    'kubelet-client-key',
    '/etc/kubernetes/pki/apiserver-kubelet-client.key',
    'the Kubernetes STIG requires --kubelet-client-key, the private key of the client certificate the API server presents to kubelets',
  ),
];

const { rke2FlagValue, podFlagMissing, podFlagValue } = SETTING_MESSAGES;

export default defineRule({
  meta: {
    id: RULE_ID,
    title: 'API server client certificate for kubelets',
    description:
      'Requires kube-apiserver to authenticate to kubelets with a client certificate (--kubelet-client-certificate, --kubelet-client-key). In RKE2 config files (config.yaml with its drop-ins, merged as RKE2 merges them), RKE2 passes both itself, so the finding is a kube-apiserver-arg entry that sets one to nothing, reported at that entry. In a kube-apiserver static pod (kubeadm), both flags must be present and name a file.',
    rationale:
      'The API server calls every kubelet to stream logs, exec into containers and forward ports. A kubelet that refuses anonymous requests needs the API server to prove who it is; without a client certificate the API server either cannot use those functions or the kubelets must be left open to anyone.',
    remediation:
      "Pass --kubelet-client-certificate and --kubelet-client-key with a certificate issued by the organisation's CA (kubeadm: /etc/kubernetes/pki/apiserver-kubelet-client.crt and .key); on RKE2 remove the kube-apiserver-arg entry that empties one. The quick fixes are offered one at a time, never applied by fix-all: the API server does not start when a file is missing.",
    profiles: { 'stig-rke2': 'error', 'stig-kubernetes': 'error' },
    defaultSeverity: 'error',
    fixable: true,
    standards: [stigRef('V-245544'), cis('1.2.4', 'Ensure that the --kubelet-client-certificate and --kubelet-client-key arguments are set as appropriate')],
    messages: { rke2FlagValue, podFlagMissing, podFlagValue },
  },
  ...settingChecks(FLAGS, ['rke2', 'pod']),
});
