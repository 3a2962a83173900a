/**
 * Reserved namespaces hold the platform only. kube-system runs the control plane, networking,
 * DNS, metrics and the charts RKE2 bundles; kube-public and kube-node-lease hold no workloads at
 * all. A user workload placed there shares the platform's service accounts, secrets and policy
 * exemptions.
 */
import type { YNode } from '../model';
import { defineRule, ObjectContext } from '../rule';
import {
  CIS_NAMESPACE_BOUNDARIES,
  K8S_DEDICATED_NAMESPACES,
  K8S_SEPARATE_USER_FUNCTIONALITY,
  NSA_NAMESPACES,
  RKE2_SYSTEM_NAMESPACES,
  SRG_SEPARATE_EXECUTION_DOMAINS,
  SRG_SEPARATE_USER_FUNCTIONALITY,
} from '../standards';
import type { Steps } from '../steps';
import { moveNamespaceFix, SYSTEM_NAMESPACES } from './utils/namespaces';
import { describeObject } from './utils/wording';

/** `k8s-app` label values of platform add-ons (DNS, proxy, metrics, networking). */
export const PLATFORM_K8S_APPS = [
  'kube-dns',
  'kube-proxy',
  'metrics-server',
  'node-local-dns',
  'konnectivity-agent',
  'calico-node',
  'calico-kube-controllers',
  'calico-typha',
  'canal',
  'flannel',
  'cilium',
  'cilium-operator',
  'cilium-envoy',
  'hubble-relay',
  'hubble-ui',
  'cloud-controller-manager',
];

/** `component` label values of control-plane static pods (usually with `tier: control-plane`). */
export const CONTROL_PLANE_COMPONENTS = ['etcd', 'kube-apiserver', 'kube-controller-manager', 'kube-scheduler', 'kube-proxy', 'cloud-controller-manager'];

/** Charts RKE2 deploys into kube-system; their objects are named after the chart. */
export const RKE2_CHARTS = [
  'rke2-canal',
  'rke2-calico',
  'rke2-calico-crd',
  'rke2-cilium',
  'rke2-flannel',
  'rke2-multus',
  'rke2-coredns',
  'rke2-ingress-nginx',
  'rke2-traefik',
  'rke2-metrics-server',
  'rke2-runtimeclasses',
  'rke2-snapshot-controller',
  'rke2-snapshot-controller-crd',
  'rke2-snapshot-validation-webhook',
  'rancher-vsphere-cpi',
  'rancher-vsphere-csi',
  'harvester-cloud-provider',
  'harvester-csi-driver',
];

/** Labels of the object and of its pod template (the template wins, it is what the pods carry). */
export function labelsOf(ctx: ObjectContext<never>): Map<string, string> {
  const out = new Map<string, string>();
  const add = (n: YNode | undefined) => {
    for (const [k, v] of n?.entries() ?? []) {
      const s = v.str();
      if (s !== undefined) out.set(k, s);
    }
  };
  add(ctx.object.root.at('metadata', 'labels'));
  add(ctx.pod?.metadata?.get('labels'));
  return out;
}

function fromChart(name: string, chart: string): boolean {
  return name === chart || name.startsWith(`${chart}-`);
}

/** Why an object counts as a platform component of kube-system, or undefined. */
export function platformComponent(name: string | null, labels: Map<string, string>): string | undefined {
  const app = labels.get('k8s-app');
  if (app && PLATFORM_K8S_APPS.includes(app)) return `k8s-app: ${app}`;
  const component = labels.get('component');
  if (component && CONTROL_PLANE_COMPONENTS.includes(component)) return `component: ${component}`;
  for (const chart of RKE2_CHARTS) {
    if (name && fromChart(name, chart)) return `part of ${chart}`;
    for (const key of ['app.kubernetes.io/instance', 'app.kubernetes.io/name', 'release']) {
      if (labels.get(key) === chart) return `${key}: ${chart}`;
    }
    const helmChart = labels.get('helm.sh/chart');
    if (helmChart && new RegExp(`^${chart.replace(/[-.]/g, '\\$&')}-v?\\d`).test(helmChart)) return `helm.sh/chart: ${helmChart}`;
  }
  // Jobs of RKE2's Helm controller that install or remove the charts above (and others).
  if (name && /^helm-(install|delete)-./.test(name)) return 'Helm controller job';
  return undefined;
}

/**
 * `*` matches any run of characters, everything else itself; O(pattern x text), no backtracking
 * blow-up (`steps` counts the comparisons).
 */
