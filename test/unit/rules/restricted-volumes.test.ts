import { ExpectedError, pod, ruleTester, y } from '../rule-tester';

/** Volume `volume` of a restricted `type` (flagged at its key), and the fix that swaps in an emptyDir. */
const volumeType = (volume: string, type: string): ExpectedError => ({
  messageId: 'volumeType',
  data: { volume, type },
  fix: { title: `Replace ${type} volume '${volume}' with an emptyDir`, preferred: false },
});

ruleTester('restricted-volumes', {
  valid: [
    {
      name: 'every allowed volume type, and a volume without a source (an emptyDir)',
      code: pod`
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
      code: pod`
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
          ...volumeType('data', 'nfs'),
          at: 'nfs',
          occurrence: 1,
          container: null,
          path: 'spec.template.spec.volumes[0].nfs',
          severity: 'warning',
          fromPodLevel: true,
        },
        { ...volumeType('src', 'gitRepo'), at: 'gitRepo', severity: 'warning' },
        {
          messageId: 'hostPathAt',
          data: { volume: 'host', path: '/etc' },
          at: 'hostPath',
          severity: 'error',
          fix: { title: "Replace hostPath volume 'host' with an emptyDir", preferred: false },
        },
      ],
      output: [{ 12: '        emptyDir: {}', 13: null, 14: null }, { 16: '        emptyDir: {}' }, { 18: '        emptyDir: {}' }],
    },
    {
      name: 'at the oldest policy version, and a volume with an allowed source beside a restricted one passes',
      version: 'v1.0',
      code: pod`
        containers:
        - name: app
          image: nginx
        volumes:
        - name: ok
          secret: {secretName: tls}
        - name: disk
          awsElasticBlockStore: {volumeID: vol-1}
      `,
      errors: [{ ...volumeType('disk', 'awsElasticBlockStore'), at: 'awsElasticBlockStore', path: 'spec.volumes[1].awsElasticBlockStore' }],
      output: { 12: '    emptyDir: {}' },
    },
    {
      name: 'a hostPath volume without a path also breaks baseline (error)',
      code: '{apiVersion: v1, kind: Pod, metadata: {name: web}, spec: {containers: [{name: app, image: nginx}], volumes: [{name: sock, hostPath: {type: Socket}}]}}\n',
      errors: [
        {
          messageId: 'hostPath',
          data: { volume: 'sock' },
          at: 'hostPath',
          severity: 'error',
          fix: { title: "Replace hostPath volume 'sock' with an emptyDir", preferred: false },
        },
      ],
      output: {
        0: '{apiVersion: v1, kind: Pod, metadata: {name: web}, spec: {containers: [{name: app, image: nginx}], volumes: [{name: sock, emptyDir: {}}]}}',
      },
    },
  ],
});
