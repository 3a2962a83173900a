/**
 * Reading and writing manifests for the CLI: directory walks, decoding with clear errors for
 * binary or non-UTF-8 content, byte order marks, and atomic in-place writes that keep the
 * file's mode.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { CONFIG_FILE_NAME } from '../../../shared/protocol';
import { ioErrorText } from '../node/errors';
import { UserError } from './errors';

export const YAML_EXTENSIONS = ['.yaml', '.yml'];
export const ALWAYS_SKIPPED_DIRS = new Set(['node_modules', '.git']);
/** podsec's own configuration is not a manifest: walks leave it out */
export const SKIPPED_FILES = new Set([CONFIG_FILE_NAME]);

export class InputError extends UserError {}

export interface SourceFile {
  /** the path as given (or as found under a given directory) */
  path: string;
  text: string;
  /** the file started with a UTF-8 byte order mark (stripped from `text`) */
  bom: boolean;
}

/** Which paths a walk leaves out (ignore files, configuration `exclude`). */
export interface PathFilter {
  /** a path given on the command line, file or folder (folders above it count too) */
  skipsRoot(p: string, isDir: boolean): boolean;
  /** a file or folder met while walking a folder */
  skipsEntry(p: string, isDir: boolean): boolean;
}

export const NO_FILTER: PathFilter = { skipsRoot: () => false, skipsEntry: () => false };

export interface FoundFile {
  path: string;
  /** size in bytes when the walk learnt it (for scheduling) */
  size: number;
  /**
   * Reached through a symbolic link, found while walking a folder, to a file outside that
   * folder: it is checked, but `--fix` does not write through the link (it would change a file
   * nobody asked to fix).
   */
  linkOutside?: boolean;
}

/**
 * Expand paths: files as given, directories walked for .yaml/.yml files (sorted by name, at every
 * level). `node_modules` and `.git` folders are never entered, `.podsec.yaml` files are left out,
 * and so are symbolic links to folders
 * (which could loop); symbolic links to files are followed. A file reached twice (given twice, or
 * given and found in a given folder) is listed once. A path that cannot be read goes to `problem`
 * (by default an InputError is thrown) and the others are still listed.
 */
export function expandPaths(
  inputs: string[],
  filter: PathFilter = NO_FILTER,
  problem: (message: string, path: string) => void = (m) => {
    throw new InputError(m);
  },
): FoundFile[] {
  const out: FoundFile[] = [];
  const seen = new Set<string>();
  const add = (p: string, st: fs.Stats, linkOutside = false) => {
    const key = `${st.dev}:${st.ino}`;
    if (seen.has(key)) return;
    seen.add(key);
    out.push(linkOutside ? { path: p, size: st.size, linkOutside } : { path: p, size: st.size });
  };
  for (const input of inputs) {
    let st: fs.Stats;
    try {
      st = fs.statSync(input);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      problem(`cannot read ${input}: ${code === 'ENOENT' ? 'no such file or directory' : ioErrorText(e)}`, input);
      continue;
    }
    if (filter.skipsRoot(input, st.isDirectory())) continue;
    if (st.isDirectory()) walk(input, add, filter, problem, realRoot(input));
    else add(input, st);
  }
  return out;
}

function realRoot(dir: string): string {
  try {
    return fs.realpathSync(dir);
  } catch {
    return path.resolve(dir);
  }
}

