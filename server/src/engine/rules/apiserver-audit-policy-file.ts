/**
 * kube-apiserver must run with an audit policy (`--audit-policy-file`): without it the API server
 * records nothing.
 * - RKE2 config files: RKE2 passes it when `audit-policy-file` is set, or with `profile: cis`
 *   (/etc/rancher/rke2/audit-policy.yaml); a `kube-apiserver-arg` entry may give it too (RKE2 STIG
 *   V-254555). The fix sets the RKE2 option, with which RKE2 also passes its audit log flags.
 * - kube-apiserver static pods: the flag must be there (Kubernetes STIG V-242461, V-242403).
 * What the policy says is audit-policy-rules' business.
 */
import { defineRule } from '../rule';
import { stigRef } from '../standards';
import { SETTING_MESSAGES, type FlagRequirement } from './utils/component-settings';
import { settingChecks } from './utils/setting-checks';

export const RULE_ID = 'apiserver-audit-policy-file';

const RKE2_POLICY = '/etc/rancher/rke2/audit-policy.yaml';

const REQUIREMENT: FlagRequirement = {
  component: 'kube-apiserver',
  flag: 'audit-policy-file',
  fails: (v) => v === '',
  missingFails: { rke2: true, pod: true, config: false },
  requirement:
    'the STIGs require an audit policy (on RKE2: the audit-policy-file option or profile: cis), because without one the API server records no audit events at all',
  fixValue: (kind) => (kind === 'rke2' ? RKE2_POLICY : '/etc/kubernetes/audit-policy.yaml'),
  // RKE2 writes a policy at the path when none is there; a static pod needs the file mounted first
  preferred: (kind, change) => kind === 'rke2' && change === 'add',
  rke2Fix: (doc) => ({
    title: `Add audit-policy-file: ${RKE2_POLICY}`,
    preferred: true,
    ops: [{ op: 'ensure', node: doc.root, keys: ['audit-policy-file'], value: RKE2_POLICY }],
  }),
};

const { rke2FlagMissing, rke2FlagDropped, rke2FlagValue, podFlagMissing, podFlagValue } = SETTING_MESSAGES;

export default defineRule({
  meta: {
    id: RULE_ID,
    title: 'API server audit policy',
    description:
      'Requires kube-apiserver to run with an audit policy file. In RKE2 config files (config.yaml with its drop-ins, merged as RKE2 merges them), RKE2 passes --audit-policy-file when the audit-policy-file option is set or the profile is cis (/etc/rancher/rke2/audit-policy.yaml), or when kube-apiserver-arg gives it; otherwise the missing policy is reported in config.yaml. In a kube-apiserver static pod (kubeadm), --audit-policy-file must be present. What the policy records is checked by audit-policy-rules, in the policy file.',
    rationale:
      'The audit policy decides which requests the API server records; without one, no request is recorded, and nobody can tell afterwards who read a secret, changed a role or ran a command in a container.',
    remediation:
      "On RKE2, set audit-policy-file: /etc/rancher/rke2/audit-policy.yaml (or profile: cis) and put the STIG's policy in that file; RKE2 then also passes --audit-log-path, --audit-log-maxage=30, --audit-log-maxbackup=10 and --audit-log-maxsize=100, and writes a policy that records nothing (level: None) if the file is missing. In a static pod, add --audit-policy-file with the policy mounted into the pod. The RKE2 fix is applied by fix-all; a static pod's fix is offered one at a time, because the API server does not start until the file is mounted.",
    profiles: { 'stig-rke2': 'error', 'stig-kubernetes': 'error' },
    defaultSeverity: 'error',
    fixable: true,
    standards: [stigRef('V-254555'), stigRef('V-242461'), stigRef('V-242403')],
    messages: { rke2FlagMissing, rke2FlagDropped, rke2FlagValue, podFlagMissing, podFlagValue },
  },
  ...settingChecks([REQUIREMENT], ['rke2', 'pod']),
});
