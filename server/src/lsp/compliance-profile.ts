/**
 * The profile the compliance view judges the workspace by, and the STIG that goes with it: the
 * profile in effect at the first workspace folder (its settings and its `.podsec.yaml`),
 * `stig-rke2` → the RKE2 STIG, `stig-kubernetes` → the Kubernetes STIG, none for another profile.
 * It also keeps each folder's `ReadFilter` (read-filter.ts) until the configuration changes, so the
 * view's files are read with the rules their configuration gives them. compliance-state.ts owns it.
 */
import * as path from 'node:path';
import { CONFIG_FILE_NAME } from '../../../shared/protocol';
import type { RuleSet } from '../engine/profiles';
import { stigOfProfile, type ChecklistStig } from '../evidence/results';
import type { ServerContext } from './context';
import type { DocumentConfig } from './document-config';
import type { ReadFilter } from './read-filter';

/** What changed when the profile was computed again. */
export interface ProfileChange {
  /** another STIG (or none): findings kept for the old one no longer count */
  stig: boolean;
  /** another profile */
  profile: boolean;
}

export class ComplianceProfile {
  /** the profile of the first folder and its STIG (once computed) */
  current: { rules: RuleSet; stig: ChecklistStig | undefined } | undefined;
  private readonly filters = new Map<string, Promise<ReadFilter>>();

  constructor(
    private readonly ctx: ServerContext,
    private readonly config: DocumentConfig,
  ) {}

  /** Compute the profile again; `changed` is told at once what differs from before. */
  async compute(changed: (what: ProfileChange) => void): Promise<void> {
    const first = this.ctx.workspace.folders[0];
    let rules: RuleSet = this.config.defaultRules;
    if (first !== undefined) rules = (await this.filterOf(first)).rulesFor(path.join(first, CONFIG_FILE_NAME));
    const before = this.current;
    this.current = { rules, stig: stigOfProfile(rules.profile) };
    changed({ stig: before?.stig?.framework !== this.current.stig?.framework, profile: before?.rules.profile !== rules.profile });
  }

  /** A folder's read filter, made once until `reconfigured`. */
  filterOf(folder: string): Promise<ReadFilter> {
    let f = this.filters.get(folder);
    if (!f) {
      f = this.config.readFilter(folder);
      this.filters.set(folder, f);
    }
    return f;
  }

  /** Settings or configuration files changed: read filters are made again. */
  reconfigured(): void {
    this.filters.clear();
  }
}
