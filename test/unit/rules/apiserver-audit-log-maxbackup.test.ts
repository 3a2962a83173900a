import { retentionCases } from '../node-config';
import { ruleTester } from '../rule-tester';

ruleTester(
  'apiserver-audit-log-maxbackup',
  retentionCases({
    flag: 'audit-log-maxbackup',
    requirement:
      'the STIGs require --audit-log-maxbackup of at least 10 (files), so that audit records survive 10 rotations at least; RKE2 passes 10 once audit-policy-file or profile: cis turns audit logging on',
    min: '10',
    more: '20',
    less: '3',
    notNumber: '10Mi',
  }),
);
