import { configFile, RKE2_CONFIG, ruleTester } from '../rule-tester';
import { DROP_IN, kubeletConfig, kubeletPod, STIG } from '../node-config';

const REQUIREMENT = 'the STIGs require Webhook authorization, so that the kubelet asks the API server whether each caller may do what it asks';

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
      errors: [
        {
          messageId: 'rke2FlagValue',
          data: { component: 'kubelet', flag: 'authorization-mode', value: 'AlwaysAllow', requirement: REQUIREMENT },
          at: '"--authorization-mode=AlwaysAllow"',
          fix: { title: 'Change the kubelet-arg entry to --authorization-mode=Webhook', preferred: false },
        },
      ],
      output: { 1: '  - "--authorization-mode=Webhook"' },
    },
    {
      name: 'a KubeletConfiguration with AlwaysAllow',
      ...STIG,
      code: kubeletConfig('authorization:\n  mode: AlwaysAllow\n'),
      errors: [
        {
          messageId: 'configFieldValue',
          data: { field: 'authorization.mode', value: 'AlwaysAllow', requirement: REQUIREMENT },
          at: 'mode: AlwaysAllow',
          fix: { title: 'Set authorization.mode: Webhook', preferred: false },
        },
      ],
      output: { 3: '  mode: Webhook' },
    },
    {
      name: 'a kubelet in a container without flag or config file (the flag default is AlwaysAllow)',
      ...STIG,
      code: kubeletPod('[kubelet]'),
      errors: [
        {
          messageId: 'podFlagMissing',
          data: {
            subject: "Container 'kubelet'",
            component: 'kubelet',
            flag: 'authorization-mode',
            fallback: 'so its built-in default AlwaysAllow applies',
            requirement: REQUIREMENT,
          },
          at: 'kubelet',
          occurrence: 4,
          fix: { title: "Add --authorization-mode=Webhook to the kubelet flags in container 'kubelet'", preferred: false },
        },
      ],
      output: { 7: '      command: [kubelet, --authorization-mode=Webhook]' },
    },
    {
      name: 'a kubelet in a container with AlwaysAllow as a separate item',
      ...STIG,
      code: kubeletPod('[kubelet, --authorization-mode, AlwaysAllow]'),
      errors: [
        {
          messageId: 'podFlagValue',
          data: { subject: "Container 'kubelet'", component: 'kubelet', flag: 'authorization-mode', value: 'AlwaysAllow', requirement: REQUIREMENT },
          at: 'AlwaysAllow',
          fix: { title: "Change the flag to --authorization-mode=Webhook in container 'kubelet'", preferred: false },
        },
      ],
      output: { 7: '      command: [kubelet, --authorization-mode, Webhook]' },
    },
  ],
});
