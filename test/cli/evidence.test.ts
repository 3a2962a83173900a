/**
 * `podsec check --format cklb|ckl|oscal` and `podsec checklist merge`: audit evidence for the STIG
 * of the profile, from the command line.
 *
 * - The checklists of examples/ are pinned in test/cli/snapshots/ (examples.stig-rke2.cklb,
 *   examples.stig-kubernetes.ckl, examples.stig-rke2.oscal.json), written with SOURCE_DATE_EPOCH
 *   so that the date is fixed. When examples, rules or the writers change on purpose, regenerate
 *   them and review the diff:
 *
 *     npx tsc -p test && UPDATE_SNAPSHOTS=1 node scripts/run-tests.mjs cli
 *
 * - `.cklb` is validated against schemas/cklb.schema.json, `.ckl` by the structural check of
 *   test/unit/evidence/ckl-structure.ts (its sources are cited there), OSCAL structurally here and
 *   against NIST's schema when schemas/vendor/oscal holds it (skipped with a message otherwise).
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { MAX_LISTED } from '../../server/src/cli/evidence';
import { analyzeText } from '../../server/src/engine/pipeline';
import { resolveRuleSet } from '../../server/src/engine/profiles';
import { KUBERNETES_STIG } from '../../server/src/engine/stig/kubernetes-stig';
import { RKE2_STIG } from '../../server/src/engine/stig/rke2-stig';
import { requirementsOfRule } from '../../server/src/evidence/results';
import { RULES_BY_ID } from '../../server/src/engine/profiles';
import { checkCkl } from '../unit/evidence/ckl-structure';
import { assertValid, cklbValidator, OSCAL_SCHEMA, oscalValidator } from '../unit/evidence/helpers';
import { cleanup, REPO, run, tempDir, writeTree } from './helpers';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;

const SNAPSHOTS = path.join(REPO, 'test', 'cli', 'snapshots');
/** 2026-01-01T00:00:00Z */
const EPOCH = '1767225600';
const ENV = { SOURCE_DATE_EPOCH: EPOCH };
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

function rulesOf(cklb: Json): Map<string, Json> {
  return new Map(cklb.stigs[0].rules.map((r: Json) => [r.group_id, r]));
}

async function evidence(args: string[], opts: Parameters<typeof run>[1] = {}) {
  return run(['check', ...args], { env: ENV, ...opts });
}

function snapshot(name: string, text: string): void {
  const file = path.join(SNAPSHOTS, name);
  if (process.env.UPDATE_SNAPSHOTS) fs.writeFileSync(file, text);
  assert.ok(fs.existsSync(file), `missing ${file}: run with UPDATE_SNAPSHOTS=1`);
  assert.equal(text, fs.readFileSync(file, 'utf8'), `${name} changed: review, then regenerate with UPDATE_SNAPSHOTS=1 (see the header)`);
}

const TARGET = ['--target-host', 'cluster-a', '--target-fqdn', 'cluster-a.example.mil', '--target-ip', '10.0.0.1', '--target-role', 'Member Server'];

/** A Deployment meeting restricted, in namespace `shop` unless told, optionally privileged and with a suppression. */
function deployment(name: string, opts: { privileged?: boolean; namespace?: string; ignore?: string; reason?: string } = {}): string {
  return [
    'apiVersion: apps/v1',
    'kind: Deployment',
    'metadata:',
    `  name: ${name}`,
    `  namespace: ${opts.namespace ?? 'shop'}`,
    ...(opts.ignore ? ['  annotations:', `    podsec.io/ignore: ${opts.ignore}`, ...(opts.reason ? [`    podsec.io/ignore-reason: ${opts.reason}`] : [])] : []),
    'spec:',
    '  template:',
    '    spec:',
    '      securityContext:',
    '        runAsNonRoot: true',
    '        seccompProfile: {type: RuntimeDefault}',
    '      containers:',
    `        - name: ${name}`,
    '          image: registry.example.com/shop/app:1.0.0',
    '          securityContext:',
    '            allowPrivilegeEscalation: false',
    '            capabilities: {drop: [ALL]}',
    ...(opts.privileged ? ['            privileged: true'] : []),
    '',
  ].join('\n');
}

