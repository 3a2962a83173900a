/** Finding Kubernetes objects, their pod specs and their containers. */
import * as assert from 'node:assert/strict';
import { parseDocument } from 'yaml';
import { DocModel } from '../../../server/src/engine/model';
import { containersOf, isK8sObject, objectsOf, podSpecOf, WORKLOAD_KINDS } from '../../../server/src/engine/workloads';
import { y } from '../rule-tester';

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
      ['CronJob', `spec: {jobTemplate: {spec: {template: {metadata: {}, spec: ${spec}}}}}`, 'spec.jobTemplate.spec.template.spec', 'spec.jobTemplate.spec.template.metadata'],
      ['Rollout', `spec: {template: {metadata: {}, spec: ${spec}}}`, 'spec.template.spec', 'spec.template.metadata'],
      ['ScheduledThing', `spec: {jobTemplate: {spec: {template: {spec: ${spec}}}}}`, 'spec.jobTemplate.spec.template.spec', ''],
    ];
    for (const [kind, body, specPath, metaPath] of cases) {
      const text = `apiVersion: example/v1\nkind: ${kind}\nmetadata: {name: x}\n${body}\n`;
      assert.deepEqual(describeObjects(text), [[kind, 'x', specPath, metaPath || null]], kind);
    }
  });

  it('a known kind needs its pod spec to be a mapping; another kind needs a containers list', () => {
    assert.deepEqual(describeObjects('apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: x}\nspec: {template: {spec: []}}\n'), [['Deployment', 'x', null, null]]);
    assert.deepEqual(describeObjects('apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: x}\nspec: {template: {spec: {}}}\n'), [['Deployment', 'x', 'spec.template.spec', null]]);
    assert.deepEqual(describeObjects('apiVersion: x/v1\nkind: Widget\nmetadata: {name: x}\nspec: {template: {spec: {replicas: 1}}}\n'), [['Widget', 'x', null, null]]);
    assert.deepEqual(describeObjects('apiVersion: x/v1\nkind: Widget\nmetadata: {name: x}\nspec: {template: {spec: {containers: {}}}}\n'), [['Widget', 'x', null, null]]);
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
    assert.deepEqual(describeObjects(text), [['Pod', 'one', 'spec', 'metadata'], ['Service', 'svc-', null, null]]);
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
    assert.deepEqual(containersOf(spec).map((c) => [c.kind, c.index, c.name, c.label]), [
      ['initContainers', 0, 'init', "'init'"],
      ['containers', 0, 'web', "'web'"],
      ['containers', 1, null, 'containers[1]'],
      ['containers', 3, '8080', "'8080'"],
      ['ephemeralContainers', 0, 'debug', "'debug'"],
    ]);
  });
});
