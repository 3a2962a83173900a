/**
 * One open document: its text and analysis (IncrementalAnalysis), its configuration once known
 * (document-config.ts), and the bookkeeping of diagnostics (diagnostics-scheduler.ts).
 */
import * as path from 'node:path';
import type { Diagnostic } from 'vscode-languageserver/node';
import { CONFIG_FILE_NAME, LANGUAGE_IDS } from '../../../shared/protocol';
import type { ClusterContext } from '../engine/cluster/context';
import type { RuleSet } from '../engine/profiles';
import type { ReportEntry } from './diagnostics-report';
import type { DocConf } from './document-config';
import { IncrementalAnalysis } from './incremental';
import { uriToPath } from './workspace';

export class DocState {
  version: number;
  readonly analysis: IncrementalAnalysis;
  /** the file system path, for `file:` documents */
  readonly filePath: string | undefined;
  /** the configuration in effect (see DocumentConfig) */
  conf: DocConf | undefined;
  confReady: Promise<void> = Promise.resolve();
  confSeq = 0;
  /** identity of the configuration the analysis uses */
  cfgKey = '';
  timer: NodeJS.Timeout | undefined;
  /** replaced by every change: work started for an older text stops */
  runToken: object = {};
  /** last report answered to a pull */
  lastPull: { resultId: string; entries: ReportEntry[]; items: Diagnostic[] } | undefined;
  /** changed since it was last saved (for run: onSave) */
  dirty = false;
  closed = false;
  private readonly loggedErrors = new Set<string>();

  constructor(
    readonly uri: string,
    readonly languageId: string,
    version: number,
    text: string,
    rules: RuleSet,
    /** the context the workspace index judges it in (see workspace-index.ts) */
    cluster?: ClusterContext,
  ) {
    this.version = version;
    this.filePath = uriToPath(uri);
    this.analysis = new IncrementalAnalysis(text, rules, cluster);
  }

  get isConfigFile(): boolean {
    return !!this.filePath && path.basename(this.filePath) === CONFIG_FILE_NAME;
  }

  /** YAML (and Helm templates) are analysed; other languages a client sends are not. */
  get eligible(): boolean {
    const id = this.languageId.toLowerCase();
    if (LANGUAGE_IDS.includes(id) || id.startsWith('yaml.') || id.startsWith('yaml-')) return true;
    return /\.ya?ml$/i.test(this.uri);
  }

  /** Stop pending work: the document was closed or replaced. */
  close(): void {
    this.closed = true;
    this.runToken = {};
    if (this.timer) clearTimeout(this.timer);
  }

  /** Log the rules that failed on this document since the last call, each failure once. */
  logRuleErrors(error: (message: string) => void): void {
    for (const e of this.analysis.takeRuleErrors()) {
      const key = `${e.ruleId}\0${e.message}`;
      if (this.loggedErrors.has(key)) continue;
      this.loggedErrors.add(key);
      error(`podsec: rule "${e.ruleId}" failed on ${this.uri}; its findings there are skipped, the other rules still report. ${e.stack ?? e.message}`);
    }
  }
}
