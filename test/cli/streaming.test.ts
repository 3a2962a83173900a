/**
 * Findings-heavy and large inputs: a file of thousands of privileged Pods (read in batches, on
 * worker threads) gives complete, parseable JSON and SARIF with every finding the engine makes;
 * a large file that is not text is refused before any of it is reported; `--max-results` keeps
 * the most severe SARIF results and says what it left out. (Speed and memory are measured by
 * `npm run bench`, not here.)
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { SPLIT_MIN_BYTES } from '../../server/src/cli/pool';
import { analyzeText } from '../../server/src/engine/pipeline';
import { resolveRuleSet } from '../../server/src/engine/profiles';
import type { Finding } from '../../server/src/engine/types';
import { cleanup, PRIVILEGED_POD, REPO, run, tempDir, WARN_POD, writeTree, type JsonReport } from './helpers';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Sarif = any;

const ajv = new Ajv2020({ allErrors: true });
addFormats(ajv);
const validateSchema = ajv.compile(JSON.parse(fs.readFileSync(path.join(REPO, 'test', 'cli', 'sarif', 'sarif-schema-2.1.0.json'), 'utf8')));

function assertValid(log: Sarif): void {
  const ok = validateSchema(log);
  assert.ok(ok, `SARIF schema: ${JSON.stringify(validateSchema.errors?.slice(0, 3))}`);
}

/**
 * Privileged Pods, each drawing several findings; every 50th is suppressed by annotation, every
 * 40th has no name (so object names repeat across documents), and a comment or a CRLF-free
 * blank line now and then shifts the documents.
 */
function heavyStream(minBytes: number): string {
  const docs: string[] = [];
  let size = 0;
  for (let i = 0; size < minBytes; i++) {
    const name = i % 40 === 7 ? '' : `  name: app-${i}\n`;
    const ignore = i % 50 === 3 ? '  annotations:\n    podsec.io/ignore: privileged\n    podsec.io/ignore-reason: node agent\n' : '';
    const doc = `${i % 9 === 0 ? '# pod ' + i + '\n' : ''}apiVersion: v1\nkind: Pod\nmetadata:\n${name}${ignore}spec:\n  containers:\n  - name: c${i % 3}\n    image: app:${i}\n    securityContext:\n      privileged: true\n`;
    docs.push(doc);
    size += doc.length + 4;
  }
  return docs.join('---\n');
}

function row(ruleId: string, line: number, character: number, endLine: number, endCharacter: number): string {
  return `${ruleId} ${line}:${character}-${endLine}:${endCharacter}`;
}

