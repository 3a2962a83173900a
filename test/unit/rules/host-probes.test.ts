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
          message: "Container 'app' sends its livenessProbe httpGet to host \"169.254.169.254\": the kubelet would connect there from the node.",
          range: [9, 16, 9, 37],
          container: 'app',
          path: 'spec.containers[0].livenessProbe.httpGet.host',
          severity: 'error',
          fix: { title: "Remove host from livenessProbe.httpGet in container 'app'", preferred: false, edits: [{ range: [9, 16, 9, 39], text: '' }] },
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
            livenessProbe:
              httpGet: {path: /latest/meta-data, port: 80}
      `,
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
          message: "Init container 'wait' sends its startupProbe tcpSocket to host \"db.example.com\": the kubelet would connect there from the node.",
          range: [12, 12, 12, 32],
          container: 'wait',
          path: 'spec.template.spec.initContainers[0].startupProbe.tcpSocket.host',
          fix: { title: "Remove host from startupProbe.tcpSocket in init container 'wait'", preferred: false, edits: [{ range: [12, 0, 13, 0], text: '' }] },
        },
        {
          message: "Container 'app' sends its readinessProbe tcpSocket to host \"127.0.0.1\": the kubelet would connect there from the node.",
          range: [20, 12, 20, 27],
          container: 'app',
          fix: { title: "Remove host from readinessProbe.tcpSocket in container 'app'", preferred: false, edits: [{ range: [20, 0, 21, 0], text: '' }] },
        },
        {
          message: "Container 'app' sends its lifecycle.postStart httpGet to host \"::1\": the kubelet would connect there from the node.",
          range: [24, 14, 24, 25],
          container: 'app',
          path: 'spec.template.spec.containers[0].lifecycle.postStart.httpGet.host',
          fix: { title: "Remove host from lifecycle.postStart.httpGet in container 'app'", preferred: false, edits: [{ range: [24, 0, 25, 0], text: '' }] },
        },
        {
          message: "Container 'app' sends its lifecycle.preStop tcpSocket to host \"localhost\": the kubelet would connect there from the node.",
          range: [27, 24, 27, 39],
          container: 'app',
          fix: { title: "Remove host from lifecycle.preStop.tcpSocket in container 'app'", preferred: false, edits: [{ range: [27, 24, 27, 41], text: '' }] },
        },
        {
          message: "Ephemeral container 'debug' sends its livenessProbe httpGet to host \"node.local\": the kubelet would connect there from the node.",
          range: [34, 12, 34, 28],
          container: 'debug',
          fix: { title: "Remove host from livenessProbe.httpGet in ephemeral container 'debug'", preferred: false, edits: [{ range: [34, 0, 35, 0], text: '' }] },
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
                - name: wait
                  image: busybox
                  startupProbe:
                    tcpSocket:
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
        y`
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
        y`
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
        y`
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
                      tcpSocket: {port: 80}
                ephemeralContainers:
                - name: debug
                  image: busybox
                  livenessProbe:
                    httpGet:
                      port: 80
                      host: node.local
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
        `,
      ],
    },
  ],
});
