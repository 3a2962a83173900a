import { ExpectedError, inWhere, pod, ruleTester, y } from '../rule-tester';

/** `subject` sets runAsNonRoot to `value`, and the fix that sets it true there. */
const notTrue = (subject: string, value: string): ExpectedError => ({
  messageId: 'notTrue',
  data: { subject, value },
  fix: { title: `Set runAsNonRoot: true ${inWhere(subject)}`, preferred: false },
});

/** Container `name` may run as root, at its name. */
const mayRunAsRoot = (name: string): ExpectedError => ({ messageId: 'mayRunAsRoot', data: { subject: `Container '${name}'` }, at: `name: ${name}` });

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
      code: pod`
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
      code: pod`
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
      code: pod`
        containers:
        - name: app
          image: nginx
        - name: sidecar
          image: envoy
      `,
      errors: [
        {
          ...mayRunAsRoot('app'),
          container: 'app',
          path: 'spec.containers[0].name',
          severity: 'warning',
          fromPodLevel: false,
          related: [],
          fix: { title: "Set runAsNonRoot: true in the pod's securityContext", preferred: true },
        },
        {
          ...mayRunAsRoot('sidecar'),
          container: 'sidecar',
          fix: { title: "Set runAsNonRoot: true in the pod's securityContext", preferred: true },
        },
      ],
      output: [{ 9: '    image: envoy\n  securityContext:\n    runAsNonRoot: true' }, { 9: '    image: envoy\n  securityContext:\n    runAsNonRoot: true' }],
    },
    {
      name: 'an explicit pod-level false fails even when every container sets true',
      code: pod`
        securityContext:
          runAsNonRoot: false
        containers:
        - name: app
          image: nginx
          securityContext:
            runAsNonRoot: true
      `,
      errors: [{ ...notTrue('The pod', 'false'), at: 'runAsNonRoot: false', container: null, fromPodLevel: true, path: 'spec.securityContext.runAsNonRoot' }],
      output: { 6: '    runAsNonRoot: true' },
    },
    {
      name: 'a container inheriting a pod-level false: related information points at the pod value, the fix goes into the container',
      code: pod`
        securityContext:
          runAsNonRoot: No
        containers:
        - name: app
          image: nginx
      `,
      errors: [
        { ...notTrue('The pod', 'No'), at: 'runAsNonRoot: No' },
        {
          ...mayRunAsRoot('app'),
          container: 'app',
          related: [{ messageId: 'inherits', data: { value: 'No' }, at: 'runAsNonRoot: No' }],
          fix: { title: "Set runAsNonRoot: true in container 'app'", preferred: true },
        },
      ],
      output: [{ 6: '    runAsNonRoot: true' }, { 9: '    image: nginx\n    securityContext:\n      runAsNonRoot: true' }],
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
        { ...notTrue("Init container 'init'", 'false'), at: 'runAsNonRoot: false', container: 'init', fromPodLevel: false },
        { ...notTrue("Container 'agent'", '"true"'), at: 'runAsNonRoot: "true"', container: 'agent' },
      ],
      output: [{ 11: '        securityContext: {runAsNonRoot: true}' }, { 15: '        securityContext: {runAsNonRoot: true}' }],
    },
    {
      name: 'before v1.35 hostUsers: false does not exempt the pod',
      version: 'v1.34',
      code: userNamespace('false'),
      errors: [
        {
          ...mayRunAsRoot('app'),
          fix: { title: "Set runAsNonRoot: true in the pod's securityContext", preferred: true },
        },
      ],
      output: { 8: '    image: nginx\n  securityContext:\n    runAsNonRoot: true' },
    },
    {
      name: 'Windows pods are not exempt; an ephemeral container',
      code: pod`
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
          ...notTrue("Ephemeral container 'debug'", 'false'),
          at: 'runAsNonRoot: false',
          container: 'debug',
          path: 'spec.ephemeralContainers[0].securityContext.runAsNonRoot',
        },
      ],
      output: { 14: '      runAsNonRoot: true' },
    },
  ],
});
