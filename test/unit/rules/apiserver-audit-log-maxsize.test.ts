import { retentionCases } from '../node-config';
import { ruleTester } from '../rule-tester';

ruleTester(
  'apiserver-audit-log-maxsize',
  retentionCases({
    flag: 'audit-log-maxsize',
    requirement:
      'the STIGs require --audit-log-maxsize of at least 100 (megabytes), so that audit records are rotated at 100 MB, not at an arbitrary small size; RKE2 passes 100 once audit-policy-file or profile: cis turns audit logging on',
    min: '100',
    more: '200',
    less: '50',
    notNumber: '100Mi',
  }),
);
