/**
 * Property: JSON 6902 patches (issue 16, item 6). For files of operations a kustomization lists as
 * a patch, with paths in and out of a pod, values on one line, in flow style, in blocks at any
 * indentation, with comments, anchors, aliases and multi-line scalars:
 * - analysis and fix-all return, and no rule throws;
 * - every finding lies inside the `value` of an operation (podsec places a finding only where the
 *   file sets what it judges), offers no quick fix, and fix-all leaves the file as it is;
 * - the same operation text, not listed by any kustomization, draws no finding.
 */
import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { parseAllDocuments, isMap, isSeq, type Node as YamlNode } from 'yaml';
import { ClusterContext } from '../../server/src/engine/cluster/context';
import { extractFacts } from '../../server/src/engine/cluster/facts';
import { fixAll } from '../../server/src/engine/fix/apply';
import { analyzeText } from '../../server/src/engine/pipeline';
import { resolveRuleSet, type EngineOptions } from '../../server/src/engine/profiles';
import { check, withinBound } from '../support/fc';

const FILE = '/repo/overlays/prod/patches/ops.yaml';
const KUSTOMIZATION = extractFacts('/repo/overlays/prod/kustomization.yaml', 'patchesJson6902:\n  - path: patches/ops.yaml\n');

const segment = fc.constantFrom(
  'spec',
  'template',
  'jobTemplate',
  'containers',
  'initContainers',
  'volumes',
  'securityContext',
  'capabilities',
  'add',
  'drop',
  'privileged',
  'hostNetwork',
  'hostPath',
  'runAsUser',
  '0',
  '1',
  '-',
  '200',
  'a~1b',
  '',
  'metadata',
  'annotations',
);

/** Values as people write them after `value:` (a leading newline: a block on the lines below). */
const value = fc.constantFrom(
  ' true',
  ' false',
  ' 0',
  ' "0"',
  ' [SYS_ADMIN, NET_RAW]',
  ' {privileged: true, runAsUser: 0}',
  ' {name: host, hostPath: {path: /}}',
  '\n    privileged: true\n    capabilities:\n      add: ["SYS_ADMIN"]',
  '\n  privileged: true  # at the key column',
  '\n      - name: debug\n        securityContext:\n          runAsUser: 0',
  '\n    - SYS_ADMIN\n    # a comment\n    - NET_ADMIN',
  ' &sc {privileged: true}',
  ' *sc',
  ' |\n    line one\n    line two',
  " 'multi\n  line'",
  '\n    {{ .Values.sc }}',
  ' null',
  '',
);

/** Paths into a pod as overlays write them, and paths of random segments. */
const podPath = fc
  .tuple(
    fc.constantFrom('/spec', '/spec/template/spec', '/spec/jobTemplate/spec/template/spec', '/spec/template', '/metadata'),
    fc.constantFrom(
      '/hostNetwork',
      '/hostPID',
      '/containers/0/securityContext',
      '/containers/1/securityContext/privileged',
      '/containers/0/securityContext/capabilities/add',
      '/containers/0/securityContext/capabilities/drop/-',
      '/containers/-',
      '/initContainers/0/securityContext/runAsUser',
      '/volumes/-',
      '/volumes/2',
      '/securityContext',
      '/securityContext/runAsUser',
      '/containers/200/securityContext',
      '',
    ),
  )
  .map(([a, b]) => a + b);

const op = fc.record({
  op: fc.constantFrom('add', 'replace', 'remove', 'test', 'copy'),
  path: fc.oneof(
    podPath,
    fc.array(segment, { minLength: 0, maxLength: 9 }).map((s) => `/${s.join('/')}`),
  ),
  value,
});

const opsFile = fc
  .array(op, { minLength: 1, maxLength: 5 })
  .map((ops) => ops.map((o) => `- op: ${o.op}\n  path: ${JSON.stringify(o.path)}\n  value:${o.value}\n`).join(''));

/** The [start, end) offsets of every operation's `value`, as the `yaml` package reads them. */
function valueSpans(text: string): [number, number][] {
  const out: [number, number][] = [];
  for (const doc of parseAllDocuments(text)) {
    const root = doc.contents as YamlNode | null;
    if (!isSeq(root)) continue;
    for (const item of root.items) {
      if (!isMap(item)) continue;
      for (const pair of item.items) {
        const v = pair.value as YamlNode | null;
        if ((pair.key as { value?: unknown } | null)?.value === 'value' && v?.range) out.push([v.range[0], v.range[1]]);
      }
    }
  }
  return out;
}

describe('property: JSON 6902 patches are judged only where they set a value', function () {
  this.timeout(0);

  it('findings lie in operation values, carry no fix, and need the listing', () => {
    const profiles = fc.constantFrom<EngineOptions['profile']>('baseline', 'restricted', 'stig-rke2');
    let placed = 0;
    const ran = check('json6902 operations', fc.tuple(opsFile, profiles), ([text, profile]) => {
      const cfg = resolveRuleSet({ filePath: FILE, profile });
      const cluster = new ClusterContext([KUSTOMIZATION, extractFacts(FILE, text)]);
      const res = withinBound(text.length, 'analyzeText', () => analyzeText(text, cfg, cluster));
      assert.deepEqual(res.ruleErrors, []);
      const spans = valueSpans(text);
      for (const f of res.findings) {
        if (f.ruleId === 'yaml-syntax' || f.ruleId === 'template-unchecked') continue;
        assert.ok(
          spans.some(([s, e]) => s <= f.offset[0] && f.offset[1] <= e),
          `${f.ruleId} at ${f.offset} (${JSON.stringify(text.slice(f.offset[0], f.offset[1]))}) lies in no value`,
        );
        assert.equal(f.fix, undefined, `${f.ruleId}: no quick fix on an operation`);
        placed++;
      }
      const fixed = withinBound(text.length, 'fixAll', () => fixAll(text, cfg, undefined, cluster));
      assert.equal(fixed.text, text);
      const alone = analyzeText(text, resolveRuleSet({ filePath: FILE, profile })).findings.filter((f) => f.ruleId !== 'yaml-syntax');
      assert.deepEqual(
        alone.map((f) => f.ruleId),
        [],
        'not listed: no finding',
      );
    });
    // (a replay of another property runs no case here)
    if (ran) assert.ok(placed > 0, 'the operations drew findings (the generator reaches pod values)');
  });
});
