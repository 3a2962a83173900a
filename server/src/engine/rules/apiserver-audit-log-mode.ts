/**
 * kube-apiserver must not serve a request it cannot audit (`--audit-log-mode=blocking-strict`),
 * as the RKE2 STIG requires (V-254555). RKE2 never passes the flag, and the built-in mode is
 * `blocking`, which serves a request whose audit record failed at the RequestReceived stage.
 * The Kubernetes STIG has no such requirement, so static pods are not checked.
 */
import { defineRule } from '../rule';
import { stigRef } from '../standards';
import { checkRke2Flag, SETTING_MESSAGES, type FlagRequirement } from './utils/component-settings';
import { rke2Doc } from './utils/rke2-config';

export const RULE_ID = 'apiserver-audit-log-mode';

const REQUIREMENT: FlagRequirement = {
  component: 'kube-apiserver',
  flag: 'audit-log-mode',
  fails: (v) => v !== 'blocking-strict',
  missingFails: { rke2: true, pod: false, config: false },
  requirement: 'the RKE2 STIG requires audit-log-mode=blocking-strict, so that the API server refuses a request whose audit record cannot be written',
  fixValue: 'blocking-strict',
  preferred: false,
};

const { rke2FlagMissing, rke2FlagDropped, rke2FlagValue } = SETTING_MESSAGES;

export default defineRule({
  meta: {
    id: RULE_ID,
    title: 'API server audit log mode',
    description:
      'Requires kube-apiserver on RKE2 nodes to run with --audit-log-mode=blocking-strict. RKE2 never passes the flag, so config.yaml (with its drop-ins, merged as RKE2 merges them) must give it in kube-apiserver-arg; the missing flag is reported in config.yaml, an entry with another mode at that entry, and a drop-in whose kube-apiserver-arg list replaced the entry at that key. The Kubernetes STIG has no such requirement, so kube-apiserver static pods are not checked.',
    rationale:
      'In the default blocking mode the API server waits for the audit backend, but a failure to write the first (RequestReceived) record does not stop the request. With blocking-strict, a request whose audit record cannot be written is refused: nothing happens in the cluster that the audit log does not show.',
    remediation:
      'Add audit-log-mode=blocking-strict to kube-apiserver-arg in /etc/rancher/rke2/config.yaml (with audit logging on: audit-policy-file or profile: cis). The quick fix is offered one at a time and never applied by fix-all: when the audit log cannot be written (a full disk), the API server then refuses requests.',
    profiles: { 'stig-rke2': 'error', 'stig-kubernetes': 'error' },
    defaultSeverity: 'error',
    fixable: true,
    standards: [stigRef('V-254555')],
    messages: { rke2FlagMissing, rke2FlagDropped, rke2FlagValue },
  },
  checkDocument(ctx) {
    const doc = rke2Doc(ctx);
    if (doc) checkRke2Flag(doc, REQUIREMENT, ctx.report);
  },
});
