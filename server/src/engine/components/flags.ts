/**
 * Command-line flags of the Kubernetes node and control-plane components, read as the components
 * read them:
 * - kube-apiserver, kube-controller-manager, kube-scheduler, kubelet and kube-proxy parse their
 *   command line with spf13/pflag: `--flag=value`, `--flag value` (not for booleans), `--flag`
 *   alone for a boolean (true); arguments are interspersed with flags; `--` ends the flags; a
 *   single dash starts shorthand flags, so `-flag=value` is not the long flag (the component
 *   refuses to start on it);
 * - etcd parses with Go's `flag` package: one or two dashes alike, `-flag value` for non-booleans,
 *   and the flags end at the first argument that is not one.
 * Repeated flags: the last value wins for scalar flags; string slices accumulate (the first value
 * given replaces the built-in default, later ones append); `--feature-gates` merges its keys,
 * later keys winning. Booleans are Go's `strconv.ParseBool`.
 */

/** The processes whose flags podsec reads. */
export type Component = 'kube-apiserver' | 'kube-controller-manager' | 'kube-scheduler' | 'kubelet' | 'etcd' | 'kube-proxy';

export const COMPONENTS: Component[] = ['kube-apiserver', 'kube-controller-manager', 'kube-scheduler', 'kubelet', 'etcd', 'kube-proxy'];

/** How a flag's repeated values combine: scalar (last wins), string slice (accumulate), map (merge keys). */
export type FlagKind = 'bool' | 'scalar' | 'slice' | 'map';

const SECURE_SERVING: Record<string, FlagKind> = {
  'tls-min-version': 'scalar',
  'tls-cipher-suites': 'slice',
  'tls-cert-file': 'scalar',
  'tls-private-key-file': 'scalar',
  'bind-address': 'scalar',
  'secure-port': 'scalar',
  'feature-gates': 'map',
  profiling: 'bool',
  'client-ca-file': 'scalar',
};

/**
 * The kinds of the flags podsec reads (from each component's flag registration: component-base
 * `SecureServingOptions`, kube-apiserver `BuiltInAuthorizationOptions` registers
 * `--authorization-mode` as a string slice, the kubelet's as a string). A flag not listed is a
 * scalar.
 */
export const FLAG_KINDS: Record<Component, Record<string, FlagKind>> = {
  'kube-apiserver': {
    ...SECURE_SERVING,
    'anonymous-auth': 'bool',
    'authorization-mode': 'slice',
    'enable-admission-plugins': 'slice',
    'disable-admission-plugins': 'slice',
    'audit-log-maxage': 'scalar',
    'audit-log-maxbackup': 'scalar',
    'audit-log-maxsize': 'scalar',
    'audit-log-path': 'scalar',
    'audit-log-mode': 'scalar',
    'audit-policy-file': 'scalar',
    'allow-privileged': 'bool',
    'service-account-lookup': 'bool',
    'service-account-extend-token-expiration': 'bool',
  },
  'kube-controller-manager': { ...SECURE_SERVING, 'use-service-account-credentials': 'bool', 'rotate-certificates': 'bool' },
  'kube-scheduler': { ...SECURE_SERVING },
  kubelet: {
    ...SECURE_SERVING,
    'anonymous-auth': 'bool',
    'protect-kernel-defaults': 'bool',
    'rotate-certificates': 'bool',
    'make-iptables-util-chains': 'bool',
    'fail-swap-on': 'bool',
    'authorization-mode': 'scalar',
  },
  etcd: {
    'auto-tls': 'bool',
    'peer-auto-tls': 'bool',
    'client-cert-auth': 'bool',
    'peer-client-cert-auth': 'bool',
  },
  'kube-proxy': { 'feature-gates': 'map', profiling: 'bool' },
};

export function flagKind(component: Component, flag: string): FlagKind {
  return FLAG_KINDS[component][flag] ?? 'scalar';
}

/** Go's strconv.ParseBool. */
export function parseGoBool(s: string): boolean | undefined {
  if (['1', 't', 'T', 'TRUE', 'true', 'True'].includes(s)) return true;
  if (['0', 'f', 'F', 'FALSE', 'false', 'False'].includes(s)) return false;
  return undefined;
}

