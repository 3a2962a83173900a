/**
 * Fixtures for the tables of the node-configuration rules: RKE2 config paths, kubeadm static pods
 * and KubeletConfiguration documents.
 */
import { programRange } from '../support/static-pods';
import { configFile, RKE2_CONFIG, y, type RuleTests } from './rule-tester';

/** The node rules run in the STIG profiles. */
export const STIG = { profile: 'stig-rke2' as const };

export const DROP_IN = '/etc/rancher/rke2/config.yaml.d/50-stig.yaml';

/**
 * A kubeadm static pod in kube-system whose container `name` runs `component` with these flags,
 * one command item per line: the program on line 10, the flags from line 11.
 */
export function staticPod(component: string, ...flags: string[]): string {
  const head = [
    'apiVersion: v1',
    'kind: Pod',
    'metadata:',
    `  name: ${component}`,
    '  namespace: kube-system',
    'spec:',
    '  containers:',
    `    - name: ${component}`,
    `      image: registry.k8s.io/${component}:v1.31.0`,
    '      command:',
    `        - ${component}`,
  ];
  return [...head, ...flags.map((f) => `        - ${f}`)].join('\n') + '\n';
}

/** A KubeletConfiguration with these lines after its header (line 2 on). */
export function kubeletConfig(body: string): string {
  return `apiVersion: kubelet.config.k8s.io/v1beta1\nkind: KubeletConfiguration\n${body}`;
}

/** A Pod whose container `kubelet` runs the kubelet with this flow-style command (line 7). */
export function kubeletPod(command: string): string {
  return y`
    apiVersion: v1
    kind: Pod
    metadata: {name: node-kubelet, namespace: nodes}
    spec:
      containers:
        - name: kubelet
          image: registry.example.com/kubelet:1.31
          command: ${command}
  `;
}

/** Where a finding is: the text it underlines (the `occurrence`-th time it appears) or its range. */
export type Where = { at: string; occurrence?: number } | { range: [number, number, number, number] };

/**
 * The expected findings of a node rule about one flag, in the shared wording of
 * engine/rules/utils/component-settings.ts: each builder takes what is particular to a case (the
 * value found, where, what the fix writes) and gives the finding with its message data and fix.
 * `container` names the container that runs the component (default: the component).
 */
export function settingFindings(component: string, flag: string, requirement: string, container = component) {
  const subject = `Container '${container}'`;
  const inContainer = `in container '${container}'`;
  return {
    /** the RKE2 node runs the component without the flag (reported at `at`); the fix adds `entry` to `key` */
    rke2Missing: (fallback: string, at: string, entry: string, key: string, preferred = false) => ({
      messageId: 'rke2FlagMissing',
      data: { component, flag, fallback, requirement },
      at,
      fix: { title: `Add ${entry} to ${key}`, preferred },
    }),
    /** a drop-in's `key` replaced the entries of `earlier` that set the flag; the fix adds `entry` */
    rke2Dropped: (fallback: string, key: string, earlier: string, entry: string, preferred = false) => ({
      messageId: 'rke2FlagDropped',
      data: { key, earlier, component, flag, fallback, requirement },
      at: key,
      fix: { title: `Add ${entry} to ${key}`, preferred },
    }),
    /** an RKE2 `key` entry at `at` gives the flag `value`; the fix rewrites the entry as `entry` */
    rke2Value: (value: string, at: string, key: string, entry: string, preferred = false) => ({
      messageId: 'rke2FlagValue',
      data: { component, flag, value, requirement },
      at,
      fix: { title: `Change the ${key} entry to ${entry}`, preferred },
    }),
    /** the container runs the component without the flag; the fix appends `--flag=fixValue` */
    podMissing: (fallback: string, fixValue: string, preferred = false, where: Where = { at: component, occurrence: 4 }) => ({
      messageId: 'podFlagMissing',
      data: { subject, component, flag, fallback, requirement },
      ...where,
      fix: { title: `Add --${flag}=${fixValue} to the ${component} flags ${inContainer}`, preferred },
    }),
    /** the container gives the flag `value` at `at`; the fix writes `fixValue` */
    podValue: (value: string, at: string, fixValue: string, preferred = false) => ({
      messageId: 'podFlagValue',
      data: { subject, component, flag, value, requirement },
      at,
      fix: { title: `Change the flag to --${flag}=${fixValue} ${inContainer}`, preferred },
    }),
    /** a KubeletConfiguration without `field`; the fix adds `field: want` */
    configMissing: (field: string, fallback: string, want: string, preferred = false) => ({
      messageId: 'configFieldMissing',
      data: { field, fallback, requirement },
      at: 'kind: KubeletConfiguration',
      fix: { title: `Add ${field}: ${want}`, preferred },
    }),
    /** a KubeletConfiguration whose `field` is `value` (as written, at `at`); the fix sets `want` */
    configValue: (field: string, value: string, at: string, want: string, preferred = false) => ({
      messageId: 'configFieldValue',
      data: { field, value, requirement },
      at,
      fix: { title: `Set ${field}: ${want}`, preferred },
    }),
  };
}

/** What an audit log retention rule requires of its kube-apiserver flag, and the values its cases use. */
export interface RetentionFlag {
  flag: string;
  requirement: string;
  /** the least value that passes (what RKE2 passes with audit logging on, and what the fixes write) */
  min: string;
  /** a value above it, one below it, and one that is not a whole number */
  more: string;
  less: string;
  notNumber: string;
}

