import { configFile, RKE2_CONFIG, ruleTester } from '../rule-tester';
import { DROP_IN, settingFindings, staticPod, STIG } from '../node-config';

const C = 'kube-apiserver';
const F = 'audit-policy-file';
const REQUIREMENT =
  'the STIGs require an audit policy (on RKE2: the audit-policy-file option or profile: cis), because without one the API server records no audit events at all';
const FALLBACK = 'neither RKE2 nor its configuration sets it';
const ADD_OPTION = { title: 'Add audit-policy-file: /etc/rancher/rke2/audit-policy.yaml', preferred: true };

const auditPolicyFile = settingFindings('kube-apiserver', 'audit-policy-file', REQUIREMENT);

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
      errors: [auditPolicyFile.rke2Value('', 'audit-policy-file=', 'kube-apiserver-arg', 'audit-policy-file=/etc/rancher/rke2/audit-policy.yaml')],
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
      errors: [auditPolicyFile.podMissing('nothing sets it', '/etc/kubernetes/audit-policy.yaml')],
      output: { 11: '        - --authorization-mode=Node,RBAC\n        - --audit-policy-file=/etc/kubernetes/audit-policy.yaml' },
    },
    {
      name: 'a static pod naming no file',
      ...STIG,
      code: staticPod('kube-apiserver', '--audit-policy-file='),
      errors: [auditPolicyFile.podValue('', '--audit-policy-file=', '/etc/kubernetes/audit-policy.yaml')],
      output: { 11: '        - --audit-policy-file=/etc/kubernetes/audit-policy.yaml' },
    },
  ],
});
