/**
 * Reading one file for the workspace index (workspace-index.ts): whether the index reads it at all
 * (a regular `*.yaml`/`*.yml` file, not `.podsec.yaml`, not under `node_modules` or `.git`, not left
 * out by the folder's `ReadFilter`), its text (valid UTF-8 without NUL, byte order mark dropped),
 * and the facts kept of it, copied off the text (files are data: no code from the workspace runs).
 * A read that finishes after a newer read of the same file started is dropped. Every change of a
 * set's disk entries goes through `setDisk`, which tells the index's listeners.
 */
import { promises as fsp, type Stats } from 'node:fs';
import * as path from 'node:path';
import { CONFIG_FILE_NAME } from '../../../shared/protocol';
import { extractFacts } from '../engine/cluster/facts';
import { normalizePath } from '../engine/cluster/paths';
import { hasFacts, type FileFacts } from '../engine/cluster/types';
import { errorText } from '../node/errors';
import type { ServerContext } from './context';
import type { DocumentConfig } from './document-config';
import { detached, type DiskEntry, type FactSet, type IndexListener } from './index-sets';
import type { ReadFilter } from './read-filter';

export const YAML_FILE = /\.ya?ml$/i;
export const SKIPPED_DIRS = new Set(['node_modules', '.git']);

const decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/** A file's text without its byte order mark; undefined for binary content or invalid UTF-8. */
export function textOf(bytes: Buffer): string | undefined {
  if (bytes.includes(0)) return undefined;
  try {
    const text = decoder.decode(bytes);
    return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  } catch {
    return undefined;
  }
}

export class IndexReader {
  private seq = 0;

  constructor(
    private readonly ctx: ServerContext,
    private readonly config: DocumentConfig,
    private readonly listeners: readonly IndexListener[],
  ) {}

  /** A file is gone (or left out now): reads of it under way are dropped. */
  forget(set: FactSet, key: string): void {
    set.pending.delete(key);
    this.setDisk(set, key, undefined);
  }

  /** Keep (or drop) a file's entry, and tell the listeners. */
  setDisk(set: FactSet, key: string, entry: DiskEntry | undefined): void {
    const before = set.disk.get(key);
    set.setDisk(key, entry);
    const file = entry?.path ?? before?.path;
    if (file !== undefined && (entry || before)) for (const l of this.listeners) l.fileChanged?.(set.root!, file, !!entry);
  }

  /** Read one file again (after a change on disk, or when its document closed). */
  async refreshFile(set: FactSet, file: string): Promise<void> {
    const filter = set.filter ?? (await this.filterOf(set));
    if (!filter) return;
    let st: Stats;
    try {
      st = await fsp.stat(file);
    } catch {
      this.forget(set, normalizePath(file));
      return;
    }
    const rel = path.relative(set.root!, file).split(path.sep);
    if (!st.isFile() || path.basename(file) === CONFIG_FILE_NAME || rel.some((seg) => SKIPPED_DIRS.has(seg)) || filter.skipsFile(file, st.size)) {
      this.forget(set, normalizePath(file));
      return;
    }
    await this.readFile(set, file, st);
  }

  async filterOf(set: FactSet): Promise<ReadFilter | undefined> {
    try {
      set.filter = await this.config.readFilter(set.root!);
    } catch (e) {
      this.ctx.failed(`reading the configuration for ${set.root}`, e);
    }
    return set.filter;
  }

  /** Read a file and keep its facts (unless a newer read of it started meanwhile). */
  async readFile(set: FactSet, file: string, st: Stats): Promise<void> {
    const key = normalizePath(file);
    const seq = ++this.seq;
    set.pending.set(key, seq);
    let bytes: Buffer;
    try {
      bytes = await fsp.readFile(file);
    } catch (e) {
      if (set.pending.get(key) !== seq) return;
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') this.forget(set, key);
      else {
        set.pending.delete(key);
        this.ctx.log(`podsec: workspace index: cannot read ${file}: ${errorText(e)}`);
      }
      return;
    }
    if (set.pending.get(key) !== seq) return;
    let facts: FileFacts | undefined;
    const text = textOf(bytes);
    // binary or not UTF-8: it says nothing about the cluster
    if (text !== undefined) {
      const f = extractFacts(file, text);
      if (hasFacts(f)) facts = detached(f);
    }
    set.pending.delete(key);
    this.setDisk(set, key, { path: file, mtimeMs: st.mtimeMs, size: st.size, facts });
  }
}
