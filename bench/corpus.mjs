// Deterministic benchmark corpora: multi-document manifests of about 1,000, 10,000 and 100,000
// lines, and a directory of 2,000 small files. The same seed gives byte-identical output on
// every machine, so figures from different runs measure the same input.
//
// The mix imitates what people keep open: rendered charts and `kubectl get -o yaml` dumps.
// Every workload kind (plus a CRD with a pod template and `kind: List` dumps), non-workload
// objects (Services, ConfigMaps with block scalars, RBAC, Ingress, ...), comments, anchors,
// aliases and merge keys, flow style, suppression comments and annotations, the odd broken
// document, and at least one violation of every rule appear in each corpus.
import { mkdirSync, readdirSync, rmSync, statSync, writeFileSync, existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** Bump when the generator changes, so stale corpora on disk are rebuilt. */
export const CORPUS_VERSION = 5;

/** Small, fast, seedable PRNG (mulberry32). */
function rng(seed) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (lo, hi) => lo + Math.floor(next() * (hi - lo + 1)),
    pick: (arr) => arr[Math.floor(next() * arr.length)],
    chance: (p) => next() < p,
  };
}

const TEAMS = ['payments', 'search', 'identity', 'ledger', 'catalog', 'checkout', 'observability', 'platform', 'ingest', 'billing'];
const APPS = ['api', 'worker', 'frontend', 'gateway', 'scheduler', 'indexer', 'exporter', 'proxy', 'cache', 'notifier', 'reconciler', 'uploader'];
const IMAGES = ['registry.example.com/%t/%a:1.%n.0', 'docker.io/library/nginx:1.27.%n', 'ghcr.io/example/%a:v2.%n.1', 'quay.io/example/%t-%a@sha256:%h'];
const ENV_NAMES = ['LOG_LEVEL', 'HTTP_PORT', 'DB_HOST', 'CACHE_TTL', 'FEATURE_FLAGS', 'OTEL_EXPORTER_OTLP_ENDPOINT', 'REGION', 'GOMAXPROCS'];
const CAPS_BAD = ['SYS_ADMIN', 'NET_ADMIN', 'SYS_PTRACE', 'SYS_MODULE', 'NET_RAW'];
const UNSAFE_SYSCTLS = ['net.core.somaxconn', 'kernel.msgmax', 'vm.max_map_count'];
const SAFE_SYSCTLS = ['net.ipv4.ip_local_port_range', 'net.ipv4.tcp_syncookies', 'kernel.shm_rmid_forced'];

/**
 * Violations the generator can plant. Each entry names the rule it breaks; the generator
 * cycles through them so every corpus contains every kind.
 */
export const VIOLATIONS = [
  'privileged',
  'host-network',
  'host-pid',
  'host-ipc',
  'host-path',
  'nfs-volume',
  'host-port',
  'cap-add',
  'no-drop-all',
  'ape-true',
  'ape-missing',
  'run-as-root',
  'run-as-non-root-false',
  'no-run-as-non-root',
  'seccomp-unconfined',
  'seccomp-missing',
  'seccomp-annotation',
  'apparmor-annotation',
  'apparmor-field',
  'selinux',
  'proc-mount',
  'sysctl',
  'host-process',
  'probe-host',
  'lifecycle-host',
];

class Gen {
  constructor(seed) {
    this.r = rng(seed);
    this.n = 0; // documents emitted
    this.v = 0; // next violation in the cycle
  }

  name() {
    const r = this.r;
    return `${r.pick(TEAMS)}-${r.pick(APPS)}-${(this.n * 7919 + r.int(0, 999)).toString(36)}`;
  }

  image(team, app) {
    const r = this.r;
    let h = '';
    for (let i = 0; i < 64; i++) h += '0123456789abcdef'[r.int(0, 15)];
    return r
      .pick(IMAGES)
      .replace('%t', team)
      .replace('%a', app)
      .replace('%n', String(r.int(0, 30)))
      .replace('%h', h);
  }

