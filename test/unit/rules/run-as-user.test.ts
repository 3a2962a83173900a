import { ExpectedError, inWhere, pod, ruleTester, y } from '../rule-tester';

/** `subject` runs as root, and the fix that removes runAsUser: 0. */
const root = (subject: string): ExpectedError => ({
  messageId: 'root',
  data: { subject },
  fix: { title: `Remove runAsUser: 0 ${inWhere(subject)}`, preferred: false },
});

const rootPod = (hostUsers: string) => y`
  apiVersion: v1
  kind: Pod
  metadata:
    name: web
  spec:
    hostUsers: ${hostUsers}
    securityContext:
      runAsUser: 0
    containers:
    - name: app
      image: nginx
      securityContext:
        runAsUser: 1000
`;

ruleTester('run-as-user', {
  valid: [
    {
      name: 'non-zero users, and unset',
      code: pod`
        securityContext: {runAsUser: 1000}
        containers:
        - name: app
          image: nginx
          securityContext: {runAsUser: 65534}
        - name: sidecar
          image: envoy
      `,
    },
    { name: 'before v1.23 the check does not exist', version: 'v1.22', code: rootPod('true') },
    { name: 'from v1.35 a pod in its own user namespace is exempt', version: 'v1.35', code: rootPod('false') },
    { name: 'the baseline profile does not include it', profile: 'baseline', code: rootPod('true') },
  ],
  invalid: [
    {
      name: 'from v1.23 an explicit pod-level 0 fails although the container sets another user',
      version: 'v1.23',
      code: rootPod('true'),
      errors: [{ ...root('The pod'), at: 'runAsUser: 0', container: null, fromPodLevel: true, path: 'spec.securityContext.runAsUser', severity: 'warning' }],
      output: { 7: null },
    },
    {
      name: 'before v1.35 hostUsers: false does not exempt the pod',
      version: 'v1.34',
      code: rootPod('false'),
      errors: [{ ...root('The pod'), at: 'runAsUser: 0' }],
      output: { 7: null },
    },
    {
      name: 'containers: 0 written as octal 00 and as hex 0x0 is still root; the removal keeps the comment',
      code: y`
        apiVersion: batch/v1
        kind: Job
        metadata:
          name: migrate
        spec:
          template:
            spec:
              restartPolicy: Never
              initContainers:
              - name: chown
                image: busybox
                securityContext:
                  runAsUser: 00 # needs to chown the volume
                  runAsNonRoot: false
              containers:
              - name: migrate
                image: migrate
                securityContext: {runAsNonRoot: true, runAsUser: 0x0}
      `,
      errors: [
        { ...root("Init container 'chown'"), at: 'runAsUser: 00', container: 'chown', fromPodLevel: false },
        { ...root("Container 'migrate'"), at: 'runAsUser: 0x0', container: 'migrate' },
      ],
      output: [{ 12: '          # needs to chown the volume' }, { 17: '        securityContext: {runAsNonRoot: true}' }],
    },
  ],
});
