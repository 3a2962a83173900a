/**
 * Hostile and odd input, straight into the engine: alias bombs, huge and deeply nested
 * documents, text that is not YAML, templates and patches, broken files, a rule that throws,
 * and lines built to make regular expressions backtrack. Every case must return, within the
 * linear time bound of the properties, with a clear finding where the input is bad and the
 * usual findings everywhere else.
 */
import * as assert from 'node:assert/strict';
import { YAML_SYNTAX } from '../../server/src/engine/chunk-analysis';
import { analyzeText } from '../../server/src/engine/pipeline';
import { applyEdits, findingEdits, fixAll } from '../../server/src/engine/fix/apply';
import { resolveRuleSet } from '../../server/src/engine/profiles';
import { defineRule } from '../../server/src/engine/rule';
import { duplicateKeys, parseChunk } from '../../server/src/engine/syntax';
import { maskTemplates } from '../../server/src/engine/template';
import type { Finding } from '../../server/src/engine/types';
import { withinBound } from '../support/fc';
import { readDocs } from '../support/oracle';
import { assertLinearSteps, countSteps } from '../support/steps';

const PRIVILEGED_POD = `apiVersion: v1
kind: Pod
metadata:
  name: victim
spec:
  containers:
    - name: app
      image: nginx
      securityContext:
        privileged: true
`;

function analyse(text: string, opts = {}) {
  return withinBound(text.length, 'analyzeText', () => analyzeText(text, resolveRuleSet(opts)));
}

const ids = (fs: Finding[]) => fs.map((f) => f.ruleId);
const syntax = (fs: Finding[]) => fs.filter((f) => f.ruleId === YAML_SYNTAX);

/** `levels` of anchors, each a list of `width` aliases of the previous one ("billion laughs"). */
function laughs(levels: number, width: number, indent = '  '): string {
  let s = `${indent}l0: &l0 [${Array(width).fill('"lol"').join(', ')}]\n`;
  for (let i = 1; i < levels; i++)
    s += `${indent}l${i}: &l${i} [${Array(width)
      .fill(`*l${i - 1}`)
      .join(', ')}]\n`;
  return s;
}

