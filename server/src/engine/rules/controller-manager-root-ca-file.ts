/**
 * kube-controller-manager must hand pods the cluster's CA: `--root-ca-file` (Kubernetes STIG
 * V-242421).
 * - RKE2 config files: RKE2 passes it itself; a `kube-controller-manager-arg` entry that empties
 *   it is reported where it is written.
 * - kube-controller-manager static pods (kubeadm): the flag must be there and name a file.
 */
import { defineRule } from '../rule';
import { cis, stigRef } from '../standards';
import { SETTING_MESSAGES } from './utils/component-settings';
import { settingChecks } from './utils/setting-checks';
import { fileFlag } from './utils/file-flags';

export const RULE_ID = 'controller-manager-root-ca-file';

const FLAG = fileFlag(
  'kube-controller-manager',
  'root-ca-file',
  '/etc/kubernetes/pki/ca.crt',
  "the Kubernetes STIG requires --root-ca-file, the CA the controller manager puts into every service account's credentials, so that pods can verify the API server",
);

const { rke2FlagValue, podFlagMissing, podFlagValue } = SETTING_MESSAGES;

export default defineRule({
  meta: {
    id: RULE_ID,
    title: 'Controller manager root CA',
    description:
      'Requires kube-controller-manager to run with --root-ca-file, the CA it publishes to every namespace (the kube-root-ca.crt ConfigMap) for pods to verify the API server with. In RKE2 config files (config.yaml with its drop-ins, merged as RKE2 merges them), RKE2 passes it itself, so the finding is a kube-controller-manager-arg entry that sets it to nothing, reported at that entry. In a kube-controller-manager static pod (kubeadm), the flag must be present and name a file.',
    rationale:
      "Pods reach the API server over TLS with their service account token. Without the cluster's CA they cannot verify the server they talk to and would hand their token to whoever answers; with it, a man in the middle is refused.",
    remediation:
      'Pass --root-ca-file with the cluster CA (kubeadm: /etc/kubernetes/pki/ca.crt); on RKE2 remove the kube-controller-manager-arg entry that empties it. The quick fix is offered one at a time, never applied by fix-all: the controller manager does not start when the file is missing.',
    profiles: { 'stig-rke2': 'error', 'stig-kubernetes': 'error' },
    defaultSeverity: 'error',
    fixable: true,
    standards: [stigRef('V-242421'), cis('1.3.5', 'Ensure that the --root-ca-file argument is set as appropriate')],
    messages: { rke2FlagValue, podFlagMissing, podFlagValue },
  },
  ...settingChecks([FLAG], ['rke2', 'pod']),
});
