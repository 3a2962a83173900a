import { ExpectedError, inWhere, pod, ruleTester, y } from '../rule-tester';

/** A handler of `subject` that sends the kubelet to `host` (written as `at`), and the fix that removes host. */
const sendsTo = (subject: string, handler: string, kind: string, host: string, at: string): ExpectedError => ({
  messageId: 'host',
  data: { subject, handler, kind, host: `"${host}"` },
  at,
  fix: { title: `Remove host from ${handler}.${kind} ${inWhere(subject)}`, preferred: false },
});

const probed = pod`
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
      code: pod`
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
          ...sendsTo("Container 'app'", 'livenessProbe', 'httpGet', '169.254.169.254', 'host: 169.254.169.254'),
          container: 'app',
          path: 'spec.containers[0].livenessProbe.httpGet.host',
          severity: 'error',
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
          ...sendsTo("Init container 'wait'", 'startupProbe', 'tcpSocket', 'db.example.com', 'host: db.example.com'),
          container: 'wait',
          path: 'spec.template.spec.initContainers[0].startupProbe.tcpSocket.host',
        },
        { ...sendsTo("Container 'app'", 'readinessProbe', 'tcpSocket', '127.0.0.1', 'host: 127.0.0.1'), container: 'app' },
        {
          ...sendsTo("Container 'app'", 'lifecycle.postStart', 'httpGet', '::1', 'host: "::1"'),
          container: 'app',
          path: 'spec.template.spec.containers[0].lifecycle.postStart.httpGet.host',
        },
        { ...sendsTo("Container 'app'", 'lifecycle.preStop', 'tcpSocket', 'localhost', 'host: localhost'), container: 'app' },
        { ...sendsTo("Ephemeral container 'debug'", 'livenessProbe', 'httpGet', 'node.local', 'host: node.local'), container: 'debug' },
      ],
      output: [{ 12: null }, { 20: null }, { 24: null }, { 27: '            tcpSocket: {port: 80}' }, { 34: null }],
    },
  ],
});
