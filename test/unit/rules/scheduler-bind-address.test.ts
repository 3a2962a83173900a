import { appendFlag, flagFindings, staticPod } from '../../support/static-pods';
import { configFile, RKE2_CONFIG, ruleTester } from '../rule-tester';

const RULE = 'scheduler-bind-address';
/** the rule runs in the STIG profiles */
const STIG = { profile: 'stig-kubernetes' as const };
const DROP_IN = '/etc/rancher/rke2/config.yaml.d/50-metrics.yaml';

const BIND = flagFindings(
  'kube-scheduler',
  'bind-address',
  'the Kubernetes STIG requires --bind-address=127.0.0.1, so that its secure port (metrics, health, profiling) is reachable from the node only',
);

ruleTester(RULE, {
  valid: [
    { ...STIG, name: 'kubeadm binds it to localhost', code: staticPod('kube-scheduler', '--bind-address=127.0.0.1', '--leader-elect=true') },
    { ...STIG, name: 'RKE2 passes --bind-address=127.0.0.1 itself', ...configFile(), code: 'write-kubeconfig-mode: "0600"\n' },
    {
      ...STIG,
      name: 'config.yaml binds it elsewhere, a drop-in replaces the whole list',
      ...configFile(),
      code: 'kube-scheduler-arg: [bind-address=0.0.0.0]\n',
      files: { [DROP_IN]: 'kube-scheduler-arg: [v=2]\n' },
    },
  ],
  invalid: [
    {
      name: 'a static pod without the flag listens everywhere',
      profiles: ['stig-rke2', 'stig-kubernetes'],
      code: staticPod('kube-scheduler', '--leader-elect=true'),
      errors: [BIND.missing('so its built-in default 0.0.0.0 applies', '127.0.0.1')],
      output: appendFlag('kube-scheduler', ['--leader-elect=true'], '--bind-address=127.0.0.1'),
    },
    {
      name: 'a static pod bound to every interface',
      ...STIG,
      code: staticPod('kube-scheduler', '--bind-address=0.0.0.0'),
      errors: [BIND.value('0.0.0.0', '--bind-address=0.0.0.0', '127.0.0.1')],
      output: { 12: '        - --bind-address=127.0.0.1' },
    },
    {
      name: 'a drop-in appends another address: reported there',
      ...STIG,
      filePath: DROP_IN,
      code: 'kube-scheduler-arg+: [bind-address=10.0.0.10]\n',
      files: { [RKE2_CONFIG]: 'kube-scheduler-arg: [v=2]\n' },
      errors: [BIND.rke2('10.0.0.10', 'bind-address=10.0.0.10', 'kube-scheduler-arg+', 'bind-address=127.0.0.1')],
      output: { 0: 'kube-scheduler-arg+: [bind-address=127.0.0.1]' },
    },
  ],
});
