/**
 * The contract between the VS Code client (client/) and the podsec language server (server/):
 * language ids, the configuration file, request and command names and their result types.
 * Both sides import this file; neither writes these strings itself. Plain data only: no imports,
 * so that each side's bundle takes what it uses and nothing else.
 */

/** Language ids the client hands to the server (YAML, and `helm` for chart templates). */
export const LANGUAGE_IDS = ['yaml', 'helm'];

/** The per-folder configuration file; its keys win over the editor settings of the same name. */
export const CONFIG_FILE_NAME = '.podsec.yaml';
/** Glob of every configuration file in a workspace (file watchers). */
export const CONFIG_FILE_GLOB = `**/${CONFIG_FILE_NAME}`;

/** The settings section (`podsec.*`). */
export const SETTINGS_SECTION = 'podsec';

/** When a document is analysed: while typing, or when it is saved (setting `podsec.run`). */
export type RunMode = 'onType' | 'onSave';
export const RUN_MODES: RunMode[] = ['onType', 'onSave'];

/** What `initializationOptions` may carry. */
export interface InitializationOptions {
  /** false when the editor does not trust the workspace (see README "Settings") */
  workspaceTrusted?: boolean;
  /** the `podsec` settings, for clients that cannot answer `workspace/configuration` */
  settings?: unknown;
}

/**
 * Request: the profile and policy version in effect for an open document, and the `.podsec.yaml`
 * that applies to it (the VS Code status bar shows them). The server announces it as the
 * experimental capability `EFFECTIVE_CONFIGURATION_CAPABILITY`; it answers null for a document
 * that is not open.
 */
export const EFFECTIVE_CONFIGURATION_REQUEST = 'podsec/effectiveConfiguration';
export const EFFECTIVE_CONFIGURATION_CAPABILITY = 'podsecEffectiveConfiguration';

export interface EffectiveConfigurationParams {
  textDocument: { uri: string };
}

export interface EffectiveConfigurationResult {
  profile: string;
  /** the policy version in effect, `v1.N` (`latest` resolved) */
  pssVersion: string;
  /** URI of the `.podsec.yaml` that applies, or null */
  configFile: string | null;
  /** the keys that file sets */
  fromConfigFile: string[];
}

/** Code action kind of "Fix all podsec problems in this file" (also for `editor.codeActionsOnSave`). */
export const FIX_ALL_KIND = 'source.fixAll.podsec';

/** Commands the server executes (`workspace/executeCommand`). */
export const SERVER_COMMANDS = {
  /** arguments `[ruleId]`: show the rule's page (the VS Code client shows it itself, as a preview) */
  showRuleDocumentation: 'podsec.server.showRuleDocumentation',
  /** arguments `[uri, start, end]`: select a fix's suggested value once the fix is applied */
  selectPlaceholder: 'podsec.server.selectPlaceholder',
} as const;
