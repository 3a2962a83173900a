import { configFile, ruleTester } from '../rule-tester';
import { kubeletConfig, kubeletPod } from '../node-config';

const RULE = 'kubelet-static-pod-path';
/** the rule runs in the STIG profiles */
const STIG = { profile: 'stig-kubernetes' as const };
const REQUIREMENT =
  'the Kubernetes STIG forbids static pods on worker nodes: whoever can write to that directory runs pods the API server never admits (suppress this with a reason on a control-plane node)';

ruleTester(RULE, {
  valid: [
    { ...STIG, name: 'a worker without static pods', noPodSpec: true, code: kubeletConfig('readOnlyPort: 0\n') },
    { ...STIG, name: 'an empty path turns static pods off', noPodSpec: true, code: kubeletConfig('staticPodPath: ""\n') },
    {
      ...STIG,
      name: 'a control-plane node keeps its static pods, with a reason',
      noPodSpec: true,
      code: kubeletConfig(
        '# podsec-disable-next-line kubelet-static-pod-path -- control-plane node: runs etcd and the API server as static pods\nstaticPodPath: /etc/kubernetes/manifests\n',
      ),
    },
    {
      ...STIG,
      name: 'RKE2 sets the path on every node and needs it: not judged',
      ...configFile(),
      code: 'kubelet-arg: [pod-manifest-path=/var/lib/rancher/rke2/agent/pod-manifests]\n',
    },
    { ...STIG, name: 'a kubelet in a container without the flag', code: kubeletPod('[kubelet, --config=/etc/kubelet.yaml]') },
  ],
  invalid: [
    {
      name: "kubeadm's worker configuration keeps the static pod directory",
      profiles: ['stig-rke2', 'stig-kubernetes'],
      code: kubeletConfig('rotateCertificates: true\nstaticPodPath: /etc/kubernetes/manifests # written by kubeadm join\nstreamingConnectionIdleTimeout: 5m\n'),
      errors: [
        {
          messageId: 'configFieldValue',
          data: { field: 'staticPodPath', value: '/etc/kubernetes/manifests', requirement: REQUIREMENT },
          at: 'staticPodPath: /etc/kubernetes/manifests',
          fix: { title: 'Remove staticPodPath', preferred: false },
        },
      ],
      // the fix keeps the comment
      output: { 3: '# written by kubeadm join' },
    },
    {
      name: 'a kubelet in a container with --pod-manifest-path',
      ...STIG,
      code: kubeletPod('[kubelet, --pod-manifest-path=/etc/kubelet.d, --v=2]'),
      errors: [
        {
          messageId: 'podFlagValue',
          data: { subject: "Container 'kubelet'", component: 'kubelet', flag: 'pod-manifest-path', value: '/etc/kubelet.d', requirement: REQUIREMENT },
          at: '--pod-manifest-path=/etc/kubelet.d',
          fix: { title: "Remove --pod-manifest-path in container 'kubelet'", preferred: false },
        },
      ],
      output: { 7: '      command: [kubelet, --v=2]' },
    },
  ],
});
