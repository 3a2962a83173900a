import { ruleTester, y } from '../rule-tester';

ruleTester('host-ports', {
  valid: [
    {
      name: 'container ports without hostPort, and hostPort: 0',
      code: y`
        apiVersion: v1
        kind: Pod
        metadata:
          name: web
        spec:
          containers:
          - name: app
            image: nginx
            ports:
            - containerPort: 80
            - containerPort: 443
              hostPort: 0
      `,
    },
  ],
  invalid: [
    {
      name: 'init, regular and ephemeral containers; the fix removes the line and keeps its comment',
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
            ports:
            - containerPort: 53
              hostPort: 53 # dns
          containers:
          - name: app
            image: nginx
            ports:
            - {containerPort: 80, hostPort: 8080}
          ephemeralContainers:
          - name: debug
            image: busybox
            ports:
            - hostPort: 0x1F90
              containerPort: 8080
      `,
      errors: [
        {
          message: "Init container 'init' binds host port 53 on the node (hostPort: 53).",
          range: [10, 6, 10, 18],
          container: 'init',
          path: 'spec.initContainers[0].ports[0].hostPort',
          severity: 'error',
          fix: { title: "Remove hostPort 53 in init container 'init'", preferred: false, edits: [{ range: [10, 0, 11, 0], text: '      # dns\n' }] },
        },
        {
          message: "Container 'app' binds host port 8080 on the node (hostPort: 8080).",
          range: [15, 26, 15, 40],
          container: 'app',
          fix: { title: "Remove hostPort 8080 in container 'app'", preferred: false, edits: [{ range: [15, 24, 15, 40], text: '' }] },
        },
        {
          message: "Ephemeral container 'debug' binds host port 8080 on the node (hostPort: 8080).",
          range: [20, 6, 20, 22],
          container: 'debug',
          path: 'spec.ephemeralContainers[0].ports[0].hostPort',
          fix: { title: "Remove hostPort 8080 in ephemeral container 'debug'", preferred: false, edits: [{ range: [20, 6, 21, 6], text: '' }] },
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
              ports:
              - containerPort: 53
                # dns
            containers:
            - name: app
              image: nginx
              ports:
              - {containerPort: 80, hostPort: 8080}
            ephemeralContainers:
            - name: debug
              image: busybox
              ports:
              - hostPort: 0x1F90
                containerPort: 8080
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
              ports:
              - containerPort: 53
                hostPort: 53 # dns
            containers:
            - name: app
              image: nginx
              ports:
              - {containerPort: 80}
            ephemeralContainers:
            - name: debug
              image: busybox
              ports:
              - hostPort: 0x1F90
                containerPort: 8080
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
              ports:
              - containerPort: 53
                hostPort: 53 # dns
            containers:
            - name: app
              image: nginx
              ports:
              - {containerPort: 80, hostPort: 8080}
            ephemeralContainers:
            - name: debug
              image: busybox
              ports:
              - containerPort: 8080
        `,
      ],
    },
    {
      name: 'a StatefulSet with unindented sequences, several ports',
      code: y`
        apiVersion: apps/v1
        kind: StatefulSet
        metadata:
          name: db
        spec:
          serviceName: db
          template:
            spec:
              containers:
              - name: db
                image: postgres
                ports:
                - name: pg
                  containerPort: 5432
                  hostPort: 5432
                  protocol: TCP
      `,
      errors: [
        {
          message: "Container 'db' binds host port 5432 on the node (hostPort: 5432).",
          range: [14, 10, 14, 24],
          path: 'spec.template.spec.containers[0].ports[0].hostPort',
          fix: { title: "Remove hostPort 5432 in container 'db'", preferred: false, edits: [{ range: [14, 0, 15, 0], text: '' }] },
        },
      ],
      output: y`
        apiVersion: apps/v1
        kind: StatefulSet
        metadata:
          name: db
        spec:
          serviceName: db
          template:
            spec:
              containers:
              - name: db
                image: postgres
                ports:
                - name: pg
                  containerPort: 5432
                  protocol: TCP
      `,
    },
  ],
});
