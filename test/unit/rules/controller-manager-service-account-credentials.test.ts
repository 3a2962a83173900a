import { configFile, RKE2_CONFIG, ruleTester } from '../rule-tester';
import { DROP_IN, settingFindings, staticPod, STIG } from '../node-config';

const C = 'kube-controller-manager';
const F = 'use-service-account-credentials';
const REQUIREMENT =
  "the STIGs require --use-service-account-credentials=true, so that each controller acts with its own service account and its own RBAC permissions, not with the controller manager's";

const useServiceAccountCredentials = settingFindings('kube-controller-manager', 'use-service-account-credentials', REQUIREMENT);

ruleTester('controller-manager-service-account-credentials', {
  valid: [
    { ...STIG, name: 'RKE2 passes true itself', ...configFile(), code: 'token: abc\n' },
    {
      ...STIG,
      name: 'a drop-in turns it off and a later one on again',
      ...configFile(DROP_IN),
      code: 'kube-controller-manager-arg+: [use-service-account-credentials=false]\n',
      files: { '/etc/rancher/rke2/config.yaml.d/90-fix.yaml': 'kube-controller-manager-arg+: [use-service-account-credentials=true]\n' },
    },
    { ...STIG, name: 'a static pod with the flag (1 is true to Go)', code: staticPod(C, '--use-service-account-credentials=1') },
  ],
  invalid: [
    {
      name: 'an RKE2 entry turns it off',
      profiles: ['stig-rke2', 'stig-kubernetes'],
      filePath: RKE2_CONFIG,
      code: 'kube-controller-manager-arg:\n  - use-service-account-credentials=false\n',
      errors: [
        useServiceAccountCredentials.rke2Value(
          'false',
          'use-service-account-credentials=false',
          'kube-controller-manager-arg',
          'use-service-account-credentials=true',
        ),
      ],
      output: { 1: '  - use-service-account-credentials=true' },
    },
    {
      name: 'a static pod without the flag (the built-in default is false)',
      ...STIG,
      code: staticPod(C, '--bind-address=127.0.0.1'),
      errors: [
        {
          messageId: 'podFlagMissing',
          data: {
            subject: "Container 'kube-controller-manager'",
            component: C,
            flag: F,
            fallback: 'so its built-in default false applies',
            requirement: REQUIREMENT,
          },
          at: C,
          occurrence: 4,
          fix: {
            title: "Add --use-service-account-credentials=true to the kube-controller-manager flags in container 'kube-controller-manager'",
            preferred: false,
          },
        },
      ],
      output: { 11: '        - --bind-address=127.0.0.1\n        - --use-service-account-credentials=true' },
    },
    {
      name: 'a static pod with false',
      ...STIG,
      code: staticPod(C, '--use-service-account-credentials=false'),
      errors: [useServiceAccountCredentials.podValue('false', '--use-service-account-credentials=false', 'true')],
      output: { 11: '        - --use-service-account-credentials=true' },
    },
  ],
});
