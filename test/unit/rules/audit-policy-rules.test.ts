import { RKE2_CONFIG, ruleTester, y } from '../rule-tester';
import { STIG } from '../node-config';

const RKE2_POLICY_PATH = '/etc/rancher/rke2/audit-policy.yaml';
const OTHER_PATH = '/repo/policies/audit.yaml';
const RKE2_STIG = 'the RKE2 STIG (V-254555)';
const K8S_STIG = 'the Kubernetes STIG (V-242403)';
const RKE2_FIX = { title: `Write the rules of ${RKE2_STIG}`, preferred: false };
const K8S_FIX = { title: `Write the rules of ${K8S_STIG}`, preferred: false };

const RKE2_POLICY = y`
  apiVersion: audit.k8s.io/v1
  kind: Policy
  rules:
    - level: Metadata
      resources:
        - group: ""
          resources: ["secrets"]
    - level: RequestResponse
      resources:
        - group: ""
          resources: ["*"]
`;
const K8S_POLICY = 'apiVersion: audit.k8s.io/v1\nkind: Policy\nrules:\n  - level: RequestResponse\n';
/** The policy RKE2 writes when the file it reads is missing. */
const NONE_POLICY = 'apiVersion: audit.k8s.io/v1\nkind: Policy\nrules:\n  - level: None\n';
const RKE2_RULES =
  '  - level: Metadata\n    resources:\n      - group: ""\n        resources:\n          - secrets\n  - level: RequestResponse\n    resources:\n      - group: ""\n        resources:\n          - "*"';

