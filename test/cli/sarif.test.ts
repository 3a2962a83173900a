/**
 * `--format sarif`: valid SARIF 2.1.0 (JSON Schema, and Microsoft's validator where its Linux build
 * is installed), the rule catalogue and taxonomies from rule metadata, results with exact UTF-16
 * regions, logical locations, line-independent fingerprints, suppressions and fixes.
 *
 * The SARIF for examples/ is pinned in test/cli/snapshots/examples.sarif.json. When examples or
 * rules change on purpose, regenerate it and review the diff:
 *
 *   npx tsc -p test && UPDATE_SNAPSHOTS=1 node scripts/run-tests.mjs cli
 */
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { analyzeText } from '../../server/src/engine/pipeline';
import { applyEdits } from '../../server/src/engine/fix/apply';
import { ruleDocsUrl, PROJECT_URL } from '../../server/src/engine/docs';
import { ALL_RULES } from '../../server/src/engine/rules';
import { LineIndex } from '../../server/src/engine/text';
import { cleanup, PRIVILEGED_POD, REPO, run, tempDir, WARN_POD, writeTree } from './helpers';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Sarif = any;

const SCHEMA = path.join(REPO, 'test', 'cli', 'sarif', 'sarif-schema-2.1.0.json');
const SNAPSHOT = path.join(REPO, 'test', 'cli', 'snapshots', 'examples.sarif.json');
const MULTITOOL = path.join(REPO, 'node_modules', '@microsoft', 'sarif-multitool-linux', 'Sarif.Multitool');

const ajv = new Ajv2020({ allErrors: true });
addFormats(ajv);
const validateSchema = ajv.compile(JSON.parse(fs.readFileSync(SCHEMA, 'utf8')));

function assertValid(log: Sarif): void {
  const ok = validateSchema(log);
  assert.ok(ok, `SARIF schema: ${JSON.stringify(validateSchema.errors?.slice(0, 5), null, 2)}`);
}

async function sarif(args: string[], opts: Parameters<typeof run>[1] = {}): Promise<{ log: Sarif; code: number; out: string }> {
  const r = await run(['check', ...args, '--format', 'sarif'], opts);
  return { log: JSON.parse(r.out), code: r.code, out: r.out };
}

/** Offset in `text` of a SARIF line/column (UTF-16 columns). */
function offsetOf(lines: LineIndex, line: number, column: number): number {
  return lines.starts[line - 1] + column - 1;
}

/** A manifest exercising suppressions, fixes, non-BMP text and later documents. */
const TRICKY = `# a comment first
apiVersion: v1
kind: ConfigMap
metadata:
  name: settings
data:
  greeting: "héllo 🚀"
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: agent
  namespace: ops
  annotations:
    podsec.io/ignore: host-namespaces
    podsec.io/ignore-reason: reads node metrics
spec:
  template:
    spec:
      hostPID: true
      containers:
        - name: collector
          image: collector:1
          securityContext: {seLinuxOptions: {level: "s0:c1 🚀"}, privileged: true}
        - name: sidecar
          image: sidecar:1
          securityContext:
            # podsec-disable-next-line allow-privilege-escalation -- the sidecar execs setuid tools
            allowPrivilegeEscalation: true
`;

