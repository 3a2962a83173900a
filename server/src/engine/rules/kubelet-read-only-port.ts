/**
 * The kubelet must not serve its unauthenticated read-only port (`--read-only-port=0`,
 * `readOnlyPort: 0`).
 * - RKE2 config files: RKE2 passes `--read-only-port=0` on the kubelet's command line itself; a
 *   `kubelet-arg` entry that opens the port is reported where it is written (RKE2 STIG V-254559).
 * - KubeletConfiguration: `readOnlyPort` other than 0 (Kubernetes STIG V-242387; left out, the
 *   configuration file's default is 0).
 * - A kubelet run in a container: the flag, else the configuration file it names, else the flag
 *   default 10255.
 */
import { defineRule } from '../rule';
import { cis, stigRef } from '../standards';
import { SETTING_MESSAGES, type FlagRequirement } from './utils/component-settings';
import { settingChecks } from './utils/setting-checks';

export const RULE_ID = 'kubelet-read-only-port';

const REQUIREMENT: FlagRequirement = {
  component: 'kubelet',
  flag: 'read-only-port',
  fails: (v) => Number(v) !== 0,
  missingFails: { rke2: true, pod: true, config: false },
  requirement: 'the STIGs require the read-only port to be off (0), because it serves pod and node details to anyone without authentication',
  fixValue: '0',
  preferred: false,
};

const { rke2FlagValue, podFlagMissing, podFlagValue, configFieldValue } = SETTING_MESSAGES;

export default defineRule({
  meta: {
    id: RULE_ID,
    title: 'Kubelet read-only port',
    description:
      'Requires the kubelet to run without its read-only port. In RKE2 config files (config.yaml with its drop-ins, merged as RKE2 merges them), RKE2 passes --read-only-port=0 itself, so the finding is a kubelet-arg entry that sets another port, reported at the entry that decides it. In a KubeletConfiguration, readOnlyPort must be 0 or left out (the configuration file default is 0). A kubelet run in a container must not pass a non-zero --read-only-port, and without a --config file it must pass --read-only-port=0 (the flag default is 10255).',
    rationale:
      'The read-only port (10255) answers without authentication or authorization: anyone who reaches the node can list its pods with their specs, environment variables included, and read node metrics. Closing it leaves the authenticated port 10250, which the API server and metrics collectors use.',
    remediation:
      'Remove the kubelet-arg entry that sets read-only-port (RKE2 then passes --read-only-port=0), set readOnlyPort: 0 in the KubeletConfiguration, or pass --read-only-port=0 to a kubelet in a container; move anything that scraped port 10255 to the authenticated port 10250. The quick fix is never applied by fix-all: collectors that read the port lose access.',
    profiles: { 'stig-rke2': 'error', 'stig-kubernetes': 'error' },
    defaultSeverity: 'error',
    fixable: true,
    standards: [stigRef('V-254559'), stigRef('V-242387'), cis('4.2.4', 'Verify that the --read-only-port argument is set to 0')],
    messages: { rke2FlagValue, podFlagMissing, podFlagValue, configFieldValue },
  },
  ...settingChecks([REQUIREMENT], ['rke2', 'kubelet-config', 'pod']),
});
