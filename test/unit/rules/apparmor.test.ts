import { ExpectedError, inWhere, pod, ruleTester, y } from '../rule-tester';

/** `subject` sets AppArmor profile `type`, and the fix that sets RuntimeDefault. */
const profileType = (subject: string, type: string): ExpectedError => ({
  messageId: 'profileType',
  data: { subject, type },
  fix: { title: `Set appArmorProfile.type: RuntimeDefault ${inWhere(subject)}`, preferred: false },
});

ruleTester('apparmor', {
  valid: [
    {
      name: 'field form: RuntimeDefault and Localhost',
      code: pod`
        securityContext:
          appArmorProfile: {type: RuntimeDefault}
        containers:
        - name: app
          image: nginx
          securityContext:
            appArmorProfile:
              type: Localhost
              localhostProfile: k8s-nginx
      `,
    },
    {
      name: 'annotation form: runtime/default, localhost/<profile>, empty',
      profile: 'baseline',
      code: y`
        apiVersion: v1
        kind: Pod
        metadata:
          name: web
          annotations:
            container.apparmor.security.beta.kubernetes.io/a: runtime/default
            container.apparmor.security.beta.kubernetes.io/b: localhost/k8s-nginx
            container.apparmor.security.beta.kubernetes.io/c: ""
        spec:
          containers:
          - {name: a, image: nginx}
          - {name: b, image: nginx}
          - {name: c, image: nginx}
      `,
    },
    {
      name: "a workload's own annotations are not the pod's",
      profile: 'baseline',
      code: y`
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: web
          annotations:
            container.apparmor.security.beta.kubernetes.io/app: unconfined
        spec:
          template:
            spec:
              containers:
              - name: app
                image: nginx
      `,
    },
  ],
  invalid: [
    {
      name: 'annotation on the pod template of a Deployment; the fix keeps the quoting',
      profile: 'baseline',
      code: y`
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: web
        spec:
          template:
            metadata:
              annotations:
                container.apparmor.security.beta.kubernetes.io/app: 'unconfined'
            spec:
              containers:
              - name: app
                image: nginx
      `,
      errors: [
        {
          messageId: 'annotation',
          data: { key: 'container.apparmor.security.beta.kubernetes.io/app', profile: '"unconfined"', container: 'app' },
          at: "container.apparmor.security.beta.kubernetes.io/app: 'unconfined'",
          container: null,
          path: 'spec.template.metadata.annotations["container.apparmor.security.beta.kubernetes.io/app"]',
          severity: 'error',
          fromPodLevel: true,
          fix: { title: 'Set container.apparmor.security.beta.kubernetes.io/app: runtime/default', preferred: false },
        },
      ],
      output: { 8: "        container.apparmor.security.beta.kubernetes.io/app: 'runtime/default'" },
    },
    {
      name: 'field form: an explicit pod-level Unconfined fails although the container sets RuntimeDefault (at v1.0 too)',
      profile: 'baseline',
      version: 'v1.0',
      code: pod`
        securityContext:
          appArmorProfile:
            type: Unconfined
        containers:
        - name: app
          image: nginx
          securityContext:
            appArmorProfile:
              type: RuntimeDefault
      `,
      errors: [
        {
          ...profileType('The pod', '"Unconfined"'),
          at: 'type: Unconfined',
          container: null,
          path: 'spec.securityContext.appArmorProfile.type',
          fromPodLevel: true,
        },
      ],
      output: { 7: '      type: RuntimeDefault' },
    },
    {
      name: 'field form in containers: Unconfined, and a profile without a type',
      code: pod`
        initContainers:
        - name: init
          image: busybox
          securityContext:
            appArmorProfile: {type: Unconfined}
        containers:
        - name: app
          image: nginx
          securityContext:
            appArmorProfile: {}
      `,
      errors: [
        { ...profileType("Init container 'init'", '"Unconfined"'), at: 'type: Unconfined', container: 'init', fromPodLevel: false, severity: 'error' },
        {
          ...profileType("Container 'app'", '(none)'),
          at: 'appArmorProfile',
          occurrence: 2,
          container: 'app',
          path: 'spec.containers[0].securityContext.appArmorProfile',
        },
      ],
      output: [{ 9: '      appArmorProfile: {type: RuntimeDefault}' }, { 14: '      appArmorProfile: {type: RuntimeDefault}' }],
    },
  ],
});