export function wildcardMatch(pattern: string, text: string, steps?: Steps): boolean {
  let p = 0;
  let i = 0;
  let star = -1;
  let mark = 0;
  while (i < text.length) {
    if (steps) steps.n++;
    if (p < pattern.length && pattern[p] === '*') {
      star = p++;
      mark = i;
    } else if (p < pattern.length && pattern[p] === text[i]) {
      p++;
      i++;
    } else if (star >= 0) {
      p = star + 1;
      i = ++mark;
    } else return false;
  }
  while (pattern[p] === '*') p++;
  return p === pattern.length;
}

/**
 * Whether an entry of the `allow` option matches: `key=value` matches a label (object or pod
 * template), anything else the object's name; `*` matches any run of characters.
 */
export function allowEntryMatches(entry: string, name: string | null, labels: Map<string, string>): boolean {
  const eq = entry.indexOf('=');
  if (eq > 0) {
    const value = labels.get(entry.slice(0, eq).trim());
    return value !== undefined && wildcardMatch(entry.slice(eq + 1).trim(), value);
  }
  return name !== null && wildcardMatch(entry.trim(), name);
}

/** The `allow` option as a clean list of strings. */
export function allowList(options: Record<string, unknown>): string[] {
  const v = options.allow;
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string' && x.trim() !== '') : [];
}

export default defineRule({
  meta: {
    id: 'system-namespace-workload',
    title: 'User workloads in system namespaces',
    description:
      "Flags workloads and pods placed in kube-system, kube-public or kube-node-lease that are not platform components. In kube-system, platform components are recognised by well-known labels and names: k8s-app (kube-dns, kube-proxy, metrics-server, calico-node, cilium, ...), component (etcd, kube-apiserver, kube-controller-manager, kube-scheduler, kube-proxy, cloud-controller-manager), the charts RKE2 bundles (rke2-coredns, rke2-ingress-nginx, rke2-metrics-server, rke2-canal, rke2-calico, rke2-cilium, ...) and the Helm controller's helm-install-* jobs. kube-public and kube-node-lease hold no workloads at all. The allow option adds entries for every system namespace: a name pattern (vsphere-csi-*) or a label (app.kubernetes.io/part-of=storage). A namespace produced by a template is not judged.",
    rationale:
      'The system namespaces hold the control plane and the node-level services every workload depends on. Their service accounts are highly privileged, their secrets include cluster credentials, and they are usually exempt from Pod Security admission. A user application placed there shares all of that: one compromise of it reaches the platform itself.',
    remediation:
      'Deploy the application into a namespace of its own (create it, label it with the Pod Security level it must meet, and move the workload). If the workload is in fact a platform component that your organisation approved, add it to the allow option of this rule in .podsec.yaml.',
    profiles: { baseline: 'warning', restricted: 'warning', 'stig-rke2': 'error', 'stig-kubernetes': 'error' },
    defaultSeverity: 'warning',
    fixable: true,
    standards: [
      RKE2_SYSTEM_NAMESPACES,
      SRG_SEPARATE_EXECUTION_DOMAINS,
      K8S_SEPARATE_USER_FUNCTIONALITY,
      SRG_SEPARATE_USER_FUNCTIONALITY,
      K8S_DEDICATED_NAMESPACES,
      CIS_NAMESPACE_BOUNDARIES,
      NSA_NAMESPACES,
    ],
    messages: {
      userWorkload: '{{object}} is a user workload in {{namespace}}, {{what}}.',
    },
    options: {
      allow: {
        type: 'string[]',
        description:
          'Further platform components allowed in the system namespaces: object name patterns (* matches anything) or label selectors written key=value.',
        default: [],
      },
    },
  },
  checkObject(ctx) {
    if (!ctx.pod) return;
    const ns = ctx.object.root.at('metadata', 'namespace');
    const value = ns?.str();
    if (!ns || ns.templated || value === undefined || !SYSTEM_NAMESPACES.includes(value)) return;
    const name = ctx.object.resource.name;
    const labels = labelsOf(ctx);
    if (allowList(ctx.options).some((e) => allowEntryMatches(e, name, labels))) return;
    if (value === 'kube-system' && platformComponent(name, labels)) return;
    const what = value === 'kube-system' ? 'a namespace reserved for platform components' : 'a namespace that holds no workloads';
    ctx.report({
      node: ns,
      at: 'value',
      messageId: 'userWorkload',
      data: { object: describeObject(ctx.object), namespace: value, what },
      fix: moveNamespaceFix(ctx.object, ns),
    });
  },
});
