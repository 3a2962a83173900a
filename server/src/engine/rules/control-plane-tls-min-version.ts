/**
 * kube-apiserver, kube-controller-manager and kube-scheduler must refuse TLS below 1.2
 * (`--tls-min-version=VersionTLS12` or `VersionTLS13`, written: both STIGs count a missing flag
 * as a finding, although the Go default minimum is TLS 1.2 on current releases).
 * - RKE2 config files: RKE2 sets the flag on none of the three (RKE2 STIG V-254553): each is
 *   reported in config.yaml, at its `*-arg` list, until an entry gives it.
 * - Static pods of the three components (Kubernetes STIG V-242378, V-242376, V-242377).
 */
import type { Component } from '../components/flags';
import { defineRule } from '../rule';
import { stigRef } from '../standards';
import { SETTING_MESSAGES, type FlagRequirement } from './utils/component-settings';
import { settingChecks } from './utils/setting-checks';

export const RULE_ID = 'control-plane-tls-min-version';

const COMPONENTS: Component[] = ['kube-apiserver', 'kube-controller-manager', 'kube-scheduler'];

const requirementFor = (component: Component): FlagRequirement => ({
  component,
  flag: 'tls-min-version',
  fails: (v) => v !== 'VersionTLS12' && v !== 'VersionTLS13',
  missingFails: { rke2: true, pod: true, config: false },
  requirement:
    'the STIGs require --tls-min-version=VersionTLS12 (or VersionTLS13) written on every control-plane component, so that no client can negotiate TLS 1.0 or 1.1',
  fixValue: 'VersionTLS12',
  preferred: false,
});
const REQUIREMENTS = COMPONENTS.map(requirementFor);

const { rke2FlagMissing, rke2FlagDropped, rke2FlagValue, podFlagMissing, podFlagValue } = SETTING_MESSAGES;

export default defineRule({
  meta: {
    id: RULE_ID,
    title: 'Control plane minimum TLS version',
    description:
      'Requires kube-apiserver, kube-controller-manager and kube-scheduler to run with --tls-min-version=VersionTLS12 or VersionTLS13. RKE2 sets the flag on none of them, so config.yaml (with its drop-ins, merged as RKE2 merges them) must give it in kube-apiserver-arg, kube-controller-manager-arg and kube-scheduler-arg: each component without it is reported in config.yaml, an entry with an older version at that entry, and a drop-in whose list replaced the entry at that key. A static pod of one of the three (kubeadm) must carry the flag. Both STIGs count a missing flag as a finding, even though current components default to TLS 1.2.',
    rationale:
      'TLS 1.0 and 1.1 have known weaknesses and no modern cipher suites; a server that accepts them lets a man in the middle downgrade a connection. Writing the minimum version makes it independent of the Go release a component was built with, and visible to an assessor.',
    remediation:
      'Add tls-min-version=VersionTLS12 to kube-apiserver-arg, kube-controller-manager-arg and kube-scheduler-arg in /etc/rancher/rke2/config.yaml, or --tls-min-version=VersionTLS12 to each static pod manifest, then restart. The quick fix is offered one at a time and never applied by fix-all: clients that only speak TLS 1.0 or 1.1 cannot connect afterwards.',
    profiles: { 'stig-rke2': 'error', 'stig-kubernetes': 'error' },
    defaultSeverity: 'error',
    fixable: true,
    standards: [stigRef('V-254553'), stigRef('V-242378'), stigRef('V-242376'), stigRef('V-242377')],
    messages: { rke2FlagMissing, rke2FlagDropped, rke2FlagValue, podFlagMissing, podFlagValue },
  },
  ...settingChecks(REQUIREMENTS, ['rke2', 'pod']),
});
