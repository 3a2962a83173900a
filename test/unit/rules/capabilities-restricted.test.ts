import { ruleTester, y } from '../rule-tester';

ruleTester('capabilities-restricted', {
  valid: [
    {
      name: 'drop ALL, add NET_BIND_SERVICE only',
      code: y`
        apiVersion: v1
        kind: Pod
        metadata:
          name: web
        spec:
          containers:
          - name: app
            image: nginx
            securityContext:
              capabilities:
                drop: ["ALL", NET_RAW]
                add: [NET_BIND_SERVICE]
      `,
    },
    {
      name: 'before v1.22 nothing has to be dropped',
      version: 'v1.21',
      code: y`
        apiVersion: v1
        kind: Pod
        metadata:
          name: web
        spec:
          containers:
          - name: app
            image: nginx
      `,
    },
    {
      name: 'Windows pods are exempt from v1.25',
      version: 'v1.25',
      code: y`
        apiVersion: v1
        kind: Pod
        metadata:
          name: web
        spec:
          os: {name: windows}
          containers:
          - name: app
            image: nanoserver
      `,
    },
    {
      name: 'the baseline profile does not include it',
      profile: 'baseline',
      code: y`
        apiVersion: v1
        kind: Pod
        metadata:
          name: web
        spec:
          containers:
          - name: app
            image: nginx
      `,
    },
  ],
  invalid: [
    {
      name: 'no capabilities at all: the fix creates securityContext.capabilities.drop',
      version: 'v1.22',
      code: y`
        apiVersion: v1
        kind: Pod
        metadata:
          name: web
        spec:
          containers:
          - name: app
            image: nginx
      `,
      errors: [
        {
          message: 'Container \'app\' does not drop ALL capabilities: the restricted level requires capabilities.drop: ["ALL"].',
          range: [6, 4, 6, 13],
          container: 'app',
          path: 'spec.containers[0].name',
          severity: 'warning',
          fix: { title: 'Add "ALL" to capabilities.drop in container \'app\'', preferred: true, edits: [{ range: [7, 16, 7, 16], text: '\n    securityContext:\n      capabilities:\n        drop:\n        - ALL' }] },
        },
      ],
      output: y`
        apiVersion: v1
        kind: Pod
        metadata:
          name: web
        spec:
          containers:
          - name: app
            image: nginx
            securityContext:
              capabilities:
                drop:
                - ALL
      `,
    },
    {
      name: 'Windows pods are not exempt before v1.25',
      version: 'v1.24',
      code: y`
        apiVersion: v1
        kind: Pod
        metadata:
          name: web
        spec:
          os: {name: windows}
          containers:
          - name: app
            image: nanoserver
            securityContext: {}
      `,
      errors: [
        {
          message: 'Container \'app\' does not drop ALL capabilities: the restricted level requires capabilities.drop: ["ALL"].',
          range: [9, 4, 9, 19],
          path: 'spec.containers[0].securityContext',
          fix: { title: 'Add "ALL" to capabilities.drop in container \'app\'', preferred: true, edits: [{ range: [9, 22, 9, 22], text: 'capabilities: {drop: [ALL]}' }] },
        },
      ],
      output: y`
        apiVersion: v1
        kind: Pod
        metadata:
          name: web
        spec:
          os: {name: windows}
          containers:
          - name: app
            image: nanoserver
            securityContext: {capabilities: {drop: [ALL]}}
      `,
    },
    {
      name: 'ALL is appended to an existing drop list, block and flow; lowercase all does not count',
      code: y`
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: web
        spec:
          template:
            spec:
              initContainers:
              - name: init
                image: busybox
                securityContext:
                  capabilities:
                    drop:
                      - NET_RAW
              containers:
              - name: app
                image: nginx
                securityContext:
                  capabilities: {drop: [all]}
      `,
      errors: [
        {
          message: 'Init container \'init\' does not drop ALL capabilities: the restricted level requires capabilities.drop: ["ALL"].',
          range: [12, 12, 13, 23],
          container: 'init',
          path: 'spec.template.spec.initContainers[0].securityContext.capabilities.drop',
          fix: { title: 'Add "ALL" to capabilities.drop in init container \'init\'', preferred: true, edits: [{ range: [13, 23, 13, 23], text: '\n              - ALL' }] },
        },
        {
          message: 'Container \'app\' does not drop ALL capabilities: the restricted level requires capabilities.drop: ["ALL"].',
          range: [18, 25, 18, 36],
          container: 'app',
          fix: { title: 'Add "ALL" to capabilities.drop in container \'app\'', preferred: true, edits: [{ range: [18, 35, 18, 35], text: ', ALL' }] },
        },
      ],
      output: [
        y`
          apiVersion: apps/v1
          kind: Deployment
          metadata:
            name: web
          spec:
            template:
              spec:
                initContainers:
                - name: init
                  image: busybox
                  securityContext:
                    capabilities:
                      drop:
                        - NET_RAW
                        - ALL
                containers:
                - name: app
                  image: nginx
                  securityContext:
                    capabilities: {drop: [all]}
        `,
        y`
          apiVersion: apps/v1
          kind: Deployment
          metadata:
            name: web
          spec:
            template:
              spec:
                initContainers:
                - name: init
                  image: busybox
                  securityContext:
                    capabilities:
                      drop:
                        - NET_RAW
                containers:
                - name: app
                  image: nginx
                  securityContext:
                    capabilities: {drop: [all, ALL]}
        `,
      ],
    },
    {
      name: 'added capabilities: outside the baseline set is an error, inside it a warning',
      code: y`
        apiVersion: v1
        kind: Pod
        metadata:
          name: web
        spec:
          containers:
          - name: app
            image: nginx
            securityContext:
              capabilities:
                drop: [ALL]
                add: [NET_BIND_SERVICE, CHOWN, SYS_ADMIN]
      `,
      errors: [
        {
          message: "Container 'app' adds capability CHOWN, which the restricted level does not allow.",
          range: [11, 32, 11, 37],
          severity: 'warning',
          path: 'spec.containers[0].securityContext.capabilities.add[1]',
          fix: { title: "Remove capability CHOWN in container 'app'", preferred: false, edits: [{ range: [11, 32, 11, 39], text: '' }] },
        },
        {
          message: "Container 'app' adds capability SYS_ADMIN, which the baseline level does not allow.",
          range: [11, 39, 11, 48],
          severity: 'error',
          fix: { title: "Remove capability SYS_ADMIN in container 'app'", preferred: false, edits: [{ range: [11, 37, 11, 48], text: '' }] },
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
              securityContext:
                capabilities:
                  drop: [ALL]
                  add: [NET_BIND_SERVICE, SYS_ADMIN]
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
              securityContext:
                capabilities:
                  drop: [ALL]
                  add: [NET_BIND_SERVICE, CHOWN]
        `,
      ],
    },
    {
      name: 'an ephemeral container in a CronJob',
      code: y`
        apiVersion: batch/v1
        kind: CronJob
        metadata:
          name: report
        spec:
          schedule: "0 3 * * *"
          jobTemplate:
            spec:
              template:
                spec:
                  restartPolicy: OnFailure
                  containers:
                  - name: report
                    image: report
                    securityContext:
                      capabilities: {drop: [ALL]}
                  ephemeralContainers:
                  - name: debug
                    image: busybox
                    securityContext:
                      runAsUser: 1000
      `,
      errors: [
        {
          message: 'Ephemeral container \'debug\' does not drop ALL capabilities: the restricted level requires capabilities.drop: ["ALL"].',
          range: [19, 12, 19, 27],
          container: 'debug',
          path: 'spec.jobTemplate.spec.template.spec.ephemeralContainers[0].securityContext',
          fix: { title: 'Add "ALL" to capabilities.drop in ephemeral container \'debug\'', preferred: true, edits: [{ range: [20, 29, 20, 29], text: '\n              capabilities:\n                drop:\n                - ALL' }] },
        },
      ],
      output: y`
        apiVersion: batch/v1
        kind: CronJob
        metadata:
          name: report
        spec:
          schedule: "0 3 * * *"
          jobTemplate:
            spec:
              template:
                spec:
                  restartPolicy: OnFailure
                  containers:
                  - name: report
                    image: report
                    securityContext:
                      capabilities: {drop: [ALL]}
                  ephemeralContainers:
                  - name: debug
                    image: busybox
                    securityContext:
                      runAsUser: 1000
                      capabilities:
                        drop:
                        - ALL
      `,
    },
  ],
});
