/**
 * `podsec check --fix` writes only the files it was asked to fix, atomically, and keeps what it
 * does not fix. The CLI runs with every file-system change recorded (fswatch.ts) over a tree
 * with files it must fix, files it must leave alone (clean, not YAML, in node_modules and .git,
 * in a sibling folder), a symbolic link out of the folder, CRLF with a byte order mark, and
 * unusual file modes:
 * - only the fixable files in the asked folder change; nothing else in the tree changes, is
 *   created or is left behind;
 * - every change is "write a temporary file next to the target, then rename it over the target";
 *   no target is ever opened for writing, so a reader sees the old file or the new one, never
 *   half of one (the inode changes);
 * - the file mode, the line breaks (CRLF stays CRLF, LF stays LF) and the byte order mark stay;
 * - a second `--fix` changes nothing;
 * - a failed rename (injected) leaves the original untouched, removes the temporary file and
 *   exits 2 with a message.
 */
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const ROOT = path.resolve(__dirname, '..', '..', '..', '..');
const CLI = path.join(ROOT, 'server', 'out', 'cli.js');
const WATCH = path.join(__dirname, 'fswatch.js');

const FIXABLE = `# a deployment without hardening
apiVersion: apps/v1
kind: Deployment
metadata:
  name: api
spec:
  template:
    spec:
      containers:
        - name: api   # the main container
          image: registry.example.com/api:1
`;
const CLEAN = `apiVersion: v1
kind: ConfigMap
metadata:
  name: settings
data:
  mode: strict
`;

interface Entry {
  kind: 'file' | 'dir' | 'link';
  content?: string;
  mode?: number;
  ino?: number;
  link?: string;
}

/** Every entry below `dir` (links not followed). */
function snapshot(dir: string): Map<string, Entry> {
  const out = new Map<string, Entry>();
  const walk = (d: string) => {
    for (const name of fs.readdirSync(d)) {
      const p = path.join(d, name);
      const st = fs.lstatSync(p);
      const rel = path.relative(dir, p);
      if (st.isSymbolicLink()) out.set(rel, { kind: 'link', link: fs.readlinkSync(p) });
      else if (st.isDirectory()) {
        out.set(rel, { kind: 'dir', mode: st.mode & 0o7777 });
        walk(p);
      } else out.set(rel, { kind: 'file', content: fs.readFileSync(p, 'latin1'), mode: st.mode & 0o7777, ino: st.ino });
    }
  };
  walk(dir);
  return out;
}

interface FsOp {
  op: string;
  path: string;
  dest?: string;
}

