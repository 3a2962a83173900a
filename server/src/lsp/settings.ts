/**
 * Editor settings (`podsec.*`): the configuration keys of `.podsec.yaml` (config/keys.ts) plus the
 * keys that only make sense in an editor (config/editor-keys.ts). Values arrive from the client as
 * plain JSON and are validated like the configuration file; invalid values fall back to the
 * defaults and are logged. `DocumentSettings` holds what the client said: the settings of each
 * document's scope (`workspace/configuration`, asked once per document), or the settings the
 * client sent itself when it does not answer that request.
 */
import { CLIENT_KEYS, EDITOR_DEFAULTS, EDITOR_ONLY_KEYS, EDITOR_SPEC, type EditorOnlySettings } from '../config/editor-keys';
import type { PodsecConfig } from '../config/keys';
import { validateConfig } from '../config/parse';
import type { KeySpec } from '../config/values';
import { SETTINGS_SECTION } from '../../../shared/protocol';
import type { ServerContext } from './context';

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

/** The settings each document is configured with, as the client gives them. */
export class DocumentSettings {
  /** settings for clients that do not answer `workspace/configuration` */
  private globalSettings: Settings = readSettings({});
  private readonly settingsCache = new Map<string, Promise<Settings>>();

  constructor(private readonly ctx: ServerContext) {}

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

  /** The settings of a document (or folder) URI's scope. */
  settingsFor(uri: string): Promise<Settings> {
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
}
