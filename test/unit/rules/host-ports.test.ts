import { ExpectedError, inWhere, pod, ruleTester, y } from '../rule-tester';

/** A container of `subject` that binds host `port`, and the fix that removes hostPort. */
const binds = (subject: string, port: string): ExpectedError => ({
  messageId: 'hostPort',
  data: { subject, port },
  fix: { title: `Remove hostPort ${port} ${inWhere(subject)}`, preferred: false },
});

ruleTester('host-ports', {
  valid: [
    {
      name: 'container ports without hostPort, and hostPort: 0',
      code: pod`
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
      code: pod`
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
        { ...binds("Init container 'init'", '53'), at: 'hostPort: 53', container: 'init', path: 'spec.initContainers[0].ports[0].hostPort', severity: 'error' },
        { ...binds("Container 'app'", '8080'), at: 'hostPort: 8080', container: 'app' },
        { ...binds("Ephemeral container 'debug'", '8080'), at: 'hostPort: 0x1F90', container: 'debug', path: 'spec.ephemeralContainers[0].ports[0].hostPort' },
      ],
      output: [{ 10: '      # dns' }, { 15: '    - {containerPort: 80}' }, { 20: '    - containerPort: 8080', 21: null }],
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
      errors: [{ ...binds("Container 'db'", '5432'), at: 'hostPort: 5432', path: 'spec.template.spec.containers[0].ports[0].hostPort' }],
      output: { 14: null },
    },
  ],
});
