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
  /**
   * Milliseconds a document's analysis runs before its first diagnostics are sent early (once the
   * part analysed holds as many problems as are shown; default 1000)
   */
  firstReportMs?: number;
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

// ---- the compliance view (VS Code's "PodSec Compliance" view; any client may use it) ----

/** A range in a document: 0-based lines, UTF-16 characters (as LSP). */
export interface ProtocolRange {
  start: { line: number; character: number };
  end: { line: number; character: number };
}

/** Status of a STIG requirement, as STIG Viewer names them. */
export type ComplianceStatus = 'open' | 'not_a_finding' | 'not_applicable' | 'not_reviewed';

/**
 * Request (no parameters): the compliance of the workspace for the STIG of the active profile
 * (the profile in effect at the first workspace folder). The first request starts the server
 * analysing every YAML file of the workspace in the background; `COMPLIANCE_CHANGED_NOTIFICATION`
 * says when to ask again.
 */
export const COMPLIANCE_REQUEST = 'podsec/compliance';

export interface ComplianceResult {
  profile: string;
  /** the STIG of the profile; null when the profile has none (see `checklistProfiles`) */
  stig: { benchmarkId: string; title: string; release: string; date: string } | null;
  /** the profiles that have a STIG checklist, with the STIG's title */
  checklistProfiles: { profile: string; stig: string }[];
  /** `reading`: files are still being analysed (the counts so far); `no-workspace`: no folder is open */
  state: 'reading' | 'ready' | 'no-workspace';
  progress: { analysed: number; total: number };
  /** files and Kubernetes objects (and config documents) checked */
  files: number;
  objects: number;
  /** how many requirements have each status */
  counts: Record<ComplianceStatus, number>;
  requirements: ComplianceRequirement[];
}

export interface ComplianceRequirement {
  vulnId: string;
  stigId: string;
  title: string;
  severity: 'high' | 'medium' | 'low';
  status: ComplianceStatus;
  /** the findings that make it open */
  count: number;
  /** the podsec rules that check it */
  rules: string[];
  /** what was checked, or why it is not reviewed */
  details: string;
}

/** Request: the findings of one requirement (capped; `total` counts them all). */
export const COMPLIANCE_FINDINGS_REQUEST = 'podsec/complianceFindings';

export interface ComplianceFindingsParams {
  vulnId: string;
}

export interface ComplianceFinding {
  uri: string;
  range: ProtocolRange;
  message: string;
  ruleId: string;
  /** `Kind/namespace/name` */
  resource: string | null;
  container: string | null;
  /** set when a suppression covers it: its reason (null: none given, so it still counts) */
  suppressed: { reason: string | null } | null;
}

export interface ComplianceFindingsResult {
  findings: ComplianceFinding[];
  total: number;
}

/** Notification from the server: the compliance results changed; request them again. */
export const COMPLIANCE_CHANGED_NOTIFICATION = 'podsec/complianceChanged';

/** Request: write the STIG Viewer checklist (`.cklb`) of the workspace to a file. */
export const EXPORT_CHECKLIST_REQUEST = 'podsec/exportChecklist';

/** What the checklist says about its target (STIG Viewer's "target data"); nothing is guessed. */
export interface ChecklistTarget {
  hostName?: string;
  hostIp?: string;
  hostMac?: string;
  hostFqdn?: string;
  targetComment?: string;
  techArea?: string;
  marking?: string;
}

export interface ExportChecklistParams {
  /** `file:` URI of the file to write */
  uri: string;
  target: ChecklistTarget;
}

export interface ExportChecklistResult {
  written: boolean;
  /** what happened, for the user */
  message: string;
  counts?: Record<ComplianceStatus, number>;
}
