/**
 * Arguments of `podsec check` (and the parser `podsec rules` shares): `--opt value` and
 * `--opt=value` both work; `--` ends the options.
 */
import { checklistFieldProblem, isNamespaceName, SEVERITY_SETTINGS, type ChecklistTarget } from '../config/keys';
import { isProfile, PROFILES, RULES_BY_ID } from '../engine/profiles';
import type { ProfileName, SeveritySetting } from '../engine/types';
import { LATEST_MINOR, parseVersion, VersionError } from '../engine/versions';
import { UserError } from './errors';

export class UsageError extends UserError {}

export type Format = 'text' | 'json' | 'sarif' | 'github' | 'cklb' | 'ckl' | 'oscal';
export const FORMATS: Format[] = ['text', 'json', 'sarif', 'github', 'cklb', 'ckl', 'oscal'];
/** The formats that write audit evidence for the STIG of the profile (evidence.ts). */
export const EVIDENCE_FORMATS: readonly Format[] = ['cklb', 'ckl', 'oscal'];

/** `--target-*` options: the checklist's target data, by option name. */
export const TARGET_OPTIONS: Record<string, keyof ChecklistTarget> = {
  '--target-host': 'hostName',
  '--target-ip': 'hostIp',
  '--target-mac': 'hostMac',
  '--target-fqdn': 'hostFqdn',
  '--target-role': 'role',
  '--target-comment': 'targetComment',
  '--target-tech-area': 'techArea',
  '--target-web-db-site': 'webDbSite',
  '--target-web-db-instance': 'webDbInstance',
  '--target-marking': 'marking',
};

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
  /** `--namespace`: the namespace of objects that set none */
  namespace?: string;
  /** `--admission-configuration`: the API server's admission configuration, as given */
  admissionConfiguration?: string;
  ignorePath?: string;
  stdinFilename?: string;
  /** worker threads; 0 = automatic */
  threads: number;
  /** `--no-color`, `--color` */
  color?: boolean;
  /** `--max-results`: most results a SARIF log holds (the most severe are kept) */
  maxResults?: number;
  /** `--target-*`: the checklist's target data (wins over `.podsec.yaml` `checklist:`, field by field) */
  target: ChecklistTarget;
  /** `--output`, `-o`: write the report to this file instead of standard output */
  output?: string;
}

export const THREADS_ENV = 'PODSEC_THREADS';

function parseCount(name: string, v: string, min: number): number {
  if (!/^\d+$/.test(v) || Number(v) < min || !Number.isSafeInteger(Number(v)))
    throw new UsageError(`${name} needs a whole number${min ? ` of at least ${min}` : ''}, not "${v}"`);
  return Number(v);
}

function parseThreads(name: string, v: string): number {
  if (v === 'auto') return 0;
  return parseCount(name, v, 0);
}

/** An option of a command: a flag, or an option that takes a value. */
export type OptionSpec = { names: string[]; flag: true; apply(): void } | { names: string[]; flag?: false; apply(value: string, name: string): void };

export interface CommandSpec {
  options: OptionSpec[];
  /** takes the operands (paths; `-` is one); without it, an operand is an unknown argument */
  operand?(arg: string): void;
  /** the error for an argument that is no option of the command */
  unknown(name: string, arg: string): UsageError;
}

/**
 * Parse a command's arguments: `--opt value` and `--opt=value` both work; a flag takes no value;
 * with operands, `--` ends the options.
 */
export function parseCommand(argv: string[], command: CommandSpec): void {
  const byName = new Map<string, OptionSpec>();
  for (const o of command.options) for (const n of o.names) byName.set(n, o);
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (command.operand && (a === '-' || !a.startsWith('-'))) {
      command.operand(a);
      continue;
    }
    if (command.operand && a === '--') {
      argv.slice(i + 1).forEach((x) => command.operand!(x));
      break;
    }
    const eq = a.indexOf('=');
    const name = eq > 0 ? a.slice(0, eq) : a;
    const option = byName.get(name);
    if (!option) throw command.unknown(name, a);
    if (option.flag) {
      if (eq > 0) throw new UsageError(`${name} takes no value`);
      option.apply();
      continue;
    }
    let value: string | undefined;
    if (eq > 0) value = a.slice(eq + 1);
    else {
      value = argv[++i];
      if (value === undefined) throw new UsageError(`${name} needs a value`);
    }
    option.apply(value, name);
  }
}

/** `--profile <name>`, for every command that takes it. */
export function profileOption(set: (p: ProfileName) => void): OptionSpec {
  return {
    names: ['--profile'],
    apply(p) {
      if (!isProfile(p)) throw new UsageError(`unknown profile "${p}": use ${PROFILES.join(', ')}`);
      set(p);
    },
  };
}

