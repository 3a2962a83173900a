import { configFile, RKE2_CONFIG, ruleTester } from '../rule-tester';
import { DROP_IN, STIG } from '../node-config';

const SET = { title: 'Set write-kubeconfig-mode: "0600"', preferred: false };

ruleTester('rke2-write-kubeconfig-mode', {
  valid: [
    { ...STIG, name: '"0600"', ...configFile(), code: 'write-kubeconfig-mode: "0600"\n' },
    { ...STIG, name: 'stricter: read only', ...configFile(), code: "write-kubeconfig-mode: '0400'\n" },
    { ...STIG, name: 'unquoted 0600 reads as what is written', ...configFile(), code: 'write-kubeconfig-mode: 0600\n' },
    { ...STIG, name: 'set by a drop-in', ...configFile(), code: 'token: abc\n', files: { [DROP_IN]: 'write-kubeconfig-mode: "0600"\n' } },
    { ...STIG, name: 'a drop-in alone', ...configFile(DROP_IN), code: 'profile: cis\n' },
  ],
  invalid: [
    {
      name: 'not set: adding the mode RKE2 uses anyway is safe',
      profiles: ['stig-rke2', 'stig-kubernetes'],
      filePath: RKE2_CONFIG,
      code: 'token: abc\n',
      errors: [{ messageId: 'missing', at: 'token', fix: { title: 'Add write-kubeconfig-mode: "0600"', preferred: true } }],
      output: { 0: 'token: abc\nwrite-kubeconfig-mode: "0600"' },
    },
    {
      name: 'readable by everyone',
      ...STIG,
      filePath: RKE2_CONFIG,
      code: 'write-kubeconfig-mode: "0644"\n',
      errors: [{ messageId: 'loose', data: { value: '"0644"' }, at: 'write-kubeconfig-mode: "0644"', fix: SET }],
      output: { 0: 'write-kubeconfig-mode: "0600"' },
    },
    {
      name: 'readable by the group, unquoted',
      ...STIG,
      filePath: RKE2_CONFIG,
      code: 'write-kubeconfig-mode: 0640\n',
      errors: [{ messageId: 'loose', data: { value: '0640' }, at: 'write-kubeconfig-mode: 0640', fix: SET }],
      output: { 0: 'write-kubeconfig-mode: "0600"' },
    },
    {
      name: 'a drop-in loosens it',
      ...STIG,
      filePath: DROP_IN,
      code: "write-kubeconfig-mode: '644'\n",
      files: { [RKE2_CONFIG]: 'write-kubeconfig-mode: "0600"\n' },
      errors: [{ messageId: 'loose', data: { value: '"644"' }, at: "write-kubeconfig-mode: '644'", fix: SET }],
      output: { 0: "write-kubeconfig-mode: '0600'" },
    },
    {
      name: 'not an octal mode',
      ...STIG,
      filePath: RKE2_CONFIG,
      code: 'write-kubeconfig-mode: rw-------\n',
      errors: [{ messageId: 'invalid', data: { value: 'rw-------' }, at: 'write-kubeconfig-mode: rw-------', fix: SET }],
      output: { 0: 'write-kubeconfig-mode: "0600"' },
    },
  ],
});
