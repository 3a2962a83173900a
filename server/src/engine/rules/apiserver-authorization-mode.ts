/**
 * kube-apiserver must authorize with the Node and RBAC authorizers, never AlwaysAllow.
 * - RKE2 config files: RKE2 passes `--authorization-mode=Node,RBAC` itself; a
 *   `kube-apiserver-arg` entry that replaces it is reported where it is written (RKE2 STIG
 *   V-254572; the STIG accepts RKE2's order Node,RBAC as well as RBAC,Node).
 * - kube-apiserver static pods: the flag must be there, hold Node and RBAC, and not AlwaysAllow
 *   (Kubernetes STIG V-242382; the built-in default is AlwaysAllow). The flag is a list: repeated
 *   flags add modes.
 */
import { defineRule } from '../rule';
import { cis, stigRef } from '../standards';
import { SETTING_MESSAGES, type FlagRequirement } from './utils/component-settings';
import { settingChecks } from './utils/setting-checks';

export const RULE_ID = 'apiserver-authorization-mode';

const REQUIREMENT: FlagRequirement = {
  component: 'kube-apiserver',
  flag: 'authorization-mode',
  fails: (_v, items) => items.includes('AlwaysAllow') || !items.includes('Node') || !items.includes('RBAC'),
  missingFails: { rke2: true, pod: true, config: false },
  requirement:
    "the STIGs require the Node and RBAC authorizers (Node,RBAC) and never AlwaysAllow, so that every request is checked against the RBAC policy and kubelets reach only their own node's objects",
  fixValue: 'Node,RBAC',
  preferred: false,
};

const { rke2FlagValue, podFlagMissing, podFlagValue } = SETTING_MESSAGES;

export default defineRule({
  meta: {
    id: RULE_ID,
    title: 'API server authorization mode',
    description:
      "Requires kube-apiserver to authorize requests with the Node and RBAC authorizers and without AlwaysAllow. In RKE2 config files (config.yaml with its drop-ins, merged as RKE2 merges them), RKE2 passes --authorization-mode=Node,RBAC itself, so the finding is a kube-apiserver-arg entry that replaces it with modes lacking Node or RBAC or holding AlwaysAllow (an entry authorization-mode+=Webhook keeps RKE2's modes and adds one), reported at the entry that decides it. In a kube-apiserver static pod (kubeadm), --authorization-mode must be present (the built-in default is AlwaysAllow) with Node and RBAC; repeated flags add modes, as kube-apiserver reads them.",
    rationale:
      'AlwaysAllow lets every authenticated caller do everything, which turns any credential (a service account token in a pod, a kubelet certificate) into cluster-admin. RBAC evaluates each request against the roles granted, and the Node authorizer confines each kubelet to the pods, secrets and volumes of its own node.',
    remediation:
      'Remove the kube-apiserver-arg entry that sets authorization-mode (RKE2 then passes Node,RBAC), or set --authorization-mode=Node,RBAC in the static pod manifest (kubeadm writes it by default). Add other authorizers (Webhook) after them if you need them. The quick fix is never applied by fix-all: callers that relied on AlwaysAllow are refused afterwards.',
    profiles: { 'stig-rke2': 'error', 'stig-kubernetes': 'error' },
    defaultSeverity: 'error',
    fixable: true,
    standards: [
      stigRef('V-254572'),
      stigRef('V-242382'),
      cis('1.2.6', 'Ensure that the --authorization-mode argument is not set to AlwaysAllow'),
      cis('1.2.7', 'Ensure that the --authorization-mode argument includes Node'),
      cis('1.2.8', 'Ensure that the --authorization-mode argument includes RBAC'),
    ],
    messages: { rke2FlagValue, podFlagMissing, podFlagValue },
  },
  ...settingChecks([REQUIREMENT], ['rke2', 'pod']),
});
