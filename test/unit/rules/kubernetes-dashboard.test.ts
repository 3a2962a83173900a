import { ruleTester, y } from '../rule-tester';

const RULE = 'kubernetes-dashboard';
/** the rule runs in the STIG profiles */
const STIG = { profile: 'stig-kubernetes' as const };
const WHY =
  'the Kubernetes STIG forbids the dashboard: a web front end to the API that has been the way into many clusters, often running with a broad service account';

/** A Deployment whose pod template carries these labels (lines 8 on) and runs this image (line 12 + labels). */
const deployment = (labels: string[], image: string) => y`
  apiVersion: apps/v1
  kind: Deployment
  metadata:
    name: kubernetes-dashboard
    namespace: kubernetes-dashboard
  spec:
    template:
      metadata:
        labels:
${labels.map((l) => `          ${l}`).join('\n')}
      spec:
        containers:
          - name: dashboard
            image: ${image}
`;

ruleTester(RULE, {
  valid: [
    { ...STIG, name: 'another web application', code: deployment(['app: grafana'], 'grafana/grafana:11.2.0') },
    { ...STIG, name: 'a label of another value', code: deployment(['k8s-app: kube-dns'], 'registry.k8s.io/coredns/coredns:v1.11.3') },
    { ...STIG, name: 'an image whose name only looks alike', code: deployment(['app: ui'], 'registry.example.com/kubernetesui/dashboards-export:1.0') },
    { name: 'off outside the STIG profiles', code: deployment(['k8s-app: kubernetes-dashboard'], 'kubernetesui/dashboard:v2.7.0') },
  ],
  invalid: [
    {
      name: "the STIG's label on the pod template",
      profiles: ['stig-rke2', 'stig-kubernetes'],
      code: deployment(['k8s-app: kubernetes-dashboard'], 'kubernetesui/dashboard:v2.7.0'),
      errors: [
        {
          message: `Deployment 'kubernetes-dashboard' runs the Kubernetes dashboard (its pods are labelled k8s-app: kubernetes-dashboard); ${WHY}.`,
          at: 'k8s-app: kubernetes-dashboard',
          fromPodLevel: true,
          fix: null,
        },
      ],
    },
    {
      name: "the Helm chart's labels",
      ...STIG,
      code: deployment(
        ['app.kubernetes.io/name: kubernetes-dashboard-web', 'app.kubernetes.io/part-of: kubernetes-dashboard'],
        'docker.io/kubernetesui/dashboard-web:1.4.0',
      ),
      errors: [
        {
          messageId: 'dashboardLabel',
          data: { object: "Deployment 'kubernetes-dashboard'", label: 'app.kubernetes.io/part-of' },
          at: 'app.kubernetes.io/part-of: kubernetes-dashboard',
        },
      ],
    },
    {
      name: 'no label, but its image (by digest)',
      ...STIG,
      code: deployment(['app: ops-console'], 'kubernetesui/dashboard@sha256:2e500d29e9d5f4a086b908eb8dfe7ecac57d2ab09d65b24f588b1d449841ef93'),
      errors: [
        {
          messageId: 'dashboardImage',
          data: {
            object: "Deployment 'kubernetes-dashboard'",
            image: 'kubernetesui/dashboard@sha256:2e500d29e9d5f4a086b908eb8dfe7ecac57d2ab09d65b24f588b1d449841ef93',
          },
          at: 'image: kubernetesui/dashboard@sha256:2e500d29e9d5f4a086b908eb8dfe7ecac57d2ab09d65b24f588b1d449841ef93',
          container: 'dashboard',
        },
      ],
    },
    {
      name: 'a bare Pod labelled by the STIG',
      ...STIG,
      code: y`
        apiVersion: v1
        kind: Pod
        metadata:
          name: dash
          labels: {k8s-app: kubernetes-dashboard}
        spec:
          containers: [{name: metrics, image: "kubernetesui/metrics-scraper:v1.0.8"}]
      `,
      errors: [{ messageId: 'dashboardLabel', data: { object: "Pod 'dash'", label: 'k8s-app' }, at: 'k8s-app: kubernetes-dashboard' }],
    },
  ],
});
