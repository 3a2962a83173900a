import { configFile, RKE2_CONFIG, ruleTester } from '../rule-tester';
import { DROP_IN, kubeletConfig, kubeletPod, settingFindings, STIG } from '../node-config';

const REQUIREMENT = 'the STIGs require Webhook authorization, so that the kubelet asks the API server whether each caller may do what it asks';

const authorizationMode = settingFindings('kubelet', 'authorization-mode', REQUIREMENT);

ruleTester('kubelet-authorization-mode', {
  valid: [
    { ...STIG, name: 'RKE2 sets Webhook itself', ...configFile(), code: 'node-name: worker-1\n' },
    { ...STIG, name: 'a drop-in repeats it', ...configFile(DROP_IN), code: 'kubelet-arg+: [authorization-mode=Webhook]\n' },
    { ...STIG, name: 'a KubeletConfiguration with Webhook', noPodSpec: true, code: kubeletConfig('authorization:\n  mode: Webhook\n') },
    { ...STIG, name: 'a KubeletConfiguration that leaves it out (the file default is Webhook)', noPodSpec: true, code: kubeletConfig('readOnlyPort: 0\n') },
    { ...STIG, name: 'a kubelet in a container with Webhook', code: kubeletPod('[kubelet, --authorization-mode, Webhook]') },
  ],
  invalid: [
    {
      name: 'an RKE2 entry allows everything',
      profiles: ['stig-rke2', 'stig-kubernetes'],
      filePath: RKE2_CONFIG,
      code: 'kubelet-arg:\n  - "--authorization-mode=AlwaysAllow"\n',
      errors: [authorizationMode.rke2Value('AlwaysAllow', '"--authorization-mode=AlwaysAllow"', 'kubelet-arg', '--authorization-mode=Webhook')],
      output: { 1: '  - "--authorization-mode=Webhook"' },
    },
    {
      name: 'a KubeletConfiguration with AlwaysAllow',
      ...STIG,
      code: kubeletConfig('authorization:\n  mode: AlwaysAllow\n'),
      errors: [authorizationMode.configValue('authorization.mode', 'AlwaysAllow', 'mode: AlwaysAllow', 'Webhook')],
      output: { 3: '  mode: Webhook' },
    },
    {
      name: 'a kubelet in a container without flag or config file (the flag default is AlwaysAllow)',
      ...STIG,
      code: kubeletPod('[kubelet]'),
      errors: [authorizationMode.podMissing('so its built-in default AlwaysAllow applies', 'Webhook')],
      output: { 7: '      command: [kubelet, --authorization-mode=Webhook]' },
    },
    {
      name: 'a kubelet in a container with AlwaysAllow as a separate item',
      ...STIG,
      code: kubeletPod('[kubelet, --authorization-mode, AlwaysAllow]'),
      errors: [authorizationMode.podValue('AlwaysAllow', 'AlwaysAllow', 'Webhook')],
      output: { 7: '      command: [kubelet, --authorization-mode, Webhook]' },
    },
  ],
});
