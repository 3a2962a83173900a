import { ExpectedError, inWhere, pod, ruleTester, y } from '../rule-tester';

/** `subject` sets a custom SELinux `field`, and the fix that removes it. */
const custom = (subject: string, field: string, value: string): ExpectedError => ({
  messageId: 'custom',
  data: { subject, field, value },
  fix: { title: `Remove seLinuxOptions.${field} ${inWhere(subject)}`, preferred: false },
});

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
      code: pod`
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
          messageId: 'type',
          data: { subject: "Container 'builder'", type: '"container_engine_t"', allowed: 'container_t, container_init_t, container_kvm_t' },
          at: 'type: container_engine_t',
          container: 'builder',
          path: 'spec.containers[0].securityContext.seLinuxOptions.type',
          severity: 'error',
          fix: { title: "Remove seLinuxOptions.type in container 'builder'", preferred: false },
        },
      ],
      output: { 10: null },
    },
    {
      name: 'an explicit bad pod-level value fails although the container overrides it; custom user and role',
      code: pod`
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
          messageId: 'type',
          data: { subject: 'The pod', type: '"spc_t"', allowed: 'container_t, container_init_t, container_kvm_t, container_engine_t' },
          at: 'type: spc_t',
          container: null,
          fromPodLevel: true,
          path: 'spec.securityContext.seLinuxOptions.type',
          fix: { title: "Remove seLinuxOptions.type in the pod's securityContext", preferred: false },
        },
        { ...custom("Container 'app'", 'user', '"system_u"'), at: 'user: system_u', container: 'app', fromPodLevel: false },
        { ...custom("Container 'app'", 'role', '"sysadm_r"'), at: 'role: sysadm_r', container: 'app' },
      ],
      output: [
        { 7: '      # super-privileged' },
        { 13: '      seLinuxOptions: {type: container_t, role: sysadm_r}' },
        { 13: '      seLinuxOptions: {type: container_t, user: system_u}' },
      ],
    },
  ],
});
