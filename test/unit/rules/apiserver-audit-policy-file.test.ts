import { configFile, RKE2_CONFIG, ruleTester } from '../rule-tester';
import { DROP_IN, STIG, staticPod } from '../node-config';

const C = 'kube-apiserver';
const F = 'audit-policy-file';
const REQUIREMENT =
  'the STIGs require an audit policy (on RKE2: the audit-policy-file option or profile: cis), because without one the API server records no audit events at all';
const FALLBACK = 'neither RKE2 nor its configuration sets it';
const ADD_OPTION = { title: 'Add audit-policy-file: /etc/rancher/rke2/audit-policy.yaml', preferred: true };

ruleTester('apiserver-audit-policy-file', {
  valid: [
    { ...STIG, name: 'the RKE2 option', ...configFile(), code: 'audit-policy-file: /etc/rancher/rke2/audit-policy.yaml\n' },
    { ...STIG, name: 'profile: cis uses /etc/rancher/rke2/audit-policy.yaml', ...configFile(), code: 'profile: cis\n' },
    { ...STIG, name: 'a kube-apiserver-arg entry', ...configFile(), code: 'kube-apiserver-arg: [audit-policy-file=/etc/rke2/audit.yaml]\n' },
    {
      ...STIG,
      name: 'a drop-in sets the option for the node',
      ...configFile(),
      code: 'token: abc\n',
      files: { [DROP_IN]: 'audit-policy-file: /etc/rancher/rke2/audit.yaml\n' },
    },
    { ...STIG, name: 'a static pod with a policy', code: staticPod('kube-apiserver', '--audit-policy-file=/etc/kubernetes/audit-policy.yaml') },
  ],
  invalid: [
    {
      name: 'RKE2 without a policy: the fix sets the RKE2 option',
      profiles: ['stig-rke2', 'stig-kubernetes'],
      filePath: RKE2_CONFIG,
      code: '# server 1\nwrite-kubeconfig-mode: "0600"\n',
      errors: [
        {
          messageId: 'rke2FlagMissing',
          data: { component: C, flag: F, fallback: FALLBACK, requirement: REQUIREMENT },
          at: 'write-kubeconfig-mode',
          fix: ADD_OPTION,
        },
      ],
      output: { 1: 'write-kubeconfig-mode: "0600"\naudit-policy-file: /etc/rancher/rke2/audit-policy.yaml' },
    },
    {
      name: 'an empty entry names no file',
      ...STIG,
      filePath: RKE2_CONFIG,
      code: 'kube-apiserver-arg:\n  - audit-policy-file=\n',
      errors: [
        {
          messageId: 'rke2FlagValue',
          data: { component: C, flag: F, value: '', requirement: REQUIREMENT },
          at: 'audit-policy-file=',
          fix: { title: 'Change the kube-apiserver-arg entry to audit-policy-file=/etc/rancher/rke2/audit-policy.yaml', preferred: false },
        },
      ],
      output: { 1: '  - audit-policy-file=/etc/rancher/rke2/audit-policy.yaml' },
    },
    {
      name: 'a drop-in replaces the list that gave it',
      ...STIG,
      filePath: DROP_IN,
      code: 'kube-apiserver-arg: [audit-log-maxage=30]\n',
      files: { [RKE2_CONFIG]: 'kube-apiserver-arg: [audit-policy-file=/etc/rke2/audit.yaml]\n' },
      errors: [
        {
          messageId: 'rke2FlagDropped',
          data: { key: 'kube-apiserver-arg', earlier: 'config.yaml', component: C, flag: F, fallback: FALLBACK, requirement: REQUIREMENT },
          at: 'kube-apiserver-arg',
          fix: ADD_OPTION,
        },
      ],
      output: { 0: 'kube-apiserver-arg: [audit-log-maxage=30]\naudit-policy-file: /etc/rancher/rke2/audit-policy.yaml' },
    },
    {
      name: 'a static pod without a policy',
      ...STIG,
      code: staticPod('kube-apiserver', '--authorization-mode=Node,RBAC'),
      errors: [
        {
          messageId: 'podFlagMissing',
          data: { subject: "Container 'kube-apiserver'", component: C, flag: F, fallback: 'nothing sets it', requirement: REQUIREMENT },
          at: 'kube-apiserver',
          occurrence: 4,
          fix: {
            title: "Add --audit-policy-file=/etc/kubernetes/audit-policy.yaml to the kube-apiserver flags in container 'kube-apiserver'",
            preferred: false,
          },
        },
      ],
      output: { 11: '        - --authorization-mode=Node,RBAC\n        - --audit-policy-file=/etc/kubernetes/audit-policy.yaml' },
    },
    {
      name: 'a static pod naming no file',
      ...STIG,
      code: staticPod('kube-apiserver', '--audit-policy-file='),
      errors: [
        {
          messageId: 'podFlagValue',
          data: { subject: "Container 'kube-apiserver'", component: C, flag: F, value: '', requirement: REQUIREMENT },
          at: '--audit-policy-file=',
          fix: { title: "Change the flag to --audit-policy-file=/etc/kubernetes/audit-policy.yaml in container 'kube-apiserver'", preferred: false },
        },
      ],
      output: { 11: '        - --audit-policy-file=/etc/kubernetes/audit-policy.yaml' },
    },
  ],
});
