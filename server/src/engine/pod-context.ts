/**
 * What a rule sees of a pod spec (`PodContext`): the spec, its containers and security context,
 * whether template actions may add keys we cannot see, and where to point when something required
 * is missing.
 */
import type { ClusterView } from './cluster/context';
import type { PodContext } from './rule';
import type { ChunkSource } from './source';
import { isMap, type YAMLMap } from 'yaml';
import type { YNode } from './model';
import { containersOf, ContainerRef, K8sObject, podSpecOf, type PodSpecLocation } from './workloads';

/** The part of a pod context that is the same for every rule. */
type PodBase = Omit<PodContext, 'options' | 'report'>;

/**
 * The pod contexts of one document's objects. Performance: an object's pod spec, containers and
 * security context are found once and shared by every rule (each rule gets its own copy of the
 * context with its options and report), instead of being looked up again for each of the ~20
 * rules.
 */
export class PodContexts {
  private readonly bases = new Map<K8sObject, PodBase | null>();

  constructor(
    private readonly source: ChunkSource,
    private readonly version: number,
    private readonly filePath: string | undefined,
    private readonly cluster: ClusterView,
  ) {}

  private base(obj: K8sObject): PodBase | null {
    let base = this.bases.get(obj);
    if (base === undefined) {
      // not cached when it throws: every rule then fails on it alike, as without the cache
      base = podBase(obj, this.source, this.version, this.filePath, this.cluster) ?? null;
      this.bases.set(obj, base);
    }
    return base;
  }

  /** The pod spec (and pod metadata) of an object; undefined when it has none. */
  location(obj: K8sObject): PodSpecLocation | undefined {
    const b = this.base(obj);
    return b ? { spec: b.spec, metadata: b.metadata } : undefined;
  }

  /**
   * The pod context of an object for one rule; undefined when the object has no pod spec.
   * `version` is the policy version to judge at (a cluster policy's; default: the rule set's).
   */
  of(obj: K8sObject, options: Record<string, unknown>, report: PodContext['report'], version?: number): PodContext | undefined {
    const b = this.base(obj);
    if (!b) return undefined;
    // an object literal of fixed shape: much cheaper than spreading `base`, many times per document
    return {
      version: version ?? b.version,
      filePath: b.filePath,
      cluster: b.cluster,
      options,
      report,
      object: b.object,
      spec: b.spec,
      metadata: b.metadata,
      containers: b.containers,
      securityContext: b.securityContext,
      isWindows: b.isWindows,
      userNamespace: b.userNamespace,
      mayBeTemplated: b.mayBeTemplated,
      anchor: b.anchor,
    };
  }
}

function podBase(obj: K8sObject, source: ChunkSource, version: number, filePath: string | undefined, cluster: ClusterView): PodBase | undefined {
  const loc = podSpecOf(obj);
  if (!loc) return undefined;
  const spec = loc.spec;
  const containers = containersOf(spec);
  const sc = spec.get('securityContext');
  const { mask } = source;
  return {
    version,
    filePath,
    cluster,
    object: obj,
    spec,
    metadata: loc.metadata,
    containers,
    securityContext: sc && sc.isMap ? sc : undefined,
    isWindows: spec.at('os', 'name')?.str() === 'windows',
    userNamespace: spec.get('hostUsers')?.bool() === false,
    mayBeTemplated(container?: ContainerRef, path: string[] = ['securityContext']): boolean {
      if (!mask) return false;
      return mayGetKeysAt(container ? container.node : spec, path);
    },
    anchor(container?: ContainerRef) {
      if (container) {
        const sc2 = container.node.getRaw('securityContext');
        if (sc2 && !sc2.src.viaMerge) return { node: sc2, at: 'key' };
        const name = container.node.getRaw('name');
        // a templated name: underline the key, not template code (see `report`)
        if (name) return { node: name, at: name.templated ? 'key' : 'pair' };
        const first = container.node.entries()[0];
        return first ? { node: first[1], at: 'key' } : { node: container.node, at: 'pair' };
      }
      const psc = spec.getRaw('securityContext');
      if (psc && !psc.src.viaMerge) return { node: psc, at: 'key' };
      return { node: spec, at: 'key' };
    },
  };
}

/**
 * A template action may give this mapping keys we cannot see: the value is template output
 * (`securityContext: {{ toYaml .Values.sc | nindent 6 }}`, or an action on the lines below an
 * empty `securityContext:`), one of its keys is, or an output action on a line of its own puts
 * keys at its level (`{{- include "x" . | nindent 10 }}` among a container's keys). An action
 * nested under another of its keys (`resources:` followed by `{{- toYaml … }}`), control flow
 * (`{{- with … }}`, `{{- end }}`), a template value (`runAsUser: {{ .Values.uid }}`) and text in a
 * block scalar add no keys to it.
 */
export function mayGetKeys(n: YNode | undefined): boolean {
  if (!n) return false;
  const mask = n.model.mask;
  if (!mask) return false;
  const key = n.src.key?.range?.[0];
  if (key !== undefined && mask.valueOpenAt(key)) return true;
  if (!n.templated) {
    return (
      isMap(n.node) &&
      n.node.items.some((p) => {
        const r = (p.key as { range?: [number, number, number] } | null)?.range;
        return !!r && mask.keysOpenAt(r[0]);
      })
    );
  }
  if (!n.isMap) return true;
  const m = n.node as YAMLMap;
  return m.items.some((p) => {
    const r = (p.key as { range?: [number, number, number] } | null)?.range;
    return !!r && (mask.keysOpenAt(r[0]) || n.model.templatedIn(r[0], r[1]));
  });
}

/**
 * Template output may add keys to `node` or to a mapping on `path` below it, so a key missing
 * there may be written when the chart is rendered.
 */
function mayGetKeysAt(node: YNode, path: string[]): boolean {
  let cur: YNode | undefined = node;
  if (mayGetKeys(cur)) return true;
  for (const key of path) {
    cur = cur.getRaw(key);
    if (!cur) return false;
    if (mayGetKeys(cur)) return true;
  }
  return false;
}
