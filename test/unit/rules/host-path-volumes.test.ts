import { pod, ruleTester, y } from '../rule-tester';

ruleTester('host-path-volumes', {
  valid: [
    {
      name: 'other volume types',
      profile: 'baseline',
      code: pod`
        containers:
        - name: app
          image: nginx
        volumes:
        - name: cache
          emptyDir: {}
        - name: data
          nfs: {server: nfs.example.com, path: /exports}
        - name: empty
          hostPath:
      `,
    },
    {
      name: 'in the restricted profile restricted-volumes replaces this rule',
      profile: 'restricted',
      code: pod`
        containers:
        - name: app
          image: nginx
        volumes:
        - name: docker
          hostPath: {path: /var/run/docker.sock}
      `,
    },
  ],
  invalid: [
    {
      name: 'a hostPath volume: the key is flagged, the fix swaps in an emptyDir and keeps the comment',
      profile: 'baseline',
      code: y`
        apiVersion: apps/v1
        kind: DaemonSet
        metadata:
          name: logs
        spec:
          template:
            spec:
              containers:
              - name: shipper
                image: fluent-bit
              volumes:
              - name: varlog
                hostPath: # node logs
                  path: /var/log
                  type: Directory
              - name: tmp
                emptyDir: {}
      `,
      errors: [
        {
          messageId: 'hostPathAt',
          data: { volume: 'varlog', path: '/var/log' },
          at: 'hostPath',
          container: null,
          path: 'spec.template.spec.volumes[0].hostPath',
          severity: 'error',
          fromPodLevel: true,
          fix: { title: "Replace hostPath volume 'varlog' with an emptyDir", preferred: false },
        },
      ],
      output: { 12: '        emptyDir: {}', 13: '        # node logs', 14: null },
    },
    {
      name: 'flow style, in the second document',
      profile: 'baseline',
      code: y`
        apiVersion: v1
        kind: Namespace
        metadata: {name: tools}
        ---
        apiVersion: v1
        kind: Pod
        metadata: {name: web, namespace: tools}
        spec:
          containers: [{name: app, image: nginx}]
          volumes: [{name: sock, hostPath: {path: /run/containerd/containerd.sock, type: Socket}}]
      `,
      errors: [
        {
          messageId: 'hostPathAt',
          data: { volume: 'sock', path: '/run/containerd/containerd.sock' },
          at: 'hostPath',
          fix: { title: "Replace hostPath volume 'sock' with an emptyDir", preferred: false },
        },
      ],
      output: { 9: '  volumes: [{name: sock, emptyDir: {}}]' },
    },
    {
      name: 'a hostPath volume without a path',
      profile: 'baseline',
      code: pod`
        containers:
        - name: app
          image: nginx
        volumes:
        - name: sock
          hostPath: {type: Socket}
      `,
      errors: [
        {
          messageId: 'hostPath',
          data: { volume: 'sock' },
          at: 'hostPath',
          fix: { title: "Replace hostPath volume 'sock' with an emptyDir", preferred: false },
        },
      ],
      output: { 10: '    emptyDir: {}' },
    },
  ],
});
