/**
 * The kubelet must ask the API server whether a caller may do what it asks
 * (`--authorization-mode=Webhook`, `authorization.mode: Webhook`).
 * - RKE2 config files: RKE2 sets Webhook itself (in its kubelet configuration drop-in on current
 *   releases); a `kubelet-arg` entry that sets another mode is reported where it is written (RKE2
 *   STIG V-254561). The STIG's `ps` reading is rke2-kubelet-flags' business.
 * - KubeletConfiguration: `authorization.mode` other than Webhook (left out, the file default is
 *   Webhook; the Kubernetes STIG V-242392 reads the kubelet's flag, podsec the file it reads).
 * - A kubelet run in a container: its flag, else the configuration file it names, else the flag
 *   default (AlwaysAllow).
 */
import { defineRule } from '../rule';
import { cis, stigRef } from '../standards';
import { SETTING_MESSAGES, type FlagRequirement } from './utils/component-settings';
import { settingChecks } from './utils/setting-checks';

export const RULE_ID = 'kubelet-authorization-mode';

const REQUIREMENT: FlagRequirement = {
  component: 'kubelet',
  flag: 'authorization-mode',
  fails: (v) => v !== 'Webhook',
  missingFails: { rke2: true, pod: true, config: false },
  requirement: 'the STIGs require Webhook authorization, so that the kubelet asks the API server whether each caller may do what it asks',
  fixValue: 'Webhook',
  preferred: false,
};

const { rke2FlagValue, podFlagMissing, podFlagValue, configFieldValue } = SETTING_MESSAGES;

export default defineRule({
  meta: {
    id: RULE_ID,
    title: 'Kubelet authorization mode',
    description:
      'Requires the kubelet to authorize requests through the API server (Webhook). In RKE2 config files (config.yaml with its drop-ins, merged as RKE2 merges them), RKE2 sets Webhook itself, so the finding is a kubelet-arg entry that sets another mode, reported at the entry that decides it. In a KubeletConfiguration, authorization.mode must be Webhook or left out (the file default is Webhook). A kubelet run in a container must not pass another --authorization-mode, and without a --config file it must pass --authorization-mode=Webhook (the flag default is AlwaysAllow).',
    rationale:
      "With AlwaysAllow, every caller the kubelet authenticates may use its whole API: read any pod's logs, run commands in any container on the node, read its secrets through exec. Webhook authorization sends each request to the API server's authorizers (RBAC, Node), so the cluster's policy decides.",
    remediation:
      'Remove the kubelet-arg entry that sets authorization-mode (RKE2 then uses Webhook), set authorization.mode: Webhook in the KubeletConfiguration (with authentication.webhook.enabled: true), or pass --authorization-mode=Webhook to a kubelet in a container, then restart the kubelet. The quick fix is never applied by fix-all: callers without RBAC permissions on nodes/proxy are refused afterwards.',
    profiles: { 'stig-rke2': 'error', 'stig-kubernetes': 'error' },
    defaultSeverity: 'error',
    fixable: true,
    standards: [stigRef('V-254561'), stigRef('V-242392'), cis('4.2.2', 'Ensure that the --authorization-mode argument is not set to AlwaysAllow')],
    messages: { rke2FlagValue, podFlagMissing, podFlagValue, configFieldValue },
  },
  ...settingChecks([REQUIREMENT], ['rke2', 'kubelet-config', 'pod']),
});