/** `--pss-version`: a policy version podsec knows (`latest`, `v1.N`). */
export function pssVersionOption(set: (v: string) => void): OptionSpec {
  return {
    names: ['--pss-version'],
    apply(v) {
      try {
        parseVersion(v);
      } catch (e) {
        if (e instanceof VersionError) throw new UsageError(e.message);
        throw e;
      }
      set(v);
    },
  };
}

/** Parse `check` arguments; `env` supplies PODSEC_THREADS. */
export function parseCheckArgs(argv: string[], env: Record<string, string | undefined> = {}): CheckArgs {
  const args: CheckArgs = { paths: [], format: 'text', fix: false, fixDryRun: false, quiet: false, rules: {}, threads: 0, target: {} };
  const fromEnv = env[THREADS_ENV];
  if (fromEnv !== undefined && fromEnv !== '') args.threads = parseThreads(`${THREADS_ENV} (environment)`, fromEnv);
  let formatGiven = false;
  parseCommand(argv, {
    operand: (p) => args.paths.push(p),
    unknown: (name) => new UsageError(`unknown option ${name} (see podsec --help)`),
    options: [
      profileOption((p) => (args.profile = p)),
      pssVersionOption((v) => (args.pssVersion = v)),
      {
        names: ['--format', '-f'],
        apply(f) {
          if (!(FORMATS as string[]).includes(f)) throw new UsageError(`unknown format "${f}": use ${FORMATS.join(', ')}`);
          args.format = f as Format;
          formatGiven = true;
        },
      },
      { names: ['--fix'], flag: true, apply: () => (args.fix = true) },
      { names: ['--fix-dry-run'], flag: true, apply: () => (args.fixDryRun = true) },
      { names: ['--max-warnings'], apply: (v, name) => (args.maxWarnings = parseCount(name, v, 0)) },
      { names: ['--max-results'], apply: (v, name) => (args.maxResults = parseCount(name, v, 1)) },
      { names: ['--quiet', '-q'], flag: true, apply: () => (args.quiet = true) },
      {
        names: ['--rule'],
        apply(spec) {
          const at = spec.lastIndexOf('=');
          const id = at > 0 ? spec.slice(0, at).trim() : '';
          const sev = at > 0 ? spec.slice(at + 1).trim() : '';
          if (!id || !sev) throw new UsageError(`--rule needs <rule-id>=<${SEVERITY_SETTINGS.join('|')}>, not "${spec}"`);
          if (!RULES_BY_ID.has(id)) throw new UsageError(`--rule: unknown rule "${id}" (the rule ids are listed in the README and in SARIF output)`);
          if (!(SEVERITY_SETTINGS as string[]).includes(sev))
            throw new UsageError(`--rule ${id}: unknown severity "${sev}": use ${SEVERITY_SETTINGS.join(', ')}`);
          args.rules[id] = sev as SeveritySetting;
        },
      },
      { names: ['--config', '-c'], apply: (v) => (args.config = v) },
      {
        names: ['--namespace', '-n'],
        apply(v, name) {
          if (!isNamespaceName(v))
            throw new UsageError(`${name} needs a namespace name (lower-case letters, digits and "-", at most 63 characters), not "${v}"`);
          args.namespace = v;
        },
      },
      {
        names: ['--admission-configuration'],
        apply(v, name) {
          if (!v) throw new UsageError(`${name} needs a file`);
          args.admissionConfiguration = v;
        },
      },
      { names: ['--ignore-path'], apply: (v) => (args.ignorePath = v) },
      {
        names: ['--stdin-filename'],
        apply(v) {
          if (!v) throw new UsageError('--stdin-filename needs a file name');
          args.stdinFilename = v;
        },
      },
      { names: ['--threads'], apply: (v, name) => (args.threads = parseThreads(name, v)) },
      { names: ['--color'], flag: true, apply: () => (args.color = true) },
      { names: ['--no-color'], flag: true, apply: () => (args.color = false) },
      {
        names: ['--output', '-o'],
        apply(v, name) {
          if (!v || v === '-') throw new UsageError(`${name} needs a file name (without it the report goes to standard output)`);
          args.output = v;
        },
      },
      ...Object.entries(TARGET_OPTIONS).map(([option, field]): OptionSpec => ({
        names: [option],
        apply(v, name) {
          const problem = checklistFieldProblem(field, v);
          if (problem) throw new UsageError(`${name} ${problem}`);
          args.target[field] = v as never;
        },
      })),
    ],
  });
  const evidence = EVIDENCE_FORMATS.includes(args.format);
  const targetGiven = Object.keys(args.target).length > 0;
  if (targetGiven && !evidence)
    throw new UsageError(`--target-* options describe the target of a STIG checklist: use them with --format ${EVIDENCE_FORMATS.join(', ')}`);
  if (evidence && args.quiet)
    throw new UsageError(`--quiet leaves warnings out, and a checklist needs every finding: --format ${args.format} cannot be combined with --quiet`);
  if (args.output !== undefined && args.fixDryRun) throw new UsageError('--fix-dry-run prints a diff on standard output; it cannot be combined with --output');
  const stdin = args.paths.includes('-');
  if (stdin && args.paths.length > 1) throw new UsageError('"-" (standard input) cannot be combined with other paths');
  if (args.stdinFilename !== undefined && !stdin) throw new UsageError('--stdin-filename names standard input: add "-" to read it');
  if (args.fix && args.fixDryRun) throw new UsageError('use either --fix or --fix-dry-run, not both');
  if (args.fix && stdin) throw new UsageError('--fix cannot rewrite standard input (use --fix-dry-run to see the changes as a diff)');
  if (args.maxResults !== undefined && args.format !== 'sarif')
    throw new UsageError('--max-results limits the results of a SARIF log: use it with --format sarif (the other formats list every finding)');
  if (args.fixDryRun && formatGiven && args.format !== 'text')
    throw new UsageError(`--fix-dry-run prints a diff; it cannot be combined with --format ${args.format}`);
  if (!args.paths.length) args.paths.push('.');
  return args;
}

