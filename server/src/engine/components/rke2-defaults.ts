/**
 * What RKE2 itself configures on its components when `config.yaml` says nothing: the flags it
 * passes and, for the kubelet, the settings it writes into its kubelet configuration drop-in.
 * Plain data, read by `rke2.ts`; each entry says where it was read. The STIG catalogue's
 * NOTES.md (engine/stig) has the full table with and without `profile: cis`.
 *
 * Sources:
 * - rancher/rke2@6ce1a8019e9d `pkg/executor/staticpod/staticpod.go` (APIServer prepends the audit
 *   flags and `--admission-control-config-file` before the arguments it gets), `pkg/cli/cmds/profile_linux.go`;
 * - k3s-io/k3s `pkg/daemons/config/types.go` GetArgs (user `*-arg` entries replace,
 *   append to (`flag+=v`) or prepend to (`flag-=v`) the defaults; one `--` is trimmed);
 * - CIS112: rancher/rke2-docs@9477b7b1df1f `docs/security/cis_self_assessment112.md` (process listings of RKE2
 *   v1.33 to v1.36 servers), whose kubelet keeps its settings in
 *   `/var/lib/rancher/rke2/agent/etc/kubelet.conf.d/00-rke2-defaults.conf`.
 */
import type { Component } from './flags';

/** The cipher suites RKE2 passes to kube-apiserver (CIS112). */
export const RKE2_APISERVER_CIPHERS = [
  'TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384',
  'TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384',
  'TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256',
  'TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256',
  'TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305',
  'TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305',
];

/** Flags RKE2 (through its embedded k3s) passes to each component before the user's `*-arg` entries. */
export const RKE2_FLAG_DEFAULTS: Record<Component, Record<string, string>> = {
  'kube-apiserver': {
    'anonymous-auth': 'false',
    'authorization-mode': 'Node,RBAC',
    'secure-port': '6443',
    'tls-cipher-suites': RKE2_APISERVER_CIPHERS.join(','),
    'client-ca-file': '/var/lib/rancher/rke2/server/tls/client-ca.crt',
    'tls-cert-file': '/var/lib/rancher/rke2/server/tls/serving-kube-apiserver.crt',
    'tls-private-key-file': '/var/lib/rancher/rke2/server/tls/serving-kube-apiserver.key',
    'etcd-servers': 'https://127.0.0.1:2379',
    'etcd-cafile': '/var/lib/rancher/rke2/server/tls/etcd/server-ca.crt',
    'etcd-certfile': '/var/lib/rancher/rke2/server/tls/etcd/client.crt',
    'etcd-keyfile': '/var/lib/rancher/rke2/server/tls/etcd/client.key',
    'kubelet-client-certificate': '/var/lib/rancher/rke2/server/tls/client-kube-apiserver.crt',
    'kubelet-client-key': '/var/lib/rancher/rke2/server/tls/client-kube-apiserver.key',
    'enable-admission-plugins': 'NodeRestriction',
    'encryption-provider-config': '/var/lib/rancher/rke2/server/cred/encryption-config.json',
    profiling: 'false',
  },
  'kube-controller-manager': {
    'use-service-account-credentials': 'true',
    'bind-address': '127.0.0.1',
    profiling: 'false',
    'root-ca-file': '/var/lib/rancher/rke2/server/tls/server-ca.crt',
    'secure-port': '10257',
  },
  'kube-scheduler': {
    'bind-address': '127.0.0.1',
    profiling: 'false',
    'secure-port': '10259',
  },
  kubelet: {
    'read-only-port': '0',
  },
  etcd: {
    'client-cert-auth': 'true',
    'peer-client-cert-auth': 'true',
    'cert-file': '/var/lib/rancher/rke2/server/tls/etcd/server-client.crt',
    'key-file': '/var/lib/rancher/rke2/server/tls/etcd/server-client.key',
    'peer-cert-file': '/var/lib/rancher/rke2/server/tls/etcd/peer-server-client.crt',
    'peer-key-file': '/var/lib/rancher/rke2/server/tls/etcd/peer-server-client.key',
  },
  'kube-proxy': {},
};

/**
 * Kubelet settings RKE2 writes into its kubelet configuration drop-in (by flag name), on the
 * releases since early 2025 that start the kubelet with `--config-dir` (CIS112). The kubelet's
 * command-line flags override them. `protect-kernel-defaults` follows the RKE2 option and
 * `profile: cis` (see rke2.ts).
 */
export const RKE2_KUBELET_CONFIG: Record<string, string> = {
  'anonymous-auth': 'false',
  'authorization-mode': 'Webhook',
  'client-ca-file': '/var/lib/rancher/rke2/agent/client-ca.crt',
  'tls-cert-file': '/var/lib/rancher/rke2/agent/serving-kubelet.crt',
  'tls-private-key-file': '/var/lib/rancher/rke2/agent/serving-kubelet.key',
  'streaming-connection-idle-timeout': '4h0m0s',
  'pod-manifest-path': '/var/lib/rancher/rke2/agent/pod-manifests',
};

/** The audit policy RKE2 uses with `profile: cis` when `audit-policy-file` is not set. */
export const RKE2_DEFAULT_AUDIT_POLICY = '/etc/rancher/rke2/audit-policy.yaml';

/** The Pod Security admission configuration RKE2 writes when `pod-security-admission-config-file` is not set. */
export const RKE2_DEFAULT_PSA_CONFIG = '/etc/rancher/rke2/rke2-pss.yaml';

/** Flags RKE2 puts before the user's kube-apiserver arguments when audit logging is on (the user's own win). */
export function rke2AuditFlags(policyFile: string): Record<string, string> {
  return {
    'audit-policy-file': policyFile,
    'audit-log-maxage': '30',
    'audit-log-maxbackup': '10',
    'audit-log-maxsize': '100',
    'audit-log-path': '/var/lib/rancher/rke2/server/logs/audit.log',
  };
}

/**
 * Compiled-in defaults of the flags podsec reads (the component's own, when nothing sets the
 * flag): kubernetes.io command-line references; for the kubelet, the flag defaults (a
 * KubeletConfiguration file has others, see kubelet-config.ts).
 */
export const COMPONENT_DEFAULTS: Record<Component, Record<string, string>> = {
  'kube-apiserver': {
    'anonymous-auth': 'true',
    'authorization-mode': 'AlwaysAllow',
    'secure-port': '6443',
    'audit-log-maxage': '0',
    'audit-log-maxbackup': '0',
    'audit-log-maxsize': '0',
    'audit-log-mode': 'blocking',
    profiling: 'true',
    'request-timeout': '1m0s',
  },
  'kube-controller-manager': {
    'use-service-account-credentials': 'false',
    'bind-address': '0.0.0.0',
    profiling: 'true',
    'secure-port': '10257',
  },
  'kube-scheduler': { 'bind-address': '0.0.0.0', profiling: 'true', 'secure-port': '10259' },
  kubelet: {
    'anonymous-auth': 'true',
    'authorization-mode': 'AlwaysAllow',
    'read-only-port': '10255',
    'protect-kernel-defaults': 'false',
    'streaming-connection-idle-timeout': '4h0m0s',
  },
  etcd: { 'auto-tls': 'false', 'peer-auto-tls': 'false', 'client-cert-auth': 'false', 'peer-client-cert-auth': 'false' },
  'kube-proxy': {},
};
