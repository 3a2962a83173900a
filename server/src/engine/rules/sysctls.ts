import { cis, NSA_POD_SECURITY, pssStandards } from '../standards';
import { defineRule } from '../rule';

/** Sysctls the baseline level allows, with the policy version that added them. */
const SAFE_SYSCTLS: [string, number][] = [
  ['kernel.shm_rmid_forced', 0],
  ['net.ipv4.ip_local_port_range', 0],
  ['net.ipv4.ip_unprivileged_port_start', 0],
  ['net.ipv4.tcp_syncookies', 0],
  ['net.ipv4.ping_group_range', 0],
  ['net.ipv4.ip_local_reserved_ports', 27],
  ['net.ipv4.tcp_keepalive_time', 29],
  ['net.ipv4.tcp_fin_timeout', 29],
  ['net.ipv4.tcp_keepalive_intvl', 29],
  ['net.ipv4.tcp_keepalive_probes', 29],
  ['net.ipv4.tcp_rmem', 32],
  ['net.ipv4.tcp_wmem', 32],
  ['net.ipv4.tcp_slow_start_after_idle', 37],
  ['net.ipv4.tcp_notsent_lowat', 37],
];

export function safeSysctls(version: number): Set<string> {
  return new Set(SAFE_SYSCTLS.filter(([, since]) => since <= version).map(([name]) => name));
}

export default defineRule({
  meta: {
    id: 'sysctls',
    title: 'Unsafe sysctls',
    description:
      'Flags pod sysctls (spec.securityContext.sysctls) outside the namespaced, isolated set the baseline level allows. The set grows with the policy version: net.ipv4.ip_local_reserved_ports in v1.27; tcp_keepalive_time, tcp_fin_timeout, tcp_keepalive_intvl and tcp_keepalive_probes in v1.29; tcp_rmem and tcp_wmem in v1.32; tcp_slow_start_after_idle and tcp_notsent_lowat in v1.37.',
    rationale:
      'Most kernel parameters are shared by every pod on the node, or can exhaust node resources. A pod that sets them changes the kernel for its neighbours and for the node itself.',
    remediation: 'Remove the sysctl, or set it on the node (for example with a tuned profile) where administrators control it.',
    pss: { level: 'baseline', check: 'sysctls', control: 'Sysctls', since: 0 },
    defaultSeverity: 'error',
    fixable: true,
    standards: pssStandards(cis('5.7.3', 'Apply Security Context to Your Pods and Containers'), NSA_POD_SECURITY),
    messages: {
      unsafe: 'The pod sets sysctl {{name}}, which is not in the safe set at policy version v1.{{version}}.',
    },
  },
  checkPod(pod) {
    const list = pod.securityContext?.get('sysctls');
    if (!list) return;
    const safe = safeSysctls(pod.version);
    for (const item of list.items()) {
      const nameNode = item.get('name');
      const name = nameNode?.str() ?? '';
      if (safe.has(name)) continue;
      pod.report({
        node: nameNode ?? item,
        fromPodLevel: true,
        messageId: 'unsafe',
        data: { name: JSON.stringify(name), version: pod.version },
        fix: { title: `Remove sysctl ${name}`, preferred: false, ops: [{ op: 'remove', node: item }] },
      });
    }
  },
});
