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
          message: "Container 'app' adds capability NET_ADMIN, which the baseline level does not allow.",
          range: [12, 10, 12, 19],
          container: 'app',
          path: 'spec.containers[0].securityContext.capabilities.add[1]',
          severity: 'error',
          fix: { title: "Remove capability NET_ADMIN in container 'app'", preferred: false, edits: [{ range: [12, 0, 13, 0], text: '        # needs iptables\n' }] },
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
              capabilities:
                add:
                - CHOWN
                # needs iptables
                - SETUID
      `,
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
          message: "Init container 'init' adds capability chown, which the baseline level does not allow.",
          range: [9, 27, 9, 32],
          container: 'init',
          fix: { title: "Remove capability chown in init container 'init'", preferred: false, edits: [{ range: [9, 27, 9, 34], text: '' }] },
        },
        {
          message: "Init container 'init' adds capability CAP_CHOWN, which the baseline level does not allow.",
          range: [9, 34, 9, 43],
          container: 'init',
          fix: { title: "Remove capability CAP_CHOWN in init container 'init'", preferred: false, edits: [{ range: [9, 32, 9, 43], text: '' }] },
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
                capabilities: {add: [CAP_CHOWN]}
            containers:
            - name: app
              image: nginx
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
                capabilities: {add: [chown]}
            containers:
            - name: app
              image: nginx
        `,
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
      errors: [
        {
          message: "Container 'app' adds capability NET_RAW, which the baseline level does not allow.",
          range: [9, 27, 9, 34],
          fix: { title: "Remove capability NET_RAW in container 'app'", preferred: false, edits: [{ range: [9, 21, 9, 37], text: '' }] },
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
              capabilities: {drop: [ALL]}
      `,
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
          message: "Ephemeral container 'debug' adds capability SYS_PTRACE, which the baseline level does not allow.",
          range: [13, 14, 13, 24],
          container: 'debug',
          severity: 'error',
          fix: { title: "Remove capability SYS_PTRACE in ephemeral container 'debug'", preferred: false, edits: [{ range: [13, 0, 14, 0], text: '' }] },
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
          ephemeralContainers:
          - name: debug
            image: busybox
            securityContext:
              capabilities:
      `,
    },
  ],
});
