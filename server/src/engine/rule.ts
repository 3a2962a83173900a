/**
 * What a rule module is and what it sees. A rule is metadata plus one or more checks:
 * - `checkPod` runs once for every pod spec (Pod, workload templates, CRD templates);
 * - `checkObject` runs once for every Kubernetes object;
 * - `checkDocument` runs once for every YAML document, Kubernetes object or not (config files).
 * Checks report through `report`, optionally with a fix described as YAML-aware operations.
 */
import type { NewValue } from './fix/edits';
import type { DocModel, YNode } from './model';
import type { ScalarValue } from './scalars';
import type { RuleMeta } from './types';
import type { ContainerRef, K8sObject } from './workloads';

export type FixOp =
  /** replace a scalar (or alias, or empty) value */
  | { op: 'set'; node: YNode; value: ScalarValue }
  /** remove a mapping pair or a sequence item */
  | { op: 'remove'; node: YNode }
  /** make a key path below a mapping hold a value, creating mappings on the way */
  | { op: 'ensure'; node: YNode; keys: string[]; value: NewValue }
  /** append an item to a sequence */
  | { op: 'append'; node: YNode; value: ScalarValue }
  /** replace a whole pair with another key and value */
  | { op: 'replace'; node: YNode; key: string; value: NewValue };

export interface FixSpec {
  title: string;
  /** safe hardening that fix-all may apply; false for fixes that change what the workload can do */
  preferred: boolean;
  ops: FixOp[];
  /**
   * The fix writes a value the user has to choose (a namespace, say): the first string an op
   * writes is a suggestion that editors select for typing over (a snippet placeholder). Such a
   * fix is never applied by fix-all or `--fix`.
   */
  placeholder?: boolean;
}

export interface ReportSpec {
  /** the offending node */
  node: YNode;
  /** which part to underline: the whole `key: value` (default), the key, or the value */
  at?: 'pair' | 'key' | 'value';
  message: string;
  container?: ContainerRef | null;
  /** the offending value is set (or missing) at the pod level */
  fromPodLevel?: boolean;
  related?: { node: YNode; message: string }[];
  fix?: FixSpec;
  /**
   * For a restricted rule that replaces a baseline rule: this violation also breaks that baseline
   * check, so it is at least as severe as the baseline rule.
   */
  breaksBaseline?: boolean;
}

export type Report = (spec: ReportSpec) => void;

export interface CheckContext {
  /** policy minor version (v1.N → N) */
  version: number;
  /** options for this rule from the configuration */
  options: Record<string, unknown>;
  /** the file's path, when known */
  filePath: string | undefined;
  report: Report;
}

export interface PodContext extends CheckContext {
  object: K8sObject;
  spec: YNode;
  /** pod (template) metadata */
  metadata: YNode | undefined;
  containers: ContainerRef[];
  /** `spec.securityContext` when set */
  securityContext: YNode | undefined;
  /** `spec.os.name: windows` */
  isWindows: boolean;
  /** `spec.hostUsers: false` */
  userNamespace: boolean;
  /**
   * A template action may produce keys of this container (or, without a container, of the pod
   * level), so "required value missing" cannot be judged.
   */
  mayBeTemplated(container?: ContainerRef): boolean;
  /** Where to point when something required is missing in a container (or at the pod level). */
  anchor(container?: ContainerRef): { node: YNode; at: 'pair' | 'key' };
}

export interface ObjectContext extends CheckContext {
  object: K8sObject;
  /** the pod spec of the object, when it has one */
  pod: PodContext | undefined;
}

export interface DocumentContext extends CheckContext {
  model: DocModel;
  root: YNode | undefined;
  /** Kubernetes objects found in the document */
  objects: K8sObject[];
  /** the first comment lines of the document (for markers such as `# podsec: rke2-config`) */
  leadingComments: string[];
}

export interface Rule {
  meta: RuleMeta;
  checkPod?(ctx: PodContext): void;
  checkObject?(ctx: ObjectContext): void;
  checkDocument?(ctx: DocumentContext): void;
}

/** Identity helper that gives rule modules their type. */
export function defineRule(rule: Rule): Rule {
  return rule;
}
