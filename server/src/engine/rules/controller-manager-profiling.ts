/**
 * kube-controller-manager must not serve profiling data (`--profiling=false`; Kubernetes STIG
 * V-242409).
 * - RKE2 config files: RKE2 passes `--profiling=false` itself; a `kube-controller-manager-arg`
 *   entry that turns it on is reported where it is written.
 * - kube-controller-manager static pods (kubeadm): the flag must be there and false (the
 *   built-in default is true).
 */
import { parseGoBool } from '../components/flags';
import { defineRule } from '../rule';
import { cis, stigRef } from '../standards';
import { SETTING_MESSAGES, type FlagRequirement } from './utils/component-settings';
import { settingChecks } from './utils/setting-checks';

export const RULE_ID = 'controller-manager-profiling';

const REQUIREMENT: FlagRequirement = {
  component: 'kube-controller-manager',
  flag: 'profiling',
  fails: (v) => parseGoBool(v) !== false,
  missingFails: { rke2: true, pod: true, config: false },
  requirement: 'the Kubernetes STIG requires --profiling=false, so that the controller manager does not serve its profiling and debug data',
  fixValue: 'false',
  preferred: false,
};

const { rke2FlagValue, podFlagMissing, podFlagValue } = SETTING_MESSAGES;

export default defineRule({
  meta: {
    id: RULE_ID,
    title: 'Controller manager profiling',
    description:
      'Requires kube-controller-manager to run with profiling off. In RKE2 config files (config.yaml with its drop-ins, merged as RKE2 merges them), RKE2 passes --profiling=false itself, so the finding is a kube-controller-manager-arg entry that turns it on, reported at the entry that decides it. In a kube-controller-manager static pod (kubeadm), --profiling must be present and false (booleans as Go parses them); without it profiling is on.',
    rationale:
      "Profiling serves the controller manager's CPU and memory profiles and goroutine dumps under /debug/pprof. They reveal internals of a component that holds credentials for every controller, cost resources to produce, and are not needed to run the cluster.",
    remediation:
      'Pass --profiling=false to the controller manager, or remove the kube-controller-manager-arg entry that turns profiling on (RKE2 then passes false). The quick fix is offered one at a time and never applied by fix-all.',
    profiles: { 'stig-rke2': 'error', 'stig-kubernetes': 'error' },
    defaultSeverity: 'error',
    fixable: true,
    standards: [stigRef('V-242409'), cis('1.3.2', 'Ensure that the --profiling argument is set to false')],
    messages: { rke2FlagValue, podFlagMissing, podFlagValue },
  },
  ...settingChecks([REQUIREMENT], ['rke2', 'pod']),
});
