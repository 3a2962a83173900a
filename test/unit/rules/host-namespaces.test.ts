import { crlf, ExpectedError, pod, ruleTester, y } from '../rule-tester';

/** The pod shares a host namespace through `field` (written `value`), and the fix that sets it false. */
const shares = (field: string, value: string, namespace: string): ExpectedError => ({
  messageId: 'hostNamespace',
  data: { namespace, field, value },
  at: `${field}: ${value}`,
  fix: { title: `Set ${field}: false`, preferred: false },
});

ruleTester('host-namespaces', {
  valid: [
    {
      name: 'explicit false, also as YAML 1.1 no / off',
      profile: 'baseline',
      code: pod`
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
      code: pod`
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
      code: pod`
        hostNetwork: true
        hostPID: yes # YAML 1.1 true
        hostIPC: On
        containers:
        - name: app
          image: nginx
      `,
      errors: [
        { ...shares('hostNetwork', 'true', 'network'), container: null, path: 'spec.hostNetwork', severity: 'error', fromPodLevel: true },
        { ...shares('hostPID', 'yes', 'process ID'), path: 'spec.hostPID' },
        { ...shares('hostIPC', 'On', 'IPC'), path: 'spec.hostIPC' },
      ],
      output: [{ 5: '  hostNetwork: false' }, { 6: '  hostPID: false # YAML 1.1 true' }, { 7: '  hostIPC: false' }],
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
      errors: [{ ...shares('hostNetwork', 'true', 'network'), path: 'spec.template.spec.hostNetwork', severity: 'error' }],
      output: { 15: '      hostNetwork: false' },
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
        { ...shares('hostIPC', 'true', 'IPC'), path: 'spec.hostIPC' },
        { ...shares('hostIPC', 'true', 'IPC'), path: 'spec.hostIPC' },
      ],
      output: [{ 7: '    hostIPC: false' }, { 7: '    hostIPC: false' }],
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
      errors: [{ ...shares('hostPID', 'true', 'process ID'), path: 'spec.template.spec.hostPID' }],
      output: { 16: '        containers: [{name: app, image: nginx}]\n        hostPID: false' },
    },
  ],
});
