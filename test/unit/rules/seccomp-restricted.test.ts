import { BARE_POD, ExpectedError, inWhere, pod, ruleTester, y } from '../rule-tester';

/** `subject` sets seccomp profile `type`, and the fix that sets RuntimeDefault. */
const badType = (subject: string, type: string): ExpectedError => ({
  messageId: 'badSeccompType',
  data: { subject, type },
  fix: { title: `Set seccompProfile.type: RuntimeDefault ${inWhere(subject)}`, preferred: false },
});

/** Container `name` has no seccomp profile, at its name. */
const missing = (name: string): ExpectedError => ({ messageId: 'missing', data: { subject: `Container '${name}'` }, at: `name: ${name}` });

const windows = pod`
  os:
    name: windows
  containers:
  - name: app
    image: nanoserver
`;

ruleTester('seccomp-restricted', {
  valid: [
    {
      name: 'set at the pod level, inherited by every container',
      code: pod`
        securityContext:
          seccompProfile:
            type: RuntimeDefault
        initContainers:
        - name: init
          image: busybox
        containers:
        - name: app
          image: nginx
      `,
    },
    {
      name: 'set in every container, none at the pod level',
      code: pod`
        initContainers:
        - name: init
          image: busybox
          securityContext: {seccompProfile: {type: RuntimeDefault}}
        containers:
        - name: app
          image: nginx
          securityContext: {seccompProfile: {type: Localhost, localhostProfile: audit.json}}
      `,
    },
    { name: 'before v1.19 the check does not exist', version: 'v1.18', code: BARE_POD },
    { name: 'Windows pods are exempt from v1.25', version: 'v1.25', code: windows },
  ],
  invalid: [
    {
      name: 'from v1.19 a profile is required; the fix sets it at the pod level',
      version: 'v1.19',
      code: BARE_POD,
      errors: [
        {
          ...missing('app'),
          container: 'app',
          path: 'spec.containers[0].name',
          severity: 'warning',
          fromPodLevel: false,
          fix: { title: "Set seccompProfile.type: RuntimeDefault in the pod's securityContext", preferred: true },
        },
      ],
      output: { 7: '    image: nginx\n  securityContext:\n    seccompProfile:\n      type: RuntimeDefault' },
    },
    {
      name: 'Windows pods are not exempt before v1.25',
      version: 'v1.24',
      code: windows,
      errors: [
        {
          ...missing('app'),
          fix: { title: "Set seccompProfile.type: RuntimeDefault in the pod's securityContext", preferred: true },
        },
      ],
      output: { 9: '    image: nanoserver\n  securityContext:\n    seccompProfile:\n      type: RuntimeDefault' },
    },
    {
      name: 'an explicit pod-level Unconfined fails although every container sets a profile, and it breaks baseline too',
      code: pod`
        securityContext:
          seccompProfile: {type: Unconfined}
        containers:
        - name: app
          image: nginx
          securityContext:
            seccompProfile: {type: RuntimeDefault}
      `,
      errors: [
        {
          ...badType('The pod', '"Unconfined"'),
          at: 'type: Unconfined',
          container: null,
          fromPodLevel: true,
          path: 'spec.securityContext.seccompProfile.type',
          severity: 'error',
        },
      ],
      output: { 6: '    seccompProfile: {type: RuntimeDefault}' },
    },
    {
      name: 'a bad pod-level profile does not cover containers without their own: their fix goes into the container',
      code: pod`
        securityContext:
          runAsNonRoot: true
          seccompProfile:
            type: Unconfined
        containers:
        - name: app
          image: nginx
          securityContext:
            allowPrivilegeEscalation: false
      `,
      errors: [
        { ...badType('The pod', '"Unconfined"'), at: 'type: Unconfined', severity: 'error' },
        {
          messageId: 'missing',
          data: { subject: "Container 'app'" },
          at: 'securityContext',
          occurrence: 2,
          container: 'app',
          path: 'spec.containers[0].securityContext',
          severity: 'warning',
          fix: { title: "Set seccompProfile.type: RuntimeDefault in container 'app'", preferred: true },
        },
      ],
      output: [{ 8: '      type: RuntimeDefault' }, { 13: '      allowPrivilegeEscalation: false\n      seccompProfile:\n        type: RuntimeDefault' }],
    },
    {
      name: 'one container without a profile among others with one; the pod-level fix covers it',
      code: y`
        apiVersion: apps/v1
        kind: ReplicaSet
        metadata:
          name: web
        spec:
          template:
            spec:
              securityContext: {runAsNonRoot: true}
              containers:
              - name: app
                image: nginx
                securityContext: {seccompProfile: {type: RuntimeDefault}}
              - name: sidecar
                image: envoy
              ephemeralContainers:
              - name: debug
                image: busybox
                securityContext: {seccompProfile: {type: Unconfined}}
      `,
      errors: [
        {
          ...missing('sidecar'),
          container: 'sidecar',
          fix: { title: "Set seccompProfile.type: RuntimeDefault in the pod's securityContext", preferred: true },
        },
        { ...badType("Ephemeral container 'debug'", '"Unconfined"'), at: 'type: Unconfined', container: 'debug', severity: 'error' },
      ],
      output: [
        { 7: '      securityContext: {runAsNonRoot: true, seccompProfile: {type: RuntimeDefault}}' },
        { 17: '        securityContext: {seccompProfile: {type: RuntimeDefault}}' },
      ],
    },
  ],
});