describe('security: what podsec check --fix writes', function () {
  this.timeout(120_000);
  let root: string;
  let log: string;

  const run = (args: string[], extraEnv: Record<string, string> = {}) => {
    fs.rmSync(log, { force: true });
    const r = spawnSync(process.execPath, ['--require', WATCH, CLI, ...args], {
      cwd: root,
      env: { ...process.env, NO_COLOR: '1', PODSEC_FS_LOG: log, ...extraEnv },
      encoding: 'utf8',
    });
    const ops: FsOp[] = fs.existsSync(log)
      ? fs
          .readFileSync(log, 'utf8')
          .trim()
          .split('\n')
          .filter(Boolean)
          .map((l) => JSON.parse(l) as FsOp)
      : [];
    for (const o of ops) {
      o.path = path.resolve(root, o.path);
      if (o.dest) o.dest = path.resolve(root, o.dest);
    }
    return { ...r, ops };
  };

  beforeEach(() => {
    root = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'podsec-writes-')));
    log = path.join(os.tmpdir(), `${path.basename(root)}.fs.log`);
    const put = (rel: string, text: string, mode = 0o644) => {
      fs.mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
      fs.writeFileSync(path.join(root, rel), text);
      fs.chmodSync(path.join(root, rel), mode);
    };
    put('work/a.yaml', FIXABLE);
    put('work/b.yml', '\ufeff' + FIXABLE.replace(/\n/g, '\r\n'), 0o640);
    put('work/sub/c.yaml', FIXABLE.replace('name: api\n', 'name: c\n'), 0o755);
    put('work/clean.yaml', CLEAN);
    put('work/notes.txt', FIXABLE);
    put('work/node_modules/dep/x.yaml', FIXABLE);
    put('work/.git/x.yaml', FIXABLE);
    put('outside/o.yaml', FIXABLE);
    put('other/d.yaml', FIXABLE);
    fs.symlinkSync('../outside/o.yaml', path.join(root, 'work', 'link.yaml'));
  });
  afterEach(() => {
    fs.rmSync(root, { recursive: true, force: true });
    fs.rmSync(log, { force: true });
  });

  it('changes exactly the fixable files of the folder, through a temporary file and a rename each, keeping mode, line breaks and BOM', () => {
    const before = snapshot(root);
    const r = run(['check', 'work', '--fix']);
    assert.ok(r.status === 0 || r.status === 1, r.stderr);
    assert.match(r.stderr, /not fixing work\/link\.yaml: it links to a file outside the folder being checked/);
    const after = snapshot(root);
    const targets = ['work/a.yaml', 'work/b.yml', 'work/sub/c.yaml'];
    assert.deepEqual([...after.keys()].sort(), [...before.keys()].sort(), 'no file created or left behind, none removed');
    const changed = [...after.keys()].filter((k) => JSON.stringify(after.get(k)) !== JSON.stringify(before.get(k))).sort();
    assert.deepEqual(changed, targets.sort());
    for (const t of targets) {
      const b = before.get(t)!;
      const a = after.get(t)!;
      assert.notEqual(a.ino, b.ino, `${t} was replaced by a rename, not rewritten in place`);
      assert.equal(a.mode, b.mode, `${t} keeps its mode`);
      assert.notEqual(a.content, b.content);
    }
    const b = Buffer.from(after.get('work/b.yml')!.content!, 'latin1').toString('utf8');
    assert.ok(b.startsWith('\ufeff'), 'the byte order mark stays');
    assert.equal((b.match(/\n/g) ?? []).length, (b.match(/\r\n/g) ?? []).length, 'CRLF stays CRLF');
    assert.ok(!after.get('work/a.yaml')!.content!.includes('\r'), 'LF stays LF');
    assert.ok(!Buffer.from(after.get('work/a.yaml')!.content!, 'latin1').toString('utf8').startsWith('\ufeff'), 'no byte order mark added');
    assert.ok(after.get('work/a.yaml')!.content!.includes('# the main container'));

    // the file system calls: temporary files next to the targets, then renames onto them
    const abs = new Set(targets.map((t) => path.join(root, t)));
    const isTemp = (p: string) =>
      [...abs].some((t) => path.dirname(p) === path.dirname(t) && path.basename(p).startsWith(`.${path.basename(t)}.`) && p.endsWith('.tmp'));
    const renames = r.ops.filter((o) => o.op === 'rename');
    assert.deepEqual(renames.map((o) => o.dest).sort(), [...abs].sort(), 'one rename onto each fixed file');
    for (const o of r.ops) {
      if (o.op === 'rename') assert.ok(isTemp(o.path), `rename from ${o.path}`);
      else assert.ok(isTemp(o.path), `${o.op} ${o.path}: only temporary files next to the targets are written`);
    }
  });

  it('a second --fix changes nothing', () => {
    run(['check', 'work', '--fix']);
    const before = snapshot(root);
    const r = run(['check', 'work', '--fix']);
    assert.ok(r.status === 0 || r.status === 1, r.stderr);
    assert.deepEqual(r.ops, []);
    assert.deepEqual(snapshot(root), before);
  });

  it('files given by name: only those; a link given by name is written through and stays a link', () => {
    const before = snapshot(root);
    run(['check', 'work/a.yaml', 'work/link.yaml', '--fix']);
    const after = snapshot(root);
    const changed = [...after.keys()].filter((k) => JSON.stringify(after.get(k)) !== JSON.stringify(before.get(k))).sort();
    assert.deepEqual(changed, ['outside/o.yaml', 'work/a.yaml']);
    assert.equal(after.get('work/link.yaml')!.kind, 'link');
  });

  it('a write that fails leaves the original untouched, no temporary file behind, and exits 2 with a message', () => {
    const before = snapshot(root);
    const r = run(['check', 'work/a.yaml', '--fix'], { PODSEC_FS_FAIL_RENAME: 'a.yaml' });
    assert.equal(r.status, 2);
    assert.match(r.stderr, /cannot write work\/a\.yaml: EACCES/);
    assert.deepEqual(snapshot(root), before);
  });
});
