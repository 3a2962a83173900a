/** Finding Kubernetes objects, their pod specs and their containers. */
import * as assert from 'node:assert/strict';
import { parseDocument } from 'yaml';
import { analyzeText } from '../../../server/src/engine/pipeline';
import { applyEdits, findingEdits } from '../../../server/src/engine/fix/apply';
import { DocModel } from '../../../server/src/engine/model';
import { resolveRuleSet, type EngineOptions } from '../../../server/src/engine/profiles';
import { ALL_RULES } from '../../../server/src/engine/rules';
import { LineIndex } from '../../../server/src/engine/text';
import type { Finding } from '../../../server/src/engine/types';
import { containersOf, isK8sObject, objectsOf, podSpecOf, WORKLOAD_KINDS } from '../../../server/src/engine/workloads';
import { assertCleanAfterFix, crlf, y } from '../rule-tester';

function model(text: string): DocModel {
  return new DocModel(parseDocument(text), text, undefined);
}

/** For each object: kind, name, the path of its pod spec (or null) and its pod metadata path. */
function describeObjects(text: string) {
  return objectsOf(model(text)).map((o) => {
    const pod = podSpecOf(o);
    return [o.resource.kind, o.resource.name, pod ? pod.spec.path : null, pod?.metadata ? pod.metadata.path : null];
  });
}

describe('workloads', () => {
  it('knows the kinds Pod Security Admission evaluates', () => {
    assert.deepEqual(WORKLOAD_KINDS, ['Pod', 'PodTemplate', 'ReplicationController', 'ReplicaSet', 'Deployment', 'StatefulSet', 'DaemonSet', 'Job', 'CronJob']);
  });

  it('a Kubernetes object needs a string apiVersion and kind', () => {
    const root = (t: string) => model(t).root();
    assert.equal(isK8sObject(root('apiVersion: v1\nkind: Pod\n')), true);
    assert.equal(isK8sObject(root('kind: Pod\n')), false);
    assert.equal(isK8sObject(root('apiVersion: v1\nkind: [Pod]\n')), false);
    assert.equal(isK8sObject(root('apiVersion: 1\nkind: Pod\n')), false);
    assert.equal(isK8sObject(root('- apiVersion: v1\n  kind: Pod\n')), false);
    assert.deepEqual(describeObjects('steps:\n- run: make\n'), []);
  });

  it('pod specs of every workload kind, with their pod metadata', () => {
    const spec = '{containers: [{name: a, image: b}]}';
    const cases: [string, string, string, string][] = [
      ['Pod', `spec: ${spec}`, 'spec', 'metadata'],
      ['PodTemplate', `template: {metadata: {}, spec: ${spec}}`, 'template.spec', 'template.metadata'],
      ['Deployment', `spec: {template: {metadata: {}, spec: ${spec}}}`, 'spec.template.spec', 'spec.template.metadata'],
      ['Job', `spec: {template: {metadata: {}, spec: ${spec}}}`, 'spec.template.spec', 'spec.template.metadata'],
      [
        'CronJob',
        `spec: {jobTemplate: {spec: {template: {metadata: {}, spec: ${spec}}}}}`,
        'spec.jobTemplate.spec.template.spec',
        'spec.jobTemplate.spec.template.metadata',
      ],
      ['Rollout', `spec: {template: {metadata: {}, spec: ${spec}}}`, 'spec.template.spec', 'spec.template.metadata'],
      ['ScheduledThing', `spec: {jobTemplate: {spec: {template: {spec: ${spec}}}}}`, 'spec.jobTemplate.spec.template.spec', ''],
    ];
    for (const [kind, body, specPath, metaPath] of cases) {
      const text = `apiVersion: example/v1\nkind: ${kind}\nmetadata: {name: x}\n${body}\n`;
      assert.deepEqual(describeObjects(text), [[kind, 'x', specPath, metaPath || null]], kind);
    }
  });

  it('a known kind needs its pod spec to be a mapping; another kind needs a containers list', () => {
    assert.deepEqual(describeObjects('apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: x}\nspec: {template: {spec: []}}\n'), [
      ['Deployment', 'x', null, null],
    ]);
    assert.deepEqual(describeObjects('apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: x}\nspec: {template: {spec: {}}}\n'), [
      ['Deployment', 'x', 'spec.template.spec', null],
    ]);
    assert.deepEqual(describeObjects('apiVersion: x/v1\nkind: Widget\nmetadata: {name: x}\nspec: {template: {spec: {replicas: 1}}}\n'), [
      ['Widget', 'x', null, null],
    ]);
    assert.deepEqual(describeObjects('apiVersion: x/v1\nkind: Widget\nmetadata: {name: x}\nspec: {template: {spec: {containers: {}}}}\n'), [
      ['Widget', 'x', null, null],
    ]);
  });

  it('List items (any kind ending in List) are objects, with paths relative to the item', () => {
    const text = y`
      apiVersion: v1
      kind: PodList
      items:
      - apiVersion: v1
        kind: Pod
        metadata: {name: one, namespace: a}
        spec: {containers: []}
      - not: an object
      - apiVersion: v1
        kind: Service
        metadata: {generateName: svc-}
    `;
    assert.deepEqual(describeObjects(text), [
      ['Pod', 'one', 'spec', 'metadata'],
      ['Service', 'svc-', null, null],
    ]);
    assert.deepEqual(objectsOf(model(text))[0].resource, { apiVersion: 'v1', kind: 'Pod', namespace: 'a', name: 'one' });
  });

  it('a List without items is an object of its own', () => {
    assert.deepEqual(describeObjects('apiVersion: v1\nkind: List\nmetadata: {name: l}\n'), [['List', 'l', null, null]]);
  });

  it('containers: init, regular, ephemeral in that order; unnamed ones by position; non-mappings skipped', () => {
    const text = y`
      spec:
        ephemeralContainers:
        - {name: debug}
        containers:
        - {name: web}
        - image: nginx
        - just a string
        - {name: 8080}
        initContainers:
        - {name: init}
    `;
    const spec = model(text).root()!.get('spec')!;
    assert.deepEqual(
      containersOf(spec).map((c) => [c.kind, c.index, c.name, c.label]),
      [
        ['initContainers', 0, 'init', "'init'"],
        ['containers', 0, 'web', "'web'"],
        ['containers', 1, null, 'containers[1]'],
        ['containers', 3, '8080', "'8080'"],
        ['ephemeralContainers', 0, 'debug', "'debug'"],
      ],
    );
  });
});

