/**
 * The API server's audit policy must be the STIG's. The two STIGs ask for different policies, and
 * the policy file's node decides which one applies:
 * - the RKE2 STIG (V-254555): exactly two rules, Metadata for secrets of the core group, then
 *   RequestResponse for every resource of the core group (first match wins, so secret payloads are
 *   never written to the log). It judges a policy that an RKE2 config among the files names
 *   (audit-policy-file, a kube-apiserver-arg entry, or the /etc/rancher/rke2/audit-policy.yaml of
 *   profile: cis), or that lies in an RKE2 node's folder tree;
 * - the Kubernetes STIG (V-242403, V-242461): one rule, RequestResponse for every request;
 * - any other policy: the profile's STIG (stig-kubernetes: the Kubernetes STIG; otherwise RKE2's).
 * Either way a policy may leave out the RequestReceived stage only: the others carry the result
 * of each request, which both STIGs require the records to contain.
 */
import { AUDIT_STAGES, auditRules, describeAuditRule, isAuditPolicy, sameAuditRule, type AuditRule } from '../components/audit-policy';
import { Rke2Node } from '../components/rke2';
import { baseOf, isUnder, joinPath, normalizePath } from '../cluster/paths';
import type { ClusterView } from '../cluster/context';
import type { YNode } from '../model';
import { defineRule, type FixSpec } from '../rule';
import { stigRef } from '../standards';
import type { FixValue, ProfileName } from '../types';

export const RULE_ID = 'audit-policy-rules';

type Expected = Pick<AuditRule, 'level' | 'resources' | 'selectors'>;

interface Reading {
  stig: string;
  rules: Expected[];
  /** the rules as a fix writes them */
  yaml: FixValue[];
}

const RKE2_READING: Reading = {
  stig: 'the RKE2 STIG (V-254555)',
  rules: [
    { level: 'Metadata', resources: [{ group: '', resources: ['secrets'] }], selectors: [] },
    { level: 'RequestResponse', resources: [{ group: '', resources: ['*'] }], selectors: [] },
  ],
  yaml: [
    { level: 'Metadata', resources: [{ group: '', resources: ['secrets'] }] },
    { level: 'RequestResponse', resources: [{ group: '', resources: ['*'] }] },
  ],
};

const K8S_READING: Reading = {
  stig: 'the Kubernetes STIG (V-242403)',
  rules: [{ level: 'RequestResponse', resources: undefined, selectors: [] }],
  yaml: [{ level: 'RequestResponse' }],
};

/** A node path (`/etc/rancher/rke2/audit-policy.yaml`) names this file, as cluster/context.ts resolves node paths. */
function names(file: string, nodePath: string, root: string): boolean {
  const f = normalizePath(file);
  const np = normalizePath(nodePath);
  if (f === joinPath(root, np.replace(/^\/+/, ''))) return true;
  if (f.endsWith(np.startsWith('/') ? np : `/${np}`)) return true;
  return isUnder(f, root) && baseOf(f) === baseOf(np);
}

/** Which STIG's policy judges this file. */
function readingFor(file: string | undefined, cluster: ClusterView, profile: ProfileName): Reading {
  if (file) {
    for (const { merged, root } of cluster.rke2Nodes()) {
      const policy = new Rke2Node(merged).auditPolicy();
      if (policy && names(file, policy.path, root)) return RKE2_READING;
    }
    if (cluster.rke2Nodes().some(({ root }) => root !== '/' && root !== '.' && isUnder(normalizePath(file), root))) return RKE2_READING;
  }
  return profile === 'stig-kubernetes' ? K8S_READING : RKE2_READING;
}

