/**
 * OSCAL assessment-results: the output validates against NIST's published JSON Schema for OSCAL
 * 1.1.3 (`oscal_assessment-results_schema.json`, release asset of usnistgov/OSCAL v1.1.3, SHA-256
 * checked; see schemas/vendor/oscal/README.md), offline, with ajv (draft-07, ajv-formats, `u`
 * patterns for \p{L}). When the schema file is not in schemas/vendor/oscal, those tests are skipped
 * and say so. Independent of the schema: every reference in the document resolves, one finding per
 * violated requirement targets the STIG requirement, props outside OSCAL's names carry podsec's
 * namespace, and reviewed-controls name the controls the requirements map to.
 */
import * as assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import { fileHref, md, nistControl, oscalText, PODSEC_NS, token, writeOscal } from '../../../server/src/evidence/oscal';
import { capped, hostile, input, noFindings } from './fixture';
import { assertValid, OSCAL_SCHEMA, OSCAL_SCHEMA_SHA256, oscalValidator, run } from './helpers';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;

const V5 = /^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

function doc(text: string): Json {
  return JSON.parse(text)['assessment-results'];
}

/** Every value of a key named `key`, anywhere in `v`. */
function collect(v: Json, key: string, out: Json[] = []): Json[] {
  if (Array.isArray(v)) v.forEach((x) => collect(x, key, out));
  else if (v && typeof v === 'object') {
    for (const [k, x] of Object.entries(v)) {
      if (k === key) out.push(x);
      collect(x, key, out);
    }
  }
  return out;
}

const CASES = () => ({
  base: input(),
  noFindings: noFindings(),
  hostile: hostile(),
  capped: capped(250, 10),
  noTarget: input({ target: {} }),
  noFiles: input({ run: { ...input().run, files: [], objects: 0 } }),
});

