import { ExpectedError, inWhere, ruleTester, y } from '../rule-tester';

/** `subject` sets procMount `value`, which `level` does not allow, and the fix that sets Default. */
const procMount = (subject: string, value: string, level: string): ExpectedError => ({
  messageId: 'procMount',
  data: { subject, value, level },
  fix: { title: `Set procMount: Default ${inWhere(subject)}`, preferred: false },
});

const unmasked = (hostUsers: string) => y`
  apiVersion: apps/v1
  kind: StatefulSet
  metadata:
    name: builder
  spec:
    serviceName: builder
    template:
      spec:
        hostUsers: ${hostUsers}
        containers:
        - name: buildkit
          image: moby/buildkit
          securityContext:
            procMount: Unmasked
`;

ruleTester('proc-mount-restricted', {
  valid: [
    {
      name: 'before v1.35 the restricted check does not exist (proc-mount runs instead)',
      version: 'v1.34',
      code: unmasked('false'),
    },
    {
      name: 'Default with hostUsers: false',
      code: unmasked('false').replace('Unmasked', 'Default'),
    },
    {
      name: 'the baseline profile does not include it',
      profile: 'baseline',
      code: unmasked('false'),
    },
  ],
  invalid: [
    {
      name: 'with hostUsers: false, Unmasked breaks restricted only (a warning)',
      version: 'v1.35',
      code: unmasked('false'),
      errors: [
        {
          ...procMount("Container 'buildkit'", 'Unmasked', 'restricted'),
          at: 'procMount: Unmasked',
          container: 'buildkit',
          path: 'spec.template.spec.containers[0].securityContext.procMount',
          severity: 'warning',
        },
      ],
      output: { 13: '          procMount: Default' },
    },
    {
      name: 'in the host user namespace, Unmasked also breaks baseline (an error)',
      code: unmasked('Yes'),
      errors: [{ ...procMount("Container 'buildkit'", 'Unmasked', 'baseline'), at: 'procMount: Unmasked', severity: 'error' }],
      output: { 13: '          procMount: Default' },
    },
  ],
});
