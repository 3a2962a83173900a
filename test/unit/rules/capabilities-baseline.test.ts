import { ExpectedError, inWhere, pod, ruleTester } from '../rule-tester';

/** A container of `subject` that adds `capability`, and the fix that removes it. */
const adds = (subject: string, capability: string, level = 'baseline'): ExpectedError => ({
  messageId: 'addsCapability',
  data: { subject, capability, level },
  at: capability,
  fix: { title: `Remove capability ${capability} ${inWhere(subject)}`, preferred: false },
});

ruleTester('capabilities-baseline', {
  valid: [
    {
      name: 'only capabilities of the default set',
      profile: 'baseline',
      code: pod`
        containers:
        - name: app
          image: nginx
          securityContext:
            capabilities:
              add: [AUDIT_WRITE, CHOWN, DAC_OVERRIDE, FOWNER, FSETID, KILL, MKNOD, NET_BIND_SERVICE, SETFCAP, SETGID, SETPCAP, SETUID, SYS_CHROOT]
              drop: [SYS_ADMIN]
      `,
    },
    {
      name: 'restricted from v1.22: capabilities-restricted replaces this rule',
      profile: 'restricted',
      version: 'v1.22',
      code: pod`
        containers:
        - name: app
          image: nginx
          securityContext:
            capabilities:
              add: [SYS_ADMIN]
      `,
    },
  ],
  invalid: [
    {
      name: 'one bad capability among good ones: the fix removes that item only',
      profile: 'baseline',
      code: pod`
        containers:
        - name: app
          image: nginx
          securityContext:
            capabilities:
              add:
              - CHOWN
              - NET_ADMIN # needs iptables
              - SETUID
      `,
      errors: [
        { ...adds("Container 'app'", 'NET_ADMIN'), container: 'app', path: 'spec.containers[0].securityContext.capabilities.add[1]', severity: 'error' },
      ],
      output: { 12: '        # needs iptables' },
    },
    {
      name: 'names are exact and case-sensitive; each fix removes its own capability only',
      profile: 'baseline',
      code: pod`
        initContainers:
        - name: init
          image: busybox
          securityContext:
            capabilities: {add: [chown, CAP_CHOWN]}
        containers:
        - name: app
          image: nginx
      `,
      errors: [
        { ...adds("Init container 'init'", 'chown'), container: 'init' },
        { ...adds("Init container 'init'", 'CAP_CHOWN'), container: 'init' },
      ],
      output: [{ 9: '      capabilities: {add: [CAP_CHOWN]}' }, { 9: '      capabilities: {add: [chown]}' }],
    },
    {
      name: 'the only added capability: the fix removes add with it',
      profile: 'baseline',
      code: pod`
        containers:
        - name: app
          image: nginx
          securityContext:
            capabilities: {add: [NET_RAW], drop: [ALL]}
      `,
      errors: [{ ...adds("Container 'app'", 'NET_RAW') }],
      output: { 9: '      capabilities: {drop: [ALL]}' },
    },
    {
      name: 'restricted before v1.22 runs the baseline capability check; an ephemeral container',
      profile: 'restricted',
      version: 'v1.21',
      code: pod`
        containers:
        - name: app
          image: nginx
        ephemeralContainers:
        - name: debug
          image: busybox
          securityContext:
            capabilities:
              add: [SYS_PTRACE]
      `,
      errors: [{ ...adds("Ephemeral container 'debug'", 'SYS_PTRACE'), container: 'debug', severity: 'error' }],
      output: { 13: null },
    },
  ],
});
