/**
 * Reading a workspace folder for the workspace index (workspace-index.ts): list it, read the files
 * that are new or whose size or modification time changed (index-reader.ts), forget the files gone
 * or left out, and read as data the admission configurations the files' configurations name
 * outside the folder. The walk is async, reads a few files at a time and yields to the message
 * queue every few milliseconds, so the server keeps answering while a large folder is read; it
 * follows no link to a folder and a link to a file only when the file lies inside the folder. A
 * scan asked for while one runs makes that one go round again; after each round the set's
 * context is rebuilt.
 */
import { promises as fsp, type Dirent, type Stats } from 'node:fs';
import * as path from 'node:path';
import { CONFIG_FILE_NAME } from '../../../shared/protocol';
import { normalizePath } from '../engine/cluster/paths';
import type { FileFacts } from '../engine/cluster/types';
import { readAdmissionConfiguration } from '../node/admission-file';
import type { ServerContext } from './context';
import { SKIPPED_DIRS, YAML_FILE, type IndexReader } from './index-reader';
import { detached, type FactSet } from './index-sets';

/** Files read at the same time while scanning a folder. */
const PARALLEL_READS = 8;
/** Longest stretch of the index's own work before it lets the server read its message queue. */
const SLICE_MS = 4;

const yieldToEventLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

export class FolderScanner {
  constructor(
    private readonly ctx: ServerContext,
    private readonly reader: IndexReader,
    /** a scan round ended: rebuild the set's context */
    private readonly rebuild: (set: FactSet) => void,
  ) {}

  /** Read a folder (again): list it, read the files that are new or changed, forget the others. */
  scan(set: FactSet): Promise<void> {
    if (set.scanning) {
      set.rescanWanted = true;
      return set.scanning;
    }
    set.scanning = (async () => {
      do {
        set.rescanWanted = false;
        try {
          await this.scanOnce(set);
        } catch (e) {
          this.ctx.failed(`reading the workspace folder ${set.root}`, e);
          set.ready = true; // judge with what was read rather than wait forever
        }
        if (!set.removed) this.rebuild(set);
      } while (set.rescanWanted && !set.removed && !this.ctx.shuttingDown);
    })().finally(() => {
      set.scanning = undefined;
    });
    return set.scanning;
  }

  private async scanOnce(set: FactSet): Promise<void> {
    const root = set.root!;
    const first = !set.ready;
    const started = performance.now();
    if (first) this.ctx.log(`podsec: workspace index: reading ${root} for namespaces and cluster configuration`);
    const filter = await this.reader.filterOf(set);
    if (!filter) return;
    const realRoot = await fsp.realpath(root).catch(() => root);
    const seen = new Set<string>();
    /** admission configurations the files' configurations name */
    const named = new Set<string>();
    let found = 0;
    let skipped = 0;
    let sliceStart = performance.now();
    const pause = async () => {
      if (performance.now() - sliceStart < SLICE_MS) return;
      await yieldToEventLoop();
      sliceStart = performance.now();
    };
    const visit = async (file: string, ent: Dirent) => {
      let st: Stats;
      try {
        if (ent.isSymbolicLink()) {
          // a link counts only when what it points at lies inside the folder
          const target = await fsp.realpath(file);
          const rel = path.relative(realRoot, target);
          if (rel.startsWith('..') || path.isAbsolute(rel)) return;
        }
        st = await fsp.stat(file);
      } catch {
        return;
      }
      if (!st.isFile()) return;
      if (filter.skipsFile(file, st.size)) {
        skipped++;
        return;
      }
      const key = normalizePath(file);
      seen.add(key);
      found++;
      const admission = filter.admissionConfigurationOf(file);
      if (admission !== undefined) named.add(admission);
      const known = set.disk.get(key);
      if (!known || known.mtimeMs !== st.mtimeMs || known.size !== st.size) await this.reader.readFile(set, file, st);
    };
    const dirs = [root];
    while (dirs.length) {
      if (set.removed || this.ctx.shuttingDown) return;
      const dir = dirs.pop()!;
      let entries: Dirent[];
      try {
        entries = await fsp.readdir(dir, { withFileTypes: true });
      } catch {
        continue;
      }
      entries.sort((a, b) => (a.name < b.name ? 1 : a.name > b.name ? -1 : 0));
      const files: [string, Dirent][] = [];
      for (const ent of entries) {
        const p = path.join(dir, ent.name);
        if (ent.isDirectory()) {
          if (!SKIPPED_DIRS.has(ent.name) && !filter.skipsDir(p)) dirs.push(p);
        } else if ((ent.isFile() || ent.isSymbolicLink()) && YAML_FILE.test(ent.name) && ent.name !== CONFIG_FILE_NAME) {
          files.push([p, ent]);
        }
      }
      for (let i = files.length - 1; i >= 0; i -= PARALLEL_READS) {
        const batch = files.slice(Math.max(0, i - PARALLEL_READS + 1), i + 1);
        await Promise.all(batch.map(([p, ent]) => visit(p, ent)));
        await pause();
      }
      await pause();
    }
    // files gone since the last scan, or left out now
    for (const key of [...set.disk.keys()]) if (!seen.has(key) && !set.pending.has(key)) this.reader.setDisk(set, key, undefined);
    // a named admission configuration outside the folder (or not a YAML file of it) counts too, read
    // as the configuration of an open document reads it; a wrong path is a problem the
    // configuration shows
    const extra = new Map<string, FileFacts>();
    for (const file of named) {
      const key = normalizePath(file);
      if (set.disk.has(key)) continue;
      const read = readAdmissionConfiguration(file);
      if ('facts' in read) extra.set(key, detached(read.facts));
    }
    set.extra = extra;
    if (first) {
      set.ready = true;
      const ms = Math.round(performance.now() - started);
      this.ctx.log(
        `podsec: workspace index: ${root} ready in ${ms} ms: ${found} YAML file${found === 1 ? '' : 's'}, ${set.diskFacts.size} with namespaces or cluster configuration${skipped ? `, ${skipped} left out (exclude, maxFileSizeMB)` : ''}`,
      );
    }
  }
}
