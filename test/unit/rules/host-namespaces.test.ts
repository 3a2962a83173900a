import { crlf, ruleTester, y } from '../rule-tester';

ruleTester('host-namespaces', {
  valid: [
    {
      name: 'explicit false, also as YAML 1.1 no / off',
      profile: 'baseline',
      code: y`
        apiVersion: v1
        kind: Pod
        metadata:
          name: web
        spec:
          hostNetwork: false
          hostPID: no
          hostIPC: off
          containers:
          - name: app
            image: nginx
      `,
    },
    {
      name: 'unset, and null values count as unset',
      code: y`
        apiVersion: apps/v1
        kind: DaemonSet
        metadata:
          name: agent
        spec:
          template:
            spec:
              hostNetwork:
              hostPID: ~
              containers:
              - name: agent
                image: agent
      `,
    },
    {
      name: 'a later key wins over a merged hostPID: true',
      profile: 'baseline',
      code: y`
        apiVersion: v1
        kind: Pod
        metadata:
          name: web
        spec:
          <<: {hostPID: true}
          hostPID: false
          containers:
          - name: app
            image: nginx
      `,
    },
  ],
  invalid: [
    {
      name: 'hostNetwork: true, hostPID: yes, hostIPC: On',
      profile: 'baseline',
      code: y`
        apiVersion: v1
        kind: Pod
        metadata:
          name: web
        spec:
          hostNetwork: true
          hostPID: yes # YAML 1.1 true
          hostIPC: On
          containers:
          - name: app
            image: nginx
      `,
      errors: [
        {
          message: "The pod shares the host's network namespace (hostNetwork: true).",
          range: [5, 2, 5, 19],
          container: null,
          path: 'spec.hostNetwork',
          severity: 'error',
          fromPodLevel: true,
          fix: { title: 'Set hostNetwork: false', preferred: false, edits: [{ range: [5, 15, 5, 19], text: 'false' }] },
        },
        {
          message: "The pod shares the host's process ID namespace (hostPID: yes).",
          range: [6, 2, 6, 14],
          path: 'spec.hostPID',
          fix: { title: 'Set hostPID: false', preferred: false, edits: [{ range: [6, 11, 6, 14], text: 'false' }] },
        },
        {
          message: "The pod shares the host's IPC namespace (hostIPC: On).",
          range: [7, 2, 7, 13],
          path: 'spec.hostIPC',
          fix: { title: 'Set hostIPC: false', preferred: false, edits: [{ range: [7, 11, 7, 13], text: 'false' }] },
        },
      ],
      output: [
        y`
          apiVersion: v1
          kind: Pod
          metadata:
            name: web
          spec:
            hostNetwork: false
            hostPID: yes # YAML 1.1 true
            hostIPC: On
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
            hostNetwork: true
            hostPID: false # YAML 1.1 true
            hostIPC: On
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
            hostNetwork: true
            hostPID: yes # YAML 1.1 true
            hostIPC: false
            containers:
            - name: app
              image: nginx
        `,
      ],
    },
    {
      name: 'a Deployment in the second document of a CRLF file',
      code: crlf(y`
        apiVersion: v1
        kind: Service
        metadata:
          name: web
        spec:
          ports:
          - port: 80
        ---
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: web
        spec:
          template:
            spec:
              hostNetwork: true
              containers:
              - name: app
                image: nginx
      `),
      errors: [
        {
          message: "The pod shares the host's network namespace (hostNetwork: true).",
          range: [15, 6, 15, 23],
          path: 'spec.template.spec.hostNetwork',
          severity: 'error',
          fix: { title: 'Set hostNetwork: false', preferred: false, edits: [{ range: [15, 19, 15, 23], text: 'false' }] },
        },
      ],
      output: crlf(y`
        apiVersion: v1
        kind: Service
        metadata:
          name: web
        spec:
          ports:
          - port: 80
        ---
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: web
        spec:
          template:
            spec:
              hostNetwork: false
              containers:
              - name: app
                image: nginx
      `),
    },
    {
      name: 'a pod spec shared through an alias by two List items: both are flagged at the anchored value',
      profile: 'baseline',
      version: 'v1.0',
      code: y`
        apiVersion: v1
        kind: List
        items:
        - apiVersion: v1
          kind: Pod
          metadata: {name: one}
          spec: &spec
            hostIPC: true
            containers: [{name: app, image: nginx}]
        - apiVersion: v1
          kind: Pod
          metadata: {name: two}
          spec: *spec
      `,
      errors: [
        {
          message: "The pod shares the host's IPC namespace (hostIPC: true).",
          range: [7, 4, 7, 17],
          path: 'spec.hostIPC',
          fix: { title: 'Set hostIPC: false', preferred: false, edits: [{ range: [7, 13, 7, 17], text: 'false' }] },
        },
        {
          message: "The pod shares the host's IPC namespace (hostIPC: true).",
          range: [7, 4, 7, 17],
          path: 'spec.hostIPC',
          fix: { title: 'Set hostIPC: false', preferred: false, edits: [{ range: [7, 13, 7, 17], text: 'false' }] },
        },
      ],
      output: [
        y`
          apiVersion: v1
          kind: List
          items:
          - apiVersion: v1
            kind: Pod
            metadata: {name: one}
            spec: &spec
              hostIPC: false
              containers: [{name: app, image: nginx}]
          - apiVersion: v1
            kind: Pod
            metadata: {name: two}
            spec: *spec
        `,
        y`
          apiVersion: v1
          kind: List
          items:
          - apiVersion: v1
            kind: Pod
            metadata: {name: one}
            spec: &spec
              hostIPC: false
              containers: [{name: app, image: nginx}]
          - apiVersion: v1
            kind: Pod
            metadata: {name: two}
            spec: *spec
        `,
      ],
    },
    {
      name: 'a merged hostPID: true is overridden in the pod spec, not in the shared anchor',
      profile: 'baseline',
      code: y`
        apiVersion: v1
        kind: List
        items:
        - apiVersion: v1
          kind: ConfigMap
          metadata: {name: defaults}
          data: {}
          x-host: &host {hostPID: true}
        - apiVersion: batch/v1
          kind: Job
          metadata: {name: migrate}
          spec:
            template:
              spec:
                <<: *host
                restartPolicy: Never
                containers: [{name: app, image: nginx}]
      `,
      errors: [
        {
          message: "The pod shares the host's process ID namespace (hostPID: true).",
          range: [7, 17, 7, 30],
          path: 'spec.template.spec.hostPID',
          fix: { title: 'Set hostPID: false', preferred: false, edits: [{ range: [16, 47, 16, 47], text: '\n        hostPID: false' }] },
        },
      ],
      output: y`
        apiVersion: v1
        kind: List
        items:
        - apiVersion: v1
          kind: ConfigMap
          metadata: {name: defaults}
          data: {}
          x-host: &host {hostPID: true}
        - apiVersion: batch/v1
          kind: Job
          metadata: {name: migrate}
          spec:
            template:
              spec:
                <<: *host
                restartPolicy: Never
                containers: [{name: app, image: nginx}]
                hostPID: false
      `,
    },
  ],
});
