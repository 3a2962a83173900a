import { BARE_POD, ExpectedError, inWhere, pod, ruleTester, y } from '../rule-tester';

/** A container of `subject` that does not drop ALL, and the fix that adds it. */
const dropsNotAll = (subject: string): ExpectedError => ({
  messageId: 'dropAll',
  data: { subject },
  fix: { title: `Add "ALL" to capabilities.drop ${inWhere(subject)}`, preferred: true },
});

ruleTester('capabilities-restricted', {
  valid: [
    {
      name: 'drop ALL, add NET_BIND_SERVICE only',
      code: pod`
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
      code: BARE_POD,
    },
    {
      name: 'Windows pods are exempt from v1.25',
      version: 'v1.25',
      code: pod`
        os: {name: windows}
        containers:
        - name: app
          image: nanoserver
      `,
    },
    {
      name: 'the baseline profile does not include it',
      profile: 'baseline',
      code: BARE_POD,
    },
  ],
  invalid: [
    {
      name: 'no capabilities at all: the fix creates securityContext.capabilities.drop',
      version: 'v1.22',
      code: BARE_POD,
      errors: [{ ...dropsNotAll("Container 'app'"), at: 'name: app', container: 'app', path: 'spec.containers[0].name', severity: 'warning' }],
      output: { 7: '    image: nginx\n    securityContext:\n      capabilities:\n        drop:\n        - ALL' },
    },
    {
      name: 'Windows pods are not exempt before v1.25',
      version: 'v1.24',
      code: pod`
        os: {name: windows}
        containers:
        - name: app
          image: nanoserver
          securityContext: {}
      `,
      errors: [{ ...dropsNotAll("Container 'app'"), at: 'securityContext', path: 'spec.containers[0].securityContext' }],
      output: { 9: '    securityContext: {capabilities: {drop: [ALL]}}' },
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
          ...dropsNotAll("Init container 'init'"),
          range: [12, 12, 13, 23],
          container: 'init',
          path: 'spec.template.spec.initContainers[0].securityContext.capabilities.drop',
        },
        { ...dropsNotAll("Container 'app'"), at: 'drop: [all]', container: 'app' },
      ],
      output: [{ 13: '              - NET_RAW\n              - ALL' }, { 18: '          capabilities: {drop: [all, ALL]}' }],
    },
    {
      name: 'added capabilities: outside the baseline set is an error, inside it a warning',
      code: pod`
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
          messageId: 'addsCapability',
          data: { subject: "Container 'app'", capability: 'CHOWN', level: 'restricted' },
          at: 'CHOWN',
          fix: { title: "Remove capability CHOWN in container 'app'", preferred: false },
          severity: 'warning',
          path: 'spec.containers[0].securityContext.capabilities.add[1]',
        },
        {
          messageId: 'addsCapability',
          data: { subject: "Container 'app'", capability: 'SYS_ADMIN', level: 'baseline' },
          at: 'SYS_ADMIN',
          fix: { title: "Remove capability SYS_ADMIN in container 'app'", preferred: false },
          severity: 'error',
        },
      ],
      output: [{ 11: '        add: [NET_BIND_SERVICE, SYS_ADMIN]' }, { 11: '        add: [NET_BIND_SERVICE, CHOWN]' }],
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
          ...dropsNotAll("Ephemeral container 'debug'"),
          at: 'securityContext',
          occurrence: 2,
          container: 'debug',
          path: 'spec.jobTemplate.spec.template.spec.ephemeralContainers[0].securityContext',
        },
      ],
      output: { 20: '              runAsUser: 1000\n              capabilities:\n                drop:\n                - ALL' },
    },
  ],
});
