/**
 * Kustomize patches (issue 16, item 6), class by class. A file that a kustomization among the
 * analysed files lists as a patch is a partial object: what it leaves out keeps the value of the
 * object it patches (`kustomize build` merges it into its base), so podsec reports no missing
 * setting on it and fix-all adds nothing to it, while every value it sets is judged. A file no
 * kustomization lists is judged as the whole object it says it is.
 */
import * as assert from 'node:assert/strict';
import { ClusterContext, changedKeys, patchKey } from '../../../server/src/engine/cluster/context';
import { extractFacts } from '../../../server/src/engine/cluster/facts';
import { applyEdits, findingEdits, fixAll } from '../../../server/src/engine/fix/apply';
import { explainPods } from '../../../server/src/engine/policy';
import { analyzeText } from '../../../server/src/engine/pipeline';
import { resolveRuleSet, type EngineOptions } from '../../../server/src/engine/profiles';
import type { TextAnalysis } from '../../../server/src/engine/pipeline';
import { y } from '../rule-tester';

const OVERLAY = '/repo/overlays/prod';
const PATCH = `${OVERLAY}/patches/security.yaml`;

/** A Deployment patch for container `api` with these lines under the container (written at column 0). */
function deploymentPatch(container: string, pod = ''): string {
  return (
    y`
    apiVersion: apps/v1
    kind: Deployment
    metadata:
      name: api
    spec:
      template:
        spec:
          containers:
            - name: api
  ` +
    container.replace(/^(?=.)/gm, '          ') +
    pod.replace(/^(?=.)/gm, '      ')
  );
}

const kustomization = (body: string) => `apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources:\n  - ../../base\n${body}`;

/** The kustomization of the overlay, listing the patch under each field. */
const LISTED: Record<string, string> = {
  patches: kustomization('patches:\n  - path: patches/security.yaml\n    target:\n      kind: Deployment\n      name: api\n'),
  patchesStrategicMerge: kustomization('patchesStrategicMerge:\n  - patches/security.yaml\n'),
  patchesJson6902: kustomization('patchesJson6902:\n  - target: {group: apps, version: v1, kind: Deployment, name: api}\n    path: ./patches/security.yaml\n'),
};

/** A container patch that sets nothing about security: a whole object would draw every "missing" finding. */
const RESOURCES_ONLY = deploymentPatch('resources:\n  limits:\n    memory: 256Mi\n');

function cluster(files: Record<string, string>): ClusterContext {
  return new ClusterContext(Object.entries(files).map(([p, t]) => extractFacts(p, t)));
}

function analyse(text: string, files: Record<string, string>, opts: EngineOptions = {}, path = PATCH): TextAnalysis {
  return analyzeText(text, resolveRuleSet({ filePath: path, ...opts }), cluster({ ...files, [path]: text }));
}

/** `rule line` (1-based) of every finding. */
function found(text: string, files: Record<string, string>, opts: EngineOptions = {}, path = PATCH): string[] {
  return analyse(text, files, opts, path).findings.map((f) => `${f.ruleId} ${f.range.start.line + 1}`);
}