  /** Pick violations for one workload: most workloads are clean or nearly so. */
  violations() {
    const r = this.r;
    const out = new Set();
    // until every violation has appeared, plant three per workload (so small corpora cover all)
    const k = this.v < VIOLATIONS.length ? 3 : r.next() < 0.35 ? 0 : r.next() < 0.6 ? 1 : r.int(2, 4);
    for (let i = 0; i < k; i++) out.add(VIOLATIONS[this.v++ % VIOLATIONS.length]);
    return out;
  }

  /** A container at indentation `ind` (the "- " is written at `ind`). */
  container(ind, name, team, app, bad, { flowPorts, hardened, init, anchorSc, aliasSc }) {
    const r = this.r;
    const p = ' '.repeat(ind);
    const q = ' '.repeat(ind + 2);
    const L = [];
    L.push(`${p}- name: ${name}`);
    L.push(`${q}image: ${this.image(team, app)}`);
    if (r.chance(0.5)) L.push(`${q}imagePullPolicy: IfNotPresent`);
    if (init) L.push(`${q}command: ["sh", "-c", "until nslookup ${app}-db; do sleep 2; done"]`);
    else if (r.chance(0.3)) L.push(`${q}args:`, `${q}  - --port=8080`, `${q}  - --log-format=json`);
    if (!init) {
      const port = 8000 + r.int(0, 999);
      if (flowPorts)
        L.push(`${q}ports: [{containerPort: ${port}, name: http, protocol: TCP}${bad.has('host-port') ? `, {containerPort: 9100, hostPort: 9100}` : ''}]`);
      else {
        L.push(`${q}ports:`, `${q}  - name: http`, `${q}    containerPort: ${port}`, `${q}    protocol: TCP`);
        if (bad.has('host-port')) L.push(`${q}  - name: metrics`, `${q}    containerPort: 9100`, `${q}    hostPort: 9100   # scraped from the node`);
      }
      if (r.chance(0.7)) {
        L.push(`${q}env:`);
        const n = r.int(1, 4);
        for (let i = 0; i < n; i++) {
          const e = ENV_NAMES[(i + this.n) % ENV_NAMES.length];
          if (r.chance(0.2)) L.push(`${q}  - name: ${e}`, `${q}    valueFrom:`, `${q}      configMapKeyRef: {name: ${app}-config, key: ${e.toLowerCase()}}`);
          else L.push(`${q}  - name: ${e}`, `${q}    value: "${r.pick(['info', '8080', 'db.internal', '30s', 'a,b,c', 'eu-west-1', '4'])}"`);
        }
      }
      L.push(
        `${q}resources:`,
        `${q}  requests: {cpu: ${r.int(1, 9)}00m, memory: ${r.int(1, 8) * 64}Mi}`,
        `${q}  limits:`,
        `${q}    cpu: "${r.int(1, 4)}"`,
        `${q}    memory: ${r.int(1, 8) * 128}Mi`,
      );
      const probeHost = bad.has('probe-host');
      L.push(`${q}readinessProbe:`, `${q}  httpGet:`, `${q}    path: /healthz`, `${q}    port: http`);
      if (probeHost) L.push(`${q}    host: 169.254.169.254`);
      L.push(`${q}  periodSeconds: 10`);
      if (r.chance(0.5)) L.push(`${q}livenessProbe:`, `${q}  tcpSocket: {port: ${port}}`, `${q}  initialDelaySeconds: 15`);
      if (bad.has('lifecycle-host')) L.push(`${q}lifecycle:`, `${q}  preStop:`, `${q}    httpGet: {path: /drain, port: ${port}, host: 10.0.0.1}`);
      if (r.chance(0.6))
        L.push(
          `${q}volumeMounts:`,
          `${q}  - name: data`,
          `${q}    mountPath: /var/lib/${app}`,
          `${q}  - {name: config, mountPath: /etc/${app}, readOnly: true}`,
        );
    }
    if (aliasSc) {
      L.push(`${q}securityContext: *${aliasSc}`);
      return L;
    }
    // securityContext: hardened unless a violation says otherwise
    const sc = [];
    if (bad.has('privileged')) {
      if (r.chance(0.3)) sc.push('# podsec-disable-next-line privileged -- break-glass debugging image, expires 2026-06-30');
      sc.push('privileged: true');
    }
    if (bad.has('ape-true')) sc.push('allowPrivilegeEscalation: true');
    else if (!bad.has('ape-missing') && !bad.has('privileged') && hardened) sc.push('allowPrivilegeEscalation: false');
    if (bad.has('run-as-root')) sc.push('runAsUser: 0');
    if (bad.has('run-as-non-root-false')) sc.push('runAsNonRoot: false');
    if (bad.has('proc-mount')) sc.push('procMount: Unmasked');
    if (bad.has('selinux')) sc.push('seLinuxOptions:', '  type: spc_t', '  user: system_u');
    if (bad.has('seccomp-unconfined')) sc.push('seccompProfile:', '  type: Unconfined');
    if (bad.has('apparmor-field')) sc.push('appArmorProfile: {type: Unconfined}');
    if (bad.has('host-process')) sc.push('windowsOptions:', '  hostProcess: true');
    if (bad.has('cap-add')) sc.push('capabilities:', `  add: ["${r.pick(CAPS_BAD)}"]`, ...(bad.has('no-drop-all') ? [] : ['  drop: ["ALL"]']));
    else if (!bad.has('no-drop-all') && hardened) sc.push(r.chance(0.5) ? 'capabilities: {drop: [ALL]}' : 'capabilities:\n' + `${q}    drop:\n${q}      - ALL`);
    if (hardened && r.chance(0.5)) sc.push('readOnlyRootFilesystem: true');
    if (sc.length) {
      L.push(`${q}securityContext:${anchorSc ? ` &${anchorSc}` : ''}`);
      for (const s of sc) for (const line of s.split('\n')) L.push(line.startsWith(' '.repeat(ind + 4)) ? line : `${q}  ${line}`);
    }
    return L;
  }

