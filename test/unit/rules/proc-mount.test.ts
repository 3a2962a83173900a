import { ruleTester, y } from '../rule-tester';

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
      code: y`
        apiVersion: v1
        kind: Pod
        metadata:
          name: web
        spec:
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
          messageId: 'procMount', data: { subject: "Container 'buildkit'", value: 'Unmasked', level: 'baseline' },
          at: 'procMount: Unmasked',
          container: 'buildkit',
          path: 'spec.containers[0].securityContext.procMount',
          severity: 'error',
          fix: { title: "Set procMount: Default in container 'buildkit'", preferred: false },
        },
      ],
      output: { 10: '      procMount: Default' },
    },
    {
      name: 'at v1.35 a pod in the host user namespace must keep the Default mount; restricted before v1.35 runs this rule',
      profile: 'restricted',
      version: 'v1.34',
      code: unmasked('true'),
      errors: [
        {
          messageId: 'procMount', data: { subject: "Container 'buildkit'", value: 'Unmasked', level: 'baseline' },
          at: 'procMount: Unmasked',
          severity: 'error',
          fix: { title: "Set procMount: Default in container 'buildkit'", preferred: false },
        },
      ],
      output: { 10: '      procMount: Default' },
    },
    {
      name: 'init and ephemeral containers; any value other than Default',
      profile: 'baseline',
      code: y`
        apiVersion: v1
        kind: Pod
        metadata:
          name: web
        spec:
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
        {
          messageId: 'procMount', data: { subject: "Init container 'init'", value: 'Unmasked', level: 'baseline' },
          at: 'procMount: "Unmasked"',
          container: 'init',
          fix: { title: "Set procMount: Default in init container 'init'", preferred: false },
        },
        {
          messageId: 'procMount', data: { subject: "Ephemeral container 'debug'", value: 'default', level: 'baseline' },
          at: 'procMount: default',
          container: 'debug',
          fix: { title: "Set procMount: Default in ephemeral container 'debug'", preferred: false },
        },
      ],
      output: [
        { 8: '    securityContext: {procMount: "Default"}' },
        { 15: '    securityContext: {procMount: Default}' },
      ],
    },
  ],
});
