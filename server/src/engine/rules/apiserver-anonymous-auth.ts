/**
 * The API server must refuse requests that carry no credentials (`--anonymous-auth=false`).
 * - RKE2 config files: RKE2 passes `--anonymous-auth=false` itself; a `kube-apiserver-arg`
 *   entry that turns it back on is reported where it is written (RKE2 STIG V-254562: true or not
 *   configured is a finding).
 * - kube-apiserver static pods: `--anonymous-auth=true` is reported (Kubernetes STIG V2R6
 *   V-242390 calls only an explicit true a finding: kubeadm leaves the flag out, and its health
 *   probes rely on anonymous access to /livez and /readyz).
 */
import { defineRule } from '../rule';
import { cis, stigRef } from '../standards';
import { SETTING_MESSAGES, type FlagRequirement } from './utils/component-settings';
import { settingChecks } from './utils/setting-checks';

export const RULE_ID = 'apiserver-anonymous-auth';

const REQUIREMENT: FlagRequirement = {
  component: 'kube-apiserver',
  flag: 'anonymous-auth',
  fails: (v) => v !== 'false',
  missingFails: { rke2: true, pod: false, config: false },
  requirement:
    'the STIGs require --anonymous-auth=false, so that the API server refuses requests without credentials instead of serving them as system:anonymous',
  fixValue: 'false',
  preferred: false,
};

const { rke2FlagValue, podFlagValue } = SETTING_MESSAGES;

export default defineRule({
  meta: {
    id: RULE_ID,
    title: 'API server anonymous authentication',
    description:
      'Requires kube-apiserver to run with anonymous authentication off. In RKE2 config files (config.yaml with its config.yaml.d drop-ins, merged as RKE2 merges them), RKE2 passes --anonymous-auth=false itself, so the finding is a kube-apiserver-arg entry that sets it to anything else (anonymous-auth=true, --anonymous-auth, a value RKE2 appends), reported at the entry that decides it. In a kube-apiserver static pod (kubeadm), the command line must not set --anonymous-auth=true; the Kubernetes STIG does not count a missing flag as a finding.',
    rationale:
      'With anonymous authentication on, every request without credentials is served as the user system:anonymous in the group system:unauthenticated. Any RBAC binding to those subjects, or to a group they fall into, then opens the API to everyone who can reach the port; the discovery and health endpoints are already open by default. Turning it off makes every caller prove who it is first.',
    remediation:
      'Remove the kube-apiserver-arg entry that turns anonymous authentication on (RKE2 then runs with --anonymous-auth=false), or set anonymous-auth=false; in a static pod, set --anonymous-auth=false and make sure load balancers and probes authenticate (kubeadm probes use the unauthenticated /livez and /readyz endpoints). The quick fix is never applied by fix-all: clients that relied on anonymous access are refused afterwards.',
    profiles: { 'stig-rke2': 'error', 'stig-kubernetes': 'error' },
    defaultSeverity: 'error',
    fixable: true,
    standards: [stigRef('V-254562'), stigRef('V-242390'), cis('1.2.1', 'Ensure that the --anonymous-auth argument is set to false')],
    messages: { rke2FlagValue, podFlagValue },
  },
  ...settingChecks([REQUIREMENT], ['rke2', 'pod']),
});
