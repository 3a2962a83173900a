import { ruleTester, y } from '../rule-tester';

const privilegedFix = (where: string, line: number, char: number, endChar: number) => ({
  title: `Set privileged: false in ${where}`,
  preferred: false,
  edits: [{ range: [line, char, line, endChar] as [number, number, number, number], text: 'false' }],
});

ruleTester('privileged', {
  valid: [
    {
      name: 'privileged: false',
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
              privileged: false
      `,
    },
    {
      name: 'no securityContext at all',
      code: y`
        apiVersion: v1
        kind: Pod
        metadata:
          name: web
        spec:
          initContainers:
          - name: init
            image: busybox
          containers:
          - name: app
            image: nginx
      `,
    },
    {
      name: 'YAML 1.1 false values (no, Off, N) and null',
      code: y`
        apiVersion: v1
        kind: Pod
        metadata:
          name: web
        spec:
          containers:
          - name: a
            image: nginx
            securityContext: {privileged: no}
          - name: b
            image: nginx
            securityContext: {privileged: Off}
          - name: c
            image: nginx
            securityContext: {privileged: N}
          - name: d
            image: nginx
            securityContext: {privileged: ~}
      `,
    },
    {
      name: 'a later privileged: false wins over a merged privileged: true',
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
              <<: {privileged: true}
              privileged: false
      `,
    },
    {
      name: 'a pod template whose kind carries no pod spec is not analysed',
      noPodSpec: true,
      code: y`
        apiVersion: example.com/v1
        kind: Widget
        metadata:
          name: w
        spec:
          template:
            spec:
              privileged: true
      `,
    },
    {
      name: 'privileged: true outside a securityContext means nothing',
      code: y`
        apiVersion: v1
        kind: Pod
        metadata:
          name: web
        spec:
          containers:
          - name: app
            image: nginx
            env:
            - name: privileged
              value: "true"
      `,
    },
  ],
  invalid: [
    {
      name: 'regular container',
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
              privileged: true
      `,
      errors: [
        {
          message: "Container 'app' runs privileged (privileged: true): it has full access to the node.",
          range: [9, 6, 9, 22],
          container: 'app',
          path: 'spec.containers[0].securityContext.privileged',
          severity: 'error',
          fromPodLevel: false,
          fix: privilegedFix("container 'app'", 9, 18, 22),
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
              privileged: false
      `,
    },
    {
      name: 'init, regular and ephemeral containers (findings in source order)',
      code: y`
        apiVersion: v1
        kind: Pod
        metadata:
          name: web
        spec:
          ephemeralContainers:
          - name: debug
            image: busybox
            securityContext: {privileged: true}
          containers:
          - name: app
            image: nginx
            securityContext: {privileged: true}
          initContainers:
          - name: setup
            image: busybox
            securityContext: {privileged: true}
      `,
      errors: [
        {
          message: "Ephemeral container 'debug' runs privileged (privileged: true): it has full access to the node.",
          range: [8, 22, 8, 38],
          container: 'debug',
          path: 'spec.ephemeralContainers[0].securityContext.privileged',
          fix: privilegedFix("ephemeral container 'debug'", 8, 34, 38),
        },
        {
          message: "Container 'app' runs privileged (privileged: true): it has full access to the node.",
          range: [12, 22, 12, 38],
          container: 'app',
          fix: privilegedFix("container 'app'", 12, 34, 38),
        },
        {
          message: "Init container 'setup' runs privileged (privileged: true): it has full access to the node.",
          range: [16, 22, 16, 38],
          container: 'setup',
          path: 'spec.initContainers[0].securityContext.privileged',
          fix: privilegedFix("init container 'setup'", 16, 34, 38),
        },
      ],
      output: [
        y`
          apiVersion: v1
          kind: Pod
          metadata:
            name: web
          spec:
            ephemeralContainers:
            - name: debug
              image: busybox
              securityContext: {privileged: false}
            containers:
            - name: app
              image: nginx
              securityContext: {privileged: true}
            initContainers:
            - name: setup
              image: busybox
              securityContext: {privileged: true}
        `,
        y`
          apiVersion: v1
          kind: Pod
          metadata:
            name: web
          spec:
            ephemeralContainers:
            - name: debug
              image: busybox
              securityContext: {privileged: true}
            containers:
            - name: app
              image: nginx
              securityContext: {privileged: false}
            initContainers:
            - name: setup
              image: busybox
              securityContext: {privileged: true}
        `,
        y`
          apiVersion: v1
          kind: Pod
          metadata:
            name: web
          spec:
            ephemeralContainers:
            - name: debug
              image: busybox
              securityContext: {privileged: true}
            containers:
            - name: app
              image: nginx
              securityContext: {privileged: true}
            initContainers:
            - name: setup
              image: busybox
              securityContext: {privileged: false}
        `,
      ],
    },

    {
      name: 'YAML 1.1 true values as Kubernetes reads them: yes, On, Y, TRUE',
      code: y`
        apiVersion: v1
        kind: Pod
        metadata:
          name: web
        spec:
          containers:
          - name: a
            image: nginx
            securityContext: {privileged: yes}
          - name: b
            image: nginx
            securityContext: {privileged: On}
          - name: c
            image: nginx
            securityContext: {privileged: Y}
          - name: d
            image: nginx
            securityContext: {privileged: TRUE}
      `,
      errors: [
        { message: "Container 'a' runs privileged (privileged: yes): it has full access to the node.", range: [8, 22, 8, 37], container: 'a', fix: privilegedFix("container 'a'", 8, 34, 37) },
        { message: "Container 'b' runs privileged (privileged: On): it has full access to the node.", range: [11, 22, 11, 36], container: 'b', fix: privilegedFix("container 'b'", 11, 34, 36) },
        { message: "Container 'c' runs privileged (privileged: Y): it has full access to the node.", range: [14, 22, 14, 35], container: 'c', fix: privilegedFix("container 'c'", 14, 34, 35) },
        { message: "Container 'd' runs privileged (privileged: TRUE): it has full access to the node.", range: [17, 22, 17, 38], container: 'd', fix: privilegedFix("container 'd'", 17, 34, 38) },
      ],
      output: [
        y`
          apiVersion: v1
          kind: Pod
          metadata:
            name: web
          spec:
            containers:
            - name: a
              image: nginx
              securityContext: {privileged: false}
            - name: b
              image: nginx
              securityContext: {privileged: On}
            - name: c
              image: nginx
              securityContext: {privileged: Y}
            - name: d
              image: nginx
              securityContext: {privileged: TRUE}
        `,
        y`
          apiVersion: v1
          kind: Pod
          metadata:
            name: web
          spec:
            containers:
            - name: a
              image: nginx
              securityContext: {privileged: yes}
            - name: b
              image: nginx
              securityContext: {privileged: false}
            - name: c
              image: nginx
              securityContext: {privileged: Y}
            - name: d
              image: nginx
              securityContext: {privileged: TRUE}
        `,
        y`
          apiVersion: v1
          kind: Pod
          metadata:
            name: web
          spec:
            containers:
            - name: a
              image: nginx
              securityContext: {privileged: yes}
            - name: b
              image: nginx
              securityContext: {privileged: On}
            - name: c
              image: nginx
              securityContext: {privileged: false}
            - name: d
              image: nginx
              securityContext: {privileged: TRUE}
        `,
        y`
          apiVersion: v1
          kind: Pod
          metadata:
            name: web
          spec:
            containers:
            - name: a
              image: nginx
              securityContext: {privileged: yes}
            - name: b
              image: nginx
              securityContext: {privileged: On}
            - name: c
              image: nginx
              securityContext: {privileged: Y}
            - name: d
              image: nginx
              securityContext: {privileged: false}
        `,
      ],
    },
    {
      name: 'an explicit !!bool tag is kept by the fix',
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
              privileged: !!bool true # as root
      `,
      errors: [
        {
          message: "Container 'app' runs privileged (privileged: true): it has full access to the node.",
          range: [9, 6, 9, 29],
          fix: privilegedFix("container 'app'", 9, 25, 29),
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
              privileged: !!bool false # as root
      `,
    },
    {
      name: 'an unnamed container is named by its position',
      code: y`
        apiVersion: v1
        kind: Pod
        metadata:
          name: web
        spec:
          containers:
          - image: nginx
          - image: nginx
            securityContext:
              privileged: true
      `,
      errors: [
        {
          message: 'Container containers[1] runs privileged (privileged: true): it has full access to the node.',
          range: [9, 6, 9, 22],
          container: null,
          path: 'spec.containers[1].securityContext.privileged',
          fix: privilegedFix('container containers[1]', 9, 18, 22),
        },
      ],
      output: y`
        apiVersion: v1
        kind: Pod
        metadata:
          name: web
        spec:
          containers:
          - image: nginx
          - image: nginx
            securityContext:
              privileged: false
      `,
    },
    {
      name: 'securityContext through an alias: the finding points at the anchored value',
      code: y`
        apiVersion: v1
        kind: Pod
        metadata:
          name: web
        spec:
          initContainers:
          - name: init
            image: busybox
            securityContext: &root
              privileged: true
          containers:
          - name: app
            image: nginx
            securityContext: *root
      `,
      errors: [
        { message: "Init container 'init' runs privileged (privileged: true): it has full access to the node.", range: [9, 6, 9, 22], container: 'init', fix: privilegedFix("init container 'init'", 9, 18, 22) },
        { message: "Container 'app' runs privileged (privileged: true): it has full access to the node.", range: [9, 6, 9, 22], container: 'app', path: 'spec.containers[0].securityContext.privileged', fix: privilegedFix("container 'app'", 9, 18, 22) },
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
              securityContext: &root
                privileged: false
            containers:
            - name: app
              image: nginx
              securityContext: *root
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
              securityContext: &root
                privileged: false
            containers:
            - name: app
              image: nginx
              securityContext: *root
        `,
      ],
    },
    {
      name: 'a merged privileged: true is overridden in the container itself, leaving the shared anchor alone',
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
              runAsUser: 1000
              <<: &priv {privileged: true}
          - name: side
            image: nginx
            securityContext: {<<: *priv}
      `,
      errors: [
        {
          message: "Container 'app' runs privileged (privileged: true): it has full access to the node.",
          range: [10, 17, 10, 33],
          container: 'app',
          fix: { title: "Set privileged: false in container 'app'", preferred: false, edits: [{ range: [10, 34, 10, 34], text: '\n      privileged: false' }] },
        },
        {
          message: "Container 'side' runs privileged (privileged: true): it has full access to the node.",
          range: [10, 17, 10, 33],
          container: 'side',
          fix: { title: "Set privileged: false in container 'side'", preferred: false, edits: [{ range: [13, 31, 13, 31], text: ', privileged: false' }] },
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
                runAsUser: 1000
                <<: &priv {privileged: true}
                privileged: false
            - name: side
              image: nginx
              securityContext: {<<: *priv}
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
                runAsUser: 1000
                <<: &priv {privileged: true}
            - name: side
              image: nginx
              securityContext: {<<: *priv, privileged: false}
        `,
      ],
    },
    {
      name: 'kind: List items are each analysed',
      code: y`
        apiVersion: v1
        kind: List
        items:
        - apiVersion: v1
          kind: Pod
          metadata:
            name: one
          spec:
            containers:
            - name: app
              image: nginx
        - apiVersion: v1
          kind: Pod
          metadata:
            name: two
          spec:
            containers:
            - name: app
              image: nginx
              securityContext:
                privileged: true
      `,
      errors: [
        {
          message: "Container 'app' runs privileged (privileged: true): it has full access to the node.",
          range: [20, 8, 20, 24],
          path: 'spec.containers[0].securityContext.privileged',
          fix: privilegedFix("container 'app'", 20, 20, 24),
        },
      ],
      output: y`
        apiVersion: v1
        kind: List
        items:
        - apiVersion: v1
          kind: Pod
          metadata:
            name: one
          spec:
            containers:
            - name: app
              image: nginx
        - apiVersion: v1
          kind: Pod
          metadata:
            name: two
          spec:
            containers:
            - name: app
              image: nginx
              securityContext:
                privileged: false
      `,
    },
    {
      name: 'later documents of a multi-document file, with comments and a document end marker',
      code: y`
        # first: clean
        apiVersion: v1
        kind: Pod
        metadata:
          name: one
        spec:
          containers:
          - name: app
            image: nginx
        ---
        apiVersion: v1
        kind: ConfigMap
        metadata:
          name: settings
        data:
          privileged: "true"
        ...
        --- # third
        apiVersion: v1
        kind: Pod
        metadata:
          name: three
        spec:
          containers:
          - name: app
            image: nginx
            securityContext: {runAsUser: 1000, privileged: true}
      `,
      errors: [
        {
          message: "Container 'app' runs privileged (privileged: true): it has full access to the node.",
          range: [26, 39, 26, 55],
          fix: privilegedFix("container 'app'", 26, 51, 55),
        },
      ],
      output: y`
        # first: clean
        apiVersion: v1
        kind: Pod
        metadata:
          name: one
        spec:
          containers:
          - name: app
            image: nginx
        ---
        apiVersion: v1
        kind: ConfigMap
        metadata:
          name: settings
        data:
          privileged: "true"
        ...
        --- # third
        apiVersion: v1
        kind: Pod
        metadata:
          name: three
        spec:
          containers:
          - name: app
            image: nginx
            securityContext: {runAsUser: 1000, privileged: false}
      `,
    },
    {
      name: 'a whole pod in flow style on one line',
      code: '{apiVersion: v1, kind: Pod, metadata: {name: web}, spec: {containers: [{name: app, image: nginx, securityContext: {privileged: true}}]}}\n',
      errors: [
        { message: "Container 'app' runs privileged (privileged: true): it has full access to the node.", range: [0, 115, 0, 131], fix: privilegedFix("container 'app'", 0, 127, 131) },
      ],
      output: '{apiVersion: v1, kind: Pod, metadata: {name: web}, spec: {containers: [{name: app, image: nginx, securityContext: {privileged: false}}]}}\n',
    },
    // every kind that carries a pod spec, and CRDs that carry a pod template (Argo Rollout, OpenKruise CloneSet)
    {
      name: 'Pod',
      code: y`
        apiVersion: v1
        kind: Pod
        metadata:
          name: web
        spec:
          containers:
          - name: app
            image: nginx
            securityContext: {privileged: true}
      `,
      errors: [
        {
          message: "Container 'app' runs privileged (privileged: true): it has full access to the node.",
          range: [8, 22, 8, 38],
          path: 'spec.containers[0].securityContext.privileged',
          fix: privilegedFix("container 'app'", 8, 34, 38),
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
            securityContext: {privileged: false}
      `,
    },
    {
      name: 'PodTemplate',
      code: y`
        apiVersion: v1
        kind: PodTemplate
        metadata:
          name: web
        template:
          spec:
            containers:
            - name: app
              image: nginx
              securityContext: {privileged: true}
      `,
      errors: [
        {
          message: "Container 'app' runs privileged (privileged: true): it has full access to the node.",
          range: [9, 24, 9, 40],
          path: 'template.spec.containers[0].securityContext.privileged',
          fix: privilegedFix("container 'app'", 9, 36, 40),
        },
      ],
      output: y`
        apiVersion: v1
        kind: PodTemplate
        metadata:
          name: web
        template:
          spec:
            containers:
            - name: app
              image: nginx
              securityContext: {privileged: false}
      `,
    },
    {
      name: 'ReplicationController',
      code: y`
        apiVersion: v1
        kind: ReplicationController
        metadata:
          name: web
        spec:
          template:
            spec:
              containers:
              - name: app
                image: nginx
                securityContext: {privileged: true}
      `,
      errors: [
        {
          message: "Container 'app' runs privileged (privileged: true): it has full access to the node.",
          range: [10, 26, 10, 42],
          path: 'spec.template.spec.containers[0].securityContext.privileged',
          fix: privilegedFix("container 'app'", 10, 38, 42),
        },
      ],
      output: y`
        apiVersion: v1
        kind: ReplicationController
        metadata:
          name: web
        spec:
          template:
            spec:
              containers:
              - name: app
                image: nginx
                securityContext: {privileged: false}
      `,
    },
    {
      name: 'ReplicaSet',
      code: y`
        apiVersion: apps/v1
        kind: ReplicaSet
        metadata:
          name: web
        spec:
          template:
            spec:
              containers:
              - name: app
                image: nginx
                securityContext: {privileged: true}
      `,
      errors: [
        {
          message: "Container 'app' runs privileged (privileged: true): it has full access to the node.",
          range: [10, 26, 10, 42],
          path: 'spec.template.spec.containers[0].securityContext.privileged',
          fix: privilegedFix("container 'app'", 10, 38, 42),
        },
      ],
      output: y`
        apiVersion: apps/v1
        kind: ReplicaSet
        metadata:
          name: web
        spec:
          template:
            spec:
              containers:
              - name: app
                image: nginx
                securityContext: {privileged: false}
      `,
    },
    {
      name: 'Deployment',
      code: y`
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: web
        spec:
          template:
            spec:
              containers:
              - name: app
                image: nginx
                securityContext: {privileged: true}
      `,
      errors: [
        {
          message: "Container 'app' runs privileged (privileged: true): it has full access to the node.",
          range: [10, 26, 10, 42],
          path: 'spec.template.spec.containers[0].securityContext.privileged',
          fix: privilegedFix("container 'app'", 10, 38, 42),
        },
      ],
      output: y`
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: web
        spec:
          template:
            spec:
              containers:
              - name: app
                image: nginx
                securityContext: {privileged: false}
      `,
    },
    {
      name: 'StatefulSet',
      code: y`
        apiVersion: apps/v1
        kind: StatefulSet
        metadata:
          name: web
        spec:
          serviceName: web
          template:
            spec:
              containers:
              - name: app
                image: nginx
                securityContext: {privileged: true}
      `,
      errors: [
        {
          message: "Container 'app' runs privileged (privileged: true): it has full access to the node.",
          range: [11, 26, 11, 42],
          path: 'spec.template.spec.containers[0].securityContext.privileged',
          fix: privilegedFix("container 'app'", 11, 38, 42),
        },
      ],
      output: y`
        apiVersion: apps/v1
        kind: StatefulSet
        metadata:
          name: web
        spec:
          serviceName: web
          template:
            spec:
              containers:
              - name: app
                image: nginx
                securityContext: {privileged: false}
      `,
    },
    {
      name: 'DaemonSet',
      code: y`
        apiVersion: apps/v1
        kind: DaemonSet
        metadata:
          name: web
        spec:
          template:
            spec:
              containers:
              - name: app
                image: nginx
                securityContext: {privileged: true}
      `,
      errors: [
        {
          message: "Container 'app' runs privileged (privileged: true): it has full access to the node.",
          range: [10, 26, 10, 42],
          path: 'spec.template.spec.containers[0].securityContext.privileged',
          fix: privilegedFix("container 'app'", 10, 38, 42),
        },
      ],
      output: y`
        apiVersion: apps/v1
        kind: DaemonSet
        metadata:
          name: web
        spec:
          template:
            spec:
              containers:
              - name: app
                image: nginx
                securityContext: {privileged: false}
      `,
    },
    {
      name: 'Job',
      code: y`
        apiVersion: batch/v1
        kind: Job
        metadata:
          name: web
        spec:
          template:
            spec:
              restartPolicy: Never
              containers:
              - name: app
                image: nginx
                securityContext: {privileged: true}
      `,
      errors: [
        {
          message: "Container 'app' runs privileged (privileged: true): it has full access to the node.",
          range: [11, 26, 11, 42],
          path: 'spec.template.spec.containers[0].securityContext.privileged',
          fix: privilegedFix("container 'app'", 11, 38, 42),
        },
      ],
      output: y`
        apiVersion: batch/v1
        kind: Job
        metadata:
          name: web
        spec:
          template:
            spec:
              restartPolicy: Never
              containers:
              - name: app
                image: nginx
                securityContext: {privileged: false}
      `,
    },
    {
      name: 'CronJob',
      code: y`
        apiVersion: batch/v1
        kind: CronJob
        metadata:
          name: web
        spec:
          schedule: "@daily"
          jobTemplate:
            spec:
              template:
                spec:
                  containers:
                  - name: app
                    image: nginx
                    securityContext: {privileged: true}
      `,
      errors: [
        {
          message: "Container 'app' runs privileged (privileged: true): it has full access to the node.",
          range: [13, 30, 13, 46],
          path: 'spec.jobTemplate.spec.template.spec.containers[0].securityContext.privileged',
          fix: privilegedFix("container 'app'", 13, 42, 46),
        },
      ],
      output: y`
        apiVersion: batch/v1
        kind: CronJob
        metadata:
          name: web
        spec:
          schedule: "@daily"
          jobTemplate:
            spec:
              template:
                spec:
                  containers:
                  - name: app
                    image: nginx
                    securityContext: {privileged: false}
      `,
    },
    {
      name: 'Rollout',
      code: y`
        apiVersion: argoproj.io/v1alpha1
        kind: Rollout
        metadata:
          name: web
        spec:
          template:
            spec:
              containers:
              - name: app
                image: nginx
                securityContext: {privileged: true}
      `,
      errors: [
        {
          message: "Container 'app' runs privileged (privileged: true): it has full access to the node.",
          range: [10, 26, 10, 42],
          path: 'spec.template.spec.containers[0].securityContext.privileged',
          fix: privilegedFix("container 'app'", 10, 38, 42),
        },
      ],
      output: y`
        apiVersion: argoproj.io/v1alpha1
        kind: Rollout
        metadata:
          name: web
        spec:
          template:
            spec:
              containers:
              - name: app
                image: nginx
                securityContext: {privileged: false}
      `,
    },
    {
      name: 'CloneSet',
      code: y`
        apiVersion: apps.kruise.io/v1alpha1
        kind: CloneSet
        metadata:
          name: web
        spec:
          template:
            spec:
              containers:
              - name: app
                image: nginx
                securityContext: {privileged: true}
      `,
      errors: [
        {
          message: "Container 'app' runs privileged (privileged: true): it has full access to the node.",
          range: [10, 26, 10, 42],
          path: 'spec.template.spec.containers[0].securityContext.privileged',
          fix: privilegedFix("container 'app'", 10, 38, 42),
        },
      ],
      output: y`
        apiVersion: apps.kruise.io/v1alpha1
        kind: CloneSet
        metadata:
          name: web
        spec:
          template:
            spec:
              containers:
              - name: app
                image: nginx
                securityContext: {privileged: false}
      `,
    },
  ],
});
