/**
 * Finding Kubernetes objects and the pod specs inside them, and visiting their containers.
 */
import { YNode } from './model';
import type { DocModel } from './model';
import type { ContainerKind, ResourceRef } from './types';

export interface K8sObject {
  root: YNode;
  resource: ResourceRef;
}

/** Kinds whose pod template sits at a fixed place. */
const POD_SPEC_PATHS: Record<string, { spec: string[]; metadata: string[] }> = {
  Pod: { spec: ['spec'], metadata: ['metadata'] },
  PodTemplate: { spec: ['template', 'spec'], metadata: ['template', 'metadata'] },
  ReplicationController: { spec: ['spec', 'template', 'spec'], metadata: ['spec', 'template', 'metadata'] },
  ReplicaSet: { spec: ['spec', 'template', 'spec'], metadata: ['spec', 'template', 'metadata'] },
  Deployment: { spec: ['spec', 'template', 'spec'], metadata: ['spec', 'template', 'metadata'] },
  StatefulSet: { spec: ['spec', 'template', 'spec'], metadata: ['spec', 'template', 'metadata'] },
  DaemonSet: { spec: ['spec', 'template', 'spec'], metadata: ['spec', 'template', 'metadata'] },
  Job: { spec: ['spec', 'template', 'spec'], metadata: ['spec', 'template', 'metadata'] },
  CronJob: { spec: ['spec', 'jobTemplate', 'spec', 'template', 'spec'], metadata: ['spec', 'jobTemplate', 'spec', 'template', 'metadata'] },
};

/** Where other kinds (CRDs such as Argo Rollouts or OpenKruise CloneSets) keep a pod template. */
const GENERIC_TEMPLATE_PATHS = [
  { spec: ['spec', 'template', 'spec'], metadata: ['spec', 'template', 'metadata'] },
  { spec: ['spec', 'jobTemplate', 'spec', 'template', 'spec'], metadata: ['spec', 'jobTemplate', 'spec', 'template', 'metadata'] },
];

export const WORKLOAD_KINDS = Object.keys(POD_SPEC_PATHS);

function strOf(n: YNode | undefined): string | null {
  const s = n?.templated ? asWritten(n) : n?.str();
  return s === undefined ? null : s;
}

/** A value produced by a template action, shown as the template code rather than its mask. */
function asWritten(n: YNode): string {
  const [s, e] = n.valueSpan();
  return n.model.text.slice(s, e);
}

/** A Kubernetes object has a string `apiVersion` and `kind`. */
export function isK8sObject(root: YNode | undefined): boolean {
  if (!root || !root.isMap) return false;
  const api = root.get('apiVersion');
  const kind = root.get('kind');
  return !!api && !!kind && typeof api.value() === 'string' && typeof kind.value() === 'string';
}

export function resourceOf(root: YNode): ResourceRef {
  const meta = root.get('metadata');
  return {
    apiVersion: strOf(root.get('apiVersion')),
    kind: strOf(root.get('kind')),
    namespace: strOf(meta?.get('namespace')),
    name: strOf(meta?.get('name')) ?? strOf(meta?.get('generateName')),
  };
}

/** The objects of a document: the document itself, or the items of a `List`. */
export function objectsOf(model: DocModel): K8sObject[] {
  const root = model.root();
  if (!isK8sObject(root)) return [];
  const kind = root!.get('kind')!.str()!;
  const items = root!.get('items');
  if ((kind === 'List' || kind.endsWith('List')) && items && items.isSeq) {
    const out: K8sObject[] = [];
    items.items().forEach((item) => {
      // paths of an item's findings are relative to the item, the object they belong to
      if (isK8sObject(item)) out.push({ root: new YNode(item.model, item.node, '', item.src), resource: resourceOf(item) });
    });
    return out;
  }
  return [{ root: root!, resource: resourceOf(root!) }];
}

export interface PodSpecLocation {
  spec: YNode;
  /** pod (template) metadata, where AppArmor and seccomp annotations live */
  metadata: YNode | undefined;
}

/** The pod spec of an object, if it has one. */
export function podSpecOf(obj: K8sObject): PodSpecLocation | undefined {
  const kind = obj.resource.kind ?? '';
  const known = POD_SPEC_PATHS[kind];
  if (known) {
    const spec = obj.root.at(...known.spec);
    if (!spec || !spec.isMap) return undefined;
    return { spec, metadata: obj.root.at(...known.metadata) };
  }
  for (const p of GENERIC_TEMPLATE_PATHS) {
    const spec = obj.root.at(...p.spec);
    if (spec && spec.isMap && spec.get('containers')?.isSeq) return { spec, metadata: obj.root.at(...p.metadata) };
  }
  return undefined;
}

export interface ContainerRef {
  node: YNode;
  /** the container's name, or null when it has none */
  name: string | null;
  kind: ContainerKind;
  index: number;
  /** how messages name it: `'web'`, or `containers[0]` when unnamed */
  label: string;
}

const CONTAINER_KINDS: ContainerKind[] = ['initContainers', 'containers', 'ephemeralContainers'];

/** Every container of a pod spec, in the order Pod Security Admission visits them. */
export function containersOf(spec: YNode): ContainerRef[] {
  const out: ContainerRef[] = [];
  for (const kind of CONTAINER_KINDS) {
    const list = spec.get(kind);
    if (!list) continue;
    list.items().forEach((node, index) => {
      if (!node.isMap) return;
      const name = strOf(node.get('name'));
      out.push({ node, name, kind, index, label: name !== null ? `'${name}'` : `${kind}[${index}]` });
    });
  }
  return out;
}
