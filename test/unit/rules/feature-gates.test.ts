import { staticPod } from '../../support/static-pods';
import { configFile, RKE2_CONFIG, ruleTester } from '../rule-tester';

const RULE = 'feature-gates';
/** the rule runs in the STIG profiles */
const STIG = { profile: 'stig-kubernetes' as const };
const DROP_IN = '/etc/rancher/rke2/config.yaml.d/60-gates.yaml';

const WHY: Record<string, string> = {
  DynamicAuditing:
    'the Kubernetes STIG forbids DynamicAuditing, which lets whoever may create AuditSink objects send the audit trail elsewhere (Kubernetes 1.19 removed the gate: a component that names it does not start)',
  AllAlpha: 'the Kubernetes STIG requires alpha APIs off: AllAlpha turns on every alpha API and feature, untested and without support',
  DynamicKubeletConfig:
    'the Kubernetes STIG forbids DynamicKubeletConfig, which lets the kubelet take its configuration from the API (Kubernetes 1.26 removed the gate: a component that names it does not start)',
  PodSecurity:
    'the Kubernetes STIG requires the PodSecurity admission feature on (it is always on since Kubernetes 1.25 and 1.28 removed the gate: leave it out rather than set it)',
};

const pod = (component: string, gate: string, value: string, at: string, occurrence?: number) => ({
  messageId: 'podGate',
  data: { subject: `Container '${component}'`, component, gate, value, requirement: WHY[gate] },
  at,
  occurrence,
  fix: { title: `Remove ${gate} from --feature-gates in container '${component}'`, preferred: false },
});
const rke2 = (component: string, gate: string, value: string, at: string, key: string) => ({
  messageId: 'rke2Gate',
  data: { component, gate, value, requirement: WHY[gate] },
  at,
  fix: { title: `Remove ${gate} from the ${key} entries`, preferred: false },
});
const config = (gate: string, value: string, at: string) => ({
  messageId: 'configGate',
  data: { gate, value, requirement: WHY[gate] },
  at,
  fix: { title: `Remove featureGates.${gate}`, preferred: false },
});

const kubeletConfig = (extra: string) => `apiVersion: kubelet.config.k8s.io/v1beta1\nkind: KubeletConfiguration\n${extra}`;

ruleTester(RULE, {
  valid: [
    { ...STIG, name: 'no gates', code: staticPod('kube-apiserver', '--secure-port=6443') },
    {
      ...STIG,
      name: 'harmless gates, and the risky ones turned the safe way',
      code: staticPod('kube-apiserver', '--feature-gates=AllAlpha=false,PodSecurity=true,DynamicAuditing=false'),
    },
    {
      ...STIG,
      name: 'a later value wins over an earlier one',
      code: staticPod('kube-scheduler', '--feature-gates=AllAlpha=true', '--feature-gates=AllAlpha=false'),
    },
    {
      ...STIG,
      name: 'a missing PodSecurity gate is not reported (1.28 removed it)',
      code: staticPod('kube-controller-manager', '--feature-gates=RotateKubeletServerCertificate=true'),
    },
    { ...STIG, name: 'AllAlpha concerns the control plane only', noPodSpec: true, code: kubeletConfig('featureGates:\n  AllAlpha: true\n') },
    {
      ...STIG,
      name: 'a kubelet configuration with safe gates',
      noPodSpec: true,
      code: kubeletConfig('featureGates:\n  DynamicKubeletConfig: false\n  PodSecurity: true\n'),
    },
    { ...STIG, name: 'a gate value the component rejects is not judged', code: staticPod('kube-apiserver', '--feature-gates=AllAlpha=yes') },
    {
      ...STIG,
      name: 'RKE2: a drop-in turns AllAlpha off again',
      ...configFile(),
      code: 'kube-apiserver-arg: [feature-gates=AllAlpha=true]\n',
      files: { [DROP_IN]: 'kube-apiserver-arg+: [feature-gates=AllAlpha=false]\n' },
    },
    { name: 'off outside the STIG profiles', code: staticPod('kube-apiserver', '--feature-gates=AllAlpha=true') },
  ],
  invalid: [
    {
      name: 'alpha APIs on, among other gates: the fix keeps the others',
      profiles: ['stig-rke2', 'stig-kubernetes'],
      code: staticPod('kube-apiserver', '--feature-gates=InPlacePodVerticalScaling=true,AllAlpha=true'),
      errors: [pod('kube-apiserver', 'AllAlpha', 'true', '--feature-gates=InPlacePodVerticalScaling=true,AllAlpha=true')],
      output: { 12: '        - --feature-gates=InPlacePodVerticalScaling=true' },
    },
    {
      name: 'several gates, repeated flags: each at the flag that decides it, its fix takes it out of every flag',
      ...STIG,
      code: staticPod('kube-controller-manager', '--feature-gates=DynamicAuditing=true,AllAlpha=true', '--feature-gates', 'PodSecurity=false,AllAlpha=true'),
      errors: [
        pod('kube-controller-manager', 'DynamicAuditing', 'true', '--feature-gates=DynamicAuditing=true,AllAlpha=true'),
        pod('kube-controller-manager', 'AllAlpha', 'true', 'PodSecurity=false,AllAlpha=true'),
        pod('kube-controller-manager', 'PodSecurity', 'false', 'PodSecurity=false,AllAlpha=true'),
      ],
      output: [
        { 12: '        - --feature-gates=AllAlpha=true' },
        { 12: '        - --feature-gates=DynamicAuditing=true', 14: '        - PodSecurity=false' },
        { 14: '        - AllAlpha=true' },
      ],
    },
    {
      name: 'the only gate: the fix removes the flag',
      ...STIG,
      code: staticPod('kube-scheduler', '--feature-gates=DynamicKubeletConfig=True', '--v=2'),
      errors: [pod('kube-scheduler', 'DynamicKubeletConfig', 'True', '--feature-gates=DynamicKubeletConfig=True')],
      output: { 12: null },
    },
    {
      name: 'a kubelet configuration turns PodSecurity off',
      ...STIG,
      code: kubeletConfig('featureGates:\n  PodSecurity: false\n  DynamicAuditing: yes\n'),
      errors: [config('PodSecurity', 'false', 'PodSecurity: false'), config('DynamicAuditing', 'yes', 'DynamicAuditing: yes')],
      output: [{ 3: null }, { 4: null }],
    },
    {
      name: 'an RKE2 entry turns alpha APIs on',
      ...STIG,
      filePath: RKE2_CONFIG,
      code: 'kube-apiserver-arg:\n  - "feature-gates=AllAlpha=true,UserNamespacesSupport=true"\n',
      errors: [rke2('kube-apiserver', 'AllAlpha', 'true', '"feature-gates=AllAlpha=true,UserNamespacesSupport=true"', 'kube-apiserver-arg')],
      output: { 1: '  - "feature-gates=UserNamespacesSupport=true"' },
    },
    {
      name: 'a drop-in appends DynamicAuditing to the kubelet: the fix removes the entry',
      ...STIG,
      filePath: DROP_IN,
      code: 'kubelet-arg+:\n  - feature-gates=DynamicAuditing=true\n  - max-pods=200\n',
      files: { [RKE2_CONFIG]: 'kubelet-arg: [feature-gates=NodeSwap=true]\n' },
      errors: [rke2('kubelet', 'DynamicAuditing', 'true', 'feature-gates=DynamicAuditing=true', 'kubelet-arg+')],
      output: { 1: null },
    },
  ],
});
