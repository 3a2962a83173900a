/**
 * The API server's audit policy (`kind: Policy`, `audit.k8s.io/v1`): its rules, read as the API
 * server reads them (the first rule that matches a request decides its level), and the stages it
 * leaves out. Reference: https://kubernetes.io/docs/tasks/debug/debug-cluster/audit/
 */
import type { YNode } from '../model';
import type { K8sObject } from '../workloads';

export function isAuditPolicy(obj: K8sObject): boolean {
  return obj.resource.kind === 'Policy' && obj.resource.apiVersion === 'audit.k8s.io/v1';
}

/** The request selectors of a rule, besides `resources`. */
const SELECTORS = ['users', 'userGroups', 'verbs', 'namespaces', 'nonResourceURLs'] as const;

/** One rule of a policy, in a form that compares. */
export interface AuditRule {
  node: YNode;
  level: string | undefined;
  /** `resources` as group -> resource names, in order; undefined when the rule names none (every resource) */
  resources: { group: string; resources: string[] | undefined }[] | undefined;
  /** selectors other than resources the rule sets */
  selectors: string[];
  /** a value is written by a template action: unknown */
  templated: boolean;
}

function strings(n: YNode | undefined): string[] | undefined {
  if (!n) return undefined;
  return n.items().map((i) => i.str() ?? '');
}

export function readAuditRule(node: YNode): AuditRule {
  const level = node.get('level');
  const res = node.get('resources');
  return {
    node,
    level: level?.str(),
    resources: res?.items().map((r) => ({ group: r.get('group')?.str() ?? '', resources: strings(r.get('resources')) })),
    selectors: SELECTORS.filter((k) => node.get(k) !== undefined),
    templated: level?.templated ?? false,
  };
}

/** The policy's rules (an empty list when it has none). */
export function auditRules(root: YNode): AuditRule[] {
  return (root.get('rules')?.items() ?? []).map(readAuditRule);
}

/** What a rule records, in words: `Metadata for secrets in the core group`. */
export function describeAuditRule(r: Pick<AuditRule, 'level' | 'resources' | 'selectors'>): string {
  const level = r.level ?? 'no level';
  if (r.selectors.length) return `${level} for requests selected by ${r.selectors.join(', ')}`;
  if (!r.resources) return `${level} for every request`;
  const parts = r.resources.map((g) => {
    const group = g.group === '' ? 'the core group' : `group ${g.group}`;
    if (!g.resources || g.resources.includes('*')) return `every resource of ${group}`;
    return `${g.resources.join(', ')} in ${group}`;
  });
  return `${level} for ${parts.join('; ') || 'no resource'}`;
}

/** Two rules record the same requests at the same level. */
export function sameAuditRule(a: Pick<AuditRule, 'level' | 'resources' | 'selectors'>, b: Pick<AuditRule, 'level' | 'resources' | 'selectors'>): boolean {
  return describeAuditRule(a) === describeAuditRule(b);
}

/** The stages an event can be recorded at, and what a record loses when one is left out. */
export const AUDIT_STAGES: Record<string, string> = {
  RequestReceived: '',
  ResponseStarted: 'the start of long-running responses (watch, exec)',
  ResponseComplete: 'the result of each request',
  Panic: 'requests that failed with a panic',
};
