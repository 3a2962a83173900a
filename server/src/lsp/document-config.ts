/**
 * Per-document configuration: the document's `podsec` settings (settings.ts `DocumentSettings`:
 * from `workspace/configuration`, or the settings the client sent), then the shared
 * ConfigResolver (nearest `.podsec.yaml`, excludes, trust cap), turned into the rules the
 * document's analysis runs (`DocConf`). Configuration files are read once until they change, and
 * one with problems is announced once. The latest request for a document wins; `ensure` waits
 * for it. The same resolution decides what the workspace index reads (read-filter.ts).
 */
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { MessageType } from 'vscode-languageserver/node';
import { CONFIG_FILE_NAME } from '../../../shared/protocol';
import { EDITOR_DEFAULTS, type EditorOnlySettings } from '../config/editor-keys';
import { CONFIG_DEFAULTS, toEngineOptions } from '../config/keys';
import { resolveRuleSet, type RuleSet } from '../engine/profiles';
import type { LoadedConfig } from '../node/config-file';
import type { FileFacts } from '../engine/cluster/types';
import { readAdmissionConfiguration } from '../node/admission-file';
import { ConfigResolver } from '../node/config-resolver';
import type { ServerContext } from './context';
import type { DocState } from './document-state';
import { BYTES_PER_MB, folderReadFilter, type ReadFilter } from './read-filter';
import type { DocumentSettings } from './settings';

/** What a document's analysis depends on. */
export interface DocConf {
  /** identity of the configuration (the analysis restarts when it changes) */
  key: string;
  rules: RuleSet;
  excluded: boolean;
  /** larger documents are not analysed */
  maxChars: number;
  editor: EditorOnlySettings;
  /** the `.podsec.yaml` that applies */
  configFile: LoadedConfig | undefined;
  /**
   * Facts of other files the configuration brings in: the admission configuration it names
   * (read when the configuration is resolved; the workspace index reads the others).
   */
  extraFacts: FileFacts[];
}

export class DocumentConfig {
  /** the rules of the default configuration */
  readonly defaultRules = resolveRuleSet(toEngineOptions({}));
  private readonly announced = new Set<string>();
  private readonly resolver: ConfigResolver;

  constructor(
    private readonly ctx: ServerContext,
    private readonly settings: DocumentSettings,
  ) {
    this.resolver = new ConfigResolver({ workspace: ctx.workspace, onLoad: (loaded) => this.announce(loaded) });
  }

  /** Configuration files may have changed on disk: read them again. */
  invalidateFiles(): void {
    this.resolver.invalidate();
  }

  /** (Re)compute a document's configuration; the latest request wins. */
  configure(state: DocState): Promise<void> {
    const seq = ++state.confSeq;
    state.confReady = this.resolve(state).then(
      (conf) => {
        if (seq !== state.confSeq || state.closed) return;
        state.conf = conf;
        if (conf.key !== state.cfgKey) {
          state.cfgKey = conf.key;
          state.analysis.setConfig(conf.rules);
        }
        state.analysis.setExtraFacts(conf.extraFacts);
      },
      (e) => {
        this.ctx.failed('configuration', e);
        // analyse with the defaults rather than not at all
        if (seq === state.confSeq && !state.conf) state.conf = this.defaults();
      },
    );
    return state.confReady;
  }

  /** Every open document's configuration again. */
  reconfigureAll(): Promise<void[]> {
    return Promise.all([...this.ctx.documents.values()].map((s) => this.configure(s)));
  }

  /** The document's configuration, once known (callers check `closed` afterwards). */
  async ensure(state: DocState): Promise<DocConf> {
    while (true) {
      const seq = state.confSeq;
      await state.confReady;
      if (state.conf && seq === state.confSeq) return state.conf;
      if (state.closed) return state.conf ?? this.defaults();
      if (seq === state.confSeq) await this.configure(state);
    }
  }

  /**
   * Which files under a workspace folder the index leaves out: by the folder's settings and the
   * `.podsec.yaml` that applies to each file, as for an open document (`exclude`, and
   * `maxFileSizeMB` with the trust cap).
   */
  async readFilter(folder: string): Promise<ReadFilter> {
    const settings = (await this.settings.settingsFor(pathToFileURL(folder).href)).config;
    return folderReadFilter(this.resolver, settings, (e) => this.unresolved(e));
  }

  /** The rules when resolving a configuration failed: the defaults (and a log entry). */
  private unresolved(e: unknown): RuleSet {
    this.ctx.failed('resolving the configuration', e);
    return this.defaultRules;
  }

  private defaults(): DocConf {
    return {
      key: '',
      rules: this.defaultRules,
      excluded: false,
      maxChars: CONFIG_DEFAULTS.maxFileSizeMB * BYTES_PER_MB,
      editor: { ...EDITOR_DEFAULTS },
      configFile: undefined,
      extraFacts: [],
    };
  }

  private async resolve(state: DocState): Promise<DocConf> {
    const settings = await this.settings.settingsFor(state.uri);
    const file = state.filePath;
    const { config, options, excluded, configFile } = this.resolver.resolve(file, { settings: settings.config });
    let rules: RuleSet;
    try {
      rules = resolveRuleSet(options);
    } catch (e) {
      rules = this.unresolved(e);
    }
    // a named admission configuration that cannot be read is a problem on the key (shown with the .podsec.yaml)
    const named = options.admissionConfiguration ? readAdmissionConfiguration(options.admissionConfiguration) : undefined;
    return {
      key: JSON.stringify([config, file ?? null]),
      rules,
      excluded,
      maxChars: (config.maxFileSizeMB ?? CONFIG_DEFAULTS.maxFileSizeMB) * BYTES_PER_MB,
      editor: settings.editor,
      configFile,
      extraFacts: named && 'facts' in named ? [named.facts] : [],
    };
  }

  /** A configuration file with problems: say so once (they show as diagnostics when it is open). */
  private announce(loaded: LoadedConfig): void {
    const found = loaded.path;
    if (!loaded.problems.length) {
      this.announced.delete(found);
      return;
    }
    if (this.announced.has(found)) return;
    this.announced.add(found);
    const n = loaded.problems.length;
    const list = loaded.problems.map((p) => `${p.range.start.line + 1}:${p.range.start.character + 1} ${p.message}`).join(' | ');
    this.ctx.log(`podsec: ${found} has ${n} problem${n > 1 ? 's' : ''}; the entries with problems are ignored. ${list}`);
    this.ctx.tell(
      MessageType.Warning,
      `podsec: ${path.basename(path.dirname(found))}/${CONFIG_FILE_NAME} has problems; open it to see them. The entries with problems are ignored.`,
    );
  }
}
