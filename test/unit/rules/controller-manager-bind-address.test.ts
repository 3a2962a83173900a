import { configFile, RKE2_CONFIG, ruleTester, y } from '../rule-tester';
import { settingFindings } from '../node-config';

const RULE = 'controller-manager-bind-address';
/** the rule runs in the STIG profiles */
const STIG = { profile: 'stig-kubernetes' as const };
const REQUIREMENT = 'the STIGs require --bind-address=127.0.0.1, so that its secure port (metrics, health, profiling) is reachable from the node only';

/** A kubeadm kube-controller-manager static pod with these args (block list under args, lines 12 on). */
const manager = (...args: string[]) => y`
  apiVersion: v1
  kind: Pod
  metadata:
    name: kube-controller-manager
    namespace: kube-system
  spec:
    containers:
    - name: kube-controller-manager
      image: registry.k8s.io/kube-controller-manager:v1.31.0
      command:
      - kube-controller-manager
      args:
${args.map((a) => `      - ${a}`).join('\n')}
`;

const bindAddress = settingFindings('kube-controller-manager', 'bind-address', REQUIREMENT);

ruleTester(RULE, {
  valid: [
    { ...STIG, name: 'RKE2 passes --bind-address=127.0.0.1 itself', ...configFile(), code: 'token: abc\n' },
    { ...STIG, name: 'RKE2 entry that repeats it', ...configFile(), code: 'kube-controller-manager-arg: [bind-address=127.0.0.1]\n' },
    { ...STIG, name: 'static pod bound to localhost', code: manager('--bind-address=127.0.0.1', '--leader-elect=true') },
    { ...STIG, name: 'static pod, value as the next item', code: manager('--bind-address', '127.0.0.1') },
  ],
  invalid: [
    {
      name: 'RKE2 binds it to every interface',
      profiles: ['stig-rke2', 'stig-kubernetes'],
      filePath: RKE2_CONFIG,
      code: 'kube-controller-manager-arg:\n  - "bind-address=0.0.0.0"\n',
      errors: [bindAddress.rke2Value('0.0.0.0', '"bind-address=0.0.0.0"', 'kube-controller-manager-arg', 'bind-address=127.0.0.1')],
      output: { 1: '  - "bind-address=127.0.0.1"' },
    },
    {
      name: 'static pod without the flag (built-in default 0.0.0.0)',
      ...STIG,
      code: manager('--leader-elect=true'),
      errors: [
        {
          messageId: 'podFlagMissing',
          data: {
            subject: "Container 'kube-controller-manager'",
            component: 'kube-controller-manager',
            flag: 'bind-address',
            fallback: 'so its built-in default 0.0.0.0 applies',
            requirement: REQUIREMENT,
          },
          range: [10, 6, 10, 29],
          fix: { title: "Add --bind-address=127.0.0.1 to the kube-controller-manager flags in container 'kube-controller-manager'", preferred: false },
        },
      ],
      output: { 12: '    - --leader-elect=true\n    - --bind-address=127.0.0.1' },
    },
    {
      name: 'static pod bound to a node address',
      ...STIG,
      code: manager('--bind-address=10.0.0.10'),
      errors: [bindAddress.podValue('10.0.0.10', '--bind-address=10.0.0.10', '127.0.0.1')],
      output: { 12: '    - --bind-address=127.0.0.1' },
    },
  ],
});
