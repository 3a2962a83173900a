/**
 * Editor settings (`podsec.*`): the configuration keys of `.podsec.yaml` (config/keys.ts) plus the
 * keys that only make sense in an editor (config/editor-keys.ts). Values arrive from the client as
 * plain JSON and are validated like the configuration file; invalid values fall back to the
 * defaults and are logged.
 */
import { CLIENT_KEYS, EDITOR_DEFAULTS, EDITOR_ONLY_KEYS, EDITOR_SPEC, type EditorOnlySettings } from '../config/editor-keys';
import type { PodsecConfig } from '../config/keys';
import { validateConfig } from '../config/parse';
import type { KeySpec } from '../config/values';

export interface Settings {
  config: PodsecConfig;
  editor: EditorOnlySettings;
  /** problems with the values received, for the log */
  problems: string[];
}

/** Validate the `podsec` settings section as the client sends it. */
export function readSettings(raw: unknown): Settings {
  const problems: string[] = [];
  const obj = raw && typeof raw === 'object' && !Array.isArray(raw) ? (raw as Record<string, unknown>) : {};
  if (raw !== undefined && raw !== null && obj !== raw) problems.push('podsec settings must be an object; using the defaults.');
  const config = validateConfig(obj, (p) => problems.push(`podsec settings: ${p.message}`), [...EDITOR_ONLY_KEYS, ...CLIENT_KEYS]);
  const editor: Record<string, unknown> = { ...EDITOR_DEFAULTS };
  for (const key of EDITOR_ONLY_KEYS) {
    const v = obj[key];
    if (v === undefined || v === null) continue;
    const valid = (EDITOR_SPEC[key] as KeySpec<unknown>).validate(v, (p) => problems.push(p.message), key);
    if (valid !== undefined) editor[key] = valid;
  }
  return { config, editor: editor as EditorOnlySettings, problems };
}
