import { cis, NSA_POD_SECURITY, pssStandards } from '../standards';
import { containerSc } from './utils/security-context';
import { inWhere, subject } from './utils/wording';
import { defineRule } from '../rule';
import { ADDED_CAPABILITY_MESSAGES, isBaselineCapability, reportAddedCapabilities } from './utils/capabilities';

export default defineRule({
  meta: {
    id: 'capabilities-restricted',
    title: 'Capabilities not dropped',
    description:
      'Requires every container to drop ALL capabilities (capabilities.drop must contain "ALL") and to add back nothing but NET_BIND_SERVICE. Windows pods (spec.os.name: windows) are exempt from policy version v1.25.',
    rationale:
      'Even the default capability set lets a process change file ownership, bypass file permission checks, kill other processes of the same user or craft raw packets. Dropping all of them leaves a compromised process with the least it can do against the node and its neighbours.',
    remediation: 'Add capabilities: {drop: ["ALL"]} to each container\'s securityContext, and remove every added capability except NET_BIND_SERVICE.',
    pss: { level: 'restricted', check: 'capabilities_restricted', control: 'Capabilities', since: 22, overrides: 'capabilities-baseline' },
    defaultSeverity: 'warning',
    fixable: true,
    standards: pssStandards(
      cis('5.2.9', 'Minimize the admission of containers with added capabilities'),
      cis('5.2.10', 'Minimize the admission of containers with capabilities assigned'),
      NSA_POD_SECURITY,
    ),
    messages: {
      dropAll: '{{subject}} does not drop ALL capabilities: the restricted level requires capabilities.drop: ["ALL"].',
      ...ADDED_CAPABILITY_MESSAGES,
    },
  },
  checkPod(pod) {
    if (pod.version >= 25 && pod.isWindows) return;
    for (const c of pod.containers) {
      const sc = containerSc(c);
      const caps = sc?.get('capabilities');
      const drop = caps?.get('drop');
      const dropsAll = !!drop && drop.items().some((i) => i.str() === 'ALL');
      if (!dropsAll && (drop || !pod.mayBeTemplated(c, ['securityContext', 'capabilities']))) {
        const canAppend = !!drop && drop.isSeq && drop.src.value === drop.node && !drop.src.viaMerge;
        const where = drop ? { node: drop, at: 'pair' as const } : caps ? { node: caps, at: 'key' as const } : pod.anchor(c);
        pod.report({
          ...where,
          container: c,
          messageId: 'dropAll',
          // a drop list that leaves out ALL replaces the patched object's (it has no merge key)
          missing: !drop,
          data: { subject: subject(c) },
          fix: {
            title: `Add "ALL" to capabilities.drop ${inWhere(c)}`,
            preferred: true,
            ops: [
              canAppend
                ? { op: 'append', node: drop!, value: 'ALL' }
                : { op: 'ensure', node: c.node, keys: ['securityContext', 'capabilities', 'drop'], value: ['ALL'] },
            ],
          },
        });
      }
      reportAddedCapabilities(
        pod,
        c,
        (cap) => cap === 'NET_BIND_SERVICE',
        'restricted',
        (cap) => !isBaselineCapability(cap),
      );
    }
  },
});
