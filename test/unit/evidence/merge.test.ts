/**
 * Merging checklists of one STIG release: the worse status wins (open > not_reviewed >
 * not_a_finding > not_applicable), the details and comments of every checklist are kept and
 * labelled by their source, the first target is kept and the others listed, and checklists of
 * other STIGs or releases are refused. The same for `.cklb` and `.ckl`.
 */
import * as assert from 'node:assert/strict';
import { cklText } from '../../../server/src/evidence/ckl';
import { cklbText } from '../../../server/src/evidence/cklb';
import { mergeCkl, mergeCklb, worseStatus } from '../../../server/src/evidence/merge';
import type { RequirementResult, RequirementStatus } from '../../../server/src/evidence/types';
import { checkCkl } from './ckl-structure';
import { BENCHMARK, finding, input, RESULTS } from './fixture';
import { assertValid, cklbValidator } from './helpers';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;

/** A second cluster: other statuses for most requirements. */
function clusterB() {
  const change: Record<string, Partial<RequirementResult>> = {
    'V-254571': { status: 'not_a_finding', findings: [], totalFindings: 0, details: 'Checked privileged, host-namespaces on 12 objects: nothing found.' },
    'V-254569': {
      status: 'open',
      findings: [
        finding('etc/rancher/rke2/config.yaml', 3, {
          column: 1,
          resource: undefined,
          container: undefined,
          message: 'protect-kernel-defaults is not set',
          ruleId: 'kubelet-protect-kernel-defaults',
        }),
      ],
      totalFindings: 1,
      details: '',
    },
    'V-254570': { status: 'not_a_finding', details: 'The files hold no workloads in the system namespaces.' },
    'V-254553': { status: 'not_a_finding', rules: ['fips-tls'], details: 'Checked the TLS settings.' },
  };
  return input({
    target: { hostName: 'cluster-b', hostIp: '10.0.0.2', role: 'Member Server' },
    results: RESULTS.map((r) => ({ ...r, ...change[r.vulnId] })),
  });
}

function rule(d: Json, vulnId: string): Json {
  return d.stigs[0].rules.find((r: Json) => r.group_id === vulnId);
}

