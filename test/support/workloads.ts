/**
 * fast-check generators of realistic Kubernetes manifests: every workload kind podsec knows
 * (Pod, PodTemplate, ReplicationController, ReplicaSet, Deployment, StatefulSet, DaemonSet, Job,
 * CronJob), a custom resource with a pod template, `List`s, and objects without pods. Security
 * settings are drawn at random, hardened or not, including values Kubernetes reads differently
 * from what they look like (`"true"` as a string, null, empty mappings), so every rule fires
 * sometimes and stays quiet sometimes.
 *
 * A generated manifest is data; `yaml-writer.ts` turns it into text, canonical or styled.
 */
import fc from 'fast-check';
import { LARGE } from './fc';
import type { Data } from './yaml-writer';
import { writeCanonical, writeStyled, WrittenFile } from './yaml-writer';

type Obj = { [key: string]: Data };

/** Drop keys whose value is `undefined` (an absent field). */
function compact(o: Record<string, Data | undefined>): Obj {
  const out: Obj = {};
  for (const [k, v] of Object.entries(o)) if (v !== undefined) out[k] = v;
  return out;
}

/** Absent most of the time, else one of `arb`'s values. */
function sometimes<T>(arb: fc.Arbitrary<T>, absent = 3): fc.Arbitrary<T | undefined> {
  return fc.oneof({ arbitrary: fc.constant(undefined), weight: absent }, { arbitrary: arb, weight: 1 });
}

/** A boolean field as manifests write it: mostly a boolean, sometimes null or a string. */
const boolish: fc.Arbitrary<Data> = fc.oneof(
  { arbitrary: fc.boolean(), weight: 8 },
  { arbitrary: fc.constantFrom<Data>(null, 'true', 'false', 'yes'), weight: 1 },
);

const CAPS = ['NET_ADMIN', 'SYS_ADMIN', 'NET_BIND_SERVICE', 'CHOWN', 'NET_RAW', 'SYS_TIME', 'KILL', 'SYS_PTRACE'];

const seccomp: fc.Arbitrary<Data> = fc.oneof(
  fc.constantFrom<Data>({ type: 'RuntimeDefault' }, { type: 'Unconfined' }, { type: 'Localhost', localhostProfile: 'profiles/audit.json' }),
  fc.constantFrom<Data>({}, null),
);

const seLinux: fc.Arbitrary<Data> = fc
  .record({
    type: sometimes(fc.constantFrom('container_t', 'spc_t', 'container_engine_t'), 1),
    user: sometimes(fc.constantFrom('system_u', ''), 3),
    role: sometimes(fc.constantFrom('system_r'), 4),
    level: sometimes(fc.constantFrom('s0:c123,c456'), 2),
  })
  .map(compact);

const appArmor: fc.Arbitrary<Data> = fc.constantFrom<Data>(
  { type: 'RuntimeDefault' },
  { type: 'Unconfined' },
  { type: 'Localhost', localhostProfile: 'k8s-apparmor-example' },
);

const capabilities: fc.Arbitrary<Data> = fc
  .record({
    add: sometimes(fc.uniqueArray(fc.constantFrom(...CAPS), { maxLength: 3 }), 2),
    drop: sometimes(fc.uniqueArray(fc.constantFrom('ALL', 'NET_RAW', 'MKNOD'), { maxLength: 2 }), 1),
  })
  .map(compact);

const containerSecurityContext: fc.Arbitrary<Data> = fc.oneof(
  { weight: 1, arbitrary: fc.constantFrom<Data>(null, {}) },
  {
    weight: 6,
    arbitrary: fc
      .record({
        privileged: sometimes(boolish, 3),
        allowPrivilegeEscalation: sometimes(boolish, 1),
        runAsNonRoot: sometimes(boolish, 2),
        runAsUser: sometimes(fc.constantFrom<Data>(0, 1000, 65534), 3),
        readOnlyRootFilesystem: sometimes(fc.boolean(), 2),
        capabilities: sometimes(capabilities, 1),
        seccompProfile: sometimes(seccomp, 3),
        procMount: sometimes(fc.constantFrom('Default', 'Unmasked'), 6),
        seLinuxOptions: sometimes(seLinux, 6),
        appArmorProfile: sometimes(appArmor, 6),
        windowsOptions: sometimes(fc.record({ hostProcess: fc.boolean() }), 10),
      })
      .map(compact),
  },
);

