import { configFile, RKE2_CONFIG, ruleTester } from '../rule-tester';
import { DROP_IN, kubeletConfig, kubeletPod, settingFindings, STIG } from '../node-config';

const REQUIREMENT = 'the STIGs require anonymous requests to the kubelet to be refused, because its API runs commands in containers and reads their logs';
const FIELD = 'authentication.anonymous.enabled';

const anonymousAuth = settingFindings('kubelet', 'anonymous-auth', REQUIREMENT);

ruleTester('kubelet-anonymous-auth', {
  valid: [
    { ...STIG, name: 'RKE2 turns it off itself', ...configFile(), code: 'node-name: worker-1\n' },
    { ...STIG, name: 'an entry that repeats it', ...configFile(), code: 'kubelet-arg: [anonymous-auth=false]\n' },
    {
      ...STIG,
      name: 'config.yaml turns it on, a drop-in off again',
      ...configFile(),
      code: 'kubelet-arg: [anonymous-auth=true]\n',
      files: { [DROP_IN]: 'kubelet-arg+: [anonymous-auth=false]\n' },
    },
    { ...STIG, name: 'a KubeletConfiguration that writes false', noPodSpec: true, code: kubeletConfig('authentication:\n  anonymous:\n    enabled: false\n') },
    { ...STIG, name: 'a kubelet in a container with the flag off', code: kubeletPod('[kubelet, --anonymous-auth=false]') },
    { ...STIG, name: 'a kubelet in a container that reads a config file', code: kubeletPod('[kubelet, --config=/etc/kubernetes/kubelet.yaml]') },
  ],
  invalid: [
    {
      name: 'a drop-in turns it on',
      profiles: ['stig-rke2', 'stig-kubernetes'],
      filePath: DROP_IN,
      code: 'kubelet-arg+:\n  - anonymous-auth=true\n',
      files: { [RKE2_CONFIG]: 'profile: cis\n' },
      errors: [anonymousAuth.rke2Value('true', 'anonymous-auth=true', 'kubelet-arg+', 'anonymous-auth=false')],
      output: { 1: '  - anonymous-auth=false' },
    },
    {
      name: 'a KubeletConfiguration that leaves it out (the Kubernetes STIG reads the field)',
      ...STIG,
      code: kubeletConfig('authorization:\n  mode: Webhook\n'),
      errors: [
        {
          messageId: 'configFieldMissing',
          data: { field: FIELD, fallback: 'the kubelet then uses false, but the STIG check reads the field', requirement: REQUIREMENT },
          at: 'kind: KubeletConfiguration',
          fix: { title: `Add ${FIELD}: false`, preferred: false },
        },
      ],
      output: { 3: '  mode: Webhook\nauthentication:\n  anonymous:\n    enabled: false' },
    },
    {
      name: 'a KubeletConfiguration that turns it on',
      ...STIG,
      code: kubeletConfig('authentication:\n  anonymous:\n    enabled: true\n  webhook:\n    enabled: true\n'),
      errors: [
        {
          messageId: 'configFieldValue',
          data: { field: FIELD, value: 'true', requirement: REQUIREMENT },
          at: 'enabled: true',
          occurrence: 1,
          fix: { title: `Set ${FIELD}: false`, preferred: false },
        },
      ],
      output: { 4: '    enabled: false' },
    },
    {
      name: 'a kubelet in a container without flag or config file (the flag default is true)',
      ...STIG,
      code: kubeletPod('[kubelet, --v=2]'),
      errors: [anonymousAuth.podMissing('so its built-in default true applies', 'false')],
      output: { 7: '      command: [kubelet, --v=2, --anonymous-auth=false]' },
    },
    {
      name: 'a kubelet in a container that turns it on over its config file',
      ...STIG,
      code: kubeletPod('[kubelet, --config=/etc/kubernetes/kubelet.yaml, --anonymous-auth]'),
      errors: [anonymousAuth.podValue('true', '--anonymous-auth', 'false')],
      output: { 7: '      command: [kubelet, --config=/etc/kubernetes/kubelet.yaml, --anonymous-auth=false]' },
    },
  ],
});
