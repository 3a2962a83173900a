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
          message: "Container 'buildkit' sets procMount: Unmasked; the baseline level requires the Default /proc mount, which masks host kernel interfaces.",
          range: [10, 6, 10, 25],
          container: 'buildkit',
          path: 'spec.containers[0].securityContext.procMount',
          severity: 'error',
          fix: { title: "Set procMount: Default in container 'buildkit'", preferred: false, edits: [{ range: [10, 17, 10, 25], text: 'Default' }] },
        },
      ],
      output: unmasked('false').replace('Unmasked', 'Default'),
    },
    {
      name: 'at v1.35 a pod in the host user namespace must keep the Default mount; restricted before v1.35 runs this rule',
      profile: 'restricted',
      version: 'v1.34',
      code: unmasked('true'),
      errors: [
        {
          message: "Container 'buildkit' sets procMount: Unmasked; the baseline level requires the Default /proc mount, which masks host kernel interfaces.",
          range: [10, 6, 10, 25],
          severity: 'error',
          fix: { title: "Set procMount: Default in container 'buildkit'", preferred: false, edits: [{ range: [10, 17, 10, 25], text: 'Default' }] },
        },
      ],
      output: unmasked('true').replace('Unmasked', 'Default'),
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
          message: "Init container 'init' sets procMount: Unmasked; the baseline level requires the Default /proc mount, which masks host kernel interfaces.",
          range: [8, 22, 8, 43],
          container: 'init',
          fix: { title: "Set procMount: Default in init container 'init'", preferred: false, edits: [{ range: [8, 33, 8, 43], text: '"Default"' }] },
        },
        {
          message: "Ephemeral container 'debug' sets procMount: default; the baseline level requires the Default /proc mount, which masks host kernel interfaces.",
          range: [15, 22, 15, 40],
          container: 'debug',
          fix: { title: "Set procMount: Default in ephemeral container 'debug'", preferred: false, edits: [{ range: [15, 33, 15, 40], text: 'Default' }] },
        },
      ],
      output: [
        y`
          apiVersion: v1
          kind: Pod
          metadata:
            name: web
          spec:
            initContainers:
            - name: init
              image: busybox
              securityContext: {procMount: "Default"}
            containers:
            - name: app
              image: nginx
            ephemeralContainers:
            - name: debug
              image: busybox
              securityContext: {procMount: default}
        `,
        y`
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
              securityContext: {procMount: Default}
        `,
      ],
    },
  ],
});