  /** The pod spec of a workload at indentation `ind`. */
  podSpec(ind, team, app, bad, kind) {
    const r = this.r;
    const p = ' '.repeat(ind);
    const L = [];
    const hardened = r.chance(0.8);
    if (r.chance(0.6)) L.push(`${p}serviceAccountName: ${app}`);
    if (bad.has('host-network')) L.push(`${p}hostNetwork: true   # needs the node's interfaces`);
    if (bad.has('host-pid')) L.push(`${p}hostPID: true`);
    if (bad.has('host-ipc')) L.push(`${p}hostIPC: true`);
    if (kind === 'Job' || kind === 'CronJob') L.push(`${p}restartPolicy: OnFailure`);
    if (r.chance(0.4)) L.push(`${p}nodeSelector: {kubernetes.io/os: linux, node-role.example.com/${team}: "true"}`);
    if (r.chance(0.3)) L.push(`${p}tolerations:`, `${p}  - {key: dedicated, operator: Equal, value: ${team}, effect: NoSchedule}`);
    // pod-level securityContext
    const psc = [];
    if (!bad.has('no-run-as-non-root') && !bad.has('run-as-non-root-false') && hardened) psc.push('runAsNonRoot: true');
    if (hardened && !bad.has('run-as-root'))
      psc.push(`runAsUser: ${r.int(1000, 65000)}`, `runAsGroup: ${r.int(1000, 65000)}`, `fsGroup: ${r.int(1000, 65000)}`);
    if (!bad.has('seccomp-missing') && !bad.has('seccomp-annotation') && hardened)
      psc.push(r.chance(0.5) ? 'seccompProfile: {type: RuntimeDefault}' : 'seccompProfile:\n' + `${p}    type: RuntimeDefault`);
    if (bad.has('sysctl')) psc.push('sysctls:', `  - name: ${r.pick(UNSAFE_SYSCTLS)}`, '    value: "1024"', `  - {name: ${r.pick(SAFE_SYSCTLS)}, value: "1"}`);
    if (psc.length) {
      L.push(`${p}securityContext:`);
      for (const s of psc) for (const line of s.split('\n')) L.push(line.startsWith(' '.repeat(ind + 4)) ? line : `${p}  ${line}`);
    }
    const flowPorts = r.chance(0.25);
    const seqInd = r.chance(0.3) ? ind : ind + 2; // unindented or indented sequences
    if (r.chance(0.3)) {
      L.push(`${p}initContainers:`);
      L.push(...this.container(seqInd, 'init-wait', team, app, new Set(), { flowPorts, hardened, init: true }));
    }
    L.push(`${p}containers:`);
    const n = r.chance(0.7) ? 1 : r.int(2, 3);
    const anchor = n > 1 && r.chance(0.5) ? `sc${this.n}` : undefined;
    for (let i = 0; i < n; i++) {
      const cname = i === 0 ? app : r.pick(['sidecar', 'envoy', 'log-forwarder']) + (i > 1 ? `-${i}` : '');
      // the first container's securityContext is anchored and reused by the others
      L.push(
        ...this.container(seqInd, cname, team, app, i === 0 ? bad : new Set(), {
          flowPorts,
          hardened,
          anchorSc: i === 0 ? anchor : undefined,
          aliasSc: i > 0 ? anchor : undefined,
        }),
      );
    }
    const vols = [];
    vols.push(`- name: data`, `  emptyDir: {}`, `- name: config`, `  configMap:`, `    name: ${app}-config`);
    if (bad.has('host-path')) vols.push(`- name: host-logs`, `  hostPath:`, `    path: /var/log`, `    type: Directory`);
    if (bad.has('nfs-volume')) vols.push(`- name: shared`, `  nfs: {server: nfs.example.com, path: /exports/${team}}`);
    L.push(`${p}volumes:`);
    for (const v of vols) L.push(`${' '.repeat(seqInd)}${v}`);
    return L;
  }

