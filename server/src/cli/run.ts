/**
 * `podsec check`: find the files, check them (on worker threads when there is enough to do), and
 * report them in the order of the file list as the results come in.
 *
 * Small files are tasks of their own, read by the thread that checks them. A large file checked
 * without a fix mode (and standard input) is read here, block by block, and goes out in batches
 * of whole documents (batches.ts); its report is written batch by batch. What the run keeps is
 * counts and a few tasks' output (pool.ts), never the findings: memory does not grow with the
 * number of findings or the size of the files.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { extractFacts, FactReader } from '../engine/cluster/facts';
import { hasFacts, type FileFacts } from '../engine/cluster/types';
import type { EngineOptions } from '../engine/profiles';
import { readAdmissionConfiguration } from '../node/admission-file';
import { resolveRuleSet } from '../engine/profiles';
import type { ChecklistTarget } from '../config/keys';
import { stigOfProfile, CHECKLIST_PROFILES } from '../evidence/results';
import type { TargetData } from '../evidence/types';
import type { FileConfig } from '../node/config-resolver';
import { CheckArgs, EVIDENCE_FORMATS, UsageError } from './args';
import { fileBatches, probeSource, textBatches, type Batch } from './batches';
import type { CheckSetup, FixMode, TaskStats } from './check-file';
import { checkAdmissionConfigurationFlag, cliConfigResolver, flagsConfig } from './config';
import { decode, expandPaths, InputError, readSource, readStdin, type FoundFile, type PathFilter } from './files';
import { isoTime, type EvidenceSetup } from './evidence';
import { emptyCounts, sumCounts, type FormatSetup, type Output, type Reporter, type ReportFile, type RunSummary } from './format';
import { IGNORE_FILE_NAME, loadIgnoreFile } from './ignore';
import { OutputFile } from './output-file';
import { OUTPUT_FORMATS } from './outputs';
import { BATCH_CHARS, chooseThreads, SPLIT_MIN_BYTES, TaskPool } from './pool';

export interface Io {
  /** standard output: text, or pieces of a report already encoded as UTF-8 */
  out(s: Output): void;
  err(s: string): void;
  /** standard output is a terminal */
  isTTY: boolean;
  env: Record<string, string | undefined>;
  /** read standard input (tests supply their own) */
  stdin?: () => Uint8Array;
}

export interface RunContext {
  version: string;
  /** the file worker threads start (the CLI's own bundle) */
  workerFile: string;
}

/** A file of the run, as its tasks are submitted and reported. */
interface RunFile {
  path: string;
  /** set when its report has begun */
  report?: ReportFile;
  /** counted in `Places.coming`: its first batch is submitted, its report has not begun */
  coming?: boolean;
  /** tasks submitted, and reported */
  tasks: number;
  reported: number;
  /** a finding was reported */
  shown: boolean;
  fixed: number;
}

/**
 * Facts of the files that have any (a file that cannot be read is reported when it is checked),
 * and of the admission configurations the configuration names outside them.
 */
export function factPass(paths: string[], named: Iterable<string> = []): FileFacts[] {
  const out: FileFacts[] = [];
  const seen = new Set<string>();
  for (const p of paths) {
    const abs = path.resolve(p);
    if (seen.has(abs)) continue;
    seen.add(abs);
    let f: FileFacts;
    try {
      f = factsOfFile(p, abs);
    } catch (e) {
      if (e instanceof InputError) continue;
      throw e;
    }
    if (hasFacts(f)) out.push(f);
  }
  for (const abs of named) {
    if (seen.has(abs)) continue;
    seen.add(abs);
    // checked when the configuration was read (or the flag given): an error there stopped the run
    const read = readAdmissionConfiguration(abs);
    if ('facts' in read) out.push(read.facts);
  }
  return out;
}

/**
 * What one file says about the cluster. A large file is read in batches of whole documents, as
 * it is checked (batches.ts), so that the fact pass never holds it whole.
 */
