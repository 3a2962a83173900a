import { configFile, crlf, RKE2_CONFIG, ruleTester, y } from '../rule-tester';
import { settingFindings } from '../node-config';

const RULE = 'apiserver-anonymous-auth';
/** the rule runs in the STIG profiles */
const STIG = { profile: 'stig-rke2' as const };
const DROP_IN = '/etc/rancher/rke2/config.yaml.d/50-apiserver.yaml';
const REQUIREMENT =
  'the STIGs require --anonymous-auth=false, so that the API server refuses requests without credentials instead of serving them as system:anonymous';
const value = (v: string) => ({
  messageId: 'rke2FlagValue',
  data: { component: 'kube-apiserver', flag: 'anonymous-auth', value: v, requirement: REQUIREMENT },
});

/** A kubeadm kube-apiserver static pod whose command ends with the given lines (4-space items). */
const apiserver = (...flags: string[]) => y`
  apiVersion: v1
  kind: Pod
  metadata:
    name: kube-apiserver
    namespace: kube-system
  spec:
    hostNetwork: true
    containers:
      - name: kube-apiserver
        image: registry.k8s.io/kube-apiserver:v1.31.0
        command:
          - kube-apiserver
          - --advertise-address=10.0.0.10
${flags.map((f) => `          - ${f}`).join('\n')}
`;

const anonymousAuth = settingFindings('kube-apiserver', 'anonymous-auth', REQUIREMENT);

ruleTester(RULE, {
  valid: [
    { ...STIG, name: 'RKE2 passes --anonymous-auth=false itself', ...configFile(), code: 'token: abc\n' },
    { ...STIG, name: 'an entry that repeats the default', ...configFile(), code: 'kube-apiserver-arg:\n  - anonymous-auth=false\n' },
    { ...STIG, name: 'a later entry wins', ...configFile(), code: 'kube-apiserver-arg: ["anonymous-auth=true", "--anonymous-auth=false"]\n' },
    { ...STIG, name: 'a drop-in that says nothing about it', ...configFile(DROP_IN), code: 'kube-apiserver-arg+:\n  - audit-log-maxage=30\n' },
    { ...STIG, name: 'a static pod without the flag (the Kubernetes STIG passes it)', code: apiserver('--authorization-mode=Node,RBAC') },
    { ...STIG, name: 'a static pod with the flag off', code: apiserver('--anonymous-auth=false') },
    { ...STIG, name: 'a template value is not judged', ...configFile(), code: 'kube-apiserver-arg:\n  - "{{ .Values.anon }}"\n' },
    {
      ...STIG,
      name: 'config.yaml turns it on, but a drop-in replaces the whole list: RKE2 passes false again',
      ...configFile(),
      code: 'kube-apiserver-arg:\n  - anonymous-auth=true\n',
      files: { [DROP_IN]: 'kube-apiserver-arg:\n  - audit-log-maxage=30\n' },
    },
    {
      ...STIG,
      name: 'config.yaml turns it on and a later drop-in turns it off again',
      ...configFile(),
      code: 'kube-apiserver-arg: [anonymous-auth=true]\n',
      files: { [DROP_IN]: 'kube-apiserver-arg+: [anonymous-auth=false]\n' },
    },
    {
      ...STIG,
      name: 'the drop-in that turns it on is reported in the drop-in, not in config.yaml',
      ...configFile(),
      code: 'kube-apiserver-arg: [audit-log-maxage=30]\n',
      files: { [DROP_IN]: 'kube-apiserver-arg+: [anonymous-auth=true]\n' },
    },
  ],
  invalid: [
    {
      name: 'an RKE2 entry turns it on',
      profiles: ['stig-rke2', 'stig-kubernetes'],
      filePath: RKE2_CONFIG,
      code: 'kube-apiserver-arg:\n  - "anonymous-auth=true"  # for the load balancer\n',
      errors: [
        {
          ...value('true'),
          at: '"anonymous-auth=true"',
          severity: 'error',
          fix: { title: 'Change the kube-apiserver-arg entry to anonymous-auth=false', preferred: false },
        },
      ],
      output: { 1: '  - "anonymous-auth=false"  # for the load balancer' },
    },
    {
      name: 'a bare flag means true; dashes are kept',
      ...STIG,
      filePath: RKE2_CONFIG,
      code: 'kube-apiserver-arg: [--anonymous-auth]\n',
      errors: [{ ...value('true'), at: '--anonymous-auth', fix: { title: 'Change the kube-apiserver-arg entry to --anonymous-auth=false', preferred: false } }],
      output: { 0: 'kube-apiserver-arg: [--anonymous-auth=false]' },
    },
    {
      name: 'a single string',
      ...STIG,
      filePath: RKE2_CONFIG,
      code: crlf('cni: canal\nkube-apiserver-arg: anonymous-auth=1\n'),
      errors: [{ ...value('1'), at: 'anonymous-auth=1', fix: { title: 'Change the kube-apiserver-arg entry to anonymous-auth=false', preferred: false } }],
      output: crlf('cni: canal\nkube-apiserver-arg: anonymous-auth=false\n'),
    },
    {
      name: 'in the drop-in that decides it, with config.yaml among the files',
      ...STIG,
      filePath: DROP_IN,
      code: 'kube-apiserver-arg+: [anonymous-auth=true]\n',
      files: { [RKE2_CONFIG]: 'kube-apiserver-arg: [audit-log-maxage=30, anonymous-auth=false]\n' },
      errors: [
        { ...value('true'), at: 'anonymous-auth=true', fix: { title: 'Change the kube-apiserver-arg+ entry to anonymous-auth=false', preferred: false } },
      ],
      output: { 0: 'kube-apiserver-arg+: [anonymous-auth=false]' },
    },
    {
      name: 'a drop-in appends it',
      ...STIG,
      filePath: DROP_IN,
      code: 'kube-apiserver-arg+:\n- anonymous-auth=true\n',
      errors: [
        { ...value('true'), at: 'anonymous-auth=true', fix: { title: 'Change the kube-apiserver-arg+ entry to anonymous-auth=false', preferred: false } },
      ],
      output: { 1: '- anonymous-auth=false' },
    },
    {
      name: 'a static pod turns it on',
      ...STIG,
      code: apiserver('--anonymous-auth=true'),
      errors: [{ ...anonymousAuth.podValue('true', '--anonymous-auth=true', 'false'), container: 'kube-apiserver' }],
      output: { 13: '        - --anonymous-auth=false' },
    },
    {
      name: 'a bare boolean flag is true (a value after it is not read as its value)',
      ...STIG,
      code: apiserver('--anonymous-auth', 'false'),
      errors: [anonymousAuth.podValue('true', '--anonymous-auth', 'false')],
      output: { 13: '        - --anonymous-auth=false' },
    },
    {
      name: 'the last of repeated flags wins',
      ...STIG,
      code: apiserver('--anonymous-auth=false', '--anonymous-auth=true'),
      errors: [anonymousAuth.podValue('true', '--anonymous-auth=true', 'false')],
      output: { 14: '        - --anonymous-auth=false' },
    },
  ],
});