  podAnnotations(ind, bad, app) {
    const p = ' '.repeat(ind);
    const L = [];
    if (bad.has('seccomp-annotation')) L.push(`${p}seccomp.security.alpha.kubernetes.io/pod: unconfined`);
    if (bad.has('apparmor-annotation')) L.push(`${p}container.apparmor.security.beta.kubernetes.io/${app}: unconfined`);
    if (this.r.chance(0.3)) L.push(`${p}prometheus.io/scrape: "true"`, `${p}prometheus.io/port: "9100"`);
    return L;
  }

  /** Object metadata; `annotations` are lines (without indentation) of one annotations block. */
  metadata(ind, name, team, { labelsAnchor, annotations = [] } = {}) {
    const r = this.r;
    const p = ' '.repeat(ind);
    const L = [`${p}metadata:`, `${p}  name: ${name}`, `${p}  namespace: ${team}`];
    if (labelsAnchor) L.push(`${p}  labels: &${labelsAnchor}`, `${p}    app.kubernetes.io/name: ${name}`, `${p}    app.kubernetes.io/part-of: ${team}`);
    else L.push(`${p}  labels: {app.kubernetes.io/name: ${name}, app.kubernetes.io/part-of: ${team}}`);
    const ann = [...annotations];
    if (r.chance(0.15))
      ann.push(
        `deployment.kubernetes.io/revision: "${r.int(1, 40)}"`,
        'kubectl.kubernetes.io/last-applied-configuration: |',
        `  {"apiVersion":"v1","kind":"Object","metadata":{"name":"${name}"}}`,
      );
    if (ann.length) L.push(`${p}  annotations:`, ...ann.map((a) => `${p}    ${a}`));
    return L;
  }

