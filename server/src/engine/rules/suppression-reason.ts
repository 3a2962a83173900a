import { defineRule } from '../rule';

export const RULE_ID = 'suppression-reason';

/** Reported by the suppression pass (suppress.ts) when the configuration requires reasons. */
export default defineRule({
  meta: {
    id: RULE_ID,
    title: 'Suppression without a reason',
    description:
      'When the configuration sets requireSuppressionReason, reports podsec-disable comments without "-- reason" and podsec.io/ignore annotations without podsec.io/ignore-reason.',
    rationale: 'STIG and ATO reviews accept an exception only with a recorded justification. Writing it next to the suppression keeps it with the manifest.',
    remediation: 'Add "-- <why this is acceptable>" to the comment, or a podsec.io/ignore-reason annotation.',
    profiles: { baseline: 'info', restricted: 'info', 'stig-rke2': 'info', 'stig-kubernetes': 'info' },
    defaultSeverity: 'info',
    fixable: false,
    standards: [],
  },
});