export const HELP = (version: string) => `podsec ${version}: Kubernetes Pod Security Standards and DISA STIG checks for manifests

Usage:
  podsec check [paths...] [options]    check files and folders (default: .)
  podsec check - [options]             check standard input (e.g. helm template ... | podsec check -)
  podsec explain <file>[:line]... [--in <path>...] [options]
                                       which Pod Security policy judges each pod, and why
  podsec rules [--profile <name>]      the rule table: severity per profile, fix, STIG V-IDs
               [--format text|json]    (json: every standards reference and option)
  podsec checklist merge <a.cklb> <b.cklb>... [-o <out>]
                                       merge checklists of one STIG release (.cklb or .ckl): per
                                       requirement the worse status, every source's details
  podsec --help | --version

Options:
  --profile <name>          ${PROFILES.join(' | ')} (default: the configuration's, else restricted)
  --pss-version <v>         Pod Security Standards version v1.0 ... v1.${LATEST_MINOR} | latest (default: latest)
  --rule <id>=<severity>    set a rule to off | info | warning | error (repeatable)
  --config, -c <file>       use this configuration file (default: the nearest .podsec.yaml)
  --namespace, -n <ns>      namespace of objects that set none: its Pod Security labels judge them
  --admission-configuration <file>
                            the API server's admission configuration (PodSecurity defaults and
                            exemptions for namespaces without labels; default: an RKE2 config's,
                            else the only one among the files)
  --ignore-path <file>      read ignore patterns from this file (default: ./.podsecignore)
  --stdin-filename <name>   the name to report standard input under (also finds its .podsec.yaml)
  --format, -f <fmt>        text | json | sarif | github | cklb | ckl | oscal (default: text)
                            cklb, ckl: a STIG Viewer 3 / 2 checklist, oscal: OSCAL 1.1.3
                            assessment results, for the STIG of the profile (stig-rke2 or
                            stig-kubernetes); every requirement listed (see README "Audit evidence")
  --output, -o <file>       write the report to this file (replaced when complete) instead of stdout
  --target-host <name>, --target-ip <addr>, --target-mac <addr>, --target-fqdn <name>,
  --target-role <None|Workstation|Member Server|Domain Controller>, --target-comment <text>,
  --target-tech-area <area>, --target-web-db-site <site>, --target-web-db-instance <name>,
  --target-marking <marking>
                            a checklist's target data (default: .podsec.yaml checklist:, else empty;
                            nothing is looked up)
  --quiet, -q               report errors only
  --max-warnings <n>        exit 1 when more than n warnings are found
  --max-results <n>         SARIF: keep the n most severe results (GitHub code scanning
                            accepts 25,000 per run and shows 5,000); the log says what it left out
  --fix                     apply the safe fixes in place, then report what is left
  --fix-dry-run             print the safe fixes as a unified diff; change nothing
  --threads <n|auto>        worker threads for many or large files (default: auto, or $${THREADS_ENV})
  --color, --no-color       force or turn off colours (default: on for a terminal unless NO_COLOR)

Options of explain: --in <path> (repeatable; where namespaces and cluster configuration are read,
default: .), --profile, --pss-version, --namespace, --admission-configuration, --config,
--ignore-path, --format text|json.

Environment:
  SOURCE_DATE_EPOCH         seconds since 1970: the date cklb, ckl and oscal record instead of the
                            run's (for reproducible evidence: the same input gives the same bytes)
  ${THREADS_ENV}            worker threads, as --threads

Exit codes:
  0  no finding at error severity (and no more warnings than --max-warnings); merge: merged
  1  a finding at error severity, or more warnings than --max-warnings
  2  usage error, unreadable or unwritable file, broken configuration, checklists that cannot
     be merged, or internal error
`;
