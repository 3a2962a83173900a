/**
 * The cluster context as an input of the chunk pipeline: facts read while analysing and placed in
 * the file, dependency keys recorded per chunk, and re-analysis of exactly the chunks whose inputs
 * changed (what an editor relies on to re-judge open files when a Namespace changes).
 */
import * as assert from 'node:assert/strict';
import { ClusterContext, nsKey } from '../../../server/src/engine/cluster/context';
import { extractFacts } from '../../../server/src/engine/cluster/facts';
import { PlacedChunks, analyzeText } from '../../../server/src/engine/pipeline';
import { resolveRuleSet, type RuleSet } from '../../../server/src/engine/profiles';
import { defineRule } from '../../../server/src/engine/rule';
import { ALL_RULES } from '../../../server/src/engine/rules';

/** A test rule that reports, on every pod, the enforce label of its namespace as the files say it. */
const reportsLabel = defineRule({
  meta: {
    id: 'test-ns-label',
    title: 'test',
    description: 'test only',
    rationale: 'test only',
    remediation: 'test only',
    profiles: { restricted: 'info' },
    defaultSeverity: 'info',
    fixable: false,
    standards: [],
    messages: { label: 'namespace {{ns}} enforces {{level}}' },
  },
  checkPod(pod) {
    const ns = pod.object.resource.namespace ?? '';
    const declared = pod.cluster.namespace(ns);
    const level = declared?.fact.labels.enforce?.value ?? 'nothing';
    pod.report({ node: pod.object.root.get('kind')!, messageId: 'label', data: { ns, level } });
  },
});

function withRule(filePath = '/repo/app.yaml'): RuleSet {
  const cfg = resolveRuleSet({ profile: 'restricted', filePath });
  const active = { rule: reportsLabel, severity: 'info' as const };
  // the test rule alone: the Pod Security rules a namespace's policy would run are off
  const off = Object.fromEntries(ALL_RULES.map((r) => [r.meta.id, 'off' as const]));
  return { ...cfg, run: [active], enabled: new Map([['test-ns-label', active]]), explicit: off };
}

const pod = (name: string, ns: string) =>
  `apiVersion: v1\nkind: Pod\nmetadata:\n  name: ${name}\n  namespace: ${ns}\nspec:\n  containers: [{name: c, image: x}]\n`;
const namespace = (name: string, level: string) =>
  `apiVersion: v1\nkind: Namespace\nmetadata:\n  name: ${name}\n  labels:\n    pod-security.kubernetes.io/enforce: ${level}\n`;

const messages = (text: string, cfg: RuleSet, cluster?: ClusterContext) => analyzeText(text, cfg, cluster).findings.map((f) => f.message);

describe('cluster context in the chunk pipeline', () => {
  it('a file alone: a Namespace in the same file counts, in any document', () => {
    const text = `${pod('a', 'pay')}---\n${namespace('pay', 'restricted')}`;
    assert.deepEqual(messages(text, withRule()), ['namespace pay enforces restricted']);
  });

  it('a Namespace in another file counts when the files are analysed together', () => {
    const other = extractFacts('/repo/ns.yaml', namespace('pay', 'baseline'));
    assert.deepEqual(messages(pod('a', 'pay'), withRule(), new ClusterContext([other])), ['namespace pay enforces baseline']);
    assert.deepEqual(messages(pod('a', 'pay'), withRule()), ['namespace pay enforces nothing']);
  });

  it('facts read while analysing are placed in the file (CRLF, BOM, later documents)', () => {
    const text = '\ufeff' + `${pod('a', 'x')}---\n${namespace('pay', 'restricted')}`.replace(/\n/g, '\r\n');
    const chunks = new PlacedChunks(text, withRule());
    chunks.analyze();
    const label = chunks.facts().namespaces[0].labels.enforce!;
    assert.equal(text.slice(label.loc.offset[0], label.loc.offset[1]), 'pod-security.kubernetes.io/enforce: restricted');
    assert.deepEqual(label.loc.range.start, { line: 13, character: 4 });
    assert.deepEqual(chunks.facts(), extractFacts('/repo/app.yaml', text), 'the fact pass finds the same facts at the same places');
  });

  it('a changed context re-analyses exactly the chunks that read a changed key', () => {
    const text = `${pod('a', 'pay')}---\n${pod('b', 'shop')}---\n${pod('c', 'pay')}`;
    const chunks = new PlacedChunks(text, withRule(), { cluster: new ClusterContext([]) });
    chunks.analyze();
    const before = chunks.placed().map((p) => p.result);
    chunks.setCluster(new ClusterContext([extractFacts('/r/ns.yaml', namespace('pay', 'restricted'))]), new Set([nsKey('pay')]));
    assert.deepEqual(
      chunks.placed().map((p) => p.result === before[1]),
      [true],
      'only the shop chunk keeps its result',
    );
    chunks.analyze();
    assert.deepEqual(
      chunks.findings().map((f) => f.message),
      ['namespace pay enforces restricted', 'namespace shop enforces nothing', 'namespace pay enforces restricted'],
    );
  });

  it("an editor's own-facts mode: editing a Namespace re-judges the pods of that namespace in the same file", () => {
    const text = `${pod('a', 'pay')}---\n${namespace('pay', 'baseline')}`;
    const chunks = new PlacedChunks(text, withRule(), { live: true, ownCluster: true });
    chunks.analyze();
    assert.deepEqual(
      chunks.findings().map((f) => f.message),
      ['namespace pay enforces baseline'],
    );
    const at = text.lastIndexOf('baseline');
    chunks.replace(at, at + 'baseline'.length, 'restricted');
    chunks.analyze();
    assert.deepEqual(
      chunks.findings().map((f) => f.message),
      ['namespace pay enforces restricted'],
    );
  });
});
