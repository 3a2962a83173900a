/**
 * Hostile input through the shipped CLI (server/out/cli.js): a 20 MB file, binary content,
 * invalid UTF-8, empty and comment-only files, an alias bomb and 10,000-level nesting. The CLI
 * must finish, say clearly what is wrong, and still check everything else.
 */
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const ROOT = path.resolve(__dirname, '..', '..', '..', '..');
const CLI = path.join(ROOT, 'server', 'out', 'cli.js');

const POD = `apiVersion: v1
kind: Pod
metadata:
  name: last
spec:
  containers:
    - name: app
      image: nginx
      securityContext:
        privileged: true
`;

interface JsonReport {
  files: { path: string; findings: { ruleId: string; message: string; range: { start: { line: number } } }[] }[];
}

describe('hostile input: the CLI', function () {
  this.timeout(300_000);
  let dir: string;
  const run = (...args: string[]) =>
    spawnSync(process.execPath, [CLI, 'check', ...args], { cwd: dir, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' }, maxBuffer: 256 * 1024 * 1024 });

  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'podsec-hostile-cli-'));
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('checks a 20 MB file to its last document: a 10 MB ConfigMap, thousands of documents, then a privileged pod', () => {
    const parts: string[] = ['apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: huge\ndata:\n'];
    let size = parts[0].length;
    for (let i = 0; size < 10 * 1024 * 1024; i++) {
      const line = `  key-${i}: "a value of some length to fill the file, number ${i}"\n`;
      parts.push(line);
      size += line.length;
    }
    for (let i = 0; size < 20 * 1024 * 1024; i++) {
      const doc = `---\napiVersion: v1\nkind: Service\nmetadata:\n  name: svc-${i}\nspec:\n  selector: {app: demo}\n  ports: [{port: 80, targetPort: 8080}]\n`;
      parts.push(doc);
      size += doc.length;
    }
    parts.push(`---\n${POD}`);
    const text = parts.join('');
    fs.writeFileSync(path.join(dir, 'big.yaml'), text);
    assert.ok(text.length >= 20 * 1024 * 1024);
    const r = run('big.yaml', '--format', 'json', '--profile', 'baseline');
    assert.equal(r.status, 1, r.stderr);
    const report = JSON.parse(r.stdout) as JsonReport;
    const findings = report.files[0].findings;
    assert.deepEqual(
      findings.map((f) => f.ruleId),
      ['privileged'],
    );
    assert.equal(findings[0].range.start.line, text.split('\n').length - 2, 'the finding is in the last document');
  });

  it('binary content and invalid UTF-8: a clear message, exit 2, and the other files are still checked', () => {
    fs.mkdirSync(path.join(dir, 'mixed'));
    fs.writeFileSync(path.join(dir, 'mixed', 'a-binary.yaml'), Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d]));
    fs.writeFileSync(path.join(dir, 'mixed', 'b-latin1.yaml'), Buffer.from('metadata:\n  name: caf\xe9\n', 'latin1'));
    fs.writeFileSync(path.join(dir, 'mixed', 'c-pod.yaml'), POD);
    const r = run('mixed', '--format', 'json');
    assert.equal(r.status, 2);
    assert.match(r.stderr, /a-binary\.yaml: binary content/);
    assert.match(r.stderr, /b-latin1\.yaml: not valid UTF-8/);
    const report = JSON.parse(r.stdout) as JsonReport;
    const pod = report.files.find((f) => f.path.endsWith('c-pod.yaml'))!;
    assert.ok(pod.findings.some((f) => f.ruleId === 'privileged'));
  });

  it('empty, whitespace-only, comment-only and marker-only files are fine', () => {
    fs.mkdirSync(path.join(dir, 'empty'));
    for (const [name, text] of [
      ['empty.yaml', ''],
      ['blank.yaml', '\n \n\t\n'],
      ['comments.yaml', '# nothing here\n# at all\n'],
      ['markers.yaml', '---\n---\n...\n'],
      ['bom.yaml', '\ufeff'],
    ]) {
      fs.writeFileSync(path.join(dir, 'empty', name), text);
    }
    const r = run('empty');
    assert.equal(r.status, 0, r.stderr + r.stdout);
    assert.match(r.stdout, /No problems found in 5 files/);
  });

  it('an alias bomb and 10,000-level nesting: one clear error each, exit 1, no crash', () => {
    let bomb = 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: lol}\ndata:\n  l0: &l0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]\n';
    for (let i = 1; i < 9; i++)
      bomb += `  l${i}: &l${i} [${Array(9)
        .fill(`*l${i - 1}`)
        .join(', ')}]\n`;
    fs.writeFileSync(path.join(dir, 'bomb.yaml'), bomb);
    fs.writeFileSync(path.join(dir, 'deep.yaml'), `${'['.repeat(10_000)}${']'.repeat(10_000)}\n---\n${POD}`);
    const r = run('bomb.yaml', 'deep.yaml', '--format', 'json');
    assert.equal(r.status, 1, r.stderr);
    const report = JSON.parse(r.stdout) as JsonReport;
    const [b, d] = report.files;
    assert.deepEqual(
      b.findings.map((f) => f.ruleId),
      ['yaml-syntax'],
    );
    assert.match(b.findings[0].message, /excessive aliasing/);
    assert.deepEqual(d.findings.map((f) => f.ruleId).sort(), [
      'allow-privilege-escalation',
      'capabilities-restricted',
      'privileged',
      'run-as-non-root',
      'seccomp-restricted',
      'yaml-syntax',
    ]);
    assert.match(d.findings.find((f) => f.ruleId === 'yaml-syntax')!.message, /nests too deeply/);
  });
});