describe('evidence: OSCAL assessment-results writer', () => {
  describe("against NIST's OSCAL 1.1.3 JSON Schema", function () {
    before(function () {
      if (!oscalValidator()) {
        console.warn(`\n  SKIPPED: ${OSCAL_SCHEMA} is missing; put NIST's schema there (schemas/vendor/oscal/README.md) to validate the OSCAL output.\n`);
        this.skip();
      }
    });

    it('is the file NIST published for v1.1.3', () => {
      assert.equal(createHash('sha256').update(fs.readFileSync(OSCAL_SCHEMA)).digest('hex'), OSCAL_SCHEMA_SHA256);
      assert.equal(JSON.parse(fs.readFileSync(OSCAL_SCHEMA, 'utf8')).$id, 'http://csrc.nist.gov/ns/oscal/1.1.3/oscal-ar-schema.json');
    });

    it('validates, for every status and every edge case', () => {
      for (const [name, inp] of Object.entries(CASES())) assertValid(oscalValidator()!, JSON.parse(oscalText(inp)), name);
    });

    it('the validation is not vacuous: the schema rejects broken documents', () => {
      const validate = oscalValidator()!;
      const good = JSON.parse(oscalText(input()));
      const broken: Array<[string, (d: Json) => void]> = [
        ['target-id that is no token', (d) => (d['assessment-results'].results[0].findings[0].target['target-id'] = 'V 254567')],
        ['a prop value over two lines', (d) => (d['assessment-results'].results[0].findings[0].props[0].value = 'a\nb')],
        ['no import-ap', (d) => delete d['assessment-results']['import-ap']],
        ['a v1 UUID', (d) => (d['assessment-results'].uuid = 'c232ab00-9414-11ec-b3c8-9f6bdeced846')],
        ['a time without zone', (d) => (d['assessment-results'].results[0].start = '2026-03-01T12:00:00')],
        ['an unknown finding state', (d) => (d['assessment-results'].results[0].findings[0].target.status.state = 'failed')],
      ];
      for (const [what, breakIt] of broken) {
        const d = structuredClone(good);
        breakIt(d);
        assert.equal(validate(d), false, `the schema accepted: ${what}`);
      }
    });
  });

  it('one finding per violated requirement: target objective-id = V-ID, not satisfied, with the STIG identifiers as props', () => {
    const ar = doc(oscalText(input()));
    const findings = ar.results[0].findings;
    assert.deepEqual(
      findings.map((f: Json) => [f.target.type, f.target['target-id'], f.target.status.state]),
      [
        ['objective-id', 'V-254567', 'not-satisfied'],
        ['objective-id', 'V-254571', 'not-satisfied'],
      ],
    );
    const props = (f: Json) =>
      Object.fromEntries(f.props.filter((p: Json) => p.name !== 'cci' && p.name !== 'podsec-rule').map((p: Json) => [p.name, p.value]));
    assert.deepEqual(props(findings[1]), {
      'vuln-id': 'V-254571',
      'stig-id': 'CNTR-R2-001130',
      'rule-id': 'SV-254571r960792_rule',
      'srg-id': 'SRG-APP-000340-CTR-000770',
      'nist-800-53': 'AC-6 (10)',
      severity: 'high',
      status: 'open',
    });
    assert.deepEqual(
      findings[1].props.filter((p: Json) => p.name === 'cci').map((p: Json) => p.value),
      ['CCI-002235'],
    );
    assert.match(
      findings[1].description,
      /^podsec 0\.1\.0 reported 3 findings for V-254571 \(CNTR-R2-001130, SRG-APP-000340-CTR-000770, CAT I\) with rules privileged, host-namespaces; 1 of the findings listed is suppressed\.$/,
    );
    assert.equal(doc(oscalText(noFindings())).results[0].findings, undefined, 'no violation, no finding');
  });

  it('every reference resolves: related observations, import-ap, subjects', () => {
    for (const [name, inp] of Object.entries(CASES())) {
      const ar = doc(oscalText(inp));
      const result = ar.results[0];
      const observations = new Set(result.observations.map((o: Json) => o.uuid));
      for (const f of result.findings ?? [])
        for (const r of f['related-observations']) assert.ok(observations.has(r['observation-uuid']), `${name}: ${r['observation-uuid']}`);
      const resources = new Set(ar['back-matter'].resources.map((r: Json) => r.uuid));
      assert.match(ar['import-ap'].href, /^#/);
      assert.ok(resources.has(ar['import-ap'].href.slice(1)), `${name}: import-ap`);
      for (const o of result.observations) {
        assert.deepEqual(o.methods, ['TEST']);
        for (const s of o.subjects) assert.ok(resources.has(s['subject-uuid']), `${name}: subject`);
      }
      const uuids = collect(ar, 'uuid');
      assert.equal(new Set(uuids).size, uuids.length, `${name}: UUIDs are unique`);
      for (const u of uuids) assert.match(u, V5);
    }
  });

  it('the files observation names every file checked; each finding observation the files with findings', () => {
    const ar = doc(oscalText(hostile()));
    const [files, ...perRequirement] = ar.results[0].observations;
    assert.deepEqual(
      files['relevant-evidence'].map((e: Json) => e.href),
      ['deploy/web.yaml', 'deploy/agent.yaml', 'etc/rancher/rke2/config.yaml', 'etc/rancher/rke2/config.yaml.d/50-cis.yaml'],
    );
    const v254571 = perRequirement.find((o: Json) => o.title.startsWith('V-254571'));
    assert.deepEqual(
      v254571['relevant-evidence'].map((e: Json) => e.href),
      ['d%C3%A9p/deploy/web.yaml', 'd%C3%A9p/deploy/agent.yaml'],
    );
    assert.equal(doc(oscalText(input({ run: { ...input().run, files: [] } }))).results[0].observations[0]['relevant-evidence'], undefined);
  });

  it('finding observations list the findings (Markdown-escaped) and the cap', () => {
    const obs = doc(oscalText(input())).results[0].observations.find((o: Json) => o.title.startsWith('V-254571'));
    assert.equal(
      obs.description,
      '- deploy/web.yaml:21:7 Deployment/shop/web app — privileged is true \\[privileged\\]\n- deploy/agent.yaml:14:7 DaemonSet/ops/agent collector — privileged is true \\[privileged\\]' +
        '\n\nSuppressed (1):\n- deploy/web.yaml:9:5 Deployment/shop/web — hostPID is true \\[host-namespaces\\] — reason: reads node metrics',
    );
    const cappedObs = doc(oscalText(capped(250, 10))).results[0].observations.find((o: Json) => o.title.startsWith('V-254571'));
    assert.match(cappedObs.description, /\n\n… and 240 more findings \(see the JSON or SARIF report\)$/);
    assert.equal(cappedObs.title, 'V-254571: 250 findings');
  });

  it('props that OSCAL does not define carry the podsec namespace', () => {
    const props = collect(doc(oscalText(hostile())), 'props').flat();
    assert.ok(props.length > 20);
    for (const p of props) {
      assert.equal(p.ns, PODSEC_NS, p.name);
      assert.match(p.value, /^\S(.*\S)?$/, `${p.name}: one line, trimmed`);
    }
  });

  it('reviewed-controls select the NIST SP 800-53 controls the CCIs map to, and list SRGs and CCIs', () => {
    const sel = doc(oscalText(input())).results[0]['reviewed-controls']['control-selections'][0];
    assert.deepEqual(sel['include-controls'], [
      { 'control-id': 'ac-17.2' },
      { 'control-id': 'ac-6.10' },
      { 'control-id': 'ia-5.1', 'statement-ids': ['ia-5.1_smt.c', 'ia-5.1_smt.h'] },
      { 'control-id': 'sc-3' },
      { 'control-id': 'sc-4' },
    ]);
    assert.deepEqual(
      sel.props.filter((p: Json) => p.name === 'cci').map((p: Json) => p.value),
      ['CCI-000015', 'CCI-000068', 'CCI-000196', 'CCI-001084', 'CCI-001090', 'CCI-002235', 'CCI-004062'],
    );
    const bare = input({ benchmark: { ...input().benchmark, requirements: input().benchmark.requirements.map((r) => ({ ...r, nist: undefined })) } });
    assert.equal(doc(oscalText(bare)).results[0]['reviewed-controls']['control-selections'][0]['include-controls'], undefined);
  });

  it('nistControl reads DISA references as OSCAL SP 800-53 ids', () => {
    assert.deepEqual(nistControl('AC-6 (9)'), { controlId: 'ac-6.9' });
    assert.deepEqual(nistControl('CM-6 b'), { controlId: 'cm-6', statementId: 'cm-6_smt.b' });
    assert.deepEqual(nistControl('IA-5 (1) (c)'), { controlId: 'ia-5.1', statementId: 'ia-5.1_smt.c' });
    assert.deepEqual(nistControl('SI-4 a 1'), { controlId: 'si-4', statementId: 'si-4_smt.a.1' });
    assert.deepEqual(nistControl('SC-3'), { controlId: 'sc-3' });
    assert.equal(nistControl('CCI-000366'), undefined);
    assert.equal(nistControl('see policy'), undefined);
  });

  it('helpers: tokens, hrefs, Markdown', () => {
    assert.equal(token('V-254571'), 'V-254571');
    assert.equal(token('1 bad:id'), '_1_bad_id');
    assert.equal(fileHref('a dir/é#1.yaml'), 'a%20dir/%C3%A9%231.yaml');
    assert.equal(md('a*b_c [x] <y> `z` #1 | ~'), 'a\\*b\\_c \\[x\\] \\<y\\> \\`z\\` \\#1 \\| \\~');
  });

  it('metadata: title, last-modified, version and oscal-version 1.1.3; the result spans the run', () => {
    const ar = doc(oscalText(input()));
    assert.equal(ar.metadata['oscal-version'], '1.1.3');
    assert.equal(ar.metadata['last-modified'], '2026-03-01T12:00:02.500Z');
    assert.equal(ar.metadata.title, 'podsec assessment results: Rancher Government Solutions RKE2 V2R4 - cluster-a');
    assert.equal(ar.results[0].start, '2026-03-01T12:00:00.000Z');
    assert.equal(ar.results[0].end, '2026-03-01T12:00:02.500Z');
    assert.match(ar.results[0].description, /2 open, 1 not a finding, 1 not applicable, 2 not reviewed of 6 requirements/);
  });

  it('streams: the chunks make the same text as the one-string form', () => {
    const out = run(writeOscal, capped(3000, 3000));
    assert.ok(out.chunks.length >= 2, `${out.chunks.length} chunks`);
    assert.equal(out.text, oscalText(capped(3000, 3000)));
  });
});
