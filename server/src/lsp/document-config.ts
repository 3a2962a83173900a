/**
 * Per-document configuration: the document's `podsec` settings (from `workspace/configuration`,
 * or the settings the client sent), then the shared ConfigResolver (nearest `.podsec.yaml`,
 * excludes, trust cap), turned into the rules the document's analysis runs. Settings are asked
 * once per document; configuration files are read once until they change.
 */
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { MessageType } from 'vscode-languageserver/node';
import { CONFIG_FILE_NAME, SETTINGS_SECTION, type EffectiveConfigurationResult } from '../../../shared/protocol';
import { EDITOR_DEFAULTS, type EditorOnlySettings } from '../config/editor-keys';
import { CONFIG_DEFAULTS, toEngineOptions } from '../config/keys';
import { resolveRuleSet, type RuleSet } from '../engine/profiles';
import { formatVersion } from '../engine/versions';
import type { LoadedConfig } from '../node/config-file';
import type { FileFacts } from '../engine/cluster/types';
import { readAdmissionConfiguration } from '../node/admission-file';
import { ConfigResolver } from '../node/config-resolver';
import type { ServerContext } from './context';
import type { DocState } from './document-state';
import { readSettings, type Settings } from './settings';

const BYTES_PER_MB = 1024 * 1024;

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

/** What the workspace index may read under a folder (see workspace-index.ts). */
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

export class DocumentConfig {
  /** the rules of the default configuration */
  readonly defaultRules = resolveRuleSet(toEngineOptions({}));
  /** settings for clients that do not answer `workspace/configuration` */
  private globalSettings: Settings = readSettings({});
  private readonly settingsCache = new Map<string, Promise<Settings>>();
  private readonly announced = new Set<string>();
  private readonly resolver: ConfigResolver;

  constructor(private readonly ctx: ServerContext) {
    this.resolver = new ConfigResolver({ workspace: ctx.workspace, onLoad: (loaded) => this.announce(loaded) });
  }

  /** Settings the client sent itself (initialization options, didChangeConfiguration). */
  setGlobalSettings(raw: unknown): void {
    this.globalSettings = readSettings(raw);
    for (const p of this.globalSettings.problems) this.ctx.log(p);
  }

  /** The settings changed: ask again (`section` is what didChangeConfiguration carried). */
  settingsChanged(section: unknown): void {
    this.settingsCache.clear();
    if (!this.ctx.features.configurationPull && section !== undefined) this.setGlobalSettings(section);
  }

  /** A document closed: its settings are asked again when it opens again. */
  forget(uri: string): void {
    this.settingsCache.delete(uri);
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

  /** Answer to EFFECTIVE_CONFIGURATION_REQUEST. */
  async effective(state: DocState): Promise<EffectiveConfigurationResult> {
    const conf = await this.ensure(state);
    const loaded = conf.configFile;
    return {
      profile: conf.rules.profile,
      pssVersion: formatVersion(conf.rules.version),
      configFile: loaded ? pathToFileURL(loaded.path).href : null,
      fromConfigFile: loaded
        ? Object.entries(loaded.config)
            .filter(([, v]) => v !== undefined)
            .map(([k]) => k)
        : [],
    };
  }

  /**
   * Which files under a workspace folder the index leaves out: by the folder's settings and the
   * `.podsec.yaml` that applies to each file, as for an open document (`exclude`, and
   * `maxFileSizeMB` with the trust cap).
   */
  async readFilter(folder: string): Promise<ReadFilter> {
    const settings = (await this.settingsFor(pathToFileURL(folder).href)).config;
    return {
      skipsDir: (dir) => this.resolver.excluded(dir, true, settings),
      skipsFile: (file, bytes) => {
        const { config, excluded } = this.resolver.resolve(file, { settings });
        return excluded || bytes > (config.maxFileSizeMB ?? CONFIG_DEFAULTS.maxFileSizeMB) * BYTES_PER_MB;
      },
      admissionConfigurationOf: (file) => this.resolver.resolve(file, { settings }).options.admissionConfiguration,
      rulesFor: (file) => {
        try {
          return resolveRuleSet(this.resolver.resolve(file, { settings }).options);
        } catch (e) {
          this.ctx.failed('resolving the configuration', e);
          return this.defaultRules;
        }
      },
    };
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

  private settingsFor(uri: string): Promise<Settings> {
    if (!this.ctx.features.configurationPull) return Promise.resolve(this.globalSettings);
    let p = this.settingsCache.get(uri);
    if (!p) {
      p = this.ctx.connection.workspace.getConfiguration({ scopeUri: uri, section: SETTINGS_SECTION }).then(
        (raw) => {
          const s = readSettings(raw ?? {});
          for (const problem of s.problems) this.ctx.log(problem);
          return s;
        },
        (e) => {
          this.ctx.failed('workspace/configuration', e);
          return this.globalSettings;
        },
      );
      this.settingsCache.set(uri, p);
    }
    return p;
  }

  private async resolve(state: DocState): Promise<DocConf> {
    const settings = await this.settingsFor(state.uri);
    const file = state.filePath;
    const { config, options, excluded, configFile } = this.resolver.resolve(file, { settings: settings.config });
    let rules: RuleSet;
    try {
      rules = resolveRuleSet(options);
    } catch (e) {
      this.ctx.failed('resolving the configuration', e);
      rules = this.defaultRules;
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
