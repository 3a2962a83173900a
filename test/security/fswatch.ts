/**
 * Preloaded (`node --require`) into the CLI by cli-writes.test.ts: every file system call that
 * can change something is recorded as a JSON line in $PODSEC_FS_LOG ({op, path, dest}), in the
 * main thread and in worker threads. With $PODSEC_FS_FAIL_RENAME set to a file name, renaming
 * onto that name fails with EACCES (a failed write, injected).
 */
import fs from 'node:fs';

const log = process.env.PODSEC_FS_LOG;
const failRename = process.env.PODSEC_FS_FAIL_RENAME;
const append = fs.appendFileSync.bind(fs);

/** Set while the log is written: the calls that writing makes are not recorded. */
let busy = false;

function record(op: string, p: unknown, dest?: unknown): void {
  if (!log || busy) return;
  const str = (x: unknown) =>
    typeof x === 'string' ? x : Buffer.isBuffer(x) ? x.toString() : x instanceof URL ? x.pathname : typeof x === 'number' ? `fd:${x}` : String(x);
  busy = true;
  try {
    append(log, JSON.stringify({ op, path: str(p), ...(dest === undefined ? {} : { dest: str(dest) }) }) + '\n');
  } finally {
    busy = false;
  }
}

type AnyFn = (...args: unknown[]) => unknown;

function wrap(target: Record<string, unknown>, name: string, op: string, when: (args: unknown[]) => boolean = () => true, withDest = false): void {
  const orig = target[name] as AnyFn | undefined;
  if (typeof orig !== 'function') return;
  target[name] = function (this: unknown, ...args: unknown[]) {
    if (when(args)) record(op, args[0], withDest ? args[1] : undefined);
    if (name.startsWith('rename') && failRename && typeof args[1] === 'string' && args[1].endsWith(`/${failRename}`)) {
      const err = Object.assign(new Error(`EACCES: permission denied, rename '${String(args[0])}' -> '${args[1]}'`), { code: 'EACCES' });
      throw err;
    }
    return orig.apply(this, args);
  };
}

const writeFlags = (flags: unknown) =>
  (typeof flags === 'string' && /[wa+]/.test(flags)) ||
  (typeof flags === 'number' &&
    (flags & (fs.constants.O_WRONLY | fs.constants.O_RDWR | fs.constants.O_APPEND | fs.constants.O_CREAT | fs.constants.O_TRUNC)) !== 0);
const target = fs as unknown as Record<string, unknown>;
for (const suffix of ['Sync', '']) {
  wrap(target, `writeFile${suffix}`, 'write');
  wrap(target, `appendFile${suffix}`, 'append');
  wrap(target, `open${suffix}`, 'open-for-write', (a) => writeFlags(a[1]));
  wrap(target, `rename${suffix}`, 'rename', () => true, true);
  wrap(target, `copyFile${suffix}`, 'copy-to', () => true, true);
  wrap(target, `unlink${suffix}`, 'unlink');
  wrap(target, `rm${suffix}`, 'rm');
  wrap(target, `rmdir${suffix}`, 'rmdir');
  wrap(target, `mkdir${suffix}`, 'mkdir');
  wrap(target, `chmod${suffix}`, 'chmod');
  wrap(target, `chown${suffix}`, 'chown');
  wrap(target, `truncate${suffix}`, 'truncate');
  wrap(target, `symlink${suffix}`, 'symlink', () => true, true);
  wrap(target, `link${suffix}`, 'link', () => true, true);
  wrap(target, `utimes${suffix}`, 'utimes');
}
wrap(target, 'createWriteStream', 'stream');
const promises = fs.promises as unknown as Record<string, unknown>;
for (const [name, op] of [
  ['writeFile', 'write'],
  ['appendFile', 'append'],
  ['rename', 'rename'],
  ['unlink', 'unlink'],
  ['rm', 'rm'],
  ['mkdir', 'mkdir'],
  ['chmod', 'chmod'],
  ['copyFile', 'copy-to'],
]) {
  wrap(promises, name, op, () => true, op === 'rename' || op === 'copy-to');
}
