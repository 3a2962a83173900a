/**
 * Property: podsec reads a Helm chart template as `helm template` renders it.
 *
 * For chart-style templates of every workload kind (test/support/helm.ts: template output at a
 * mapping's level, under a key, as a whole securityContext, `{{- if }}` around keys, `{{- with }}`
 * blocks, template comments that mention actions, scripts with template code in block scalars,
 * templated images and names), rendered by a model of `helm template` that puts a marker where
 * each action's output lands:
 * - the template draws no `yaml-syntax` and no `template-unchecked` finding (no false alarm);
 * - podsec reports on the template exactly what it reports on the rendering, except the
 *   "missing setting" findings of a container or pod whose mapping (or securityContext) receives
 *   template output, which the template may settle: nothing written in the template is dropped,
 *   and a missing setting is reported unless template output can land where it belongs;
 * - every quick fix, and fix-all, keeps each action's output where it was: the rendering after
 *   the fix parses, every marker sits at the same key path, and the rendered data changes exactly
 *   as the fix declares (the fix-safety property, for templates).
 */
import { madeStale } from '../support/stale-suppression';
import * as assert from 'node:assert/strict';
import { isDeepStrictEqual } from 'node:util';
import fc from 'fast-check';
import { analyzeText } from '../../server/src/engine/pipeline';
import { applyEdits, findingEdits, fixAll, isAutoFixable } from '../../server/src/engine/fix/apply';
import { resolveRuleSet, RULES_BY_ID } from '../../server/src/engine/profiles';
import type { Finding } from '../../server/src/engine/types';
import { check } from '../support/fc';
import { chartTemplate, markerPaths, renderErrors, renderTemplate } from '../support/helm';
import { dataAfter, dataDiff, normalizeEmpty, parseForChanges, parsePath, readDocs, showDiff, type Segment } from '../support/oracle';
import type { Data } from '../support/yaml-writer';
import { engineOptions } from '../support/workloads';

const CHART_PATH = '/repo/charts/web/templates/workload.yaml';

/** What identifies a finding in a template and in its rendering (markers and actions read alike). */
function findingKey(f: Finding, withPath = true): string {
  const msg = f.message.replace(/__tpl\d+/g, 'T').replace(/\{\{.*?\}\}/g, 'T');
  return [f.ruleId, f.document, withPath ? f.path : '', f.containerKind ?? '', f.container ?? '', msg, f.suppressed ? 'suppressed' : ''].join('|');
}

/** The same across an edit (a finding on a missing setting moves to the block a fix adds). */
const fixKey = (f: Finding) => findingKey(f, false);

/** A rule's message as a pattern (its placeholders match anything). */
function messagePattern(ruleId: string, messageId: string): RegExp {
  const template = RULES_BY_ID.get(ruleId)!.meta.messages![messageId];
  const parts = template.split(/\{\{\w+\}\}/).map((p) => p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  return new RegExp(`^${parts.join('.*')}$`);
}

const MISSING = {
  ape: messagePattern('allow-privilege-escalation', 'missing'),
  root: messagePattern('run-as-non-root', 'mayRunAsRoot'),
  seccomp: messagePattern('seccomp-restricted', 'missing'),
  drop: messagePattern('capabilities-restricted', 'dropAll'),
};

type Obj = { [key: string]: Data };
const isObj = (v: Data | undefined): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

function at(root: Data, segs: Segment[]): Data | undefined {
  let cur: Data | undefined = root;
  for (const s of segs) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<string | number, Data>)[s];
  }
  return cur;
}

/** Template output lands in this mapping (a marker key), or is the whole value (a marker). */
function open(v: Data | undefined): boolean {
  if (typeof v === 'string') return v.startsWith('__tpl');
  return isObj(v) && Object.keys(v).some((k) => k.startsWith('__tpl'));
}

/** A "missing setting" finding of the rendering that template output may settle in the template. */
function settledByTemplate(f: Finding, docs: Data[]): boolean {
  const segs = parsePath(f.path);
  const ci = segs.findIndex((s, i) => typeof s === 'number' && /^(?:initC|c|ephemeralC)ontainers$/.test(String(segs[i - 1])));
  if (ci < 0) return false;
  const doc = docs[f.document];
  const container = at(doc, segs.slice(0, ci + 1));
  const pod = at(doc, segs.slice(0, ci - 1));
  const sc = isObj(container) ? container.securityContext : undefined;
  const podSc = isObj(pod) ? pod.securityContext : undefined;
  const containerOpen = open(container) || open(sc);
  const podOpen = open(pod) || open(podSc);
  if (f.ruleId === 'allow-privilege-escalation' && MISSING.ape.test(f.message)) return containerOpen;
  if (f.ruleId === 'run-as-non-root' && MISSING.root.test(f.message)) return containerOpen || podOpen;
  if (f.ruleId === 'seccomp-restricted' && MISSING.seccomp.test(f.message)) return containerOpen || podOpen;
  if (f.ruleId === 'capabilities-restricted' && MISSING.drop.test(f.message)) {
    const caps = isObj(sc) ? sc.capabilities : undefined;
    return !(isObj(caps) && 'drop' in caps) && (containerOpen || open(caps));
  }
  return false;
}

