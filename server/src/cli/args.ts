/**
 * Arguments of `podsec check`. `--opt value` and `--opt=value` both work; `--` ends the options.
 */
import { SEVERITY_SETTINGS } from '../engine/config';
import { isProfile, PROFILES, RULES_BY_ID } from '../engine/profiles';
import type { ProfileName, SeveritySetting } from '../engine/types';
import { LATEST_MINOR, parseVersion, VersionError } from '../engine/versions';

export class UsageError extends Error {}

export type Format = 'text' | 'json' | 'sarif' | 'github';
export const FORMATS: Format[] = ['text', 'json', 'sarif', 'github'];

export interface CheckArgs {
  paths: string[];
  /** set only when given: otherwise the configuration file decides */
  profile?: ProfileName;
  pssVersion?: string;
  format: Format;
  fix: boolean;
  fixDryRun: boolean;
  /** more warnings than this exit 1; undefined: no limit */
  maxWarnings?: number;
  quiet: boolean;
  /** `--rule id=severity` overrides, in order given */
  rules: Record<string, SeveritySetting>;
  config?: string;
  ignorePath?: string;
  stdinFilename?: string;
  /** worker threads; 0 = automatic */
  threads: number;
  /** `--no-color`, `--color` */
  color?: boolean;
}

export const THREADS_ENV = 'PODSEC_THREADS';

function parseCount(name: string, v: string, min: number): number {
  if (!/^\d+$/.test(v) || Number(v) < min || !Number.isSafeInteger(Number(v))) throw new UsageError(`${name} needs a whole number${min ? ` of at least ${min}` : ''}, not "${v}"`);
  return Number(v);
}

function parseThreads(name: string, v: string): number {
  if (v === 'auto') return 0;
  return parseCount(name, v, 0);
}

/** Parse `check` arguments; `env` supplies PODSEC_THREADS. */
export function parseCheckArgs(argv: string[], env: Record<string, string | undefined> = {}): CheckArgs {
  const args: CheckArgs = { paths: [], format: 'text', fix: false, fixDryRun: false, quiet: false, rules: {}, threads: 0 };
  const fromEnv = env[THREADS_ENV];
  if (fromEnv !== undefined && fromEnv !== '') args.threads = parseThreads(`${THREADS_ENV} (environment)`, fromEnv);
  let formatGiven = false;
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
    const flag = () => {
      if (eq > 0) throw new UsageError(`${name} takes no value`);
    };
    switch (name) {
      case '--profile': {
        const p = value();
        if (!isProfile(p)) throw new UsageError(`unknown profile "${p}": use ${PROFILES.join(', ')}`);
        args.profile = p;
        break;
      }
      case '--pss-version': {
        const v = value();
        try {
          parseVersion(v);
        } catch (e) {
          if (e instanceof VersionError) throw new UsageError(e.message);
          throw e;
        }
        args.pssVersion = v;
        break;
      }
      case '--format':
      case '-f': {
        const f = value();
        if (!(FORMATS as string[]).includes(f)) throw new UsageError(`unknown format "${f}": use ${FORMATS.join(', ')}`);
        args.format = f as Format;
        formatGiven = true;
        break;
      }
      case '--fix':
        flag();
        args.fix = true;
        break;
      case '--fix-dry-run':
        flag();
        args.fixDryRun = true;
        break;
      case '--max-warnings':
        args.maxWarnings = parseCount(name, value(), 0);
        break;
      case '--quiet':
      case '-q':
        flag();
        args.quiet = true;
        break;
      case '--rule': {
        const spec = value();
        const at = spec.lastIndexOf('=');
        const id = at > 0 ? spec.slice(0, at).trim() : '';
        const sev = at > 0 ? spec.slice(at + 1).trim() : '';
        if (!id || !sev) throw new UsageError(`--rule needs <rule-id>=<${SEVERITY_SETTINGS.join('|')}>, not "${spec}"`);
        if (!RULES_BY_ID.has(id)) throw new UsageError(`--rule: unknown rule "${id}" (the rule ids are listed in the README and in SARIF output)`);
        if (!(SEVERITY_SETTINGS as string[]).includes(sev)) throw new UsageError(`--rule ${id}: unknown severity "${sev}": use ${SEVERITY_SETTINGS.join(', ')}`);
        args.rules[id] = sev as SeveritySetting;
        break;
      }
      case '--config':
      case '-c':
        args.config = value();
        break;
      case '--ignore-path':
        args.ignorePath = value();
        break;
      case '--stdin-filename':
        args.stdinFilename = value();
        if (!args.stdinFilename) throw new UsageError('--stdin-filename needs a file name');
        break;
      case '--threads':
        args.threads = parseThreads(name, value());
        break;
      case '--color':
        flag();
        args.color = true;
        break;
      case '--no-color':
        flag();
        args.color = false;
        break;
      default:
        throw new UsageError(`unknown option ${name} (see podsec --help)`);
    }
  }
  const stdin = args.paths.includes('-');
  if (stdin && args.paths.length > 1) throw new UsageError('"-" (standard input) cannot be combined with other paths');
  if (args.stdinFilename !== undefined && !stdin) throw new UsageError('--stdin-filename names standard input: add "-" to read it');
  if (args.fix && args.fixDryRun) throw new UsageError('use either --fix or --fix-dry-run, not both');
  if (args.fix && stdin) throw new UsageError('--fix cannot rewrite standard input (use --fix-dry-run to see the changes as a diff)');
  if (args.fixDryRun && formatGiven && args.format !== 'text') throw new UsageError(`--fix-dry-run prints a diff; it cannot be combined with --format ${args.format}`);
  if (!args.paths.length) args.paths.push('.');
  return args;
}

export const HELP = (version: string) => `podsec ${version}: Kubernetes Pod Security Standards and DISA STIG checks for manifests

Usage:
  podsec check [paths...] [options]    check files and folders (default: .)
  podsec check - [options]             check standard input (e.g. helm template ... | podsec check -)
  podsec rules [--profile <name>]      the rule table: severity per profile, fix, STIG V-IDs
               [--format text|json]    (json: every standards reference and option)
  podsec --help | --version

Options:
  --profile <name>          ${PROFILES.join(' | ')} (default: the configuration's, else restricted)
  --pss-version <v>         Pod Security Standards version v1.0 ... v1.${LATEST_MINOR} | latest (default: latest)
  --rule <id>=<severity>    set a rule to off | info | warning | error (repeatable)
  --config, -c <file>       use this configuration file (default: the nearest .podsec.yaml)
  --ignore-path <file>      read ignore patterns from this file (default: ./.podsecignore)
  --stdin-filename <name>   the name to report standard input under (also finds its .podsec.yaml)
  --format, -f <fmt>        text | json | sarif | github (default: text)
  --quiet, -q               report errors only
  --max-warnings <n>        exit 1 when more than n warnings are found
  --fix                     apply the safe fixes in place, then report what is left
  --fix-dry-run             print the safe fixes as a unified diff; change nothing
  --threads <n|auto>        worker threads for many or large files (default: auto, or $${THREADS_ENV})
  --color, --no-color       force or turn off colours (default: on for a terminal unless NO_COLOR)

Exit codes:
  0  no finding at error severity (and no more warnings than --max-warnings)
  1  a finding at error severity, or more warnings than --max-warnings
  2  usage error, unreadable or unwritable file, broken configuration, or internal error
`;
