import { ExpectedError, inWhere, pod, ruleTester, y } from '../rule-tester';

/** `subject` sets procMount `value`, which `level` does not allow, and the fix that sets Default. */
const procMount = (subject: string, value: string, level: string): ExpectedError => ({
  messageId: 'procMount',
  data: { subject, value, level },
  fix: { title: `Set procMount: Default ${inWhere(subject)}`, preferred: false },
});

const unmasked = (hostUsers: string) => y`
  apiVersion: v1
  kind: Pod
  metadata:
    name: nested
  spec:
    hostUsers: ${hostUsers}
    containers:
    - name: buildkit
      image: moby/buildkit
      securityContext:
        procMount: Unmasked
`;

ruleTester('proc-mount', {
  valid: [
    {
      name: 'Default, and unset',
      profile: 'baseline',
      code: pod`
        containers:
        - name: a
          image: nginx
          securityContext: {procMount: Default}
        - name: b
          image: nginx
      `,
    },
    {
      name: 'from v1.35 a pod in its own user namespace may unmask /proc (hostUsers: no is false)',
      profile: 'baseline',
      version: 'v1.35',
      code: unmasked('no'),
    },
    {
      name: 'in the restricted profile from v1.35, proc-mount-restricted replaces this rule',
      profile: 'restricted',
      version: 'v1.35',
      code: unmasked('true'),
    },
  ],
  invalid: [
    {
      name: 'before v1.35 hostUsers: false does not relax the check',
      profile: 'baseline',
      version: 'v1.34',
      code: unmasked('false'),
      errors: [
        {
          ...procMount("Container 'buildkit'", 'Unmasked', 'baseline'),
          at: 'procMount: Unmasked',
          container: 'buildkit',
          path: 'spec.containers[0].securityContext.procMount',
          severity: 'error',
        },
      ],
      output: { 10: '      procMount: Default' },
    },
    {
      name: 'at v1.35 a pod in the host user namespace must keep the Default mount; restricted before v1.35 runs this rule',
      profile: 'restricted',
      version: 'v1.34',
      code: unmasked('true'),
      errors: [{ ...procMount("Container 'buildkit'", 'Unmasked', 'baseline'), at: 'procMount: Unmasked', severity: 'error' }],
      output: { 10: '      procMount: Default' },
    },
    {
      name: 'init and ephemeral containers; any value other than Default',
      profile: 'baseline',
      code: pod`
        initContainers:
        - name: init
          image: busybox
          securityContext: {procMount: "Unmasked"}
        containers:
        - name: app
          image: nginx
        ephemeralContainers:
        - name: debug
          image: busybox
          securityContext: {procMount: default}
      `,
      errors: [
        { ...procMount("Init container 'init'", 'Unmasked', 'baseline'), at: 'procMount: "Unmasked"', container: 'init' },
        { ...procMount("Ephemeral container 'debug'", 'default', 'baseline'), at: 'procMount: default', container: 'debug' },
      ],
      output: [{ 8: '    securityContext: {procMount: "Default"}' }, { 15: '    securityContext: {procMount: Default}' }],
    },
  ],
});
