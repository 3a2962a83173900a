/**
 * The kubelet must not register under a name other than its host's (`--hostname-override` not
 * given; Kubernetes STIG V-242404).
 * - A kubelet run in a container: the flag on its command line (KubeletConfiguration has no
 *   field for it).
 * - RKE2 config files are not judged: RKE2 always passes `--hostname-override` (the node name)
 *   itself and needs it; the RKE2 STIG has no such requirement, and RKE2's CIS self-assessment
 *   marks the CIS equivalent (4.2.7) Not Applicable for that reason.
 */
import { defineRule } from '../rule';
import { cis, stigRef } from '../standards';
import { SETTING_MESSAGES } from './utils/component-settings';
import { checkPodFlagAbsent, type ForbiddenFlag } from './utils/flag-presence';

export const RULE_ID = 'kubelet-hostname-override';

const FLAG: ForbiddenFlag = {
  component: 'kubelet',
  flag: 'hostname-override',
  requirement:
    "the Kubernetes STIG forbids overriding the kubelet's host name: a node registered under another name breaks the match between its certificate and its Node object that TLS verification and the Node authorizer rely on",
  preferred: false,
};

const { podFlagValue } = SETTING_MESSAGES;

export default defineRule({
  meta: {
    id: RULE_ID,
    title: 'Kubelet hostname override',
    description:
      "Flags a kubelet run with --hostname-override. podsec sees the kubelet's command line where a container runs it (a kubelet in a container, kind-style nodes); kubeadm keeps kubelet flags in a systemd environment file, which is not YAML. RKE2 config files are not judged: RKE2 always passes --hostname-override with the node name itself, which it needs, and the RKE2 STIG does not ask otherwise.",
    rationale:
      'The kubelet registers its Node object, and the API server and the Node authorizer identify it, by name. A name that differs from the host it runs on breaks the link between a node, its serving certificate and its DNS name, and lets a kubelet act for a node it is not.',
    remediation:
      "Remove --hostname-override from the kubelet's command line (kubeadm: /var/lib/kubelet/kubeadm-flags.env or /etc/default/kubelet) and restart it, so that it registers under its host name. The quick fix removes the flag; it is offered one at a time and never applied by fix-all: a node that registered under the overridden name comes back as another Node.",
    profiles: { 'stig-rke2': 'error', 'stig-kubernetes': 'error' },
    defaultSeverity: 'error',
    fixable: true,
    standards: [stigRef('V-242404'), cis('4.2.7', 'Ensure that the --hostname-override argument is not set')],
    messages: { podFlagValue },
  },
  checkPod(pod) {
    checkPodFlagAbsent(pod, FLAG);
  },
});
