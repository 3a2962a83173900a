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
      code: y`
        apiVersion: v1
        kind: Pod
        metadata:
          name: web
        spec:
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
      code: y`
        apiVersion: v1
        kind: Pod
        metadata:
          name: web
        spec:
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
    { name: 'before v1.19 the check does not exist', version: 'v1.18', code: bare },
    { name: 'Windows pods are exempt from v1.25', version: 'v1.25', code: windows },
  ],
  invalid: [
    {
      name: 'from v1.19 a profile is required; the fix sets it at the pod level',
      version: 'v1.19',
      code: bare,
      errors: [
        {
          message: "Container 'app' has no seccomp profile: set seccompProfile.type to RuntimeDefault or Localhost in the pod or the container.",
          range: [6, 4, 6, 13],
          container: 'app',
          path: 'spec.containers[0].name',
          severity: 'warning',
          fromPodLevel: false,
          fix: { title: "Set seccompProfile.type: RuntimeDefault in the pod's securityContext", preferred: true, edits: [{ range: [7, 16, 7, 16], text: '\n  securityContext:\n    seccompProfile:\n      type: RuntimeDefault' }] },
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
            seccompProfile:
              type: RuntimeDefault
      `,
    },
    {
      name: 'Windows pods are not exempt before v1.25',
      version: 'v1.24',
      code: windows,
      errors: [
        {
          message: "Container 'app' has no seccomp profile: set seccompProfile.type to RuntimeDefault or Localhost in the pod or the container.",
          range: [8, 4, 8, 13],
          fix: { title: "Set seccompProfile.type: RuntimeDefault in the pod's securityContext", preferred: true, edits: [{ range: [9, 21, 9, 21], text: '\n  securityContext:\n    seccompProfile:\n      type: RuntimeDefault' }] },
        },
      ],
      output: windows + '  securityContext:\n    seccompProfile:\n      type: RuntimeDefault\n',
    },
    {
      name: 'an explicit pod-level Unconfined fails although every container sets a profile, and it breaks baseline too',
      code: y`
        apiVersion: v1
        kind: Pod
        metadata:
          name: web
        spec:
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
          message: 'The pod sets seccomp profile type "Unconfined"; only RuntimeDefault or Localhost are allowed.',
          range: [6, 21, 6, 37],
          container: null,
          fromPodLevel: true,
          path: 'spec.securityContext.seccompProfile.type',
          severity: 'error',
          fix: { title: "Set seccompProfile.type: RuntimeDefault in the pod's securityContext", preferred: false, edits: [{ range: [6, 27, 6, 37], text: 'RuntimeDefault' }] },
        },
      ],
      output: y`
        apiVersion: v1
        kind: Pod
        metadata:
          name: web
        spec:
          securityContext:
            seccompProfile: {type: RuntimeDefault}
          containers:
          - name: app
            image: nginx
            securityContext:
              seccompProfile: {type: RuntimeDefault}
      `,
    },
    {
      name: 'a bad pod-level profile does not cover containers without their own: their fix goes into the container',
      code: y`
        apiVersion: v1
        kind: Pod
        metadata:
          name: web
        spec:
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
        {
          message: 'The pod sets seccomp profile type "Unconfined"; only RuntimeDefault or Localhost are allowed.',
          range: [8, 6, 8, 22],
          severity: 'error',
          fix: { title: "Set seccompProfile.type: RuntimeDefault in the pod's securityContext", preferred: false, edits: [{ range: [8, 12, 8, 22], text: 'RuntimeDefault' }] },
        },
        {
          message: "Container 'app' has no seccomp profile: set seccompProfile.type to RuntimeDefault or Localhost in the pod or the container.",
          range: [12, 4, 12, 19],
          container: 'app',
          path: 'spec.containers[0].securityContext',
          severity: 'warning',
          fix: { title: "Set seccompProfile.type: RuntimeDefault in container 'app'", preferred: true, edits: [{ range: [13, 37, 13, 37], text: '\n      seccompProfile:\n        type: RuntimeDefault' }] },
        },
      ],
      output: [
        y`
          apiVersion: v1
          kind: Pod
          metadata:
            name: web
          spec:
            securityContext:
              runAsNonRoot: true
              seccompProfile:
                type: RuntimeDefault
            containers:
            - name: app
              image: nginx
              securityContext:
                allowPrivilegeEscalation: false
        `,
        y`
          apiVersion: v1
          kind: Pod
          metadata:
            name: web
          spec:
            securityContext:
              runAsNonRoot: true
              seccompProfile:
                type: Unconfined
            containers:
            - name: app
              image: nginx
              securityContext:
                allowPrivilegeEscalation: false
                seccompProfile:
                  type: RuntimeDefault
        `,
      ],
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
          message: "Container 'sidecar' has no seccomp profile: set seccompProfile.type to RuntimeDefault or Localhost in the pod or the container.",
          range: [12, 8, 12, 21],
          container: 'sidecar',
          fix: { title: "Set seccompProfile.type: RuntimeDefault in the pod's securityContext", preferred: true, edits: [{ range: [7, 42, 7, 42], text: ', seccompProfile: {type: RuntimeDefault}' }] },
        },
        {
          message: 'Ephemeral container \'debug\' sets seccomp profile type "Unconfined"; only RuntimeDefault or Localhost are allowed.',
          range: [17, 43, 17, 59],
          container: 'debug',
          severity: 'error',
          fix: { title: "Set seccompProfile.type: RuntimeDefault in ephemeral container 'debug'", preferred: false, edits: [{ range: [17, 49, 17, 59], text: 'RuntimeDefault' }] },
        },
      ],
      output: [
        y`
          apiVersion: apps/v1
          kind: ReplicaSet
          metadata:
            name: web
          spec:
            template:
              spec:
                securityContext: {runAsNonRoot: true, seccompProfile: {type: RuntimeDefault}}
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
        y`
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
                  securityContext: {seccompProfile: {type: RuntimeDefault}}
        `,
      ],
    },
  ],
});
