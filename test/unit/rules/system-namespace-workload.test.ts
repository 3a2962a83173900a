import * as assert from 'node:assert/strict';
import { analyzeText } from '../../../server/src/engine/pipeline';
import { fixAll } from '../../../server/src/engine/fix/apply';
import { allowEntryMatches, platformComponent } from '../../../server/src/engine/rules/system-namespace-workload';
import { crlf, ruleTester, y } from '../rule-tester';
import { resolveRuleSet } from '../../../server/src/engine/profiles';

const RULE = 'system-namespace-workload';

/** A hardened Deployment (passes restricted) in a namespace, with template labels. */
function deployment(name: string, namespace: string, labels = `app: ${name}`): string {
  return y`
    apiVersion: apps/v1
    kind: Deployment
    metadata:
      name: ${name}
      namespace: ${namespace}
    spec:
      selector:
        matchLabels: {app: ${name}}
      template:
        metadata:
          labels: {${labels}}
        spec:
          securityContext:
            runAsNonRoot: true
            seccompProfile: {type: RuntimeDefault}
          containers:
            - name: main
              image: registry.example.com/${name}:1.0
              securityContext:
                allowPrivilegeEscalation: false
                capabilities: {drop: [ALL]}
  `;
}

/** A static pod of the control plane, as kubeadm and RKE2 write them. */
function staticPod(component: string): string {
  return y`
    apiVersion: v1
    kind: Pod
    metadata:
      name: ${component}-node-1
      namespace: kube-system
      labels:
        component: ${component}
        tier: control-plane
    spec:
      hostNetwork: true
      containers:
        - name: ${component}
          image: registry.example.com/${component}:v1.31.4
  `;
}

/** How the message speaks of each system namespace. */
const WHAT: Record<string, string> = {
  'kube-system': 'a namespace reserved for platform components',
  'kube-public': 'a namespace that holds no workloads',
  'kube-node-lease': 'a namespace that holds no workloads',
};
/** The finding for `object` (`Deployment 'x'`) in a system namespace, at its value, with the move fix. */
const userIn = (object: string, namespace: string, at = namespace) => ({
  messageId: 'userWorkload',
  data: { object, namespace, what: WHAT[namespace] },
  at,
  fix: { title: `Move ${object} to its own namespace (type its name)`, preferred: false },
});
const BILLING = "Deployment 'billing-api'";

