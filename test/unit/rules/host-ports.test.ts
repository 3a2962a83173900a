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
          messageId: 'hostPort', data: { subject: "Init container 'init'", port: '53' },
          at: 'hostPort: 53',
          container: 'init',
          path: 'spec.initContainers[0].ports[0].hostPort',
          severity: 'error',
          fix: { title: "Remove hostPort 53 in init container 'init'", preferred: false },
        },
        {
          messageId: 'hostPort', data: { subject: "Container 'app'", port: '8080' },
          at: 'hostPort: 8080',
          container: 'app',
          fix: { title: "Remove hostPort 8080 in container 'app'", preferred: false },
        },
        {
          messageId: 'hostPort', data: { subject: "Ephemeral container 'debug'", port: '8080' },
          at: 'hostPort: 0x1F90',
          container: 'debug',
          path: 'spec.ephemeralContainers[0].ports[0].hostPort',
          fix: { title: "Remove hostPort 8080 in ephemeral container 'debug'", preferred: false },
        },
      ],
      output: [
        { 10: '      # dns' },
        { 15: '    - {containerPort: 80}' },
        { 20: '    - containerPort: 8080', 21: null },
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
          messageId: 'hostPort', data: { subject: "Container 'db'", port: '5432' },
          at: 'hostPort: 5432',
          path: 'spec.template.spec.containers[0].ports[0].hostPort',
          fix: { title: "Remove hostPort 5432 in container 'db'", preferred: false },
        },
      ],
      output: { 14: null },
    },
  ],
});