const podSecurityContext: fc.Arbitrary<Data> = fc.oneof(
  { weight: 1, arbitrary: fc.constantFrom<Data>(null, {}) },
  {
    weight: 5,
    arbitrary: fc
      .record({
        runAsNonRoot: sometimes(boolish, 1),
        runAsUser: sometimes(fc.constantFrom<Data>(0, 1000), 2),
        runAsGroup: sometimes(fc.constantFrom<Data>(3000), 3),
        fsGroup: sometimes(fc.constantFrom<Data>(2000), 3),
        seccompProfile: sometimes(seccomp, 1),
        seLinuxOptions: sometimes(seLinux, 6),
        appArmorProfile: sometimes(appArmor, 6),
        supplementalGroups: sometimes(fc.constantFrom<Data>([1000, 2000]), 5),
        sysctls: sometimes(
          fc
            .uniqueArray(
              fc.constantFrom('kernel.shm_rmid_forced', 'net.core.somaxconn', 'kernel.msgmax', 'net.ipv4.tcp_keepalive_time', 'net.ipv4.ip_local_port_range'),
              { minLength: 1, maxLength: 3 },
            )
            .map((names) => names.map((name) => ({ name, value: name.includes('range') ? '1024 65535' : '1' }))),
          4,
        ),
        windowsOptions: sometimes(fc.record({ hostProcess: fc.boolean() }), 10),
      })
      .map(compact),
  },
);

const probe: fc.Arbitrary<Data> = fc.oneof(
  fc.record({
    httpGet: fc
      .record({ path: fc.constant('/healthz'), port: fc.constant(8080), host: sometimes(fc.constantFrom('10.0.0.1', 'metadata.internal'), 2) })
      .map(compact),
  }),
  fc.record({ tcpSocket: fc.record({ port: fc.constant(5432), host: sometimes(fc.constantFrom('127.0.0.1'), 2) }).map(compact) }),
  fc.constant<Data>({ exec: { command: ['cat', '/tmp/healthy'] } }),
);

const NAMES = ['web', 'api', 'worker', 'init', 'side-car', 'db', 'app-🚀', 'ünïcode', 'proxy'];
const IMAGES = ['nginx:1.25', 'registry.example.com/team/api:5.2.0', 'busybox', 'gcr.io/distroless/static@sha256:abc123', 'app 🚀:1'];

function container(prefix: string, withPorts: boolean): fc.Arbitrary<Data> {
  return fc
    .record({
      name: fc.constantFrom(...NAMES),
      image: fc.constantFrom(...IMAGES),
      command: sometimes(fc.constantFrom<Data>(['sh', '-c', 'echo hi: there # not a comment'], ['/app', '--flag=1']), 3),
      ports: withPorts
        ? sometimes(
            fc.array(fc.record({ containerPort: fc.constantFrom(80, 8443), hostPort: sometimes(fc.constantFrom(0, 80, 9100), 1) }).map(compact), {
              minLength: 1,
              maxLength: 2,
            }),
            2,
          )
        : fc.constant(undefined),
      env: sometimes(
        fc.constantFrom<Data>(
          [{ name: 'GREETING', value: 'héllo 👋 wörld' }],
          [
            { name: 'DEBUG', value: 'true' },
            { name: 'EMPTY', value: '' },
          ],
        ),
        3,
      ),
      resources: sometimes(fc.constantFrom<Data>({ limits: { cpu: '500m', memory: '128Mi' } }, { requests: { cpu: '100m' } }), 2),
      livenessProbe: sometimes(probe, 3),
      readinessProbe: sometimes(probe, 4),
      lifecycle: sometimes(fc.record({ preStop: probe }), 8),
      securityContext: sometimes(containerSecurityContext, 1),
      volumeMounts: sometimes(fc.constantFrom<Data>([{ name: 'data', mountPath: '/data' }]), 3),
    })
    .map((c) => compact({ ...c, name: `${prefix}${c.name}` }));
}

const volume: fc.Arbitrary<Data> = fc.oneof(
  fc.constantFrom<Data>(
    { emptyDir: {} },
    { hostPath: { path: '/var/run/docker.sock', type: 'Socket' } },
    { hostPath: { path: '/etc' } },
    { configMap: { name: 'app-config' } },
    { secret: { secretName: 'tls' } },
    { nfs: { server: 'nfs.example.com', path: '/exports' } },
    { persistentVolumeClaim: { claimName: 'data' } },
    { projected: { sources: [{ serviceAccountToken: { path: 'token' } }] } },
    {},
  ),
);

