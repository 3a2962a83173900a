import { cis, NSA_POD_SECURITY, pssStandards } from '../standards';
import { inWhere, subject } from './utils/wording';
import { defineRule } from '../rule';

export default defineRule({
  meta: {
    id: 'host-ports',
    title: 'Host ports',
    description: 'Flags container ports that set a non-zero hostPort, in init, regular and ephemeral containers.',
    rationale:
      "A hostPort binds the container directly to a port of the node's network interfaces. It bypasses Services and network policies, exposes the workload on every address the node has, and can collide with or impersonate node services.",
    remediation: 'Remove hostPort and expose the port through a Service (ClusterIP, NodePort or LoadBalancer) or an Ingress.',
    pss: { level: 'baseline', check: 'hostPorts', control: 'Host Ports', since: 0 },
    defaultSeverity: 'error',
    fixable: true,
    standards: pssStandards(cis('5.2.13', 'Minimize the admission of containers which use HostPorts'), NSA_POD_SECURITY),
    messages: {
      hostPort: '{{subject}} binds host port {{port}} on the node (hostPort: {{port}}).',
    },
  },
  checkPod(pod) {
    for (const c of pod.containers) {
      for (const port of c.node.get('ports')?.items() ?? []) {
        const hp = port.get('hostPort');
        if (!hp) continue;
        const n = hp.num();
        if (n === 0 || (n === undefined && hp.str() === undefined)) continue;
        const shownPort = n !== undefined ? String(n) : JSON.stringify(hp.str());
        pod.report({
          node: hp,
          container: c,
          messageId: 'hostPort',
          data: { subject: subject(c), port: shownPort },
          fix: { title: `Remove hostPort ${shownPort} ${inWhere(c)}`, preferred: false, ops: [{ op: 'remove', node: hp }] },
        });
      }
    }
  },
});
