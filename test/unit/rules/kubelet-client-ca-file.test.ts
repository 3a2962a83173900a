import { configFile, RKE2_CONFIG, ruleTester, y } from '../rule-tester';

const RULE = 'kubelet-client-ca-file';
/** the rule runs in the STIG profiles */
const STIG = { profile: 'stig-kubernetes' as const };
const DROP_IN = '/etc/rancher/rke2/config.yaml.d/20-agent.yaml';
const REQUIREMENT =
  'the Kubernetes STIG requires the kubelet to verify client certificates against a CA it was given (authentication.x509.clientCAFile), so that the API server can authenticate to it';

const kubeletConfig = (extra: string) => `apiVersion: kubelet.config.k8s.io/v1beta1\nkind: KubeletConfiguration\n${extra}`;
/** A node Pod whose one container runs the given command (flow list, line 7). */
const kubeletPod = (command: string) => y`
  apiVersion: v1
  kind: Pod
  metadata: {name: node-kubelet, namespace: nodes}
  spec:
    containers:
      - name: kubelet
        image: registry.example.com/kubelet:1.31
        command: ${command}
`;

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
      errors: [
        {
          messageId: 'configFieldMissing',
          data: { field: 'authentication.x509.clientCAFile', fallback: 'nothing sets it', requirement: REQUIREMENT },
          at: 'kind: KubeletConfiguration',
          fix: { title: 'Add authentication.x509.clientCAFile: /etc/kubernetes/pki/ca.crt', preferred: false },
        },
      ],
      output: { 4: '    enabled: false\n  x509:\n    clientCAFile: /etc/kubernetes/pki/ca.crt' },
    },
    {
      name: 'an empty client CA',
      ...STIG,
      code: kubeletConfig('authentication:\n  x509:\n    clientCAFile: ""\n'),
      errors: [
        {
          messageId: 'configFieldValue',
          data: { field: 'authentication.x509.clientCAFile', value: '""', requirement: REQUIREMENT },
          at: 'clientCAFile: ""',
          fix: { title: 'Set authentication.x509.clientCAFile: /etc/kubernetes/pki/ca.crt', preferred: false },
        },
      ],
      output: { 4: '    clientCAFile: "/etc/kubernetes/pki/ca.crt"' },
    },
    {
      name: 'a kubelet in a container with neither the flag nor a configuration file',
      ...STIG,
      code: kubeletPod('[kubelet, --v=2]'),
      errors: [
        {
          messageId: 'podFlagMissing',
          data: { subject: "Container 'kubelet'", component: 'kubelet', flag: 'client-ca-file', fallback: 'nothing sets it', requirement: REQUIREMENT },
          at: 'kubelet',
          occurrence: 4,
          fix: { title: "Add --client-ca-file=/etc/kubernetes/pki/ca.crt to the kubelet flags in container 'kubelet'", preferred: false },
        },
      ],
      output: { 7: '      command: [kubelet, --v=2, --client-ca-file=/etc/kubernetes/pki/ca.crt]' },
    },
    {
      name: 'a kubelet in a container with an empty flag',
      ...STIG,
      code: kubeletPod('[kubelet, --client-ca-file=]'),
      errors: [
        {
          messageId: 'podFlagValue',
          data: { subject: "Container 'kubelet'", component: 'kubelet', flag: 'client-ca-file', value: '', requirement: REQUIREMENT },
          at: '--client-ca-file=',
          fix: { title: "Change the flag to --client-ca-file=/etc/kubernetes/pki/ca.crt in container 'kubelet'", preferred: false },
        },
      ],
      output: { 7: '      command: [kubelet, --client-ca-file=/etc/kubernetes/pki/ca.crt]' },
    },
    {
      name: 'an RKE2 kubelet-arg entry empties it: the fix writes the path RKE2 uses',
      ...STIG,
      filePath: RKE2_CONFIG,
      code: 'kubelet-arg:\n  - client-ca-file=\n',
      errors: [
        {
          messageId: 'rke2FlagValue',
          data: { component: 'kubelet', flag: 'client-ca-file', value: '', requirement: REQUIREMENT },
          at: 'client-ca-file=',
          fix: { title: 'Change the kubelet-arg entry to client-ca-file=/var/lib/rancher/rke2/agent/client-ca.crt', preferred: false },
        },
      ],
      output: { 1: '  - client-ca-file=/var/lib/rancher/rke2/agent/client-ca.crt' },
    },
  ],
});