  /** A workload of the given kind, with its pod template. */
  workload(kind) {
    const r = this.r;
    const team = r.pick(TEAMS);
    const app = r.pick(APPS);
    const name = this.name();
    const bad = this.violations();
    const L = [];
    if (r.chance(0.4)) L.push(`# ${kind} for ${team}/${app}: managed by the ${team} team`);
    const suppress = r.chance(0.05);
    if (suppress) L.push(r.chance(0.5) ? '# podsec-disable run-as-non-root -- legacy image runs as root, tracked in OPS-1234' : '# podsec-disable privileged');
    const apiVersion =
      { Pod: 'v1', PodTemplate: 'v1', ReplicationController: 'v1', Job: 'batch/v1', CronJob: 'batch/v1', Rollout: 'argoproj.io/v1alpha1' }[kind] ?? 'apps/v1';
    L.push(`apiVersion: ${apiVersion}`, `kind: ${kind}`);
    const anchor = kind !== 'Pod' && kind !== 'PodTemplate' && r.chance(0.4) ? `labels${this.n}` : undefined;
    // an ignore annotation: mostly where it applies, sometimes left over from an old version
    const annotations =
      (bad.has('host-port') && r.chance(0.4)) || r.chance(0.02)
        ? ['podsec.io/ignore: "host-ports"', 'podsec.io/ignore-reason: node exporter needs the host port']
        : [];
    if (kind === 'Pod') annotations.push(...this.podAnnotations(0, bad, app));
    L.push(...this.metadata(0, name, team, { labelsAnchor: anchor, annotations }));
    const tmplMeta = (ind) => {
      const p = ' '.repeat(ind);
      const out = [`${p}metadata:`];
      out.push(anchor ? `${p}  labels: *${anchor}` : `${p}  labels: {app.kubernetes.io/name: ${name}}`);
      const ann = this.podAnnotations(ind + 4, bad, app);
      if (ann.length) out.push(`${p}  annotations:`, ...ann);
      return out;
    };
    const selector = (ind) => {
      const p = ' '.repeat(ind);
      return anchor ? [`${p}selector:`, `${p}  matchLabels: *${anchor}`] : [`${p}selector:`, `${p}  matchLabels:`, `${p}    app.kubernetes.io/name: ${name}`];
    };
    switch (kind) {
      case 'Pod':
        L.push('spec:', ...this.podSpec(2, team, app, bad, kind));
        break;
      case 'PodTemplate':
        L.push('template:', ...tmplMeta(2), '  spec:', ...this.podSpec(4, team, app, bad, kind));
        break;
      case 'CronJob':
        L.push(
          'spec:',
          `  schedule: "${r.int(0, 59)} ${r.int(0, 23)} * * *"`,
          '  concurrencyPolicy: Forbid',
          '  jobTemplate:',
          '    spec:',
          '      backoffLimit: 3',
          '      template:',
          ...tmplMeta(8),
          '        spec:',
          ...this.podSpec(10, team, app, bad, kind),
        );
        break;
      case 'Job':
        L.push('spec:', '  backoffLimit: 4', '  template:', ...tmplMeta(4), '    spec:', ...this.podSpec(6, team, app, bad, kind));
        break;
      default: {
        L.push('spec:');
        if (kind !== 'DaemonSet') L.push(`  replicas: ${r.int(1, 6)}`);
        if (kind === 'StatefulSet') L.push(`  serviceName: ${name}`);
        if (kind === 'Deployment' || kind === 'Rollout')
          L.push(
            '  strategy:',
            kind === 'Rollout' ? '    canary: {steps: [{setWeight: 20}, {pause: {duration: 60}}]}' : '    rollingUpdate: {maxSurge: 25%, maxUnavailable: 0}',
          );
        L.push(...selector(2), '  template:', ...tmplMeta(4), '    spec:', ...this.podSpec(6, team, app, bad, kind));
        if (kind === 'StatefulSet')
          L.push(
            '  volumeClaimTemplates:',
            '    - metadata: {name: data}',
            '      spec:',
            '        accessModes: [ReadWriteOnce]',
            '        resources: {requests: {storage: 10Gi}}',
          );
      }
    }
    if (r.chance(0.15))
      L.push(
        'status:',
        `  observedGeneration: ${r.int(1, 90)}`,
        `  replicas: ${r.int(1, 6)}`,
        '  conditions:',
        '    - type: Available',
        '      status: "True"',
        '      lastTransitionTime: "2025-01-15T10:00:00Z"',
      );
    return L;
  }

