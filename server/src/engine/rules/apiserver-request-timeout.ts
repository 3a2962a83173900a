/**
 * kube-apiserver must time out requests: `--request-timeout` written out and above 0
 * (Kubernetes STIG V-242438).
 * - kube-apiserver static pods (kubeadm): the flag must be there (the STIG's check reads the
 *   manifest, although the built-in default is 1m0s) and a Go duration above 0.
 * - RKE2 config files: a `kube-apiserver-arg` entry that sets 0 (or no valid duration) is
 *   reported where it is written. A missing flag is not: RKE2 relies on the built-in 1m0s, which
 *   its CIS self-assessment accepts, and the RKE2 STIG has no such requirement.
 */
import { parseGoDuration } from '../components/flags';
import { defineRule } from '../rule';
import { cis, stigRef } from '../standards';
import { SETTING_MESSAGES, type FlagRequirement } from './utils/component-settings';
import { settingChecks } from './utils/setting-checks';

export const RULE_ID = 'apiserver-request-timeout';

const REQUIREMENT: FlagRequirement = {
  component: 'kube-apiserver',
  flag: 'request-timeout',
  fails: (v) => {
    const ms = parseGoDuration(v);
    return ms === undefined || ms <= 0;
  },
  missingFails: { rke2: false, pod: true, config: false },
  requirement: 'the Kubernetes STIG requires --request-timeout written out and above 0, so that a request cannot hold the API server for ever',
  fixValue: '60s',
  preferred: false,
};

const { rke2FlagValue, podFlagMissing, podFlagValue } = SETTING_MESSAGES;

export default defineRule({
  meta: {
    id: RULE_ID,
    title: 'API server request timeout',
    description:
      'Requires kube-apiserver to time out the requests it serves. In a kube-apiserver static pod (kubeadm), --request-timeout must be present (the STIG check reads the manifest, although the built-in default is 1m0s) and a duration above 0, read as Go reads durations (60s, 1m, 2m30s). In RKE2 config files (config.yaml with its drop-ins, merged as RKE2 merges them), a kube-apiserver-arg entry that sets 0 or no valid duration is reported at that entry; a missing flag is not, because RKE2 relies on the built-in 1m0s.',
    rationale:
      'A request that never ends holds a connection, a goroutine and memory in the API server. Many such requests, by mistake or on purpose, exhaust it and take the whole control plane down; a timeout bounds what each request can hold (watches and long-running requests have their own limits).',
    remediation:
      'Pass --request-timeout=60s (or the duration your clients need) to the API server; remove a kube-apiserver-arg entry that sets 0. The quick fix writes 60s, the built-in default written out, and is offered one at a time, never applied by fix-all.',
    profiles: { 'stig-rke2': 'error', 'stig-kubernetes': 'error' },
    defaultSeverity: 'error',
    fixable: true,
    standards: [stigRef('V-242438'), cis('1.2.20', 'Ensure that the --request-timeout argument is set as appropriate')],
    messages: { rke2FlagValue, podFlagMissing, podFlagValue },
  },
  ...settingChecks([REQUIREMENT], ['rke2', 'pod']),
});