ruleTester(RULE, {
  valid: [
    { name: 'CoreDNS (k8s-app: kube-dns)', code: deployment('coredns', 'kube-system', 'k8s-app: kube-dns') },
    { name: 'metrics-server (k8s-app)', code: deployment('metrics-server', 'kube-system', 'k8s-app: metrics-server') },
    { name: 'Calico node agent (k8s-app)', code: deployment('calico-node', 'kube-system', 'k8s-app: calico-node') },
    { name: 'etcd static pod (component)', code: staticPod('etcd') },
    { name: 'kube-apiserver static pod', code: staticPod('kube-apiserver') },
    { name: 'kube-controller-manager static pod', code: staticPod('kube-controller-manager') },
    { name: 'kube-scheduler static pod', code: staticPod('kube-scheduler') },
    { name: 'RKE2 CoreDNS chart, by name', code: deployment('rke2-coredns-rke2-coredns', 'kube-system', 'app.kubernetes.io/name: other') },
    {
      name: 'RKE2 ingress controller, by instance label',
      code: deployment('ingress-controller', 'kube-system', 'app.kubernetes.io/instance: rke2-ingress-nginx'),
    },
    { name: 'RKE2 metrics server, by helm.sh/chart', code: deployment('metrics', 'kube-system', 'helm.sh/chart: rke2-metrics-server-3.12.002') },
    { name: 'RKE2 canal DaemonSet, by name', code: deployment('rke2-canal', 'kube-system') },
    {
      name: 'Helm controller install job',
      code: y`
        apiVersion: batch/v1
        kind: Job
        metadata:
          name: helm-install-rke2-cilium
          namespace: kube-system
        spec:
          template:
            spec:
              restartPolicy: OnFailure
              containers:
                - name: helm
                  image: rancher/klipper-helm:v0.9.3
      `,
    },
    { name: 'user app in its own namespace', code: deployment('billing-api', 'billing') },
    {
      name: 'no namespace: not this rule',
      code: y`
        apiVersion: v1
        kind: Pod
        metadata: {name: web}
        spec:
          containers: [{name: web, image: registry.example.com/web:1}]
      `,
    },
    {
      name: 'namespace from a template',
      code: y`
        apiVersion: v1
        kind: Pod
        metadata:
          name: web
          namespace: {{ .Release.Namespace }}
        spec:
          containers: [{name: web, image: registry.example.com/web:1}]
      `,
    },
    {
      name: 'a Service in kube-system is not a workload',
      noPodSpec: true,
      code: y`
        apiVersion: v1
        kind: Service
        metadata: {name: billing, namespace: kube-system}
        spec:
          ports: [{port: 80}]
      `,
    },
    {
      name: 'allow-list: name pattern',
      code: deployment('vsphere-csi-controller', 'kube-system'),
      options: { ruleOptions: { [RULE]: { allow: ['vsphere-csi-*'] } } },
    },
    {
      name: 'allow-list: label in kube-node-lease',
      code: deployment('lease-monitor', 'kube-node-lease', 'app.kubernetes.io/part-of: node-health'),
      options: { ruleOptions: { [RULE]: { allow: ['app.kubernetes.io/part-of=node-*'] } } },
    },
    {
      name: 'allow-list: exact name in kube-public',
      code: deployment('cluster-info-publisher', 'kube-public'),
      options: { ruleOptions: { [RULE]: { allow: ['cluster-info-publisher'] } } },
    },
  ],
  invalid: [
    {
      name: 'user app in kube-system (warning in restricted)',
      code: deployment('billing-api', 'kube-system'),
      errors: [{ ...userIn(BILLING, 'kube-system'), severity: 'warning', path: 'metadata.namespace' }],
      output: { 4: '  namespace: billing-api' },
    },
    {
      name: 'user app in kube-system (warning in baseline)',
      profile: 'baseline',
      code: deployment('billing-api', 'kube-system'),
      errors: [{ ...userIn(BILLING, 'kube-system'), severity: 'warning' }],
      output: { 4: '  namespace: billing-api' },
    },
    {
      name: 'user app in kube-system (error in the STIG profiles)',
      profiles: ['stig-rke2', 'stig-kubernetes'],
      code: deployment('billing-api', 'kube-system'),
      errors: [{ ...userIn(BILLING, 'kube-system'), severity: 'error' }],
      output: { 4: '  namespace: billing-api' },
    },
    {
      name: 'user app in kube-public',
      code: deployment('billing-api', 'kube-public'),
      errors: [userIn(BILLING, 'kube-public')],
      output: { 4: '  namespace: billing-api' },
    },
    {
      name: 'user app in kube-node-lease',
      code: deployment('billing-api', 'kube-node-lease'),
      errors: [userIn(BILLING, 'kube-node-lease')],
      output: { 4: '  namespace: billing-api' },
    },
    {
      name: 'a platform component outside kube-system is not exempt',
      code: deployment('coredns', 'kube-public', 'k8s-app: kube-dns'),
      errors: [userIn("Deployment 'coredns'", 'kube-public')],
      output: { 4: '  namespace: coredns' },
    },
    {
      name: 'a control-plane static pod in kube-node-lease is not exempt',
      code: staticPod('kube-scheduler').replace('namespace: kube-system', 'namespace: kube-node-lease'),
      errors: [userIn("Pod 'kube-scheduler-node-1'", 'kube-node-lease')],
      output: { 4: '  namespace: app-namespace' },
    },
    {
      name: 'the dashboard is not a platform component',
      code: deployment('kubernetes-dashboard', 'kube-system', 'k8s-app: kubernetes-dashboard'),
      errors: [userIn("Deployment 'kubernetes-dashboard'", 'kube-system')],
      output: { 4: '  namespace: kubernetes-dashboard' },
    },
    {
      name: 'an rke2- prefix alone does not make a chart',
      code: deployment('rke2-billing', 'kube-system'),
      errors: [userIn("Deployment 'rke2-billing'", 'kube-system')],
      output: { 4: '  namespace: rke2-billing' },
    },
    {
      name: 'allow-list that does not match',
      code: deployment('billing-api', 'kube-system'),
      options: { ruleOptions: { [RULE]: { allow: ['vsphere-csi-*', 'app=billing', 42] } } },
      errors: [userIn(BILLING, 'kube-system')],
      output: { 4: '  namespace: billing-api' },
    },
    {
      name: 'quoted namespace, a name that is no namespace name, CRLF',
      code: crlf(y`
        apiVersion: batch/v1
        kind: CronJob
        metadata:
          name: report.v2
          namespace: "kube-system"   # TODO move
        spec:
          schedule: "0 1 * * *"
          jobTemplate:
            spec:
              template:
                spec:
                  restartPolicy: OnFailure
                  containers: [{name: report, image: registry.example.com/report:2}]
      `),
      profile: 'baseline',
      errors: [userIn("CronJob 'report.v2'", 'kube-system', '"kube-system"')],
      output: { 4: '  namespace: "app-namespace"   # TODO move' },
    },
    {
      name: 'items of a List, second document',
      profile: 'baseline',
      code: y`
        apiVersion: v1
        kind: Namespace
        metadata: {name: billing}
        ---
        apiVersion: v1
        kind: List
        items:
          - apiVersion: v1
            kind: Pod
            metadata: {name: debug, namespace: kube-system}
            spec:
              containers: [{name: sh, image: registry.example.com/busybox:1}]
      `,
      errors: [userIn("Pod 'debug'", 'kube-system')],
      output: { 9: '    metadata: {name: debug, namespace: debug}' },
    },
  ],
});

