/**
 * Configuration for the CLI: the shared ConfigResolver (node/config-resolver.ts) with the nearest
 * `.podsec.yaml` above each file (or the one `--config` names, for every file), and the command
 * line's `--profile`, `--pss-version` and `--rule` on top. The editor resolves through the same
 * code, so CI sees what developers saw. A configuration with errors stops the run (exit 2);
 * warnings (unknown keys, say) are printed.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { PodsecConfig } from '../config/keys';
import { readAdmissionConfiguration } from '../node/admission-file';
import type { LoadedConfig } from '../node/config-file';
import { ConfigResolver } from '../node/config-resolver';
import { UserError } from './errors';

export class ConfigError extends UserError {}

/** The CLI's resolver; throws ConfigError when `--config` names no readable file or a file with errors. */
export function cliConfigResolver(configPath: string | undefined, warn: (message: string) => void): ConfigResolver {
  if (configPath !== undefined) {
    let st: fs.Stats;
    try {
      st = fs.statSync(configPath);
    } catch {
      throw new ConfigError(`cannot read configuration file ${configPath}: no such file`);
    }
    if (!st.isFile()) throw new ConfigError(`cannot read configuration file ${configPath}: not a file`);
  }
  const explicit = configPath === undefined ? undefined : path.resolve(configPath);
  const check = (loaded: LoadedConfig) => {
    const shown = loaded.path === explicit ? configPath! : path.relative(process.cwd(), loaded.path) || loaded.path;
    const where = (p: LoadedConfig['problems'][number]) => `${shown}:${p.range.start.line + 1}:${p.range.start.character + 1}`;
    const errors = loaded.problems.filter((p) => p.severity === 'error');
    if (errors.length) throw new ConfigError(`invalid configuration:\n${errors.map((p) => `  ${where(p)}: ${p.message}`).join('\n')}`);
    for (const p of loaded.problems) warn(`warning: ${where(p)}: ${p.message}`);
  };
  return new ConfigResolver({ configFile: explicit, onLoad: check });
}

/** The keys the command line sets; they win over the configuration file's. */
export function flagsConfig(args: {
  profile?: PodsecConfig['profile'];
  pssVersion?: string;
  rules: PodsecConfig['rules'];
  namespace?: string;
  admissionConfiguration?: string;
}): PodsecConfig {
  const flags: PodsecConfig = { rules: args.rules };
  if (args.profile) flags.profile = args.profile;
  if (args.pssVersion) flags.pssVersion = args.pssVersion;
  if (args.namespace) flags.namespace = args.namespace;
  if (args.admissionConfiguration) flags.admissionConfiguration = path.resolve(args.admissionConfiguration);
  return flags;
}

/**
 * The admission configuration `--admission-configuration` names must be a readable file that
 * holds a PodSecurity configuration; otherwise it is a configuration error (exit 2).
 */
export function checkAdmissionConfigurationFlag(given: string | undefined): void {
  if (given === undefined) return;
  const read = readAdmissionConfiguration(path.resolve(given));
  if ('error' in read) throw new ConfigError(`--admission-configuration ${given}: ${read.error}`);
}