  service() {
    const r = this.r;
    const team = r.pick(TEAMS);
    const name = this.name();
    return [
      'apiVersion: v1',
      'kind: Service',
      ...this.metadata(0, name, team),
      'spec:',
      `  type: ${r.pick(['ClusterIP', 'ClusterIP', 'NodePort'])}`,
      `  selector: {app.kubernetes.io/name: ${name}}`,
      '  ports:',
      '    - name: http',
      '      port: 80',
      `      targetPort: ${8000 + r.int(0, 999)}`,
    ];
  }

  configMap() {
    const r = this.r;
    const team = r.pick(TEAMS);
    const name = `${this.name()}-config`;
    const L = [
      'apiVersion: v1',
      'kind: ConfigMap',
      ...this.metadata(0, name, team),
      'data:',
      `  LOG_LEVEL: ${r.pick(['info', 'debug', 'warn'])}`,
      '  app.yaml: |',
    ];
    // an embedded YAML config: indented content with keys that look like pod fields
    const n = r.int(4, 14);
    for (let i = 0; i < n; i++) L.push(`    setting${i}: ${r.pick(['true', '42', 'privileged: true', '"quoted # not a comment"', '- item'])}`);
    L.push('  script.sh: >-', '    #!/bin/sh', '    exec /app/server --config /etc/app/app.yaml');
    return L;
  }

  misc() {
    const r = this.r;
    const team = r.pick(TEAMS);
    const name = this.name();
    switch (r.int(0, 6)) {
      case 0:
        return ['apiVersion: v1', 'kind: ServiceAccount', ...this.metadata(0, name, team), 'automountServiceAccountToken: false'];
      case 1:
        return [
          'apiVersion: rbac.authorization.k8s.io/v1',
          'kind: Role',
          ...this.metadata(0, name, team),
          'rules:',
          '  - apiGroups: [""]',
          '    resources: [configmaps, secrets]',
          '    verbs: [get, list, watch]',
        ];
      case 2:
        return [
          'apiVersion: rbac.authorization.k8s.io/v1',
          'kind: RoleBinding',
          ...this.metadata(0, name, team),
          'roleRef: {apiGroup: rbac.authorization.k8s.io, kind: Role, name: ' + name + '}',
          'subjects:',
          `  - {kind: ServiceAccount, name: ${name}, namespace: ${team}}`,
        ];
      case 3:
        return [
          'apiVersion: networking.k8s.io/v1',
          'kind: Ingress',
          ...this.metadata(0, name, team),
          'spec:',
          '  ingressClassName: nginx',
          '  rules:',
          `    - host: ${name}.example.com`,
          '      http:',
          '        paths:',
          '          - path: /',
          '            pathType: Prefix',
          `            backend: {service: {name: ${name}, port: {number: 80}}}`,
        ];
      case 4:
        return [
          'apiVersion: networking.k8s.io/v1',
          'kind: NetworkPolicy',
          ...this.metadata(0, name, team),
          'spec:',
          '  podSelector: {}',
          '  policyTypes: [Ingress, Egress]',
          '  ingress:',
          '    - from:',
          '        - namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: ingress}}',
        ];
      case 5:
        return [
          'apiVersion: policy/v1',
          'kind: PodDisruptionBudget',
          ...this.metadata(0, name, team),
          'spec:',
          '  minAvailable: 1',
          `  selector: {matchLabels: {app.kubernetes.io/name: ${name}}}`,
        ];
      default:
        return ['apiVersion: v1', 'kind: Secret', ...this.metadata(0, name, team), 'type: Opaque', 'stringData:', `  password: "${name}-not-a-real-secret"`];
    }
  }

  /** A `kind: List` as `kubectl get -o yaml` prints it: items indented under the list. */
  list() {
    const items = [];
    const n = this.r.int(2, 4);
    for (let i = 0; i < n; i++) {
      this.n++;
      const doc = i % 2 ? this.service() : this.workload(this.r.pick(['Deployment', 'DaemonSet', 'Pod']));
      const body = doc.filter((l) => !l.startsWith('#'));
      items.push(`- ${body[0]}`, ...body.slice(1).map((l) => `  ${l}`));
    }
    return ['apiVersion: v1', 'kind: List', 'metadata:', '  resourceVersion: ""', 'items:', ...items];
  }

