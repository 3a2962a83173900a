/**
 * What a rule module is and what it sees. A rule is metadata plus one or more checks:
 * - `checkPod` runs once for every pod spec (Pod, workload templates, CRD templates);
 * - `checkObject` runs once for every Kubernetes object;
 * - `checkDocument` runs once for every YAML document, Kubernetes object or not (config files).
 * Checks report through `report` with the id of one of the rule's `meta.messages` and the data
 * for its `{{name}}` placeholders, optionally with a fix described as YAML-aware operations.
 */
import type { NewValue } from './fix/edits';
import type { ClusterView } from './cluster/context';
import type { DocModel, YNode } from './model';
import type { ScalarValue } from './scalars';
import type { ProfileName, RuleMeta } from './types';
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

/** Values for the `{{name}}` placeholders of a message. */
export type MessageData = Record<string, string | number>;

/** One of the rule's messages (`meta.messages[messageId]`) and the values it is filled with. */
export interface MessageRef<M extends string = string> {
  messageId: M;
  data?: MessageData;
}

export interface ReportSpec<M extends string = string> extends MessageRef<M> {
  /** the offending node */
  node: YNode;
  /** which part to underline: the whole `key: value` (default), the key, or the value */
  at?: 'pair' | 'key' | 'value';
  container?: ContainerRef | null;
  /** the offending value is set (or missing) at the pod level */
  fromPodLevel?: boolean;
  /** further places that explain the finding, each with a message of the rule */
  related?: ({ node: YNode } & MessageRef<M>)[];
  fix?: FixSpec;
  /**
   * The finding is about a setting the document leaves out (a missing security context, flag or
   * namespace), not about a value it writes. Not reported on a Kustomize patch: what a patch
   * leaves out keeps the value of the object it patches.
   */
  missing?: boolean;
  /**
   * For a restricted rule that replaces a baseline rule: this violation also breaks that baseline
   * check, so it is at least as severe as the baseline rule.
   */
  breaksBaseline?: boolean;
}

export type Report<M extends string = string> = (spec: ReportSpec<M>) => void;

export interface CheckContext<M extends string = string> {
  /** policy minor version (v1.N → N) */
  version: number;
  /** options for this rule from the configuration */
  options: Record<string, unknown>;
  /** the file's path, when known */
  filePath: string | undefined;
  /**
   * What the other files analysed together say about the cluster (namespaces, admission
   * configuration, the merged RKE2 config of a node). Every read is a dependency of the analysis.
   */
  cluster: ClusterView;
  report: Report<M>;
}

export interface PodContext<M extends string = string> extends CheckContext<M> {
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
   * Template output may add keys to this container (or, without a container, to the pod spec)
   * or to a mapping on `path` below it (default: its `securityContext`), so "required value
   * missing" cannot be judged there.
   */
  mayBeTemplated(container?: ContainerRef, path?: string[]): boolean;
  /** Where to point when something required is missing in a container (or at the pod level). */
  anchor(container?: ContainerRef): { node: YNode; at: 'pair' | 'key' };
}

export interface ObjectContext<M extends string = string> extends CheckContext<M> {
  /** the profile the rules run in (a check that must choose between the two STIGs' readings asks it) */
  profile: ProfileName;
  object: K8sObject;
  /** the pod spec of the object, when it has one */
  pod: PodContext<M> | undefined;
}

export interface DocumentContext<M extends string = string> extends CheckContext<M> {
  /** the profile the rules run in */
  profile: ProfileName;
  model: DocModel;
  root: YNode | undefined;
  /** Kubernetes objects found in the document */
  objects: K8sObject[];
  /** the first comment lines of the document (for markers such as `# podsec: rke2-config`) */
  leadingComments: string[];
}

/**
 * A rule: metadata and checks. `M` is the ids of its messages, so a check can only report a
 * message the rule declares.
 */
export interface Rule<M extends string = string> {
  meta: RuleMeta & { messages?: Record<M, string> };
  checkPod?(ctx: PodContext<M>): void;
  checkObject?(ctx: ObjectContext<M>): void;
  checkDocument?(ctx: DocumentContext<M>): void;
}

/** Identity helper that gives rule modules their type (and checks their message ids). */
export function defineRule<M extends string = never>(rule: Rule<M>): Rule {
  return rule;
}

/**
 * A core check: reported by the engine itself (its wording lives there), with no check of its
 * own. `yaml-syntax`, `unused-suppression` and `suppression-reason` are such rules.
 */
export function isCoreCheck(rule: Rule): boolean {
  return !rule.checkPod && !rule.checkObject && !rule.checkDocument;
}

const PLACEHOLDER = /\{\{\s*([A-Za-z_]\w*)\s*\}\}/g;

/** Templates cut at their placeholders: text, name, text, name, ..., text. */
const compiled = new Map<string, string[]>();

function partsOf(template: string): string[] {
  let parts = compiled.get(template);
  if (!parts) {
    // Performance: a finding-heavy file words hundreds of thousands of messages from a few dozen templates
    parts = template.split(PLACEHOLDER);
    if (compiled.size < 4096) compiled.set(template, parts);
  }
  return parts;
}

/** A message template with its `{{name}}` placeholders filled in from `data`. */
export function formatMessage(template: string, data?: MessageData): string {
  const parts = partsOf(template);
  let out = parts[0];
  for (let i = 1; i < parts.length; i += 2) {
    const name = parts[i];
    const value = data && Object.hasOwn(data, name) ? data[name] : undefined;
    if (value === undefined) throw new Error(`message ${JSON.stringify(template)} needs a value for {{${name}}}`);
    out += String(value) + parts[i + 1];
  }
  return out;
}

/** The text of one of a rule's messages (of a finding or a related location). */
export function messageText(meta: RuleMeta, ref: MessageRef): string {
  const messages = meta.messages;
  if (!messages || !Object.hasOwn(messages, ref.messageId)) throw new Error(`rule ${meta.id} has no message '${ref.messageId}'`);
  return formatMessage(messages[ref.messageId], ref.data);
}
