import { ruleTester, y } from '../rule-tester';

ruleTester('apparmor', {
  valid: [
    {
      name: 'field form: RuntimeDefault and Localhost',
      code: y`
        apiVersion: v1
        kind: Pod
        metadata:
          name: web
        spec:
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
          message: "Annotation container.apparmor.security.beta.kubernetes.io/app sets AppArmor profile \"unconfined\" for container 'app'; only runtime/default or localhost/<profile> are allowed.",
          range: [8, 8, 8, 72],
          container: null,
          path: 'spec.template.metadata.annotations["container.apparmor.security.beta.kubernetes.io/app"]',
          severity: 'error',
          fromPodLevel: true,
          fix: { title: 'Set container.apparmor.security.beta.kubernetes.io/app: runtime/default', preferred: false, edits: [{ range: [8, 60, 8, 72], text: "'runtime/default'" }] },
        },
      ],
      output: y`
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: web
        spec:
          template:
            metadata:
              annotations:
                container.apparmor.security.beta.kubernetes.io/app: 'runtime/default'
            spec:
              containers:
              - name: app
                image: nginx
      `,
    },
    {
      name: 'field form: an explicit pod-level Unconfined fails although the container sets RuntimeDefault (at v1.0 too)',
      profile: 'baseline',
      version: 'v1.0',
      code: y`
        apiVersion: v1
        kind: Pod
        metadata:
          name: web
        spec:
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
          message: 'The pod sets AppArmor profile type "Unconfined"; only RuntimeDefault or Localhost are allowed.',
          range: [7, 6, 7, 22],
          container: null,
          path: 'spec.securityContext.appArmorProfile.type',
          fromPodLevel: true,
          fix: { title: "Set appArmorProfile.type: RuntimeDefault in the pod's securityContext", preferred: false, edits: [{ range: [7, 12, 7, 22], text: 'RuntimeDefault' }] },
        },
      ],
      output: y`
        apiVersion: v1
        kind: Pod
        metadata:
          name: web
        spec:
          securityContext:
            appArmorProfile:
              type: RuntimeDefault
          containers:
          - name: app
            image: nginx
            securityContext:
              appArmorProfile:
                type: RuntimeDefault
      `,
    },
    {
      name: 'field form in containers: Unconfined, and a profile without a type',
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
              appArmorProfile: {type: Unconfined}
          containers:
          - name: app
            image: nginx
            securityContext:
              appArmorProfile: {}
      `,
      errors: [
        {
          message: 'Init container \'init\' sets AppArmor profile type "Unconfined"; only RuntimeDefault or Localhost are allowed.',
          range: [9, 24, 9, 40],
          container: 'init',
          fromPodLevel: false,
          severity: 'error',
          fix: { title: "Set appArmorProfile.type: RuntimeDefault in init container 'init'", preferred: false, edits: [{ range: [9, 30, 9, 40], text: 'RuntimeDefault' }] },
        },
        {
          message: "Container 'app' sets AppArmor profile type (none); only RuntimeDefault or Localhost are allowed.",
          range: [14, 6, 14, 21],
          container: 'app',
          path: 'spec.containers[0].securityContext.appArmorProfile',
          fix: { title: "Set appArmorProfile.type: RuntimeDefault in container 'app'", preferred: false, edits: [{ range: [14, 24, 14, 24], text: 'type: RuntimeDefault' }] },
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
                appArmorProfile: {type: RuntimeDefault}
            containers:
            - name: app
              image: nginx
              securityContext:
                appArmorProfile: {}
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
                appArmorProfile: {type: Unconfined}
            containers:
            - name: app
              image: nginx
              securityContext:
                appArmorProfile: {type: RuntimeDefault}
        `,
      ],
    },
  ],
});
