/**
 * Reading and writing manifests for the CLI: directory walks, decoding with clear errors for
 * binary or non-UTF-8 content, byte order marks, and atomic in-place writes that keep the
 * file's mode.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

export const YAML_EXTENSIONS = ['.yaml', '.yml'];
export const ALWAYS_SKIPPED_DIRS = new Set(['node_modules', '.git']);

export class InputError extends Error {}

export interface SourceFile {
  /** the path as given (or as found under a given directory) */
  path: string;
  text: string;
  /** the file started with a UTF-8 byte order mark (stripped from `text`) */
  bom: boolean;
}

/** Expand paths: files as given, directories walked for .yaml/.yml files (sorted). */
export function expandPaths(inputs: string[], skip: (p: string, isDir: boolean) => boolean = () => false): string[] {
  const out: string[] = [];
  for (const input of inputs) {
    let st: fs.Stats;
    try {
      st = fs.statSync(input);
    } catch {
      throw new InputError(`cannot read ${input}: no such file or directory`);
    }
    if (st.isDirectory()) walk(input, out, skip);
    else out.push(input);
  }
  return out;
}

function walk(dir: string, out: string[], skip: (p: string, isDir: boolean) => boolean): void {
  let entries: fs.Dirent[];
  try {
    entries = fs.readdirSync(dir, { withFileTypes: true });
  } catch (e) {
    throw new InputError(`cannot read directory ${dir}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const ent of entries) {
    const p = path.join(dir, ent.name);
    if (ent.isDirectory()) {
      if (ALWAYS_SKIPPED_DIRS.has(ent.name) || skip(p, true)) continue;
      walk(p, out, skip);
    } else if (ent.isFile() && YAML_EXTENSIONS.includes(path.extname(ent.name).toLowerCase()) && !skip(p, false)) {
      out.push(p);
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
    throw new InputError(`cannot read ${p}: ${code === 'EISDIR' ? 'is a directory' : code ?? (e as Error).message}`);
  }
  return { path: p, ...decode(bytes, p) };
}

export function readStdin(name: string): SourceFile {
  let bytes: Buffer;
  try {
    bytes = fs.readFileSync(0);
  } catch (e) {
    throw new InputError(`cannot read standard input: ${(e as Error).message}`);
  }
  return { path: name, ...decode(bytes, name) };
}

/** Replace a file's content atomically (temporary file, then rename), keeping its mode. */
export function writeAtomic(p: string, text: string, bom: boolean): void {
  const st = fs.statSync(p);
  const tmp = path.join(path.dirname(p), `.${path.basename(p)}.podsec-${process.pid}.tmp`);
  try {
    fs.writeFileSync(tmp, (bom ? '\ufeff' : '') + text, { mode: st.mode & 0o7777 });
    fs.chmodSync(tmp, st.mode & 0o7777);
    fs.renameSync(tmp, p);
  } catch (e) {
    try {
      fs.unlinkSync(tmp);
    } catch {
      /* already gone */
    }
    throw new InputError(`cannot write ${p}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
}
