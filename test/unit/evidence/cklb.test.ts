/**
 * `.cklb` (STIG Viewer 3): every output validates against schemas/cklb.schema.json, which was
 * derived from DISA's CKLB schema as quoted in mitre/heimdall2
 * (libs/hdf-converters/src/ckl-mapper/checklist-b-types.ts), checklists STIG Viewer 3 saved and
 * mitre/heimdall2's sample cklb (sources listed in the schema's description and in
 * server/src/evidence/README.md). And the content an assessor reads: every requirement in V-ID
 * order with its status, finding details, comments, suppressions, the cap line.
 */
import * as assert from 'node:assert/strict';
import { cklbText, writeCklb } from '../../../server/src/evidence/cklb';
import { BENCHMARK, capped, HOSTILE, hostile, input, noFindings, RESULTS } from './fixture';
import { assertValid, cklbValidator, run } from './helpers';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;

function doc(text: string): Json {
  return JSON.parse(text);
}

function rule(d: Json, vulnId: string): Json {
  const r = d.stigs[0].rules.find((x: Json) => x.group_id === vulnId);
  assert.ok(r, `no rule ${vulnId}`);
  return r;
}

describe('evidence: .cklb writer', () => {
  it('validates against the cklb schema, for every status and every edge case', () => {
    const validate = cklbValidator();
    for (const [name, inp] of Object.entries({
      base: input(),
      noFindings: noFindings(),
      hostile: hostile(),
      capped: capped(250, 10),
      noTarget: input({ target: {} }),
    })) {
      assertValid(validate, doc(cklbText(inp)), name);
    }
  });

  it('the schema is not vacuous: it rejects what STIG Viewer would not read', () => {
    const validate = cklbValidator();
    const good = doc(cklbText(input()));
    const broken: Array<[string, (d: Json) => void]> = [
      ['unknown status', (d) => (rule(d, 'V-254571').status = 'passed')],
      ['CKL status spelling', (d) => (rule(d, 'V-254571').status = 'NotAFinding')],
      ['missing finding_details', (d) => delete rule(d, 'V-254571').finding_details],
      ['unknown rule field', (d) => (rule(d, 'V-254571').vuln_num = 'V-254571')],
      ['bad uuid', (d) => (d.id = 'checklist-1')],
      ['no cklb_version', (d) => delete d.cklb_version],
      ['size as string', (d) => (d.stigs[0].size = '6')],
      ['bad role', (d) => (d.target_data.role = 'Server')],
      ['rule id without _rule', (d) => (rule(d, 'V-254571').rule_id_src = 'SV-254571r960792')],
    ];
    for (const [what, breakIt] of broken) {
      const d = structuredClone(good);
      breakIt(d);
      assert.equal(validate(d), false, `the schema accepted: ${what}`);
    }
  });

  it('lists every requirement of the benchmark once, in V-ID order, with its status', () => {
    const d = doc(cklbText(input()));
    assert.equal(d.stigs.length, 1);
    const rules = d.stigs[0].rules;
    assert.deepEqual(
      rules.map((r: Json) => `${r.group_id} ${r.status}`),
      ['V-254553 not_reviewed', 'V-254564 not_reviewed', 'V-254567 open', 'V-254569 not_a_finding', 'V-254570 not_applicable', 'V-254571 open'],
    );
    assert.equal(d.stigs[0].size, BENCHMARK.requirements.length);
    const r = rule(d, 'V-254571');
    assert.equal(r.rule_id, 'SV-254571r960792');
    assert.equal(r.rule_id_src, 'SV-254571r960792_rule');
    assert.equal(r.rule_version, 'CNTR-R2-001130');
    assert.equal(r.group_title, 'SRG-APP-000340-CTR-000770');
    assert.equal(r.severity, 'high');
    assert.deepEqual(r.ccis, ['CCI-002235']);
    assert.equal(r.stig_uuid, d.stigs[0].uuid);
    assert.equal(d.stigs[0].release_info, 'Release: 4 Benchmark Date: 30 Jan 2025');
    assert.equal(d.stigs[0].version, '2');
    assert.equal(d.target_data.host_name, 'cluster-a');
    assert.equal(d.target_data.classification, 'CUI');
  });

  it('open: one finding per line as file:line:col resource container — message [rule]; suppressed ones go to the comments with their reasons', () => {
    const r = rule(doc(cklbText(input())), 'V-254571');
    assert.equal(
      r.finding_details,
      'deploy/web.yaml:21:7 Deployment/shop/web app — privileged is true [privileged]\ndeploy/agent.yaml:14:7 DaemonSet/ops/agent collector — privileged is true [privileged]',
    );
    assert.equal(
      r.comments,
      'Checked by podsec 0.1.0 (profile stig-rke2) with rules: privileged, host-namespaces.\nSuppressed finding (1):\n- deploy/web.yaml:9:5 Deployment/shop/web — hostPID is true [host-namespaces] — reason: reads node metrics',
    );
  });

  it('a suppression without a reason says so', () => {
    const results = RESULTS.map((r) =>
      r.vulnId === 'V-254571' ? { ...r, findings: r.findings.map((f) => (f.suppressed ? { ...f, suppressed: { reason: null } } : f)) } : r,
    );
    assert.match(rule(doc(cklbText(input({ results }))), 'V-254571').comments, /\[host-namespaces\] — no reason given$/);
  });

  it('not a finding and not applicable: the finding details say what was checked', () => {
    const d = doc(cklbText(input()));
    assert.match(rule(d, 'V-254569').finding_details, /^Checked 2 RKE2 config files/);
    assert.equal(rule(d, 'V-254570').finding_details, 'The files hold no workloads in kube-system, kube-public or kube-node-lease.');
  });

  it('not reviewed: the comments say why podsec cannot judge it, also for a requirement without a result', () => {
    const d = doc(cklbText(input()));
    assert.equal(
      rule(d, 'V-254553').comments,
      'podsec cannot judge this requirement from files: the TLS settings of the running servers are not in the files (podsec 0.1.0, profile stig-rke2)',
    );
    assert.equal(rule(d, 'V-254564').comments, 'podsec cannot judge this requirement from files: no podsec rule checks it (podsec 0.1.0, profile stig-rke2)');
    assert.equal(rule(d, 'V-254564').finding_details, '');
  });

  it("keeps the caller's comments", () => {
    assert.match(rule(doc(cklbText(input())), 'V-254567').comments, /\nTicket OPS-42 tracks the move to mounted secrets\.$/);
  });

  it('capped findings end with how many more there are', () => {
    const details: string = rule(doc(cklbText(capped(250, 10))), 'V-254571').finding_details;
    const lines = details.split('\n');
    assert.equal(lines.length, 11);
    assert.equal(lines[10], '… and 240 more findings (see the JSON or SARIF report)');
    assert.equal(rule(doc(cklbText(capped(11, 10))), 'V-254571').finding_details.split('\n')[10], '… and 1 more finding (see the JSON or SARIF report)');
  });

  it('no findings: every open requirement becomes not a finding with what was checked', () => {
    const d = doc(cklbText(noFindings()));
    assert.equal(rule(d, 'V-254571').status, 'not_a_finding');
    assert.equal(rule(d, 'V-254571').finding_details, 'Checked privileged, host-namespaces on 5 objects: nothing found.');
    assert.ok(!d.stigs[0].rules.some((r: Json) => r.status === 'open'));
  });

  it('keeps XML-hostile, control and non-ASCII characters exactly (JSON escapes them)', () => {
    const d = doc(cklbText(hostile()));
    assert.equal(rule(d, 'V-254569').finding_details, HOSTILE.split(/\r\n|\r|\n/).join('\n'));
    assert.ok(rule(d, 'V-254571').comments.endsWith(HOSTILE.split(/\r\n|\r|\n/).join('\n')));
    assert.equal(d.target_data.comments, HOSTILE);
    // a finding stays on one line whatever its message holds
    const lines = rule(d, 'V-254571').finding_details.split('\n');
    assert.equal(lines.length, 2);
    assert.ok(lines[0].startsWith('dép/deploy/web.yaml:21:7 Deployment/shop/web app — privileged is true a < b && c > d'));
  });

  it('refuses results the benchmark has no requirement for, and duplicates', () => {
    const stray = [...RESULTS, { ...RESULTS[0], vulnId: 'V-999999' }];
    assert.throws(() => cklbText(input({ results: stray })), /results for requirements that RGS_RKE2_STIG V2R4 does not have: V-999999/);
    assert.throws(() => cklbText(input({ results: [...RESULTS, RESULTS[0]] })), /two results for V-254571/);
    assert.throws(
      () => cklbText(input({ results: RESULTS.map((r) => ({ ...r, totalFindings: 0 })) })),
      /totalFindings \(0\) is less than the findings given \(3\)/,
    );
  });

  it('streams: the chunks make the same text as the one-string form, and valid JSON', () => {
    const out = run(writeCklb, capped(3000, 3000));
    assert.ok(out.chunks.length >= 2, `${out.chunks.length} chunks`);
    assert.equal(out.text, cklbText(capped(3000, 3000)));
    assert.equal(doc(out.text).stigs[0].rules.length, BENCHMARK.requirements.length);
  });
});