function factsOfFile(p: string, abs: string): FileFacts {
  let size = 0;
  try {
    size = fs.statSync(p).size;
  } catch {
    // readSource says why
  }
  if (size < SPLIT_MIN_BYTES) return extractFacts(abs, readSource(p).text);
  probeSource(p);
  const reader = new FactReader(abs);
  for (const b of fileBatches(p, BATCH_CHARS)) reader.add(b.text, b.offset, b.line);
  return reader.result();
}

/** `SOURCE_DATE_EPOCH`: the time a reproducible build (or a test) gives the checklist. */
export const SOURCE_DATE_EPOCH = 'SOURCE_DATE_EPOCH';

/**
 * The time of the run as the evidence records it: SOURCE_DATE_EPOCH (whole seconds since 1970,
 * as reproducible builds set it) when set, so that the same input gives the same bytes; else now.
 */
function runTime(env: Record<string, string | undefined>): { time: string; fixed: boolean } {
  const given = env[SOURCE_DATE_EPOCH];
  if (given === undefined || given === '') return { time: isoTime(Date.now()), fixed: false };
  const ms = Number(given) * 1000;
  if (!/^\d{1,12}$/.test(given) || !Number.isFinite(new Date(ms).getTime()))
    throw new UsageError(`${SOURCE_DATE_EPOCH} must be a whole number of seconds since 1970-01-01 UTC, not "${given}"`);
  return { time: isoTime(ms), fixed: true };
}

/** `a/b.yaml` and `c.yaml` for messages naming the files of a setting. */
function example(files: string[]): string {
  return files.length > 1 ? `${files[0]} and ${files.length - 1} more` : files[0];
}

/**
 * What the evidence formats need: the profile every file is checked under (one STIG per
 * checklist), the rules that ran, and the target: `--target-*` over `.podsec.yaml` `checklist:`,
 * which must agree where several configuration files set it. Nothing is guessed.
 */
function evidenceSetup(args: CheckArgs, resolved: { path: string; config: FileConfig }[], time: { time: string; fixed: boolean }): EvidenceSetup {
  const byProfile = new Map<string, string[]>();
  for (const r of resolved) {
    const p = r.config.options.profile ?? 'restricted';
    byProfile.set(p, [...(byProfile.get(p) ?? []), r.path]);
  }
  const names = CHECKLIST_PROFILES.join(' or ');
  if (byProfile.size > 1) {
    const which = [...byProfile].map(([p, files]) => `${p} (${example(files)})`).join(', ');
    throw new UsageError(
      `--format ${args.format} writes one checklist for one STIG, but the files are checked under different profiles: ${which}; choose one with --profile ${names}`,
    );
  }
  const profile = resolved[0].config.options.profile ?? 'restricted';
  if (!stigOfProfile(profile))
    throw new UsageError(
      `--format ${args.format} writes a checklist for the STIG of the profile, and profile "${profile}" has none: use --profile ${names} (stig-rke2: the RKE2 STIG, stig-kubernetes: the Kubernetes STIG)`,
    );
  // the rules that ran: the union over the distinct configurations (most runs have one)
  const rules = new Set<string>();
  const seen = new Set<string>();
  for (const r of resolved) {
    const key = JSON.stringify(r.config.options);
    if (seen.has(key)) continue;
    seen.add(key);
    for (const a of resolveRuleSet(r.config.options).run) rules.add(a.rule.meta.id);
  }
  const targets = new Map<string, { target: ChecklistTarget; files: string[] }>();
  for (const r of resolved) {
    const t = r.config.config.checklist;
    if (!t || !Object.keys(t).length) continue;
    const key = JSON.stringify(Object.entries(t).sort(([a], [b]) => (a < b ? -1 : 1)));
    const hit = targets.get(key);
    if (hit) hit.files.push(r.path);
    else targets.set(key, { target: t, files: [r.path] });
  }
  if (targets.size > 1) {
    const [a, b] = [...targets.values()];
    throw new UsageError(
      `the configuration files of the files checked give different checklist targets (${example(a.files)}: ${JSON.stringify(a.target)}; ${example(b.files)}: ${JSON.stringify(b.target)}); a checklist has one target: check them separately, or give it with --target-* options`,
    );
  }
  const chosen: ChecklistTarget = { ...([...targets.values()][0]?.target ?? {}), ...args.target };
  const target: TargetData = { ...chosen, ...(chosen.webDbSite || chosen.webDbInstance ? { webOrDatabase: true } : {}) };
  return { profile, rules: [...rules].sort(), target, time: time.time, fixedTime: time.fixed };
}

