import { configFile, RKE2_CONFIG, ruleTester } from '../rule-tester';
import { kubeletConfig, kubeletPod, settingFindings } from '../node-config';

const RULE = 'kubelet-read-only-port';
/** the rule runs in the STIG profiles */
const STIG = { profile: 'stig-rke2' as const };
const DROP_IN = '/etc/rancher/rke2/config.yaml.d/20-agent.yaml';
const REQUIREMENT = 'the STIGs require the read-only port to be off (0), because it serves pod and node details to anyone without authentication';

const readOnlyPort = settingFindings('kubelet', 'read-only-port', REQUIREMENT);

ruleTester(RULE, {
  valid: [
    { ...STIG, name: 'RKE2 passes --read-only-port=0 itself', ...configFile(), code: 'node-name: worker-1\n' },
    { ...STIG, name: 'kubelet-arg sets it to 0 explicitly', ...configFile(), code: 'kubelet-arg:\n  - read-only-port=0\n' },
    { ...STIG, name: 'a drop-in that appends other kubelet flags', ...configFile(DROP_IN), code: 'kubelet-arg+: [max-pods=250]\n' },
    { ...STIG, name: 'KubeletConfiguration with readOnlyPort 0', noPodSpec: true, code: kubeletConfig('readOnlyPort: 0\n') },
    { ...STIG, name: 'KubeletConfiguration leaving it out (the file default is 0)', noPodSpec: true, code: kubeletConfig('authorization:\n  mode: Webhook\n') },
    { ...STIG, name: 'a kubelet in a container with the flag 0', code: kubeletPod('[kubelet, --read-only-port=0]') },
    { ...STIG, name: 'a kubelet in a container that reads a config file', code: kubeletPod('[kubelet, --config, /var/lib/kubelet/config.yaml]') },
    { ...STIG, name: 'not judged in the restricted profile', ...configFile(), code: 'kubelet-arg: [read-only-port=10255]\n', profile: 'restricted' },
  ],
  invalid: [
    {
      name: 'kubelet-arg opens the port',
      profiles: ['stig-rke2', 'stig-kubernetes'],
      filePath: RKE2_CONFIG,
      code: 'kubelet-arg:\n  - --read-only-port=10255\n  - max-pods=200\n',
      errors: [{ ...readOnlyPort.rke2Value('10255', '--read-only-port=10255', 'kubelet-arg', '--read-only-port=0'), severity: 'error' }],
      output: { 1: '  - --read-only-port=0' },
    },
    {
      name: 'a drop-in appends a port',
      ...STIG,
      filePath: DROP_IN,
      code: "kubelet-arg+: ['read-only-port=10255']\n",
      errors: [readOnlyPort.rke2Value('10255', "'read-only-port=10255'", 'kubelet-arg+', 'read-only-port=0')],
      output: { 0: "kubelet-arg+: ['read-only-port=0']" },
    },
    {
      name: 'KubeletConfiguration opens the port',
      ...STIG,
      code: kubeletConfig('readOnlyPort: 10255 # legacy metrics\n'),
      errors: [readOnlyPort.configValue('readOnlyPort', '10255', 'readOnlyPort: 10255', '0')],
      output: { 2: 'readOnlyPort: 0 # legacy metrics' },
    },
    {
      name: 'KubeletConfiguration with a string port (the kubelet rejects it)',
      ...STIG,
      code: kubeletConfig('readOnlyPort: "0"\n'),
      errors: [readOnlyPort.configValue('readOnlyPort', '"0"', 'readOnlyPort: "0"', '0')],
      output: { 2: 'readOnlyPort: 0' },
    },
    {
      name: 'a kubelet in a container without the flag and without a config file',
      ...STIG,
      code: kubeletPod('[kubelet, --v=2]'),
      errors: [readOnlyPort.podMissing('so its built-in default 10255 applies', '0')],
      output: { 7: '      command: [kubelet, --v=2, --read-only-port=0]' },
    },
    {
      name: 'a kubelet in a container with the port as a separate item',
      ...STIG,
      code: kubeletPod('[kubelet, --read-only-port, "10255"]'),
      errors: [readOnlyPort.podValue('10255', '"10255"', '0')],
      output: { 7: '      command: [kubelet, --read-only-port, "0"]' },
    },
  ],
});
