import { ruleTester, y } from '../rule-tester';

const probed = y`
  apiVersion: v1
  kind: Pod
  metadata:
    name: web
  spec:
    containers:
    - name: app
      image: nginx
      livenessProbe:
        httpGet: {host: 169.254.169.254, path: /latest/meta-data, port: 80}
`;

ruleTester('host-probes', {
  valid: [
    {
      name: 'before v1.34 the check does not exist',
      profile: 'baseline',
      version: 'v1.33',
      code: probed,
    },
    {
      name: 'probes and hooks without host, or with an empty host',
      code: y`
        apiVersion: v1
        kind: Pod
        metadata:
          name: web
        spec:
          containers:
          - name: app
            image: nginx
            readinessProbe:
              httpGet:
                host: ""
                path: /healthz
                port: 8080
                httpHeaders: [{name: Host, value: example.com}]
            startupProbe:
              tcpSocket: {port: 8080}
            lifecycle:
              preStop:
                exec: {command: [sleep, "5"]}
      `,
    },
  ],
  invalid: [
    {
      name: 'at v1.34 a probe host is flagged',
      profile: 'baseline',
      version: 'v1.34',
      code: probed,
      errors: [
        {
          messageId: 'host', data: { subject: "Container 'app'", handler: 'livenessProbe', kind: 'httpGet', host: '"169.254.169.254"' },
          at: 'host: 169.254.169.254',
          container: 'app',
          path: 'spec.containers[0].livenessProbe.httpGet.host',
          severity: 'error',
          fix: { title: "Remove host from livenessProbe.httpGet in container 'app'", preferred: false },
        },
      ],
      output: { 9: '      httpGet: {path: /latest/meta-data, port: 80}' },
    },
    {
      name: 'every probe and hook, in init, regular and ephemeral containers; loopback hosts count too',
      code: y`
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: web
        spec:
          template:
            spec:
              initContainers:
              - name: wait
                image: busybox
                startupProbe:
                  tcpSocket:
                    host: db.example.com
                    port: 5432
              containers:
              - name: app
                image: nginx
                readinessProbe:
                  tcpSocket:
                    port: 8080
                    host: 127.0.0.1
                lifecycle:
                  postStart:
                    httpGet:
                      host: "::1"
                      port: 80
                  preStop:
                    tcpSocket: {host: localhost, port: 80}
              ephemeralContainers:
              - name: debug
                image: busybox
                livenessProbe:
                  httpGet:
                    port: 80
                    host: node.local
      `,
      errors: [
        {
          messageId: 'host', data: { subject: "Init container 'wait'", handler: 'startupProbe', kind: 'tcpSocket', host: '"db.example.com"' },
          at: 'host: db.example.com',
          container: 'wait',
          path: 'spec.template.spec.initContainers[0].startupProbe.tcpSocket.host',
          fix: { title: "Remove host from startupProbe.tcpSocket in init container 'wait'", preferred: false },
        },
        {
          messageId: 'host', data: { subject: "Container 'app'", handler: 'readinessProbe', kind: 'tcpSocket', host: '"127.0.0.1"' },
          at: 'host: 127.0.0.1',
          container: 'app',
          fix: { title: "Remove host from readinessProbe.tcpSocket in container 'app'", preferred: false },
        },
        {
          messageId: 'host', data: { subject: "Container 'app'", handler: 'lifecycle.postStart', kind: 'httpGet', host: '"::1"' },
          at: 'host: "::1"',
          container: 'app',
          path: 'spec.template.spec.containers[0].lifecycle.postStart.httpGet.host',
          fix: { title: "Remove host from lifecycle.postStart.httpGet in container 'app'", preferred: false },
        },
        {
          messageId: 'host', data: { subject: "Container 'app'", handler: 'lifecycle.preStop', kind: 'tcpSocket', host: '"localhost"' },
          at: 'host: localhost',
          container: 'app',
          fix: { title: "Remove host from lifecycle.preStop.tcpSocket in container 'app'", preferred: false },
        },
        {
          messageId: 'host', data: { subject: "Ephemeral container 'debug'", handler: 'livenessProbe', kind: 'httpGet', host: '"node.local"' },
          at: 'host: node.local',
          container: 'debug',
          fix: { title: "Remove host from livenessProbe.httpGet in ephemeral container 'debug'", preferred: false },
        },
      ],
      output: [
        { 12: null },
        { 20: null },
        { 24: null },
        { 27: '            tcpSocket: {port: 80}' },
        { 34: null },
      ],
    },
  ],
});
