/**
 * The incremental path equals a full analysis: after any sequence of edits (including edits that
 * add or remove `---` markers, directives and line breaks, and edits inside block scalars), the
 * chunks, the line index and the findings are exactly those of the final text analysed whole.
 */
import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { analyzeText } from '../../server/src/engine/pipeline';
import { splitChunks } from '../../server/src/engine/chunks';
import { resolveRuleSet } from '../../server/src/engine/profiles';
import { LineIndex } from '../../server/src/engine/text';
import { IncrementalAnalysis } from '../../server/src/lsp/incremental';

const DOCS = [
  `apiVersion: v1
kind: Pod
metadata:
  name: web
spec:
  containers:
  - name: web
    image: nginx
    securityContext:
      privileged: true   # needed?
`,
  `apiVersion: apps/v1
kind: Deployment
metadata: {name: api}
spec:
  template:
    spec:
      hostNetwork: true
      containers:
        - name: api
          image: api:1
          command: ["sh", "-c"]
          args:
            - |
              echo starting
              ---
              exec api
`,
  `# a config map is not a workload
apiVersion: v1
kind: ConfigMap
metadata:
  name: cfg
data:
  script: |
    #!/bin/sh
    --- not a marker inside a block scalar? it is one at column 0
`,
  `apiVersion: v1
kind: Pod
metadata:
  name: tpl
spec:
  securityContext: &sc
    runAsNonRoot: true
  containers:
    - name: a
      image: "{{ .Values.image }}"
      securityContext: {allowPrivilegeEscalation: true, capabilities: {add: [NET_ADMIN]}}
`,
  `# podsec-disable-next-line host-ports -- demo
apiVersion: v1
kind: Pod
metadata: {name: ports}
spec:
  containers:
  - name: p
    image: x
    ports: [{containerPort: 80, hostPort: 80}]
`,
  `not: [valid\n`,
  `%YAML 1.2\n---\nplain: document\n`,
  ``,
];

const INSERTS = [
  '---\n',
  '\n---\n',
  '---',
  '-',
  '\n',
  '\r\n',
  '\r',
  ' ',
  '  ',
  'a',
  '#',
  '%YAML 1.2\n',
  '...\n',
  'privileged: true\n',
  '    hostPID: true\n',
  '|\n  x\n',
  '{{ if .X }}\n',
  '{{ end }}',
  ': ',
  '"',
  '\ufeff',
  '😀',
];

type Edit = { at: number; del: number; ins: string };

const editArb: fc.Arbitrary<Edit> = fc.record({
  at: fc.double({ min: 0, max: 1, noNaN: true }),
  del: fc.oneof(fc.constant(0), fc.nat(4), fc.nat(120)),
  ins: fc.oneof(fc.constantFrom(...INSERTS), fc.constantFrom(...DOCS), fc.string({ maxLength: 6 }), fc.constant('')),
});

const textArb = fc
  .array(fc.record({ doc: fc.constantFrom(...DOCS), sep: fc.constantFrom('---\n', '--- \n', '---\r\n', '--- # c\n', '\n---\n', '') }), {
    minLength: 1,
    maxLength: 6,
  })
  .chain((parts) =>
    fc.boolean().map((crlf) => {
      const t = parts.map((p, i) => (i ? p.sep : '') + p.doc).join('');
      return crlf ? t.replace(/\r?\n/g, '\r\n') : t;
    }),
  );

/** The running sums equal the sums over the current results. */
function assertTotals(inc: IncrementalAnalysis): void {
  const placed = inc.placed();
  const shown = placed.flatMap((p) => p.result.findings).filter((f) => !f.suppressed);
  assert.deepEqual(
    { ...inc.totals },
    {
      unsuppressed: shown.length,
      syntax: shown.filter((f) => f.ruleId === 'yaml-syntax').length,
      failed: placed.filter((p) => p.failure !== undefined).length,
      manifests: placed.filter((p) => p.result.manifest).length,
      withFacts: placed.filter((p) => p.result.facts).length,
    },
  );
}