describe('cli: findings-heavy and large inputs', () => {
  let dir: string;
  let file: string;
  let text: string;
  let findings: Finding[];
  let documents: number;
  before(() => {
    dir = tempDir();
    text = heavyStream(SPLIT_MIN_BYTES * 1.02);
    file = path.join(dir, 'heavy.yaml');
    writeTree(dir, { 'heavy.yaml': text });
    ({ findings, documents } = analyzeText(text, resolveRuleSet({ profile: 'restricted' })));
    assert.ok(findings.length > 20_000, `a findings-heavy input (${findings.length} findings)`);
  });
  after(() => cleanup(dir));

  it('writes complete, parseable JSON: every finding the engine makes, in order', async () => {
    const r = await run(['check', file, '--format', 'json', '--threads', '2']);
    assert.equal(r.code, 1);
    const report = JSON.parse(r.out) as JsonReport;
    assert.equal(report.files.length, 1);
    const shown = findings.filter((f) => !f.suppressed);
    assert.deepEqual(
      report.files[0].findings.map((f) => row(f.ruleId, f.range.start.line, f.range.start.character, f.range.end.line, f.range.end.character)),
      shown.map((f) => row(f.ruleId, f.range.start.line, f.range.start.character, f.range.end.line, f.range.end.character)),
    );
    // one thread writes the same bytes
    const one = await run(['check', file, '--format', 'json', '--threads', '1']);
    assert.equal(one.out, r.out);
  });

  it('writes complete, valid SARIF: every finding, suppressed ones too, with its document and a distinct fingerprint', async () => {
    const r = await run(['check', file, '--format', 'sarif', '--threads', '2']);
    assert.equal(r.code, 1);
    const log = JSON.parse(r.out) as Sarif;
    assertValid(log);
    const results = log.runs[0].results as Sarif[];
    assert.equal(results.length, findings.length);
    const rows = (list: string[]) => [...list].sort();
    assert.deepEqual(
      rows(
        results.map((x) => {
          const g = x.locations[0].physicalLocation.region;
          return `${row(x.ruleId, g.startLine - 1, g.startColumn - 1, g.endLine - 1, g.endColumn - 1)} ${x.properties.document} ${x.suppressions ? 'suppressed' : ''}`;
        }),
      ),
      rows(
        findings.map(
          (f) =>
            `${row(f.ruleId, f.range.start.line, f.range.start.character, f.range.end.line, f.range.end.character)} ${f.document} ${f.suppressed ? 'suppressed' : ''}`,
        ),
      ),
    );
    assert.equal(Math.max(...results.map((x) => x.properties.document)), documents - 1);
    const fingerprints = new Set(results.map((x) => x.partialFingerprints['podsecFinding/v1']));
    assert.equal(fingerprints.size, results.length, 'identical findings in one file (unnamed Pods) get distinct fingerprints');
    assert.match(r.err, /GitHub code scanning rejects a run of more than 25000/);
  });

  it('counts every finding in the text summary, and the github format writes one command each', async () => {
    const shown = findings.filter((f) => !f.suppressed);
    const errors = shown.filter((f) => f.severity === 'error').length;
    const t = await run(['check', file, '--format', 'text']);
    assert.match(t.out, new RegExp(`✖ ${shown.length} problems \\(${errors} errors, ${shown.length - errors} warnings\\) in 1 file of 1 checked`));
    assert.equal(t.out.split('\n').filter((l) => l.startsWith('  ') && l.includes('heavy.yaml:')).length, shown.length);
    const g = await run(['check', file, '--format', 'github']);
    assert.equal(g.out.split('\n').filter((l) => l.startsWith('::')).length, shown.length);
  });

  it('reads what a large file says about the cluster batch by batch: a Namespace far past its start sets the policy, pointed at exactly', async () => {
    // the file is read in batches for its facts too (never whole); the Namespace is in the last one
    const namespaced = heavyStream(SPLIT_MIN_BYTES * 1.05).replace(/^metadata:\n/gm, 'metadata:\n  namespace: shop\n');
    const ns = 'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: shop\n  labels:\n    pod-security.kubernetes.io/enforce: baseline\n';
    const big = `${namespaced}---\n${ns}`;
    const bigFile = path.join(dir, 'namespaced.yaml');
    writeTree(dir, { 'namespaced.yaml': big });
    const expected = analyzeText(big, resolveRuleSet({ profile: 'restricted', filePath: bigFile })).findings.filter((f) => !f.suppressed);
    const labelLine = big.split('\n').indexOf('    pod-security.kubernetes.io/enforce: baseline');
    assert.ok(labelLine > 20_000);
    const enforced = expected.filter((f) => f.policy?.source.kind === 'namespace-label');
    assert.ok(enforced.length > 1000 && enforced.every((f) => f.severity === 'error' && f.policy!.source.range!.start.line === labelLine));
    const r = await run(['check', bigFile, '--format', 'json', '--profile', 'restricted', '--threads', '2']);
    assert.equal(r.code, 1);
    const got = (JSON.parse(r.out) as JsonReport).files[0].findings;
    const rows = (
      list: { ruleId: string; severity: string; range: Finding['range']; policy?: { source: { range?: { start: { line: number } } | null } } | null }[],
    ) =>
      list.map(
        (f) =>
          `${row(f.ruleId, f.range.start.line, f.range.start.character, f.range.end.line, f.range.end.character)} ${f.severity} ${f.policy?.source.range?.start.line}`,
      );
    assert.deepEqual(rows(got), rows(expected));
  });

  it('refuses a large file that is not text before reporting any of it, and checks the others', async () => {
    const big = Buffer.from(heavyStream(SPLIT_MIN_BYTES * 1.05));
    const latin1 = Buffer.concat([big, Buffer.from([0x23, 0x20, 0xe9, 0x0a])]);
    const binary = Buffer.concat([Buffer.from('a: 1\n\0'), big]);
    writeTree(dir, { 'bad/a-latin1.yaml': latin1, 'bad/b-binary.yaml': binary, 'bad/c-ok.yaml': PRIVILEGED_POD });
    const r = await run(['check', path.join(dir, 'bad'), '--format', 'json']);
    assert.equal(r.code, 2);
    assert.match(r.err, /a-latin1\.yaml: not valid UTF-8 text/);
    assert.match(r.err, /b-binary\.yaml: binary content/);
    assert.deepEqual(
      (JSON.parse(r.out) as JsonReport).files.map((f) => path.basename(f.path)),
      ['c-ok.yaml'],
    );
  });
});

