import { ruleTester, y } from '../rule-tester';

ruleTester('restricted-volumes', {
  valid: [
    {
      name: 'every allowed volume type, and a volume without a source (an emptyDir)',
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
          - {name: a, configMap: {name: settings}}
          - {name: b, csi: {driver: secrets-store.csi.k8s.io}}
          - {name: c, downwardAPI: {items: []}}
          - {name: d, emptyDir: {}}
          - {name: e, ephemeral: {volumeClaimTemplate: {spec: {}}}}
          - {name: f, image: {reference: "registry.example.com/data:1"}}
          - {name: g, persistentVolumeClaim: {claimName: data}}
          - {name: h, projected: {sources: []}}
          - {name: i, secret: {secretName: tls}}
          - {name: j}
      `,
    },
    {
      name: 'the baseline profile does not include it',
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
          - name: data
            nfs: {server: nfs.example.com, path: /exports}
      `,
    },
  ],
  invalid: [
    {
      name: 'nfs and gitRepo are restricted-only (warnings); hostPath also breaks baseline (error)',
      code: y`
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: web
        spec:
          template:
            spec:
              containers:
              - name: app
                image: nginx
              volumes:
              - name: data
                nfs:
                  server: nfs.example.com
                  path: /exports
              - name: src
                gitRepo: {repository: "https://example.com/repo.git"}
              - name: host
                hostPath: {path: /etc}
      `,
      errors: [
        {
          message: "Volume 'data' uses the nfs volume type, which the restricted level does not allow.",
          range: [12, 8, 12, 11],
          container: null,
          path: 'spec.template.spec.volumes[0].nfs',
          severity: 'warning',
          fromPodLevel: true,
          fix: { title: "Replace nfs volume 'data' with an emptyDir", preferred: false, edits: [{ range: [12, 8, 14, 24], text: 'emptyDir: {}' }] },
        },
        {
          message: "Volume 'src' uses the gitRepo volume type, which the restricted level does not allow.",
          range: [16, 8, 16, 15],
          severity: 'warning',
          fix: { title: "Replace gitRepo volume 'src' with an emptyDir", preferred: false, edits: [{ range: [16, 8, 16, 61], text: 'emptyDir: {}' }] },
        },
        {
          message: "Volume 'host' mounts a host directory (/etc) with hostPath, which the baseline level already forbids.",
          range: [18, 8, 18, 16],
          severity: 'error',
          fix: { title: "Replace hostPath volume 'host' with an emptyDir", preferred: false, edits: [{ range: [18, 8, 18, 30], text: 'emptyDir: {}' }] },
        },
      ],
      output: [
        y`
          apiVersion: apps/v1
          kind: Deployment
          metadata:
            name: web
          spec:
            template:
              spec:
                containers:
                - name: app
                  image: nginx
                volumes:
                - name: data
                  emptyDir: {}
                - name: src
                  gitRepo: {repository: "https://example.com/repo.git"}
                - name: host
                  hostPath: {path: /etc}
        `,
        y`
          apiVersion: apps/v1
          kind: Deployment
          metadata:
            name: web
          spec:
            template:
              spec:
                containers:
                - name: app
                  image: nginx
                volumes:
                - name: data
                  nfs:
                    server: nfs.example.com
                    path: /exports
                - name: src
                  emptyDir: {}
                - name: host
                  hostPath: {path: /etc}
        `,
        y`
          apiVersion: apps/v1
          kind: Deployment
          metadata:
            name: web
          spec:
            template:
              spec:
                containers:
                - name: app
                  image: nginx
                volumes:
                - name: data
                  nfs:
                    server: nfs.example.com
                    path: /exports
                - name: src
                  gitRepo: {repository: "https://example.com/repo.git"}
                - name: host
                  emptyDir: {}
        `,
      ],
    },
    {
      name: 'at the oldest policy version, and a volume with an allowed source beside a restricted one passes',
      version: 'v1.0',
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
          - name: ok
            secret: {secretName: tls}
          - name: disk
            awsElasticBlockStore: {volumeID: vol-1}
      `,
      errors: [
        {
          message: "Volume 'disk' uses the awsElasticBlockStore volume type, which the restricted level does not allow.",
          range: [12, 4, 12, 24],
          path: 'spec.volumes[1].awsElasticBlockStore',
          fix: { title: "Replace awsElasticBlockStore volume 'disk' with an emptyDir", preferred: false, edits: [{ range: [12, 4, 12, 43], text: 'emptyDir: {}' }] },
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
          volumes:
          - name: ok
            secret: {secretName: tls}
          - name: disk
            emptyDir: {}
      `,
    },
  ],
});
