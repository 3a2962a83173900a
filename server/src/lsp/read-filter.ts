/**
 * What the workspace index (workspace-index.ts) and the compliance view may read under a
 * workspace folder: the folders and files the configuration leaves out, as for an open document
 * (the folder's settings and the `.podsec.yaml` that applies to each file: `exclude`, and
 * `maxFileSizeMB` with the trust cap), the admission configuration a file's configuration names,
 * and the rules a file is analysed with. DocumentConfig builds one per folder (`readFilter`).
 */
import { CONFIG_DEFAULTS, type PodsecConfig } from '../config/keys';
import { resolveRuleSet, type RuleSet } from '../engine/profiles';
import type { ConfigResolver } from '../node/config-resolver';

export const BYTES_PER_MB = 1024 * 1024;

/** What the workspace index may read under a folder. */
export interface ReadFilter {
  /** a folder the configuration's `exclude` leaves out */
  skipsDir(dir: string): boolean;
  /** a file that is excluded, or larger than its `maxFileSizeMB` */
  skipsFile(file: string, bytes: number): boolean;
  /** the admission configuration a file's configuration names (`admissionConfiguration:`), absolute */
  admissionConfigurationOf(file: string): string | undefined;
  /** the rules a file is analysed with, as if it were open */
  rulesFor(file: string): RuleSet;
}

/** The filter of a folder whose settings are `settings`; `failed` gives the rules of a file whose configuration cannot be resolved. */
export function folderReadFilter(resolver: ConfigResolver, settings: PodsecConfig, failed: (e: unknown) => RuleSet): ReadFilter {
  return {
    skipsDir: (dir) => resolver.excluded(dir, true, settings),
    skipsFile: (file, bytes) => {
      const { config, excluded } = resolver.resolve(file, { settings });
      return excluded || bytes > (config.maxFileSizeMB ?? CONFIG_DEFAULTS.maxFileSizeMB) * BYTES_PER_MB;
    },
    admissionConfigurationOf: (file) => resolver.resolve(file, { settings }).options.admissionConfiguration,
    rulesFor: (file) => {
      try {
        return resolveRuleSet(resolver.resolve(file, { settings }).options);
      } catch (e) {
        return failed(e);
      }
    },
  };
}
