import { ruleTester } from '../rule-tester';

const RULE = 'admission-configuration-choice';

const psc = (enforce: string) => `apiVersion: pod-security.admission.config.k8s.io/v1\nkind: PodSecurityConfiguration\ndefaults:\n  enforce: ${enforce}\n`;
const admission = (path: string) =>
  `apiVersion: apiserver.config.k8s.io/v1\nkind: AdmissionConfiguration\nplugins:\n  - name: PodSecurity\n    path: ${path}\n`;

const several = (count: number) => ({ messageId: 'several', data: { count }, at: 'kind: PodSecurityConfiguration', severity: 'info' as const });

ruleTester(RULE, {
  valid: [
    { name: 'the only admission configuration among the files', noPodSpec: true, filePath: '/repo/cluster/psa.yaml', code: psc('restricted') },
    {
      name: 'several, but the configuration names one',
      noPodSpec: true,
      filePath: '/repo/cluster/psa.yaml',
      files: { '/repo/staging/psa.yaml': psc('baseline') },
      options: { admissionConfiguration: '/repo/cluster/psa.yaml' },
      code: psc('restricted'),
    },
    {
      name: 'a configuration an AdmissionConfiguration points at is not a candidate of its own',
      noPodSpec: true,
      filePath: '/repo/cluster/psa.yaml',
      files: { '/repo/cluster/admission.yaml': admission('psa.yaml') },
      code: psc('restricted'),
    },
    {
      name: "a configuration an RKE2 node names is that node's",
      noPodSpec: true,
      filePath: '/repo/node/etc/rancher/rke2/pss.yaml',
      files: {
        '/repo/node/etc/rancher/rke2/config.yaml': 'pod-security-admission-config-file: /etc/rancher/rke2/pss.yaml\n',
        '/repo/cluster/psa.yaml': psc('baseline'),
      },
      code: psc('restricted'),
    },
  ],
  invalid: [
    {
      name: 'two configurations in two files, none named: each says so',
      profiles: ['baseline', 'restricted', 'stig-rke2'],
      filePath: '/repo/cluster/psa.yaml',
      files: { '/repo/staging/psa.yaml': psc('baseline') },
      code: psc('restricted'),
      errors: [several(2)],
    },
    {
      name: 'two in one file',
      filePath: '/repo/cluster/psa.yaml',
      code: `${psc('restricted')}---\n${psc('baseline')}`,
      errors: [
        { ...several(2), occurrence: 1 },
        { ...several(2), occurrence: 2 },
      ],
    },
  ],
});
