/**
 * The kubelet must serve its API with a certificate it was given: `tlsCertFile` and
 * `tlsPrivateKeyFile` (`--tls-cert-file`, `--tls-private-key-file`; Kubernetes STIG V-242425,
 * V-242424). One rule for the pair: a certificate is useless without its key.
 * - KubeletConfiguration: both fields must be written and name a file (the STIG's check reads the
 *   kubelet's configuration file; `serverTLSBootstrap` does not write them, so the literal check
 *   fails there too). The fix suggests a path for the user to type over.
 * - RKE2 config files: RKE2 sets both itself; a `kubelet-arg` entry that empties one is reported
 *   where it is written.
 * - A kubelet run in a container: its flags, else the configuration file it names.
 */
import { defineRule } from '../rule';
import { cis, stigRef } from '../standards';
import { SETTING_MESSAGES } from './utils/component-settings';
import { settingChecks } from './utils/setting-checks';
import { fileFlag } from './utils/file-flags';

export const RULE_ID = 'kubelet-tls-files';

const FLAGS = [
  fileFlag(
    'kubelet',
    'tls-cert-file',
    '/var/lib/kubelet/pki/kubelet.crt',
    'the Kubernetes STIG requires the kubelet to serve with a certificate it was given (tlsCertFile); without one it makes up a self-signed certificate',
  ),
  fileFlag(
    'kubelet',
    'tls-private-key-file',
    '/var/lib/kubelet/pki/kubelet.key',
    'the Kubernetes STIG requires the private key of the certificate the kubelet serves with (tlsPrivateKeyFile)',
  ),
];

const { rke2FlagValue, podFlagMissing, podFlagValue, configFieldMissing, configFieldValue } = SETTING_MESSAGES;

export default defineRule({
  meta: {
    id: RULE_ID,
    title: 'Kubelet serving certificate',
    description:
      'Requires the kubelet to serve its API with a certificate and key it was given. In a KubeletConfiguration, tlsCertFile and tlsPrivateKeyFile must both be written and name a file (with serverTLSBootstrap alone the check text still finds them missing). In RKE2 config files (config.yaml with its drop-ins, merged as RKE2 merges them), RKE2 sets both itself, so the finding is a kubelet-arg entry that sets one to nothing, reported at that entry. A kubelet run in a container must pass --tls-cert-file and --tls-private-key-file or read a --config file.',
    rationale:
      "The API server and metrics collectors call the kubelet's API on port 10250 and send their credentials with every request. A certificate the kubelet makes up at start is self-signed, so callers cannot verify it and anyone who can intercept the traffic can pose as the kubelet. A certificate from the organisation's CA lets them check whom they talk to.",
    remediation:
      "Issue each node a serving certificate from the organisation's CA, set tlsCertFile and tlsPrivateKeyFile to its files in the kubelet's configuration file (not as flags on its command line, which the Kubernetes STIG counts as a finding) and restart the kubelet; on RKE2 remove the kubelet-arg entry that empties one. The quick fix writes a suggested path for you to replace and is never applied by fix-all: the kubelet does not start when a file is missing.",
    profiles: { 'stig-rke2': 'error', 'stig-kubernetes': 'error' },
    defaultSeverity: 'error',
    fixable: true,
    standards: [
      stigRef('V-242425'),
      stigRef('V-242424'),
      cis('4.2.9', 'Ensure that the --tls-cert-file and --tls-private-key-file arguments are set as appropriate'),
    ],
    messages: { rke2FlagValue, podFlagMissing, podFlagValue, configFieldMissing, configFieldValue },
  },
  ...settingChecks(FLAGS, ['rke2', 'kubelet-config', 'pod'], { suggestPaths: true }),
});
