import { appendFlag, flagFindings, staticPod } from '../../support/static-pods';
import { configFile, RKE2_CONFIG, ruleTester } from '../rule-tester';

const RULE = 'controller-manager-profiling';
/** the rule runs in the STIG profiles */
const STIG = { profile: 'stig-kubernetes' as const };

const PROFILING = flagFindings(
  'kube-controller-manager',
  'profiling',
  'the Kubernetes STIG requires --profiling=false, so that the controller manager does not serve its profiling and debug data',
);

ruleTester(RULE, {
  valid: [
    { ...STIG, name: 'profiling off', code: staticPod('kube-controller-manager', '--profiling=false') },
    { ...STIG, name: 'a Go boolean', code: staticPod('kube-controller-manager', '--profiling=F') },
    { ...STIG, name: 'RKE2 passes --profiling=false itself', ...configFile(), code: 'kube-controller-manager-arg: [terminated-pod-gc-threshold=500]\n' },
    { name: 'off outside the STIG profiles', code: staticPod('kube-controller-manager', '--profiling=true') },
  ],
  invalid: [
    {
      name: "kubeadm's manifest leaves profiling on",
      profiles: ['stig-rke2', 'stig-kubernetes'],
      code: staticPod('kube-controller-manager', '--use-service-account-credentials=true'),
      errors: [PROFILING.missing('so its built-in default true applies', 'false')],
      output: appendFlag('kube-controller-manager', ['--use-service-account-credentials=true'], '--profiling=false'),
    },
    {
      name: 'a bare flag turns it on',
      ...STIG,
      code: staticPod('kube-controller-manager', '--profiling'),
      errors: [PROFILING.value('true', '--profiling', 'false')],
      output: { 12: '        - --profiling=false' },
    },
    {
      name: 'an RKE2 entry turns it on',
      ...STIG,
      filePath: RKE2_CONFIG,
      code: 'kube-controller-manager-arg:\n  - profiling=true # for a performance investigation\n',
      errors: [PROFILING.rke2('true', 'profiling=true', 'kube-controller-manager-arg', 'profiling=false')],
      output: { 1: '  - profiling=false # for a performance investigation' },
    },
  ],
});