/** A pod spec with 1-3 containers and optional init and ephemeral containers. */
export const podSpec: fc.Arbitrary<Data> = fc
  .record({
    hostNetwork: sometimes(boolish, 4),
    hostPID: sometimes(boolish, 6),
    hostIPC: sometimes(boolish, 8),
    hostUsers: sometimes(fc.boolean(), 8),
    os: sometimes(fc.constantFrom<Data>({ name: 'linux' }, { name: 'windows' }), 8),
    restartPolicy: sometimes(fc.constantFrom('Always', 'OnFailure'), 3),
    serviceAccountName: sometimes(fc.constantFrom('default', 'builder'), 3),
    securityContext: sometimes(podSecurityContext, 1),
    initContainers: sometimes(fc.array(container('init-', false), { minLength: 1, maxLength: 2 }), 3),
    containers: fc.array(container('', true), { minLength: 1, maxLength: LARGE ? 4 : 2 }),
    ephemeralContainers: sometimes(fc.array(container('debug-', false), { minLength: 1, maxLength: 1 }), 10),
    volumes: sometimes(fc.array(volume, { minLength: 1, maxLength: 3 }), 2),
    nodeSelector: sometimes(fc.constant<Data>({ 'kubernetes.io/os': 'linux' }), 4),
    tolerations: sometimes(fc.constant<Data>([{ key: 'node-role.kubernetes.io/control-plane', operator: 'Exists', effect: 'NoSchedule' }]), 5),
  })
  .map((spec) => {
    const s = compact(spec);
    // container names are unique within a pod; volumes get names
    const seen = new Map<string, number>();
    for (const key of ['initContainers', 'containers', 'ephemeralContainers']) {
      const list = s[key] as Obj[] | undefined;
      if (!list) continue;
      s[key] = list.map((c) => {
        const name = c.name as string;
        const n = seen.get(name) ?? 0;
        seen.set(name, n + 1);
        return n ? { ...c, name: `${name}-${n + 1}` } : c;
      });
    }
    if (s.volumes) s.volumes = (s.volumes as Obj[]).map((v, i) => ({ name: i ? `vol-${i}` : 'data', ...v }));
    return s;
  });

const annotationValues = fc.constantFrom<Data>('plain value', 'emoji 🚀 value', "it's: tricky # yes", 'multi\nline\n# not a comment\n', 'true');

/** Pod (template) metadata, with AppArmor and seccomp annotations for some containers. */
function podMetadata(spec: Data, name: string | undefined): fc.Arbitrary<Data> {
  const names = ((spec as Obj).containers as Obj[]).map((c) => c.name as string);
  return fc
    .record({
      labels: sometimes(fc.constant<Data>({ app: 'demo', tier: 'backend' }), 1),
      annotations: sometimes(
        fc
          .record({
            note: sometimes(annotationValues, 1),
            apparmor: sometimes(fc.tuple(fc.constantFrom(...names), fc.constantFrom('runtime/default', 'unconfined', 'localhost/custom')), 2),
            seccomp: sometimes(fc.constantFrom('runtime/default', 'unconfined'), 4),
            ignore: sometimes(fc.constantFrom('privileged', 'host-namespaces,host-ports', 'no-such-rule'), 8),
          })
          .map(({ note, apparmor, seccomp: sc, ignore }) =>
            compact({
              note,
              ...(apparmor ? { [`container.apparmor.security.beta.kubernetes.io/${apparmor[0]}`]: apparmor[1] } : {}),
              ...(sc ? { 'seccomp.security.alpha.kubernetes.io/pod': sc } : {}),
              ...(ignore ? { 'podsec.io/ignore': ignore, 'podsec.io/ignore-reason': 'accepted in review' } : {}),
            }),
          ),
        2,
      ),
    })
    .map((m) => compact({ name, ...m }));
}

export const WORKLOAD_KINDS = [
  'Pod',
  'PodTemplate',
  'ReplicationController',
  'ReplicaSet',
  'Deployment',
  'StatefulSet',
  'DaemonSet',
  'Job',
  'CronJob',
  'Rollout',
] as const;
export type WorkloadKind = (typeof WORKLOAD_KINDS)[number];

