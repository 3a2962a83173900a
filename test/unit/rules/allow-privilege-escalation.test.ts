import { BARE_POD, ExpectedError, inWhere, pod, ruleTester, y } from '../rule-tester';

/** A finding of the rule on `subject`, with the fix (preferred when it adds the missing setting). */
const finding = (messageId: string, subject: string, preferred: boolean, value = ''): ExpectedError => ({
  messageId,
  data: { subject, value },
  fix: { title: `Set allowPrivilegeEscalation: false ${inWhere(subject)}`, preferred },
});

const windows = pod`
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
      code: pod`
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
    { name: 'before v1.8 the check does not exist', version: 'v1.7', code: BARE_POD },
    { name: 'Windows pods are exempt from v1.25', version: 'v1.25', code: windows },
    { name: 'the baseline profile does not include it', profile: 'baseline', code: BARE_POD },
  ],
  invalid: [
    {
      name: 'from v1.8 it must be set: the finding points at the container name, the fix adds a securityContext',
      version: 'v1.8',
      code: BARE_POD,
      errors: [{ ...finding('missing', "Container 'app'", true), at: 'name: app', container: 'app', path: 'spec.containers[0].name', severity: 'warning' }],
      output: { 7: '    image: nginx\n    securityContext:\n      allowPrivilegeEscalation: false' },
    },
    {
      name: 'Windows pods are not exempt before v1.25; the fix adds to an existing securityContext',
      version: 'v1.24',
      code: windows,
      errors: [{ ...finding('missing', "Container 'app'", true), at: 'securityContext', path: 'spec.containers[0].securityContext' }],
      output: { 10: '      windowsOptions: {runAsUserName: ContainerUser}\n      allowPrivilegeEscalation: false' },
    },
    {
      name: 'explicit true, and a quoted "false" that is a string, not the boolean (fixes not preferred)',
      code: pod`
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
          ...finding('allows', "Container 'app'", false, 'yes'),
          at: 'allowPrivilegeEscalation: yes',
          container: 'app',
          path: 'spec.containers[0].securityContext.allowPrivilegeEscalation',
        },
        { ...finding('notBoolean', "Container 'sidecar'", false, '"false"'), at: 'allowPrivilegeEscalation: "false"', container: 'sidecar' },
      ],
      output: [{ 9: '      allowPrivilegeEscalation: false' }, { 12: '    securityContext: {allowPrivilegeEscalation: false}' }],
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
          ...finding('missing', "Init container 'migrate'", true),
          at: 'name: migrate',
          container: 'migrate',
          path: 'spec.template.spec.initContainers[0].name',
        },
        { ...finding('missing', "Container 'app'", true), at: 'securityContext', container: 'app', path: 'spec.template.spec.containers[0].securityContext' },
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
      errors: [{ ...finding('missing', "Container 'app'", true), at: 'name: app' }],
      output: { 13: '  - {name: app, image: nginx, securityContext: {allowPrivilegeEscalation: false}}' },
    },
  ],
});
