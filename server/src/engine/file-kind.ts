/**
 * What a file is, read from its path and its text without parsing it: Kubernetes objects, or an
 * RKE2 config. Front ends use it to decide what to analyse and what to report (an editor keeps
 * quiet about the YAML syntax of files that are neither); rules use the RKE2 recognition to know
 * which documents are node configuration.
 */
import { isLineBreak, LINE_BREAK } from './text';

/** A top-level `apiVersion:` or `kind:` key (block style), or a quoted one (JSON and flow style). */
const MANIFEST_KEY = /^["']?(?:apiVersion|kind)["']?[ \t]*:|["'](?:apiVersion|kind)["'][ \t]*:/m;

/**
 * Whether a text looks like Kubernetes objects: it has a top-level `apiVersion` or `kind` key, read
 * from the text so that a document too broken to parse still counts. Editors use it to keep quiet
 * about the syntax of YAML files that are not manifests (workflows, compose files, ...), which
 * other tools already check.
 */
export function looksLikeManifest(text: string): boolean {
  return MANIFEST_KEY.test(text);
}

/** A chart's `templates/` folder, or a Go template file (`.tpl`, `.gotmpl`). */
const HELM_TEMPLATE = /(^|[\\/])templates[\\/]|\.(?:tpl|gotmpl)$/i;

/**
 * Whether a path names a Go template: a file under a Helm chart's `templates/` folder, or a
 * `.tpl`/`.gotmpl` file. Other files are Go templates only when their text reads as one
 * (`looksLikeGoTemplate` in template.ts): `{{ }}` in a plain manifest is YAML text.
 */
export function isHelmTemplatePath(filePath: string | undefined): boolean {
  return !!filePath && HELM_TEMPLATE.test(filePath);
}

/** The comment `# podsec: rke2-config`, which marks a YAML document as an RKE2 config wherever the file lives. */
const MARKER = /^#\s*podsec:\s*rke2-config\s*$/;

const MAIN_CONFIG = /(^|[\\/])rancher[\\/]rke2[\\/]config\.yaml$/i;
const DROP_IN = /(^|[\\/])rancher[\\/]rke2[\\/]config\.yaml\.d[\\/][^\\/]+\.ya?ml$/i;

export type Rke2ConfigKind = 'main' | 'drop-in';

/**
 * What an RKE2 config path is: the main `config.yaml` or a `config.yaml.d` drop-in (RKE2 reads
 * `.yaml` and `.yml` drop-ins, in any letter case). Paths use `/` or `\`.
 */
export function rke2ConfigKind(filePath: string | undefined): Rke2ConfigKind | undefined {
  if (!filePath) return undefined;
  if (MAIN_CONFIG.test(filePath)) return 'main';
  if (DROP_IN.test(filePath)) return 'drop-in';
  return undefined;
}

/** The comment lines hold the `# podsec: rke2-config` marker. */
export function hasRke2Marker(comments: string[]): boolean {
  return comments.some((c) => MARKER.test(c.trim()));
}

/** How many first lines of a file may hold the `# podsec: rke2-config` marker. */
export const RKE2_MARKER_LINES = 50;

/** The `# podsec: rke2-config` marker in the comment lines that open a text. */
function markedAsRke2Config(text: string): boolean {
  for (const line of text.replace(/^\uFEFF/, '').split(LINE_BREAK, RKE2_MARKER_LINES)) {
    const t = line.trim();
    if (!t || t === '---') continue;
    if (!t.startsWith('#')) return false;
    if (MARKER.test(t)) return true;
  }
  return false;
}

/**
 * The keys of RKE2's configuration file: the flags of `rke2 server` and `rke2 agent` (RKE2's
 * server and agent configuration references, and `pkg/cli/cmds` in its source, where the K3s
 * flags RKE2 keeps are marked `copy`). A key written `key+` appends to the value.
 */
const RKE2_KEYS = new Set([
  // common, listener, data, networking
  'config',
  'debug',
  'bind-address',
  'advertise-address',
  'tls-san',
  'tls-san-security',
  'data-dir',
  'cluster-cidr',
  'service-cidr',
  'service-node-port-range',
  'cluster-dns',
  'cluster-domain',
  'egress-selector-mode',
  'servicelb-namespace',
  'node-ip',
  'node-external-ip',
  'node-internal-dns',
  'node-external-dns',
  'resolv-conf',
  'lb-server-port',
  'vpn-auth',
  'vpn-auth-file',
  // client, cluster
  'write-kubeconfig',
  'write-kubeconfig-mode',
  'write-kubeconfig-group',
  'token',
  'token-file',
  'agent-token',
  'agent-token-file',
  'server',
  'cluster-reset',
  'cluster-reset-restore-path',
  // a K3s flag RKE2 does not need, often written in its configs all the same
  'cluster-init',
  // component flags, images, mounts and environment
  'kube-apiserver-arg',
  'etcd-arg',
  'kube-controller-manager-arg',
  'kube-scheduler-arg',
  'kubelet-arg',
  'kube-proxy-arg',
  'kube-cloud-controller-manager-arg',
  'cloud-controller-manager-arg',
  'kube-apiserver-image',
  'kube-controller-manager-image',
  'kube-proxy-image',
  'kube-scheduler-image',
  'pause-image',
  'runtime-image',
  'etcd-image',
  'cloud-controller-manager-image',
  'helm-job-image',
  'kube-apiserver-extra-mount',
  'kube-scheduler-extra-mount',
  'kube-controller-manager-extra-mount',
  'kube-proxy-extra-mount',
  'etcd-extra-mount',
  'cloud-controller-manager-extra-mount',
  'kube-apiserver-extra-env',
  'kube-scheduler-extra-env',
  'kube-controller-manager-extra-env',
  'kube-proxy-extra-env',
  'etcd-extra-env',
  'cloud-controller-manager-extra-env',
  'control-plane-resource-requests',
  'control-plane-resource-limits',
  'control-plane-probe-configuration',
  // etcd
  'etcd-expose-metrics',
  'etcd-disable-snapshots',
  'etcd-snapshot-name',
  'etcd-snapshot-schedule-cron',
  'etcd-snapshot-retention',
  'etcd-snapshot-dir',
  'etcd-snapshot-compress',
  'etcd-s3',
  'etcd-s3-endpoint',
  'etcd-s3-endpoint-ca',
  'etcd-s3-skip-ssl-verify',
  'etcd-s3-access-key',
  'etcd-s3-secret-key',
  'etcd-s3-bucket',
  'etcd-s3-region',
  'etcd-s3-folder',
  'etcd-s3-proxy',
  'etcd-s3-config-secret',
  'etcd-s3-insecure',
  'etcd-s3-timeout',
  'etcd-s3-retention',
  // components
  'disable',
  'disable-scheduler',
  'disable-cloud-controller',
  'disable-kube-proxy',
  'disable-apiserver',
  'disable-controller-manager',
  'disable-etcd',
  'disable-apiserver-lb',
  'enable-servicelb',
  'ingress-controller',
  'cni',
  'embedded-registry',
  'supervisor-metrics',
  'enable-pprof',
  // agent, runtime, registries
  'node-name',
  'node-label',
  'node-taint',
  'image-credential-provider-bin-dir',
  'image-credential-provider-config',
  'container-runtime-endpoint',
  'image-service-endpoint',
  'default-runtime',
  'disable-default-registry-endpoint',
  'snapshotter',
  'private-registry',
  'system-default-registry',
  'airgap-extra-registry',
  'protect-kernel-defaults',
  'selinux',
  'secrets-encryption',
  'secrets-encryption-provider',
  // hardening, cloud
  'profile',
  'audit-policy-file',
  'pod-security-admission-config-file',
  'cloud-provider-name',
  'cloud-provider-config',
]);

/** RKE2 keys that also name settings of many other tools: they count as RKE2 keys, not as evidence. */
const COMMON_KEYS = new Set([
  'config',
  'debug',
  'data-dir',
  'token',
  'server',
  'profile',
  'disable',
  'selinux',
  'cni',
  'snapshotter',
  'node-name',
  'bind-address',
  'resolv-conf',
  'cluster-init',
]);

/** How many RKE2-only keys make a file an RKE2 config (one when its path names rke2). */
const RKE2_EVIDENCE = 2;

/**
 * The top-level keys of a text's first YAML document, read without parsing: a block mapping's
 * keys at column 0 (template lines such as `{% if %}` and `{{ }}` skipped). Undefined when the
 * document is not a block mapping.
 */
export function topLevelKeys(text: string): string[] | undefined {
  const keys: string[] = [];
  // line by line as far as the first document goes (a large stream is never split whole)
  for (let ls = text.charCodeAt(0) === 0xfeff ? 1 : 0; ls < text.length;) {
    let le = ls;
    while (le < text.length && !isLineBreak(text.charCodeAt(le))) le++;
    const line = text.slice(ls, le);
    ls = le + (text.charCodeAt(le) === 13 && text.charCodeAt(le + 1) === 10 ? 2 : 1);
    if (!line.trim() || /^\s/.test(line) || line.startsWith('#') || /^\{[{%#]/.test(line) || line.startsWith('%')) continue;
    if (/^(---|\.\.\.)(\s|$)/.test(line)) {
      if (keys.length) break;
      continue;
    }
    const m = /^(["']?)([^\s"':#{}[\],&*!|>%@`][^"':]*?)\1[ \t]*:(?:[ \t]|$)/.exec(line);
    if (!m) return undefined;
    keys.push(m[2]);
  }
  return keys.length ? keys : undefined;
}

/**
 * Whether these top-level keys make a document an RKE2 config: every key is an RKE2 config key
 * (`key+` appends), none is `apiVersion` or `kind`, and at least two of them are keys only an RKE2
 * (or K3s) config writes, or one when the file's path names rke2. Ordinary YAML (an app's
 * `token:` and `server:`, a values file) stays quiet; a K3s config has keys RKE2 does not know.
 * Returns why, for people: the keys that identify it.
 */
export function rke2ByKeys(keys: readonly string[], filePath?: string): string | undefined {
  if (!keys.length) return undefined;
  const bare = keys.map((k) => (k.endsWith('+') ? k.slice(0, -1) : k));
  if (!bare.every((k) => RKE2_KEYS.has(k))) return undefined;
  const evidence = [...new Set(bare.filter((k) => !COMMON_KEYS.has(k)))];
  const named = !!filePath && /rke2/i.test(filePath.replace(/^.*[\\/]/, ''));
  if (evidence.length < (named ? 1 : RKE2_EVIDENCE)) return undefined;
  // a K3s config writes the same keys; its path says which it is
  if (filePath && /k3s/i.test(filePath)) return undefined;
  // the first keys that decided it (a fix that adds a key leaves them as they are)
  const shown = evidence.length === 1 ? evidence[0] : `${evidence[0]} and ${evidence[1]}`;
  return `its top-level keys are all RKE2 config keys, among them ${shown}${named ? ', and its name says rke2' : ''}`;
}

/** How a file is read as an RKE2 config: by its path, its marker, or its keys (why says which). */
export interface Rke2FileKind {
  role: 'main' | 'drop-in' | 'standalone';
  why: string;
  /** recognised by its keys alone: podsec says so in a finding (`rke2-config-recognized`) */
  byContent?: boolean;
}

/** The reason a path gives, in the words findings and hover use. */
export function rke2PathReason(kind: Rke2ConfigKind): string {
  return `its path (${kind === 'main' ? 'rancher/rke2/config.yaml' : 'rancher/rke2/config.yaml.d/'})`;
}

export const RKE2_MARKER_REASON = 'the comment "# podsec: rke2-config"';

/**
 * Whether a file is read as an RKE2 config, and why: by its path, by the marker in one of its
 * first comment lines, or by its keys (`rke2ByKeys`). Front ends that only analyse Kubernetes
 * objects must still analyse such a file.
 */
export function rke2FileKind(filePath: string | undefined, text: string): Rke2FileKind | undefined {
  const kind = rke2ConfigKind(filePath);
  if (kind) return { role: kind, why: rke2PathReason(kind) };
  if (markedAsRke2Config(text)) return { role: 'standalone', why: RKE2_MARKER_REASON };
  const keys = topLevelKeys(text);
  const why = keys && rke2ByKeys(keys, filePath);
  return why ? { role: 'standalone', why, byContent: true } : undefined;
}

/**
 * The same for a parsed document: its path, the marker in its leading comments, or its top-level
 * keys (undefined when it is not a mapping, or is a Kubernetes object).
 */
export function rke2DocumentKind(filePath: string | undefined, leadingComments: string[], keys: readonly string[] | undefined): Rke2FileKind | undefined {
  const kind = rke2ConfigKind(filePath);
  if (kind) return { role: kind, why: rke2PathReason(kind) };
  if (hasRke2Marker(leadingComments)) return { role: 'standalone', why: RKE2_MARKER_REASON };
  const why = keys && rke2ByKeys(keys, filePath);
  return why ? { role: 'standalone', why, byContent: true } : undefined;
}

/** Whether a file is read as an RKE2 config (see `rke2FileKind`). */
export function claimsAsRke2Config(filePath: string | undefined, text: string): boolean {
  return !!rke2FileKind(filePath, text);
}