export default defineRule({
  meta: {
    id: RULE_ID,
    title: 'Audit policy rules',
    description:
      "Requires the API server's audit policy (kind: Policy, audit.k8s.io/v1) to be the STIG's. The RKE2 STIG (V-254555) asks for exactly two rules: level Metadata for secrets of the core group, then level RequestResponse for every resource of the core group. The Kubernetes STIG (V-242403) asks for one rule, level RequestResponse for every request. A policy that an RKE2 config among the files names (audit-policy-file, a kube-apiserver-arg entry, or /etc/rancher/rke2/audit-policy.yaml with profile: cis), or that lies in an RKE2 node's folder tree, is judged by the RKE2 STIG; any other by the profile's STIG (the Kubernetes STIG in stig-kubernetes, the RKE2 STIG otherwise). A rule that differs, a missing rule and a rule beyond the STIG's are reported at the rule (or at rules:). omitStages, for the policy or a rule, may leave out RequestReceived only.",
    rationale:
      "The audit log is the record of who did what to which object, and of the result. The STIGs fix the policy so that every request to core resources is recorded with its request and response bodies; the RKE2 STIG's first rule records secrets at Metadata only, so that secret values never reach the log. Leaving out the ResponseComplete stage drops each request's result from the record.",
    remediation:
      "Replace the policy's rules with the STIG's: on RKE2, the two rules of V-254555 (Metadata for secrets, then RequestResponse for the core group); on other clusters, the single RequestResponse rule of V-242403. Leave out omitStages other than RequestReceived. The quick fix writes the STIG's rules in place of the policy's; it is offered one at a time and never applied by fix-all, because it changes what is recorded (RequestResponse for every core resource is a large volume of log).",
    profiles: { 'stig-rke2': 'error', 'stig-kubernetes': 'error' },
    defaultSeverity: 'error',
    fixable: true,
    standards: [stigRef('V-254555'), stigRef('V-242403'), stigRef('V-242461')],
    messages: {
      ruleDiffers: 'Rule {{n}} of this audit policy records {{actual}}; {{stig}} requires rule {{n}} to record {{expected}}.',
      ruleMissing: 'This audit policy has {{count}}; {{stig}} requires {{expectedCount}}, rule {{n}} recording {{expected}}.',
      ruleExtra: 'Rule {{n}} of this audit policy ({{actual}}) is not in the policy {{stig}} requires, which has {{expectedCount}}.',
      stageOmitted:
        'This audit policy leaves out the {{stage}} stage{{where}}, so its records lose {{loss}}; the STIGs require each record to contain the result of the event.',
    },
  },
  checkObject(ctx) {
    const { object, report } = ctx;
    if (!isAuditPolicy(object)) return;
    const root = object.root;
    const reading = readingFor(ctx.filePath, ctx.cluster, ctx.profile);
    const rulesNode = root.getRaw('rules');
    const fix: FixSpec | undefined =
      rulesNode && !rulesNode.isNull
        ? { title: `Write the rules of ${reading.stig}`, preferred: false, ops: [{ op: 'replace', node: rulesNode, key: 'rules', value: reading.yaml }] }
        : { title: `Write the rules of ${reading.stig}`, preferred: false, ops: [{ op: 'ensure', node: root, keys: ['rules'], value: reading.yaml }] };
    const rules = auditRules(root);
    if (rules.some((r) => r.templated)) return;
    const count = (n: number) => `${n} rule${n === 1 ? '' : 's'}`;
    const expectedCount = count(reading.rules.length);
    reading.rules.forEach((want, i) => {
      const have = rules[i];
      if (!have) {
        report({
          node: rulesNode ?? root.get('kind')!,
          at: rulesNode ? 'key' : 'pair',
          messageId: 'ruleMissing',
          data: { count: count(rules.length), expectedCount, stig: reading.stig, n: i + 1, expected: describeAuditRule(want) },
          fix,
        });
        return;
      }
      if (sameAuditRule(have, want)) return;
      report({
        node: have.node.getRaw('level') ?? have.node,
        messageId: 'ruleDiffers',
        data: { n: i + 1, actual: describeAuditRule(have), stig: reading.stig, expected: describeAuditRule(want) },
        fix,
      });
    });
    for (let i = reading.rules.length; i < rules.length; i++) {
      report({
        node: rules[i].node.getRaw('level') ?? rules[i].node,
        messageId: 'ruleExtra',
        data: { n: i + 1, actual: describeAuditRule(rules[i]), stig: reading.stig, expectedCount },
        fix,
      });
    }
    const stages = (owner: YNode, where: string) => {
      const list = owner.get('omitStages');
      for (const item of list?.items() ?? []) {
        const stage = item.str() ?? '';
        if (stage === 'RequestReceived' || item.templated) continue;
        report({
          node: item,
          messageId: 'stageOmitted',
          data: { stage, where, loss: AUDIT_STAGES[stage] ?? 'events of a stage the API server does not know (it refuses the policy)' },
          fix: { title: `Remove ${stage} from omitStages`, preferred: false, ops: [{ op: 'remove', node: item }] },
        });
      }
    };
    stages(root, '');
    rules.forEach((r, i) => stages(r.node, ` in rule ${i + 1}`));
  },
});
