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
          messageId: 'badSeccompType', data: { subject: 'The pod', type: '"Unconfined"' },
          at: 'type: Unconfined',
          container: null,
          fromPodLevel: true,
          path: 'spec.securityContext.seccompProfile.type',
          severity: 'error',
          fix: { title: "Set seccompProfile.type: RuntimeDefault in the pod's securityContext", preferred: false },
        },
      ],
      output: { 7: '      type: RuntimeDefault' },
    },
    {
      name: 'up to v1.18 the annotations are checked, pod and per container (named by the annotation key)',
      profile: 'baseline',
      version: 'v1.18',
      code: annotationUnconfined,
      errors: [
        {
          messageId: 'annotation', data: { key: 'seccomp.security.alpha.kubernetes.io/pod', profile: '"unconfined"' },
          at: 'seccomp.security.alpha.kubernetes.io/pod: unconfined',
          container: null,
          fromPodLevel: true,
          path: 'metadata.annotations["seccomp.security.alpha.kubernetes.io/pod"]',
          fix: { title: 'Set seccomp.security.alpha.kubernetes.io/pod: runtime/default', preferred: false },
        },
        {
          messageId: 'annotation', data: { key: 'container.seccomp.security.alpha.kubernetes.io/app', profile: '"unconfined"' },
          at: 'container.seccomp.security.alpha.kubernetes.io/app: "unconfined"',
          container: 'app',
          fromPodLevel: false,
          fix: { title: 'Set container.seccomp.security.alpha.kubernetes.io/app: runtime/default', preferred: false },
        },
      ],
      output: [
        { 5: '    seccomp.security.alpha.kubernetes.io/pod: runtime/default' },
        { 6: '    container.seccomp.security.alpha.kubernetes.io/app: "runtime/default"' },
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
          messageId: 'annotation', data: { key: 'container.seccomp.security.alpha.kubernetes.io/app', profile: '"unconfined"' },
          at: 'container.seccomp.security.alpha.kubernetes.io/app: unconfined',
          severity: 'error',
          fix: { title: 'Set container.seccomp.security.alpha.kubernetes.io/app: runtime/default', preferred: false },
        },
      ],
      output: { 5: '    container.seccomp.security.alpha.kubernetes.io/app: runtime/default' },
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
          messageId: 'badSeccompType', data: { subject: "Init container 'init'", type: '"Unconfined"' },
          at: 'type: Unconfined',
          container: 'init',
          fix: { title: "Set seccompProfile.type: RuntimeDefault in init container 'init'", preferred: false },
        },
        {
          messageId: 'badSeccompType', data: { subject: "Ephemeral container 'debug'", type: '(none)' },
          at: 'seccompProfile', occurrence: 2,
          container: 'debug',
          path: 'spec.ephemeralContainers[0].securityContext.seccompProfile',
          fix: { title: "Set seccompProfile.type: RuntimeDefault in ephemeral container 'debug'", preferred: false },
        },
      ],
      output: [
        { 10: '        type: RuntimeDefault' },
        { 19: '        localhostProfile: audit.json\n        type: RuntimeDefault' },
      ],
    },
  ],
});