describe('cli: SARIF output', () => {
  let dir: string;
  before(() => {
    dir = tempDir();
    writeTree(dir, { 'tricky.yaml': TRICKY, 'crlf.yaml': TRICKY.replace(/\n/g, '\r\n'), 'broken.yaml': 'apiVersion: v1\nkind: Pod\nmetadata: {name: [\n' });
  });
  after(() => cleanup(dir));

  it('validates against the SARIF 2.1.0 schema (examples, tricky input, standard input, no files)', async () => {
    assertValid((await sarif(['examples'])).log);
    assertValid((await sarif([dir])).log);
    fs.mkdirSync(path.join(dir, 'empty'), { recursive: true });
    assertValid((await sarif([path.join(dir, 'empty')])).log);
    assertValid((await sarif(['-'], { stdin: TRICKY })).log);
    // the validator itself rejects a broken log (so the checks above mean something)
    const broken = (await sarif(['examples'])).log;
    broken.runs[0].results[0].level = 'fatal';
    assert.equal(validateSchema(broken), false);
  });

  it('pins the SARIF for examples/ (snapshot; see the header to regenerate)', async () => {
    const { out } = await sarif(['examples'], { cwd: REPO });
    const normal = JSON.stringify(normalise(JSON.parse(out)), null, 2) + '\n';
    if (process.env.UPDATE_SNAPSHOTS) {
      fs.mkdirSync(path.dirname(SNAPSHOT), { recursive: true });
      fs.writeFileSync(SNAPSHOT, normal);
    }
    assert.ok(fs.existsSync(SNAPSHOT), `missing ${SNAPSHOT}: run with UPDATE_SNAPSHOTS=1`);
    assert.equal(normal, fs.readFileSync(SNAPSHOT, 'utf8'), 'SARIF for examples/ changed: review, then regenerate with UPDATE_SNAPSHOTS=1');
  });

  it('describes the tool and every rule from rule metadata', async () => {
    const { log } = await sarif(['examples']);
    assert.equal(log.version, '2.1.0');
    const run0 = log.runs[0];
    const driver = run0.tool.driver;
    assert.equal(driver.name, 'podsec');
    assert.equal(driver.informationUri, PROJECT_URL);
    assert.ok(driver.version);
    assert.deepEqual(
      driver.rules.map((r: Sarif) => r.id),
      ALL_RULES.map((r) => r.meta.id),
    );
    for (const rule of ALL_RULES) {
      const d = driver.rules.find((x: Sarif) => x.id === rule.meta.id);
      assert.equal(d.shortDescription.text, rule.meta.title);
      assert.equal(d.fullDescription.text, rule.meta.description);
      assert.equal(d.helpUri, ruleDocsUrl(rule.meta.id));
      assert.ok(d.help.text.includes(rule.meta.remediation));
      assert.equal(d.defaultConfiguration.level, { error: 'error', warning: 'warning', info: 'note' }[rule.meta.defaultSeverity]);
      assert.ok(d.properties.tags.includes('security'));
      assert.ok(d.properties.tags.length <= 20, 'GitHub keeps at most 20 tags');
      if (rule.meta.pss) assert.ok(d.properties.tags.includes(`pss-${rule.meta.pss.level}`), `${rule.meta.id} tagged with its PSS level`);
      for (const s of rule.meta.standards.slice(0, 10))
        assert.ok(d.properties.tags.includes(`${s.framework}/${s.id}`), `${rule.meta.id} tagged ${s.framework}/${s.id}`);
      // every relationship points at a taxon that exists, with the same id
      for (const rel of d.relationships ?? []) {
        const tax = run0.taxonomies[rel.target.toolComponent.index];
        assert.equal(tax.name, rel.target.toolComponent.name);
        assert.equal(tax.taxa[rel.target.index].id, rel.target.id);
      }
      const related = (d.relationships ?? []).map((r: Sarif) => `${r.target.toolComponent.name}:${r.target.id}`);
      if (rule.meta.pss) assert.ok(related.includes(`PSS:${rule.meta.pss.check}`));
      for (const s of rule.meta.standards)
        assert.ok(
          related.some((x: string) => x.endsWith(`:${s.id}`)),
          `${rule.meta.id} relates to ${s.id}`,
        );
    }
    const names = run0.taxonomies.map((t: Sarif) => t.name);
    for (const n of ['PSS', 'CIS', 'STIG-RKE2', 'STIG-Kubernetes']) assert.ok(names.includes(n), `taxonomy ${n}`);
    assert.deepEqual(
      driver.supportedTaxonomies.map((t: Sarif) => t.name),
      names,
    );
    assert.equal(run0.columnKind, 'utf16CodeUnits');
  });

  it('places results exactly: 1-based lines, UTF-16 columns, in later documents and with CRLF', async () => {
    for (const file of ['tricky.yaml', 'crlf.yaml']) {
      const text = fs.readFileSync(path.join(dir, file), 'utf8');
      const lines = new LineIndex(text);
      const { log } = await sarif([path.join(dir, file)]);
      const results = log.runs[0].results as Sarif[];
      const priv = results.find((r) => r.ruleId === 'privileged');
      const region = priv.locations[0].physicalLocation.region;
      const start = offsetOf(lines, region.startLine, region.startColumn);
      const end = offsetOf(lines, region.endLine, region.endColumn);
      assert.equal(text.slice(start, end), 'privileged: true', file);
      // the rocket before it on the same line is two UTF-16 code units
      const lineText = text.slice(lines.starts[region.startLine - 1], start);
      assert.ok(lineText.includes('🚀'));
      assert.equal(region.startColumn, lineText.length + 1);
      for (const r of results) {
        assert.equal(log.runs[0].tool.driver.rules[r.ruleIndex].id, r.ruleId);
        const rg = r.locations[0].physicalLocation.region;
        assert.ok(rg.startLine >= 1 && rg.startColumn >= 1 && (rg.endLine > rg.startLine || rg.endColumn >= rg.startColumn));
      }
    }
  });

  it('names the object and container as logical locations, and the message names container and value', async () => {
    const { log } = await sarif([path.join(dir, 'tricky.yaml')]);
    const priv = log.runs[0].results.find((r: Sarif) => r.ruleId === 'privileged');
    assert.deepEqual(
      priv.locations[0].logicalLocations.map((l: Sarif) => [l.name, l.fullyQualifiedName]),
      [
        ['agent', 'Deployment/ops/agent'],
        ['collector', 'Deployment/ops/agent/collector'],
      ],
    );
    assert.match(priv.message.text, /'collector'.*privileged: true/);
    assert.equal(priv.level, 'error');
    const unnamespaced = (await sarif(['-'], { stdin: PRIVILEGED_POD })).log.runs[0].results.find((r: Sarif) => r.ruleId === 'privileged');
    assert.equal(unnamespaced.locations[0].logicalLocations[0].fullyQualifiedName, 'Pod//web', 'an unset namespace stays empty');
  });

  it('keeps suppressed findings, with kind inSource and the justification', async () => {
    const { log } = await sarif([path.join(dir, 'tricky.yaml')]);
    const results = log.runs[0].results as Sarif[];
    const viaComment = results.find((r) => r.ruleId === 'allow-privilege-escalation' && r.suppressions);
    assert.ok(viaComment, 'the comment-suppressed finding is listed');
    assert.deepEqual(
      viaComment.suppressions.map((s: Sarif) => [s.kind, s.justification]),
      [['inSource', 'the sidecar execs setuid tools']],
    );
    const text = fs.readFileSync(path.join(dir, 'tricky.yaml'), 'utf8');
    const lines = new LineIndex(text);
    const where = viaComment.suppressions[0].location.physicalLocation.region;
    assert.match(text.slice(offsetOf(lines, where.startLine, where.startColumn)), /^# podsec-disable-next-line allow-privilege-escalation/);
    const viaAnnotation = results.find((r) => r.ruleId === 'host-namespaces');
    assert.deepEqual(
      viaAnnotation.suppressions.map((s: Sarif) => [s.kind, s.justification]),
      [['inSource', 'reads node metrics']],
    );
    // the other formats leave them out
    const json = JSON.parse((await run(['check', path.join(dir, 'tricky.yaml'), '--format', 'json'])).out);
    assert.ok(!json.files[0].findings.some((f: Sarif) => f.ruleId === 'host-namespaces'));
  });

  it('gives fixable results a fix whose replacements remove the finding', async () => {
    for (const file of ['tricky.yaml', 'crlf.yaml']) {
      const text = fs.readFileSync(path.join(dir, file), 'utf8');
      const lines = new LineIndex(text);
      const { log } = await sarif([path.join(dir, file)]);
      const fixable = (log.runs[0].results as Sarif[]).filter((r) => r.fixes);
      assert.ok(fixable.length >= 3, file);
      for (const r of fixable) {
        const change = r.fixes[0].artifactChanges[0];
        assert.equal(change.artifactLocation.index, r.locations[0].physicalLocation.artifactLocation.index);
        const edits = change.replacements.map((rep: Sarif) => ({
          start: offsetOf(lines, rep.deletedRegion.startLine, rep.deletedRegion.startColumn),
          end: offsetOf(lines, rep.deletedRegion.endLine, rep.deletedRegion.endColumn),
          text: rep.insertedContent.text,
        }));
        const fixed = applyEdits(text, edits);
        const name = (x: { container: string | null; ruleId: string }) => `${x.ruleId}/${x.container}`;
        const before = analyzeText(text).findings.filter((f) => name(f) === `${r.ruleId}/${r.locations[0].logicalLocations?.[1]?.name ?? null}`).length;
        const after = analyzeText(fixed).findings.filter((f) => name(f) === `${r.ruleId}/${r.locations[0].logicalLocations?.[1]?.name ?? null}`).length;
        assert.ok(after < before, `${file}: the fix for ${r.ruleId} removes its finding`);
      }
    }
  });

  it('fingerprints do not change when unrelated lines move, and do when the finding changes', async () => {
    const fp = async (text: string) => {
      const { log } = await sarif(['-'], { stdin: text });
      return (log.runs[0].results as Sarif[]).map((r) => `${r.ruleId} ${r.partialFingerprints['podsecFinding/v1']}`).sort();
    };
    const base = await fp(WARN_POD + '---\n' + PRIVILEGED_POD);
    const moved = await fp(
      '# a new comment\n\n---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n---\n' +
        WARN_POD.replace('kind: Pod', '# moved down\nkind: Pod') +
        '---\n' +
        PRIVILEGED_POD,
    );
    assert.deepEqual(moved, base);
    const renamed = await fp(WARN_POD + '---\n' + PRIVILEGED_POD.replace('name: app', 'name: other'));
    assert.notDeepEqual(renamed, base);
    assert.equal(new Set(base).size, base.length, 'identical findings in one file get distinct fingerprints');
  });

  it('reports unreadable files as tool notifications', async () => {
    writeTree(dir, { 'binary/x.yaml': Buffer.from([0, 1, 2]) });
    const { log, code } = await sarif([path.join(dir, 'binary')]);
    assert.equal(code, 2);
    const inv = log.runs[0].invocations[0];
    assert.equal(inv.executionSuccessful, false);
    assert.match(inv.toolExecutionNotifications[0].message.text, /binary content/);
    assertValid(log);
  });

  it("passes Microsoft's SARIF validator (SARIF and GitHub rules) with no error or warning", async function () {
    if (process.platform !== 'linux' || !fs.existsSync(MULTITOOL)) {
      console.log(
        `      (skipped: Microsoft's validator is installed from npm as @microsoft/sarif-multitool; its ${process.platform} build is not in node_modules)`,
      );
      this.skip();
    }
    if (!(fs.statSync(MULTITOOL).mode & 0o100)) fs.chmodSync(MULTITOOL, 0o755);
    const work = tempDir();
    try {
      const inputs: [string, string[], { stdin?: string }][] = [
        ['examples.sarif', ['examples'], {}],
        ['tricky.sarif', [dir], {}],
        ['stdin.sarif', ['-'], { stdin: TRICKY }],
      ];
      for (const [name, args, opts] of inputs) fs.writeFileSync(path.join(work, name), (await sarif(args, opts)).out);
      // a control log with a known defect (a rule name equal to its id) shows the validator ran
      const control = (await sarif(['examples'])).log;
      control.runs[0].tool.driver.rules[1].name = control.runs[0].tool.driver.rules[1].id;
      fs.writeFileSync(path.join(work, 'control.sarif'), JSON.stringify(control));
      const files = [...inputs.map(([name]) => name), 'control.sarif'].map((n) => path.join(work, n));
      const out = path.join(work, 'validation.sarif.json');
      const v = spawnSync(MULTITOOL, ['validate', ...files, '--output', out, '--rule-kind', 'Gh;Sarif', '--level', 'Error;Warning'], {
        encoding: 'utf8',
        env: { ...process.env, DOTNET_CLI_TELEMETRY_OPTOUT: '1' },
      });
      assert.equal(v.status, 0, `${v.stdout}\n${v.stderr}`);
      const found = (JSON.parse(fs.readFileSync(out, 'utf8')).runs[0].results ?? []) as Sarif[];
      const where = (r: Sarif) => path.basename(decodeURIComponent(r.locations[0].physicalLocation.artifactLocation.uri));
      assert.deepEqual(
        found.map((r) => `${where(r)} ${r.ruleId}`),
        ['control.sarif SARIF1001'],
        found.map((r) => r.message.text).join('\n'),
      );
    } finally {
      cleanup(work);
    }
  });
});

/** Replace what depends on the machine or the build: the version and the working folder. */
function normalise(log: Sarif): Sarif {
  const driver = log.runs[0].tool.driver;
  driver.version = '<version>';
  driver.semanticVersion = '<version>';
  log.runs[0].originalUriBaseIds['%SRCROOT%'].uri = 'file:///<repository>/';
  return log;
}
