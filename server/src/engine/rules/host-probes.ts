import { NSA_POD_SECURITY, pssStandards } from '../standards';
import { inWhere, subject } from './utils/wording';
import { defineRule } from '../rule';

const PROBES = ['livenessProbe', 'readinessProbe', 'startupProbe'];
const HOOKS = ['postStart', 'preStop'];

export default defineRule({
  meta: {
    id: 'host-probes',
    title: 'Probe and lifecycle hook hosts',
    description:
      'Flags probes (liveness, readiness, startup) and lifecycle hooks (postStart, preStop) whose httpGet or tcpSocket handler sets host. Checked from policy version v1.34.',
    rationale:
      'The kubelet runs probes and hooks from the node. A handler with a host lets a pod make the kubelet open connections to any address the node can reach (the node itself, cloud metadata endpoints, other tenants), turning the kubelet into a request forger for the pod.',
    remediation:
      "Remove host from the httpGet or tcpSocket handler, so the kubelet probes the pod's own IP. Use httpGet.httpHeaders to set a Host header if the application needs one.",
    pss: { level: 'baseline', check: 'hostProbesAndHostLifecycle', control: 'Host Probes / Lifecycle Hooks', since: 34 },
    defaultSeverity: 'error',
    fixable: true,
    standards: pssStandards(NSA_POD_SECURITY),
    messages: {
      host: '{{subject}} sends its {{handler}} {{kind}} to host {{host}}: the kubelet would connect there from the node.',
    },
  },
  checkPod(pod) {
    for (const c of pod.containers) {
      const handlers = [...PROBES.map((p) => [p, c.node.get(p)] as const), ...HOOKS.map((h) => [`lifecycle.${h}`, c.node.at('lifecycle', h)] as const)];
      for (const [where, handler] of handlers) {
        if (!handler) continue;
        for (const kind of ['httpGet', 'tcpSocket']) {
          const host = handler.at(kind, 'host');
          const value = host?.str();
          if (!host || !value) continue;
          pod.report({
            node: host,
            container: c,
            messageId: 'host',
            data: { subject: subject(c), handler: where, kind, host: JSON.stringify(value) },
            fix: { title: `Remove host from ${where}.${kind} ${inWhere(c)}`, preferred: false, ops: [{ op: 'remove', node: host }] },
          });
        }
      }
    }
  },
});
