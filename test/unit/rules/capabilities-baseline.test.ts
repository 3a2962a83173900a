import { ruleTester, y } from '../rule-tester';

ruleTester('capabilities-baseline', {
  valid: [
    {
      name: 'only capabilities of the default set',
      profile: 'baseline',
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
              capabilities:
                add: [AUDIT_WRITE, CHOWN, DAC_OVERRIDE, FOWNER, FSETID, KILL, MKNOD, NET_BIND_SERVICE, SETFCAP, SETGID, SETPCAP, SETUID, SYS_CHROOT]
                drop: [SYS_ADMIN]
      `,
    },
    {
      name: 'restricted from v1.22: capabilities-restricted replaces this rule',
      profile: 'restricted',
      version: 'v1.22',
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
              capabilities:
                add: [SYS_ADMIN]
      `,
    },
  ],
  invalid: [
    {
      name: 'one bad capability among good ones: the fix removes that item only',
      profile: 'baseline',
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
              capabilities:
                add:
                - CHOWN
                - NET_ADMIN # needs iptables
                - SETUID
      `,
      errors: [
        {
          messageId: 'addsCapability', data: { subject: "Container 'app'", capability: 'NET_ADMIN', level: 'baseline' },
          at: 'NET_ADMIN',
          container: 'app',
          path: 'spec.containers[0].securityContext.capabilities.add[1]',
          severity: 'error',
          fix: { title: "Remove capability NET_ADMIN in container 'app'", preferred: false },
        },
      ],
      output: { 12: '        # needs iptables' },
    },
    {
      name: 'names are exact and case-sensitive; each fix removes its own capability only',
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
              capabilities: {add: [chown, CAP_CHOWN]}
          containers:
          - name: app
            image: nginx
      `,
      errors: [
        {
          messageId: 'addsCapability', data: { subject: "Init container 'init'", capability: 'chown', level: 'baseline' },
          at: 'chown',
          container: 'init',
          fix: { title: "Remove capability chown in init container 'init'", preferred: false },
        },
        {
          messageId: 'addsCapability', data: { subject: "Init container 'init'", capability: 'CAP_CHOWN', level: 'baseline' },
          at: 'CAP_CHOWN',
          container: 'init',
          fix: { title: "Remove capability CAP_CHOWN in init container 'init'", preferred: false },
        },
      ],
      output: [
        { 9: '      capabilities: {add: [CAP_CHOWN]}' },
        { 9: '      capabilities: {add: [chown]}' },
      ],
    },
    {
      name: 'the only added capability: the fix removes add with it',
      profile: 'baseline',
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
              capabilities: {add: [NET_RAW], drop: [ALL]}
      `,
      errors: [{ messageId: 'addsCapability', data: { subject: "Container 'app'", capability: 'NET_RAW', level: 'baseline' }, at: 'NET_RAW', fix: { title: "Remove capability NET_RAW in container 'app'", preferred: false } }],
      output: { 9: '      capabilities: {drop: [ALL]}' },
    },
    {
      name: 'restricted before v1.22 runs the baseline capability check; an ephemeral container',
      profile: 'restricted',
      version: 'v1.21',
      code: y`
        apiVersion: v1
        kind: Pod
        metadata:
          name: web
        spec:
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
      errors: [
        {
          messageId: 'addsCapability', data: { subject: "Ephemeral container 'debug'", capability: 'SYS_PTRACE', level: 'baseline' },
          at: 'SYS_PTRACE',
          container: 'debug',
          severity: 'error',
          fix: { title: "Remove capability SYS_PTRACE in ephemeral container 'debug'", preferred: false },
        },
      ],
      output: { 13: null },
    },
  ],
});