  /** A document with a YAML error (a tab in indentation), as a typo in a hand-edited file. */
  broken() {
    const doc = this.workload('Deployment');
    const i = doc.findIndex((l) => l.includes('replicas:'));
    if (i >= 0) doc[i] = '\treplicas: 2';
    else doc.push('spec: [unclosed');
    return doc;
  }

  /** Next document, with the mix of a rendered chart / cluster dump. */
  document() {
    const r = this.r;
    this.n++;
    const x = r.next();
    if (this.n % 97 === 13) return this.broken();
    if (this.n % 41 === 7) return this.list();
    if (x < 0.42)
      return this.workload(
        r.pick([
          'Deployment',
          'Deployment',
          'Deployment',
          'StatefulSet',
          'DaemonSet',
          'Job',
          'CronJob',
          'Pod',
          'ReplicaSet',
          'ReplicationController',
          'PodTemplate',
          'Rollout',
        ]),
      );
    if (x < 0.62) return this.service();
    if (x < 0.77) return this.configMap();
    return this.misc();
  }

  /** Documents joined with `---` until about `lines` lines; always contains every violation. */
  stream(lines) {
    const out = [];
    let count = 0;
    while (count < lines || this.v < VIOLATIONS.length) {
      const doc = this.document();
      if (out.length) {
        out.push(this.r.chance(0.1) ? '--- # next object' : '---');
        count++;
      }
      out.push(...doc);
      count += doc.length;
    }
    return out.join('\n') + '\n';
  }
}

export const CORPUS_FILES = [
  { name: 'manifests-1k.yaml', lines: 1_000, seed: 1 },
  { name: 'manifests-10k.yaml', lines: 10_000, seed: 10 },
  { name: 'manifests-100k.yaml', lines: 100_000, seed: 100 },
];
export const DIR_NAME = 'dir-2000';
export const DIR_FILES = 2_000;
/** The workspace the language server's index reads (bench/index.mjs): 5,000 YAML files in all. */
export const WORKSPACE_NAME = 'workspace-5000';
export const WORKSPACE_FILES = 5_000;
/** Per team: workload files whose objects are all in the team's namespace (`teams/<team>/apps/web-<k>.yaml`). */
export const WORKSPACE_TEAM_APPS = 5;

function countLines(text) {
  let n = 0;
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) n++;
  return n;
}

/** Write the corpora into `dir` unless an up-to-date copy is already there. Returns what exists. */
export function ensureCorpus(dir) {
  const stamp = join(dir, 'VERSION');
  if (!existsSync(stamp) || readFileSync(stamp, 'utf8').trim() !== String(CORPUS_VERSION)) {
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir, { recursive: true });
    for (const f of CORPUS_FILES) writeFileSync(join(dir, f.name), new Gen(f.seed).stream(f.lines));
    // 2,000 small files in per-team folders: chart-sized files of one to four documents,
    // a few with CRLF line breaks or a byte order mark, as editors on other systems write them.
    const g = new Gen(2000);
    for (let i = 0; i < DIR_FILES; i++) {
      const team = TEAMS[i % TEAMS.length];
      const sub = join(dir, DIR_NAME, team, `app-${Math.floor(i / TEAMS.length) % 20}`);
      mkdirSync(sub, { recursive: true });
      let text = g.stream(g.r.int(20, 120));
      if (i % 50 === 7) text = text.replace(/\n/g, '\r\n');
      if (i % 50 === 13) text = '\ufeff' + text;
      writeFileSync(join(sub, `${String(i).padStart(4, '0')}-${g.r.pick(APPS)}.yaml`), text);
    }
    writeWorkspace(join(dir, WORKSPACE_NAME), join(dir, 'manifests-10k.yaml'));
    writeFileSync(stamp, `${CORPUS_VERSION}\n`);
  }
  return describeCorpus(dir);
}

/**
 * A team repository of 5,000 manifests as the dir corpus writes them, plus what the workspace
 * index looks for: a Namespace per team with Pod Security labels (some teams at baseline, some
 * at restricted), an AdmissionConfiguration with defaults and exemptions, and a copy of the
 * 10k-line file to edit.
 */
