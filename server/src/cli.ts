/**
 * `podsec`: the command line on the same engine as the editor.
 *
 *   podsec check [paths...|-] [--profile baseline|restricted|stig-rke2|stig-kubernetes]
 *                [--pss-version v1.N|latest] [--format text|json] [--fix]
 *
 * Exit codes: 0 nothing at error severity, 1 findings at error severity, 2 usage or I/O error.
 */
import { analyzeText } from './engine/analyze';
import { fixAll } from './engine/fix/apply';
import { EngineOptions, isProfile, PROFILES, resolveConfig, ResolvedConfig } from './engine/profiles';
import { parseVersion, VersionError } from './engine/versions';
import { expandPaths, InputError, readSource, readStdin, SourceFile, writeAtomic } from './cli/files';
import { FileReport, formatJson, formatText } from './cli/format';

declare const PODSEC_VERSION: string;
const VERSION = typeof PODSEC_VERSION === 'string' ? PODSEC_VERSION : '0.0.0-dev';

export class UsageError extends Error {}

const HELP = `podsec ${VERSION}: Kubernetes Pod Security Standards and STIG checks for manifests

Usage:
  podsec check [paths...|-] [options]   check files and directories (default: .)
  podsec --help | --version

Options:
  --profile <name>       ${PROFILES.join(' | ')} (default: restricted)
  --pss-version <v>      policy version v1.0 ... latest (default: latest)
  --format <fmt>         text | json (default: text)
  --fix                  apply the safe fixes in place, then report what is left

Exit codes: 0 no errors, 1 errors found, 2 usage or I/O error.
`;

export interface CheckArgs {
  paths: string[];
  profile: string;
  version: string;
  format: 'text' | 'json';
  fix: boolean;
}

/** Parse `check` arguments; `--opt value` and `--opt=value` both work. */
export function parseCheckArgs(argv: string[]): CheckArgs {
  const args: CheckArgs = { paths: [], profile: 'restricted', version: 'latest', format: 'text', fix: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '-' || !a.startsWith('-')) {
      args.paths.push(a);
      continue;
    }
    if (a === '--') {
      args.paths.push(...argv.slice(i + 1));
      break;
    }
    const eq = a.indexOf('=');
    const name = eq > 0 ? a.slice(0, eq) : a;
    const value = (): string => {
      if (eq > 0) return a.slice(eq + 1);
      const v = argv[++i];
      if (v === undefined) throw new UsageError(`${name} needs a value`);
      return v;
    };
    switch (name) {
      case '--profile':
        args.profile = value();
        if (!isProfile(args.profile)) throw new UsageError(`unknown profile "${args.profile}": use ${PROFILES.join(', ')}`);
        break;
      case '--pss-version':
        args.version = value();
        break;
      case '--format': {
        const f = value();
        if (f !== 'text' && f !== 'json') throw new UsageError(`unknown format "${f}": use text or json`);
        args.format = f;
        break;
      }
      case '--fix':
        args.fix = true;
        break;
      default:
        throw new UsageError(`unknown option ${name} (see podsec --help)`);
    }
  }
  if (!args.paths.length) args.paths.push('.');
  if (args.paths.includes('-') && args.paths.length > 1) throw new UsageError('"-" (standard input) cannot be combined with other paths');
  return args;
}

export interface Io {
  out(s: string): void;
  err(s: string): void;
  isTTY: boolean;
}

function report(file: SourceFile, cfg: ResolvedConfig): FileReport {
  const { findings } = analyzeText(file.text, cfg);
  return { path: file.path, findings: findings.filter((f) => !f.suppressed), suppressed: findings.filter((f) => f.suppressed) };
}

export function runCheck(args: CheckArgs, io: Io): number {
  try {
    parseVersion(args.version);
  } catch (e) {
    if (e instanceof VersionError) throw new UsageError(e.message);
    throw e;
  }
  const base: EngineOptions = { profile: args.profile as EngineOptions['profile'], version: args.version };
  const stdin = args.paths[0] === '-';
  if (stdin && args.fix) throw new UsageError('--fix cannot rewrite standard input');
  const paths = stdin ? [] : expandPaths(args.paths);
  const reports: FileReport[] = [];
  let ioFailed = false;
  const sources: (() => SourceFile)[] = stdin ? [() => readStdin('-')] : paths.map((p) => () => readSource(p));
  for (const load of sources) {
    let file: SourceFile;
    try {
      file = load();
    } catch (e) {
      if (!(e instanceof InputError)) throw e;
      io.err(`podsec: ${e.message}\n`);
      ioFailed = true;
      continue;
    }
    const cfg = resolveConfig({ ...base, filePath: file.path });
    if (args.fix) {
      const fixed = fixAll(file.text, cfg);
      if (fixed.text !== file.text) {
        writeAtomic(file.path, fixed.text, file.bom);
        file = { ...file, text: fixed.text };
      }
    }
    reports.push(report(file, cfg));
  }
  io.out(args.format === 'json' ? formatJson(reports) : formatText(reports, io.isTTY));
  if (ioFailed) return 2;
  return reports.some((r) => r.findings.some((f) => f.severity === 'error')) ? 1 : 0;
}

export function main(argv: string[], io: Io): number {
  try {
    const [cmd, ...rest] = argv;
    if (cmd === '--version' || cmd === '-v') {
      io.out(`${VERSION}\n`);
      return 0;
    }
    if (!cmd || cmd === '--help' || cmd === '-h' || cmd === 'help') {
      io.out(HELP);
      return cmd ? 0 : 2;
    }
    if (cmd === 'check') return runCheck(parseCheckArgs(rest), io);
    throw new UsageError(`unknown command "${cmd}" (see podsec --help)`);
  } catch (e) {
    if (e instanceof UsageError || e instanceof InputError) {
      io.err(`podsec: ${e.message}\n`);
      return 2;
    }
    const err = e as Error;
    io.err(`podsec: internal error: ${err?.message ?? String(e)}\nPlease report this with the input that caused it.\n`);
    return 2;
  }
}

/** Run with the process's arguments and streams (the `podsec` binary). */
export function cliMain(): void {
  process.exitCode = main(process.argv.slice(2), {
    out: (s) => process.stdout.write(s),
    err: (s) => process.stderr.write(s),
    isTTY: !!process.stdout.isTTY && !process.env.NO_COLOR,
  });
}

if (require.main === module) cliMain();
