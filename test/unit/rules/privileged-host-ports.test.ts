import { pod, ruleTester, y } from '../rule-tester';

const RULE = 'privileged-host-ports';
/** the rule runs in the STIG profiles */
const STIG = { profile: 'stig-kubernetes' as const };
const WHY =
  'the Kubernetes STIG requires user pods to use host ports of 1024 and above (map a higher host port, or a Service, to a privileged container port instead)';

const port = (subject: string, n: number, at: string, fix: boolean) => ({
  message: `${subject} binds port ${n} of the node, below 1024; ${WHY}.`,
  at,
  fix: fix ? { title: `Remove hostPort ${n} in ${subject[0].toLowerCase()}${subject.slice(1)}`, preferred: false } : null,
});

/** A DaemonSet in `namespace` with this pod spec (lines 8 on). */
const daemonSet = (namespace: string, spec: string) => y`
  apiVersion: apps/v1
  kind: DaemonSet
  metadata:
    name: ingress
    namespace: ${namespace}
  spec:
    template:
      spec:
${spec.replace(/^(?=.)/gm, '        ')}
`;

ruleTester(RULE, {
  valid: [
    {
      ...STIG,
      name: 'a privileged container port published on a high host port, as the STIG allows',
      code: daemonSet('ingress', 'containers:\n  - name: nginx\n    image: nginx\n    ports: [{containerPort: 80, hostPort: 8080}]\n'),
    },
    { ...STIG, name: 'a container port without a host port', code: pod`containers: [{name: web, image: nginx, ports: [{containerPort: 80}]}]` },
    {
      ...STIG,
      name: 'the system namespaces are the platform: RKE2 ingress in kube-system',
      code: daemonSet(
        'kube-system',
        'containers:\n  - name: nginx\n    image: rancher/nginx-ingress-controller\n    ports: [{containerPort: 80, hostPort: 80}, {containerPort: 443, hostPort: 443}]\n',
      ),
    },
    {
      ...STIG,
      name: 'a host-network pod that listens high',
      code: daemonSet('monitoring', 'hostNetwork: true\ncontainers:\n  - name: exporter\n    image: prom/node-exporter\n    ports: [{containerPort: 9100}]\n'),
    },
    {
      ...STIG,
      name: 'a templated namespace is not judged',
      code: daemonSet('"{{ .Release.Namespace }}"', 'containers: [{name: n, image: nginx, ports: [{hostPort: 80, containerPort: 80}]}]\n'),
    },
    {
      name: 'off outside the STIG profiles',
      code: daemonSet('ingress', 'containers: [{name: n, image: nginx, ports: [{hostPort: 80, containerPort: 80}]}]\n'),
    },
  ],
  invalid: [
    {
      name: 'host ports 80 and 443 in a user namespace',
      profiles: ['stig-rke2', 'stig-kubernetes'],
      code: daemonSet(
        'ingress',
        'containers:\n  - name: nginx\n    image: nginx\n    ports:\n      - containerPort: 80\n        hostPort: 80\n      - containerPort: 443\n        hostPort: 443\n',
      ),
      errors: [port("Container 'nginx'", 80, 'hostPort: 80', true), port("Container 'nginx'", 443, 'hostPort: 443', true)],
      output: [{ 13: null }, { 15: null }],
    },
    {
      name: 'a pod without a namespace lands in a user namespace; init containers count',
      ...STIG,
      code: pod`
        initContainers: [{name: probe, image: busybox, ports: [{containerPort: 53, hostPort: 53, protocol: UDP}]}]
        containers: [{name: app, image: nginx}]
      `,
      errors: [port("Init container 'probe'", 53, 'hostPort: 53', true)],
      output: { 5: '  initContainers: [{name: probe, image: busybox, ports: [{containerPort: 53, protocol: UDP}]}]' },
    },
    {
      name: 'on the host network a container port is a port of the node, whatever hostPort says',
      ...STIG,
      code: daemonSet(
        'dns',
        'hostNetwork: true\ncontainers:\n  - name: dns\n    image: coredns/coredns\n    ports:\n      - {containerPort: 53, protocol: UDP}\n      - {containerPort: 9153, hostPort: 9153}\n',
      ),
      errors: [port("Container 'dns'", 53, 'containerPort: 53', false)],
    },
    {
      // the API server refuses such a pod; the finding stays at the hostPort when hostNetwork is turned off
      name: 'on the host network a privileged hostPort is reported where it is written',
      ...STIG,
      code: daemonSet('web', 'hostNetwork: true\ncontainers:\n  - name: web\n    image: nginx\n    ports:\n      - {containerPort: 8443, hostPort: 80}\n'),
      errors: [port("Container 'web'", 80, 'hostPort: 80', false)],
    },
  ],
});
