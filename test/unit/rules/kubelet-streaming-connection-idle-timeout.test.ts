import { configFile, RKE2_CONFIG, ruleTester } from '../rule-tester';
import { DROP_IN, kubeletConfig, kubeletPod, STIG } from '../node-config';

const F = 'streaming-connection-idle-timeout';
const FIELD = 'streamingConnectionIdleTimeout';
const REQUIREMENT =
  'the STIGs require an idle timeout of at least 5m (their fix sets 5m): 0 keeps idle exec, attach and port-forward sessions open for ever, and a shorter one is not what the check accepts';
const rke2 = (v: string, at: string, key = 'kubelet-arg') => ({
  messageId: 'rke2FlagValue',
  data: { component: 'kubelet', flag: F, value: v, requirement: REQUIREMENT },
  at,
  fix: { title: `Change the ${key} entry to ${F}=5m`, preferred: false },
});

ruleTester('kubelet-streaming-connection-idle-timeout', {
  valid: [
    { ...STIG, name: 'RKE2 writes 4h0m0s into its kubelet drop-in', ...configFile(), code: 'node-name: worker-1\n' },
    { ...STIG, name: 'the STIG value', ...configFile(), code: `kubelet-arg: [${F}=5m]\n` },
    { ...STIG, name: 'the same, in seconds', ...configFile(), code: `kubelet-arg: [${F}=300s]\n` },
    { ...STIG, name: 'a KubeletConfiguration with 5m0s', noPodSpec: true, code: kubeletConfig(`${FIELD}: 5m0s\n`) },
    { ...STIG, name: 'a kubelet in a container with an hour', code: kubeletPod(`[kubelet, --${F}=1h]`) },
  ],
  invalid: [
    {
      name: 'an RKE2 entry turns the timeout off',
      profiles: ['stig-rke2', 'stig-kubernetes'],
      filePath: RKE2_CONFIG,
      code: `kubelet-arg:\n  - ${F}=0\n`,
      errors: [rke2('0', `${F}=0`)],
      output: { 1: `  - ${F}=5m` },
    },
    {
      name: 'a drop-in sets a minute',
      ...STIG,
      filePath: DROP_IN,
      code: `kubelet-arg+: [${F}=1m]\n`,
      files: { [RKE2_CONFIG]: `kubelet-arg: [${F}=5m]\n` },
      errors: [rke2('1m', `${F}=1m`, 'kubelet-arg+')],
      output: { 0: `kubelet-arg+: [${F}=5m]` },
    },
    {
      name: 'a duration Go does not read',
      ...STIG,
      filePath: RKE2_CONFIG,
      code: `kubelet-arg: [${F}=5min]\n`,
      errors: [rke2('5min', `${F}=5min`)],
      output: { 0: `kubelet-arg: [${F}=5m]` },
    },
    {
      name: 'a KubeletConfiguration that leaves it out: adding 5m is safe',
      ...STIG,
      code: kubeletConfig('readOnlyPort: 0\n'),
      errors: [
        {
          messageId: 'configFieldMissing',
          data: { field: FIELD, fallback: 'the kubelet then uses 4h0m0s, but the STIG check reads the field', requirement: REQUIREMENT },
          at: 'kind: KubeletConfiguration',
          fix: { title: `Add ${FIELD}: 5m`, preferred: true },
        },
      ],
      output: { 2: `readOnlyPort: 0\n${FIELD}: 5m` },
    },
    {
      name: 'a KubeletConfiguration with no timeout',
      ...STIG,
      code: kubeletConfig(`${FIELD}: "0s"\n`),
      errors: [
        {
          messageId: 'configFieldValue',
          data: { field: FIELD, value: '"0s"', requirement: REQUIREMENT },
          at: `${FIELD}: "0s"`,
          fix: { title: `Set ${FIELD}: 5m`, preferred: false },
        },
      ],
      output: { 2: `${FIELD}: "5m"` },
    },
    {
      name: 'a kubelet in a container without flag or config file',
      ...STIG,
      code: kubeletPod('[kubelet, --v=2]'),
      errors: [
        {
          messageId: 'podFlagMissing',
          data: { subject: "Container 'kubelet'", component: 'kubelet', flag: F, fallback: 'so its built-in default 4h0m0s applies', requirement: REQUIREMENT },
          at: 'kubelet',
          occurrence: 4,
          fix: { title: `Add --${F}=5m to the kubelet flags in container 'kubelet'`, preferred: true },
        },
      ],
      output: { 7: `      command: [kubelet, --v=2, --${F}=5m]` },
    },
    {
      name: 'a kubelet in a container with 30s',
      ...STIG,
      code: kubeletPod(`[kubelet, --${F}=30s]`),
      errors: [
        {
          messageId: 'podFlagValue',
          data: { subject: "Container 'kubelet'", component: 'kubelet', flag: F, value: '30s', requirement: REQUIREMENT },
          at: `--${F}=30s`,
          fix: { title: `Change the flag to --${F}=5m in container 'kubelet'`, preferred: false },
        },
      ],
      output: { 7: `      command: [kubelet, --${F}=5m]` },
    },
  ],
});
