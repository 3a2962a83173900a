/**
 * The RKE2 STIG checks four kubelet settings by reading the kubelet's command line (`ps -ef |
 * grep kubelet`): anonymous-auth=false (V-254557), authorization-mode=Webhook (V-254561),
 * streaming-connection-idle-timeout=5m (V-254568) and protect-kernel-defaults=true (V-254569).
 * Current RKE2 releases (since early 2025) write these settings into the kubelet configuration
 * drop-in /var/lib/rancher/rke2/agent/etc/kubelet.conf.d/00-rke2-defaults.conf instead of
 * passing flags (as do the protect-kernel-defaults option and profile: cis), so even a node that
 * runs with the right values fails the STIG's check unless kubelet-arg passes them. This rule
 * reports each of the four flags the node's command line lacks; a flag on the command line with a
 * wrong value is the finding of that setting's own rule.
 */
import { parseGoDuration } from '../components/flags';
import { defineRule } from '../rule';
import { stigRef } from '../standards';
import { addArgOps } from './utils/component-settings';
import { rke2Doc } from './utils/rke2-config';

export const RULE_ID = 'rke2-kubelet-flags';

interface VisibleFlag {
  flag: string;
  vulnId: string;
  /** the value the entry writes */
  value: string;
  /** the kubelet already runs with a value that passes: the entry changes nothing it does */
  same(v: string | undefined): boolean;
}

const FLAGS: VisibleFlag[] = [
  { flag: 'anonymous-auth', vulnId: 'V-254557', value: 'false', same: (v) => v === 'false' },
  { flag: 'authorization-mode', vulnId: 'V-254561', value: 'Webhook', same: (v) => v === 'Webhook' },
  // RKE2 writes 4h0m0s: the STIG's 5m shortens it
  { flag: 'streaming-connection-idle-timeout', vulnId: 'V-254568', value: '5m', same: (v) => v !== undefined && parseGoDuration(v) === 5 * 60_000 },
  // on a node whose kernel settings differ, the kubelet stops starting: only safe where protection is on already
  { flag: 'protect-kernel-defaults', vulnId: 'V-254569', value: 'true', same: (v) => v === 'true' },
];

export default defineRule({
  meta: {
    id: RULE_ID,
    title: 'RKE2 kubelet settings the STIG reads as flags',
    description:
      "Requires an RKE2 node to pass the four kubelet settings the RKE2 STIG reads from the kubelet's command line as kubelet-arg entries: anonymous-auth=false (V-254557), authorization-mode=Webhook (V-254561), streaming-connection-idle-timeout=5m (V-254568) and protect-kernel-defaults=true (V-254569). Current RKE2 releases write these settings into the kubelet's configuration drop-in instead (the protect-kernel-defaults option and profile: cis too), so the node may run with them while the STIG's check (ps) does not see them. Each flag the command line lacks is reported in config.yaml (or in the drop-in whose kubelet-arg list replaced the entries); a flag present with a wrong value is reported by kubelet-anonymous-auth, kubelet-authorization-mode, kubelet-streaming-connection-idle-timeout or kubelet-protect-kernel-defaults. Older RKE2 releases that still pass these flags themselves get findings they do not need: turn the rule off there.",
    rationale:
      "An assessor follows the STIG's check text: on every node they look for the flags on the kubelet's command line, and a setting they cannot see there is a finding, whatever a configuration file says. Passing the settings as kubelet-arg entries makes the node's configuration and the evidence agree; the kubelet reads its flags over its configuration files.",
    remediation:
      'Add the entries to kubelet-arg in /etc/rancher/rke2/config.yaml on every node: anonymous-auth=false, authorization-mode=Webhook, streaming-connection-idle-timeout=5m and protect-kernel-defaults=true (with the kernel parameters the CIS profile requires in place), then restart the RKE2 service. An entry that repeats what the node already runs with is safe, and fix-all applies it; streaming-connection-idle-timeout=5m (shorter than the 4h RKE2 default) and protect-kernel-defaults=true on a node without kernel protection are offered one at a time.',
    profiles: { 'stig-rke2': 'error', 'stig-kubernetes': 'error' },
    defaultSeverity: 'error',
    fixable: true,
    standards: FLAGS.map((f) => stigRef(f.vulnId)),
    messages: {
      notOnCommandLine:
        "The kubelet's command line on this RKE2 node has no --{{flag}}, which the RKE2 STIG's check ({{vulnId}}) looks for; RKE2 keeps its kubelet settings in a configuration drop-in the check does not read, so pass {{flag}}={{value}} as a kubelet-arg entry.",
    },
  },
  checkDocument(ctx) {
    const doc = rke2Doc(ctx);
    if (!doc) return;
    for (const f of FLAGS) {
      const s = doc.node.setting('kubelet', f.flag);
      if (s.templated || s.onCommandLine) continue;
      const home = doc.node.argsHome('kubelet', f.flag);
      if (!home || !doc.isHere(home)) continue;
      const anchor =
        (home.dropped && doc.keyNode(home.dropped.ref.key)) || doc.keyNode('kubelet-arg') || doc.keyNode('kubelet-arg+') || doc.root.entries()[0]?.[1];
      if (!anchor) continue;
      const add = addArgOps(doc, 'kubelet', f.flag, f.value);
      ctx.report({
        node: anchor,
        at: 'key',
        messageId: 'notOnCommandLine',
        data: { flag: f.flag, value: f.value, vulnId: f.vulnId },
        fix: add && { title: `Add ${add.entry} to ${add.key}`, preferred: f.same(s.value), ops: add.ops },
      });
    }
  },
});
