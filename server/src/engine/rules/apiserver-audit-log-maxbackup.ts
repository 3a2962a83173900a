/**
 * kube-apiserver must keep at least 10 rotated audit log files (`--audit-log-maxbackup` at least 10).
 * (A Kubernetes STIG requirement without an RKE2 twin is checked in RKE2 configs too: an RKE2
 * node runs the same kube-apiserver.)
 * - RKE2 config files: RKE2 passes --audit-log-maxbackup itself only when audit logging is on
 *   (`audit-policy-file` or `profile: cis`); otherwise, or when a `kube-apiserver-arg` entry
 *   lowers it, the node runs without the required value: reported in config.yaml, or at the entry.
 * - kube-apiserver static pods: the flag must be there and at least 10.
 */
import { defineRule } from '../rule';
import { cis, stigRef } from '../standards';
import { SETTING_MESSAGES } from './utils/component-settings';
import { atLeast, settingChecks } from './utils/setting-checks';

export const RULE_ID = 'apiserver-audit-log-maxbackup';

const REQUIREMENT = atLeast(
  'kube-apiserver',
  'audit-log-maxbackup',
  10,
  'the STIGs require --audit-log-maxbackup of at least 10 (files), so that audit records survive 10 rotations at least; RKE2 passes 10 once audit-policy-file or profile: cis turns audit logging on',
);

const { rke2FlagMissing, rke2FlagDropped, rke2FlagValue, podFlagMissing, podFlagValue } = SETTING_MESSAGES;

export default defineRule({
  meta: {
    id: RULE_ID,
    title: 'API server audit log backups',
    description:
      'Requires kube-apiserver to run with --audit-log-maxbackup of at least 10 (files). In RKE2 config files (config.yaml with its drop-ins, merged as RKE2 merges them), RKE2 passes --audit-log-maxbackup=10 itself when audit logging is on (audit-policy-file set, or profile: cis); without it, the missing flag is reported in config.yaml, a kube-apiserver-arg entry with a lower value at that entry, and a drop-in whose kube-apiserver-arg list replaced the entry at that key. In a kube-apiserver static pod (kubeadm), the flag must be present and at least 10; the built-in default is 0 (no limit, no retention).',
    rationale:
      'Audit records are the evidence of who did what in the cluster. Log rotation that keeps too little loses that evidence before anyone looks at it; the STIGs fix how much the API server must keep so that an incident can still be reconstructed.',
    remediation:
      'On RKE2, turn audit logging on (audit-policy-file, or profile: cis), which passes 10, or add audit-log-maxbackup=10 to kube-apiserver-arg; remove an entry that sets less. In a static pod, add --audit-log-maxbackup=10 (or more). Adding the flag is safe (fix-all applies it); changing a value someone wrote is offered one at a time.',
    profiles: { 'stig-rke2': 'error', 'stig-kubernetes': 'error' },
    defaultSeverity: 'error',
    fixable: true,
    standards: [stigRef('V-242463'), cis('1.2.18', 'Ensure that the --audit-log-maxbackup argument is set to 10 or as appropriate')],
    messages: { rke2FlagMissing, rke2FlagDropped, rke2FlagValue, podFlagMissing, podFlagValue },
  },
  ...settingChecks([REQUIREMENT], ['rke2', 'pod']),
});
