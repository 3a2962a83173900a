/**
 * `podsec explain`: which Pod Security policy judges each pod of a file, mode by mode, and why.
 *
 *   podsec explain <file>[:line]... [--in <path>]... [options]
 *
 * The namespaces and cluster configuration come from the files under the `--in` paths (default:
 * the current folder), walked as `podsec check` walks them, and from the explained files
 * themselves. With `:line`, only the pod whose object holds that line (1-based).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { isNamespaceName } from '../config/keys';
import { ClusterContext, describeMode, type PolicySource } from '../engine/cluster/context';
import { formatLevelVersion } from '../engine/cluster/psa';
import { listed } from '../engine/kustomize';
import { explainPods, profilePolicy, type PodPolicy } from '../engine/policy';
import { resolveRuleSet } from '../engine/profiles';
import { parseCommand, profileOption, pssVersionOption, UsageError, type CheckArgs } from './args';
import { checkAdmissionConfigurationFlag, cliConfigResolver, flagsConfig } from './config';
import { expandPaths, InputError, readSource, type PathFilter } from './files';
import { indent, shownPath } from './format';
import { IGNORE_FILE_NAME, loadIgnoreFile } from './ignore';
import { factPass, type Io } from './run';

export interface ExplainTarget {
  /** the file as given */
  path: string;
  /** 1-based line, when given */
  line?: number;
}

export interface ExplainArgs extends Pick<CheckArgs, 'profile' | 'pssVersion' | 'rules' | 'config' | 'ignorePath' | 'namespace' | 'admissionConfiguration'> {
  targets: ExplainTarget[];
  /** where the namespaces and cluster configuration are read from */
  within: string[];
  format: 'text' | 'json';
}

/** `file:12` names line 12 of `file` unless a file of that very name exists. */
function target(arg: string): ExplainTarget {
  const m = /^(.+):([0-9]+)$/.exec(arg);
  if (!m || fs.existsSync(arg)) return { path: arg };
  const line = Number(m[2]);
  if (line < 1) throw new UsageError(`${arg}: lines are counted from 1`);
  return { path: m[1], line };
}

export function parseExplainArgs(argv: string[]): ExplainArgs {
  const args: ExplainArgs = { targets: [], within: [], format: 'text', rules: {} };
  parseCommand(argv, {
    operand: (a) => {
      if (a === '-') throw new UsageError('podsec explain reads files, not standard input');
      args.targets.push(target(a));
    },
    unknown: (name) => new UsageError(`unknown option ${name} for "podsec explain" (see podsec --help)`),
    options: [
      profileOption((p) => (args.profile = p)),
      pssVersionOption((v) => (args.pssVersion = v)),
      { names: ['--in'], apply: (v) => args.within.push(v) },
      { names: ['--config', '-c'], apply: (v) => (args.config = v) },
      { names: ['--ignore-path'], apply: (v) => (args.ignorePath = v) },
      {
        names: ['--namespace', '-n'],
        apply(v, name) {
          if (!isNamespaceName(v))
            throw new UsageError(`${name} needs a namespace name (lower-case letters, digits and "-", at most 63 characters), not "${v}"`);
          args.namespace = v;
        },
      },
      { names: ['--admission-configuration'], apply: (v) => (args.admissionConfiguration = v) },
      {
        names: ['--format', '-f'],
        apply(f) {
          if (f !== 'text' && f !== 'json') throw new UsageError(`unknown format "${f}" for podsec explain: use text or json`);
          args.format = f;
        },
      },
    ],
  });
  if (!args.targets.length) throw new UsageError('podsec explain needs a file (podsec explain <file>[:line])');
  return args;
}

/** What one source says, with the file it is in. */
function sourceText(s: PolicySource): string {
  return s.file ? `${s.detail} — ${shownPath(s.file)}${s.loc ? `:${s.loc.range.start.line + 1}` : ''}` : s.detail;
}

function objectName(p: PodPolicy): string {
  const r = p.resource;
  return `${r.kind ?? 'object'} ${r.namespace ? `${r.namespace}/` : ''}${r.name ?? '(unnamed)'}`;
}

/** The text lines of one pod's explanation. */
function textOf(file: string, p: PodPolicy, profileText: string): string[] {
  const out = [`${file}:${p.range.start.line + 1}  ${objectName(p)}`];
  if (p.patch) out.push(`  kustomize: ${p.patch}`);
  const j = p.judgement;
  const d = j.decision;
  if (d.kind === 'exempt') {
    out.push(`  not judged: ${d.message}`);
    out.push(`  exemption: ${sourceText(d.source)}`);
  } else if (d.kind === 'profile') {
    out.push(`  judged by the profile setting (${profileText})`);
    out.push(`  why: ${d.why}`);
  } else {
    const width = Math.max(...d.modes.map((m) => formatLevelVersion(m).length));
    for (const m of d.modes) out.push(`  ${m.mode.padEnd(7)}  ${formatLevelVersion(m).padEnd(width)}  ${sourceText(m.source)}`);
    if (d.namespace === null) out.push('  the pod names no namespace');
    const shown = new Set(d.modes.map((m) => m.source.detail));
    for (const n of d.notes) if (!shown.has(n)) out.push(`  note: ${n}`);
    if (j.note) out.push(`  note: ${j.note}`);
  }
  return out;
}

