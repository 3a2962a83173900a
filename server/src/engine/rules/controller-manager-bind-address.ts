/**
 * kube-controller-manager must listen on the loopback address only (`--bind-address=127.0.0.1`).
 * - RKE2 config files: RKE2 passes `--bind-address=127.0.0.1` itself; a
 *   `kube-controller-manager-arg` entry that binds elsewhere is reported where it is written
 *   (RKE2 STIG V-254556).
 * - kube-controller-manager static pods: the flag must be there and be 127.0.0.1 (Kubernetes STIG
 *   V-242385; the built-in default is 0.0.0.0).
 */
import { defineRule } from '../rule';
import { cis, stigRef } from '../standards';
import { SETTING_MESSAGES } from './utils/component-settings';
import { boundToLocalhost, settingChecks } from './utils/setting-checks';

export const RULE_ID = 'controller-manager-bind-address';

const REQUIREMENT = boundToLocalhost(
  'kube-controller-manager',
  'the STIGs require --bind-address=127.0.0.1, so that its secure port (metrics, health, profiling) is reachable from the node only',
);

const { rke2FlagValue, podFlagMissing, podFlagValue } = SETTING_MESSAGES;

export default defineRule({
  meta: {
    id: RULE_ID,
    title: 'Controller manager bound to localhost',
    description:
      'Requires kube-controller-manager to listen on 127.0.0.1 only. In RKE2 config files (config.yaml with its drop-ins, merged as RKE2 merges them), RKE2 passes --bind-address=127.0.0.1 itself, so the finding is a kube-controller-manager-arg entry that binds another address, reported at the entry that decides it. In a kube-controller-manager static pod (kubeadm), --bind-address must be present and 127.0.0.1; without it the controller manager listens on every interface (0.0.0.0).',
    rationale:
      "The controller manager runs every controller with broad credentials. Its secure port serves health, metrics and, with profiling on, debug endpoints; bound to all interfaces, anything on the node's networks can probe it. Bound to the loopback address it is reachable from the node itself only.",
    remediation:
      'Remove the kube-controller-manager-arg entry that sets bind-address (RKE2 then passes 127.0.0.1), or set --bind-address=127.0.0.1 in the static pod manifest; scrape its metrics from the node (or through the API server) instead of over the network. The quick fix is offered one at a time and never applied by fix-all: monitoring that reached the port from elsewhere loses it.',
    profiles: { 'stig-rke2': 'error', 'stig-kubernetes': 'error' },
    defaultSeverity: 'error',
    fixable: true,
    standards: [stigRef('V-254556'), stigRef('V-242385'), cis('1.3.7', 'Ensure that the --bind-address argument is set to 127.0.0.1')],
    messages: { rke2FlagValue, podFlagMissing, podFlagValue },
  },
  ...settingChecks([REQUIREMENT], ['rke2', 'pod']),
});