function writeWorkspace(ws, tenK) {
  const g = new Gen(5000);
  // the namespaces, the team apps, the admission configuration and the 10k-line dump are the rest
  const generated = WORKSPACE_FILES - TEAMS.length * (1 + WORKSPACE_TEAM_APPS) - 2;
  for (let i = 0; i < generated; i++) {
    const team = TEAMS[i % TEAMS.length];
    const sub = join(ws, 'teams', team, `app-${Math.floor(i / TEAMS.length) % 50}`);
    mkdirSync(sub, { recursive: true });
    writeFileSync(join(sub, `${String(i).padStart(4, '0')}-${g.r.pick(APPS)}.yaml`), g.stream(g.r.int(20, 120)));
  }
  TEAMS.forEach((team, k) => {
    const level = k % 3 === 0 ? 'restricted' : 'baseline';
    writeFileSync(
      join(ws, 'teams', team, 'namespace.yaml'),
      [
        'apiVersion: v1',
        'kind: Namespace',
        'metadata:',
        `  name: ${team}`,
        '  labels:',
        `    pod-security.kubernetes.io/enforce: ${level}`,
        '    pod-security.kubernetes.io/enforce-version: v1.30',
        '    pod-security.kubernetes.io/warn: restricted',
        '',
      ].join('\n'),
    );
    for (let a = 0; a < WORKSPACE_TEAM_APPS; a++) {
      mkdirSync(join(ws, 'teams', team, 'apps'), { recursive: true });
      writeFileSync(
        join(ws, 'teams', team, 'apps', `web-${a}.yaml`),
        [
          'apiVersion: apps/v1',
          'kind: Deployment',
          'metadata:',
          `  name: web-${a}`,
          `  namespace: ${team}`,
          'spec:',
          '  template:',
          '    spec:',
          '      containers:',
          '        - name: web',
          `          image: registry.example.com/${team}/web:1.${a}.0`,
          '          securityContext:',
          `            privileged: ${a % 2 === 0}`,
          '            runAsNonRoot: true',
          '',
        ].join('\n'),
      );
    }
  });
  mkdirSync(join(ws, 'cluster'), { recursive: true });
  writeFileSync(
    join(ws, 'cluster', 'admission-configuration.yaml'),
    [
      'apiVersion: apiserver.config.k8s.io/v1',
      'kind: AdmissionConfiguration',
      'plugins:',
      '  - name: PodSecurity',
      '    configuration:',
      '      apiVersion: pod-security.admission.config.k8s.io/v1',
      '      kind: PodSecurityConfiguration',
      '      defaults: {enforce: baseline, enforce-version: latest, warn: restricted, warn-version: latest}',
      '      exemptions: {namespaces: [kube-system], runtimeClasses: [], usernames: []}',
      '',
    ].join('\n'),
  );
  mkdirSync(join(ws, 'dumps'), { recursive: true });
  writeFileSync(join(ws, 'dumps', 'manifests-10k.yaml'), readFileSync(tenK));
}

function walk(d, out) {
  for (const e of readdirSync(d, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
    const p = join(d, e.name);
    if (e.isDirectory()) walk(p, out);
    else out.push(p);
  }
  return out;
}

/** Inputs with their sizes: the three files and the directory. */
export function describeCorpus(dir) {
  const inputs = CORPUS_FILES.map((f) => {
    const path = join(dir, f.name);
    const text = readFileSync(path, 'utf8');
    return {
      id: f.name.replace(/^manifests-|\.yaml$/g, ''),
      path,
      files: [path],
      bytes: statSync(path).size,
      lines: countLines(text),
      documents: text.split(/^---/m).length,
    };
  });
  const files = walk(join(dir, DIR_NAME), []);
  let bytes = 0;
  let lines = 0;
  for (const f of files) {
    bytes += statSync(f).size;
    lines += countLines(readFileSync(f, 'utf8'));
  }
  inputs.push({ id: 'dir', path: join(dir, DIR_NAME), files, bytes, lines, documents: null });
  return inputs;
}