describe('property: Helm templates read as helm template renders them', function () {
  this.timeout(0);

  it('templates draw no syntax alarm, and the findings of their rendering less what template output may settle', () => {
    check('chart templates', fc.tuple(chartTemplate, fc.constantFrom('baseline' as const, 'restricted' as const)), ([chart, profile]) => {
      const rendered = renderTemplate(chart.text);
      assert.deepEqual(renderErrors(rendered), [], `the generated template renders YAML\n${rendered}`);
      const tpl = analyzeText(chart.text, resolveRuleSet({ profile, filePath: CHART_PATH }));
      assert.deepEqual(
        tpl.findings.filter((f) => f.ruleId === 'yaml-syntax' || f.ruleId === 'template-unchecked').map((f) => f.message),
        [],
        'no syntax alarm on a template that renders',
      );
      const ren = analyzeText(rendered, resolveRuleSet({ profile }));
      const docs = readDocs(rendered).docs;
      const expected = ren.findings
        .filter((f) => !settledByTemplate(f, docs))
        .map((f) => findingKey(f))
        .sort();
      const got = tpl.findings.map((f) => findingKey(f)).sort();
      if (!isDeepStrictEqual(got, expected)) {
        assert.deepEqual(got, expected, `the template's findings (actual) and its rendering's (expected) differ\n--- rendered:\n${rendered}`);
      }
    });
  });

  it('fixes keep every action where helm template puts its output, and change the rendering as they declare', () => {
    check('chart template fixes', fc.tuple(chartTemplate, engineOptions, fc.nat()), ([chart, opts, pick]) => {
      const cfg = resolveRuleSet({ ...opts, filePath: CHART_PATH });
      const res = analyzeText(chart.text, cfg);
      const rendered = renderTemplate(chart.text);
      const markers = markerPaths(rendered);
      const parsed = parseForChanges(rendered);
      const keys = (list: Finding[]) => list.map(fixKey);
      const assertSafe = (after: string, fixes: Finding[], what: string): Finding[] => {
        const r2 = renderTemplate(after);
        const diff = `${what}\n${showDiff(chart.text, after)}\n`;
        assert.deepEqual(renderErrors(r2), [], `${diff}the fixed template renders YAML\n${r2}`);
        assert.deepEqual(markerPaths(r2), markers, `${diff}every action's output stays at its key path`);
        const actual = readDocs(r2).docs.map(normalizeEmpty);
        const expected = dataAfter(parsed, fixes).map(normalizeEmpty);
        if (!isDeepStrictEqual(actual, expected)) assert.fail(`${diff}the rendering must change exactly as the fix declares:\n${dataDiff(actual, expected)}`);
        const found = analyzeText(after, cfg).findings;
        assert.deepEqual(
          found.filter((f) => f.ruleId === 'yaml-syntax' || f.ruleId === 'template-unchecked').map((f) => f.message),
          [],
          `${diff}no syntax alarm after the fix`,
        );
        const before = new Map<string, number>();
        for (const k of keys(res.findings)) before.set(k, (before.get(k) ?? 0) + 1);
        for (const f of fixes) before.set(fixKey(f), (before.get(fixKey(f)) ?? 0) - 1);
        const stale = madeStale(res.findings, found);
        const extra = keys(found.filter((f) => !stale(f))).filter((k) => {
          const n = before.get(k) ?? 0;
          before.set(k, n - 1);
          return n <= 0;
        });
        assert.deepEqual(extra, [], `${diff}after the fix these findings are new, or the fixed one remains`);
        return found;
      };
      const fixable = res.findings.filter((f) => f.fix && !f.suppressed && !f.fix.placeholder);
      const chosen = fixable.length <= 3 ? fixable : [0, 1, 2].map((i) => fixable[(pick + i * 7919) % fixable.length]);
      for (const f of new Set(chosen)) assertSafe(applyEdits(chart.text, findingEdits(f)), [f], `fix "${f.fix!.title}" (${f.ruleId})`);
      const all = fixAll(chart.text, cfg);
      const found = assertSafe(all.text, res.findings.filter(isAutoFixable), 'fix-all');
      assert.deepEqual(
        found.filter(isAutoFixable).map((f) => f.message),
        [],
        'fix-all leaves nothing it could fix',
      );
    });
  });
});
