import { ExpectedError, inWhere, pod, ruleTester, y } from '../rule-tester';

/** Annotation `key` sets seccomp `profile`, and the fix that sets runtime/default. */
const annotation = (key: string, profile: string): ExpectedError => ({
  messageId: 'annotation',
  data: { key, profile },
  fix: { title: `Set ${key}: runtime/default`, preferred: false },
});

/** `subject` sets seccomp profile `type`, and the fix that sets RuntimeDefault. */
const badType = (subject: string, type: string): ExpectedError => ({
  messageId: 'badSeccompType',
  data: { subject, type },
  fix: { title: `Set seccompProfile.type: RuntimeDefault ${inWhere(subject)}`, preferred: false },
});

const fieldUnconfined = pod`
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
      code: pod`
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
          ...badType('The pod', '"Unconfined"'),
          at: 'type: Unconfined',
          container: null,
          fromPodLevel: true,
          path: 'spec.securityContext.seccompProfile.type',
          severity: 'error',
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
          ...annotation('seccomp.security.alpha.kubernetes.io/pod', '"unconfined"'),
          at: 'seccomp.security.alpha.kubernetes.io/pod: unconfined',
          container: null,
          fromPodLevel: true,
          path: 'metadata.annotations["seccomp.security.alpha.kubernetes.io/pod"]',
        },
        {
          ...annotation('container.seccomp.security.alpha.kubernetes.io/app', '"unconfined"'),
          at: 'container.seccomp.security.alpha.kubernetes.io/app: "unconfined"',
          container: 'app',
          fromPodLevel: false,
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
          ...annotation('container.seccomp.security.alpha.kubernetes.io/app', '"unconfined"'),
          at: 'container.seccomp.security.alpha.kubernetes.io/app: unconfined',
          severity: 'error',
        },
      ],
      output: { 5: '    container.seccomp.security.alpha.kubernetes.io/app: runtime/default' },
    },
    {
      name: 'container fields: Unconfined in an init container, a profile without a type in an ephemeral one',
      profile: 'baseline',
      code: pod`
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
        { ...badType("Init container 'init'", '"Unconfined"'), at: 'type: Unconfined', container: 'init' },
        {
          ...badType("Ephemeral container 'debug'", '(none)'),
          at: 'seccompProfile',
          occurrence: 2,
          container: 'debug',
          path: 'spec.ephemeralContainers[0].securityContext.seccompProfile',
        },
      ],
      output: [{ 10: '        type: RuntimeDefault' }, { 19: '        localhostProfile: audit.json\n        type: RuntimeDefault' }],
    },
  ],
});
