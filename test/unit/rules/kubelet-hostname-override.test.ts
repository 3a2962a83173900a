import { configFile, ruleTester, y } from '../rule-tester';

const RULE = 'kubelet-hostname-override';
/** the rule runs in the STIG profiles */
const STIG = { profile: 'stig-kubernetes' as const };
const REQUIREMENT =
  "the Kubernetes STIG forbids overriding the kubelet's host name: a node registered under another name breaks the match between its certificate and its Node object that TLS verification and the Node authorizer rely on";

/** A kind-style node whose container runs the kubelet with the given arguments (block list under args, line 9 on). */
const node = (...args: string[]) => y`
  apiVersion: v1
  kind: Pod
  metadata: {name: node-1, namespace: nodes}
  spec:
    containers:
      - name: node
        image: registry.example.com/node:1.31
        command: [/usr/bin/kubelet]
        args:
${args.map((a) => `          - ${a}`).join('\n')}
`;

const given = (value: string, at: string) => ({
  messageId: 'podFlagValue',
  data: { subject: "Container 'node'", component: 'kubelet', flag: 'hostname-override', value, requirement: REQUIREMENT },
  at,
  fix: { title: "Remove --hostname-override in container 'node'", preferred: false },
});

ruleTester(RULE, {
  valid: [
    { ...STIG, name: 'the kubelet registers under its host name', code: node('--config=/var/lib/kubelet/config.yaml') },
    {
      ...STIG,
      name: 'RKE2 passes --hostname-override itself and needs it: not judged',
      profiles: undefined,
      ...configFile(),
      code: 'node-name: worker-1\nkubelet-arg: [hostname-override=worker-1.example.com]\n',
    },
    { name: 'off outside the STIG profiles', code: node('--hostname-override=n1') },
  ],
  invalid: [
    {
      name: 'a kubelet in a container with another name',
      profiles: ['stig-rke2', 'stig-kubernetes'],
      code: node('--config=/var/lib/kubelet/config.yaml', '--hostname-override=worker-7'),
      errors: [given('worker-7', '--hostname-override=worker-7')],
      output: { 10: null },
    },
    {
      name: 'the value as the next item: both items go',
      ...STIG,
      code: node('--hostname-override', 'worker-7', '--v=2'),
      errors: [given('worker-7', '--hostname-override')],
      output: { 9: null, 10: null },
    },
    {
      name: 'in a shell script: reported, not edited',
      ...STIG,
      code: y`
        apiVersion: v1
        kind: Pod
        metadata: {name: node-1, namespace: nodes}
        spec:
          containers:
            - name: node
              image: registry.example.com/node:1.31
              command: [/bin/sh, -c, 'exec kubelet --config=/etc/kubelet.yaml --hostname-override=worker-7']
      `,
      errors: [{ ...given('worker-7', "'exec kubelet --config=/etc/kubelet.yaml --hostname-override=worker-7'"), fix: null }],
    },
  ],
});
