/**
 * Pod Security Admission's labels and configuration values. Level and version syntax as PSA's
 * `api/helpers.go` ParseLevel / ParseVersion read them (and fall back: enforce to restricted,
 * audit and warn to privileged, versions to latest); configuration values as
 * `admission/api/validation/validation.go` ValidatePodSecurityConfiguration checks them.
 */
import { ruleTester, y } from '../rule-tester';

const RULE = 'pod-security-labels';
const LEVELS = 'privileged, baseline or restricted';

const namespace = (labels: string) => y`
  apiVersion: v1
  kind: Namespace
  metadata:
    name: payments
    labels:
${labels}`;

const label = (key: string, value: string) => `      pod-security.kubernetes.io/${key}: ${value}\n`;

const config = (body: string) => `apiVersion: pod-security.admission.config.k8s.io/v1\nkind: PodSecurityConfiguration\n${body}`;

const admission = (body: string) => y`
  apiVersion: apiserver.config.k8s.io/v1
  kind: AdmissionConfiguration
  plugins:
    - name: PodSecurity
      configuration:
        apiVersion: pod-security.admission.config.k8s.io/v1
        kind: PodSecurityConfiguration
${body}`;

ruleTester(RULE, {
  valid: [
    {
      name: 'every label PSA reads, with valid values',
      noPodSpec: true,
      profiles: ['baseline', 'restricted', 'stig-rke2'],
      code: namespace(
        label('enforce', 'restricted') +
          label('enforce-version', 'v1.30') +
          label('audit', 'baseline') +
          label('audit-version', 'latest') +
          label('warn', 'privileged') +
          label('warn-version', '"v1.0"'),
      ),
    },
    { name: 'other labels are not ours', noPodSpec: true, code: namespace('      team: payments\n      pod-security.example.com/level: anything\n') },
    { name: 'a version newer than podsec knows is still valid', noPodSpec: true, code: namespace(label('enforce-version', 'v1.99')) },
    { name: 'a value a template writes is unknown', noPodSpec: true, code: namespace(label('enforce', '{{ .Values.psaLevel }}')) },
    {
      name: 'a valid configuration, with empty defaults (defaulted to privileged and latest)',
      noPodSpec: true,
      code: config(
        'defaults:\n  enforce: restricted\n  enforce-version: latest\n  audit: ""\nexemptions:\n  namespaces: [kube-system, tigera-operator]\n  runtimeClasses: [kata.example.com]\n  usernames: ["system:serviceaccount:kube-system:replicaset-controller"]\n',
      ),
    },
    {
      name: 'a label-like value in a ConfigMap is not a Namespace',
      noPodSpec: true,
      code: 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n  labels:\n    pod-security.kubernetes.io/enforce: strict\n',
    },
  ],
  invalid: [
    {
      name: 'an invalid enforce level fails closed; the lower-case level is offered',
      code: namespace(label('enforce', 'Restricted')),
      profiles: ['baseline', 'restricted', 'stig-kubernetes'],
      errors: [
        {
          messageId: 'labelLevel',
          data: { key: 'pod-security.kubernetes.io/enforce', value: 'Restricted', levels: LEVELS, fallback: 'restricted (it fails closed)' },
          at: 'Restricted',
          severity: 'error',
          fix: { title: 'Change pod-security.kubernetes.io/enforce to restricted', preferred: false },
        },
      ],
      output: { 5: '    pod-security.kubernetes.io/enforce: restricted' },
    },
    {
      name: 'invalid audit and warn levels fail open',
      code: namespace(label('audit', 'loud') + label('warn', 'strict')),
      errors: [
        {
          messageId: 'labelLevel',
          data: { key: 'pod-security.kubernetes.io/audit', value: 'loud', levels: LEVELS, fallback: 'privileged (it fails open: nothing is audited)' },
          at: 'loud',
        },
        {
          messageId: 'labelLevel',
          data: { key: 'pod-security.kubernetes.io/warn', value: 'strict', levels: LEVELS, fallback: 'privileged (it fails open: nothing is warned about)' },
          at: 'strict',
        },
      ],
    },
    {
      name: 'an invalid version reads as latest; a version written almost right is offered',
      code: namespace(label('enforce-version', '"1.30"') + label('warn-version', 'newest')),
      errors: [
        {
          messageId: 'labelVersion',
          data: { key: 'pod-security.kubernetes.io/enforce-version', value: '1.30', latest: 37 },
          at: '"1.30"',
          fix: { title: 'Change pod-security.kubernetes.io/enforce-version to v1.30', preferred: false },
        },
        { messageId: 'labelVersion', data: { key: 'pod-security.kubernetes.io/warn-version', value: 'newest', latest: 37 }, at: 'newest' },
      ],
      output: [{ 5: '    pod-security.kubernetes.io/enforce-version: "v1.30"' }],
    },
    {
      name: 'a value YAML reads as a number: the API server refuses the Namespace',
      code: namespace(label('enforce-version', '1.30') + label('audit', 'true')),
      errors: [
        {
          messageId: 'labelNotString',
          data: { key: 'pod-security.kubernetes.io/enforce-version', written: '1.30', type: 'a number' },
          at: 'pod-security.kubernetes.io/enforce-version: 1.30',
          fix: { title: 'Change pod-security.kubernetes.io/enforce-version to v1.30', preferred: false },
        },
        {
          messageId: 'labelNotString',
          data: { key: 'pod-security.kubernetes.io/audit', written: 'true', type: 'a boolean' },
          at: 'pod-security.kubernetes.io/audit: true',
        },
      ],
      output: [{ 5: '    pod-security.kubernetes.io/enforce-version: v1.30' }],
    },
    {
      name: 'a label PSA does not read has no effect; the closest key is offered',
      code: namespace(label('enforce-versions', 'v1.30') + label('level', 'restricted')),
      errors: [
        {
          messageId: 'labelUnknown',
          data: { key: 'pod-security.kubernetes.io/enforce-versions', suggestion: ' Did you mean pod-security.kubernetes.io/enforce-version?' },
          at: 'pod-security.kubernetes.io/enforce-versions',
          fix: { title: 'Rename the label to pod-security.kubernetes.io/enforce-version', preferred: false },
        },
        {
          messageId: 'labelUnknown',
          data: {
            key: 'pod-security.kubernetes.io/level',
            suggestion: ' Pod Security Admission reads enforce, enforce-version, audit, audit-version, warn, warn-version.',
          },
          at: 'pod-security.kubernetes.io/level',
        },
      ],
      output: [{ 5: '    pod-security.kubernetes.io/enforce-version: v1.30' }],
    },
    {
      name: 'configuration defaults: the API server refuses to start',
      code: config('defaults:\n  enforce: Baseline\n  audit-version: v2.0\n  warn-version: 1.25\n'),
      errors: [
        {
          messageId: 'configLevel',
          data: { key: 'enforce', value: 'Baseline', levels: LEVELS },
          at: 'Baseline',
          fix: { title: 'Change defaults.enforce to baseline', preferred: false },
        },
        { messageId: 'configVersion', data: { key: 'audit-version', value: 'v2.0', latest: 37 }, at: 'v2.0' },
        {
          messageId: 'configNotString',
          data: { key: 'warn-version', written: '1.25', type: 'a number' },
          at: 'warn-version: 1.25',
          fix: { title: 'Change defaults.warn-version to v1.25', preferred: false },
        },
      ],
      output: [{ 3: '  enforce: baseline' }, { 5: '  warn-version: v1.25' }],
    },
    {
      name: 'exemptions: invalid names and repeats, inline in an AdmissionConfiguration',
      code: admission(
        '        exemptions:\n          namespaces: [kube-system, Team_A, kube-system]\n          runtimeClasses: ["kata containers"]\n          usernames: ["", admin, admin]\n',
      ),
      errors: [
        {
          messageId: 'exemptionInvalid',
          data: { list: 'namespaces', value: 'Team_A', what: 'a namespace name (lower-case letters, digits and "-", at most 63 characters)' },
          at: 'Team_A',
        },
        {
          messageId: 'exemptionDuplicate',
          data: { list: 'namespaces', value: 'kube-system' },
          at: 'kube-system',
          occurrence: 2,
          fix: { title: 'Remove the repeated "kube-system"', preferred: false },
        },
        {
          messageId: 'exemptionInvalid',
          data: { list: 'runtimeClasses', value: 'kata containers', what: 'a RuntimeClass name (a DNS subdomain: lower-case letters, digits, "-" and ".")' },
          at: '"kata containers"',
        },
        { messageId: 'exemptionInvalid', data: { list: 'usernames', value: '', what: 'a user name (it must not be empty)' }, at: '""' },
        {
          messageId: 'exemptionDuplicate',
          data: { list: 'usernames', value: 'admin' },
          at: 'admin',
          occurrence: 2,
          fix: { title: 'Remove the repeated "admin"', preferred: false },
        },
      ],
      output: [{ 8: '        namespaces: [kube-system, Team_A]' }, { 10: '        usernames: ["", admin]' }],
    },
  ],
});