describe('evidence: merging checklists', () => {
  it('orders statuses open > not_reviewed > not_a_finding > not_applicable', () => {
    const order: RequirementStatus[] = ['open', 'not_reviewed', 'not_a_finding', 'not_applicable'];
    for (let i = 0; i < order.length; i++) {
      for (let k = 0; k < order.length; k++) {
        assert.equal(worseStatus([order[i], order[k]]), order[Math.min(i, k)], `${order[i]} vs ${order[k]}`);
      }
    }
  });

  it('.cklb: the worse status wins per requirement, and the result is a valid checklist', () => {
    const merged = JSON.parse(mergeCklb(cklbText(input()), cklbText(clusterB())));
    assertValid(cklbValidator(), merged, 'merged');
    assert.deepEqual(
      merged.stigs[0].rules.map((r: Json) => `${r.group_id} ${r.status}`),
      ['V-254553 not_reviewed', 'V-254564 not_reviewed', 'V-254567 open', 'V-254569 open', 'V-254570 not_a_finding', 'V-254571 open'],
    );
    assert.equal(merged.stigs[0].rules.length, BENCHMARK.requirements.length);
  });

  it('.cklb: keeps the details and comments of both, labelled by source', () => {
    const merged = JSON.parse(mergeCklb(cklbText(input()), cklbText(clusterB())));
    assert.equal(
      rule(merged, 'V-254571').finding_details,
      '[cluster-a: open]\ndeploy/web.yaml:21:7 Deployment/shop/web app — privileged is true [privileged]\ndeploy/agent.yaml:14:7 DaemonSet/ops/agent collector — privileged is true [privileged]\n\n' +
        '[cluster-b: not_a_finding]\nChecked privileged, host-namespaces on 12 objects: nothing found.',
    );
    assert.equal(
      rule(merged, 'V-254553').comments,
      '[cluster-a]\npodsec cannot judge this requirement from files: the TLS settings of the running servers are not in the files (podsec 0.1.0, profile stig-rke2)\n\n[cluster-b]\nChecked by podsec 0.1.0 (profile stig-rke2) with rule: fips-tls.',
    );
    // a source with nothing to say still shows its status
    assert.equal(rule(merged, 'V-254564').finding_details, '[cluster-a: not_reviewed]\n\n[cluster-b: not_reviewed]');
  });

  it('.cklb: keeps the first target and lists the others; labels can be given', () => {
    const merged = JSON.parse(mergeCklb({ label: 'a.cklb', text: cklbText(input()) }, { label: 'b.cklb', text: cklbText(clusterB()) }));
    assert.equal(merged.target_data.host_name, 'cluster-a');
    assert.equal(merged.target_data.comments, 'manifests of the shop cluster\nMerged from 2 checklists: a.cklb (this target), b.cklb (cluster-b, 10.0.0.2).');
    assert.match(rule(merged, 'V-254571').finding_details, /^\[a\.cklb: open\]\n/);
    assert.match(merged.title, /\(merged from 2 checklists\)$/);
  });

  it('.cklb: the same inputs give the same merged checklist; another order another one', () => {
    const a = cklbText(input());
    const b = cklbText(clusterB());
    assert.equal(mergeCklb(a, b), mergeCklb(a, b));
    assert.notEqual(JSON.parse(mergeCklb(a, b)).id, JSON.parse(mergeCklb(b, a)).id);
  });

  it('refuses checklists of different STIGs or releases, with a clear message', () => {
    const other = input({
      benchmark: { ...BENCHMARK, benchmarkId: 'Kubernetes_STIG', title: 'Kubernetes Security Technical Implementation Guide' },
      results: [],
    });
    const nextRelease = input({ benchmark: { ...BENCHMARK, release: 5, releaseInfo: 'Release: 5 Benchmark Date: 02 Apr 2025' }, results: [] });
    assert.throws(
      () => mergeCklb(cklbText(input()), cklbText(other)),
      /^Error: cannot merge checklists of different STIGs: "cluster-a" has RGS_RKE2_STIG, "cluster-a #2" has Kubernetes_STIG$/,
    );
    assert.throws(
      () => mergeCklb({ label: 'march.cklb', text: cklbText(input()) }, { label: 'april.cklb', text: cklbText(nextRelease) }),
      /^Error: cannot merge checklists of different releases of RGS_RKE2_STIG: "march.cklb" has version 2, Release: 4 Benchmark Date: 30 Jan 2025, "april.cklb" has version 2, Release: 5 Benchmark Date: 02 Apr 2025$/,
    );
    assert.throws(() => mergeCkl(cklText(input()), cklText(other)), /cannot merge checklists of different STIGs/);
    assert.throws(() => mergeCkl(cklText(input()), cklText(nextRelease)), /cannot merge checklists of different releases of RGS_RKE2_STIG/);
  });

  it('refuses what is not a checklist', () => {
    assert.throws(() => mergeCklb('{'), /"checklist 1" is not JSON/);
    assert.throws(() => mergeCklb('{"title": "x"}'), /is not a \.cklb checklist/);
    const bad = JSON.parse(cklbText(input()));
    bad.stigs[0].rules[0].status = 'Open';
    assert.throws(() => mergeCklb(cklbText(input()), JSON.stringify(bad)), /V-254553 has status "Open"/);
    assert.throws(() => mergeCkl('<CHECKLIST><ASSET/></CHECKLIST>'), /has no <STIGS>/);
    assert.throws(() => mergeCkl('<!DOCTYPE x [<!ENTITY a "b">]><CHECKLIST/>'), /DOCTYPE/);
    assert.throws(() => mergeCklb(), /nothing to merge/);
  });

  it('.ckl: the same merge, and the result passes the structural check', () => {
    const mergedXml = checkCkl(mergeCkl(cklText(input()), cklText(clusterB())));
    const mergedJson = JSON.parse(mergeCklb(cklbText(input()), cklbText(clusterB())));
    const STATUS: Record<string, string> = { open: 'Open', not_a_finding: 'NotAFinding', not_applicable: 'Not_Applicable', not_reviewed: 'Not_Reviewed' };
    const vulns = mergedXml.stigs[0].vulns;
    assert.equal(vulns.length, mergedJson.stigs[0].rules.length);
    vulns.forEach((v, i) => {
      const r = mergedJson.stigs[0].rules[i];
      assert.equal(v.get('Vuln_Num'), r.group_id);
      assert.equal(v.status, STATUS[r.status], r.group_id);
      assert.equal(v.findingDetails, r.finding_details, r.group_id);
      assert.equal(v.comments, r.comments, r.group_id);
    });
    assert.equal(mergedXml.asset.HOST_NAME, 'cluster-a');
    assert.equal(
      mergedXml.asset.TARGET_COMMENT,
      'manifests of the shop cluster\nMerged from 2 checklists: cluster-a (this target), cluster-b (cluster-b, 10.0.0.2).',
    );
  });

  it('.ckl: adds TARGET_COMMENT where STIG Viewer puts it when a checklist has none', () => {
    const text = cklText(input()).replace(/\t\t<TARGET_COMMENT>[^<]*<\/TARGET_COMMENT>\n/, '');
    const merged = mergeCkl(text, cklText(clusterB()));
    assert.match(
      merged,
      /<HOST_FQDN>cluster-a\.example\.mil<\/HOST_FQDN>\n\t\t<TARGET_COMMENT>Merged from 2 checklists: cluster-a \(this target\), cluster-b \(cluster-b, 10\.0\.0\.2\)\.<\/TARGET_COMMENT>\n\t\t<TECH_AREA>/,
    );
    checkCkl(merged);
  });
});
