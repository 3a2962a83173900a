/**
 * An RKE2 server must run with the CIS profile (`profile: cis`; `cis-1.23`, `cis-1.6`, ... on the
 * releases that took them), as the RKE2 STIG requires (V-254555). The option is read from the
 * node's merged configuration: a drop-in may set it; the file that decides it gets the finding, or
 * config.yaml when no file sets it.
 */
import { isCisProfile } from '../components/rke2';
import { defineRule } from '../rule';
import { stigRef } from '../standards';
import { reportMissingOption, rke2Doc } from './utils/rke2-config';
import { shown } from './utils/wording';

export const RULE_ID = 'rke2-cis-profile';

const WHY =
  'the RKE2 STIG (V-254555) requires profile: cis, which turns on kernel protection, audit logging, the restricted Pod Security policy and a separate etcd user';

export default defineRule({
  meta: {
    id: RULE_ID,
    title: 'RKE2 CIS profile',
    description:
      'Requires an RKE2 node to run with a CIS profile: profile: cis (profile: cis-1.23 or cis-1.6 on the older releases that took them). The option is read from config.yaml merged with its config.yaml.d drop-ins, as RKE2 reads it: a profile that is not a CIS profile (etcd, a typo) is reported where it is written; a node without any profile is reported in config.yaml.',
    rationale:
      "RKE2's CIS profile is the switch the STIG builds on: it makes the kubelet refuse to run on unprotected kernel settings, turns API server audit logging on, enforces the restricted Pod Security Standard by default, runs etcd as its own user and applies default network policies. Without it each of these has to be configured and checked one by one.",
    remediation:
      'Set profile: cis in /etc/rancher/rke2/config.yaml after preparing the node as the RKE2 hardening guide describes (the rke2-cis-sysctl.conf kernel parameters, an etcd user and group), then restart rke2-server. The quick fix is offered one at a time and never applied by fix-all: RKE2 refuses to start with profile: cis on a node that is not prepared.',
    profiles: { 'stig-rke2': 'error', 'stig-kubernetes': 'error' },
    defaultSeverity: 'error',
    fixable: true,
    standards: [stigRef('V-254555')],
    messages: {
      missing: `This RKE2 node runs without a CIS profile; ${WHY}.`,
      other: `profile {{value}} is not a CIS profile; ${WHY}.`,
    },
  },
  checkDocument(ctx) {
    const doc = rke2Doc(ctx);
    if (!doc) return;
    const profile = doc.node.keyRef('profile');
    if (profile) {
      if (isCisProfile(profile.text)) return;
      const node = doc.nodeOf(profile);
      if (!node || node.templated) return;
      ctx.report({
        node,
        messageId: 'other',
        data: { value: shown(node) },
        fix: { title: 'Set profile: cis', preferred: false, ops: [{ op: 'set', node, value: 'cis' }] },
      });
      return;
    }
    reportMissingOption(doc, ctx.report, 'missing', { key: 'profile', value: 'cis', title: 'Add profile: cis', preferred: false });
  },
});