const DURATION_UNITS: Record<string, number> = { ns: 1e-6, us: 1e-3, µs: 1e-3, μs: 1e-3, ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

/** Go's time.ParseDuration, in milliseconds; undefined when Go would reject the text. */
export function parseGoDuration(text: string): number | undefined {
  let s = text;
  let sign = 1;
  if (s.startsWith('-') || s.startsWith('+')) {
    if (s[0] === '-') sign = -1;
    s = s.slice(1);
  }
  if (s === '0') return 0;
  if (s === '') return undefined;
  let total = 0;
  while (s) {
    const m = /^(\d*)(?:\.(\d*))?(ns|us|µs|μs|ms|s|m|h)/.exec(s);
    if (!m || (m[1] === '' && (m[2] ?? '') === '')) return undefined;
    total += Number(`${m[1] || '0'}.${m[2] || '0'}`) * DURATION_UNITS[m[3]];
    s = s.slice(m[0].length);
  }
  return sign * total;
}

/** A duration in Go's `time.Duration.String()` spelling, for messages (`5m0s`, `4h0m0s`, `30s`). */
export function formatGoDuration(ms: number): string {
  if (ms === 0) return '0s';
  const neg = ms < 0 ? '-' : '';
  let rest = Math.abs(ms);
  if (rest < 1000) return `${neg}${rest}ms`;
  const h = Math.floor(rest / 3_600_000);
  rest -= h * 3_600_000;
  const m = Math.floor(rest / 60_000);
  rest -= m * 60_000;
  const s = rest / 1000;
  return `${neg}${h ? `${h}h` : ''}${h || m ? `${m}m` : ''}${s}s`;
}

/** One argument as written, with what it came from (a YAML node, an RKE2 list item, ...). */
export interface Arg<R> {
  text: string;
  ref: R;
}

/** One flag found on a command line. */
export interface FlagUse<R> {
  name: string;
  /** the value given (`true` for a bare boolean) */
  value: string;
  /** the value was written after `=` (or as the next argument), not implied */
  explicit: boolean;
  /** the argument(s) that set it: one for `--flag=value`, two for `--flag value` */
  refs: R[];
}

/** An argument the component does not read as a flag podsec can name, and why. */
export interface ArgProblem<R> {
  text: string;
  ref: R;
  why: string;
}

export interface ParsedArgs<R> {
  /** flags in command-line order */
  flags: FlagUse<R>[];
  problems: ArgProblem<R>[];
  /** the flags ended before the last argument (`--`, or etcd's first argument that is not a flag): a flag added at the end is not read */
  ended: boolean;
}

/** Parse a command line (the arguments after the program) as the component does. */
export function parseArgs<R>(component: Component, args: Arg<R>[]): ParsedArgs<R> {
  const goFlag = component === 'etcd';
  const flags: FlagUse<R>[] = [];
  const problems: ArgProblem<R>[] = [];
  let ended = false;
  for (let i = 0; i < args.length; i++) {
    const { text, ref } = args[i];
    if (text === '--') {
      ended = true;
      break;
    }
    const m = /^(-{1,2})([^-=][^=]*)(?:=([\s\S]*))?$/.exec(text);
    if (!m) {
      // not a flag: pflag reads on (an unexpected argument makes the component refuse to start);
      // Go's flag package stops here
      if (goFlag) {
        ended = true;
        break;
      }
      if (text.startsWith('-') && text !== '-') problems.push({ text, ref, why: 'it is not a flag the component can parse' });
      continue;
    }
    const [, dashes, name, value] = m;
    if (dashes === '-' && !goFlag) {
      problems.push({ text, ref, why: `${component} reads a single dash as shorthand flags, not as --${name}` });
      continue;
    }
    const kind = flagKind(component, name);
    if (value !== undefined) {
      flags.push({ name, value, explicit: true, refs: [ref] });
    } else if (kind === 'bool') {
      flags.push({ name, value: 'true', explicit: false, refs: [ref] });
    } else if (i + 1 < args.length) {
      const next = args[++i];
      flags.push({ name, value: next.text, explicit: true, refs: [ref, next.ref] });
    } else {
      problems.push({ text, ref, why: `--${name} needs a value` });
    }
  }
  return { flags, problems, ended };
}

/** The value a flag ends up with after every use of it, as the component combines them. */
export interface FlagValue<R> {
  name: string;
  kind: FlagKind;
  /** scalar: the last value; slice: the items joined with commas; map: `k=v` joined */
  value: string;
  /** slice items (split at commas), or the map's `key=value` entries in order */
  items: string[];
  /** the uses that make up the value: the last one for a scalar, every one for a slice or map */
  uses: FlagUse<R>[];
}

/** Combine the uses of one flag (in command-line order). */
export function combineFlag<R>(component: Component, name: string, uses: FlagUse<R>[]): FlagValue<R> | undefined {
  const mine = uses.filter((u) => u.name === name);
  if (!mine.length) return undefined;
  const kind = flagKind(component, name);
  if (kind === 'slice') {
    const items = mine.flatMap((u) => splitList(u.value));
    return { name, kind, value: items.join(','), items, uses: mine };
  }
  if (kind === 'map') {
    const map = new Map<string, string>();
    for (const u of mine) {
      // cliflag.MapStringBool trims each entry
      for (const entry of splitList(u.value).map((e) => e.trim())) {
        if (!entry) continue;
        const eq = entry.indexOf('=');
        const k = (eq < 0 ? entry : entry.slice(0, eq)).trim();
        map.delete(k);
        map.set(k, eq < 0 ? '' : entry.slice(eq + 1).trim());
      }
    }
    const items = [...map].map(([k, v]) => `${k}=${v}`);
    return { name, kind, value: items.join(','), items, uses: mine };
  }
  const last = mine[mine.length - 1];
  return { name, kind, value: last.value, items: [last.value], uses: [last] };
}

/**
 * A comma-separated list as pflag's string slices read it (a CSV record): items are not trimmed,
 * so `A, B` gives ` B`, which the components then reject.
 */
export function splitList(value: string): string[] {
  return value === '' ? [] : value.split(',');
}
