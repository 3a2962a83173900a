/**
 * The kubelet must verify client certificates against a CA it was given
 * (`authentication.x509.clientCAFile`, `--client-ca-file`; Kubernetes STIG V-242420).
 * - KubeletConfiguration: the field must be written and name a file (the STIG's check reads the
 *   kubelet's configuration file).
 * - RKE2 config files: RKE2 sets it itself (in its kubelet configuration drop-in on current
 *   releases, as a flag before); a `kubelet-arg` entry that empties it is reported where it is
 *   written.
 * - A kubelet run in a container: its flag, else the configuration file it names, else nothing
 *   sets it.
 */
import { defineRule } from '../rule';
import { cis, stigRef } from '../standards';
import { SETTING_MESSAGES } from './utils/component-settings';
import { settingChecks } from './utils/setting-checks';
import { fileFlag } from './utils/file-flags';

export const RULE_ID = 'kubelet-client-ca-file';

const FLAG = fileFlag(
  'kubelet',
  'client-ca-file',
  '/etc/kubernetes/pki/ca.crt',
  'the Kubernetes STIG requires the kubelet to verify client certificates against a CA it was given (authentication.x509.clientCAFile), so that the API server can authenticate to it',
);

const { rke2FlagValue, podFlagMissing, podFlagValue, configFieldMissing, configFieldValue } = SETTING_MESSAGES;

export default defineRule({
  meta: {
    id: RULE_ID,
    title: 'Kubelet client CA',
    description:
      'Requires the kubelet to verify client certificates against a CA it was given. In a KubeletConfiguration, authentication.x509.clientCAFile must be written and name a file. In RKE2 config files (config.yaml with its drop-ins, merged as RKE2 merges them), RKE2 sets it itself, so the finding is a kubelet-arg entry that sets --client-ca-file to nothing, reported at that entry. A kubelet run in a container must pass --client-ca-file or read a --config file.',
    rationale:
      "The kubelet's API (port 10250) runs commands in containers and streams their logs. Callers prove who they are with a client certificate, the API server first of all; without a client CA the kubelet can verify none of them, so it either refuses them all or, with anonymous access, serves anyone.",
    remediation:
      "Set authentication.x509.clientCAFile to the cluster CA (kubeadm: /etc/kubernetes/pki/ca.crt) in the kubelet's configuration file and restart the kubelet; on RKE2 remove the kubelet-arg entry that empties it. The Kubernetes STIG wants the setting in the configuration file, not as a --client-ca-file flag on the kubelet's command line. The quick fix is offered one at a time, never applied by fix-all: the kubelet does not start when the file is missing.",
    profiles: { 'stig-rke2': 'error', 'stig-kubernetes': 'error' },
    defaultSeverity: 'error',
    fixable: true,
    standards: [stigRef('V-242420'), cis('4.2.3', 'Ensure that the --client-ca-file argument is set as appropriate')],
    messages: { rke2FlagValue, podFlagMissing, podFlagValue, configFieldMissing, configFieldValue },
  },
  ...settingChecks([FLAG], ['rke2', 'kubelet-config', 'pod']),
});
