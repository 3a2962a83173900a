/**
 * kube-controller-manager must run each controller with its own service account
 * (`--use-service-account-credentials=true`).
 * - RKE2 config files: RKE2 passes true itself; a `kube-controller-manager-arg` entry that turns it
 *   off is reported where it is written (RKE2 STIG V-254554).
 * - kube-controller-manager static pods: the flag must be there and true (Kubernetes STIG V-242381;
 *   the built-in default is false).
 */
import { parseGoBool } from '../components/flags';
import { defineRule } from '../rule';
import { cis, stigRef } from '../standards';
import { SETTING_MESSAGES, type FlagRequirement } from './utils/component-settings';
import { settingChecks } from './utils/setting-checks';

export const RULE_ID = 'controller-manager-service-account-credentials';

const REQUIREMENT: FlagRequirement = {
  component: 'kube-controller-manager',
  flag: 'use-service-account-credentials',
  fails: (v) => parseGoBool(v) !== true,
  missingFails: { rke2: true, pod: true, config: false },
  requirement:
    "the STIGs require --use-service-account-credentials=true, so that each controller acts with its own service account and its own RBAC permissions, not with the controller manager's",
  fixValue: 'true',
  preferred: false,
};

const { rke2FlagValue, podFlagMissing, podFlagValue } = SETTING_MESSAGES;

export default defineRule({
  meta: {
    id: RULE_ID,
    title: 'Controller manager per-controller service accounts',
    description:
      'Requires kube-controller-manager to run each controller with its own service account credentials. In RKE2 config files (config.yaml with its drop-ins, merged as RKE2 merges them), RKE2 passes --use-service-account-credentials=true itself, so the finding is a kube-controller-manager-arg entry that turns it off, reported at the entry that decides it. In a kube-controller-manager static pod (kubeadm), the flag must be present and true; the built-in default is false.',
    rationale:
      'Without it, every controller calls the API server as the controller manager itself, whose identity holds the union of all their permissions, and the audit log cannot tell which controller did what. With it, each controller has a service account in kube-system bound to a role of its own (system:controller:<name>), so a compromised or misbehaving controller is limited to what it needs.',
    remediation:
      'Remove the kube-controller-manager-arg entry that turns it off (RKE2 then passes true), or add --use-service-account-credentials=true to the static pod manifest (kubeadm writes it by default). The bootstrap RBAC roles system:controller:* must exist, as they do unless someone removed them. The quick fix is never applied by fix-all: it changes the identity every controller authenticates with.',
    profiles: { 'stig-rke2': 'error', 'stig-kubernetes': 'error' },
    defaultSeverity: 'error',
    fixable: true,
    standards: [stigRef('V-254554'), stigRef('V-242381'), cis('1.3.3', 'Ensure that the --use-service-account-credentials argument is set to true')],
    messages: { rke2FlagValue, podFlagMissing, podFlagValue },
  },
  ...settingChecks([REQUIREMENT], ['rke2', 'pod']),
});
