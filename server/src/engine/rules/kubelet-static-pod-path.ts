/**
 * A worker node's kubelet must not run static pods from a directory: no `staticPodPath`, no
 * `--pod-manifest-path` (Kubernetes STIG V-242397, CAT I).
 * - KubeletConfiguration: `staticPodPath` set to a directory. The STIG scopes the requirement
 *   to worker nodes; a file does not say which node it configures, so every KubeletConfiguration
 *   is judged, and one for a control-plane node (kubeadm runs the control plane as static pods)
 *   carries a suppression with its reason.
 * - A kubelet run in a container: the flag on its command line.
 * - RKE2 config files are not judged: RKE2 sets a static pod path on every node and needs it (it
 *   runs its own components, kube-proxy on agents included, as static pods); the RKE2 STIG has no
 *   such requirement.
 */
import { isKubeletConfiguration } from '../components/kubelet-config';
import { defineRule } from '../rule';
import { stigRef } from '../standards';
import { SETTING_MESSAGES } from './utils/component-settings';
import { checkKubeletConfigFieldAbsent, checkPodFlagAbsent, type ForbiddenFlag } from './utils/flag-presence';

export const RULE_ID = 'kubelet-static-pod-path';

const FLAG: ForbiddenFlag = {
  component: 'kubelet',
  flag: 'pod-manifest-path',
  requirement:
    'the Kubernetes STIG forbids static pods on worker nodes: whoever can write to that directory runs pods the API server never admits (suppress this with a reason on a control-plane node)',
  // an empty path turns static pods off
  allows: (v) => v.trim() === '',
  preferred: false,
};

const { podFlagValue, configFieldValue } = SETTING_MESSAGES;

export default defineRule({
  meta: {
    id: RULE_ID,
    title: 'Kubelet static pods',
    description:
      'Flags a kubelet that runs static pods from a directory: staticPodPath in a KubeletConfiguration, or --pod-manifest-path where a container runs the kubelet. The Kubernetes STIG asks this of worker nodes; podsec cannot tell from a file which node it configures, so it judges every KubeletConfiguration, and the configuration of a control-plane node, whose kubelet runs the control plane as static pods, needs a suppression with its reason. RKE2 config files are not judged: RKE2 sets the path on every node and needs it.',
    rationale:
      "The kubelet runs whatever pod manifests it finds in its static pod directory, without admission: no Pod Security, no webhooks, no RBAC check of who created them. On a worker, where no control-plane component needs the directory, it is only a way around the cluster's controls for whoever can write a file on the node.",
    remediation:
      "Remove staticPodPath from the worker's kubelet configuration (kubeadm writes /etc/kubernetes/manifests into every node's /var/lib/kubelet/config.yaml) and --pod-manifest-path from its command line, then restart the kubelet. On a control-plane node keep it and suppress the finding: # podsec-disable-next-line kubelet-static-pod-path -- control-plane node. The quick fix removes the setting; it is offered one at a time and never applied by fix-all.",
    profiles: { 'stig-rke2': 'error', 'stig-kubernetes': 'error' },
    defaultSeverity: 'error',
    fixable: true,
    standards: [stigRef('V-242397')],
    messages: { podFlagValue, configFieldValue },
  },
  checkObject(ctx) {
    if (isKubeletConfiguration(ctx.object)) checkKubeletConfigFieldAbsent(ctx.object.root, FLAG, ctx.report);
  },
  checkPod(pod) {
    checkPodFlagAbsent(pod, FLAG);
  },
});