describe('Kustomize patches (issue 16, item 6)', () => {
  describe('a patch is recognised from the kustomization that lists it', () => {
    for (const [field, k] of Object.entries(LISTED)) {
      it(`listed under ${field}: no missing-setting finding, and a note names the listing`, () => {
        const res = analyse(RESOURCES_ONLY, { [`${OVERLAY}/kustomization.yaml`]: k });
        assert.deepEqual(res.findings, []);
        assert.equal(res.notes.length, 1);
        const line = k.split('\n').findIndex((l) => l.includes('patches/security.yaml')) + 1;
        assert.equal(res.notes[0].topic, 'kustomize');
        assert.match(res.notes[0].message, new RegExp(`^Judged as a Kustomize patch \\(listed under ${field} in \\.\\./kustomization\\.yaml:${line}\\)`));
        assert.deepEqual(res.notes[0].range.start, { line: 0, character: 0 }, 'the note covers the object');
      });
    }

    it('every name kustomize reads a kustomization from, and no other', () => {
      for (const name of ['kustomization.yml', 'Kustomization']) assert.deepEqual(found(RESOURCES_ONLY, { [`${OVERLAY}/${name}`]: LISTED.patches }), [], name);
      assert.equal(found(RESOURCES_ONLY, { [`${OVERLAY}/kustomize.yaml`]: LISTED.patches }).length, 4, 'kustomize never reads kustomize.yaml');
      // a kustomization file without apiVersion and kind (kustomize reads it all the same)
      const bare = 'resources: [../../base]\npatches:\n  - path: patches/security.yaml\n';
      assert.deepEqual(found(RESOURCES_ONLY, { [`${OVERLAY}/kustomization.yaml`]: bare }), []);
    });

    it('paths resolve against the kustomization folder, with ./, ../ and backslashes', () => {
      const up = kustomization('patches:\n  - path: ../prod/patches/security.yaml\n');
      assert.deepEqual(found(RESOURCES_ONLY, { [`${OVERLAY}/kustomization.yaml`]: up }), []);
      const win = 'C:\\repo\\overlays\\prod';
      const k = kustomization('patchesStrategicMerge:\n  - patches\\security.yaml\n');
      assert.deepEqual(found(RESOURCES_ONLY, { [`${win}\\kustomization.yaml`]: k }, {}, `${win}\\patches\\security.yaml`), []);
    });

    it('a kustomization that lists another file, or sits in another folder, makes nothing a patch', () => {
      const all = ['allow-privilege-escalation 9', 'run-as-non-root 9', 'seccomp-restricted 9', 'capabilities-restricted 9'];
      assert.deepEqual(found(RESOURCES_ONLY, {}), all, 'no kustomization: a whole Deployment');
      assert.deepEqual(found(RESOURCES_ONLY, { [`${OVERLAY}/kustomization.yaml`]: kustomization('patches:\n  - path: patches/other.yaml\n') }), all);
      assert.deepEqual(found(RESOURCES_ONLY, { '/repo/overlays/staging/kustomization.yaml': LISTED.patches }), all);
      // an inline patch that mentions the file's name is not a listing
      const inline = kustomization(`patchesStrategicMerge:\n  - |-\n    # patches/security.yaml\n    apiVersion: apps/v1\n    kind: Deployment\n`);
      assert.deepEqual(found(RESOURCES_ONLY, { [`${OVERLAY}/kustomization.yaml`]: inline }), all);
      assert.deepEqual(analyse(RESOURCES_ONLY, {}).notes, [], 'and says nothing about Kustomize');
    });

    it('every document of a patch file is a patch', () => {
      const two = `${RESOURCES_ONLY}---\n${RESOURCES_ONLY.replace('name: api\nspec', 'name: worker\nspec')}`;
      const res = analyse(two, { [`${OVERLAY}/kustomization.yaml`]: LISTED.patchesStrategicMerge });
      assert.deepEqual(res.findings, []);
      assert.deepEqual(
        res.notes.map((n) => n.document),
        [0, 1],
      );
    });
  });

  describe('what a patch leaves out is not judged', () => {
    const k = { [`${OVERLAY}/kustomization.yaml`]: LISTED.patches };

    it('no missing security context, seccomp profile, runAsNonRoot or capabilities drop, in any profile', () => {
      for (const profile of ['baseline', 'restricted', 'stig-rke2', 'stig-kubernetes'] as const) {
        assert.deepEqual(found(RESOURCES_ONLY, k, { profile }), [], profile);
        assert.deepEqual(found(deploymentPatch('securityContext: {}\n', 'securityContext: {}\n'), k, { profile }), [], `${profile}, empty blocks`);
      }
    });

    it('no missing namespace, even where the configuration asks for one', () => {
      const opts: EngineOptions = { profile: 'stig-rke2', ruleOptions: { 'default-namespace-workload': { flagMissingNamespace: true } } };
      assert.deepEqual(found(RESOURCES_ONLY, k, opts), []);
      assert.deepEqual(found(RESOURCES_ONLY, {}, opts).slice(0, 1), ['default-namespace-workload 3'], 'a whole object without a namespace is reported');
    });

    it('a capabilities block that sets add only keeps the drop list of the base', () => {
      assert.deepEqual(found(deploymentPatch('securityContext:\n  capabilities:\n    add: ["NET_BIND_SERVICE"]\n'), k), []);
    });
  });

  describe('the values a patch sets are judged', () => {
    const k = { [`${OVERLAY}/kustomization.yaml`]: LISTED.patchesStrategicMerge };
    const cases: { name: string; container?: string; pod?: string; profile?: 'baseline' | 'restricted'; want: string[] }[] = [
      { name: 'privileged: true', container: 'securityContext:\n  privileged: true\n', want: ['privileged 11'] },
      { name: 'allowPrivilegeEscalation: true', container: 'securityContext:\n  allowPrivilegeEscalation: true\n', want: ['allow-privilege-escalation 11'] },
      { name: 'runAsNonRoot: false', container: 'securityContext:\n  runAsNonRoot: false\n', want: ['run-as-non-root 11'] },
      { name: 'runAsUser: 0 at pod level', pod: 'securityContext:\n  runAsUser: 0\n', want: ['run-as-user 11'] },
      {
        name: 'a drop list without ALL (it replaces the base list)',
        container: 'securityContext:\n  capabilities:\n    drop: ["NET_RAW"]\n',
        want: ['capabilities-restricted 12'],
      },
      {
        name: 'an added capability',
        container: 'securityContext:\n  capabilities:\n    add: ["SYS_ADMIN"]\n',
        profile: 'baseline',
        want: ['capabilities-baseline 12'],
      },
      {
        name: 'seccomp Unconfined',
        container: 'securityContext:\n  seccompProfile:\n    type: Unconfined\n',
        profile: 'baseline',
        want: ['seccomp-baseline 12'],
      },
      { name: 'hostNetwork', pod: 'hostNetwork: true\n', profile: 'baseline', want: ['host-namespaces 10'] },
      {
        name: 'a hostPath volume',
        pod: 'volumes:\n  - name: host\n    hostPath:\n      path: /var/run\n',
        profile: 'baseline',
        want: ['host-path-volumes 12'],
      },
    ];
    for (const c of cases) {
      it(c.name, () => {
        assert.deepEqual(found(deploymentPatch(c.container ?? '', c.pod ?? ''), k, { profile: c.profile ?? 'restricted' }), c.want);
      });
    }
  });

  describe('fixes write nothing redundant into a patch', () => {
    const k = { [`${OVERLAY}/kustomization.yaml`]: LISTED.patches };
    const opts = resolveRuleSet({ filePath: PATCH });

    it('fix-all leaves a patch that sets nothing wrong as it is', () => {
      const res = fixAll(RESOURCES_ONLY, opts, undefined, cluster({ ...k, [PATCH]: RESOURCES_ONLY }));
      assert.equal(res.applied, 0);
      assert.equal(res.text, RESOURCES_ONLY);
    });

    it('fix-all repairs the values a patch sets and adds no block it leaves out', () => {
      const text = deploymentPatch('securityContext:\n  capabilities:\n    drop: ["NET_RAW"]\n');
      const res = fixAll(text, opts, undefined, cluster({ ...k, [PATCH]: text }));
      assert.equal(res.text, text.replace('drop: ["NET_RAW"]', 'drop: ["NET_RAW", "ALL"]'));
      // a whole object gets every missing block
      const whole = fixAll(text, opts).text;
      assert.match(whole, /allowPrivilegeEscalation: false/);
      assert.match(whole, /seccompProfile/);
    });

    it('each quick fix on a patch changes only the value it judges', () => {
      const text = deploymentPatch('securityContext:\n  privileged: true\n  allowPrivilegeEscalation: true\n');
      const res = analyse(text, k);
      assert.deepEqual(
        res.findings.map((f) => f.ruleId),
        ['privileged', 'allow-privilege-escalation'],
      );
      for (const f of res.findings) {
        const after = applyEdits(text, findingEdits(f));
        assert.equal(after.split('\n').length, text.split('\n').length, `${f.fix!.title}: no line added`);
      }
    });
  });

  describe('JSON 6902 patches and inline patches', () => {
    const OPS = y`
      - op: add
        path: /spec/template/spec/containers/0/securityContext
        value:
          privileged: true
      - op: replace
        path: /spec/replicas
        value: 3
    `;

    it('the value an operation sets is judged where it is written, without a fix; a note says how', () => {
      for (const field of ['patches', 'patchesJson6902']) {
        const res = analyse(OPS, { [`${OVERLAY}/kustomization.yaml`]: LISTED[field] });
        assert.deepEqual(
          res.findings.map((f) => [f.ruleId, OPS.slice(f.offset[0], f.offset[1]), f.range.start.line, f.range.start.character, !!f.fix]),
          [['privileged', 'privileged: true', 3, 4, false]],
          field,
        );
        assert.equal(res.notes.length, 1);
        assert.match(
          res.notes[0].message,
          /^Judged as a Kustomize JSON 6902 patch \(listed under .*\): the value each add or replace operation sets in a pod is judged/,
        );
      }
      assert.deepEqual(analyse(OPS, {}).findings, [], 'unlisted: no object, no finding');
    });

    it('operations, value by value: on one line, in flow style, in a block, at a list index or the end of a list', () => {
      const k = { [`${OVERLAY}/kustomization.yaml`]: LISTED.patchesJson6902 };
      const cases: { op: string; profile?: 'baseline' | 'restricted'; want: [string, string][] }[] = [
        { op: 'replace\n  path: /spec/template/spec/hostNetwork\n  value: true', profile: 'baseline', want: [['host-namespaces', 'true']] },
        { op: 'add\n  path: /spec/hostPID\n  value: "true"', profile: 'baseline', want: [] },
        { op: 'add\n  path: /spec/hostPID\n  value: true # a Pod', profile: 'baseline', want: [['host-namespaces', 'true']] },
        {
          op: 'add\n  path: /spec/template/spec/volumes/-\n  value: {name: logs, hostPath: {path: /var/log}}',
          profile: 'baseline',
          want: [['host-path-volumes', 'hostPath']],
        },
        {
          op: 'add\n  path: /spec/template/spec/containers/2/securityContext/capabilities/add\n  value:\n    - NET_ADMIN',
          profile: 'baseline',
          want: [['capabilities-baseline', 'NET_ADMIN']],
        },
        {
          op: 'add\n  path: /spec/jobTemplate/spec/template/spec/containers/-\n  value:\n    name: debug\n    securityContext:\n      runAsUser: 0',
          want: [['run-as-user', 'runAsUser: 0']],
        },
        { op: 'add\n  path: /spec/template/spec/containers/0/securityContext/allowPrivilegeEscalation\n  value: false', want: [] },
        // appended to the base's drop list, which may hold ALL: nothing to judge
        { op: 'add\n  path: /spec/template/spec/containers/0/securityContext/capabilities/drop/-\n  value: NET_RAW', want: [] },
        { op: 'remove\n  path: /spec/template/spec/securityContext', want: [] },
        { op: 'add\n  path: spec/hostNetwork\n  value: true', want: [] },
        { op: 'add\n  path: /metadata/labels/app\n  value: api', want: [] },
      ];
      for (const c of cases) {
        const text = `- op: ${c.op}\n`;
        const res = analyse(text, k, { profile: c.profile ?? 'restricted' });
        assert.deepEqual(res.ruleErrors, []);
        assert.deepEqual(
          res.findings.map((f) => [f.ruleId, text.slice(f.offset[0], f.offset[1])]),
          c.want,
          c.op,
        );
        assert.ok(
          res.findings.every((f) => !f.fix),
          'no quick fix',
        );
      }
    });

    it('a disable comment above the value covers its findings', () => {
      const text =
        '- op: add\n  path: /spec/containers/0/securityContext/privileged\n  # podsec-disable-next-line privileged -- debugging the overlay\n  value: true\n';
      const res = analyse(text, { [`${OVERLAY}/kustomization.yaml`]: LISTED.patches });
      assert.deepEqual(
        res.findings.map((f) => [f.ruleId, !!f.suppressed]),
        [['privileged', true]],
      );
    });

    it('a kustomization notes each inline patch as not judged, and draws no finding', () => {
      const text = kustomization(
        y`
        patches:
          - target: {kind: Deployment, name: api}
            patch: |-
              - op: add
                path: /spec/template/spec/hostNetwork
                value: true
        patchesStrategicMerge:
          - patches/security.yaml
          - |-
            apiVersion: apps/v1
            kind: Deployment
            metadata: {name: api}
      `,
      );
      const res = analyse(text, {}, { profile: 'stig-rke2' }, `${OVERLAY}/kustomization.yaml`);
      assert.deepEqual(res.findings, []);
      assert.deepEqual(
        res.notes.map((n) => [n.range.start.line + 1, n.topic, n.message.slice(0, 50)]),
        [
          [7, 'kustomize', 'podsec does not judge a patch written inline in a '],
          [13, 'kustomize', 'podsec does not judge a patch written inline in a '],
        ],
      );
    });
  });

  describe('the namespace and the editor', () => {
    it("the kustomization's namespace decides which namespace policy judges the patch", () => {
      const ns = 'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: shop-prod\n  labels:\n    pod-security.kubernetes.io/enforce: privileged\n';
      const text = deploymentPatch('securityContext:\n  privileged: true\n');
      const files = { [`${OVERLAY}/kustomization.yaml`]: `namespace: shop-prod\n${LISTED.patches}`, '/repo/namespaces.yaml': ns };
      const res = analyse(text, files, { profile: 'baseline' });
      assert.deepEqual(res.findings, [], 'the namespace allows privileged pods');
      assert.match(res.notes.map((n) => n.message).join('\n'), /judged in namespace "shop-prod"/);
      const explained = explainPods(text, resolveRuleSet({ filePath: PATCH, profile: 'baseline' }), cluster({ ...files, [PATCH]: text }));
      assert.equal(explained[0].judgement.kind, 'modes');
      assert.match(explained[0].patch!, /^Judged as a Kustomize patch \(listed under patches in \.\.\/kustomization\.yaml:7\)/);
    });

    it('a changed kustomization re-judges the files it lists and listed', () => {
      const path = `${OVERLAY}/kustomization.yaml`;
      const before = extractFacts(path, LISTED.patches);
      const after = extractFacts(path, kustomization('patches:\n  - path: patches/other.yaml\n'));
      const keys = changedKeys(before, after);
      assert.ok(keys.has(patchKey(PATCH)) && keys.has(patchKey(`${OVERLAY}/patches/other.yaml`)), [...keys].join(', '));
      assert.equal(changedKeys(before, extractFacts(path, LISTED.patches)).size, 0);
    });
  });
});