ruleTester('audit-policy-rules', {
  valid: [
    { ...STIG, name: "the RKE2 STIG's policy in stig-rke2", filePath: OTHER_PATH, noPodSpec: true, code: RKE2_POLICY },
    { name: "the Kubernetes STIG's policy in stig-kubernetes", profile: 'stig-kubernetes', filePath: OTHER_PATH, noPodSpec: true, code: K8S_POLICY },
    {
      name: 'a policy an RKE2 config names is judged by the RKE2 STIG, whatever the profile',
      profile: 'stig-kubernetes',
      filePath: RKE2_POLICY_PATH,
      files: { [RKE2_CONFIG]: 'profile: cis\n' },
      noPodSpec: true,
      code: RKE2_POLICY,
    },
    {
      ...STIG,
      name: 'leaving out RequestReceived is allowed',
      filePath: OTHER_PATH,
      noPodSpec: true,
      code: RKE2_POLICY.replace('kind: Policy\n', 'kind: Policy\nomitStages: [RequestReceived]\n'),
    },
    { ...STIG, name: 'other kinds named Policy are not audit policies', noPodSpec: true, code: 'apiVersion: example.com/v1\nkind: Policy\nrules: []\n' },
  ],
  invalid: [
    {
      name: 'the policy RKE2 writes when the file is missing records nothing',
      profiles: ['stig-rke2', 'stig-kubernetes'],
      filePath: RKE2_POLICY_PATH,
      files: { [RKE2_CONFIG]: 'profile: cis\n' },
      code: NONE_POLICY,
      errors: [
        {
          messageId: 'ruleMissing',
          data: { count: '1 rule', expectedCount: '2 rules', stig: RKE2_STIG, n: 2, expected: 'RequestResponse for every resource of the core group' },
          at: 'rules',
          fix: RKE2_FIX,
        },
        {
          messageId: 'ruleDiffers',
          data: { n: 1, actual: 'None for every request', stig: RKE2_STIG, expected: 'Metadata for secrets in the core group' },
          at: 'level: None',
          fix: RKE2_FIX,
        },
      ],
      output: [
        { 2: `rules:\n${RKE2_RULES}`, 3: null },
        { 2: `rules:\n${RKE2_RULES}`, 3: null },
      ],
    },
    {
      name: "in stig-kubernetes, a policy no RKE2 node names is judged by the Kubernetes STIG's",
      profile: 'stig-kubernetes',
      filePath: OTHER_PATH,
      code: RKE2_POLICY,
      errors: [
        {
          messageId: 'ruleDiffers',
          data: { n: 1, actual: 'Metadata for secrets in the core group', stig: K8S_STIG, expected: 'RequestResponse for every request' },
          at: 'level: Metadata',
          fix: K8S_FIX,
        },
        {
          messageId: 'ruleExtra',
          data: { n: 2, actual: 'RequestResponse for every resource of the core group', stig: K8S_STIG, expectedCount: '1 rule' },
          at: 'level: RequestResponse',
          fix: K8S_FIX,
        },
      ],
      output: [
        { 2: 'rules:\n  - level: RequestResponse', 3: null, 4: null, 5: null, 6: null, 7: null, 8: null, 9: null, 10: null },
        { 2: 'rules:\n  - level: RequestResponse', 3: null, 4: null, 5: null, 6: null, 7: null, 8: null, 9: null, 10: null },
      ],
    },
    {
      name: "a policy in an RKE2 node's folder tree is judged by the RKE2 STIG",
      profile: 'stig-kubernetes',
      filePath: '/nodes/server-1/etc/kubernetes/audit.yaml',
      files: { '/nodes/server-1/etc/rancher/rke2/config.yaml': 'token: abc\n' },
      code: K8S_POLICY,
      errors: [
        {
          messageId: 'ruleMissing',
          data: { count: '1 rule', expectedCount: '2 rules', stig: RKE2_STIG, n: 2, expected: 'RequestResponse for every resource of the core group' },
          at: 'rules',
          fix: RKE2_FIX,
        },
        {
          messageId: 'ruleDiffers',
          data: { n: 1, actual: 'RequestResponse for every request', stig: RKE2_STIG, expected: 'Metadata for secrets in the core group' },
          at: 'level: RequestResponse',
          fix: RKE2_FIX,
        },
      ],
      output: [
        { 2: `rules:\n${RKE2_RULES}`, 3: null },
        { 2: `rules:\n${RKE2_RULES}`, 3: null },
      ],
    },
    {
      name: 'a policy without rules, and results left out',
      ...STIG,
      filePath: OTHER_PATH,
      code: 'apiVersion: audit.k8s.io/v1\nkind: Policy\nomitStages:\n  - RequestReceived\n  - ResponseComplete\n',
      errors: [
        {
          messageId: 'ruleMissing',
          data: { count: '0 rules', expectedCount: '2 rules', stig: RKE2_STIG, n: 1, expected: 'Metadata for secrets in the core group' },
          at: 'kind: Policy',
          fix: RKE2_FIX,
        },
        {
          messageId: 'ruleMissing',
          data: { count: '0 rules', expectedCount: '2 rules', stig: RKE2_STIG, n: 2, expected: 'RequestResponse for every resource of the core group' },
          at: 'kind: Policy',
          fix: RKE2_FIX,
        },
        {
          messageId: 'stageOmitted',
          data: { stage: 'ResponseComplete', where: '', loss: 'the result of each request' },
          at: 'ResponseComplete',
          fix: { title: 'Remove ResponseComplete from omitStages', preferred: false },
        },
      ],
      output: [{ 4: `  - ResponseComplete\nrules:\n${RKE2_RULES}` }, { 4: `  - ResponseComplete\nrules:\n${RKE2_RULES}` }, { 4: null }],
    },
    {
      name: 'a rule that leaves out the start of responses',
      ...STIG,
      filePath: OTHER_PATH,
      code: RKE2_POLICY.replace('  - level: RequestResponse\n', '  - level: RequestResponse\n    omitStages: ["ResponseStarted"]\n'),
      errors: [
        {
          messageId: 'stageOmitted',
          data: { stage: 'ResponseStarted', where: ' in rule 2', loss: 'the start of long-running responses (watch, exec)' },
          at: '"ResponseStarted"',
          fix: { title: 'Remove ResponseStarted from omitStages', preferred: false },
        },
      ],
      output: { 8: '    omitStages: []' },
    },
  ],
});
