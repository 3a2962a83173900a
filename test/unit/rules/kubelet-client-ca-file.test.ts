import { configFile, RKE2_CONFIG, ruleTester } from '../rule-tester';
import { kubeletConfig, kubeletPod, settingFindings } from '../node-config';

const RULE = 'kubelet-client-ca-file';
/** the rule runs in the STIG profiles */
const STIG = { profile: 'stig-kubernetes' as const };
const DROP_IN = '/etc/rancher/rke2/config.yaml.d/20-agent.yaml';
const REQUIREMENT =
  'the Kubernetes STIG requires the kubelet to verify client certificates against a CA it was given (authentication.x509.clientCAFile), so that the API server can authenticate to it';

const clientCaFile = settingFindings('kubelet', 'client-ca-file', REQUIREMENT);

ruleTester(RULE, {
  valid: [
    {
      ...STIG,
      name: "kubeadm's kubelet configuration",
      noPodSpec: true,
      code: kubeletConfig('authentication:\n  x509:\n    clientCAFile: /etc/kubernetes/pki/ca.crt\n'),
    },
    { ...STIG, name: 'RKE2 sets it in its kubelet drop-in', ...configFile(), code: 'node-name: worker-1\n' },
    { ...STIG, name: 'RKE2 with another CA', ...configFile(DROP_IN), code: 'kubelet-arg+: [client-ca-file=/etc/pki/kubelet-ca.pem]\n' },
    { ...STIG, name: 'a kubelet in a container with the flag', code: kubeletPod('[kubelet, --client-ca-file=/etc/kubernetes/pki/ca.crt]') },
    { ...STIG, name: 'a kubelet in a container that reads a configuration file', code: kubeletPod('[kubelet, --config=/var/lib/kubelet/config.yaml]') },
  ],
  invalid: [
    {
      name: 'a KubeletConfiguration without a client CA',
      profiles: ['stig-rke2', 'stig-kubernetes'],
      code: kubeletConfig('authentication:\n  anonymous:\n    enabled: false\n'),
      errors: [clientCaFile.configMissing('authentication.x509.clientCAFile', 'nothing sets it', '/etc/kubernetes/pki/ca.crt')],
      output: { 4: '    enabled: false\n  x509:\n    clientCAFile: /etc/kubernetes/pki/ca.crt' },
    },
    {
      name: 'an empty client CA',
      ...STIG,
      code: kubeletConfig('authentication:\n  x509:\n    clientCAFile: ""\n'),
      errors: [clientCaFile.configValue('authentication.x509.clientCAFile', '""', 'clientCAFile: ""', '/etc/kubernetes/pki/ca.crt')],
      output: { 4: '    clientCAFile: "/etc/kubernetes/pki/ca.crt"' },
    },
    {
      name: 'a kubelet in a container with neither the flag nor a configuration file',
      ...STIG,
      code: kubeletPod('[kubelet, --v=2]'),
      errors: [clientCaFile.podMissing('nothing sets it', '/etc/kubernetes/pki/ca.crt')],
      output: { 7: '      command: [kubelet, --v=2, --client-ca-file=/etc/kubernetes/pki/ca.crt]' },
    },
    {
      name: 'a kubelet in a container with an empty flag',
      ...STIG,
      code: kubeletPod('[kubelet, --client-ca-file=]'),
      errors: [clientCaFile.podValue('', '--client-ca-file=', '/etc/kubernetes/pki/ca.crt')],
      output: { 7: '      command: [kubelet, --client-ca-file=/etc/kubernetes/pki/ca.crt]' },
    },
    {
      name: 'an RKE2 kubelet-arg entry empties it: the fix writes the path RKE2 uses',
      ...STIG,
      filePath: RKE2_CONFIG,
      code: 'kubelet-arg:\n  - client-ca-file=\n',
      errors: [clientCaFile.rke2Value('', 'client-ca-file=', 'kubelet-arg', 'client-ca-file=/var/lib/rancher/rke2/agent/client-ca.crt')],
      output: { 1: '  - client-ca-file=/var/lib/rancher/rke2/agent/client-ca.crt' },
    },
  ],
});
