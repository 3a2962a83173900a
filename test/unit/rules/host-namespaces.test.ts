import { crlf, ruleTester, y } from '../rule-tester';

ruleTester('host-namespaces', {
  valid: [
    {
      name: 'explicit false, also as YAML 1.1 no / off',
      profile: 'baseline',
      code: y`
        apiVersion: v1
        kind: Pod
        metadata:
          name: web
        spec:
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
      code: y`
        apiVersion: v1
        kind: Pod
        metadata:
          name: web
        spec:
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
      code: y`
        apiVersion: v1
        kind: Pod
        metadata:
          name: web
        spec:
          hostNetwork: true
          hostPID: yes # YAML 1.1 true
          hostIPC: On
          containers:
          - name: app
            image: nginx
      `,
      errors: [
        {
          messageId: 'hostNamespace', data: { namespace: 'network', field: 'hostNetwork', value: 'true' },
          at: 'hostNetwork: true',
          container: null,
          path: 'spec.hostNetwork',
          severity: 'error',
          fromPodLevel: true,
          fix: { title: 'Set hostNetwork: false', preferred: false },
        },
        {
          messageId: 'hostNamespace', data: { namespace: 'process ID', field: 'hostPID', value: 'yes' },
          at: 'hostPID: yes',
          path: 'spec.hostPID',
          fix: { title: 'Set hostPID: false', preferred: false },
        },
        {
          messageId: 'hostNamespace', data: { namespace: 'IPC', field: 'hostIPC', value: 'On' },
          at: 'hostIPC: On',
          path: 'spec.hostIPC',
          fix: { title: 'Set hostIPC: false', preferred: false },
        },
      ],
      output: [
        { 5: '  hostNetwork: false' },
        { 6: '  hostPID: false # YAML 1.1 true' },
        { 7: '  hostIPC: false' },
      ],
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
      errors: [
        {
          messageId: 'hostNamespace', data: { namespace: 'network', field: 'hostNetwork', value: 'true' },
          at: 'hostNetwork: true',
          path: 'spec.template.spec.hostNetwork',
          severity: 'error',
          fix: { title: 'Set hostNetwork: false', preferred: false },
        },
      ],
      output: crlf(y`
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
              hostNetwork: false
              containers:
              - name: app
                image: nginx
      `),
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
        { messageId: 'hostNamespace', data: { namespace: 'IPC', field: 'hostIPC', value: 'true' }, at: 'hostIPC: true', path: 'spec.hostIPC', fix: { title: 'Set hostIPC: false', preferred: false } },
        { messageId: 'hostNamespace', data: { namespace: 'IPC', field: 'hostIPC', value: 'true' }, at: 'hostIPC: true', path: 'spec.hostIPC', fix: { title: 'Set hostIPC: false', preferred: false } },
      ],
      output: [
        { 7: '    hostIPC: false' },
        { 7: '    hostIPC: false' },
      ],
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
      errors: [{ messageId: 'hostNamespace', data: { namespace: 'process ID', field: 'hostPID', value: 'true' }, at: 'hostPID: true', path: 'spec.template.spec.hostPID', fix: { title: 'Set hostPID: false', preferred: false } }],
      output: { 16: '        containers: [{name: app, image: nginx}]\n        hostPID: false' },
    },
  ],
});