function errorStats(message: string): TaskStats {
  return { documents: 0, found: emptyCounts(), shown: emptyCounts(), ruleErrors: [], fixed: 0, error: message };
}

export async function runCheck(args: CheckArgs, io: Io, ctx: RunContext): Promise<number> {
  if (args.output === undefined) return check(args, io, ctx);
  const file = new OutputFile(args.output);
  let code: number;
  try {
    code = await check(args, { ...io, out: file.write, isTTY: false }, ctx);
  } catch (e) {
    file.abort();
    throw e;
  }
  file.commit();
  return code;
}

async function check(args: CheckArgs, io: Io, ctx: RunContext): Promise<number> {
  const flags = flagsConfig(args);
  // a named admission configuration that cannot be used stops the run before anything is read
  checkAdmissionConfigurationFlag(args.admissionConfiguration);
  const config = cliConfigResolver(args.config, (m) => io.err(`podsec: ${m}\n`));
  const ignore = args.ignorePath !== undefined ? loadIgnoreFile(args.ignorePath, true) : loadIgnoreFile(IGNORE_FILE_NAME, false);
  const fix: FixMode = args.fix ? 'fix' : args.fixDryRun ? 'dry-run' : 'none';
  const evidence = EVIDENCE_FORMATS.includes(args.format);
  // the checklist's date: before anything is read, so a bad value stops the run at once
  const time = evidence ? runTime(io.env) : undefined;
  let format: FormatSetup | undefined;
  // made once every file's configuration is known (the evidence formats need the profile)
  let reporter: Reporter<unknown> | undefined;

  const summary: RunSummary = { files: 0, withFindings: 0, counts: emptyCounts(), notifications: [] };
  const found = emptyCounts(); // before --quiet
  let fixes = 0;
  let fixedFiles = 0;
  let internal = false;

  // A task's writer fills in the file's place among the reported files, and the documents before
  // its text, itself when they are known as it starts; otherwise the reporter does (sarif.ts).
  // Places are known while no file task (whose file may turn out unreadable) is unreported.
  const places = { begun: 0, coming: 0, openFileTasks: 0 };
  const taskFile = new Map<number, RunFile>();
  const lastTasks = new Set<number>();
  const fileTasks = new Set<number>();

  const begin = (f: RunFile): ReportFile => {
    if (!f.report) {
      f.report = { path: f.path, artifact: places.begun++, docs: 0 };
      if (f.coming) places.coming--;
      f.coming = false;
      reporter?.fileStart(f.report);
    }
    return f.report;
  };

  const finish = (f: RunFile) => {
    reporter?.fileEnd(f.report!);
    summary.files++;
    if (f.shown) summary.withFindings++;
    if (f.fixed) {
      fixes += f.fixed;
      fixedFiles++;
    }
  };

  const handler = {
    piece(seq: number, piece: unknown) {
      reporter?.piece(begin(taskFile.get(seq)!), piece);
    },
    done(seq: number, stats: TaskStats, piece?: unknown) {
      const f = taskFile.get(seq)!;
      taskFile.delete(seq);
      if (fileTasks.delete(seq)) places.openFileTasks--;
      const last = lastTasks.delete(seq);
      f.reported++;
      if (stats.error) {
        io.err(`podsec: ${stats.error}\n`);
        summary.notifications.push({ message: stats.error, path: f.path });
        // a file that failed part way (it changed while it was read) still closes its report
        if (f.report) finish(f);
        return;
      }
      const report = begin(f);
      if (piece !== undefined) reporter?.piece(report, piece);
      report.docs += stats.documents;
      for (const e of stats.ruleErrors) {
        internal = true;
        const message = `internal error: rule ${e.ruleId} failed on ${f.path}: ${e.message}`;
        io.err(`podsec: ${message}\nThe other rules' findings stand; please report this with the input that caused it.\n`);
        summary.notifications.push({ message, path: f.path });
      }
      sumCounts(found, stats.found);
      sumCounts(summary.counts, stats.shown);
      if (stats.shown.error + stats.shown.warning + stats.shown.info) f.shown = true;
      f.fixed += stats.fixed;
      if (stats.diff) io.out(stats.diff);
      if (last) finish(f);
    },
  };

  const stdin = args.paths[0] === '-';
  let files: FoundFile[] = [];
  let stdinText: { text: string; bom: boolean } | undefined;
  if (stdin) {
    const name = args.stdinFilename ?? '-';
    try {
      stdinText = io.stdin ? decode(io.stdin(), name) : readStdin(name);
    } catch (e) {
      if (!(e instanceof InputError)) throw e;
      throw new UsageError(e.message);
    }
  } else {
    const filter: PathFilter = {
      skipsRoot: (p, isDir) => (ignore?.ignoresPath(p, isDir) ?? false) || config.excluded(p, isDir),
      skipsEntry: (p, isDir) => (ignore?.ignoresEntry(p, isDir) ?? false) || config.excluded(p, isDir),
    };
    files = expandPaths(args.paths, filter, (message, p) => {
      io.err(`podsec: ${message}\n`);
      summary.notifications.push({ message, path: p });
    });
  }

  // large files without a fix mode are read here in batches; the number of tasks and the bytes
  // decide the threads
  const batched = (size: number) => fix === 'none' && size >= SPLIT_MIN_BYTES;
  const units = stdinText
    ? fix === 'none'
      ? Math.ceil(stdinText.text.length / BATCH_CHARS)
      : 1
    : files.reduce((n, f) => n + (batched(f.size) ? Math.ceil(f.size / BATCH_CHARS) : 1), 0);
  const totalBytes = stdinText ? stdinText.text.length : files.reduce((n, f) => n + f.size, 0);

  // Every file's configuration first (a broken one stops the run before anything is reported),
  // then the fact pass: what every file says about the cluster (namespaces, admission
  // configuration, RKE2 configs), read before any file is judged; most documents are not even
  // parsed. The admission configurations the configuration names count even outside the paths
  // given. The cluster context knows files by absolute path.
  const stdinName = args.stdinFilename ?? '-';
  let optionsOf: EngineOptions[];
  let facts: FileFacts[];
  let resolved: { path: string; config: FileConfig }[];
  if (stdinText) {
    // the configuration of the name given (its .podsec.yaml), the name as the path rules see;
    // standard input alone is the set of files, with the admission configuration named for it
    const fileConfig = config.resolve(path.resolve(stdinName), { flags });
    resolved = [{ path: stdinName, config: fileConfig }];
    const { options } = fileConfig;
    optionsOf = [{ ...options, filePath: stdinName }];
    const named = options.admissionConfiguration ? factPass([], [options.admissionConfiguration]) : [];
    const own = extractFacts(stdinName, stdinText.text);
    facts = named.length ? [...named, own] : hasFacts(own) ? [own] : [];
  } else {
    resolved = files.map((entry) => ({ path: entry.path, config: config.resolve(entry.path, { flags }) }));
    optionsOf = resolved.map((r) => ({ ...r.config.options, filePath: path.resolve(r.path) }));
    const named = new Set(optionsOf.map((o) => o.admissionConfiguration).filter((p): p is string => !!p));
    facts = factPass(
      files.map((f) => f.path),
      named,
    );
  }
  if (!args.fixDryRun) {
    format = {
      format: args.format,
      colour: args.color ?? (io.isTTY && !io.env.NO_COLOR),
      cwd: process.cwd(),
      version: ctx.version,
      ...(args.maxResults !== undefined ? { maxResults: args.maxResults } : {}),
      // with no file, what the working folder's configuration says
      ...(evidence
        ? { evidence: evidenceSetup(args, resolved.length ? resolved : [{ path: '.', config: config.resolve(path.resolve('-'), { flags }) }], time!) }
        : {}),
    };
    reporter = OUTPUT_FORMATS[format.format].reporter(io.out, format, io.err);
  }
  const setup: CheckSetup = { quiet: args.quiet, facts, ...(format ? { format } : {}) };
  const pool = new TaskPool(chooseThreads(args.threads, units, totalBytes), ctx.workerFile, setup, handler);

  let seq = 0;
  const newFile = (p: string): RunFile => ({ path: p, tasks: 0, reported: 0, shown: false, fixed: 0 });
  /** Register the next task of `f`: what its writer may know, and its number. */
  const nextTask = (f: RunFile, last: boolean): { seq: number; artifact?: number; docs?: number } => {
    const s = seq++;
    taskFile.set(s, f);
    if (last) lastTasks.add(s);
    const known: { seq: number; artifact?: number; docs?: number } = { seq: s };
    if (places.openFileTasks === 0) known.artifact = f.report ? f.report.artifact : places.begun + places.coming - (f.coming ? 1 : 0);
    if (f.tasks === f.reported) known.docs = f.report ? f.report.docs : 0;
    f.tasks++;
    return known;
  };
  const settle = (f: RunFile, message: string) => pool.settle(nextTask(f, true).seq, errorStats(message));

  /** Check a text read here, batch by batch (each batch is submitted once the next is read). */
  const inBatches = async (f: RunFile, options: EngineOptions, batches: Iterable<Batch>): Promise<void> => {
    let held: Batch | undefined;
    const submit = async (b: Batch, last: boolean) => {
      const known = nextTask(f, last);
      if (!f.report && !f.coming) {
        f.coming = true;
        places.coming++;
      }
      await pool.submit({ kind: 'text', path: f.path, options, text: b.text, offset: b.offset, line: b.line, ...known });
    };
    try {
      for (const b of batches) {
        if (held) await submit(held, false);
        held = b;
      }
    } catch (e) {
      if (!(e instanceof InputError)) throw e;
      if (held) await submit(held, false);
      settle(f, e.message);
      return;
    }
    await submit(held!, true);
  };

  try {
    if (stdinText) {
      const name = stdinName;
      const fileOptions = optionsOf[0];
      const f = newFile(name);
      if (fix !== 'none') {
        await pool.submit({ kind: 'file', path: name, options: fileOptions, fix, source: stdinText, ...nextTask(f, true) });
      } else {
        const text = stdinText.text;
        stdinText = undefined;
        await inBatches(f, fileOptions, textBatches(text, BATCH_CHARS));
      }
    } else {
      for (const [i, entry] of files.entries()) {
        const options = optionsOf[i];
        const f = newFile(entry.path);
        // a link out of the folder being checked is checked, not rewritten
        if (entry.linkOutside && fix === 'fix') io.err(`podsec: not fixing ${entry.path}: it links to a file outside the folder being checked\n`);
        if (batched(entry.size)) {
          try {
            probeSource(entry.path);
          } catch (e) {
            if (!(e instanceof InputError)) throw e;
            settle(f, e.message);
            continue;
          }
          await inBatches(f, options, fileBatches(entry.path, BATCH_CHARS));
          continue;
        }
        const known = nextTask(f, true);
        fileTasks.add(known.seq);
        places.openFileTasks++;
        await pool.submit({ kind: 'file', path: entry.path, options, fix: entry.linkOutside && fix === 'fix' ? 'none' : fix, ...known });
      }
    }
  } finally {
    await pool.finish();
  }

  if (fix === 'fix') summary.fixed = { fixes, files: fixedFiles };
  reporter?.end(summary);
  if (fix === 'dry-run') {
    const left = found.error + found.warning + found.info;
    io.err(
      `podsec: --fix-dry-run: ${fixes} fix${fixes === 1 ? '' : 'es'} in ${fixedFiles} file${fixedFiles === 1 ? '' : 's'} would be applied; ${left} problem${left === 1 ? '' : 's'} would remain (${found.error} error${found.error === 1 ? '' : 's'}).\n`,
    );
  }
  if (internal || summary.notifications.length) return 2;
  if (found.error) return 1;
  if (args.maxWarnings !== undefined && found.warning > args.maxWarnings) {
    io.err(`podsec: ${found.warning} warning${found.warning === 1 ? '' : 's'} found, more than --max-warnings ${args.maxWarnings}\n`);
    return 1;
  }
  return 0;
}
