import { cis, NSA_POD_SECURITY, pssStandards } from '../standards';
import { shown } from './utils/wording';
import { defineRule } from '../rule';

const NAMESPACES: [string, string][] = [
  ['hostNetwork', 'network'],
  ['hostPID', 'process ID'],
  ['hostIPC', 'IPC'],
];

export default defineRule({
  meta: {
    id: 'host-namespaces',
    title: 'Host namespaces',
    description: 'Flags pods that set hostNetwork, hostPID or hostIPC to true.',
    rationale:
      "Sharing the host's network, process or IPC namespace removes the wall between the pod and the node: the pod can sniff and bind host interfaces, see and signal every process on the node, or read shared memory of other workloads.",
    remediation: 'Remove hostNetwork, hostPID and hostIPC, or set them to false. Expose ports through a Service instead of the host network.',
    pss: { level: 'baseline', check: 'hostNamespaces', control: 'Host Namespaces', since: 0 },
    defaultSeverity: 'error',
    fixable: true,
    standards: pssStandards(
      cis('5.2.3', 'Minimize the admission of containers wishing to share the host process ID namespace'),
      cis('5.2.4', 'Minimize the admission of containers wishing to share the host IPC namespace'),
      cis('5.2.5', 'Minimize the admission of containers wishing to share the host network namespace'),
      NSA_POD_SECURITY,
    ),
    messages: {
      hostNamespace: "The pod shares the host's {{namespace}} namespace ({{field}}: {{value}}).",
    },
  },
  checkPod(pod) {
    for (const [field, what] of NAMESPACES) {
      const n = pod.spec.get(field);
      if (!n || n.bool() !== true) continue;
      pod.report({
        node: n,
        fromPodLevel: true,
        messageId: 'hostNamespace',
        data: { namespace: what, field, value: shown(n) },
        fix: { title: `Set ${field}: false`, preferred: false, ops: [{ op: 'set', node: n, value: false }] },
      });
    }
  },
});
