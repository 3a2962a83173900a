import { ruleTester, y } from '../rule-tester';

const engineType = y`
  apiVersion: v1
  kind: Pod
  metadata:
    name: podman
  spec:
    containers:
    - name: builder
      image: quay.io/podman/stable
      securityContext:
        seLinuxOptions:
          type: container_engine_t
`;

ruleTester('selinux', {
  valid: [
    {
      name: 'allowed types, any level, empty user and role',
      profile: 'baseline',
      code: y`
        apiVersion: v1
        kind: Pod
        metadata:
          name: web
        spec:
          securityContext:
            seLinuxOptions: {type: container_t, level: "s0:c123,c456"}
          initContainers:
          - name: init
            image: busybox
            securityContext:
              seLinuxOptions: {type: container_init_t, user: "", role: ""}
          containers:
          - name: vm
            image: kubevirt
            securityContext:
              seLinuxOptions: {type: container_kvm_t}
      `,
    },
    {
      name: 'container_engine_t is allowed from v1.31',
      profile: 'baseline',
      version: 'v1.31',
      code: engineType,
    },
  ],
  invalid: [
    {
      name: 'container_engine_t is not allowed before v1.31',
      profile: 'baseline',
      version: 'v1.30',
      code: engineType,
      errors: [
        {
          message: 'Container \'builder\' sets SELinux type "container_engine_t"; allowed types are container_t, container_init_t, container_kvm_t.',
          range: [10, 8, 10, 32],
          container: 'builder',
          path: 'spec.containers[0].securityContext.seLinuxOptions.type',
          severity: 'error',
          fix: { title: "Remove seLinuxOptions.type in container 'builder'", preferred: false, edits: [{ range: [10, 0, 11, 0], text: '' }] },
        },
      ],
      output: y`
        apiVersion: v1
        kind: Pod
        metadata:
          name: podman
        spec:
          containers:
          - name: builder
            image: quay.io/podman/stable
            securityContext:
              seLinuxOptions:
      `,
    },
    {
      name: 'an explicit bad pod-level value fails although the container overrides it; custom user and role',
      code: y`
        apiVersion: v1
        kind: Pod
        metadata:
          name: web
        spec:
          securityContext:
            seLinuxOptions:
              type: spc_t # super-privileged
              level: s0
          containers:
          - name: app
            image: nginx
            securityContext:
              seLinuxOptions: {type: container_t, user: system_u, role: sysadm_r}
      `,
      errors: [
        {
          message: 'The pod sets SELinux type "spc_t"; allowed types are container_t, container_init_t, container_kvm_t, container_engine_t.',
          range: [7, 6, 7, 17],
          container: null,
          fromPodLevel: true,
          path: 'spec.securityContext.seLinuxOptions.type',
          fix: { title: "Remove seLinuxOptions.type in the pod's securityContext", preferred: false, edits: [{ range: [7, 0, 8, 0], text: '      # super-privileged\n' }] },
        },
        {
          message: 'Container \'app\' sets a custom SELinux user ("system_u"), which the baseline level forbids.',
          range: [13, 42, 13, 56],
          container: 'app',
          fromPodLevel: false,
          fix: { title: "Remove seLinuxOptions.user in container 'app'", preferred: false, edits: [{ range: [13, 42, 13, 58], text: '' }] },
        },
        {
          message: 'Container \'app\' sets a custom SELinux role ("sysadm_r"), which the baseline level forbids.',
          range: [13, 58, 13, 72],
          container: 'app',
          fix: { title: "Remove seLinuxOptions.role in container 'app'", preferred: false, edits: [{ range: [13, 56, 13, 72], text: '' }] },
        },
      ],
      output: [
        y`
          apiVersion: v1
          kind: Pod
          metadata:
            name: web
          spec:
            securityContext:
              seLinuxOptions:
                # super-privileged
                level: s0
            containers:
            - name: app
              image: nginx
              securityContext:
                seLinuxOptions: {type: container_t, user: system_u, role: sysadm_r}
        `,
        y`
          apiVersion: v1
          kind: Pod
          metadata:
            name: web
          spec:
            securityContext:
              seLinuxOptions:
                type: spc_t # super-privileged
                level: s0
            containers:
            - name: app
              image: nginx
              securityContext:
                seLinuxOptions: {type: container_t, role: sysadm_r}
        `,
        y`
          apiVersion: v1
          kind: Pod
          metadata:
            name: web
          spec:
            securityContext:
              seLinuxOptions:
                type: spc_t # super-privileged
                level: s0
            containers:
            - name: app
              image: nginx
              securityContext:
                seLinuxOptions: {type: container_t, user: system_u}
        `,
      ],
    },
  ],
});
