/**
 * The compliance requests through the bundled server (server/src/lsp/compliance.ts): the view's
 * data for the workspace and the STIG of the active profile, the findings of a requirement with
 * their places, the `.cklb` export (valid against schemas/cklb.schema.json), updates as files
 * change on disk and in the editor, and profiles without a checklist.
 */
import { HARDENED_RKE2_CONFIG } from '../support/rke2-configs';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import {
  COMPLIANCE_CHANGED_NOTIFICATION,
  COMPLIANCE_FINDINGS_REQUEST,
  COMPLIANCE_REQUEST,
  EXPORT_CHECKLIST_REQUEST,
  type ComplianceFindingsResult,
  type ComplianceResult,
  type ExportChecklistResult,
} from '../../shared/protocol';
import { assertValid, cklbValidator } from '../unit/evidence/helpers';
import { fileUri, TestClient } from './harness';

const DEPLOY = [
  '# A web front end. Its container asks for more than it needs.',
  'apiVersion: apps/v1',
  'kind: Deployment',
  'metadata:',
  '  name: web',
  '  namespace: shop',
  'spec:',
  '  template:',
  '    spec:',
  '      securityContext:',
  '        runAsNonRoot: true',
  '        seccompProfile: {type: RuntimeDefault}',
  '      containers:',
  '        - name: web',
  '          image: registry.local/shop/web:1.4.2',
  '          securityContext:',
  '            allowPrivilegeEscalation: false',
  '            capabilities: {drop: [ALL]}',
  '            privileged: true   # left over from debugging',
  '',
].join('\n');
const CLEAN = DEPLOY.replace('            privileged: true   # left over from debugging\n', '');
/** The hardened RKE2 server config, marked as one wherever it lies. */
const RKE2_CONFIG = `# podsec: rke2-config\n${HARDENED_RKE2_CONFIG}`;

