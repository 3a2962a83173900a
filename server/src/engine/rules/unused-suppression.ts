import { defineRule } from '../rule';

export const RULE_ID = 'unused-suppression';

/** Reported by the suppression pass (suppress.ts). */
export default defineRule({
  meta: {
    id: RULE_ID,
    title: 'Unused suppression',
    description:
      'Reports podsec-disable comments and podsec.io/ignore annotations that suppress nothing: the rule has no finding in their scope, the rule id is unknown, or the configuration makes the rule unsuppressible.',
    rationale: 'A stale suppression silently exempts whatever is written there next. Auditors also need every exception to mean something.',
    remediation: 'Remove the suppression, or correct the rule id.',
    profiles: { baseline: 'info', restricted: 'info', 'stig-rke2': 'info', 'stig-kubernetes': 'info' },
    defaultSeverity: 'info',
    fixable: false,
    standards: [],
  },
});
