import { ruleTester, y } from '../rule-tester';

const userNamespace = (hostUsers: string) => y`
  apiVersion: v1
  kind: Pod
  metadata:
    name: web
  spec:
    hostUsers: ${hostUsers}
    containers:
    - name: app
      image: nginx
`;

ruleTester('run-as-non-root', {
  valid: [
    {
      name: 'true at the pod level covers every container',
      code: y`
        apiVersion: v1
        kind: Pod
        metadata:
          name: web
        spec:
          securityContext:
            runAsNonRoot: true
          initContainers:
          - name: init
            image: busybox
          containers:
          - name: app
            image: nginx
            securityContext:
              runAsNonRoot: yes
      `,
    },
    {
      name: 'true in every container (init, regular, ephemeral) and nothing at the pod level',
      code: y`
        apiVersion: v1
        kind: Pod
        metadata:
          name: web
        spec:
          initContainers:
          - {name: init, image: busybox, securityContext: {runAsNonRoot: true}}
          containers:
          - {name: app, image: nginx, securityContext: {runAsNonRoot: true}}
          ephemeralContainers:
          - {name: debug, image: busybox, securityContext: {runAsNonRoot: true}}
      `,
    },
    { name: 'from v1.35 a pod in its own user namespace is exempt', version: 'v1.35', code: userNamespace('false') },
    { name: 'the baseline profile does not include it', profile: 'baseline', code: userNamespace('true') },
  ],
  invalid: [
    {
      name: 'nothing set: every container is flagged, and the preferred fix sets it once at the pod level',
      code: y`
        apiVersion: v1
        kind: Pod
        metadata:
          name: web
        spec:
          containers:
          - name: app
            image: nginx
          - name: sidecar
            image: envoy
      `,
      errors: [
        {
          message: "Container 'app' may run as root: neither it nor the pod sets runAsNonRoot: true.",
          range: [6, 4, 6, 13],
          container: 'app',
          path: 'spec.containers[0].name',
          severity: 'warning',
          fromPodLevel: false,
          related: [],
          fix: { title: "Set runAsNonRoot: true in the pod's securityContext", preferred: true, edits: [{ range: [9, 16, 9, 16], text: '\n  securityContext:\n    runAsNonRoot: true' }] },
        },
        {
          message: "Container 'sidecar' may run as root: neither it nor the pod sets runAsNonRoot: true.",
          range: [8, 4, 8, 17],
          container: 'sidecar',
          fix: { title: "Set runAsNonRoot: true in the pod's securityContext", preferred: true, edits: [{ range: [9, 16, 9, 16], text: '\n  securityContext:\n    runAsNonRoot: true' }] },
        },
      ],
      output: [
        y`
          apiVersion: v1
          kind: Pod
          metadata:
            name: web
          spec:
            containers:
            - name: app
              image: nginx
            - name: sidecar
              image: envoy
            securityContext:
              runAsNonRoot: true
        `,
        y`
          apiVersion: v1
          kind: Pod
          metadata:
            name: web
          spec:
            containers:
            - name: app
              image: nginx
            - name: sidecar
              image: envoy
            securityContext:
              runAsNonRoot: true
        `,
      ],
    },
    {
      name: 'an explicit pod-level false fails even when every container sets true',
      code: y`
        apiVersion: v1
        kind: Pod
        metadata:
          name: web
        spec:
          securityContext:
            runAsNonRoot: false
          containers:
          - name: app
            image: nginx
            securityContext:
              runAsNonRoot: true
      `,
      errors: [
        {
          message: 'The pod sets runAsNonRoot: false; it must be true.',
          range: [6, 4, 6, 23],
          container: null,
          fromPodLevel: true,
          path: 'spec.securityContext.runAsNonRoot',
          fix: { title: "Set runAsNonRoot: true in the pod's securityContext", preferred: false, edits: [{ range: [6, 18, 6, 23], text: 'true' }] },
        },
      ],
      output: y`
        apiVersion: v1
        kind: Pod
        metadata:
          name: web
        spec:
          securityContext:
            runAsNonRoot: true
          containers:
          - name: app
            image: nginx
            securityContext:
              runAsNonRoot: true
      `,
    },
    {
      name: 'a container inheriting a pod-level false: related information points at the pod value, the fix goes into the container',
      code: y`
        apiVersion: v1
        kind: Pod
        metadata:
          name: web
        spec:
          securityContext:
            runAsNonRoot: No
          containers:
          - name: app
            image: nginx
      `,
      errors: [
        {
          message: 'The pod sets runAsNonRoot: No; it must be true.',
          range: [6, 4, 6, 20],
          fix: { title: "Set runAsNonRoot: true in the pod's securityContext", preferred: false, edits: [{ range: [6, 18, 6, 20], text: 'true' }] },
        },
        {
          message: "Container 'app' may run as root: neither it nor the pod sets runAsNonRoot: true.",
          range: [8, 4, 8, 13],
          container: 'app',
          related: [{ message: 'inherits runAsNonRoot: No from the pod', range: [6, 4, 6, 20] }],
          fix: { title: "Set runAsNonRoot: true in container 'app'", preferred: true, edits: [{ range: [9, 16, 9, 16], text: '\n    securityContext:\n      runAsNonRoot: true' }] },
        },
      ],
      output: [
        y`
          apiVersion: v1
          kind: Pod
          metadata:
            name: web
          spec:
            securityContext:
              runAsNonRoot: true
            containers:
            - name: app
              image: nginx
        `,
        y`
          apiVersion: v1
          kind: Pod
          metadata:
            name: web
          spec:
            securityContext:
              runAsNonRoot: No
            containers:
            - name: app
              image: nginx
              securityContext:
                runAsNonRoot: true
        `,
      ],
    },
    {
      name: 'a container false overrides a pod true; a quoted "true" is a string, not the boolean',
      code: y`
        apiVersion: apps/v1
        kind: DaemonSet
        metadata:
          name: agent
        spec:
          template:
            spec:
              securityContext: {runAsNonRoot: true}
              initContainers:
              - name: init
                image: busybox
                securityContext: {runAsNonRoot: false}
              containers:
              - name: agent
                image: agent
                securityContext: {runAsNonRoot: "true"}
      `,
      errors: [
        {
          message: "Init container 'init' sets runAsNonRoot: false; it must be true.",
          range: [11, 26, 11, 45],
          container: 'init',
          fromPodLevel: false,
          fix: { title: "Set runAsNonRoot: true in init container 'init'", preferred: false, edits: [{ range: [11, 40, 11, 45], text: 'true' }] },
        },
        {
          message: 'Container \'agent\' sets runAsNonRoot: "true"; it must be true.',
          range: [15, 26, 15, 46],
          container: 'agent',
          fix: { title: "Set runAsNonRoot: true in container 'agent'", preferred: false, edits: [{ range: [15, 40, 15, 46], text: 'true' }] },
        },
      ],
      output: [
        y`
          apiVersion: apps/v1
          kind: DaemonSet
          metadata:
            name: agent
          spec:
            template:
              spec:
                securityContext: {runAsNonRoot: true}
                initContainers:
                - name: init
                  image: busybox
                  securityContext: {runAsNonRoot: true}
                containers:
                - name: agent
                  image: agent
                  securityContext: {runAsNonRoot: "true"}
        `,
        y`
          apiVersion: apps/v1
          kind: DaemonSet
          metadata:
            name: agent
          spec:
            template:
              spec:
                securityContext: {runAsNonRoot: true}
                initContainers:
                - name: init
                  image: busybox
                  securityContext: {runAsNonRoot: false}
                containers:
                - name: agent
                  image: agent
                  securityContext: {runAsNonRoot: true}
        `,
      ],
    },
    {
      name: 'before v1.35 hostUsers: false does not exempt the pod',
      version: 'v1.34',
      code: userNamespace('false'),
      errors: [
        {
          message: "Container 'app' may run as root: neither it nor the pod sets runAsNonRoot: true.",
          range: [7, 4, 7, 13],
          fix: { title: "Set runAsNonRoot: true in the pod's securityContext", preferred: true, edits: [{ range: [8, 16, 8, 16], text: '\n  securityContext:\n    runAsNonRoot: true' }] },
        },
      ],
      output: userNamespace('false') + '  securityContext:\n    runAsNonRoot: true\n',
    },
    {
      name: 'Windows pods are not exempt; an ephemeral container',
      code: y`
        apiVersion: v1
        kind: Pod
        metadata:
          name: web
        spec:
          os: {name: windows}
          securityContext: {runAsNonRoot: true}
          containers:
          - name: app
            image: nanoserver
          ephemeralContainers:
          - name: debug
            image: nanoserver
            securityContext:
              runAsNonRoot: false
      `,
      errors: [
        {
          message: "Ephemeral container 'debug' sets runAsNonRoot: false; it must be true.",
          range: [14, 6, 14, 25],
          container: 'debug',
          path: 'spec.ephemeralContainers[0].securityContext.runAsNonRoot',
          fix: { title: "Set runAsNonRoot: true in ephemeral container 'debug'", preferred: false, edits: [{ range: [14, 20, 14, 25], text: 'true' }] },
        },
      ],
      output: y`
        apiVersion: v1
        kind: Pod
        metadata:
          name: web
        spec:
          os: {name: windows}
          securityContext: {runAsNonRoot: true}
          containers:
          - name: app
            image: nanoserver
          ephemeralContainers:
          - name: debug
            image: nanoserver
            securityContext:
              runAsNonRoot: true
      `,
    },
  ],
});
