import { configFile, RKE2_CONFIG, ruleTester } from '../rule-tester';
import { DROP_IN, STIG } from '../node-config';

const ALL =
  'kubelet-arg:\n  - anonymous-auth=false\n  - authorization-mode=Webhook\n  - streaming-connection-idle-timeout=5m\n  - protect-kernel-defaults=true\n';
const absent = (flag: string, value: string, vulnId: string, at: string, fix: string, preferred: boolean) => ({
  messageId: 'notOnCommandLine',
  data: { flag, value, vulnId },
  at,
  fix: { title: fix, preferred },
});

ruleTester('rke2-kubelet-flags', {
  valid: [
    { ...STIG, name: 'all four flags', ...configFile(), code: ALL },
    { ...STIG, name: 'given by a drop-in', ...configFile(), code: 'profile: cis\n', files: { [DROP_IN]: `kubelet-arg+:${ALL.slice('kubelet-arg:'.length)}` } },
    { ...STIG, name: 'a drop-in alone is not told what config.yaml may pass', ...configFile(DROP_IN), code: 'kubelet-arg+: [max-pods=250]\n' },
    {
      ...STIG,
      name: "a flag with a wrong value is on the command line: that is the setting's rule's finding",
      ...configFile(),
      code: ALL.replace('anonymous-auth=false', 'anonymous-auth=true'),
    },
  ],
  invalid: [
    {
      name: 'the CIS profile: the node runs protected, but the check sees no flag',
      profiles: ['stig-rke2', 'stig-kubernetes'],
      filePath: RKE2_CONFIG,
      code: 'profile: cis\nkubelet-arg:\n  - anonymous-auth=false\n  - authorization-mode=Webhook\n  - streaming-connection-idle-timeout=5m\n',
      errors: [absent('protect-kernel-defaults', 'true', 'V-254569', 'kubelet-arg', 'Add protect-kernel-defaults=true to kubelet-arg', true)],
      output: { 4: '  - streaming-connection-idle-timeout=5m\n  - protect-kernel-defaults=true' },
    },
    {
      name: 'nothing passed: four findings; the entries RKE2 already applies are safe, 5m and kernel protection are not',
      ...STIG,
      filePath: RKE2_CONFIG,
      code: 'token: abc\n',
      errors: [
        absent('anonymous-auth', 'false', 'V-254557', 'token', 'Add anonymous-auth=false to kubelet-arg', true),
        absent('authorization-mode', 'Webhook', 'V-254561', 'token', 'Add authorization-mode=Webhook to kubelet-arg', true),
        absent('streaming-connection-idle-timeout', '5m', 'V-254568', 'token', 'Add streaming-connection-idle-timeout=5m to kubelet-arg', false),
        absent('protect-kernel-defaults', 'true', 'V-254569', 'token', 'Add protect-kernel-defaults=true to kubelet-arg', false),
      ],
      output: [
        { 0: 'token: abc\nkubelet-arg:\n  - anonymous-auth=false' },
        { 0: 'token: abc\nkubelet-arg:\n  - authorization-mode=Webhook' },
        { 0: 'token: abc\nkubelet-arg:\n  - streaming-connection-idle-timeout=5m' },
        { 0: 'token: abc\nkubelet-arg:\n  - protect-kernel-defaults=true' },
      ],
    },
    {
      name: 'a drop-in replaces the kubelet-arg list of config.yaml',
      ...STIG,
      filePath: DROP_IN,
      code: 'kubelet-arg: [max-pods=250, anonymous-auth=false, authorization-mode=Webhook, streaming-connection-idle-timeout=5m]\n',
      files: { [RKE2_CONFIG]: `profile: cis\n${ALL}` },
      errors: [absent('protect-kernel-defaults', 'true', 'V-254569', 'kubelet-arg', 'Add protect-kernel-defaults=true to kubelet-arg', true)],
      output: {
        0: 'kubelet-arg: [max-pods=250, anonymous-auth=false, authorization-mode=Webhook, streaming-connection-idle-timeout=5m, protect-kernel-defaults=true]',
      },
    },
  ],
});
