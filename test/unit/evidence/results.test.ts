/**
 * From findings to a verdict per STIG requirement (server/src/evidence/results.ts), with podsec's
 * real rules and catalogues: Open, Not a Finding, Not Reviewed and why, suppressions, capped
 * lists, and the rules of a requirement derived from rule metadata.
 */
import { HARDENED_RKE2_CONFIG } from '../../support/rke2-configs';
import * as assert from 'node:assert/strict';
import { cklbText } from '../../../server/src/evidence/cklb';
import { contentsOf, RequirementResults, requirementsOfRule, stigOfProfile, CHECKLIST_PROFILES, type CheckedFile } from '../../../server/src/evidence/results';
import type { RequirementResult } from '../../../server/src/evidence/types';
import { extractFacts } from '../../../server/src/engine/cluster/facts';
import { looksLikeManifest } from '../../../server/src/engine/file-kind';
import { analyzeText } from '../../../server/src/engine/pipeline';
import { RULES_BY_ID, resolveRuleSet, type EngineOptions } from '../../../server/src/engine/profiles';
import { KUBERNETES_STIG } from '../../../server/src/engine/stig/kubernetes-stig';
import { RKE2_STIG } from '../../../server/src/engine/stig/rke2-stig';
import { assertValid, cklbValidator } from './helpers';

const RKE2 = stigOfProfile('stig-rke2')!;

const deployment = (extra: { privileged?: boolean; env?: string; comment?: string } = {}) =>
  [
    'apiVersion: apps/v1',
    'kind: Deployment',
    'metadata:',
    '  name: api',
    '  namespace: shop',
    'spec:',
    '  template:',
    '    spec:',
    '      securityContext:',
    '        runAsNonRoot: true',
    '        seccompProfile: {type: RuntimeDefault}',
    '      containers:',
    '        - name: api',
    '          image: registry.example.com/shop/api:5.2.0',
    ...(extra.env
      ? [
          '          env:',
          `            - name: ${extra.env}`,
          ...(extra.comment ? [`              ${extra.comment}`] : []),
          '              valueFrom: {secretKeyRef: {name: db, key: password}}',
        ]
      : []),
    '          securityContext:',
    '            allowPrivilegeEscalation: false',
    '            capabilities: {drop: [ALL]}',
    ...(extra.privileged ? ['            privileged: true'] : []),
    '',
  ].join('\n');

const RKE2_CONFIG = HARDENED_RKE2_CONFIG;

/** Analyse files as the CLI would and collect the results. */
function check(
  files: Record<string, string>,
  options: EngineOptions = {},
  max?: number,
): { results: Map<string, RequirementResult>; builder: RequirementResults } {
  const rules = resolveRuleSet({ profile: 'stig-rke2', ...options });
  const builder = new RequirementResults(
    RKE2,
    rules.run.map((a) => a.rule),
    { maxFindings: max },
  );
  for (const [file, text] of Object.entries(files)) {
    const path = `/repo/${file}`;
    const set = resolveRuleSet({ profile: 'stig-rke2', ...options, filePath: path });
    const { findings, documents } = analyzeText(text, set);
    const holds = contentsOf(text, extractFacts(path, text), looksLikeManifest(text));
    const checked: CheckedFile = { file, objects: documents, holds };
    builder.add(checked, findings);
  }
  return { results: new Map(builder.results().map((r) => [r.vulnId, r])), builder };
}