describe('cli: audit evidence (cklb, ckl, oscal)', () => {
  describe('examples/', () => {
    it('cklb: every requirement of the RKE2 STIG, valid against the CKLB schema, pinned (snapshot)', async () => {
      const r = await evidence(['examples', '--profile', 'stig-rke2', '--format', 'cklb', ...TARGET], { cwd: REPO });
      assert.equal(r.code, 1, 'findings at error severity still exit 1');
      assert.equal(r.err, '');
      const doc = JSON.parse(r.out);
      assertValid(cklbValidator(), doc, 'examples.cklb');
      const rules = rulesOf(doc);
      assert.deepEqual([...rules.keys()].sort(), RKE2_STIG.requirements.map((q) => q.vulnId).sort(), 'every requirement of the release, once');
      assert.equal(doc.stigs[0].size, RKE2_STIG.requirements.length);
      assert.equal(doc.stigs[0].release_info, RKE2_STIG.releaseInfo);
      assert.deepEqual(
        [doc.target_data.host_name, doc.target_data.fqdn, doc.target_data.ip_address, doc.target_data.role, doc.target_data.mac_address],
        ['cluster-a', 'cluster-a.example.mil', '10.0.0.1', 'Member Server', ''],
      );
      // Open: each finding with file:line:col, resource, container and message
      const psa = rules.get('V-254571');
      assert.equal(psa.status, 'open');
      assert.match(psa.finding_details, /^examples\/api-missing-hardening\.yaml:\d+:\d+ Deployment\/orders\/orders-api migrate — Init container 'migrate' /m);
      const kernel = rules.get('V-254569');
      assert.equal(kernel.status, 'open');
      assert.match(kernel.finding_details, /^examples\/rke2\/etc\/rancher\/rke2\/config\.yaml:\d+:1 — This RKE2 config sets neither protect-kernel-defaults/m);
      // examples/ shows a finding of every requirement files decide; the hardened node is Not a Finding
      assert.equal(rules.get('V-254562').status, 'open');
      // Not Reviewed: why podsec cannot judge it from files
      const notReviewed = [...rules.values()].filter((x) => x.status === 'not_reviewed');
      assert.ok(notReviewed.length > 0);
      for (const x of notReviewed) {
        assert.equal(x.finding_details, '', x.group_id);
        assert.match(x.comments, /podsec cannot judge this requirement from files: \S/, x.group_id);
      }
      snapshot('examples.stig-rke2.cklb', r.out);
    });

    it('cklb: the hardened RKE2 node is Not a Finding where files decide, saying what was checked', async () => {
      const r = await evidence(['examples/rke2-hardened', '--profile', 'stig-rke2', '--format', 'cklb', ...TARGET], { cwd: REPO });
      assert.equal(r.code, 0);
      const rules = rulesOf(JSON.parse(r.out));
      const anon = rules.get('V-254562');
      assert.equal(anon.status, 'not_a_finding');
      assert.match(
        anon.finding_details,
        /^podsec checked \d+ files \(\d+ Kubernetes objects and config documents\) and found nothing that breaks this requirement:\nexamples\/rke2-hardened\//,
      );
      assert.match(anon.comments, /^Checked by podsec \S+ \(profile stig-rke2\) with rule: apiserver-anonymous-auth\.$/);
      assert.deepEqual(
        [...rules.values()].filter((x) => x.status === 'open').map((x) => x.group_id),
        [],
      );
    });

    it('ckl: every requirement of the Kubernetes STIG, in the structure STIG Viewer 2 writes, pinned (snapshot)', async () => {
      const r = await evidence(['examples', '--profile', 'stig-kubernetes', '--format', 'ckl', '--target-host', 'cluster-b', '--target-tech-area', 'UNIX OS'], {
        cwd: REPO,
      });
      assert.equal(r.code, 1);
      const ckl = checkCkl(r.out);
      assert.equal(ckl.asset.HOST_NAME, 'cluster-b');
      assert.equal(ckl.asset.TECH_AREA, 'UNIX OS');
      assert.equal(ckl.stigs.length, 1);
      assert.equal(ckl.stigs[0].info.stigid, KUBERNETES_STIG.benchmarkId);
      assert.deepEqual(ckl.stigs[0].vulns.map((v) => v.get('Vuln_Num')).sort(), KUBERNETES_STIG.requirements.map((q) => q.vulnId).sort());
      const byId = new Map(ckl.stigs[0].vulns.map((v) => [v.get('Vuln_Num'), v]));
      assert.equal(byId.get('V-242415')!.status, 'Open'); // secrets in environment variables
      assert.match(byId.get('V-242415')!.findingDetails, /^examples\/secrets-in-env\.yaml:\d+:\d+ Deployment\/default\/payments-worker worker — /m);
      assert.ok(ckl.stigs[0].vulns.some((v) => v.status === 'Not_Reviewed'));
      snapshot('examples.stig-kubernetes.ckl', r.out);
    });

    it('oscal: OSCAL 1.1.3 assessment results with a finding per open requirement, pinned (snapshot)', async () => {
      const r = await evidence(['examples', '--profile', 'stig-rke2', '--format', 'oscal', ...TARGET], { cwd: REPO });
      assert.equal(r.code, 1);
      const doc = JSON.parse(r.out);
      const ar = doc['assessment-results'];
      assert.equal(ar.metadata['oscal-version'], '1.1.3');
      assert.equal(ar.metadata['last-modified'], '2026-01-01T00:00:00Z');
      assert.match(ar.uuid, UUID);
      assert.match(ar['import-ap'].href, /^#[0-9a-f-]{36}$/);
      const result = ar.results[0];
      assert.equal(result.start, '2026-01-01T00:00:00Z');
      const cklb = rulesOf(JSON.parse((await evidence(['examples', '--profile', 'stig-rke2', '--format', 'cklb', ...TARGET], { cwd: REPO })).out));
      const open = [...cklb.values()].filter((x) => x.status === 'open').map((x) => x.group_id);
      assert.deepEqual(
        result.findings.map((f: Json) => f.target['target-id']),
        open,
        'one finding per open requirement, in V-ID order',
      );
      const observations = new Set(result.observations.map((o: Json) => o.uuid));
      for (const f of result.findings) {
        assert.equal(f.target.type, 'objective-id');
        assert.equal(f.target.status.state, 'not-satisfied');
        for (const o of f['related-observations']) assert.ok(observations.has(o['observation-uuid']), 'a finding links to its observations');
      }
      const files = result.observations[0];
      assert.deepEqual(files.methods, ['TEST']);
      assert.ok(files['relevant-evidence'].some((e: Json) => e.href === 'examples/secrets-in-env.yaml'));
      const validate = oscalValidator();
      if (validate) assertValid(validate, doc, 'examples OSCAL');
      else console.warn(`\n  SKIPPED (schema): ${OSCAL_SCHEMA} is missing; see schemas/vendor/oscal/README.md. Checked structurally only.\n`);
      snapshot('examples.stig-rke2.oscal.json', r.out);
    });

    it('the same input gives the same bytes: on one thread and two, run after run (dates from SOURCE_DATE_EPOCH)', async () => {
      for (const format of ['cklb', 'ckl', 'oscal']) {
        const args = ['examples', '--profile', 'stig-rke2', '--format', format];
        const a = await evidence([...args, '--threads', '1'], { cwd: REPO });
        const b = await evidence([...args, '--threads', '2'], { cwd: REPO });
        assert.equal(a.out, b.out, format);
        assert.ok(a.out.length > 1000);
      }
      // without SOURCE_DATE_EPOCH the run's own time is recorded
      const now = await run(['check', 'examples', '--profile', 'stig-rke2', '--format', 'cklb'], { cwd: REPO });
      const created = Date.parse(JSON.parse(now.out).stigs[0].rules[0].createdAt);
      assert.ok(Math.abs(created - Date.now()) < 3600_000, 'the date of the run');
      const bad = await run(['check', 'examples', '--profile', 'stig-rke2', '--format', 'cklb'], { cwd: REPO, env: { SOURCE_DATE_EPOCH: 'yesterday' } });
      assert.equal(bad.code, 2);
      assert.match(bad.err, /SOURCE_DATE_EPOCH must be a whole number of seconds/);
    });
  });

  describe('profile and options', () => {
    let dir: string;
    beforeEach(() => (dir = tempDir('podsec-evidence-')));
    afterEach(() => cleanup(dir));

    it('a profile without a STIG is a usage error naming the two that have one', async () => {
      writeTree(dir, { 'app.yaml': deployment('api') });
      for (const format of ['cklb', 'ckl', 'oscal']) {
        const r = await evidence([dir, '--format', format]);
        assert.equal(r.code, 2);
        assert.equal(r.out, '');
        assert.match(
          r.err,
          new RegExp(
            `--format ${format} writes a checklist for the STIG of the profile, and profile "restricted" has none: use --profile stig-rke2 or stig-kubernetes`,
          ),
        );
      }
      const baseline = await evidence([dir, '--format', 'cklb', '--profile', 'baseline']);
      assert.match(baseline.err, /profile "baseline" has none/);
      // the configuration's profile counts
      writeTree(dir, { '.podsec.yaml': 'profile: stig-kubernetes\n' });
      const r = await evidence([dir, '--format', 'cklb']);
      assert.equal(r.code, 0, r.err);
      assert.equal(JSON.parse(r.out).stigs[0].stig_id, KUBERNETES_STIG.benchmarkId);
    });

    it('files under different profiles are refused: a checklist is for one STIG', async () => {
      writeTree(dir, {
        'a/.podsec.yaml': 'profile: stig-rke2\n',
        'a/app.yaml': deployment('api'),
        'b/.podsec.yaml': 'profile: stig-kubernetes\n',
        'b/app.yaml': deployment('web'),
      });
      const r = await evidence([dir, '--format', 'cklb']);
      assert.equal(r.code, 2);
      assert.match(r.err, /different profiles: stig-rke2 \(.*a[/\\]app\.yaml\), stig-kubernetes \(.*b[/\\]app\.yaml\); choose one with --profile/);
      assert.equal((await evidence([dir, '--format', 'cklb', '--profile', 'stig-rke2'])).code, 0);
    });

    it('target data from .podsec.yaml checklist:, the --target-* options winning field by field; nothing guessed', async () => {
      writeTree(dir, {
        '.podsec.yaml':
          'profile: stig-rke2\nchecklist:\n  hostName: from-config\n  hostIp: 192.0.2.10\n  role: Domain Controller\n  marking: CUI\n  targetComment: |\n    the payments cluster\n    (staging)\n',
        'app.yaml': deployment('api'),
      });
      const r = await evidence([dir, '--format', 'cklb', '--target-host', 'from-flag', '--target-mac', '00:16:3e:00:00:01']);
      assert.equal(r.code, 0, r.err);
      const t = JSON.parse(r.out).target_data;
      assert.deepEqual(
        [t.host_name, t.ip_address, t.mac_address, t.fqdn, t.role, t.classification, t.comments, t.is_web_database],
        ['from-flag', '192.0.2.10', '00:16:3e:00:00:01', '', 'Domain Controller', 'CUI', 'the payments cluster\n(staging)\n', false],
      );
      const ckl = checkCkl((await evidence([dir, '--format', 'ckl', '--target-web-db-site', 'shop'])).out);
      assert.deepEqual([ckl.asset.HOST_NAME, ckl.asset.MARKING, ckl.asset.WEB_OR_DATABASE, ckl.asset.WEB_DB_SITE], ['from-config', 'CUI', 'true', 'shop']);
      // without any: empty fields, no host name looked up
      writeTree(dir, { '.podsec.yaml': 'profile: stig-rke2\n' });
      const bare = JSON.parse((await evidence([dir, '--format', 'cklb'])).out);
      assert.deepEqual([bare.target_data.host_name, bare.target_data.ip_address, bare.target_data.fqdn], ['', '', '']);
      assert.equal(bare.title, 'Rancher Government Solutions RKE2 V2R7');
    });

    it('bad target data: usage errors for options, configuration errors at the key', async () => {
      writeTree(dir, { 'app.yaml': deployment('api') });
      const role = await evidence([dir, '--format', 'cklb', '--profile', 'stig-rke2', '--target-role', 'Server']);
      assert.equal(role.code, 2);
      assert.match(role.err, /--target-role must be one of "None", "Workstation", "Member Server", "Domain Controller", not "Server"/);
      const area = await evidence([dir, '--format', 'ckl', '--profile', 'stig-rke2', '--target-tech-area', 'Kubernetes']);
      assert.match(area.err, /--target-tech-area must be one of .*"UNIX OS"/);
      const text = await evidence([dir, '--target-host', 'x']);
      assert.equal(text.code, 2);
      assert.match(text.err, /--target-\* options describe the target of a STIG checklist: use them with --format cklb, ckl, oscal/);
      const quiet = await evidence([dir, '--format', 'cklb', '--profile', 'stig-rke2', '--quiet']);
      assert.match(quiet.err, /a checklist needs every finding/);
      writeTree(dir, { '.podsec.yaml': 'profile: stig-rke2\nchecklist:\n  role: Server\n  hostname: typo\n' });
      const config = await evidence([dir, '--format', 'cklb']);
      assert.equal(config.code, 2);
      assert.match(config.err, /\.podsec\.yaml:3:9: checklist\.role must be one of "None"/);
      writeTree(dir, { '.podsec.yaml': 'profile: stig-rke2\nchecklist:\n  hostname: typo\n' });
      const warned = await evidence([dir, '--format', 'cklb']);
      assert.equal(warned.code, 0);
      assert.match(warned.err, /warning: .*checklist has no field "hostname"\. Did you mean "hostName"\?/);
    });

    it('two configuration files with different targets are refused; flags alone do not conflict', async () => {
      writeTree(dir, {
        'a/.podsec.yaml': 'profile: stig-rke2\nchecklist: {hostName: a}\n',
        'a/app.yaml': deployment('api'),
        'b/.podsec.yaml': 'profile: stig-rke2\nchecklist: {hostName: b}\n',
        'b/app.yaml': deployment('web'),
        'c/.podsec.yaml': 'profile: stig-rke2\n',
        'c/app.yaml': deployment('db'),
      });
      const r = await evidence([dir, '--format', 'cklb']);
      assert.equal(r.code, 2);
      assert.match(r.err, /different checklist targets/);
      const ok = await evidence([path.join(dir, 'a'), path.join(dir, 'c'), '--format', 'cklb', '--target-ip', '10.1.1.1']);
      assert.equal(ok.code, 0, ok.err);
      assert.deepEqual([JSON.parse(ok.out).target_data.host_name, JSON.parse(ok.out).target_data.ip_address], ['a', '10.1.1.1']);
    });

    it('suppressed findings: Not a Finding only with their recorded reason (in the comments), else Open', async () => {
      // V-254570: user workloads outside the system and default namespaces (its check reads workloads)
      const ignore = 'default-namespace-workload';
      writeTree(dir, { 'app.yaml': deployment('api', { namespace: 'default', ignore, reason: 'legacy app, exception SEC-12 until June' }) });
      const withReason = rulesOf(JSON.parse((await evidence(['.', '--format', 'cklb', '--profile', 'stig-rke2'], { cwd: dir })).out)).get('V-254570');
      assert.equal(withReason.status, 'not_a_finding');
      assert.match(
        withReason.finding_details,
        /^podsec checked 1 file \(1 Kubernetes object and config documents\) and found nothing that breaks this requirement:\napp\.yaml$/,
      );
      assert.match(
        withReason.comments,
        /^Suppressed finding \(1\):\n- app\.yaml:\d+:\d+ Deployment\/default\/api — .* \[default-namespace-workload\] — reason: legacy app, exception SEC-12 until June$/m,
      );
      writeTree(dir, { 'app.yaml': deployment('api', { namespace: 'default', ignore }) });
      const r = await evidence(['.', '--format', 'cklb', '--profile', 'stig-rke2'], { cwd: dir });
      const without = rulesOf(JSON.parse(r.out)).get('V-254570');
      assert.equal(without.status, 'open');
      assert.match(without.finding_details, /1 suppressed finding without a recorded reason counts as open/);
      assert.match(without.comments, /\[default-namespace-workload\] — no reason given$/m);
      // a privileged container is not a finding of V-254570, and its own requirement, V-254571, is
      // judged where Pod Security Admission is configured: not reviewed without such a file
      writeTree(dir, { 'app.yaml': deployment('api', { privileged: true }) });
      const psa = rulesOf(JSON.parse((await evidence(['.', '--format', 'cklb', '--profile', 'stig-rke2'], { cwd: dir })).out));
      assert.equal(psa.get('V-254571').status, 'open');
      assert.equal(psa.get('V-254570').status, 'not_a_finding');
    });

    it('--output writes the same bytes to a file, replaced only when complete', async () => {
      writeTree(dir, { 'app.yaml': deployment('api', { privileged: true }) });
      const out = path.join(dir, 'evidence.ckl');
      const stdout = await evidence([path.join(dir, 'app.yaml'), '--format', 'ckl', '--profile', 'stig-rke2']);
      const r = await evidence([path.join(dir, 'app.yaml'), '--format', 'ckl', '--profile', 'stig-rke2', '--output', out]);
      assert.equal(r.code, 1);
      assert.equal(r.out, '');
      assert.equal(fs.readFileSync(out, 'utf8'), stdout.out);
      // a run that stops (a usage error found after the files were listed) leaves the file alone
      const failed = await evidence([path.join(dir, 'app.yaml'), '--format', 'ckl', '-o', out]);
      assert.equal(failed.code, 2);
      assert.equal(fs.readFileSync(out, 'utf8'), stdout.out);
      assert.deepEqual(
        fs.readdirSync(dir).filter((f) => f.endsWith('.tmp')),
        [],
        'no temporary file left',
      );
      const unwritable = await evidence([path.join(dir, 'app.yaml'), '-o', path.join(dir, 'missing', 'x.json'), '--format', 'json']);
      assert.equal(unwritable.code, 2);
      assert.match(unwritable.err, /cannot write .*x\.json/);
    });
  });

  describe('a findings-heavy input', () => {
    let dir: string;
    before(() => (dir = tempDir('podsec-evidence-heavy-')));
    after(() => cleanup(dir));

    it('gives a complete checklist: every finding counted, the list capped with the count of the rest', async function () {
      this.timeout(600_000);
      // privileged Pods in batches (more than a split's worth of bytes), every 50th suppressed with a reason
      const docs: string[] = [];
      let size = 0;
      for (let i = 0; size < 1.1 * 1024 * 1024; i++) {
        const ignore = i % 50 === 3 ? '  annotations:\n    podsec.io/ignore: privileged\n    podsec.io/ignore-reason: node agent\n' : '';
        const doc = `apiVersion: v1\nkind: Pod\nmetadata:\n  name: app-${i}\n  namespace: shop\n${ignore}spec:\n  containers:\n  - name: c\n    image: app:${i}\n    securityContext:\n      privileged: true\n`;
        docs.push(doc);
        size += doc.length + 4;
      }
      const text = docs.join('---\n');
      writeTree(dir, { 'heavy.yaml': text });
      const { findings } = analyzeText(text, resolveRuleSet({ profile: 'stig-rke2', filePath: path.join(dir, 'heavy.yaml') }));
      const counts = (vulnId: string) => {
        const of = findings.filter((f) => requirementsOfRule(RULES_BY_ID.get(f.ruleId)!, 'disa-stig-rke2').includes(vulnId));
        return { total: of.length, open: of.filter((f) => !f.suppressed).length, suppressed: of.filter((f) => f.suppressed).length };
      };
      const expected = counts('V-254571');
      assert.ok(expected.total > 10 * MAX_LISTED, `findings-heavy (${expected.total} findings for V-254571)`);
      assert.ok(expected.suppressed > 0);

      const one = await evidence(['.', '--format', 'cklb', '--profile', 'stig-rke2', '--threads', '1'], { cwd: dir });
      const two = await evidence(['.', '--format', 'cklb', '--profile', 'stig-rke2', '--threads', '2'], { cwd: dir });
      assert.equal(one.out, two.out, 'the same checklist from one thread and from two');
      const doc = JSON.parse(one.out);
      assertValid(cklbValidator(), doc, 'heavy.cklb');
      const rules = rulesOf(doc);
      assert.equal(rules.size, RKE2_STIG.requirements.length, 'every requirement listed');
      const psa = rules.get('V-254571');
      assert.equal(psa.status, 'open');
      const lines = psa.finding_details.split('\n');
      const listed = lines.filter((l: string) => /^heavy\.yaml:\d+:\d+ Pod\/shop\/app-\d+ c — /.test(l));
      const suppressedListed = (psa.comments.match(/ — reason: node agent$/gm) ?? []).length;
      assert.equal(listed.length + suppressedListed, MAX_LISTED, 'the list is capped');
      assert.equal(lines[lines.length - 1], `… and ${expected.total - MAX_LISTED} more findings (see the JSON or SARIF report)`, 'the rest counted exactly');
      // the first findings of the file, in file order
      const firstOpen = findings.filter((f) => !f.suppressed && requirementsOfRule(RULES_BY_ID.get(f.ruleId)!, 'disa-stig-rke2').includes('V-254571'))[0];
      assert.equal(listed[0].split(' ')[0], `heavy.yaml:${firstOpen.range.start.line + 1}:${firstOpen.range.start.character + 1}`);
      assert.match(rules.get('V-254562').comments, /podsec cannot judge|Checked by/);
    });
  });

  describe('podsec checklist merge', () => {
    let dir: string;
    let a: string;
    let b: string;
    before(async () => {
      dir = tempDir('podsec-merge-');
      // a: a workload in default (V-254570 open), b: in its own namespace (not a finding)
      writeTree(dir, { 'a/app.yaml': deployment('api', { namespace: 'default' }), 'b/app.yaml': deployment('web') });
      for (const [name, host] of [
        ['a', 'cluster-a'],
        ['b', 'cluster-b'],
      ]) {
        for (const format of ['cklb', 'ckl']) {
          const r = await evidence([name, '--format', format, '--profile', 'stig-rke2', '--target-host', host, '-o', `${name}.${format}`], { cwd: dir });
          assert.ok(r.code <= 1, r.err);
        }
      }
      const k = await evidence([path.join(dir, 'b'), '--format', 'cklb', '--profile', 'stig-kubernetes', '-o', path.join(dir, 'k8s.cklb')]);
      assert.ok(k.code <= 1, k.err);
      a = path.join(dir, 'a.cklb');
      b = path.join(dir, 'b.cklb');
    });
    after(() => cleanup(dir));

    it('.cklb: the worse status wins and both sources keep their details', async () => {
      const r = await run(['checklist', 'merge', b, a]);
      assert.equal(r.code, 0, r.err);
      const merged = JSON.parse(r.out);
      assertValid(cklbValidator(), merged, 'merged.cklb');
      const inA = rulesOf(JSON.parse(fs.readFileSync(a, 'utf8')));
      const inB = rulesOf(JSON.parse(fs.readFileSync(b, 'utf8')));
      const ns = rulesOf(merged).get('V-254570');
      assert.equal(inA.get('V-254570').status, 'open');
      assert.equal(inB.get('V-254570').status, 'not_a_finding');
      assert.equal(ns.status, 'open', 'open wins over not a finding');
      assert.match(ns.finding_details, /^\[cluster-b: not_a_finding\]\npodsec checked 1 file/);
      assert.match(ns.finding_details, /\n\n\[cluster-a: open\]\na\/app\.yaml:\d+:\d+ Deployment\/default\/api — Deployment 'api' /);
      assert.equal(merged.target_data.host_name, 'cluster-b', 'the first checklist keeps its target');
      assert.match(merged.target_data.comments, /Merged from 2 checklists: cluster-b \(this target\), cluster-a\./);
      // written to a file with -o: the same text
      const out = path.join(dir, 'merged.cklb');
      assert.equal((await run(['checklist', 'merge', b, a, '-o', out])).code, 0);
      assert.equal(fs.readFileSync(out, 'utf8'), r.out);
    });

    it('.ckl: merged in STIG Viewer 2 structure', async () => {
      const r = await run(['checklist', 'merge', path.join(dir, 'a.ckl'), path.join(dir, 'b.ckl')]);
      assert.equal(r.code, 0, r.err);
      const ckl = checkCkl(r.out);
      const ns = ckl.stigs[0].vulns.find((v) => v.get('Vuln_Num') === 'V-254570')!;
      assert.equal(ns.status, 'Open');
      assert.match(ns.findingDetails, /\[cluster-a: open\]/);
      assert.match(ns.findingDetails, /\[cluster-b: not_a_finding\]/);
    });

    it('refuses other STIGs, mixed kinds, and bad arguments with a clear message (exit 2)', async () => {
      const other = await run(['checklist', 'merge', a, path.join(dir, 'k8s.cklb')]);
      assert.equal(other.code, 2);
      assert.equal(other.out, '');
      assert.match(other.err, /cannot merge checklists of different STIGs: "cluster-a" has RGS_RKE2_STIG, "Kubernetes V2R6" has Kubernetes_STIG/);
      const mixed = await run(['checklist', 'merge', a, path.join(dir, 'b.ckl')]);
      assert.match(mixed.err, /cannot merge a \.cklb .* with a \.ckl/);
      const one = await run(['checklist', 'merge', a]);
      assert.match(one.err, /needs at least two checklists/);
      const missing = await run(['checklist', 'merge', a, path.join(dir, 'nope.cklb')]);
      assert.match(missing.err, /cannot read .*nope\.cklb: no such file/);
      const renamed = await run(['checklist', 'merge', a, b, '-o', path.join(dir, 'x.ckl')]);
      assert.match(renamed.err, /the merged checklist is a \.cklb/);
      writeTree(dir, { 'broken.cklb': '{"stigs": 3}' });
      const broken = await run(['checklist', 'merge', a, path.join(dir, 'broken.cklb')]);
      assert.equal(broken.code, 2);
      assert.match(broken.err, /is not a \.cklb checklist/);
      const unknown = await run(['checklist', 'split', a]);
      assert.match(unknown.err, /unknown checklist command "split"/);
      const help = await run(['checklist', '--help']);
      assert.equal(help.code, 0);
      assert.match(help.out, /podsec checklist merge <a\.cklb> <b\.cklb>/);
    });
  });
});
