/**
 * User pods must not take host ports below 1024, the ports only privileged processes may bind
 * (Kubernetes STIG V-242414). The STIG's check reads the ports of every pod outside the system
 * namespaces (kube-system, kube-public, kube-node-lease); a container port below 1024 that is
 * published on a host port of 1024 or more is the remedy the STIG names, and passes.
 * - `hostPort` from 1 to 1023 in any container of the pod, reported at the hostPort;
 * - a pod on the host network: its containers bind their container ports on the node itself (the
 *   API server also sets `hostPort` to the `containerPort` of a hostNetwork pod when it defaults
 *   the pod, and refuses any other hostPort), so a `containerPort` below 1024 is a privileged host
 *   port whatever `hostPort` says, reported at the containerPort (at the hostPort when that is
 *   privileged too). One message for both, so that a fix of hostNetwork or hostPort by another
 *   rule leaves the same finding where it still holds.
 * A pod whose namespace is not written is judged: it lands in a user namespace unless it is
 * applied to a system one.
 */
import { defineRule } from '../rule';
import { stigRef } from '../standards';
import { SYSTEM_NAMESPACES } from './utils/namespaces';
import { inWhere, subject } from './utils/wording';

export const RULE_ID = 'privileged-host-ports';

const WHY =
  'the Kubernetes STIG requires user pods to use host ports of 1024 and above (map a higher host port, or a Service, to a privileged container port instead)';

export default defineRule({
  meta: {
    id: RULE_ID,
    title: 'Privileged host ports',
    description:
      'Flags pods outside the system namespaces (kube-system, kube-public, kube-node-lease) that take a port of the node below 1024: a hostPort from 1 to 1023, or, for a pod on the host network, a containerPort below 1024 (on the host network every container port is a port of the node, whatever hostPort says). A container port below 1024 published on a host port of 1024 or more passes, as the STIG allows. Pods whose namespace is produced by a template are not judged; pods without a namespace are.',
    rationale:
      "Ports below 1024 are where a node's own services listen (SSH, DNS, HTTP, HTTPS) and where clients expect privileged, trusted software. A user pod bound to one can shadow or impersonate a node service, and binding it at all needs privileges the workload should not have.",
    remediation:
      'Publish the port through a Service (ClusterIP, NodePort or a load balancer), or map a host port of 1024 or more to the container port; for a host-network pod, make the application listen on a port of 1024 or more. The quick fix removes a privileged hostPort; it is offered one at a time and never applied by fix-all, because clients that reached the node on that port lose it.',
    profiles: { 'stig-rke2': 'error', 'stig-kubernetes': 'error' },
    defaultSeverity: 'error',
    fixable: true,
    standards: [stigRef('V-242414')],
    messages: {
      privilegedPort: `{{subject}} binds port {{port}} of the node, below 1024; ${WHY}.`,
    },
  },
  checkPod(pod) {
    const ns = pod.object.root.at('metadata', 'namespace');
    if (ns?.templated) return;
    const namespace = ns?.str();
    if (namespace !== undefined && SYSTEM_NAMESPACES.includes(namespace)) return;
    const hostNetwork = pod.spec.get('hostNetwork')?.bool() === true;
    const privileged = (n: number | undefined): n is number => n !== undefined && Number.isInteger(n) && n >= 1 && n < 1024;
    for (const c of pod.containers) {
      for (const port of c.node.get('ports')?.items() ?? []) {
        // on the host network the process binds its container port on the node, whatever hostPort
        // says; a privileged hostPort written there is reported at the hostPort all the same, so
        // that turning hostNetwork off leaves the finding where it still holds
        const hostPort = port.get('hostPort');
        const containerPort = port.get('containerPort');
        const node = privileged(hostPort?.num()) ? hostPort : hostNetwork && privileged(containerPort?.num()) ? containerPort : undefined;
        const n = node?.num();
        if (!node || !privileged(n)) continue;
        pod.report({
          node,
          container: c,
          messageId: 'privilegedPort',
          data: { subject: subject(c), port: n },
          fix: hostNetwork ? undefined : { title: `Remove hostPort ${n} ${inWhere(c)}`, preferred: false, ops: [{ op: 'remove', node }] },
        });
      }
    }
  },
});