describe('incremental analysis equals a full analysis', () => {
  const cfg = resolveRuleSet({ profile: 'restricted' });

  it('after random edit sequences on multi-document files', () => {
    fc.assert(
      fc.property(textArb, fc.array(fc.record({ edit: editArb, analyzeNow: fc.boolean() }), { minLength: 1, maxLength: 25 }), (initial, steps) => {
        const inc = new IncrementalAnalysis(initial, cfg);
        inc.analyze();
        let model = initial;
        for (const { edit, analyzeNow } of steps) {
          // an edit as a client sends it: a range in line/character positions
          const ref = new LineIndex(model);
          const start = Math.floor(edit.at * model.length);
          const end = Math.min(model.length, start + edit.del);
          const range = ref.range(start, end);
          // positions inside a CRLF pair clamp to the line end, as LSP specifies
          const s = ref.offset(range.start);
          const e = ref.offset(range.end);
          model = model.slice(0, s) + edit.ins + model.slice(e);
          inc.applyChange({ range, text: edit.ins });
          if (analyzeNow) inc.analyze();
          assertTotals(inc);
        }
        assert.equal(inc.text, model);
        assert.equal(inc.length, model.length);
        const ref = new LineIndex(model);
        assert.deepEqual(inc.lineStarts, ref.starts);
        assert.equal(inc.lineCount, ref.lineCount);
        // positions and offsets convert as on the whole text, and lines read the same
        for (let o = 0; o <= model.length; o += 1 + (o % 7)) {
          const pos = ref.position(o);
          assert.deepEqual(inc.positionAt(o), pos);
          assert.equal(inc.offsetAt(pos), ref.offset(pos));
          assert.equal(inc.lineText(pos.line), model.slice(ref.starts[pos.line], ref.lineEnd(pos.line)));
        }
        assert.deepEqual(inc.chunkSpans, splitChunks(model));
        inc.analyze();
        const full = analyzeText(model, cfg);
        assert.deepStrictEqual(inc.findings(), full.findings);
        assertTotals(inc);
      }),
      { numRuns: 200 },
    );
  });

  it('after a full-text replacement and a configuration change', () => {
    const inc = new IncrementalAnalysis(DOCS[0], cfg);
    inc.analyze();
    inc.applyChange({ text: DOCS[1] + '---\n' + DOCS[0] });
    inc.analyze();
    assert.deepStrictEqual(inc.findings(), analyzeText(DOCS[1] + '---\n' + DOCS[0], cfg).findings);
    const baseline = resolveRuleSet({ profile: 'baseline' });
    inc.setConfig(baseline);
    assertTotals(inc);
    inc.analyze();
    assert.deepStrictEqual(inc.findings(), analyzeText(DOCS[1] + '---\n' + DOCS[0], baseline).findings);
    assertTotals(inc);
  });

  it('re-analyses only the chunk an edit touches', () => {
    const text = Array.from({ length: 50 }, () => DOCS[0]).join('---\n');
    const inc = new IncrementalAnalysis(text, cfg);
    inc.analyze();
    const before = inc.placed().map((p) => p.result);
    const line = 11 * 25 + 9; // `privileged: true` of the 26th document (10 lines and a marker each)
    assert.equal(inc.text.split('\n')[line], '      privileged: true   # needed?');
    inc.applyChange({ range: { start: { line, character: 18 }, end: { line, character: 22 } }, text: 'false' });
    inc.analyze();
    const after = inc.placed().map((p) => p.result);
    assert.equal(after.length, 50);
    // one new result; the others are the earlier ones (equal texts may swap identical results)
    assert.equal(after.filter((r) => !before.includes(r)).length, 1);
    assert.equal(before.includes(after[25]), false);
    assert.equal(inc.findings().filter((f) => f.ruleId === 'privileged').length, 49);
  });

  it('stops at a deadline and resumes where it stopped', () => {
    const text = Array.from({ length: 20 }, () => DOCS[1]).join('---\n');
    const inc = new IncrementalAnalysis(text, cfg);
    assert.equal(inc.analyze(0), false);
    assert.equal(inc.complete, false);
    assertTotals(inc);
    assert.equal(inc.analyze(), true);
    assertTotals(inc);
    assert.deepStrictEqual(inc.findings(), analyzeText(text, cfg).findings);
  });
});