describe('cli: --max-results', () => {
  let dir: string;
  before(() => {
    dir = tempDir();
    // two files: warnings first, the errors later
    writeTree(dir, { 'a.yaml': WARN_POD, 'b.yaml': `${PRIVILEGED_POD}---\n${PRIVILEGED_POD.replace('name: web', 'name: web2')}` });
  });
  after(() => cleanup(dir));

  it('keeps the most severe results, in file order, and says what it left out', async () => {
    const all = JSON.parse((await run(['check', dir, '--format', 'sarif'])).out) as Sarif;
    const every = all.runs[0].results as Sarif[];
    const errors = every.filter((x) => x.level === 'error');
    assert.ok(errors.length >= 2 && every.length > errors.length + 2);
    const r = await run(['check', dir, '--format', 'sarif', '--max-results', String(errors.length + 1)]);
    assert.equal(r.code, 1, 'the exit code still counts every finding');
    const log = JSON.parse(r.out) as Sarif;
    assertValid(log);
    const kept = log.runs[0].results as Sarif[];
    assert.equal(kept.length, errors.length + 1);
    assert.equal(kept.filter((x) => x.level === 'error').length, errors.length, 'every error is kept');
    // in the order of the full log
    const order = every.map((x) => x.partialFingerprints['podsecFinding/v1'] + x.locations[0].physicalLocation.artifactLocation.uri);
    const positions = kept.map((x) => order.indexOf(x.partialFingerprints['podsecFinding/v1'] + x.locations[0].physicalLocation.artifactLocation.uri));
    assert.deepEqual(
      positions,
      [...positions].sort((a, b) => a - b),
    );
    const left = every.length - kept.length;
    const note = log.runs[0].invocations[0].toolExecutionNotifications.find((n: Sarif) => n.level === 'warning');
    assert.match(
      note.message.text,
      new RegExp(`most severe of ${every.length} results \\(--max-results ${kept.length}\\); ${left} left out: ${left} warnings`),
    );
    assert.equal(log.runs[0].invocations[0].executionSuccessful, true, 'leaving results out is not a failed run');
    assert.match(r.err, new RegExp(`${left} left out`));
    // the artifacts still list every file
    assert.equal(log.runs[0].artifacts.length, 2);
  });

  it('is for SARIF only', async () => {
    const r = await run(['check', dir, '--max-results', '5']);
    assert.equal(r.code, 2);
    assert.match(r.err, /--max-results limits the results of a SARIF log/);
    assert.match((await run(['check', dir, '--format', 'sarif', '--max-results', '0'])).err, /--max-results needs a whole number of at least 1/);
  });
});
