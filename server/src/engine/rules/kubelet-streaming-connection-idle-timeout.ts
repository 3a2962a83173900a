/**
 * The kubelet must close idle streaming connections (exec, attach, port-forward): the idle
 * timeout must not be below 5 minutes, and 0 (no timeout) fails.
 * - RKE2 config files: RKE2 writes 4h0m0s into its kubelet configuration drop-in on current
 *   releases; a `kubelet-arg` entry below 5m is reported where it is written (RKE2 STIG
 *   V-254568). That the STIG's `ps` check wants the flag on the command line is
 *   rke2-kubelet-flags' business.
 * - KubeletConfiguration: `streamingConnectionIdleTimeout` must be written and at least 5m
 *   (Kubernetes STIG V-245541 counts a missing field as a finding).
 * - A kubelet run in a container: its flag, else the configuration file it names; without either
 *   it is not configured.
 */
import { parseGoDuration } from '../components/flags';
import { defineRule } from '../rule';
import { cis, stigRef } from '../standards';
import { SETTING_MESSAGES, type FlagRequirement } from './utils/component-settings';
import { settingChecks } from './utils/setting-checks';

export const RULE_ID = 'kubelet-streaming-connection-idle-timeout';

const FIVE_MINUTES = 5 * 60_000;

const REQUIREMENT: FlagRequirement = {
  component: 'kubelet',
  flag: 'streaming-connection-idle-timeout',
  fails: (v) => {
    const ms = parseGoDuration(v);
    return ms === undefined || ms < FIVE_MINUTES;
  },
  missingFails: { rke2: true, pod: true, config: true },
  requirement:
    'the STIGs require an idle timeout of at least 5m (their fix sets 5m): 0 keeps idle exec, attach and port-forward sessions open for ever, and a shorter one is not what the check accepts',
  fixValue: '5m',
  preferred: (_kind, change) => change === 'add',
};

const { rke2FlagValue, podFlagMissing, podFlagValue, configFieldMissing, configFieldValue } = SETTING_MESSAGES;

export default defineRule({
  meta: {
    id: RULE_ID,
    title: 'Kubelet streaming idle timeout',
    description:
      'Requires the kubelet to close idle streaming connections (kubectl exec, attach, port-forward) after a timeout of at least 5 minutes; 0 means never. In RKE2 config files (config.yaml with its drop-ins, merged as RKE2 merges them), RKE2 writes 4h0m0s itself, so the finding is a kubelet-arg entry below 5m, reported at the entry that decides it. In a KubeletConfiguration, streamingConnectionIdleTimeout must be written (the Kubernetes STIG counts a missing field as a finding) and at least 5m. A kubelet run in a container must not pass a shorter --streaming-connection-idle-timeout and, without a --config file, must pass one. Durations are read as Go reads them (5m, 300s, 1h30m).',
    rationale:
      'A streaming session into a container (exec, attach, port-forward) that nobody uses stays a live channel into the workload; with no timeout it stays open until the kubelet restarts. An idle timeout ends abandoned sessions, and with them a way in that a stolen terminal or a forgotten tunnel would offer.',
    remediation:
      'Set streamingConnectionIdleTimeout: 5m in the KubeletConfiguration, pass --streaming-connection-idle-timeout=5m to a kubelet in a container, or remove (or raise) the kubelet-arg entry that sets a shorter value on RKE2. Adding the setting is safe hardening (fix-all applies it); changing a value someone wrote is offered one at a time.',
    profiles: { 'stig-rke2': 'error', 'stig-kubernetes': 'error' },
    defaultSeverity: 'error',
    fixable: true,
    standards: [stigRef('V-254568'), stigRef('V-245541'), cis('4.2.5', 'Ensure that the --streaming-connection-idle-timeout argument is not set to 0')],
    messages: { rke2FlagValue, podFlagMissing, podFlagValue, configFieldMissing, configFieldValue },
  },
  ...settingChecks([REQUIREMENT], ['rke2', 'kubelet-config', 'pod']),
});