const API_VERSIONS: Record<WorkloadKind, string> = {
  Pod: 'v1',
  PodTemplate: 'v1',
  ReplicationController: 'v1',
  ReplicaSet: 'apps/v1',
  Deployment: 'apps/v1',
  StatefulSet: 'apps/v1',
  DaemonSet: 'apps/v1',
  Job: 'batch/v1',
  CronJob: 'batch/v1',
  Rollout: 'argoproj.io/v1alpha1',
};

/** One workload object of `kind` named `name`. */
export function workload(kind: WorkloadKind, name: string): fc.Arbitrary<Obj> {
  return podSpec
    .chain((spec) => fc.tuple(fc.constant(spec), podMetadata(spec, undefined), podMetadata(spec, name), fc.constantFrom(undefined, 'default', 'payments')))
    .map(([spec, tmplMeta, objMeta, ns]) => {
      const metadata = compact({ ...(objMeta as Obj), namespace: ns });
      const template = { metadata: tmplMeta, spec };
      const selector = { matchLabels: { app: 'demo' } };
      let body: Obj;
      switch (kind) {
        case 'Pod':
          body = { metadata: compact({ ...(tmplMeta as Obj), name, namespace: ns }), spec };
          break;
        case 'PodTemplate':
          body = { metadata, template };
          break;
        case 'CronJob':
          body = { metadata, spec: { schedule: '0 2 * * *', jobTemplate: { spec: { template } } } };
          break;
        case 'Job':
          body = { metadata, spec: { backoffLimit: 2, template } };
          break;
        case 'StatefulSet':
          body = { metadata, spec: { serviceName: name, replicas: 3, selector, template } };
          break;
        default:
          body = { metadata, spec: { replicas: 2, selector, template } };
      }
      return { apiVersion: API_VERSIONS[kind], kind, ...body };
    });
}

const other: fc.Arbitrary<(name: string) => Obj> = fc.constantFrom(
  (name: string) => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name }, data: { 'app.yaml': 'privileged: true\nhostNetwork: true\n', flag: 'yes' } }),
  (name: string) => ({ apiVersion: 'v1', kind: 'Service', metadata: { name }, spec: { selector: { app: 'demo' }, ports: [{ port: 80, targetPort: 8080 }] } }),
  (name: string) => ({ apiVersion: 'v1', kind: 'Namespace', metadata: { name, labels: { 'pod-security.kubernetes.io/enforce': 'restricted' } } }),
);

/** One document: mostly a workload, sometimes a `List` of workloads or an object without pods. */
function document(index: number): fc.Arbitrary<Obj> {
  const name = (k: string, i = 0) => `${k.toLowerCase()}-${index}${i ? `-${i}` : ''}`;
  return fc.oneof(
    { weight: 16, arbitrary: fc.constantFrom(...WORKLOAD_KINDS).chain((k) => workload(k, name(k))) },
    { weight: 2, arbitrary: other.map((f) => f(name('obj'))) },
    {
      weight: 1,
      arbitrary: fc
        .array(fc.constantFrom(...WORKLOAD_KINDS), { minLength: 1, maxLength: 2 })
        .chain((kinds) => fc.tuple(...kinds.map((k, i) => workload(k, name(k, i + 1)))))
        .map((items) => ({ apiVersion: 'v1', kind: 'List', items })),
    },
  );
}

/** A stream of 1-2 documents (1-4 in long fuzz campaigns). */
export const manifests: fc.Arbitrary<Obj[]> = fc
  .integer({ min: 1, max: LARGE ? 4 : 2 })
  .chain((n) => fc.tuple(...Array.from({ length: n }, (_, i) => document(i))));

export interface GeneratedFile extends WrittenFile {
  data: Obj[];
  canonical: WrittenFile;
  seed: number;
}

/** Manifests written in a random style (with the canonical text alongside). */
export const styledFile: fc.Arbitrary<GeneratedFile> = fc.tuple(manifests, fc.integer()).map(([data, seed]) => {
  const styled = writeStyled(data, seed);
  return { ...styled, data, canonical: writeCanonical(data), seed };
});

/** Profiles and policy versions the properties run at. */
export const engineOptions = fc.record({
  profile: fc.constantFrom('baseline' as const, 'restricted' as const, 'stig-rke2' as const),
  version: fc.constantFrom('latest', 'v1.37', 'v1.35', 'v1.25', 'v1.22', 'v1.18', 'v1.0'),
});
