/**
 * The kubelet's configuration file (`KubeletConfiguration`, `kubelet.config.k8s.io/v1beta1`):
 * which field carries which flag, its type, and its default when the file leaves it out (the
 * v1beta1 defaults differ from the flag defaults: anonymous auth off, Webhook authorization,
 * read-only port 0). Reference: https://kubernetes.io/docs/reference/config-api/kubelet-config.v1beta1/
 */
import type { YNode } from '../model';
import type { K8sObject } from '../workloads';
import { formatGoDuration, parseGoDuration } from './flags';

export type FieldType = 'bool' | 'int' | 'string' | 'duration' | 'string[]' | 'map';

export interface KubeletField {
  /** the flag the field stands for */
  flag: string;
  /** path of keys from the document root */
  path: string[];
  type: FieldType;
  /** the value the kubelet uses when a configuration file leaves the field out (as flag text) */
  fileDefault?: string;
}

export const KUBELET_FIELDS: KubeletField[] = [
  { flag: 'anonymous-auth', path: ['authentication', 'anonymous', 'enabled'], type: 'bool', fileDefault: 'false' },
  { flag: 'authorization-mode', path: ['authorization', 'mode'], type: 'string', fileDefault: 'Webhook' },
  { flag: 'read-only-port', path: ['readOnlyPort'], type: 'int', fileDefault: '0' },
  { flag: 'protect-kernel-defaults', path: ['protectKernelDefaults'], type: 'bool', fileDefault: 'false' },
  { flag: 'streaming-connection-idle-timeout', path: ['streamingConnectionIdleTimeout'], type: 'duration', fileDefault: '4h0m0s' },
  { flag: 'client-ca-file', path: ['authentication', 'x509', 'clientCAFile'], type: 'string' },
  { flag: 'tls-cert-file', path: ['tlsCertFile'], type: 'string' },
  { flag: 'tls-private-key-file', path: ['tlsPrivateKeyFile'], type: 'string' },
  { flag: 'tls-min-version', path: ['tlsMinVersion'], type: 'string' },
  { flag: 'tls-cipher-suites', path: ['tlsCipherSuites'], type: 'string[]' },
  { flag: 'pod-manifest-path', path: ['staticPodPath'], type: 'string' },
  { flag: 'feature-gates', path: ['featureGates'], type: 'map' },
  { flag: 'rotate-certificates', path: ['rotateCertificates'], type: 'bool', fileDefault: 'false' },
  { flag: 'make-iptables-util-chains', path: ['makeIPTablesUtilChains'], type: 'bool', fileDefault: 'true' },
];

export function kubeletField(flag: string): KubeletField | undefined {
  return KUBELET_FIELDS.find((f) => f.flag === flag);
}

/** The field's dotted name, as messages write it (`authentication.anonymous.enabled`). */
export function fieldName(f: KubeletField): string {
  return f.path.join('.');
}

/** A KubeletConfiguration object (`kubelet.config.k8s.io/*`). */
export function isKubeletConfiguration(obj: K8sObject): boolean {
  return obj.resource.kind === 'KubeletConfiguration' && (obj.resource.apiVersion ?? '').startsWith('kubelet.config.k8s.io/');
}

/** A field's value as the kubelet decodes it. */
export type FieldValue =
  /** the field is not written (or null): the default applies */
  | { kind: 'unset' }
  /** a value of the field's type, as flag text */
  | { kind: 'value'; node: YNode; text: string; items: string[] }
  /** a value of another type, which the kubelet rejects (it does not start) */
  | { kind: 'invalid'; node: YNode }
  /** produced by a template action: unknown */
  | { kind: 'templated'; node: YNode };

/** Read a field of a KubeletConfiguration document. */
export function readField(root: YNode, f: KubeletField): FieldValue {
  const node = root.at(...f.path);
  if (!node) return { kind: 'unset' };
  if (node.templated) return { kind: 'templated', node };
  const v = node.value();
  switch (f.type) {
    case 'bool':
      return typeof v === 'boolean' ? { kind: 'value', node, text: String(v), items: [String(v)] } : { kind: 'invalid', node };
    case 'int':
      return typeof v === 'number' && Number.isInteger(v) ? { kind: 'value', node, text: String(v), items: [String(v)] } : { kind: 'invalid', node };
    case 'duration': {
      const ms = typeof v === 'string' ? parseGoDuration(v) : undefined;
      return ms === undefined ? { kind: 'invalid', node } : { kind: 'value', node, text: formatGoDuration(ms), items: [v as string] };
    }
    case 'string':
      return typeof v === 'string' ? { kind: 'value', node, text: v, items: [v] } : { kind: 'invalid', node };
    case 'string[]': {
      if (!node.isSeq) return { kind: 'invalid', node };
      const items = node.items().map((i) => i.str() ?? '');
      return { kind: 'value', node, text: items.join(','), items };
    }
    case 'map': {
      if (!node.isMap) return { kind: 'invalid', node };
      const items = node.entries().map(([k, x]) => `${k}=${x.str() ?? ''}`);
      return { kind: 'value', node, text: items.join(','), items };
    }
  }
}