describe('hostile input: the engine', function () {
  this.timeout(120_000);

  describe('alias bombs', () => {
    it('billion laughs: one clear finding, no expansion, bounded time and memory; other documents still checked', () => {
      const bomb = `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: lol\ndata:\n${laughs(9, 9)}  all: *l8\n`;
      const text = `${PRIVILEGED_POD}---\n${bomb}`;
      const heap = process.memoryUsage().heapUsed;
      const res = analyse(text);
      assert.ok(process.memoryUsage().heapUsed - heap < 64 * 1024 * 1024, 'no expansion in memory');
      const bad = syntax(res.findings);
      assert.equal(bad.length, 1);
      assert.match(bad[0].message, /excessive aliasing/);
      assert.equal(bad[0].document, 1);
      assert.deepEqual(ids(res.findings.filter((f) => f.document === 0)).includes('privileged'), true);
      assert.ok(withinBound(text.length, 'fixAll', () => fixAll(text)).text.endsWith(`---\n${bomb}`), 'fix-all leaves the bomb alone');
    });

    it('a bomb of merge keys and one in the containers list are caught the same way', () => {
      let merges = `apiVersion: v1\nkind: Pod\nmetadata:\n  name: m\nspec:\n  m0: &m0 {privileged: true, a: 1}\n`;
      for (let i = 1; i < 40; i++) merges += `  m${i}: &m${i} {<<: [*m${i - 1}, *m${i - 1}], k${i}: 1}\n`;
      merges += `  containers:\n    - name: c\n      image: x\n      securityContext: *m39\n`;
      let containers = `apiVersion: v1\nkind: Pod\nmetadata:\n  name: c\nspec:\n  c0: &c0 [{name: a, image: x, securityContext: {privileged: true}}]\n`;
      for (let i = 1; i < 12; i++)
        containers += `  c${i}: &c${i} [${Array(9)
          .fill(`*c${i - 1}`)
          .join(', ')}]\n`;
      containers += '  containers: *c11\n';
      for (const text of [merges, containers]) {
        const res = analyse(text);
        assert.deepEqual(ids(res.findings), [YAML_SYNTAX]);
        assert.match(res.findings[0].message, /excessive aliasing/);
      }
    });

    it('below the Kubernetes limits, shared containers are checked once per use, quickly', () => {
      const text = `apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  x: &c {name: c, image: x, securityContext: {privileged: true}}\n  containers: [${Array(99).fill('*c').join(', ')}]\n`;
      const res = analyse(text, { profile: 'baseline' });
      assert.equal(res.findings.filter((f) => f.ruleId === 'privileged').length, 99);
      assert.deepEqual(syntax(res.findings), []);
    });
  });

  describe('size', () => {
    it('a mapping of 100,000 keys (3.5 MB) is read in linear time: four times the keys cost at most four times the steps', () => {
      const map = (n: number) => {
        const lines = ['apiVersion: v1', 'kind: ConfigMap', 'metadata: {name: big}', 'data:'];
        for (let i = 0; i < n; i++) lines.push(`  key${i}: "value value value ${i}"`);
        return lines.join('\n') + '\n';
      };
      // The parser's own duplicate-key check is quadratic (four times the keys cost sixteen times
      // as much): the engine turns it off and finds the same keys (properties/regressions.test.ts)
      // in one counted pass.
      assertLinearSteps('duplicate keys', (n) => countSteps((steps) => parseChunk(map(n)).docs.map((d) => duplicateKeys(d, steps))), 25_000);
      // the whole read, within the generous bound of the properties (a hang fails, not slowness)
      assert.deepEqual(analyse(map(100_000)).findings, []);
    });

    it('a 1 MB line, 10,000 tiny documents and 10,000 markers are fine', () => {
      const longLine = `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: l}\ndata:\n  blob: "${'x'.repeat(1_000_000)}"\n`;
      assert.deepEqual(analyse(longLine).findings, []);
      const many = Array.from({ length: 10_000 }, (_, i) => `a${i}: ${i}\n`).join('---\n');
      assert.equal(analyse(many).documents, 10_000);
      const markers = '---\n'.repeat(10_000);
      assert.equal(analyse(markers).documents, 10_000);
    });
  });

  describe('nesting 10,000 levels deep', () => {
    const N = 10_000;
    const shapes: [string, string][] = [
      ['block mappings', Array.from({ length: N }, (_, i) => `${' '.repeat(i)}k:`).join('\n') + '\n'],
      ['block sequences', '- '.repeat(N) + 'x\n'],
      ['flow sequences', '['.repeat(N) + ']'.repeat(N) + '\n'],
      ['flow mappings', '{a: '.repeat(N) + '1' + '}'.repeat(N) + '\n'],
      ['mixed flow', '{a: ['.repeat(N / 2) + ']}'.repeat(N / 2) + '\n'],
      [
        'inside a pod spec',
        `apiVersion: v1\nkind: Pod\nmetadata:\n  name: deep\nspec:\n  containers:\n    - name: c\n      image: x\n      args: ${'['.repeat(N)}${']'.repeat(N)}\n`,
      ],
    ];
    for (const [name, deep] of shapes) {
      it(`${name}: no stack overflow, one clear finding, the next document still checked`, () => {
        const text = `${deep}---\n${PRIVILEGED_POD}`;
        const res = analyse(text);
        const bad = syntax(res.findings);
        assert.equal(bad.length, 1, JSON.stringify(bad.map((f) => f.message)));
        assert.match(bad[0].message, /nests too deeply/);
        assert.equal(bad[0].document, 0);
        assert.deepEqual(ids(res.findings.filter((f) => f.document === 1)).includes('privileged'), true);
        const fixed = withinBound(text.length, 'fixAll', () => fixAll(text));
        assert.ok(fixed.text.startsWith(deep), 'fix-all leaves the deep document alone');
      });
    }

    it('nesting that the parser still reads (100 levels) is analysed as usual', () => {
      const deep = `apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\n  annotations:\n    x: ${'['.repeat(100)}${']'.repeat(100)}\nspec:\n  containers: [{name: c, image: x, securityContext: {privileged: true}}]\n`;
      assert.ok(ids(analyse(deep).findings).includes('privileged'));
    });
  });

  describe('text that is not YAML', () => {
    it('binary content and control characters get a clear finding', () => {
      const png = '\u0089PNG\r\n\u001a\n\u0000\u0000\u0000\rIHDR\u0000\u0000\u0001\u0000';
      for (const text of [png, 'a\u0000b: c\n', `${PRIVILEGED_POD}    extra: "\u0007"\n`, 'k: \ud800\n']) {
        const bad = syntax(analyse(text).findings);
        assert.ok(
          bad.some((f) => /is not allowed in YAML/.test(f.message)),
          JSON.stringify(text),
        );
      }
    });

    it('text decoded from invalid UTF-8 (replacement characters) is read as the text it is', () => {
      const text = Buffer.from([
        ...Buffer.from('apiVersion: v1\nkind: Pod\nmetadata:\n  name: "caf'),
        0xc3,
        0x28,
        ...Buffer.from('"\nspec:\n  hostPID: true\n  containers: [{name: a, image: x}]\n'),
      ]).toString('utf8');
      assert.ok(text.includes('\ufffd'));
      const res = analyse(text, { profile: 'baseline' });
      assert.deepEqual(ids(res.findings), ['host-namespaces']);
    });

    it('an empty file, whitespace, only comments, only markers, a lone BOM: no findings, no errors', () => {
      const cases: [string, number][] = [
        ['', 0],
        ['\n\n', 0],
        ['   \t  \r\n', 0],
        ['# a comment\n# another\n', 0],
        ['\ufeff', 0],
        ['---', 1],
        ['---\n---\n---\n', 3],
        ['...\n', 1],
        ['\ufeff# only a comment\r\n', 0],
      ];
      for (const [text, docs] of cases) {
        const res = analyse(text);
        assert.deepEqual(res.findings, [], JSON.stringify(text));
        assert.deepEqual(res.ruleErrors, []);
        assert.equal(res.documents, docs, JSON.stringify(text));
        assert.equal(fixAll(text).text, text);
      }
    });
  });

  describe('JSON-style flow documents', () => {
    const json = JSON.stringify(
      {
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        metadata: { name: 'json', annotations: { note: 'emoji 🚀 first' } },
        spec: { template: { spec: { hostNetwork: true, containers: [{ name: 'app', image: 'nginx', securityContext: { privileged: true } }] } } },
      },
      null,
      2,
    );

    it('findings point into the JSON, and fixes keep it a flow document that parses with the finding gone', () => {
      const res = analyse(json);
      const at = (id: string) => res.findings.find((f) => f.ruleId === id)!;
      assert.equal(json.slice(at('privileged').offset[0], at('privileged').offset[1]), '"privileged": true');
      assert.equal(json.slice(at('host-namespaces').offset[0], at('host-namespaces').offset[1]), '"hostNetwork": true');
      for (const f of res.findings.filter((x) => x.fix)) {
        const after = applyEdits(json, findingEdits(f));
        assert.deepEqual(readDocs(after).errors, [], f.fix!.title);
        assert.ok(after.trimStart().startsWith('{'));
        assert.ok(!analyzeText(after).findings.some((x) => x.ruleId === f.ruleId && x.container === f.container && x.message === f.message), f.fix!.title);
      }
      const all = fixAll(json).text;
      assert.deepEqual(readDocs(all).errors, []);
      assert.ok(all.trimStart().startsWith('{'));
    });

    it('a stream of JSON documents on single lines', () => {
      const line = JSON.stringify({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' }, spec: { hostIPC: true, containers: [{ name: 'a', image: 'x' }] } });
      const res = analyse(`${line}\n---\n${line}\n`, { profile: 'baseline' });
      assert.deepEqual(
        res.findings.map((f) => `${f.document} ${f.ruleId}`),
        ['0 host-namespaces', '1 host-namespaces'],
      );
    });
  });

  describe('Helm templates', () => {
    const chart = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: {{ include "app.fullname" . }}
  labels:
    {{- include "app.labels" . | nindent 4 }}
  {{ .Values.extraKey }}: {{ .Values.extraValue }}
spec:
  {{- if not .Values.autoscaling.enabled }}
  replicas: {{ .Values.replicaCount }}
  {{- end }}
  template:
    spec:
      hostNetwork: {{ .Values.hostNetwork }}
      securityContext: {{ toYaml .Values.podSecurityContext | nindent 8 }}
      containers:
        - name: {{ .Chart.Name }}
          image: "{{ .Values.image.repository }}:{{ .Values.image.tag | default .Chart.AppVersion }}"
          securityContext: {privileged: true, runAsUser: {{ .Values.uid }}, {{ .Values.extra }}: x}
          {{- with .Values.resources }}
          resources:
            {{- toYaml . | nindent 12 }}
          {{- end }}
        - name: sidecar
          image: busybox
          securityContext:
            privileged: true   # {{ not a template, a comment }}
{{ if .Values.debug }}
        - name: debug
          image: busybox
{{ end }}
`;

    it('actions as keys, values, whole lines and inside flow maps: no syntax noise, literal violations flagged, nothing guessed', () => {
      const res = analyse(chart);
      assert.deepEqual(syntax(res.findings), []);
      assert.deepEqual(res.ruleErrors, []);
      const privileged = res.findings.filter((f) => f.ruleId === 'privileged');
      assert.equal(privileged.length, 2, 'both literal privileged: true are flagged');
      assert.ok(!res.findings.some((f) => f.ruleId === 'host-namespaces'), 'a templated hostNetwork is unknown, not flagged');
      assert.ok(!res.findings.some((f) => f.ruleId === 'run-as-non-root'), 'the pod securityContext comes from a template');
    });

    it('fixes never touch template code, and the fixed text keeps every action', () => {
      const { mask } = maskTemplates(chart);
      const res = analyse(chart);
      for (const f of res.findings.filter((x) => x.fix)) {
        for (const e of f.fix!.edits) assert.ok(!mask!.overlaps(e.offset[0], Math.max(e.offset[1], e.offset[0] + 1)), `${f.fix!.title} edits template code`);
        const after = applyEdits(chart, findingEdits(f));
        assert.deepEqual(after.match(/\{\{.*?\}\}/g), chart.match(/\{\{.*?\}\}/g));
      }
      const all = fixAll(chart).text;
      assert.deepEqual(all.match(/\{\{.*?\}\}/g), chart.match(/\{\{.*?\}\}/g));
    });

    it('unclosed and multi-line actions do not break the next document', () => {
      const text = `apiVersion: v1\nkind: Pod\nmetadata:\n  name: {{ .oops\nspec: {}\n---\n${PRIVILEGED_POD}`;
      const res = analyse(text);
      assert.ok(res.findings.some((f) => f.document === 1 && f.ruleId === 'privileged'));
    });
  });

  describe('Kustomize', () => {
    it('a strategic merge patch is checked as the partial object it is; JSON 6902 patches and kustomization files are not objects with pods', () => {
      const patch = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: api
spec:
  template:
    spec:
      containers:
        - name: api
          securityContext:
            privileged: true
`;
      const res = analyse(patch, { profile: 'baseline' });
      assert.deepEqual(ids(res.findings), ['privileged']);
      const json6902 = `- op: replace\n  path: /spec/template/spec/hostNetwork\n  value: true\n- op: add\n  path: /spec/template/spec/containers/0/securityContext\n  value: {privileged: true}\n`;
      assert.deepEqual(analyse(json6902).findings, []);
      const kustomization = `apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources: [deployment.yaml]\npatches:\n  - path: patch.yaml\n    target: {kind: Deployment, name: api}\n`;
      assert.deepEqual(analyse(kustomization).findings, []);
    });
  });

  describe('several syntax errors', () => {
    it('every broken document is reported (at most five errors each) and every good one is checked', () => {
      const broken1 = 'apiVersion: v1\nkind: Pod\nspec: [unclosed\n';
      const broken2 = 'a: b: c\n' + Array.from({ length: 20 }, (_, i) => `k${i}: "x\n`).join('');
      const text = [broken1, PRIVILEGED_POD, broken2, PRIVILEGED_POD.replace('victim', 'second')].join('---\n');
      const res = analyse(text);
      const perDoc = (d: number) => res.findings.filter((f) => f.document === d);
      assert.ok(syntax(perDoc(0)).length >= 1);
      assert.ok(syntax(perDoc(2)).length >= 1 && syntax(perDoc(2)).length <= 5);
      assert.ok(ids(perDoc(1)).includes('privileged'));
      assert.ok(ids(perDoc(3)).includes('privileged'));
      assert.deepEqual(syntax(perDoc(1)).concat(syntax(perDoc(3))), []);
      for (const f of res.findings) assert.ok(f.range.start.line <= f.range.end.line);
    });
  });

  describe('crash containment', () => {
    const thrower = defineRule({
      meta: {
        id: 'test-throws',
        title: 'throws on containers named boom',
        description: 'test only',
        rationale: 'test only',
        remediation: 'test only',
        profiles: { restricted: 'error' },
        defaultSeverity: 'error',
        fixable: false,
        standards: [],
        messages: { saw: 'saw {{name}}' },
      },
      checkPod(pod) {
        for (const c of pod.containers) {
          pod.report({ node: c.node.getRaw('name')!, container: c, messageId: 'saw', data: { name: String(c.name) } });
          if (c.name === 'boom') throw new TypeError(`cannot read properties of boom`);
        }
      },
    });

    function withThrower() {
      const cfg = resolveRuleSet({ profile: 'restricted' });
      const active = { rule: thrower, severity: 'error' as const };
      return { ...cfg, run: [active, ...cfg.run], enabled: new Map([...cfg.enabled, ['test-throws', active]]) };
    }

    it('a rule that throws: its error is returned, its findings for that document dropped, every other rule still reports', () => {
      const boom = PRIVILEGED_POD.replace('name: app', 'name: boom');
      const text = `${boom}---\n${PRIVILEGED_POD}`;
      const res = analyzeText(text, withThrower());
      assert.equal(res.ruleErrors.length, 1);
      assert.equal(res.ruleErrors[0].ruleId, 'test-throws');
      assert.match(res.ruleErrors[0].message, /boom/);
      assert.ok(res.ruleErrors[0].stack);
      assert.deepEqual(
        res.findings.filter((f) => f.ruleId === 'test-throws').map((f) => `${f.document} ${f.message}`),
        ['1 saw app'],
      );
      for (const d of [0, 1]) assert.ok(res.findings.some((f) => f.document === d && f.ruleId === 'privileged'));
      const fixed = fixAll(text, withThrower());
      assert.ok(!analyzeText(fixed.text).findings.some((f) => f.ruleId === 'allow-privilege-escalation'), 'fix-all still works around it');
    });
  });

  describe('regular expressions on pathological lines', () => {
    const lines: [string, string][] = [
      ['a suppression comment with 100,000 spaces', `# podsec-disable-next-line${' '.repeat(100_000)}x\n${PRIVILEGED_POD}`],
      ['a suppression list of 20,000 commas', `# podsec-disable privileged${','.repeat(20_000)} --${' '.repeat(10_000)}\n${PRIVILEGED_POD}`],
      ['100,000 dashes and colons', `${'- :'.repeat(100_000)}\n`],
      ['a key of 200,000 characters without a colon', `${'k'.repeat(200_000)}\n`],
      ['200,000 stars (alias indicators)', `a: ${'*'.repeat(200_000)}\n`],
      ['an indentation of 100,000 spaces', `a:\n${' '.repeat(100_000)}b: 1\n`],
      ['50,000 template openers', `a: ${'{{'.repeat(50_000)}\n`],
      ['50,000 quotes and hashes', `a: ${'"# '.repeat(50_000)}\n`],
    ];
    for (const [name, text] of lines) {
      it(name, () => {
        const res = analyse(text);
        assert.deepEqual(res.ruleErrors, []);
        withinBound(text.length, 'fixAll', () => fixAll(text));
      });
    }
  });
});