describe('system-namespace-workload: the namespace placeholder', () => {
  const code = deployment('billing-api', "'kube-system'");

  it('selects the suggested name inside the quotes after the fix', () => {
    const f = analyzeText(code, resolveRuleSet({ profile: 'stig-rke2' })).findings.find((x) => x.ruleId === RULE)!;
    assert.ok(f.fix, 'the finding has a code action');
    assert.deepEqual(
      f.fix.edits.map((e) => e.newText),
      ["'billing-api'"],
    );
    assert.deepEqual(f.fix.placeholder, { edit: 0, start: 1, end: 12 });
    const e = f.fix.edits[f.fix.placeholder!.edit];
    assert.equal(e.newText.slice(f.fix.placeholder!.start, f.fix.placeholder!.end), 'billing-api');
  });

  it('keeps the placeholder in later documents (positions relative to the edit)', () => {
    const text = `${deployment('shop', 'shop')}---\n${code}`;
    const f = analyzeText(text, resolveRuleSet({ profile: 'stig-rke2' })).findings.find((x) => x.ruleId === RULE)!;
    assert.equal(f.document, 1);
    assert.deepEqual(f.fix!.placeholder, { edit: 0, start: 1, end: 12 });
    assert.equal(text.slice(f.fix!.edits[0].offset[0], f.fix!.edits[0].offset[1]), "'kube-system'");
  });

  it('is never applied by fix-all', () => {
    const res = fixAll(code, resolveRuleSet({ profile: 'stig-rke2' }));
    assert.equal(res.text, code);
    assert.equal(res.applied, 0);
  });
});

describe('system-namespace-workload: recognising platform components', () => {
  const labels = (o: Record<string, string>) => new Map(Object.entries(o));

  it('knows components by label, chart and Helm job name', () => {
    assert.equal(platformComponent('whatever', labels({ 'k8s-app': 'kube-proxy' })), 'k8s-app: kube-proxy');
    assert.equal(platformComponent('etcd-cp-1', labels({ component: 'etcd', tier: 'control-plane' })), 'component: etcd');
    assert.equal(platformComponent('rke2-ingress-nginx-controller', labels({})), 'part of rke2-ingress-nginx');
    assert.equal(platformComponent('x', labels({ release: 'rke2-cilium' })), 'release: rke2-cilium');
    assert.equal(platformComponent('helm-delete-rke2-traefik', labels({})), 'Helm controller job');
    assert.equal(platformComponent('billing', labels({ tier: 'control-plane' })), undefined);
    assert.equal(platformComponent('billing', labels({ 'helm.sh/chart': 'rke2-coredns-fork' })), undefined);
    assert.equal(platformComponent(null, labels({})), undefined);
  });

  it('matches allow entries by name glob or label', () => {
    assert.equal(allowEntryMatches('csi-*', 'csi-node', labels({})), true);
    assert.equal(allowEntryMatches('csi-*', 'my-csi-node', labels({})), false);
    assert.equal(allowEntryMatches('team=platform', 'x', labels({ team: 'platform' })), true);
    assert.equal(allowEntryMatches('team=platform', 'x', labels({ team: 'platforms' })), false);
    assert.equal(allowEntryMatches('a.b=*', 'x', labels({ 'a.b': '' })), true);
    assert.equal(allowEntryMatches('csi.node', 'csi-node', labels({})), false, 'a dot is literal');
    assert.equal(allowEntryMatches('*-csi-*-node', 'vsphere-csi-x-node', labels({})), true);
    assert.equal(allowEntryMatches('*', 'anything', labels({})), true);
    assert.equal(allowEntryMatches('a*a*a*a*a*a*a*a*a*a*b', 'a'.repeat(253), labels({})), false, 'many stars on a long name stay fast');
  });
});
