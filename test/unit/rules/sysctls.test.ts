import { ExpectedError, pod, ruleTester, y } from '../rule-tester';

/** A pod that sets one sysctl (line 7). */
const withSysctl = (name: string) => y`
  apiVersion: v1
  kind: Pod
  metadata:
    name: web
  spec:
    securityContext:
      sysctls:
      - {name: ${name}, value: "1"}
    containers:
    - name: app
      image: nginx
`;

/** The finding for the sysctl of `withSysctl` at a policy version. */
const unsafe = (name: string, version: number): ExpectedError => ({
  messageId: 'unsafe',
  data: { name: `"${name}"`, version },
  at: `name: ${name}`,
  container: null,
  fromPodLevel: true,
  path: 'spec.securityContext.sysctls[0].name',
  severity: 'error',
  fix: { title: `Remove sysctl ${name}`, preferred: false },
});

ruleTester('sysctls', {
  valid: [
    {
      name: 'the set every version allows',
      profile: 'baseline',
      version: 'v1.0',
      code: pod`
        securityContext:
          sysctls:
          - name: kernel.shm_rmid_forced
            value: "1"
          - name: net.ipv4.ip_local_port_range
            value: "1024 65535"
          - name: net.ipv4.ip_unprivileged_port_start
            value: "80"
          - name: net.ipv4.tcp_syncookies
            value: "1"
          - name: net.ipv4.ping_group_range
            value: "0 2147483647"
        containers:
        - name: app
          image: nginx
      `,
    },
    { name: 'v1.27 adds ip_local_reserved_ports', profile: 'baseline', version: 'v1.27', code: withSysctl('net.ipv4.ip_local_reserved_ports') },
    { name: 'v1.29 adds tcp_keepalive_time', profile: 'baseline', version: 'v1.29', code: withSysctl('net.ipv4.tcp_keepalive_time') },
    { name: 'v1.29 adds tcp_fin_timeout', version: 'v1.29', code: withSysctl('net.ipv4.tcp_fin_timeout') },
    { name: 'v1.29 adds tcp_keepalive_intvl', version: 'v1.29', code: withSysctl('net.ipv4.tcp_keepalive_intvl') },
    { name: 'v1.29 adds tcp_keepalive_probes', version: 'v1.29', code: withSysctl('net.ipv4.tcp_keepalive_probes') },
    { name: 'v1.32 adds tcp_rmem', profile: 'baseline', version: 'v1.32', code: withSysctl('net.ipv4.tcp_rmem') },
    { name: 'v1.32 adds tcp_wmem', version: 'v1.32', code: withSysctl('net.ipv4.tcp_wmem') },
    { name: 'v1.37 adds tcp_slow_start_after_idle', profile: 'baseline', version: 'v1.37', code: withSysctl('net.ipv4.tcp_slow_start_after_idle') },
    { name: 'latest is v1.37: tcp_notsent_lowat', code: withSysctl('net.ipv4.tcp_notsent_lowat') },
  ],
  invalid: [
    {
      name: 'ip_local_reserved_ports before v1.27',
      profile: 'baseline',
      version: 'v1.26',
      code: withSysctl('net.ipv4.ip_local_reserved_ports'),
      errors: [unsafe('net.ipv4.ip_local_reserved_ports', 26)],
      output: { 7: null },
    },
    {
      name: 'tcp_keepalive_time before v1.29',
      profile: 'baseline',
      version: 'v1.28',
      code: withSysctl('net.ipv4.tcp_keepalive_time'),
      errors: [unsafe('net.ipv4.tcp_keepalive_time', 28)],
      output: { 7: null },
    },
    {
      name: 'tcp_keepalive_probes before v1.29',
      version: 'v1.28',
      code: withSysctl('net.ipv4.tcp_keepalive_probes'),
      errors: [unsafe('net.ipv4.tcp_keepalive_probes', 28)],
      output: { 7: null },
    },
    {
      name: 'tcp_rmem before v1.32',
      profile: 'baseline',
      version: 'v1.31',
      code: withSysctl('net.ipv4.tcp_rmem'),
      errors: [unsafe('net.ipv4.tcp_rmem', 31)],
      output: { 7: null },
    },
    { name: 'tcp_wmem before v1.32', version: 'v1.31', code: withSysctl('net.ipv4.tcp_wmem'), errors: [unsafe('net.ipv4.tcp_wmem', 31)], output: { 7: null } },
    {
      name: 'tcp_slow_start_after_idle before v1.37',
      profile: 'baseline',
      version: 'v1.36',
      code: withSysctl('net.ipv4.tcp_slow_start_after_idle'),
      errors: [unsafe('net.ipv4.tcp_slow_start_after_idle', 36)],
      output: { 7: null },
    },
    {
      name: 'tcp_notsent_lowat before v1.37',
      version: 'v1.36',
      code: withSysctl('net.ipv4.tcp_notsent_lowat'),
      errors: [unsafe('net.ipv4.tcp_notsent_lowat', 36)],
      output: { 7: null },
    },
    { name: 'a node-wide sysctl at the newest version', code: withSysctl('kernel.msgmax'), errors: [unsafe('kernel.msgmax', 37)], output: { 7: null } },
    {
      name: 'names are exact; the fix removes one item and keeps the others and their comments',
      profile: 'baseline',
      code: y`
        apiVersion: batch/v1
        kind: Job
        metadata:
          name: tune
        spec:
          template:
            spec:
              restartPolicy: Never
              securityContext:
                sysctls:
                - name: net.ipv4.tcp_syncookies
                  value: "1"
                # the next one needs a privileged namespace
                - name: vm.swappiness
                  value: "10"
                - name: NET.IPV4.TCP_SYNCOOKIES
                  value: "1"
              containers:
              - name: tune
                image: busybox
      `,
      errors: [
        {
          messageId: 'unsafe',
          data: { name: '"vm.swappiness"', version: '37' },
          at: 'name: vm.swappiness',
          path: 'spec.template.spec.securityContext.sysctls[1].name',
          fix: { title: 'Remove sysctl vm.swappiness', preferred: false },
        },
        {
          messageId: 'unsafe',
          data: { name: '"NET.IPV4.TCP_SYNCOOKIES"', version: '37' },
          at: 'name: NET.IPV4.TCP_SYNCOOKIES',
          fix: { title: 'Remove sysctl NET.IPV4.TCP_SYNCOOKIES', preferred: false },
        },
      ],
      output: [
        { 13: null, 14: null },
        { 15: null, 16: null },
      ],
    },
  ],
});
