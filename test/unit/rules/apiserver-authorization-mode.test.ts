import { configFile, RKE2_CONFIG, ruleTester } from '../rule-tester';
import { DROP_IN, STIG, staticPod } from '../node-config';

const C = 'kube-apiserver';
const F = 'authorization-mode';
const REQUIREMENT =
  "the STIGs require the Node and RBAC authorizers (Node,RBAC) and never AlwaysAllow, so that every request is checked against the RBAC policy and kubelets reach only their own node's objects";
const rke2 = (v: string, at: string, entry: string, key = 'kube-apiserver-arg') => ({
  messageId: 'rke2FlagValue',
  data: { component: C, flag: F, value: v, requirement: REQUIREMENT },
  at,
  fix: { title: `Change the ${key} entry to ${entry}`, preferred: false },
});
const pod = (v: string, at: string) => ({
  messageId: 'podFlagValue',
  data: { subject: "Container 'kube-apiserver'", component: C, flag: F, value: v, requirement: REQUIREMENT },
  at,
  fix: { title: "Change the flag to --authorization-mode=Node,RBAC in container 'kube-apiserver'", preferred: false },
});

ruleTester('apiserver-authorization-mode', {
  valid: [
    { ...STIG, name: 'RKE2 passes Node,RBAC itself', ...configFile(), code: 'token: abc\n' },
    { ...STIG, name: 'the order the STIG writes, RBAC,Node', ...configFile(), code: 'kube-apiserver-arg:\n  - authorization-mode=RBAC,Node\n' },
    {
      ...STIG,
      name: 'in a flow list a comma ends the entry: RBAC alone, then an entry Node (which RKE2 passes as --Node=true)',
      ...configFile(),
      code: 'kube-apiserver-arg: ["authorization-mode=RBAC,Node"]\n',
    },
    { ...STIG, name: "authorization-mode+= adds a mode to RKE2's", ...configFile(), code: 'kube-apiserver-arg: [authorization-mode+=Webhook]\n' },
    { ...STIG, name: 'a static pod with Node,RBAC', code: staticPod('kube-apiserver', '--authorization-mode=Node,RBAC') },
    {
      ...STIG,
      name: 'a static pod giving the modes in two flags (a list: they add up)',
      code: staticPod('kube-apiserver', '--authorization-mode=Node', '--authorization-mode=RBAC'),
    },
  ],
  invalid: [
    {
      name: 'an RKE2 entry replaces the modes with RBAC alone',
      profiles: ['stig-rke2', 'stig-kubernetes'],
      filePath: RKE2_CONFIG,
      code: 'kube-apiserver-arg:\n  - authorization-mode=RBAC\n',
      errors: [rke2('RBAC', 'authorization-mode=RBAC', 'authorization-mode=Node,RBAC')],
      output: { 1: '  - authorization-mode=Node,RBAC' },
    },
    {
      name: 'an unquoted flow list splits the modes into two entries',
      ...STIG,
      filePath: RKE2_CONFIG,
      code: 'kube-apiserver-arg: [authorization-mode=RBAC,Node]\n',
      errors: [rke2('RBAC', 'authorization-mode=RBAC', 'authorization-mode=Node,RBAC')],
      output: { 0: 'kube-apiserver-arg: ["authorization-mode=Node,RBAC",Node]' },
    },
    {
      name: 'a drop-in adds AlwaysAllow to the modes',
      ...STIG,
      filePath: DROP_IN,
      code: "kube-apiserver-arg+: ['--authorization-mode+=AlwaysAllow']\n",
      files: { [RKE2_CONFIG]: 'token: abc\n' },
      errors: [rke2('Node,RBAC,AlwaysAllow', "'--authorization-mode+=AlwaysAllow'", '--authorization-mode=Node,RBAC', 'kube-apiserver-arg+')],
      output: { 0: "kube-apiserver-arg+: ['--authorization-mode=Node,RBAC']" },
    },
    {
      name: 'a static pod without the flag (AlwaysAllow)',
      ...STIG,
      code: staticPod('kube-apiserver', '--secure-port=6443'),
      errors: [
        {
          messageId: 'podFlagMissing',
          data: {
            subject: "Container 'kube-apiserver'",
            component: C,
            flag: F,
            fallback: 'so its built-in default AlwaysAllow applies',
            requirement: REQUIREMENT,
          },
          at: 'kube-apiserver',
          occurrence: 4,
          fix: { title: "Add --authorization-mode=Node,RBAC to the kube-apiserver flags in container 'kube-apiserver'", preferred: false },
        },
      ],
      output: { 11: '        - --secure-port=6443\n        - --authorization-mode=Node,RBAC' },
    },
    {
      name: 'a static pod with AlwaysAllow',
      ...STIG,
      code: staticPod('kube-apiserver', '--authorization-mode=AlwaysAllow'),
      errors: [pod('AlwaysAllow', '--authorization-mode=AlwaysAllow')],
      output: { 11: '        - --authorization-mode=Node,RBAC' },
    },
    {
      name: 'a static pod without Node',
      ...STIG,
      code: staticPod('kube-apiserver', '--authorization-mode=RBAC,Webhook'),
      errors: [pod('RBAC,Webhook', '--authorization-mode=RBAC,Webhook')],
      output: { 11: '        - --authorization-mode=Node,RBAC' },
    },
  ],
});
