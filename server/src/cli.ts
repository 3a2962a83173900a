/**
 * `podsec`: the command line on the same engine as the editor.
 *
 *   podsec check [paths...|-] [options]     (see cli/args.ts for every option)
 *   podsec explain <file>[:line]... [--in <path>...] [options]   (cli/explain.ts)
 *   podsec checklist merge <a.cklb> <b.cklb>... [-o <out>]          (cli/checklist.ts)
 *
 * Exit codes: 0 nothing at error severity (and warnings within --max-warnings), 1 findings at
 * error severity or too many warnings, 2 usage, configuration, I/O or internal error.
 *
 * The same file also runs as a worker thread of a check (cli/pool.ts).
 */
import { HELP, parseCheckArgs, UsageError } from './cli/args';
import { UserError } from './cli/errors';
import { serveIfWorker, WorkerCrash } from './cli/pool';
import { runChecklist } from './cli/checklist';
import { parseExplainArgs, runExplain } from './cli/explain';
import { runCheck, type Io } from './cli/run';
import { runRules } from './cli/rules-command';
import { errorText } from './node/errors';

declare const PODSEC_VERSION: string;
export const VERSION = typeof PODSEC_VERSION === 'string' ? PODSEC_VERSION : '0.0.0-dev';

export { UsageError };
export type { Io };

export async function main(argv: string[], io: Io): Promise<number> {
  try {
    const [cmd, ...rest] = argv;
    if (cmd === '--version' || cmd === '-v') {
      io.out(`${VERSION}\n`);
      return 0;
    }
    if (!cmd || cmd === '--help' || cmd === '-h' || cmd === 'help') {
      (cmd ? io.out : io.err)(HELP(VERSION));
      return cmd ? 0 : 2;
    }
    if (cmd === 'check') {
      if (rest.includes('--help') || rest.includes('-h')) {
        io.out(HELP(VERSION));
        return 0;
      }
      return await runCheck(parseCheckArgs(rest, io.env), io, { version: VERSION, workerFile: __filename });
    }
    if (cmd === 'rules') return runRules(rest, io);
    if (cmd === 'checklist') return runChecklist(rest, io);
    if (cmd === 'explain') {
      if (rest.includes('--help') || rest.includes('-h')) {
        io.out(HELP(VERSION));
        return 0;
      }
      return runExplain(parseExplainArgs(rest), io);
    }
    throw new UsageError(`unknown command "${cmd}" (see podsec --help)`);
  } catch (e) {
    if (e instanceof UserError) {
      io.err(`podsec: ${e.message}\n`);
      return 2;
    }
    const detail = e instanceof WorkerCrash ? e.message : errorText(e, 'stack');
    io.err(`podsec: internal error: ${detail}\nPlease report this with the input that caused it.\n`);
    return 2;
  }
}

/** Run with the process's arguments and streams (the `podsec` binary). */
export function cliMain(): void {
  // A reader that stops early (`podsec check | head`) gets no more output, but the check runs to
  // its end so that the exit code still tells what it found.
  let closed = false;
  process.stdout.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code !== 'EPIPE') throw e;
    closed = true;
  });
  main(process.argv.slice(2), {
    out: (s) => void (closed || process.stdout.write(s)),
    err: (s) => void process.stderr.write(s),
    isTTY: !!process.stdout.isTTY,
    env: process.env,
  }).then(
    (code) => {
      process.exitCode = code;
    },
    // main reports every error itself; this is for one thrown while it reports (exit code 2 too)
    (e: unknown) => {
      process.stderr.write(`podsec: internal error: ${errorText(e, 'stack')}\n`);
      process.exitCode = 2;
    },
  );
}

/** true in the single-file build, whose own entry (single.ts) decides what runs */
declare const PODSEC_SINGLE_FILE: boolean;
const singleFile = typeof PODSEC_SINGLE_FILE === 'boolean' && PODSEC_SINGLE_FILE;
if (!singleFile && !serveIfWorker() && require.main === module) cliMain();
