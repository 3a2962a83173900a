/**
 * kube-scheduler must listen on the loopback address only (`--bind-address=127.0.0.1`;
 * Kubernetes STIG V-242384).
 * - RKE2 config files: RKE2 passes `--bind-address=127.0.0.1` itself; a `kube-scheduler-arg`
 *   entry that binds elsewhere is reported where it is written.
 * - kube-scheduler static pods (kubeadm): the flag must be there and be 127.0.0.1 (the built-in
 *   default is 0.0.0.0).
 */
import { defineRule } from '../rule';
import { cis, stigRef } from '../standards';
import { SETTING_MESSAGES } from './utils/component-settings';
import { boundToLocalhost, settingChecks } from './utils/setting-checks';

export const RULE_ID = 'scheduler-bind-address';

const REQUIREMENT = boundToLocalhost(
  'kube-scheduler',
  'the Kubernetes STIG requires --bind-address=127.0.0.1, so that its secure port (metrics, health, profiling) is reachable from the node only',
);

const { rke2FlagValue, podFlagMissing, podFlagValue } = SETTING_MESSAGES;

export default defineRule({
  meta: {
    id: RULE_ID,
    title: 'Scheduler bound to localhost',
    description:
      'Requires kube-scheduler to listen on 127.0.0.1 only. In RKE2 config files (config.yaml with its drop-ins, merged as RKE2 merges them), RKE2 passes --bind-address=127.0.0.1 itself, so the finding is a kube-scheduler-arg entry that binds another address, reported at the entry that decides it. In a kube-scheduler static pod (kubeadm), --bind-address must be present and 127.0.0.1; without it the scheduler listens on every interface (0.0.0.0).',
    rationale:
      "The scheduler's secure port serves health checks, metrics and, with profiling on, debug endpoints. Bound to every interface, anything on the node's networks can probe it and read what it exposes about the cluster; bound to the loopback address it is reachable from the node itself only.",
    remediation:
      'Remove the kube-scheduler-arg entry that sets bind-address (RKE2 then passes 127.0.0.1), or set --bind-address=127.0.0.1 in the static pod manifest; scrape its metrics from the node instead of over the network. The quick fix is offered one at a time and never applied by fix-all: monitoring that reached the port from elsewhere loses it.',
    profiles: { 'stig-rke2': 'error', 'stig-kubernetes': 'error' },
    defaultSeverity: 'error',
    fixable: true,
    standards: [stigRef('V-242384'), cis('1.4.2', 'Ensure that the --bind-address argument is set to 127.0.0.1')],
    messages: { rke2FlagValue, podFlagMissing, podFlagValue },
  },
  ...settingChecks([REQUIREMENT], ['rke2', 'pod']),
});
