/**
 * `podsec check`: find the files, check them (on worker threads when there is enough to do),
 * and report file by file in the order of the file list.
 */
import * as path from 'node:path';
import { extractFacts } from '../engine/cluster/facts';
import { hasFacts, type FileFacts } from '../engine/cluster/types';
import { ClusterContext } from '../engine/cluster/context';
import { ownCluster } from '../engine/pipeline';
import { readAdmissionConfiguration } from '../node/admission-file';
import { CheckArgs, UsageError } from './args';
import { checkText, type FileResult, type FileTask, type FixMode } from './check-file';
import { checkAdmissionConfigurationFlag, cliConfigResolver, flagsConfig } from './config';
import { decode, expandPaths, InputError, readSource, readStdin, type PathFilter } from './files';
import { addCounts, emptyCounts, GithubReporter, JsonReporter, TextReporter, type FileReport, type Reporter, type RunSummary } from './format';
import { IGNORE_FILE_NAME, loadIgnoreFile } from './ignore';
import { availableCores, chooseThreads, runTasks, SPLIT_MIN_BYTES } from './pool';
import { SarifReporter } from './sarif';

export interface Io {
  out(s: string): void;
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

function reporterFor(args: CheckArgs, io: Io, ctx: RunContext): Reporter | undefined {
  if (args.fixDryRun) return undefined;
  switch (args.format) {
    case 'json':
      return new JsonReporter(io.out);
    case 'sarif':
      return new SarifReporter(io.out, { version: ctx.version, cwd: process.cwd() });
    case 'github':
      return new GithubReporter(io.out);
    default:
      return new TextReporter(io.out, args.color ?? (io.isTTY && !io.env.NO_COLOR));
  }
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
    let text: string;
    try {
      text = readSource(p).text;
    } catch (e) {
      if (e instanceof InputError) continue;
      throw e;
    }
    const f = extractFacts(path.resolve(p), text);
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

/** Put the parts of a split file back together (parts arrive complete, in any order). */
function mergeParts(parts: FileResult[]): FileResult {
  if (parts.length === 1) return parts[0];
  parts.sort((a, b) => (a.part?.index ?? 0) - (b.part?.index ?? 0));
  const out: FileResult = { index: parts[0].index, path: parts[0].path, findings: [], documents: 0, ruleErrors: [], fixed: 0 };
  for (const p of parts) {
    if (p.error && !out.error) out.error = p.error;
    const docs = out.documents;
    for (const f of p.findings) out.findings.push(docs ? { ...f, document: f.document + docs } : f);
    out.documents += p.documents;
    out.ruleErrors.push(...p.ruleErrors);
    out.fixed += p.fixed;
  }
  return out;
}

export async function runCheck(args: CheckArgs, io: Io, ctx: RunContext): Promise<number> {
  const flags = flagsConfig(args);
  // a named admission configuration that cannot be used stops the run before anything is read
  checkAdmissionConfigurationFlag(args.admissionConfiguration);
  const config = cliConfigResolver(args.config, (m) => io.err(`podsec: ${m}\n`));
  const ignore = args.ignorePath !== undefined ? loadIgnoreFile(args.ignorePath, true) : loadIgnoreFile(IGNORE_FILE_NAME, false);
  const fix: FixMode = args.fix ? 'fix' : args.fixDryRun ? 'dry-run' : 'none';
  const reporter = reporterFor(args, io, ctx);

  const summary: RunSummary = { files: 0, withFindings: 0, counts: emptyCounts(), notifications: [] };
  const found = emptyCounts(); // before --quiet
  let fixes = 0;
  let fixedFiles = 0;
  let internal = false;

  const emit = (r: FileResult) => {
    if (r.error) {
      io.err(`podsec: ${r.error}\n`);
      summary.notifications.push({ message: r.error, path: r.path });
      return;
    }
    for (const e of r.ruleErrors) {
      internal = true;
      const message = `internal error: rule ${e.ruleId} failed on ${r.path}: ${e.message}`;
      io.err(`podsec: ${message}\nThe other rules' findings stand; please report this with the input that caused it.\n`);
      summary.notifications.push({ message, path: r.path });
    }
    summary.files++;
    if (r.fixed) {
      fixes += r.fixed;
      fixedFiles++;
    }
    if (r.diff) io.out(r.diff);
    let shown = r.findings.filter((f) => !f.suppressed);
    let suppressed = r.findings.filter((f) => f.suppressed);
    addCounts(found, shown);
    if (args.quiet) {
      shown = shown.filter((f) => f.severity === 'error');
      suppressed = suppressed.filter((f) => f.severity === 'error');
    }
    addCounts(summary.counts, shown);
    if (shown.length) summary.withFindings++;
    const report: FileReport = { path: r.path, findings: shown, suppressed };
    reporter?.file(report);
  };

  if (args.paths[0] === '-') {
    const name = args.stdinFilename ?? '-';
    let source;
    try {
      source = io.stdin ? { path: name, ...decode(io.stdin(), name) } : readStdin(name);
    } catch (e) {
      if (!(e instanceof InputError)) throw e;
      throw new UsageError(e.message);
    }
    // the configuration of the name given (its .podsec.yaml), the name as the path rules see
    const { options } = config.resolve(path.resolve(name), { flags });
    // standard input alone is the set of files, with the admission configuration named for it
    const named = options.admissionConfiguration ? factPass([], [options.admissionConfiguration]) : [];
    const cluster = named.length ? new ClusterContext([...named, extractFacts(name, source.text)]) : ownCluster(source.text, name);
    emit(checkText({ index: 0, path: name, options: { ...options, filePath: name }, fix }, source, cluster));
  } else {
    const filter: PathFilter = {
      skipsRoot: (p, isDir) => (ignore?.ignoresPath(p, isDir) ?? false) || config.excluded(p, isDir),
      skipsEntry: (p, isDir) => (ignore?.ignoresEntry(p, isDir) ?? false) || config.excluded(p, isDir),
    };
    const files = expandPaths(args.paths, filter, (message, p) => {
      io.err(`podsec: ${message}\n`);
      summary.notifications.push({ message, path: p });
    });
    const maxThreads = args.threads || availableCores();
    const splits = (size: number) => (fix === 'none' && maxThreads > 1 && size >= SPLIT_MIN_BYTES ? maxThreads : 1);
    const units = files.reduce((n, f) => n + splits(f.size), 0);
    const totalBytes = files.reduce((n, f) => n + f.size, 0);
    const threads = chooseThreads(args.threads, units, totalBytes);
    const tasks: FileTask[] = [];
    const weights: number[] = [];
    const partsOf: number[] = [];
    // the cluster context knows files by absolute path
    const optionsOf = files.map((f) => ({ ...config.resolve(f.path, { flags }).options, filePath: path.resolve(f.path) }));
    // the fact pass: what every file says about the cluster (namespaces, admission configuration,
    // RKE2 configs), read before any file is judged; most documents are not even parsed. The
    // admission configurations the configuration names count even outside the paths given.
    const named = new Set(optionsOf.map((o) => o.admissionConfiguration).filter((p): p is string => !!p));
    const facts = factPass(
      files.map((f) => f.path),
      named,
    );
    files.forEach((f, index) => {
      const options = optionsOf[index];
      const count = threads > 1 ? Math.min(threads, splits(f.size)) : 1;
      partsOf.push(count);
      // a link out of the folder being checked is checked, not rewritten
      if (f.linkOutside && fix === 'fix') io.err(`podsec: not fixing ${f.path}: it links to a file outside the folder being checked\n`);
      for (let p = 0; p < count; p++) {
        const task: FileTask = { index, path: f.path, options, fix: f.linkOutside && fix === 'fix' ? 'none' : fix };
        if (count > 1) task.part = { index: p, count };
        tasks.push(task);
        weights.push(f.size / count);
      }
    });
    // results come back in any order: keep them until every earlier file has been reported
    const waiting = new Map<number, FileResult[]>();
    let next = 0;
    await runTasks(
      tasks,
      weights,
      threads,
      ctx.workerFile,
      (r) => {
        const list = waiting.get(r.index) ?? [];
        list.push(r);
        waiting.set(r.index, list);
        while (next < files.length && (waiting.get(next)?.length ?? 0) === partsOf[next]) {
          const parts = waiting.get(next)!;
          waiting.delete(next);
          emit(mergeParts(parts));
          next++;
        }
      },
      facts,
    );
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
