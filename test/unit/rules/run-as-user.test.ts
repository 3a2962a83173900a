import { ruleTester, y } from '../rule-tester';

const rootPod = (hostUsers: string) => y`
  apiVersion: v1
  kind: Pod
  metadata:
    name: web
  spec:
    hostUsers: ${hostUsers}
    securityContext:
      runAsUser: 0
    containers:
    - name: app
      image: nginx
      securityContext:
        runAsUser: 1000
`;

ruleTester('run-as-user', {
  valid: [
    {
      name: 'non-zero users, and unset',
      code: y`
        apiVersion: v1
        kind: Pod
        metadata:
          name: web
        spec:
          securityContext: {runAsUser: 1000}
          containers:
          - name: app
            image: nginx
            securityContext: {runAsUser: 65534}
          - name: sidecar
            image: envoy
      `,
    },
    { name: 'before v1.23 the check does not exist', version: 'v1.22', code: rootPod('true') },
    { name: 'from v1.35 a pod in its own user namespace is exempt', version: 'v1.35', code: rootPod('false') },
    { name: 'the baseline profile does not include it', profile: 'baseline', code: rootPod('true') },
  ],
  invalid: [
    {
      name: 'from v1.23 an explicit pod-level 0 fails although the container sets another user',
      version: 'v1.23',
      code: rootPod('true'),
      errors: [
        {
          message: 'The pod runs as root (runAsUser: 0).',
          range: [7, 4, 7, 16],
          container: null,
          fromPodLevel: true,
          path: 'spec.securityContext.runAsUser',
          severity: 'warning',
          fix: { title: "Remove runAsUser: 0 in the pod's securityContext", preferred: false, edits: [{ range: [7, 0, 8, 0], text: '' }] },
        },
      ],
      output: y`
        apiVersion: v1
        kind: Pod
        metadata:
          name: web
        spec:
          hostUsers: true
          securityContext:
          containers:
          - name: app
            image: nginx
            securityContext:
              runAsUser: 1000
      `,
    },
    {
      name: 'before v1.35 hostUsers: false does not exempt the pod',
      version: 'v1.34',
      code: rootPod('false'),
      errors: [
        {
          message: 'The pod runs as root (runAsUser: 0).',
          range: [7, 4, 7, 16],
          fix: { title: "Remove runAsUser: 0 in the pod's securityContext", preferred: false, edits: [{ range: [7, 0, 8, 0], text: '' }] },
        },
      ],
      output: y`
        apiVersion: v1
        kind: Pod
        metadata:
          name: web
        spec:
          hostUsers: false
          securityContext:
          containers:
          - name: app
            image: nginx
            securityContext:
              runAsUser: 1000
      `,
    },
    {
      name: 'containers: 0 written as octal 00 and as hex 0x0 is still root; the removal keeps the comment',
      code: y`
        apiVersion: batch/v1
        kind: Job
        metadata:
          name: migrate
        spec:
          template:
            spec:
              restartPolicy: Never
              initContainers:
              - name: chown
                image: busybox
                securityContext:
                  runAsUser: 00 # needs to chown the volume
                  runAsNonRoot: false
              containers:
              - name: migrate
                image: migrate
                securityContext: {runAsNonRoot: true, runAsUser: 0x0}
      `,
      errors: [
        {
          message: "Init container 'chown' runs as root (runAsUser: 0).",
          range: [12, 10, 12, 23],
          container: 'chown',
          fromPodLevel: false,
          fix: { title: "Remove runAsUser: 0 in init container 'chown'", preferred: false, edits: [{ range: [12, 0, 13, 0], text: '          # needs to chown the volume\n' }] },
        },
        {
          message: "Container 'migrate' runs as root (runAsUser: 0).",
          range: [17, 46, 17, 60],
          container: 'migrate',
          fix: { title: "Remove runAsUser: 0 in container 'migrate'", preferred: false, edits: [{ range: [17, 44, 17, 60], text: '' }] },
        },
      ],
      output: [
        y`
          apiVersion: batch/v1
          kind: Job
          metadata:
            name: migrate
          spec:
            template:
              spec:
                restartPolicy: Never
                initContainers:
                - name: chown
                  image: busybox
                  securityContext:
                    # needs to chown the volume
                    runAsNonRoot: false
                containers:
                - name: migrate
                  image: migrate
                  securityContext: {runAsNonRoot: true, runAsUser: 0x0}
        `,
        y`
          apiVersion: batch/v1
          kind: Job
          metadata:
            name: migrate
          spec:
            template:
              spec:
                restartPolicy: Never
                initContainers:
                - name: chown
                  image: busybox
                  securityContext:
                    runAsUser: 00 # needs to chown the volume
                    runAsNonRoot: false
                containers:
                - name: migrate
                  image: migrate
                  securityContext: {runAsNonRoot: true}
        `,
      ],
    },
  ],
});