/**
 * Every rule sees every pod-spec kind. One pod spec breaks every rule that checks pods (and the
 * objects that carry them); it is placed in every kind that carries a pod spec, CRDs with a pod
 * template, a later document of a file, flow style and CRLF line breaks. Each placement must draw
 * the findings the bare Pod draws, on the same text, with fixes that leave the text clean.
 */
describe('every rule sees every pod-spec kind', () => {
  const POD_METADATA = y`
    annotations:
      container.apparmor.security.beta.kubernetes.io/app: unconfined
    labels:
      k8s-app: kubernetes-dashboard
  `;
  const POD_SPEC = y`
    hostNetwork: true
    hostPID: true
    securityContext:
      runAsUser: 0
      seccompProfile: {type: Unconfined}
      seLinuxOptions: {type: spc_t}
      sysctls:
      - {name: kernel.msgmax, value: "65536"}
      windowsOptions: {hostProcess: true}
    volumes:
    - name: logs
      hostPath: {path: /var/log}
    - name: share
      nfs: {server: nfs.example.com, path: /exports}
    containers:
    - name: app
      image: nginx
      ports:
      - {containerPort: 80, hostPort: 8080}
      - {containerPort: 443, hostPort: 443}
      env:
      - name: TOKEN
        valueFrom: {secretKeyRef: {name: api, key: token}}
      livenessProbe:
        httpGet: {host: 169.254.169.254, port: 80}
      securityContext:
        privileged: true
        allowPrivilegeEscalation: true
        runAsNonRoot: false
        procMount: Unmasked
        capabilities: {add: [SYS_ADMIN]}
        appArmorProfile: {type: Unconfined}
    - name: node
      image: registry.example.com/kubelet:1.31
      command: [kubelet, --v=2, --hostname-override=node-1, --pod-manifest-path=/etc/kubernetes/manifests]
    - name: apiserver
      image: registry.k8s.io/kube-apiserver:v1.31.0
      command: [kube-apiserver, --anonymous-auth=true, --token-auth-file=/etc/tokens.csv, --basic-auth-file=/etc/users.csv,
        --disable-admission-plugins=ValidatingAdmissionWebhook, --feature-gates=AllAlpha=true]
    - name: controller-manager
      image: registry.k8s.io/kube-controller-manager:v1.31.0
      command: [kube-controller-manager, --bind-address=0.0.0.0]
    - name: scheduler
      image: registry.k8s.io/kube-scheduler:v1.31.0
      command: [kube-scheduler]
    - name: etcd
      image: registry.k8s.io/etcd:3.5.15-0
      command: [etcd, --auto-tls=true]
  `;
  const indent = (text: string, n: number) => text.replace(/^(?=.)/gm, ' '.repeat(n));

  /** kind, apiVersion, the lines above the pod template, and where the pod template is */
  const KINDS: [string, string, string, string][] = [
    ['PodTemplate', 'v1', 'template:\n', 'template.'],
    ['ReplicationController', 'v1', 'spec:\n  template:\n', 'spec.template.'],
    ['ReplicaSet', 'apps/v1', 'spec:\n  template:\n', 'spec.template.'],
    ['Deployment', 'apps/v1', 'spec:\n  template:\n', 'spec.template.'],
    ['StatefulSet', 'apps/v1', 'spec:\n  serviceName: web\n  template:\n', 'spec.template.'],
    ['DaemonSet', 'apps/v1', 'spec:\n  template:\n', 'spec.template.'],
    ['Job', 'batch/v1', 'spec:\n  template:\n', 'spec.template.'],
    ['CronJob', 'batch/v1', 'spec:\n  schedule: "@daily"\n  jobTemplate:\n    spec:\n      template:\n', 'spec.jobTemplate.spec.template.'],
    ['Rollout', 'argoproj.io/v1alpha1', 'spec:\n  template:\n', 'spec.template.'],
    ['CloneSet', 'apps.kruise.io/v1alpha1', 'spec:\n  template:\n', 'spec.template.'],
  ];

  const head = (apiVersion: string, kind: string, namespace: string) =>
    `apiVersion: ${apiVersion}\nkind: ${kind}\nmetadata:\n  name: web\n  namespace: ${namespace}\n`;
  const pod = (namespace: string) => `${head('v1', 'Pod', namespace)}${indent(POD_METADATA, 2)}spec:\n${indent(POD_SPEC, 2)}`;
  function placed(kind: string, apiVersion: string, above: string, namespace: string): string {
    const depth = /( *)\S[^\n]*\n$/.exec(above)![1].length + 2;
    return `${head(apiVersion, kind, namespace)}${above}${indent(`metadata:\n${indent(POD_METADATA, 2)}spec:\n${indent(POD_SPEC, 2)}`, depth)}`;
  }

  /** The baseline rules, the restricted and STIG rules, and the rule for kube-system. */
  const SETTINGS: [EngineOptions, string][] = [
    [{ profile: 'baseline' }, 'default'],
    [{ profile: 'stig-rke2' }, 'default'],
    [{ profile: 'stig-rke2' }, 'kube-system'],
  ];

  const findings = (text: string, opts: EngineOptions) => {
    const res = analyzeText(text, resolveRuleSet(opts));
    assert.deepEqual(res.ruleErrors, []);
    return res;
  };
  const squash = (s: string) => s.replace(/\s+/g, ' ').trim();
  /** Rules that judge pods outside the system namespaces only (the STIG exempts those). */
  const USER_NAMESPACE_RULES = ['privileged-host-ports'];

  /** What a finding says and where, with paths from the pod template and the object's kind as a Pod. */
  function facts(f: Finding, text: string, kind: string, template: string, fixText: boolean) {
    const asPod = (s: string) => s.split(`${kind} 'web'`).join("Pod 'web'");
    const path = f.path.startsWith(`${template}spec`) || f.path.startsWith(`${template}metadata`) ? f.path.slice(template.length) : f.path;
    const fix = f.fix && {
      title: asPod(f.fix.title),
      preferred: f.fix.preferred,
      edits: fixText ? f.fix.edits.map((e) => [squash(text.slice(e.offset[0], e.offset[1])), squash(e.newText)]) : f.fix.edits.length,
    };
    return {
      ruleId: f.ruleId,
      severity: f.severity,
      message: asPod(f.message),
      container: f.container,
      fromPodLevel: f.fromPodLevel,
      path,
      covers: squash(text.slice(f.offset[0], f.offset[1])),
      fix,
    };
  }

  /** Ranges agree with offsets, and every fix, applied alone, leaves the text clean. */
  function assertSound(text: string, opts: EngineOptions, label: string) {
    const before = findings(text, opts);
    const lines = new LineIndex(text);
    for (const f of before.findings) {
      assert.deepEqual([lines.offset(f.range.start), lines.offset(f.range.end)], f.offset, `${label}: ${f.ruleId} range and offsets`);
      if (!f.fix) continue;
      const after = findings(applyEdits(text, findingEdits(f)), opts);
      // moving a workload out of a system namespace brings the findings of rules that judge user namespaces only, as it should
      const kept = f.ruleId === 'system-namespace-workload' ? after.findings.filter((x) => !USER_NAMESPACE_RULES.includes(x.ruleId)) : after.findings;
      assertCleanAfterFix(before.findings, [f], kept, before.documents, after.documents, `${label}: ${f.ruleId} "${f.fix.title}"`);
    }
  }

  /** Rules whose object checks read objects that carry no pod, and where they are tested. */
  const NOT_ABOUT_PODS: Record<string, string> = {
    'pod-security-labels': 'Namespace labels and admission configurations: test/unit/rules/pod-security-labels.test.ts',
    'admission-configuration-choice': 'admission configurations: test/unit/rules/admission-configuration-choice.test.ts',
    'audit-policy-rules': 'audit Policy objects (audit.k8s.io/v1): test/unit/rules/audit-policy-rules.test.ts',
  };

  it('the pod spec breaks every rule that checks pods or the objects that carry them', () => {
    const seen = new Set(SETTINGS.flatMap(([opts, ns]) => findings(pod(ns), opts).findings.map((f) => f.ruleId)));
    const checked = ALL_RULES.filter((r) => (r.checkPod || r.checkObject) && !Object.hasOwn(NOT_ABOUT_PODS, r.meta.id)).map((r) => r.meta.id);
    for (const id of Object.keys(NOT_ABOUT_PODS)) assert.ok(!ALL_RULES.find((r) => r.meta.id === id)?.checkPod, `${id} checks pods: it must not be exempt`);
    assert.deepEqual(
      checked.filter((id) => !seen.has(id)),
      [],
    );
  });

  for (const [kind, apiVersion, above, template] of KINDS) {
    it(`${kind}: the findings of a bare Pod, on the same text, with fixes that leave it clean`, () => {
      for (const [opts, ns] of SETTINGS) {
        const text = placed(kind, apiVersion, above, ns);
        const label = `${kind} (${opts.profile}, ${ns})`;
        const want = findings(pod(ns), opts).findings.map((f) => facts(f, pod(ns), 'Pod', '', true));
        assert.deepEqual(
          findings(text, opts).findings.map((f) => facts(f, text, kind, template, true)),
          want,
          label,
        );
        assertSound(text, opts, label);
      }
    });
  }

  it('a later document of a file, after comments and a document end marker: the same findings, shifted', () => {
    const before = y`
      # first: clean
      apiVersion: v1
      kind: Pod
      metadata:
        name: one
      spec:
        containers:
        - name: app
          image: nginx
      ---
      apiVersion: v1
      kind: ConfigMap
      metadata:
        name: settings
      data:
        privileged: "true"
      ...
      --- # third
    `;
    const shift = new LineIndex(before).lineCount - 1;
    for (const [opts, ns] of SETTINGS) {
      const base = findings(pod(ns), opts).findings;
      const text = before + pod(ns);
      const got = findings(text, opts).findings.filter((f) => f.document === 2);
      assert.equal(
        findings(text, opts).findings.length,
        got.length + findings(before, opts).findings.length,
        'the other documents draw their own findings only',
      );
      assert.deepEqual(
        got.map((f) => [f.ruleId, f.message, f.offset, f.range.start, f.range.end, f.fix && applyEdits(text, findingEdits(f))]),
        base.map((f) => [
          f.ruleId,
          f.message,
          [f.offset[0] + before.length, f.offset[1] + before.length],
          { ...f.range.start, line: f.range.start.line + shift },
          { ...f.range.end, line: f.range.end.line + shift },
          f.fix && before + applyEdits(pod(ns), findingEdits(f)),
        ]),
        `${opts.profile}, ${ns}`,
      );
    }
  });

  it('a whole pod in flow style on one line: the same findings, with fixes that leave it clean', () => {
    for (const [opts, ns] of SETTINGS) {
      const text = `${parseDocument(pod(ns)).toString({ collectionStyle: 'flow', lineWidth: 0 })}`;
      assert.equal(new LineIndex(text.trimEnd()).lineCount, 1, 'one line');
      const want = findings(pod(ns), opts).findings.map((f) => facts(f, pod(ns), 'Pod', '', false));
      assert.deepEqual(
        findings(text, opts).findings.map((f) => facts(f, text, 'Pod', '', false)),
        want,
        `${opts.profile}, ${ns}`,
      );
      assertSound(text, opts, `flow (${opts.profile}, ${ns})`);
    }
  });

  it('CRLF line breaks: the same ranges, and fixes that give the same text with CRLF', () => {
    for (const [opts, ns] of SETTINGS) {
      const base = findings(pod(ns), opts).findings;
      const text = crlf(pod(ns));
      assert.deepEqual(
        findings(text, opts).findings.map((f) => [f.ruleId, f.message, f.range, f.fix && applyEdits(text, findingEdits(f))]),
        base.map((f) => [f.ruleId, f.message, f.range, f.fix && crlf(applyEdits(pod(ns), findingEdits(f)))]),
        `${opts.profile}, ${ns}`,
      );
      assertSound(text, opts, `CRLF (${opts.profile}, ${ns})`);
    }
  });
});