describe('language server, compliance view and checklist export', function () {
  let dir: string;
  let client: TestClient;
  let changes: () => number;

  const compliance = () => client.conn.sendRequest(COMPLIANCE_REQUEST, {}) as Promise<ComplianceResult>;
  /** The results once every file is analysed (asked again after each change notification). */
  const settled = async (test: (r: ComplianceResult) => boolean = () => true, what = 'the results'): Promise<ComplianceResult> => {
    let last: ComplianceResult | undefined;
    const deadline = Date.now() + 30_000;
    while (Date.now() < deadline) {
      const seen = changes();
      last = await compliance();
      if (last.state === 'ready' && test(last)) return last;
      await client.until(() => changes() > seen, 'a change notification', Math.max(1, deadline - Date.now())).catch(() => undefined);
    }
    throw new Error(`${what} never came: ${JSON.stringify(last?.requirements.map((q) => [q.vulnId, q.status, q.count]))}`);
  };
  const req = (r: ComplianceResult, vulnId: string) => r.requirements.find((q) => q.vulnId === vulnId)!;

  beforeEach(async () => {
    dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'podsec-compliance-')));
    fs.mkdirSync(path.join(dir, 'apps'));
    fs.writeFileSync(path.join(dir, 'apps', 'web.yaml'), DEPLOY);
    fs.writeFileSync(path.join(dir, 'apps', 'api.yaml'), CLEAN.replace(/web/g, 'api'));
    fs.writeFileSync(path.join(dir, 'node-config.yaml'), RKE2_CONFIG);
    fs.writeFileSync(path.join(dir, '.podsec.yaml'), 'profile: stig-rke2\n');
    client = new TestClient({ settings: {}, workspaceFolders: [dir] });
    changes = client.countNotifications(COMPLIANCE_CHANGED_NOTIFICATION);
    await client.initialize();
  });
  afterEach(async () => {
    await client.shutdown();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('answers, for the STIG of the profile, every requirement with its status, count and why', async () => {
    const r = await settled();
    assert.equal(r.profile, 'stig-rke2');
    assert.deepEqual(r.stig, {
      benchmarkId: 'RGS_RKE2_STIG',
      title: 'Rancher Government Solutions RKE2 Security Technical Implementation Guide',
      release: 'V2R7',
      date: '2026-07-01',
    });
    assert.deepEqual(r.progress, { analysed: 3, total: 3 });
    assert.equal(r.files, 3);
    assert.equal(r.requirements.length, 21);
    assert.equal(r.counts.open + r.counts.not_a_finding + r.counts.not_applicable + r.counts.not_reviewed, 21);
    assert.equal(r.counts.open, r.requirements.filter((q) => q.status === 'open').length);
    const pss = req(r, 'V-254571');
    assert.equal(pss.status, 'open');
    assert.equal(pss.count, 1);
    assert.ok(pss.rules.includes('privileged'));
    assert.equal(pss.severity, 'medium');
    assert.equal(pss.stigId, 'CNTR-R2-001130');
    assert.deepEqual([req(r, 'V-254569').status, req(r, 'V-254569').count], ['not_a_finding', 0]);
    assert.match(
      req(r, 'V-254569').details,
      /^podsec checked 3 files \(\d+ Kubernetes objects and config documents\) and found nothing that breaks this requirement:\napps\/api\.yaml\napps\/web\.yaml\nnode-config\.yaml$/,
    );
    assert.equal(req(r, 'V-254574').status, 'not_reviewed');
    assert.equal(req(r, 'V-254574').details, 'needs the running cluster (images of running pods)');
  });

  it('lists the findings of a requirement with the file and the range to open', async () => {
    await settled();
    const f = (await client.conn.sendRequest(COMPLIANCE_FINDINGS_REQUEST, { vulnId: 'V-254571' })) as ComplianceFindingsResult;
    assert.equal(f.total, 1);
    assert.deepEqual(f.findings, [
      {
        uri: fileUri(path.join(dir, 'apps', 'web.yaml')),
        range: { start: { line: 18, character: 12 }, end: { line: 18, character: 28 } },
        message: "Container 'web' runs privileged (privileged: true): it has full access to the node.",
        ruleId: 'privileged',
        resource: 'Deployment/shop/web',
        container: 'web',
        suppressed: null,
      },
    ]);
    assert.deepEqual(await client.conn.sendRequest(COMPLIANCE_FINDINGS_REQUEST, { vulnId: 'V-254569' }), { findings: [], total: 0 });
  });

  it('writes the .cklb through the server: valid, with the statuses the view shows and the target given', async () => {
    const view = await settled();
    const out = path.join(dir, 'out', 'node-1.cklb');
    fs.mkdirSync(path.dirname(out));
    const res = (await client.conn.sendRequest(EXPORT_CHECKLIST_REQUEST, { uri: fileUri(out), target: { hostName: 'node-1' } })) as ExportChecklistResult;
    assert.equal(res.written, true, res.message);
    assert.match(
      res.message,
      /^Wrote node-1\.cklb: Rancher Government Solutions RKE2 Security Technical Implementation Guide V2R7, 1 open, \d+ not a finding, \d+ not reviewed \(3 files, \d+ objects\)\.$/,
    );
    const doc = JSON.parse(fs.readFileSync(out, 'utf8')) as {
      title: string;
      target_data: { host_name: string };
      stigs: { rules: { group_id: string; status: string; finding_details: string }[] }[];
    };
    assertValid(cklbValidator(), doc, 'the exported checklist');
    assert.equal(doc.title, 'Rancher Government Solutions RKE2 V2R7 - node-1');
    assert.equal(doc.target_data.host_name, 'node-1');
    const rules = doc.stigs[0].rules;
    assert.deepEqual(
      rules.map((x) => [x.group_id, x.status]),
      view.requirements.map((q) => [q.vulnId, q.status]),
    );
    assert.match(
      rules.find((x) => x.group_id === 'V-254571')!.finding_details,
      /^apps\/web\.yaml:19:13 Deployment\/shop\/web web — Container 'web' runs privileged/,
    );
    assert.deepEqual(fs.readdirSync(path.dirname(out)), ['node-1.cklb'], 'no temporary file is left');
  });

  it('follows files as they change on disk and in the editor', async () => {
    await settled();
    // fixed on disk: the watcher reports it, the requirement is judged again
    fs.writeFileSync(path.join(dir, 'apps', 'web.yaml'), CLEAN);
    await client.filesChanged([{ uri: fileUri(path.join(dir, 'apps', 'web.yaml')), type: 2 }]);
    let r = await settled((x) => req(x, 'V-254571').status !== 'open', 'the fixed file');
    assert.equal(req(r, 'V-254571').count, 0);
    // typed into an open document, not saved: counts at once
    const api = path.join(dir, 'apps', 'api.yaml');
    const uri = fileUri(api);
    const text = fs.readFileSync(api, 'utf8');
    await client.open(uri, text);
    const line = text.split('\n').findIndex((l) => l.includes('allowPrivilegeEscalation'));
    await client.change(uri, 2, [{ range: { start: { line, character: 0 }, end: { line, character: 0 } }, text: '            privileged: true\n' }]);
    r = await settled((x) => req(x, 'V-254571').count === 1, 'the typed finding');
    assert.equal(req(r, 'V-254571').status, 'open');
    // closed without saving: the file on disk counts again
    await client.close(uri);
    r = await settled((x) => req(x, 'V-254571').count === 0, 'the file on disk again');
    assert.equal(req(r, 'V-254571').status, 'not_a_finding');
    // a new file, and a deleted one
    fs.writeFileSync(path.join(dir, 'apps', 'new.yaml'), DEPLOY.replace(/web/g, 'new'));
    fs.rmSync(path.join(dir, 'node-config.yaml'));
    await client.filesChanged([
      { uri: fileUri(path.join(dir, 'apps', 'new.yaml')), type: 1 },
      { uri: fileUri(path.join(dir, 'node-config.yaml')), type: 3 },
    ]);
    r = await settled((x) => req(x, 'V-254571').count === 1 && x.files === 3 && req(x, 'V-254569').status === 'not_reviewed', 'the new and the deleted file');
    assert.match(req(r, 'V-254569').details, /^its check reads an RKE2 config or a Kubernetes component configuration/);
  });

  it('re-judges a file when another file it depends on changes: a Namespace and the admission configuration that exempts it', async () => {
    const pss = (exempt: string) =>
      [
        'apiVersion: pod-security.admission.config.k8s.io/v1',
        'kind: PodSecurityConfiguration',
        'defaults: {enforce: restricted, enforce-version: latest, audit: restricted, audit-version: latest, warn: restricted, warn-version: latest}',
        `exemptions: {namespaces: [${exempt}]}`,
        '',
      ].join('\n');
    fs.writeFileSync(path.join(dir, '.podsec.yaml'), 'profile: stig-rke2\nadmissionConfiguration: pss.yaml\n');
    fs.writeFileSync(path.join(dir, 'pss.yaml'), pss('kube-system'));
    const nsFile = path.join(dir, 'namespaces.yaml');
    fs.writeFileSync(nsFile, 'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: monitoring\n  labels:\n    pod-security.kubernetes.io/enforce: privileged\n');
    await client.filesChanged([
      { uri: fileUri(path.join(dir, '.podsec.yaml')), type: 2 },
      { uri: fileUri(path.join(dir, 'pss.yaml')), type: 1 },
      { uri: fileUri(nsFile), type: 1 },
    ]);
    // the privileged container of apps/web.yaml, and the Namespace no admission configuration exempts
    await settled((x) => req(x, 'V-254571').count === 2, 'the Namespace finding');
    let f = (await client.conn.sendRequest(COMPLIANCE_FINDINGS_REQUEST, { vulnId: 'V-254571' })) as ComplianceFindingsResult;
    assert.deepEqual(
      f.findings.map((x) => [path.basename(x.uri), x.ruleId, x.range.start.line]),
      [
        ['web.yaml', 'privileged', 18],
        ['namespaces.yaml', 'pod-security-admission-restricted', 5],
      ],
      'in the order of their paths: apps/web.yaml, namespaces.yaml',
    );
    // only the admission configuration changes: the Namespace's file is judged again in the new context
    fs.writeFileSync(path.join(dir, 'pss.yaml'), pss('kube-system, monitoring'));
    await client.filesChanged([{ uri: fileUri(path.join(dir, 'pss.yaml')), type: 2 }]);
    await settled((x) => req(x, 'V-254571').count === 1, 'the exempted Namespace');
    f = (await client.conn.sendRequest(COMPLIANCE_FINDINGS_REQUEST, { vulnId: 'V-254571' })) as ComplianceFindingsResult;
    assert.deepEqual(
      f.findings.map((x) => path.basename(x.uri)),
      ['web.yaml'],
    );
  });

  it('a profile without a checklist: the view says which profiles have one, and the export refuses', async () => {
    fs.writeFileSync(path.join(dir, '.podsec.yaml'), 'profile: restricted\n');
    await client.filesChanged([{ uri: fileUri(path.join(dir, '.podsec.yaml')), type: 2 }]);
    const r = await settled((x) => x.profile === 'restricted', 'the restricted profile');
    assert.equal(r.stig, null);
    assert.deepEqual(r.requirements, []);
    assert.deepEqual(r.checklistProfiles, [
      { profile: 'stig-rke2', stig: 'Rancher Government Solutions RKE2 Security Technical Implementation Guide' },
      { profile: 'stig-kubernetes', stig: 'Kubernetes Security Technical Implementation Guide' },
    ]);
    const out = path.join(dir, 'x.cklb');
    const res = (await client.conn.sendRequest(EXPORT_CHECKLIST_REQUEST, { uri: fileUri(out), target: {} })) as ExportChecklistResult;
    assert.equal(res.written, false);
    assert.equal(
      res.message,
      'The profile restricted has no STIG checklist: set the profile to stig-rke2 (Rancher Government Solutions RKE2 Security Technical Implementation Guide) or stig-kubernetes (Kubernetes Security Technical Implementation Guide).',
    );
    assert.ok(!fs.existsSync(out));
    // and back: the Kubernetes STIG this time
    fs.writeFileSync(path.join(dir, '.podsec.yaml'), 'profile: stig-kubernetes\n');
    await client.filesChanged([{ uri: fileUri(path.join(dir, '.podsec.yaml')), type: 2 }]);
    const k = await settled((x) => x.stig?.benchmarkId === 'Kubernetes_STIG', 'the Kubernetes STIG');
    assert.equal(req(k, 'V-254800').status, 'open');
  });
});
