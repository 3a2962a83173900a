import { appendFlag, flagFindings, staticPod } from '../../support/static-pods';
import { configFile, RKE2_CONFIG, ruleTester, y } from '../rule-tester';

const RULE = 'apiserver-encryption-provider-config';
/** the rule runs in the STIG profiles */
const STIG = { profile: 'stig-kubernetes' as const };
const WHY = 'the Kubernetes STIG requires Secrets encrypted at rest, with a real provider ahead of identity';

const FLAG = flagFindings(
  'kube-apiserver',
  'encryption-provider-config',
  'the Kubernetes STIG requires --encryption-provider-config, so that the API server encrypts Secrets before it stores them in etcd',
);
const notCovered = {
  message: `This EncryptionConfiguration has no entry for secrets (secrets, *. or *.*), so the API server stores Secrets in etcd as they are; ${WHY}.`,
  range: [2, 0, 2, 9] as [number, number, number, number],
};
const identityFirst = {
  messageId: 'identityFirst',
  at: 'identity',
};

/** An EncryptionConfiguration with this `resources` list. */
const encryption = (resources: string) => `apiVersion: apiserver.config.k8s.io/v1\nkind: EncryptionConfiguration\nresources:\n${resources}`;

ruleTester(RULE, {
  valid: [
    { ...STIG, name: 'the flag names a file', code: staticPod('kube-apiserver', '--encryption-provider-config=/etc/kubernetes/enc/enc.yaml') },
    { ...STIG, name: 'RKE2 encrypts secrets itself', ...configFile(), code: 'secrets-encryption: false # forced on for servers\n' },
    {
      ...STIG,
      name: 'aescbc first, identity last to read old data',
      noPodSpec: true,
      code: encryption(y`
        - resources: [secrets, configmaps]
          providers:
            - aescbc:
                keys:
                  - {name: key1, secret: c2VjcmV0IGlzIHNlY3VyZQ==}
            - identity: {}
      `),
    },
    {
      ...STIG,
      name: 'every resource through a wildcard, with a KMS provider',
      noPodSpec: true,
      code: encryption('  - resources: ["*.*"]\n    providers:\n      - kms: {apiVersion: v2, name: vault, endpoint: unix:///run/kms.sock}\n'),
    },
    {
      ...STIG,
      name: 'the first entry that matches decides; a later identity entry is never used for secrets',
      noPodSpec: true,
      code: encryption(
        '  - resources: [secrets]\n    providers: [{secretbox: {keys: [{name: k, secret: a2V5}]}}]\n  - resources: ["*."]\n    providers: [{identity: {}}]\n',
      ),
    },
    {
      ...STIG,
      name: 'another kind of the same group',
      noPodSpec: true,
      code: 'apiVersion: apiserver.config.k8s.io/v1\nkind: AdmissionConfiguration\nplugins: []\n',
    },
  ],
  invalid: [
    {
      name: 'no encryption at rest',
      profiles: ['stig-rke2', 'stig-kubernetes'],
      code: staticPod('kube-apiserver', '--secure-port=6443'),
      errors: [FLAG.missing('nothing sets it', '/etc/kubernetes/enc/enc.yaml')],
      output: appendFlag('kube-apiserver', ['--secure-port=6443'], '--encryption-provider-config=/etc/kubernetes/enc/enc.yaml'),
    },
    {
      name: 'an empty path',
      ...STIG,
      code: staticPod('kube-apiserver', '--encryption-provider-config='),
      errors: [FLAG.value('', '--encryption-provider-config=', '/etc/kubernetes/enc/enc.yaml')],
      output: { 12: '        - --encryption-provider-config=/etc/kubernetes/enc/enc.yaml' },
    },
    {
      name: 'an RKE2 entry empties it: the fix writes the file RKE2 generates',
      ...STIG,
      filePath: RKE2_CONFIG,
      code: 'kube-apiserver-arg: [encryption-provider-config=]\n',
      errors: [
        FLAG.rke2(
          '',
          'encryption-provider-config=',
          'kube-apiserver-arg',
          'encryption-provider-config=/var/lib/rancher/rke2/server/cred/encryption-config.json',
        ),
      ],
      output: 'kube-apiserver-arg: [encryption-provider-config=/var/lib/rancher/rke2/server/cred/encryption-config.json]\n',
    },
    {
      name: 'identity first: new Secrets are written in clear',
      ...STIG,
      code: encryption(y`
        - resources:
            - secrets
          providers:
            - identity: {}
            - aesgcm:
                keys:
                  - {name: key1, secret: c2VjcmV0IGlzIHNlY3VyZQ==}
      `),
      errors: [identityFirst],
    },
    {
      name: 'the entries cover other resources only',
      ...STIG,
      code: encryption('  - resources: [configmaps]\n    providers: [{aescbc: {keys: [{name: k, secret: a2V5}]}}]\n'),
      errors: [notCovered],
    },
    {
      name: 'no resources at all',
      ...STIG,
      code: 'apiVersion: apiserver.config.k8s.io/v1\nkind: EncryptionConfiguration\n',
      errors: [{ messageId: 'secretsNotCovered', at: 'kind: EncryptionConfiguration' }],
    },
  ],
});
