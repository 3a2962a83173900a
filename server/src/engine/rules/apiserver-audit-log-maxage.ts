/**
 * kube-apiserver must keep its audit log files for 30 days or more (`--audit-log-maxage` at least 30).
 * - RKE2 config files: RKE2 passes --audit-log-maxage itself only when audit logging is on
 *   (`audit-policy-file` or `profile: cis`); otherwise, or when a `kube-apiserver-arg` entry
 *   lowers it, the node runs without the required value: reported in config.yaml, or at the entry.
 * - kube-apiserver static pods: the flag must be there and at least 30.
 */
import { defineRule } from '../rule';
import { cis, stigRef } from '../standards';
import { SETTING_MESSAGES } from './utils/component-settings';
import { atLeast, settingChecks } from './utils/setting-checks';

export const RULE_ID = 'apiserver-audit-log-maxage';

const REQUIREMENT = atLeast(
  'kube-apiserver',
  'audit-log-maxage',
  30,
  'the STIGs require --audit-log-maxage of at least 30 (days), so that audit records are kept for 30 days at least; RKE2 passes 30 once audit-policy-file or profile: cis turns audit logging on',
);

const { rke2FlagMissing, rke2FlagDropped, rke2FlagValue, podFlagMissing, podFlagValue } = SETTING_MESSAGES;

export default defineRule({
  meta: {
    id: RULE_ID,
    title: 'API server audit log retention (days)',
    description:
      'Requires kube-apiserver to run with --audit-log-maxage of at least 30 (days). In RKE2 config files (config.yaml with its drop-ins, merged as RKE2 merges them), RKE2 passes --audit-log-maxage=30 itself when audit logging is on (audit-policy-file set, or profile: cis); without it, the missing flag is reported in config.yaml, a kube-apiserver-arg entry with a lower value at that entry, and a drop-in whose kube-apiserver-arg list replaced the entry at that key. In a kube-apiserver static pod (kubeadm), the flag must be present and at least 30; the built-in default is 0 (no limit, no retention).',
    rationale:
      'Audit records are the evidence of who did what in the cluster. Log rotation that keeps too little loses that evidence before anyone looks at it; the STIGs fix how much the API server must keep so that an incident can still be reconstructed.',
    remediation:
      'On RKE2, turn audit logging on (audit-policy-file, or profile: cis), which passes 30, or add audit-log-maxage=30 to kube-apiserver-arg; remove an entry that sets less. In a static pod, add --audit-log-maxage=30 (or more). Adding the flag is safe (fix-all applies it); changing a value someone wrote is offered one at a time.',
    profiles: { 'stig-rke2': 'error', 'stig-kubernetes': 'error' },
    defaultSeverity: 'error',
    fixable: true,
    standards: [stigRef('V-254563'), stigRef('V-242464'), cis('1.2.17', 'Ensure that the --audit-log-maxage argument is set to 30 or as appropriate')],
    messages: { rke2FlagMissing, rke2FlagDropped, rke2FlagValue, podFlagMissing, podFlagValue },
  },
  ...settingChecks([REQUIREMENT], ['rke2', 'pod']),
});
