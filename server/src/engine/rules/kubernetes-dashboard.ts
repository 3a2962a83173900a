/**
 * The Kubernetes dashboard must not be deployed (Kubernetes STIG V-242395). The STIG's check lists
 * pods labelled `k8s-app=kubernetes-dashboard`; podsec looks at what the pods will carry (a Pod's
 * labels, a workload's pod template labels) and, because the dashboard's Helm chart (v7 and
 * later) labels with `app.kubernetes.io/*` instead, also at those labels and at the dashboard's
 * images (`kubernetesui/dashboard`, `kubernetesui/dashboard-api`, ...).
 */
import type { YNode } from '../model';
import { defineRule } from '../rule';
import { stigRef } from '../standards';
import { describeObject } from './utils/wording';

export const RULE_ID = 'kubernetes-dashboard';

const NAME = 'kubernetes-dashboard';
/** Labels that mark the dashboard's pods: the STIG's, then the Helm chart's. */
const LABELS = ['k8s-app', 'app.kubernetes.io/name', 'app.kubernetes.io/part-of'];
/** The dashboard's images, any registry, tag or digest. */
const IMAGE = /(^|\/)kubernetesui\/(dashboard(-[a-z]+)?|metrics-scraper)([:@]|$)/;

const WHY =
  'the Kubernetes STIG forbids the dashboard: a web front end to the API that has been the way into many clusters, often running with a broad service account';

export default defineRule({
  meta: {
    id: RULE_ID,
    title: 'Kubernetes dashboard',
    description:
      "Flags workloads that deploy the Kubernetes dashboard: pods (or pod templates) labelled k8s-app: kubernetes-dashboard, as the STIG's check selects them, or labelled app.kubernetes.io/name or app.kubernetes.io/part-of: kubernetes-dashboard, as the dashboard's Helm chart labels them, or running one of its images (kubernetesui/dashboard, kubernetesui/dashboard-api, -auth, -web, kubernetesui/metrics-scraper).",
    rationale:
      'The dashboard exposes the cluster API through a web application. Deployed with a privileged service account, or reachable without authentication, it hands whoever reaches it the rights of that account; exposed dashboards have been the entry point of public cluster compromises. Command-line access through kubectl, authenticated per user, leaves no such standing front door.',
    remediation:
      'Remove the dashboard (kubectl delete the Deployment, Service, ServiceAccount and bindings it came with, or helm uninstall it) and give its users kubectl access with their own credentials. There is no quick fix: removing a deployment is not an edit of its manifest.',
    profiles: { 'stig-rke2': 'error', 'stig-kubernetes': 'error' },
    defaultSeverity: 'error',
    fixable: false,
    standards: [stigRef('V-242395')],
    messages: {
      dashboardLabel: `{{object}} runs the Kubernetes dashboard (its pods are labelled {{label}}: ${NAME}); ${WHY}.`,
      dashboardImage: `{{object}} runs the Kubernetes dashboard (image {{image}}); ${WHY}.`,
    },
  },
  checkPod(pod) {
    const labels = pod.metadata?.get('labels');
    for (const key of LABELS) {
      const v: YNode | undefined = labels?.get(key);
      if (v && v.str() === NAME) {
        pod.report({ node: v, messageId: 'dashboardLabel', data: { object: describeObject(pod.object), label: key }, fromPodLevel: true });
        return;
      }
    }
    for (const c of pod.containers) {
      const image = c.node.get('image');
      const s = image?.str();
      if (image && s && IMAGE.test(s)) {
        pod.report({ node: image, container: c, messageId: 'dashboardImage', data: { object: describeObject(pod.object), image: s } });
        return;
      }
    }
  },
});