/**
 * The table of an audit log retention rule (a kube-apiserver flag that must be a whole number of at
 * least `min`): RKE2 configs with and without audit logging, drop-ins that lower or drop the
 * flag, and static pods without it, with less, and with a value that is not a number.
 */
export function retentionCases({ flag, requirement, min, more, less, notNumber }: RetentionFlag): RuleTests {
  const f = settingFindings('kube-apiserver', flag, requirement);
  const fallback = 'RKE2 does not set it, so the built-in default 0 applies';
  const wanted = `${flag}=${min}`;
  return {
    valid: [
      { ...STIG, name: `profile: cis: RKE2 passes ${min}`, ...configFile(), code: 'profile: cis\n' },
      { ...STIG, name: 'an entry with more', ...configFile(), code: `kube-apiserver-arg: [${flag}=${more}]\n` },
      { ...STIG, name: 'a drop-in gives it for the node', ...configFile(), code: 'token: abc\n', files: { [DROP_IN]: `kube-apiserver-arg+: [${wanted}]\n` } },
      { ...STIG, name: `a static pod with ${min}`, code: staticPod('kube-apiserver', `--${wanted}`) },
    ],
    invalid: [
      {
        name: 'RKE2 without audit logging',
        profiles: ['stig-rke2', 'stig-kubernetes'],
        filePath: RKE2_CONFIG,
        code: 'kube-apiserver-arg:\n- audit-log-path=/var/log/audit.log\n',
        errors: [f.rke2Missing(fallback, 'kube-apiserver-arg', wanted, 'kube-apiserver-arg', true)],
        output: { 1: `- audit-log-path=/var/log/audit.log\n- ${wanted}` },
      },
      {
        name: 'a drop-in lowers what the CIS profile passes',
        ...STIG,
        filePath: DROP_IN,
        code: `kube-apiserver-arg+: [${flag}=${less}]\n`,
        files: { [RKE2_CONFIG]: 'profile: cis\n' },
        errors: [f.rke2Value(less, `${flag}=${less}`, 'kube-apiserver-arg+', wanted)],
        output: { 0: `kube-apiserver-arg+: [${wanted}]` },
      },
      {
        name: 'a drop-in replaces the list that set it',
        ...STIG,
        filePath: DROP_IN,
        code: 'kube-apiserver-arg: [audit-log-path=/var/log/audit.log]\n',
        files: { [RKE2_CONFIG]: `kube-apiserver-arg: [${wanted}]\n` },
        errors: [f.rke2Dropped(fallback, 'kube-apiserver-arg', 'config.yaml', wanted, true)],
        output: { 0: `kube-apiserver-arg: [audit-log-path=/var/log/audit.log, ${wanted}]` },
      },
      {
        name: 'a static pod without the flag',
        ...STIG,
        code: staticPod('kube-apiserver', '--audit-log-path=/var/log/kubernetes/audit/audit.log'),
        errors: [f.podMissing('so its built-in default 0 applies', min, true)],
        output: { 11: `        - --audit-log-path=/var/log/kubernetes/audit/audit.log\n        - --${wanted}` },
      },
      {
        name: 'a static pod with less',
        ...STIG,
        code: staticPod('kube-apiserver', `--${flag}=${less}`),
        errors: [f.podValue(less, `--${flag}=${less}`, min)],
        output: { 11: `        - --${wanted}` },
      },
      {
        name: 'a value that is not a number',
        ...STIG,
        code: staticPod('kube-apiserver', `--${flag}`, notNumber),
        errors: [f.podValue(notNumber, notNumber, min)],
        output: { 12: `        - "${min}"` },
      },
    ],
  };
}

/**
 * The findings of etcd's TLS flags for one channel (`prefix` '' for clients, 'peer-' for peers) in
 * a kubeadm etcd static pod (test/support/static-pods.ts): `fixValue` is what a fix writes for each flag; a missing flag is reported at the
 * program item (`container` adds the container to what is asserted), a bad value at `at`.
 */
export function etcdTlsFindings(
  prefix: '' | 'peer-',
  paths: { cert: string; key: string },
  requirements: { cert: string; key: string; clientCertAuth: string; autoTls: string },
  { container = false } = {},
) {
  const names = { cert: `${prefix}cert-file`, key: `${prefix}key-file`, clientCertAuth: `${prefix}client-cert-auth`, autoTls: `${prefix}auto-tls` };
  const spec: Record<string, { requirement: string; fixValue: string; fallback: string }> = {
    [names.cert]: { requirement: requirements.cert, fixValue: paths.cert, fallback: 'nothing sets it' },
    [names.key]: { requirement: requirements.key, fixValue: paths.key, fallback: 'nothing sets it' },
    [names.clientCertAuth]: { requirement: requirements.clientCertAuth, fixValue: 'true', fallback: 'so its built-in default false applies' },
    [names.autoTls]: { requirement: requirements.autoTls, fixValue: 'false', fallback: 'so its built-in default false applies' },
  };
  const of = (flag: string) => settingFindings('etcd', flag, spec[flag].requirement);
  return {
    fixValue: (flag: string) => spec[flag].fixValue,
    missing: (flag: string) => ({
      ...of(flag).podMissing(spec[flag].fallback, spec[flag].fixValue, false, { range: programRange('etcd') }),
      ...(container ? { container: 'etcd' } : {}),
    }),
    value: (flag: string, v: string, at: string) => of(flag).podValue(v, at, spec[flag].fixValue),
  };
}
