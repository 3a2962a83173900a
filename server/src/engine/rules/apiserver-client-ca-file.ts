/**
 * kube-apiserver must authenticate client certificates against a CA it was given:
 * `--client-ca-file` (Kubernetes STIG V-242419).
 * - RKE2 config files: RKE2 passes it itself; a `kube-apiserver-arg` entry that empties it is
 *   reported where it is written.
 * - kube-apiserver static pods (kubeadm): the flag must be there and name a file.
 */
import { defineRule } from '../rule';
import { cis, stigRef } from '../standards';
import { SETTING_MESSAGES } from './utils/component-settings';
import { settingChecks } from './utils/setting-checks';
import { fileFlag } from './utils/file-flags';

export const RULE_ID = 'apiserver-client-ca-file';

const FLAG = fileFlag(
  'kube-apiserver',
  'client-ca-file',
  '/etc/kubernetes/pki/ca.crt',
  'the Kubernetes STIG requires --client-ca-file, the CA whose client certificates the API server accepts',
);

const { rke2FlagValue, podFlagMissing, podFlagValue } = SETTING_MESSAGES;

export default defineRule({
  meta: {
    id: RULE_ID,
    title: 'API server client CA',
    description:
      'Requires kube-apiserver to verify client certificates against a CA it was given (--client-ca-file). In RKE2 config files (config.yaml with its drop-ins, merged as RKE2 merges them), RKE2 passes it itself, so the finding is a kube-apiserver-arg entry that sets it to nothing, reported at that entry. In a kube-apiserver static pod (kubeadm), the flag must be present and name a file.',
    rationale:
      "Kubelets, controllers and administrators authenticate to the API server with client certificates. Without a client CA the API server cannot verify any of them, so those components fall back to weaker credentials or cannot authenticate at all; with the organisation's CA, only certificates it issued are accepted.",
    remediation:
      "Pass --client-ca-file with the CA that signs the cluster's client certificates (kubeadm: /etc/kubernetes/pki/ca.crt); on RKE2 remove the kube-apiserver-arg entry that empties it. The quick fix is offered one at a time, never applied by fix-all: the API server does not start when the file is missing.",
    profiles: { 'stig-rke2': 'error', 'stig-kubernetes': 'error' },
    defaultSeverity: 'error',
    fixable: true,
    standards: [stigRef('V-242419'), cis('1.2.25', 'Ensure that the --client-ca-file argument is set as appropriate')],
    messages: { rke2FlagValue, podFlagMissing, podFlagValue },
  },
  ...settingChecks([FLAG], ['rke2', 'pod']),
});