function sourceJson(s: PolicySource): unknown {
  return { kind: s.kind, detail: s.detail, file: s.file ? shownPath(s.file) : null, line: s.loc ? s.loc.range.start.line + 1 : null };
}

function jsonOf(p: PodPolicy): unknown {
  const d = p.judgement.decision;
  const base = {
    range: p.range,
    document: p.document,
    resource: p.resource,
    judgedBy: d.kind,
    ...(p.patch ? { kustomizePatch: p.patch } : {}),
  };
  if (d.kind === 'exempt') return { ...base, reason: d.reason, message: d.message, source: sourceJson(d.source) };
  if (d.kind === 'profile') return { ...base, why: d.why };
  return {
    ...base,
    namespace: d.namespace,
    modes: d.modes.map((m) => ({ mode: m.mode, level: m.level, version: m.versionLabel, source: sourceJson(m.source) })),
    notes: [...d.notes, ...(p.judgement.note ? [p.judgement.note] : [])],
  };
}

export function runExplain(args: ExplainArgs, io: Io): number {
  checkAdmissionConfigurationFlag(args.admissionConfiguration);
  const flags = flagsConfig(args);
  const config = cliConfigResolver(args.config, (m) => io.err(`podsec: ${m}\n`));
  const ignore = args.ignorePath !== undefined ? loadIgnoreFile(args.ignorePath, true) : loadIgnoreFile(IGNORE_FILE_NAME, false);
  const filter: PathFilter = {
    skipsRoot: (p, isDir) => (ignore?.ignoresPath(p, isDir) ?? false) || config.excluded(p, isDir),
    skipsEntry: (p, isDir) => (ignore?.ignoresEntry(p, isDir) ?? false) || config.excluded(p, isDir),
  };
  let problems = 0;
  const files = expandPaths(args.within.length ? args.within : ['.'], filter, (message) => {
    io.err(`podsec: ${message}\n`);
    problems++;
  }).map((f) => f.path);
  const options = args.targets.map((t) => ({ ...config.resolve(t.path, { flags }).options, filePath: path.resolve(t.path) }));
  const named = new Set(options.map((o) => o.admissionConfiguration).filter((p): p is string => !!p));
  const cluster = new ClusterContext(factPass([...files, ...args.targets.map((t) => t.path)], named));
  const json: unknown[] = [];
  args.targets.forEach((t, i) => {
    let text: string;
    try {
      text = readSource(t.path).text;
    } catch (e) {
      if (!(e instanceof InputError)) throw e;
      io.err(`podsec: ${e.message}\n`);
      problems++;
      return;
    }
    const cfg = resolveRuleSet(options[i]);
    let pods = explainPods(text, cfg, cluster);
    if (t.line !== undefined) {
      const at = t.line - 1;
      pods = pods.filter((p) => p.range.start.line <= at && at <= p.range.end.line);
      if (!pods.length) {
        io.err(`podsec: ${t.path}:${t.line}: no object with a pod spec holds this line\n`);
        problems++;
        return;
      }
    }
    if (args.format === 'json') {
      json.push({ path: t.path, pods: pods.map(jsonOf) });
      return;
    }
    if (!pods.length) {
      const listings = cluster.view(new Set()).patchOf(options[i].filePath);
      const patch = listings.length ? `\n  kustomize: a patch, listed under ${listed(listings, options[i].filePath)}` : '';
      io.out(`${t.path}: no object with a pod spec${patch}\n\n`);
      return;
    }
    const p = profilePolicy(cfg);
    const profileText = `${cfg.profile}: ${(['enforce', 'warn', 'audit'] as const)
      .filter((m) => p[m].level !== 'privileged')
      .map((m) => describeMode({ mode: m, ...p[m], source: { kind: 'profile', detail: '' } }))
      .join(', ')}`;
    for (const pod of pods) io.out(textOf(t.path, pod, profileText).join('\n') + '\n\n');
  });
  if (args.format === 'json') io.out(`{\n  "files": [\n${json.map((f) => indent(JSON.stringify(f, null, 2), 4)).join(',\n')}\n  ]\n}\n`);
  return problems ? 2 : 0;
}
