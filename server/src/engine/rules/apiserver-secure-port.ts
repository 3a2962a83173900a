/**
 * kube-apiserver must serve on a secure port: `--secure-port` set and not 0 (Kubernetes STIG
 * V-242389).
 * - RKE2 config files: RKE2 passes `--secure-port=6443` itself; a `kube-apiserver-arg` entry
 *   that sets 0 (or something that is not a port) is reported where it is written.
 * - kube-apiserver static pods (kubeadm): the flag must be there (the STIG's check reads the
 *   manifest, although the built-in default is 6443) and a port from 1 to 65535.
 */
import { defineRule } from '../rule';
import { stigRef } from '../standards';
import { SETTING_MESSAGES, type FlagRequirement } from './utils/component-settings';
import { settingChecks } from './utils/setting-checks';

export const RULE_ID = 'apiserver-secure-port';

const REQUIREMENT: FlagRequirement = {
  component: 'kube-apiserver',
  flag: 'secure-port',
  fails: (v) => !/^\d+$/.test(v) || Number(v) < 1 || Number(v) > 65535,
  missingFails: { rke2: true, pod: true, config: false },
  requirement: 'the Kubernetes STIG requires --secure-port set to a port above 0, so that the API server serves over TLS',
  fixValue: '6443',
  preferred: false,
};

const { rke2FlagValue, podFlagMissing, podFlagValue } = SETTING_MESSAGES;

export default defineRule({
  meta: {
    id: RULE_ID,
    title: 'API server secure port',
    description:
      'Requires kube-apiserver to serve HTTPS on a port it is given. In RKE2 config files (config.yaml with its drop-ins, merged as RKE2 merges them), RKE2 passes --secure-port=6443 itself, so the finding is a kube-apiserver-arg entry that sets 0 or something that is not a port, reported at the entry that decides it. In a kube-apiserver static pod (kubeadm), --secure-port must be present (the STIG check reads the manifest) and a port from 1 to 65535.',
    rationale:
      "The secure port is the API server's only authenticated, encrypted endpoint. Port 0 turns HTTPS serving off, which leaves either no API at all or, on old versions, only the unauthenticated insecure port; writing the port out keeps the manifest the evidence of how the API server listens.",
    remediation:
      'Pass --secure-port=6443 (or the port your load balancer expects) to the API server; on RKE2 remove the kube-apiserver-arg entry that sets it (RKE2 then passes 6443). The quick fix is offered one at a time and never applied by fix-all: clients and health checks must use the port it writes.',
    profiles: { 'stig-rke2': 'error', 'stig-kubernetes': 'error' },
    defaultSeverity: 'error',
    fixable: true,
    standards: [stigRef('V-242389')],
    messages: { rke2FlagValue, podFlagMissing, podFlagValue },
  },
  ...settingChecks([REQUIREMENT], ['rke2', 'pod']),
});