function walk(
  dir: string,
  add: (p: string, st: fs.Stats, linkOutside?: boolean) => void,
  filter: PathFilter,
  problem: (message: string, path: string) => void,
  root: string,
): void {
  let entries: fs.Dirent[];
  try {
    entries = fs.readdirSync(dir, { withFileTypes: true });
  } catch (e) {
    problem(`cannot read directory ${dir}: ${ioErrorText(e)}`, dir);
    return;
  }
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const ent of entries) {
    const p = path.join(dir, ent.name);
    if (ent.isDirectory()) {
      if (ALWAYS_SKIPPED_DIRS.has(ent.name) || filter.skipsEntry(p, true)) continue;
      walk(p, add, filter, problem, root);
      continue;
    }
    if (!YAML_EXTENSIONS.includes(path.extname(ent.name).toLowerCase()) || SKIPPED_FILES.has(ent.name)) continue;
    if (!ent.isFile() && !ent.isSymbolicLink()) continue;
    let st: fs.Stats;
    try {
      st = fs.statSync(p);
    } catch {
      continue; // a dangling link
    }
    if (!st.isFile() || filter.skipsEntry(p, false)) continue;
    if (!ent.isSymbolicLink()) add(p, st);
    else {
      const rel = path.relative(root, realRoot(p));
      add(p, st, rel === '' || rel === '..' || rel.startsWith(`..${path.sep}`) || path.isAbsolute(rel));
    }
  }
}

const decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/** Decode bytes as UTF-8 text; binary content and invalid UTF-8 are input errors. */
export function decode(bytes: Uint8Array, name: string): { text: string; bom: boolean } {
  const probe = bytes.subarray(0, 8192);
  if (probe.includes(0)) throw new InputError(`${name}: binary content (NUL bytes), not a YAML manifest`);
  let text: string;
  try {
    text = decoder.decode(bytes);
  } catch {
    throw new InputError(`${name}: not valid UTF-8 text`);
  }
  const bom = text.charCodeAt(0) === 0xfeff;
  return { text: bom ? text.slice(1) : text, bom };
}

export function readSource(p: string): SourceFile {
  let bytes: Buffer;
  try {
    bytes = fs.readFileSync(p);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new InputError(`cannot read ${p}: ${code === 'EISDIR' ? 'is a directory' : code === 'ENOENT' ? 'no such file' : ioErrorText(e)}`);
  }
  return { path: p, ...decode(bytes, p) };
}

/** Read all of standard input (a pipe, a file or a terminal). */
export function readStdin(name: string): SourceFile {
  const chunks: Buffer[] = [];
  const buf = Buffer.alloc(1 << 16);
  for (;;) {
    let n: number;
    try {
      n = fs.readSync(0, buf, 0, buf.length, null);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code === 'EAGAIN') {
        // a non-blocking pipe with nothing in it yet: wait a little instead of spinning
        Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 10);
        continue;
      }
      if (code === 'EOF') break;
      throw new InputError(`cannot read standard input: ${ioErrorText(e)}`);
    }
    if (n === 0) break;
    chunks.push(Buffer.from(buf.subarray(0, n)));
  }
  return { path: name, ...decode(Buffer.concat(chunks), name) };
}

/**
 * Replace a file's content atomically (temporary file in the same folder, then rename), keeping
 * its mode and, where allowed, its owner. A symbolic link is written through: its target changes,
 * the link stays.
 */
export function writeAtomic(p: string, text: string, bom: boolean): void {
  let target: string;
  let st: fs.Stats;
  try {
    target = fs.realpathSync(p);
    st = fs.statSync(target);
  } catch (e) {
    throw new InputError(`cannot write ${p}: ${ioErrorText(e)}`);
  }
  const tmp = path.join(path.dirname(target), `.${path.basename(target)}.podsec-${process.pid}-${Date.now()}.tmp`);
  try {
    fs.writeFileSync(tmp, (bom ? '\ufeff' : '') + text, { mode: st.mode & 0o7777, flag: 'wx' });
    fs.chmodSync(tmp, st.mode & 0o7777);
    try {
      fs.chownSync(tmp, st.uid, st.gid);
    } catch {
      /* not permitted for this user: the file gets the writer's owner, as any editor would */
    }
    fs.renameSync(tmp, target);
  } catch (e) {
    try {
      fs.unlinkSync(tmp);
    } catch {
      /* already gone */
    }
    throw new InputError(`cannot write ${p}: ${ioErrorText(e)}`);
  }
}
