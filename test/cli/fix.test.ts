/**
 * `--fix` and `--fix-dry-run` on copies of the examples: the same edits as the editor's fix-all,
 * idempotent, comments and layout kept, file modes, line endings and byte order marks preserved,
 * and a dry-run diff that applies to give exactly what `--fix` writes.
 */
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ClusterContext } from '../../server/src/engine/cluster/context';
import { extractFacts } from '../../server/src/engine/cluster/facts';
import { fixAll } from '../../server/src/engine/fix/apply';
import { cleanup, copyExamples, run, tempDir, WARN_POD, writeTree, type JsonReport } from './helpers';
import { resolveRuleSet } from '../../server/src/engine/profiles';

function yamlFiles(dir: string): string[] {
  return fs
    .readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && /\.ya?ml$/.test(e.name) && e.name !== '.podsec.yaml')
    .map((e) => path.join(e.parentPath ?? e.path, e.name))
    .sort();
}

function comments(text: string): string[] {
  return text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l.startsWith('#'));
}

function hasGit(): boolean {
  return spawnSync('git', ['--version']).status === 0;
}

describe('cli: --fix and --fix-dry-run', () => {
  let dir: string;
  beforeEach(() => {
    dir = tempDir();
  });
  afterEach(() => cleanup(dir));

  it("writes the same text as the engine's fix-all, keeps every comment, and leaves only what needs a decision", async () => {
    const copy = copyExamples(dir);
    const before = new Map(yamlFiles(copy).map((f) => [f, fs.readFileSync(f, 'utf8')]));
    // the files are judged together: namespaces and cluster configuration among them count for each
    const cluster = new ClusterContext([...before].map(([f, text]) => extractFacts(f, text)));
    const r = await run(['check', copy, '--fix', '--format', 'json']);
    assert.ok(r.code === 0 || r.code === 1, r.err);
    let changed = 0;
    for (const [f, text] of before) {
      const after = fs.readFileSync(f, 'utf8');
      assert.equal(
        after,
        fixAll(text, resolveRuleSet({ filePath: f }), undefined, cluster).text,
        `${path.relative(copy, f)}: the editor's fix-all gives the same text`,
      );
      if (after !== text) changed++;
      for (const c of comments(text)) assert.ok(comments(after).includes(c), `${path.relative(copy, f)} keeps the comment ${c}`);
    }
    assert.ok(changed >= 2, 'the examples have fixable problems');
    // the report describes the fixed files: no auto-fixable finding is left
    const report = JSON.parse(r.out) as JsonReport;
    const again = await run(['check', copy, '--format', 'json']);
    assert.deepEqual(JSON.parse(again.out), report);
  });

  it('is idempotent: a second --fix changes nothing', async () => {
    const copy = copyExamples(dir);
    await run(['check', copy, '--fix']);
    const once = new Map(yamlFiles(copy).map((f) => [f, fs.readFileSync(f, 'utf8')]));
    const second = await run(['check', copy, '--fix']);
    assert.doesNotMatch(second.out, /^Fixed /m);
    for (const [f, text] of once) assert.equal(fs.readFileSync(f, 'utf8'), text, path.relative(copy, f));
  });

  it('reports how many problems it fixed in how many files', async () => {
    const copy = copyExamples(dir);
    const dry = await run(['check', copy, '--fix-dry-run']);
    const counts = /--fix-dry-run: (\d+) fix(?:es)? in (\d+) files? would be applied/.exec(dry.err);
    assert.ok(counts, dry.err);
    const r = await run(['check', copy, '--fix']);
    assert.match(r.out, new RegExp(`^Fixed ${counts[1]} problems? in ${counts[2]} files?\\.$`, 'm'));
  });

  it('keeps file modes (executable bits, group and other permissions)', async () => {
    writeTree(dir, { 'a.yaml': WARN_POD, 'b.yaml': WARN_POD });
    fs.chmodSync(path.join(dir, 'a.yaml'), 0o640);
    fs.chmodSync(path.join(dir, 'b.yaml'), 0o755);
    await run(['check', dir, '--fix']);
    assert.notEqual(fs.readFileSync(path.join(dir, 'a.yaml'), 'utf8'), WARN_POD);
    assert.equal(fs.statSync(path.join(dir, 'a.yaml')).mode & 0o7777, 0o640);
    assert.equal(fs.statSync(path.join(dir, 'b.yaml')).mode & 0o7777, 0o755);
    assert.deepEqual(fs.readdirSync(dir).sort(), ['a.yaml', 'b.yaml'], 'no temporary file is left behind');
  });

  it('keeps CRLF line endings and a byte order mark', async () => {
    const crlf = WARN_POD.replace(/\n/g, '\r\n');
    writeTree(dir, { 'crlf.yaml': crlf, 'bom.yaml': '\ufeff' + WARN_POD });
    await run(['check', dir, '--fix']);
    const fixedCrlf = fs.readFileSync(path.join(dir, 'crlf.yaml'), 'utf8');
    assert.notEqual(fixedCrlf, crlf);
    assert.equal(fixedCrlf.replace(/\r\n/g, '').includes('\n'), false, 'no bare LF was introduced');
    assert.equal(fixedCrlf, fixAll(crlf).text);
    const bytes = fs.readFileSync(path.join(dir, 'bom.yaml'));
    assert.deepEqual([...bytes.subarray(0, 3)], [0xef, 0xbb, 0xbf]);
    assert.equal(bytes.toString('utf8').slice(1), fixAll(WARN_POD).text);
  });

  it('writes through a symbolic link, keeping the link', async function () {
    writeTree(dir, { 'real/pod.yaml': WARN_POD });
    try {
      fs.symlinkSync(path.join(dir, 'real', 'pod.yaml'), path.join(dir, 'link.yaml'));
    } catch {
      this.skip();
    }
    await run(['check', path.join(dir, 'link.yaml'), '--fix']);
    assert.ok(fs.lstatSync(path.join(dir, 'link.yaml')).isSymbolicLink());
    assert.equal(fs.readFileSync(path.join(dir, 'real', 'pod.yaml'), 'utf8'), fixAll(WARN_POD).text);
  });

  it('fixes only the documents that need it, and positions in later documents stay exact', async () => {
    const doc = (name: string) => WARN_POD.replace('name: warn', `name: ${name}`);
    const text = `# first\n${doc('a')}---\n# second is clean already\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\n---\n${doc('b')}`;
    writeTree(dir, { 'multi.yaml': text });
    const r = JSON.parse((await run(['check', path.join(dir, 'multi.yaml'), '--fix', '--format', 'json'])).out) as JsonReport;
    const fixed = fs.readFileSync(path.join(dir, 'multi.yaml'), 'utf8');
    assert.equal(fixed, fixAll(text).text);
    assert.ok(fixed.includes('---\n# second is clean already\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\n---\n'));
    // what is left is reported at its place in the fixed file
    const fresh = JSON.parse((await run(['check', path.join(dir, 'multi.yaml'), '--format', 'json'])).out) as JsonReport;
    assert.deepEqual(r, fresh);
  });

  it('--fix-dry-run prints a unified diff, changes nothing, and the diff applies to give what --fix writes', async function () {
    if (!hasGit()) this.skip();
    const copy = copyExamples(dir);
    writeTree(copy, { 'crlf.yaml': WARN_POD.replace(/\n/g, '\r\n'), 'bom.yaml': '\ufeff' + WARN_POD, 'no-eol.yaml': WARN_POD.trimEnd() });
    const before = new Map(yamlFiles(copy).map((f) => [f, fs.readFileSync(f)]));
    const dry = await run(['check', 'examples', '--fix-dry-run'], { cwd: dir });
    assert.match(dry.out, /^--- a\/examples\/.*\n\+\+\+ b\/examples\/.*\n@@ -\d+,\d+ \+\d+,\d+ @@/m);
    for (const [f, bytes] of before) assert.deepEqual(fs.readFileSync(f), bytes, `${f} unchanged`);
    assert.equal(dry.code, 1, 'exit code as if fixed: errors that need a decision remain');
    // apply the patch to a second copy and compare with --fix on the first
    const other = tempDir();
    try {
      fs.cpSync(copy, path.join(other, 'examples'), { recursive: true });
      fs.writeFileSync(path.join(other, 'fix.patch'), dry.out);
      const git = spawnSync('git', ['apply', '--unsafe-paths', '--whitespace=nowarn', 'fix.patch'], { cwd: other, encoding: 'utf8' });
      assert.equal(git.status, 0, git.stderr);
      await run(['check', copy, '--fix']);
      for (const f of before.keys()) {
        const rel = path.relative(dir, f);
        assert.deepEqual(fs.readFileSync(path.join(other, rel)), fs.readFileSync(f), rel);
      }
    } finally {
      cleanup(other);
    }
  });

  it('--fix-dry-run works on standard input', async () => {
    const r = await run(['check', '-', '--stdin-filename', 'rendered.yaml', '--fix-dry-run'], { stdin: WARN_POD });
    assert.match(r.out, /^--- a\/rendered\.yaml\n\+\+\+ b\/rendered\.yaml\n/);
    assert.match(r.out, /^\+ {8}allowPrivilegeEscalation: false/m);
    assert.equal(r.code, 0);
  });
});
