import { configFile, crlf, RKE2_CONFIG, ruleTester } from '../rule-tester';
import { DROP_IN, STIG } from '../node-config';

const ADD = { title: 'Add profile: cis', preferred: false };

ruleTester('rke2-cis-profile', {
  valid: [
    { ...STIG, name: 'profile: cis', ...configFile(), code: 'profile: cis\n' },
    { ...STIG, name: 'the versioned names of older releases', ...configFile(), code: 'profile: "cis-1.23"\n' },
    { ...STIG, name: 'set by a drop-in for the node', ...configFile(), code: 'token: abc\n', files: { [DROP_IN]: 'profile: cis\n' } },
    { ...STIG, name: 'a drop-in alone is not told what config.yaml may set', ...configFile(DROP_IN), code: 'kubelet-arg+: [max-pods=250]\n' },
    { ...STIG, name: 'a template value is not judged', ...configFile(), code: 'profile: {{ .Values.profile }}\n' },
  ],
  invalid: [
    {
      name: 'no profile',
      profiles: ['stig-rke2', 'stig-kubernetes'],
      filePath: RKE2_CONFIG,
      code: crlf('# server 1\ntoken: abc\n'),
      errors: [{ messageId: 'missing', at: 'token', fix: ADD }],
      output: crlf('# server 1\ntoken: abc\nprofile: cis\n'),
    },
    {
      name: 'the etcd profile is not a CIS profile',
      ...STIG,
      filePath: RKE2_CONFIG,
      code: 'profile: etcd\n',
      errors: [{ messageId: 'other', data: { value: 'etcd' }, at: 'profile: etcd', fix: { title: 'Set profile: cis', preferred: false } }],
      output: { 0: 'profile: cis' },
    },
    {
      name: "a drop-in's profile decides, and is reported there",
      ...STIG,
      filePath: DROP_IN,
      code: "profile: 'cis-custom'\n",
      files: { [RKE2_CONFIG]: 'profile: cis\n' },
      errors: [{ messageId: 'other', data: { value: '"cis-custom"' }, at: "profile: 'cis-custom'", fix: { title: 'Set profile: cis', preferred: false } }],
      output: { 0: "profile: 'cis'" },
    },
  ],
});
