import { cis, NSA_POD_SECURITY, pssStandards } from '../standards';
import { defineRule } from '../rule';
import { ADDED_CAPABILITY_MESSAGES, BASELINE_CAPABILITIES, isBaselineCapability, reportAddedCapabilities } from './utils/capabilities';

export default defineRule({
  meta: {
    id: 'capabilities-baseline',
    title: 'Added capabilities beyond the default set',
    description: `Flags capabilities added with securityContext.capabilities.add that are not in the default set the baseline level allows (${[...BASELINE_CAPABILITIES].join(', ')}). Names are exact and case-sensitive, as Kubernetes compares them.`,
    rationale:
      'Capabilities such as SYS_ADMIN, NET_ADMIN, SYS_PTRACE or NET_RAW hand a container pieces of root on the node: mounting filesystems, reconfiguring the host network, reading other processes, forging packets. Each one widens the path from a compromised container to the node.',
    remediation:
      'Remove the capability from capabilities.add. If the workload truly needs it, run it in a namespace with a less strict Pod Security level and document why.',
    pss: { level: 'baseline', check: 'capabilities_baseline', control: 'Capabilities', since: 0 },
    defaultSeverity: 'error',
    fixable: true,
    standards: pssStandards(
      cis('5.2.8', 'Minimize the admission of containers with the NET_RAW capability'),
      cis('5.2.9', 'Minimize the admission of containers with added capabilities'),
      NSA_POD_SECURITY,
    ),
    messages: ADDED_CAPABILITY_MESSAGES,
  },
  checkPod(pod) {
    for (const c of pod.containers) reportAddedCapabilities(pod, c, isBaselineCapability, 'baseline');
  },
});
