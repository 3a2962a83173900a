/**
 * The kubelet must refuse requests without credentials (`--anonymous-auth=false`,
 * `authentication.anonymous.enabled: false`).
 * - RKE2 config files: RKE2 turns it off itself (in its kubelet configuration drop-in on current
 *   releases); a `kubelet-arg` entry that turns it on is reported where it is written (RKE2 STIG
 *   V-254557). That the STIG's `ps` check also wants the flag on the command line is
 *   rke2-kubelet-flags' business.
 * - KubeletConfiguration: `authentication.anonymous.enabled` must be written and false
 *   (Kubernetes STIG V-242391 counts a missing field as a finding).
 * - A kubelet run in a container: its flag, else the configuration file it names, else the flag
 *   default (true).
 */
import { defineRule } from '../rule';
import { cis, stigRef } from '../standards';
import { SETTING_MESSAGES, type FlagRequirement } from './utils/component-settings';
import { settingChecks } from './utils/setting-checks';

export const RULE_ID = 'kubelet-anonymous-auth';

const REQUIREMENT: FlagRequirement = {
  component: 'kubelet',
  flag: 'anonymous-auth',
  fails: (v) => v !== 'false',
  missingFails: { rke2: true, pod: true, config: true },
  requirement: 'the STIGs require anonymous requests to the kubelet to be refused, because its API runs commands in containers and reads their logs',
  fixValue: 'false',
  preferred: false,
};

const { rke2FlagValue, podFlagMissing, podFlagValue, configFieldMissing, configFieldValue } = SETTING_MESSAGES;

export default defineRule({
  meta: {
    id: RULE_ID,
    title: 'Kubelet anonymous authentication',
    description:
      'Requires the kubelet to refuse requests without credentials. In RKE2 config files (config.yaml with its drop-ins, merged as RKE2 merges them), RKE2 turns anonymous authentication off itself, so the finding is a kubelet-arg entry that turns it on, reported at the entry that decides it. In a KubeletConfiguration, authentication.anonymous.enabled must be written and false (the Kubernetes STIG counts a missing field as a finding, although the file default is false). A kubelet run in a container must not pass --anonymous-auth=true, and without a --config file it must pass --anonymous-auth=false (the flag default is true).',
    rationale:
      "The kubelet's API on port 10250 lists pods, streams their logs and runs commands in their containers. With anonymous authentication on, a request without credentials is served as system:anonymous; whatever the authorization mode lets that user do, anyone who reaches the node can do.",
    remediation:
      'Remove the kubelet-arg entry that turns anonymous authentication on, set authentication.anonymous.enabled: false in the KubeletConfiguration, or pass --anonymous-auth=false to a kubelet in a container, then restart the kubelet. Make sure whatever calls the kubelet (the API server, metrics collectors) authenticates with a client certificate or token first. The quick fix is never applied by fix-all: callers that relied on anonymous access are refused afterwards.',
    profiles: { 'stig-rke2': 'error', 'stig-kubernetes': 'error' },
    defaultSeverity: 'error',
    fixable: true,
    standards: [stigRef('V-254557'), stigRef('V-242391'), cis('4.2.1', 'Ensure that the --anonymous-auth argument is set to false')],
    messages: { rke2FlagValue, podFlagMissing, podFlagValue, configFieldMissing, configFieldValue },
  },
  ...settingChecks([REQUIREMENT], ['rke2', 'kubelet-config', 'pod']),
});
