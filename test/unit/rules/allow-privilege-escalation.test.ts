import { ruleTester, y } from '../rule-tester';

const bare = y`
  apiVersion: v1
  kind: Pod
  metadata:
    name: web
  spec:
    containers:
    - name: app
      image: nginx
`;

const windows = y`
  apiVersion: v1
  kind: Pod
  metadata:
    name: web
  spec:
    os: {name: windows}
    containers:
    - name: app
      image: nanoserver
      securityContext:
        windowsOptions: {runAsUserName: ContainerUser}
`;

ruleTester('allow-privilege-escalation', {
  valid: [
    {
      name: 'false in every container, also as YAML 1.1 no / Off',
      code: y`
        apiVersion: v1
        kind: Pod
        metadata:
          name: web
        spec:
          initContainers:
          - name: init
            image: busybox
            securityContext: {allowPrivilegeEscalation: no}
          containers:
          - name: app
            image: nginx
            securityContext:
              allowPrivilegeEscalation: false
          ephemeralContainers:
          - name: debug
            image: busybox
            securityContext: {allowPrivilegeEscalation: Off}
      `,
    },
    { name: 'before v1.8 the check does not exist', version: 'v1.7', code: bare },
    { name: 'Windows pods are exempt from v1.25', version: 'v1.25', code: windows },
    { name: 'the baseline profile does not include it', profile: 'baseline', code: bare },
  ],
  invalid: [
    {
      name: 'from v1.8 it must be set: the finding points at the container name, the fix adds a securityContext',
      version: 'v1.8',
      code: bare,
      errors: [
        {
          messageId: 'missing', data: { subject: "Container 'app'" },
          at: 'name: app',
          container: 'app',
          path: 'spec.containers[0].name',
          severity: 'warning',
          fix: { title: "Set allowPrivilegeEscalation: false in container 'app'", preferred: true },
        },
      ],
      output: { 7: '    image: nginx\n    securityContext:\n      allowPrivilegeEscalation: false' },
    },
    {
      name: 'Windows pods are not exempt before v1.25; the fix adds to an existing securityContext',
      version: 'v1.24',
      code: windows,
      errors: [
        { messageId: 'missing', data: { subject: "Container 'app'" }, at: 'securityContext', path: 'spec.containers[0].securityContext', fix: { title: "Set allowPrivilegeEscalation: false in container 'app'", preferred: true } },
      ],
      output: { 10: '      windowsOptions: {runAsUserName: ContainerUser}\n      allowPrivilegeEscalation: false' },
    },
    {
      name: 'explicit true, and a quoted "false" that is a string, not the boolean (fixes not preferred)',
      code: y`
        apiVersion: v1
        kind: Pod
        metadata:
          name: web
        spec:
          containers:
          - name: app
            image: nginx
            securityContext:
              allowPrivilegeEscalation: yes
          - name: sidecar
            image: envoy
            securityContext: {allowPrivilegeEscalation: "false"}
      `,
      errors: [
        {
          messageId: 'allows', data: { subject: "Container 'app'", value: 'yes' },
          at: 'allowPrivilegeEscalation: yes',
          container: 'app',
          path: 'spec.containers[0].securityContext.allowPrivilegeEscalation',
          fix: { title: "Set allowPrivilegeEscalation: false in container 'app'", preferred: false },
        },
        {
          messageId: 'notBoolean', data: { subject: "Container 'sidecar'", value: '"false"' },
          at: 'allowPrivilegeEscalation: "false"',
          container: 'sidecar',
          fix: { title: "Set allowPrivilegeEscalation: false in container 'sidecar'", preferred: false },
        },
      ],
      output: [
        { 9: '      allowPrivilegeEscalation: false' },
        { 12: '    securityContext: {allowPrivilegeEscalation: false}' },
      ],
    },
    {
      name: 'four-space indentation with indented sequences: the new lines follow the file',
      code: y`
        apiVersion: apps/v1
        kind: Deployment
        metadata:
            name: web
        spec:
            template:
                spec:
                    initContainers:
                        - name: migrate
                          image: migrate
                    containers:
                        - name: app
                          image: nginx
                          securityContext:
                              runAsUser: 1000
      `,
      errors: [
        {
          messageId: 'missing', data: { subject: "Init container 'migrate'" },
          at: 'name: migrate',
          container: 'migrate',
          path: 'spec.template.spec.initContainers[0].name',
          fix: { title: "Set allowPrivilegeEscalation: false in init container 'migrate'", preferred: true },
        },
        {
          messageId: 'missing', data: { subject: "Container 'app'" },
          at: 'securityContext',
          container: 'app',
          path: 'spec.template.spec.containers[0].securityContext',
          fix: { title: "Set allowPrivilegeEscalation: false in container 'app'", preferred: true },
        },
      ],
      output: [
        { 9: '                  image: migrate\n                  securityContext:\n                      allowPrivilegeEscalation: false' },
        { 14: '                      runAsUser: 1000\n                      allowPrivilegeEscalation: false' },
      ],
    },
    {
      name: 'a container written in flow style, in the third document',
      code: y`
        apiVersion: v1
        kind: ServiceAccount
        metadata: {name: web}
        ---
        apiVersion: v1
        kind: ConfigMap
        metadata: {name: web}
        ---
        apiVersion: v1
        kind: Pod
        metadata: {name: web}
        spec:
          containers:
          - {name: app, image: nginx}
      `,
      errors: [{ messageId: 'missing', data: { subject: "Container 'app'" }, at: 'name: app', fix: { title: "Set allowPrivilegeEscalation: false in container 'app'", preferred: true } }],
      output: { 13: '  - {name: app, image: nginx, securityContext: {allowPrivilegeEscalation: false}}' },
    },
  ],
});
