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
          message: "Container 'app' does not set allowPrivilegeEscalation: false.",
          range: [6, 4, 6, 13],
          container: 'app',
          path: 'spec.containers[0].name',
          severity: 'warning',
          fix: { title: "Set allowPrivilegeEscalation: false in container 'app'", preferred: true, edits: [{ range: [7, 16, 7, 16], text: '\n    securityContext:\n      allowPrivilegeEscalation: false' }] },
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
            securityContext:
              allowPrivilegeEscalation: false
      `,
    },
    {
      name: 'Windows pods are not exempt before v1.25; the fix adds to an existing securityContext',
      version: 'v1.24',
      code: windows,
      errors: [
        {
          message: "Container 'app' does not set allowPrivilegeEscalation: false.",
          range: [9, 4, 9, 19],
          path: 'spec.containers[0].securityContext',
          fix: { title: "Set allowPrivilegeEscalation: false in container 'app'", preferred: true, edits: [{ range: [10, 52, 10, 52], text: '\n      allowPrivilegeEscalation: false' }] },
        },
      ],
      output: y`
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
              allowPrivilegeEscalation: false
      `,
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
          message: "Container 'app' allows privilege escalation (allowPrivilegeEscalation: yes).",
          range: [9, 6, 9, 35],
          container: 'app',
          path: 'spec.containers[0].securityContext.allowPrivilegeEscalation',
          fix: { title: "Set allowPrivilegeEscalation: false in container 'app'", preferred: false, edits: [{ range: [9, 32, 9, 35], text: 'false' }] },
        },
        {
          message: 'Container \'sidecar\' sets allowPrivilegeEscalation to "false", which is not the boolean false.',
          range: [12, 22, 12, 55],
          container: 'sidecar',
          fix: { title: "Set allowPrivilegeEscalation: false in container 'sidecar'", preferred: false, edits: [{ range: [12, 48, 12, 55], text: 'false' }] },
        },
      ],
      output: [
        y`
          apiVersion: v1
          kind: Pod
          metadata:
            name: web
          spec:
            containers:
            - name: app
              image: nginx
              securityContext:
                allowPrivilegeEscalation: false
            - name: sidecar
              image: envoy
              securityContext: {allowPrivilegeEscalation: "false"}
        `,
        y`
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
              securityContext: {allowPrivilegeEscalation: false}
        `,
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
          message: "Init container 'migrate' does not set allowPrivilegeEscalation: false.",
          range: [8, 18, 8, 31],
          container: 'migrate',
          path: 'spec.template.spec.initContainers[0].name',
          fix: { title: "Set allowPrivilegeEscalation: false in init container 'migrate'", preferred: true, edits: [{ range: [9, 32, 9, 32], text: '\n                  securityContext:\n                      allowPrivilegeEscalation: false' }] },
        },
        {
          message: "Container 'app' does not set allowPrivilegeEscalation: false.",
          range: [13, 18, 13, 33],
          container: 'app',
          path: 'spec.template.spec.containers[0].securityContext',
          fix: { title: "Set allowPrivilegeEscalation: false in container 'app'", preferred: true, edits: [{ range: [14, 37, 14, 37], text: '\n                      allowPrivilegeEscalation: false' }] },
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
                          - name: migrate
                            image: migrate
                            securityContext:
                                allowPrivilegeEscalation: false
                      containers:
                          - name: app
                            image: nginx
                            securityContext:
                                runAsUser: 1000
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
                          - name: migrate
                            image: migrate
                      containers:
                          - name: app
                            image: nginx
                            securityContext:
                                runAsUser: 1000
                                allowPrivilegeEscalation: false
        `,
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
      errors: [
        {
          message: "Container 'app' does not set allowPrivilegeEscalation: false.",
          range: [13, 5, 13, 14],
          fix: { title: "Set allowPrivilegeEscalation: false in container 'app'", preferred: true, edits: [{ range: [13, 28, 13, 28], text: ', securityContext: {allowPrivilegeEscalation: false}' }] },
        },
      ],
      output: y`
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
          - {name: app, image: nginx, securityContext: {allowPrivilegeEscalation: false}}
      `,
    },
  ],
});
