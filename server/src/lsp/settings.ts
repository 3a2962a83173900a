/**
 * Editor settings (`podsec.*`): the configuration keys of `.podsec.yaml` plus the keys that only
 * make sense in an editor. Values arrive from the client as plain JSON and are validated like the
 * configuration file; invalid values fall back to the defaults and are logged.
 */
import { CONFIG_DEFAULTS, PodsecConfig, validateConfig } from '../engine/config';

export type RunMode = 'onType' | 'onSave';

/** Settings that exist only in the editor (not in `.podsec.yaml`). */
export interface EditorOnlySettings {
  /** analyse while typing, or when the file is saved */
  run: RunMode;
  /** push diagnostics: wait this long after the last change before analysing */
  delayMs: number;
  /** most diagnostics published for one file */
  maxProblems: number;
}

export const EDITOR_DEFAULTS: EditorOnlySettings = {
  run: 'onType',
  delayMs: 150,
  maxProblems: 1000,
};

export const EDITOR_ONLY_KEYS: (keyof EditorOnlySettings)[] = ['run', 'delayMs', 'maxProblems'];

/** Keys the client may send that the server does not read (the client uses them itself). */
const CLIENT_KEYS = ['trace'];

export const DELAY_RANGE: [number, number] = [0, 10000];
export const MAX_PROBLEMS_RANGE: [number, number] = [1, 100000];

export const EDITOR_DESCRIPTIONS: Record<keyof EditorOnlySettings, string> = {
  run: 'When to analyse: while you type (onType) or when the file is saved (onSave).',
  delayMs: 'For editors that receive diagnostics by push: milliseconds to wait after the last change before analysing (0 analyses at once). Editors that pull diagnostics decide the timing themselves.',
  maxProblems: 'Most diagnostics shown for one file; an information diagnostic at the top says when more were found (the CLI lists them all).',
};

export interface Settings {
  config: PodsecConfig;
  editor: EditorOnlySettings;
  /** problems with the values received, for the log */
  problems: string[];
}

function inRange(v: unknown, [lo, hi]: [number, number]): v is number {
  return typeof v === 'number' && Number.isFinite(v) && v >= lo && v <= hi;
}

/** Validate the `podsec` settings section as the client sends it. */
export function readSettings(raw: unknown): Settings {
  const problems: string[] = [];
  const obj = raw && typeof raw === 'object' && !Array.isArray(raw) ? (raw as Record<string, unknown>) : {};
  if (raw !== undefined && raw !== null && obj !== raw) problems.push('podsec settings must be an object; using the defaults.');
  const config = validateConfig(obj, (p) => problems.push(`podsec settings: ${p.message}`), [...EDITOR_ONLY_KEYS, ...CLIENT_KEYS]);
  const editor: EditorOnlySettings = { ...EDITOR_DEFAULTS };
  if (obj.run !== undefined && obj.run !== null) {
    if (obj.run === 'onType' || obj.run === 'onSave') editor.run = obj.run;
    else problems.push(`podsec.run must be onType or onSave, not ${JSON.stringify(obj.run)}.`);
  }
  if (obj.delayMs !== undefined && obj.delayMs !== null) {
    if (inRange(obj.delayMs, DELAY_RANGE)) editor.delayMs = obj.delayMs;
    else problems.push(`podsec.delayMs must be a number from ${DELAY_RANGE[0]} to ${DELAY_RANGE[1]}, not ${JSON.stringify(obj.delayMs)}.`);
  }
  if (obj.maxProblems !== undefined && obj.maxProblems !== null) {
    if (inRange(obj.maxProblems, MAX_PROBLEMS_RANGE) && Number.isInteger(obj.maxProblems)) editor.maxProblems = obj.maxProblems;
    else problems.push(`podsec.maxProblems must be a whole number from ${MAX_PROBLEMS_RANGE[0]} to ${MAX_PROBLEMS_RANGE[1]}, not ${JSON.stringify(obj.maxProblems)}.`);
  }
  return { config, editor, problems };
}

/**
 * In an untrusted workspace, configuration supplied by the workspace may not widen what the
 * server reads: a larger file size limit is capped at the default.
 */
export function restrictForUntrusted(config: PodsecConfig): PodsecConfig {
  if (config.maxFileSizeMB === undefined || config.maxFileSizeMB <= CONFIG_DEFAULTS.maxFileSizeMB) return config;
  return { ...config, maxFileSizeMB: CONFIG_DEFAULTS.maxFileSizeMB };
}
