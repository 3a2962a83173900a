import { staticPod } from '../../support/static-pods';
import { configFile, RKE2_CONFIG, ruleTester } from '../rule-tester';

const RULE = 'apiserver-validating-admission-webhook';
/** the rule runs in the STIG profiles */
const STIG = { profile: 'stig-kubernetes' as const };
const DROP_IN = '/etc/rancher/rke2/config.yaml.d/40-admission.yaml';

const pod = (value: string, at: string) => ({
  messageId: 'podDisabled',
  data: { subject: "Container 'kube-apiserver'", value },
  at,
  fix: { title: "Remove ValidatingAdmissionWebhook from --disable-admission-plugins in container 'kube-apiserver'", preferred: false },
});
const rke2 = (value: string, at: string, key: string) => ({
  messageId: 'rke2Disabled',
  data: { value },
  at,
  fix: { title: `Remove ValidatingAdmissionWebhook from the ${key} entry`, preferred: false },
});

ruleTester(RULE, {
  valid: [
    { ...STIG, name: 'enabled by default (1.25 and later)', code: staticPod('kube-apiserver', '--enable-admission-plugins=NodeRestriction') },
    { ...STIG, name: 'other plugins disabled', code: staticPod('kube-apiserver', '--disable-admission-plugins=DefaultStorageClass') },
    { ...STIG, name: 'RKE2 leaves it on', ...configFile(), code: 'kube-apiserver-arg: [enable-admission-plugins=NodeRestriction,EventRateLimit]\n' },
    {
      ...STIG,
      name: 'config.yaml disables it, a drop-in replaces the whole list',
      ...configFile(),
      code: 'kube-apiserver-arg: [disable-admission-plugins=ValidatingAdmissionWebhook]\n',
      files: { [DROP_IN]: 'kube-apiserver-arg: [request-timeout=60s]\n' },
    },
  ],
  invalid: [
    {
      name: 'disabled among others: the fix keeps the others',
      profiles: ['stig-rke2', 'stig-kubernetes'],
      code: staticPod('kube-apiserver', '--disable-admission-plugins=DefaultStorageClass,ValidatingAdmissionWebhook'),
      errors: [pod('DefaultStorageClass,ValidatingAdmissionWebhook', '--disable-admission-plugins=DefaultStorageClass,ValidatingAdmissionWebhook')],
      output: { 12: '        - --disable-admission-plugins=DefaultStorageClass' },
    },
    {
      name: 'disabled alone, the value as the next item: the fix removes the flag',
      ...STIG,
      code: staticPod('kube-apiserver', '--secure-port=6443', '--disable-admission-plugins', 'ValidatingAdmissionWebhook'),
      errors: [pod('ValidatingAdmissionWebhook', 'ValidatingAdmissionWebhook')],
      output: { 13: null, 14: null },
    },
    {
      name: 'an RKE2 entry disables it',
      ...STIG,
      filePath: RKE2_CONFIG,
      code: 'kube-apiserver-arg:\n  - "disable-admission-plugins=ValidatingAdmissionWebhook,MutatingAdmissionWebhook"\n',
      errors: [
        rke2(
          'ValidatingAdmissionWebhook,MutatingAdmissionWebhook',
          '"disable-admission-plugins=ValidatingAdmissionWebhook,MutatingAdmissionWebhook"',
          'kube-apiserver-arg',
        ),
      ],
      output: { 1: '  - "disable-admission-plugins=MutatingAdmissionWebhook"' },
    },
    {
      name: 'a drop-in appends it alone: the fix removes the entry',
      ...STIG,
      filePath: DROP_IN,
      code: 'kube-apiserver-arg+:\n  - --disable-admission-plugins=ValidatingAdmissionWebhook\n  - v=2\n',
      errors: [rke2('ValidatingAdmissionWebhook', '--disable-admission-plugins=ValidatingAdmissionWebhook', 'kube-apiserver-arg+')],
      output: { 1: null },
    },
  ],
});
