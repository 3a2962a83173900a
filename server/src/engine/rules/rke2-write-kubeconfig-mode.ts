/**
 * The admin kubeconfig RKE2 writes must be readable by its owner only: `write-kubeconfig-mode`
 * set, and no looser than 0600. This is the part of the RKE2 STIG's file protection requirement
 * (V-254564) that config.yaml decides; the ownership and modes of the files on the node need the
 * node itself.
 */
import { defineRule } from '../rule';
import { stigRef } from '../standards';
import { reportMissingOption, rke2Doc } from './utils/rke2-config';
import { shown } from './utils/wording';

export const RULE_ID = 'rke2-write-kubeconfig-mode';

const WHY = 'the RKE2 STIG (V-254564) requires write-kubeconfig-mode: "0600", so that only root can read the cluster-admin credentials in rke2.yaml';

/** A file mode as RKE2 parses it (octal digits, k3s strconv.ParseInt(mode, 8, 0)); undefined when it cannot. */
function octalMode(text: string): number | undefined {
  return /^[0-7]{1,4}$/.test(text) ? parseInt(text, 8) : undefined;
}

export default defineRule({
  meta: {
    id: RULE_ID,
    title: 'RKE2 kubeconfig file mode',
    description:
      'Requires an RKE2 node to write its admin kubeconfig (/etc/rancher/rke2/rke2.yaml) with mode 0600 or stricter: write-kubeconfig-mode must be set (in config.yaml or a drop-in, merged as RKE2 merges them) to an octal mode that grants nothing beyond read and write to the owner ("0600", "0400"). A looser mode ("0644", "0640") is reported where it is written, a missing option in config.yaml. The rest of the STIG requirement (owners and modes of the files under /etc/rancher/rke2 and /var/lib/rancher/rke2) cannot be decided from files.',
    rationale:
      'rke2.yaml holds a cluster-admin client certificate. Readable by a group or by everyone, it hands full control of the cluster to any local account or process that can read it.',
    remediation:
      'Set write-kubeconfig-mode: "0600" (quoted: unquoted, YAML reads 0600 as the number 384) in /etc/rancher/rke2/config.yaml and restart rke2-server; give other users their own kubeconfig with their own RBAC roles instead of a readable admin file. Adding the option is safe (fix-all applies it); narrowing a mode someone wrote is offered one at a time, because whoever read the file loses access.',
    profiles: { 'stig-rke2': 'error', 'stig-kubernetes': 'error' },
    defaultSeverity: 'error',
    fixable: true,
    standards: [stigRef('V-254564')],
    messages: {
      missing: `This RKE2 node does not set write-kubeconfig-mode; ${WHY}.`,
      loose: `write-kubeconfig-mode {{value}} lets others than its owner read the admin kubeconfig; ${WHY}.`,
      invalid: `write-kubeconfig-mode {{value}} is not an octal file mode RKE2 can read; ${WHY}.`,
    },
  },
  checkDocument(ctx) {
    const doc = rke2Doc(ctx);
    if (!doc) return;
    const ref = doc.node.keyRef('write-kubeconfig-mode');
    if (ref) {
      const node = doc.nodeOf(ref);
      if (!node || node.templated) return;
      // an unquoted 0600 is the number 384 to YAML; what is written is what the check reads
      const mode = octalMode(node.str() ?? '');
      if (mode !== undefined && (mode & ~0o600) === 0) return;
      ctx.report({
        node,
        messageId: mode === undefined ? 'invalid' : 'loose',
        data: { value: shown(node) },
        fix: { title: 'Set write-kubeconfig-mode: "0600"', preferred: false, ops: [{ op: 'set', node, value: '0600' }] },
      });
      return;
    }
    reportMissingOption(doc, ctx.report, 'missing', {
      key: 'write-kubeconfig-mode',
      value: '0600',
      title: 'Add write-kubeconfig-mode: "0600"',
      preferred: true,
    });
  },
});
