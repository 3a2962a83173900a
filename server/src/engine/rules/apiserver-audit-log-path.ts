/**
 * kube-apiserver must write its audit log to a file (`--audit-log-path`, an absolute path; `-`
 * writes to standard output, which the STIG does not accept). A Kubernetes STIG requirement
 * without an RKE2 twin, checked in RKE2 configs too: an RKE2 node runs the same kube-apiserver.
 * - RKE2 config files: RKE2 passes its own path only when audit logging is on
 *   (`audit-policy-file` or `profile: cis`) and the user's arguments give none.
 * - kube-apiserver static pods: the flag must be there.
 */
import { defineRule } from '../rule';
import { cis, stigRef } from '../standards';
import { SETTING_MESSAGES, type FlagRequirement } from './utils/component-settings';
import { settingChecks } from './utils/setting-checks';

export const RULE_ID = 'apiserver-audit-log-path';

const REQUIREMENT: FlagRequirement = {
  component: 'kube-apiserver',
  flag: 'audit-log-path',
  fails: (v) => !v.startsWith('/'),
  missingFails: { rke2: true, pod: true, config: false },
  requirement:
    'the STIGs require --audit-log-path to name a file, so that audit records are kept on disk (without it there is no log backend; "-" writes them to standard output); RKE2 passes /var/lib/rancher/rke2/server/logs/audit.log once audit-policy-file or profile: cis turns audit logging on',
  fixValue: (kind) => (kind === 'rke2' ? '/var/lib/rancher/rke2/server/logs/audit.log' : '/var/log/kubernetes/audit/audit.log'),
  // RKE2 mounts the folder of the path it is given; a static pod needs a volume for it first
  preferred: (kind, change) => kind === 'rke2' && change === 'add',
};

const { rke2FlagMissing, rke2FlagDropped, rke2FlagValue, podFlagMissing, podFlagValue } = SETTING_MESSAGES;

export default defineRule({
  meta: {
    id: RULE_ID,
    title: 'API server audit log path',
    description:
      'Requires kube-apiserver to write its audit log to a file: --audit-log-path set to an absolute path ("-", standard output, fails). In RKE2 config files (config.yaml with its drop-ins, merged as RKE2 merges them), RKE2 passes /var/lib/rancher/rke2/server/logs/audit.log itself when audit logging is on (audit-policy-file set, or profile: cis); without it the missing flag is reported in config.yaml, and an entry with another value at that entry. In a kube-apiserver static pod (kubeadm), the flag must be present.',
    rationale:
      'Without a log path the API server has no log backend: the audit policy decides what to record, but nothing is written. Records on standard output end in the container log, rotated and removed with the pod, out of reach of the retention the STIG requires.',
    remediation:
      "On RKE2, turn audit logging on (audit-policy-file, or profile: cis), or add audit-log-path=/var/lib/rancher/rke2/server/logs/audit.log to kube-apiserver-arg (RKE2 mounts the folder of the path it is given). In a static pod, add --audit-log-path=/var/log/kubernetes/audit/audit.log and a hostPath volume for /var/log/kubernetes/audit. The quick fix is applied by fix-all only on RKE2; a static pod's fix is offered one at a time, because the API server does not start until the folder is mounted.",
    profiles: { 'stig-rke2': 'error', 'stig-kubernetes': 'error' },
    defaultSeverity: 'error',
    fixable: true,
    standards: [stigRef('V-242402'), stigRef('V-242465'), cis('1.2.16', 'Ensure that the --audit-log-path argument is set')],
    messages: { rke2FlagMissing, rke2FlagDropped, rke2FlagValue, podFlagMissing, podFlagValue },
  },
  ...settingChecks([REQUIREMENT], ['rke2', 'pod']),
});
