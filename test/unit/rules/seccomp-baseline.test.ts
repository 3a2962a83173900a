import { ruleTester, y } from '../rule-tester';

const fieldUnconfined = y`
  apiVersion: v1
  kind: Pod
  metadata:
    name: web
  spec:
    securityContext:
      seccompProfile:
        type: Unconfined
    containers:
    - name: app
      image: nginx
      securityContext:
        seccompProfile: {type: RuntimeDefault}
`;

const annotationUnconfined = y`
  apiVersion: v1
  kind: Pod
  metadata:
    name: web
    annotations:
      seccomp.security.alpha.kubernetes.io/pod: unconfined
      container.seccomp.security.alpha.kubernetes.io/app: "unconfined"
      container.seccomp.security.alpha.kubernetes.io/other: unconfined
  spec:
    containers:
    - name: app
      image: nginx
`;

ruleTester('seccomp-baseline', {
  valid: [
    {
      name: 'RuntimeDefault and Localhost',
      profile: 'baseline',
      code: y`
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
              seccompProfile: {type: Localhost, localhostProfile: profiles/audit.json}
      `,
    },
    {
      name: 'up to v1.18 the fields are not checked',
      profile: 'baseline',
      version: 'v1.18',
      code: fieldUnconfined,
    },
    {
      name: 'from v1.19 the annotations are not checked',
      profile: 'baseline',
      version: 'v1.19',
      code: annotationUnconfined,
    },
    {
      name: 'allowed annotation values up to v1.18',
      profile: 'baseline',
      version: 'v1.18',
      code: y`
        apiVersion: v1
        kind: Pod
        metadata:
          name: web
          annotations:
            seccomp.security.alpha.kubernetes.io/pod: runtime/default
            container.seccomp.security.alpha.kubernetes.io/a: docker/default
            container.seccomp.security.alpha.kubernetes.io/b: localhost/profiles/audit.json
        spec:
          containers:
          - {name: a, image: nginx}
          - {name: b, image: nginx}
      `,
    },
    {
      name: 'in the restricted profile from v1.19, seccomp-restricted replaces this rule',
      profile: 'restricted',
      version: 'v1.19',
      code: fieldUnconfined,
    },
  ],
  invalid: [
    {
      name: 'from v1.19 an explicit pod-level Unconfined fails although every container sets RuntimeDefault',
      profile: 'baseline',
      version: 'v1.19',
      code: fieldUnconfined,
      errors: [
        {
          message: 'The pod sets seccomp profile type "Unconfined"; only RuntimeDefault or Localhost are allowed.',
          range: [7, 6, 7, 22],
          container: null,
          fromPodLevel: true,
          path: 'spec.securityContext.seccompProfile.type',
          severity: 'error',
          fix: { title: "Set seccompProfile.type: RuntimeDefault in the pod's securityContext", preferred: false, edits: [{ range: [7, 12, 7, 22], text: 'RuntimeDefault' }] },
        },
      ],
      output: fieldUnconfined.replace('Unconfined', 'RuntimeDefault'),
    },
    {
      name: 'up to v1.18 the annotations are checked, pod and per container (named by the annotation key)',
      profile: 'baseline',
      version: 'v1.18',
      code: annotationUnconfined,
      errors: [
        {
          message: 'Annotation seccomp.security.alpha.kubernetes.io/pod sets seccomp profile "unconfined"; only runtime/default, docker/default or localhost/<profile> are allowed.',
          range: [5, 4, 5, 56],
          container: null,
          fromPodLevel: true,
          path: 'metadata.annotations["seccomp.security.alpha.kubernetes.io/pod"]',
          fix: { title: 'Set seccomp.security.alpha.kubernetes.io/pod: runtime/default', preferred: false, edits: [{ range: [5, 46, 5, 56], text: 'runtime/default' }] },
        },
        {
          message: 'Annotation container.seccomp.security.alpha.kubernetes.io/app sets seccomp profile "unconfined"; only runtime/default, docker/default or localhost/<profile> are allowed.',
          range: [6, 4, 6, 68],
          container: 'app',
          fromPodLevel: false,
          fix: { title: 'Set container.seccomp.security.alpha.kubernetes.io/app: runtime/default', preferred: false, edits: [{ range: [6, 56, 6, 68], text: '"runtime/default"' }] },
        },
      ],
      output: [
        annotationUnconfined.replace('pod: unconfined', 'pod: runtime/default'),
        annotationUnconfined.replace('app: "unconfined"', 'app: "runtime/default"'),
      ],
    },
    {
      name: 'in the restricted profile before v1.19 this rule runs; container fields: Unconfined and a profile without a type',
      profile: 'restricted',
      version: 'v1.18',
      code: y`
        apiVersion: v1
        kind: Pod
        metadata:
          name: web
          annotations:
            container.seccomp.security.alpha.kubernetes.io/app: unconfined
        spec:
          containers:
          - name: app
            image: nginx
      `,
      errors: [
        {
          message: 'Annotation container.seccomp.security.alpha.kubernetes.io/app sets seccomp profile "unconfined"; only runtime/default, docker/default or localhost/<profile> are allowed.',
          range: [5, 4, 5, 66],
          severity: 'error',
          fix: { title: 'Set container.seccomp.security.alpha.kubernetes.io/app: runtime/default', preferred: false, edits: [{ range: [5, 56, 5, 66], text: 'runtime/default' }] },
        },
      ],
      output: y`
        apiVersion: v1
        kind: Pod
        metadata:
          name: web
          annotations:
            container.seccomp.security.alpha.kubernetes.io/app: runtime/default
        spec:
          containers:
          - name: app
            image: nginx
      `,
    },
    {
      name: 'container fields: Unconfined in an init container, a profile without a type in an ephemeral one',
      profile: 'baseline',
      code: y`
        apiVersion: v1
        kind: Pod
        metadata:
          name: web
        spec:
          initContainers:
          - name: init
            image: busybox
            securityContext:
              seccompProfile:
                type: Unconfined
          containers:
          - name: app
            image: nginx
          ephemeralContainers:
          - name: debug
            image: busybox
            securityContext:
              seccompProfile:
                localhostProfile: audit.json
      `,
      errors: [
        {
          message: 'Init container \'init\' sets seccomp profile type "Unconfined"; only RuntimeDefault or Localhost are allowed.',
          range: [10, 8, 10, 24],
          container: 'init',
          fix: { title: "Set seccompProfile.type: RuntimeDefault in init container 'init'", preferred: false, edits: [{ range: [10, 14, 10, 24], text: 'RuntimeDefault' }] },
        },
        {
          message: "Ephemeral container 'debug' sets seccomp profile type (none); only RuntimeDefault or Localhost are allowed.",
          range: [18, 6, 18, 20],
          container: 'debug',
          path: 'spec.ephemeralContainers[0].securityContext.seccompProfile',
          fix: { title: "Set seccompProfile.type: RuntimeDefault in ephemeral container 'debug'", preferred: false, edits: [{ range: [19, 36, 19, 36], text: '\n        type: RuntimeDefault' }] },
        },
      ],
      output: [
        y`
          apiVersion: v1
          kind: Pod
          metadata:
            name: web
          spec:
            initContainers:
            - name: init
              image: busybox
              securityContext:
                seccompProfile:
                  type: RuntimeDefault
            containers:
            - name: app
              image: nginx
            ephemeralContainers:
            - name: debug
              image: busybox
              securityContext:
                seccompProfile:
                  localhostProfile: audit.json
        `,
        y`
          apiVersion: v1
          kind: Pod
          metadata:
            name: web
          spec:
            initContainers:
            - name: init
              image: busybox
              securityContext:
                seccompProfile:
                  type: Unconfined
            containers:
            - name: app
              image: nginx
            ephemeralContainers:
            - name: debug
              image: busybox
              securityContext:
                seccompProfile:
                  localhostProfile: audit.json
                  type: RuntimeDefault
        `,
      ],
    },
  ],
});
