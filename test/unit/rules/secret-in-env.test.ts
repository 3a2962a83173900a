import { ruleTester, y } from '../rule-tester';

const RULE = 'secret-in-env';

const withSecretEnv = y`
  apiVersion: apps/v1
  kind: Deployment
  metadata: {name: api, namespace: shop}
  spec:
    template:
      spec:
        initContainers:
          - name: migrate
            image: registry.example.com/migrate:1
            envFrom:
              - configMapRef: {name: settings}
              - secretRef:
                  name: db-admin
        containers:
          - name: api
            image: registry.example.com/api:1
            env:
              - name: LOG_LEVEL
                value: info
              - name: DB_PASSWORD
                valueFrom:
                  secretKeyRef:
                    name: db
                    key: password
`;

ruleTester(RULE, {
  valid: [
    {
      name: 'secret mounted as a file',
      profile: 'stig-rke2',
      code: y`
        apiVersion: v1
        kind: Pod
        metadata: {name: api, namespace: shop}
        spec:
          containers:
            - name: api
              image: registry.example.com/api:1
              env:
                - name: DB_PASSWORD_FILE
                  value: /run/secrets/db/password
                - name: NODE
                  valueFrom:
                    fieldRef: {fieldPath: spec.nodeName}
              envFrom:
                - configMapRef: {name: settings}
              volumeMounts:
                - {name: db, mountPath: /run/secrets/db, readOnly: true}
          volumes:
            - name: db
              secret: {secretName: db, defaultMode: 0400}
      `,
    },
    { name: 'off in the profiles outside the STIGs', profiles: ['restricted', 'baseline'], code: withSecretEnv },
  ],
  invalid: [
    {
      name: 'secretRef in envFrom and secretKeyRef in env (stig-rke2)',
      profile: 'stig-rke2',
      code: withSecretEnv,
      errors: [
        {
          messageId: 'envFrom',
          data: { subject: "Init container 'migrate'", secret: "'db-admin'" },
          at: 'secretRef',
          container: 'migrate',
          severity: 'error',
          path: 'spec.template.spec.initContainers[0].envFrom[1].secretRef',
        },
        {
          messageId: 'envKey',
          data: { subject: "Container 'api'", key: 'password', secret: "'db'", variable: 'DB_PASSWORD' },
          at: 'secretKeyRef',
          container: 'api',
          severity: 'error',
          path: 'spec.template.spec.containers[0].env[1].valueFrom.secretKeyRef',
        },
      ],
    },
    {
      name: 'ephemeral container, flow style (stig-kubernetes)',
      profile: 'stig-kubernetes',
      code: y`
        apiVersion: v1
        kind: Pod
        metadata: {name: api, namespace: shop}
        spec:
          containers: [{name: api, image: registry.example.com/api:1}]
          ephemeralContainers:
            - {name: debug, image: registry.example.com/debug:1, env: [{name: TOKEN, valueFrom: {secretKeyRef: {name: api-token}}}]}
      `,
      errors: [
        {
          messageId: 'env',
          data: { subject: "Ephemeral container 'debug'", secret: "'api-token'", variable: 'TOKEN' },
          at: 'secretKeyRef',
          container: 'debug',
        },
      ],
    },
  ],
});
