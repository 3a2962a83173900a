import { ExpectedError, inWhere, ruleTester, y } from '../rule-tester';

/** `subject` runs as a HostProcess container (hostProcess: `value`), and the fix that sets it false. */
const hostProcess = (subject: string, value: string): ExpectedError => ({
  messageId: 'hostProcess',
  data: { subject, value },
  fix: { title: `Set hostProcess: false ${inWhere(subject)}`, preferred: false },
});

ruleTester('host-process', {
  valid: [
    {
      name: 'hostProcess: false at both levels',
      code: y`
        apiVersion: v1
        kind: Pod
        metadata:
          name: win
        spec:
          os: {name: windows}
          securityContext:
            windowsOptions: {hostProcess: false, runAsUserName: ContainerUser}
          containers:
          - name: app
            image: mcr.microsoft.com/windows/nanoserver:ltsc2022
            securityContext:
              windowsOptions:
                hostProcess: false
      `,
    },
    {
      name: 'windowsOptions without hostProcess',
      code: y`
        apiVersion: v1
        kind: Pod
        metadata:
          name: win
        spec:
          containers:
          - name: app
            image: nanoserver
            securityContext:
              windowsOptions:
                gmsaCredentialSpecName: webapp
      `,
    },
  ],
  invalid: [
    {
      name: 'an explicit pod-level hostProcess: true fails even when the container overrides it',
      profile: 'baseline',
      code: y`
        apiVersion: v1
        kind: Pod
        metadata:
          name: win
        spec:
          os:
            name: windows
          hostNetwork: false
          securityContext:
            windowsOptions:
              hostProcess: true
          containers:
          - name: app
            image: nanoserver
            securityContext:
              windowsOptions:
                hostProcess: false
      `,
      errors: [
        {
          ...hostProcess('The pod', 'true'),
          at: 'hostProcess: true',
          container: null,
          path: 'spec.securityContext.windowsOptions.hostProcess',
          severity: 'error',
          fromPodLevel: true,
        },
      ],
      output: { 10: '      hostProcess: false' },
    },
    {
      name: 'init and regular containers, flow style, YAML 1.1 true',
      code: y`
        apiVersion: apps/v1
        kind: DaemonSet
        metadata:
          name: node-agent
        spec:
          template:
            spec:
              hostNetwork: true
              initContainers:
              - {name: prep, image: nanoserver, securityContext: {windowsOptions: {hostProcess: yes}}}
              containers:
              - name: agent
                image: nanoserver
                securityContext: {windowsOptions: {hostProcess: true}}
      `,
      errors: [
        {
          ...hostProcess("Init container 'prep'", 'yes'),
          at: 'hostProcess: yes',
          container: 'prep',
          fromPodLevel: false,
          path: 'spec.template.spec.initContainers[0].securityContext.windowsOptions.hostProcess',
        },
        { ...hostProcess("Container 'agent'", 'true'), at: 'hostProcess: true', container: 'agent' },
      ],
      output: [
        { 9: '      - {name: prep, image: nanoserver, securityContext: {windowsOptions: {hostProcess: false}}}' },
        { 13: '        securityContext: {windowsOptions: {hostProcess: false}}' },
      ],
    },
  ],
});
