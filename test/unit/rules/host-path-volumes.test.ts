import { ruleTester, y } from '../rule-tester';

ruleTester('host-path-volumes', {
  valid: [
    {
      name: 'other volume types',
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
      code: y`
        apiVersion: v1
        kind: Pod
        metadata:
          name: web
        spec:
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
          message: "Volume 'varlog' mounts a host directory (/var/log) with hostPath.",
          range: [12, 8, 12, 16],
          container: null,
          path: 'spec.template.spec.volumes[0].hostPath',
          severity: 'error',
          fromPodLevel: true,
          fix: { title: "Replace hostPath volume 'varlog' with an emptyDir", preferred: false, edits: [{ range: [12, 8, 14, 25], text: 'emptyDir: {}\n        # node logs' }] },
        },
      ],
      output: y`
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
                emptyDir: {}
                # node logs
              - name: tmp
                emptyDir: {}
      `,
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
          message: "Volume 'sock' mounts a host directory (/run/containerd/containerd.sock) with hostPath.",
          range: [9, 25, 9, 33],
          fix: { title: "Replace hostPath volume 'sock' with an emptyDir", preferred: false, edits: [{ range: [9, 25, 9, 88], text: 'emptyDir: {}' }] },
        },
      ],
      output: y`
        apiVersion: v1
        kind: Namespace
        metadata: {name: tools}
        ---
        apiVersion: v1
        kind: Pod
        metadata: {name: web, namespace: tools}
        spec:
          containers: [{name: app, image: nginx}]
          volumes: [{name: sock, emptyDir: {}}]
      `,
    },
  ],
});