describe('evidence: requirement results', () => {
  it('a profile has the STIG its metadata names; other profiles have none', () => {
    assert.equal(stigOfProfile('stig-rke2')!.benchmark, RKE2_STIG);
    assert.equal(stigOfProfile('stig-kubernetes')!.benchmark, KUBERNETES_STIG);
    assert.equal(stigOfProfile('restricted'), undefined);
    assert.equal(stigOfProfile('baseline'), undefined);
    assert.deepEqual(CHECKLIST_PROFILES, ['stig-rke2', 'stig-kubernetes']);
  });

  it('every requirement gets a result, and the rules that check it come from rule metadata', () => {
    const { results } = check({ 'apps/api.yaml': deployment() });
    assert.equal(results.size, RKE2_STIG.requirements.length);
    const run = resolveRuleSet({ profile: 'stig-rke2' }).run.map((a) => a.rule);
    for (const req of RKE2_STIG.requirements) {
      const expected = run.filter((r) => r.meta.standards.some((s) => s.framework === 'disa-stig-rke2' && s.id === req.vulnId)).map((r) => r.meta.id);
      assert.deepEqual(results.get(req.vulnId)!.rules, expected, req.vulnId);
    }
    assert.ok(results.get('V-254571')!.rules.includes('privileged'));
    assert.deepEqual(requirementsOfRule(RULES_BY_ID.get('kubelet-protect-kernel-defaults')!, 'disa-stig-rke2'), ['V-254569']);
  });

  it('Open when a finding maps to it, with file, line, resource, container and message', () => {
    const { results } = check({ 'apps/api.yaml': deployment({ privileged: true }) });
    const r = results.get('V-254571')!;
    assert.equal(r.status, 'open');
    assert.equal(r.totalFindings, 1);
    assert.deepEqual(r.findings, [
      {
        file: 'apps/api.yaml',
        line: 18,
        column: 13,
        resource: 'Deployment/shop/api',
        container: 'api',
        message: "Container 'api' runs privileged (privileged: true): it has full access to the node.",
        ruleId: 'privileged',
      },
    ]);
  });

  it('Not a Finding when a rule checked files of the kind the check reads and found nothing; the details say what was checked', () => {
    const { results } = check({ 'apps/api.yaml': deployment(), 'apps/web.yaml': `${deployment()}---\n${deployment()}` });
    const r = results.get('V-254570')!; // user workloads outside the system namespaces
    assert.equal(r.status, 'not_a_finding');
    assert.deepEqual(r.rules, ['system-namespace-workload', 'default-namespace-workload']);
    assert.equal(
      r.details,
      'podsec checked 2 files (3 Kubernetes objects and config documents) and found nothing that breaks this requirement:\napps/api.yaml\napps/web.yaml',
    );
  });

  it('Not Reviewed when none of the files is of a kind the check reads: finding nothing there proves nothing', () => {
    const { results } = check({ 'apps/api.yaml': deployment() });
    const kernel = results.get('V-254569')!;
    assert.equal(kernel.status, 'not_reviewed');
    assert.deepEqual(kernel.rules, ['kubelet-protect-kernel-defaults', 'rke2-kubelet-flags']);
    assert.match(
      kernel.details,
      /^its check reads an RKE2 config or a Kubernetes component configuration \(static pod, KubeletConfiguration, audit policy\), and none of the 1 file checked holds one/,
    );
    // the Pod Security requirement reads the admission configuration or the RKE2 config
    assert.equal(results.get('V-254571')!.status, 'not_reviewed');
    // with an RKE2 config among the files, both can be judged
    const withConfig = check({ 'apps/api.yaml': deployment(), 'node/etc/rancher/rke2/config.yaml': RKE2_CONFIG }).results;
    assert.equal(withConfig.get('V-254569')!.status, 'not_a_finding');
    assert.equal(withConfig.get('V-254571')!.status, 'not_a_finding');
    assert.match(withConfig.get('V-254569')!.details, /^podsec checked 2 files .*\napps\/api\.yaml\nnode\/etc\/rancher\/rke2\/config\.yaml$/);
  });

  it('Not Reviewed, with the reason, for what files cannot decide and what no rule checks', () => {
    const { results } = check({ 'apps/api.yaml': deployment({ privileged: true }) });
    const perms = results.get('V-254564')!;
    assert.equal(perms.status, 'not_reviewed');
    assert.equal(perms.details, RKE2_STIG.requirements.find((q) => q.vulnId === 'V-254564')!.notDecidableWhy);
    // every requirement files can decide has a rule, in both STIGs: none is left to "no rule checks it"
    for (const profile of CHECKLIST_PROFILES) {
      const all = check({ 'apps/api.yaml': deployment({ privileged: true }) }, { profile }).results;
      assert.deepEqual(
        [...all.values()].filter((r) => r.details === 'no podsec rule checks it yet').map((r) => r.vulnId),
        [],
        profile,
      );
    }
    const off = check(
      { 'apps/api.yaml': deployment(), 'etc/rancher/rke2/config.yaml': RKE2_CONFIG },
      { rules: { 'kubelet-protect-kernel-defaults': 'off', 'rke2-kubelet-flags': 'off' } },
    ).results;
    assert.equal(off.get('V-254569')!.status, 'not_reviewed');
    assert.equal(
      off.get('V-254569')!.details,
      'the podsec rules that check it (kubelet-protect-kernel-defaults, rke2-kubelet-flags) did not run (turned off in the configuration)',
    );
  });

  it('a suppressed finding: Not a Finding with its reason in the comments; without a reason, Open', () => {
    const reasoned = check({
      'apps/api.yaml': deployment({ env: 'DB_PASSWORD', comment: '# podsec-disable-next-line secret-in-env -- read once at start, then unset' }),
    }).results;
    const r = reasoned.get('V-254567')!;
    assert.equal(r.status, 'not_a_finding');
    assert.equal(r.findings.length, 1);
    assert.deepEqual(r.findings[0].suppressed, { reason: 'read once at start, then unset' });
    const text = cklbText({
      benchmark: RKE2_STIG,
      results: [...reasoned.values()],
      target: {},
      run: { tool: { name: 'podsec', version: '0.0.0' }, time: '2026-01-01T00:00:00Z', profile: 'stig-rke2', files: ['apps/api.yaml'], objects: 1 },
    });
    const rule = (JSON.parse(text) as { stigs: { rules: { group_id: string; status: string; comments: string }[] }[] }).stigs[0].rules.find(
      (x) => x.group_id === 'V-254567',
    )!;
    assert.equal(rule.status, 'not_a_finding');
    assert.match(
      rule.comments,
      /Suppressed finding \(1\):\n- apps\/api\.yaml:18:27 Deployment\/shop\/api api — .* \[secret-in-env\] — reason: read once at start, then unset/,
    );

    const bare = check({ 'apps/api.yaml': deployment({ env: 'DB_PASSWORD', comment: '# podsec-disable-next-line secret-in-env' }) }).results.get('V-254567')!;
    assert.equal(bare.status, 'open');
    assert.equal(bare.details, '1 suppressed finding without a recorded reason counts as open (see the comments).');
  });

  it('memory is bounded: the findings listed are capped, the count is not', () => {
    const many = Array.from({ length: 30 }, () => deployment({ privileged: true })).join('---\n');
    const { results, builder } = check({ 'apps/many.yaml': many }, {}, 10);
    const r = results.get('V-254571')!;
    assert.equal(r.status, 'open');
    assert.equal(r.findings.length, 10);
    assert.equal(r.totalFindings, 30);
    assert.equal(builder.openCount('V-254571'), 30);
    // and the checklist says how many more there are
    const text = cklbText({
      benchmark: RKE2_STIG,
      results: [...results.values()],
      target: { hostName: 'node-1' },
      run: { tool: { name: 'podsec', version: '0.0.0' }, time: '2026-01-01T00:00:00Z', profile: 'stig-rke2', files: ['apps/many.yaml'], objects: 30 },
    });
    assertValid(cklbValidator(), JSON.parse(text), 'the checklist');
    assert.match(text, /… and 20 more findings/);
  });

  it('what a file holds, as the checks read it', () => {
    assert.deepEqual(contentsOf(deployment(), undefined, true), ['manifest']);
    assert.deepEqual(contentsOf(RKE2_CONFIG, extractFacts('/n/etc/rancher/rke2/config.yaml', RKE2_CONFIG, { rke2: { role: 'main', why: 'path' } }), false), [
      'rke2-config',
    ]);
    const kubelet = 'apiVersion: kubelet.config.k8s.io/v1beta1\nkind: KubeletConfiguration\nprotectKernelDefaults: true\n';
    assert.deepEqual(contentsOf(kubelet, undefined, true), ['manifest', 'component']);
    const staticPod =
      'apiVersion: v1\nkind: Pod\nspec:\n  containers:\n    - name: kube-apiserver\n      command:\n        - kube-apiserver\n        - --tls-min-version=VersionTLS12\n';
    assert.deepEqual(contentsOf(staticPod, undefined, true), ['manifest', 'component']);
    const ns = 'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: shop\n';
    assert.deepEqual(contentsOf(ns, extractFacts('/r/ns.yaml', ns), true), ['manifest', 'namespace']);
  });
});
