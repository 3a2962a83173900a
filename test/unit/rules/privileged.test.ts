import { pod, ruleTester, y } from '../rule-tester';

/** The finding on a container that runs privileged, and its fix. */
const runs = (subject: string, value = 'true') => ({
  messageId: 'privileged',
  data: { subject, value },
  fix: { title: `Set privileged: false in ${subject[0].toLowerCase()}${subject.slice(1)}`, preferred: false },
});

/** A pod whose container 'app' sets privileged: true (line 9). */
const privilegedPod = pod`
  containers:
  - name: app
    image: nginx
    securityContext:
      privileged: true
`;

ruleTester('privileged', {
  valid: [
    { name: 'privileged: false', code: privilegedPod.replace('privileged: true', 'privileged: false') },
    {
      name: 'no securityContext at all',
      code: pod`
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
      code: pod`
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
      code: privilegedPod.replace('privileged: true', '<<: {privileged: true}\n      privileged: false'),
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
      code: privilegedPod.replace('securityContext:\n      privileged: true', 'env:\n    - name: privileged\n      value: "true"'),
    },
  ],
  invalid: [
    {
      name: 'regular container',
      code: privilegedPod,
      errors: [
        {
          ...runs("Container 'app'"),
          at: 'privileged: true',
          container: 'app',
          path: 'spec.containers[0].securityContext.privileged',
          severity: 'error',
          fromPodLevel: false,
        },
      ],
      output: { 9: '      privileged: false' },
    },
    {
      name: 'init, regular and ephemeral containers (findings in source order)',
      code: pod`
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
          ...runs("Ephemeral container 'debug'"),
          at: 'privileged: true',
          occurrence: 1,
          container: 'debug',
          path: 'spec.ephemeralContainers[0].securityContext.privileged',
        },
        { ...runs("Container 'app'"), at: 'privileged: true', occurrence: 2, container: 'app' },
        {
          ...runs("Init container 'setup'"),
          at: 'privileged: true',
          occurrence: 3,
          container: 'setup',
          path: 'spec.initContainers[0].securityContext.privileged',
        },
      ],
      output: [
        { 8: '    securityContext: {privileged: false}' },
        { 12: '    securityContext: {privileged: false}' },
        { 16: '    securityContext: {privileged: false}' },
      ],
    },
    {
      name: 'YAML 1.1 true values as Kubernetes reads them: yes, On, Y, TRUE',
      code: pod`
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
        { ...runs("Container 'a'", 'yes'), at: 'privileged: yes', container: 'a' },
        { ...runs("Container 'b'", 'On'), at: 'privileged: On', container: 'b' },
        { ...runs("Container 'c'", 'Y'), at: 'privileged: Y', container: 'c' },
        { ...runs("Container 'd'", 'TRUE'), at: 'privileged: TRUE', container: 'd' },
      ],
      output: [
        { 8: '    securityContext: {privileged: false}' },
        { 11: '    securityContext: {privileged: false}' },
        { 14: '    securityContext: {privileged: false}' },
        { 17: '    securityContext: {privileged: false}' },
      ],
    },
    {
      name: 'an explicit !!bool tag is kept by the fix',
      code: privilegedPod.replace('privileged: true', 'privileged: !!bool true # as root'),
      errors: [{ ...runs("Container 'app'"), at: 'privileged: !!bool true' }],
      output: { 9: '      privileged: !!bool false # as root' },
    },
    {
      name: 'an unnamed container is named by its position',
      code: privilegedPod.replace('- name: app\n    image: nginx', '- image: nginx\n  - image: nginx'),
      errors: [{ ...runs('Container containers[1]'), at: 'privileged: true', container: null, path: 'spec.containers[1].securityContext.privileged' }],
      output: { 9: '      privileged: false' },
    },
    {
      name: 'securityContext through an alias: the finding points at the anchored value',
      code: pod`
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
        { ...runs("Init container 'init'"), at: 'privileged: true', container: 'init' },
        { ...runs("Container 'app'"), at: 'privileged: true', container: 'app', path: 'spec.containers[0].securityContext.privileged' },
      ],
      output: [{ 9: '      privileged: false' }, { 9: '      privileged: false' }],
    },
    {
      name: 'a merged privileged: true is overridden in the container itself, leaving the shared anchor alone',
      code: pod`
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
        { ...runs("Container 'app'"), at: 'privileged: true', container: 'app' },
        { ...runs("Container 'side'"), at: 'privileged: true', container: 'side' },
      ],
      output: [{ 10: '      <<: &priv {privileged: true}\n      privileged: false' }, { 13: '    securityContext: {<<: *priv, privileged: false}' }],
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
      errors: [{ ...runs("Container 'app'"), at: 'privileged: true', path: 'spec.containers[0].securityContext.privileged' }],
      output: { 20: '        privileged: false' },
    },
  ],
});
