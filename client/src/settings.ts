/**
 * What the client itself reads from the `podsec.*` settings. The server reads the rest (through
 * `workspace/configuration`), together with `.podsec.yaml`.
 */
import * as vscode from 'vscode';
import { LANGUAGE_IDS, SETTINGS_SECTION as SECTION, type RunMode } from '../../shared/protocol';

export { SECTION };

export function runMode(scope: vscode.ConfigurationScope | undefined): RunMode {
  return vscode.workspace.getConfiguration(SECTION, scope).get<string>('run') === 'onSave' ? 'onSave' : 'onType';
}

export function isPodsecLanguage(doc: vscode.TextDocument | undefined): doc is vscode.TextDocument {
  return !!doc && LANGUAGE_IDS.includes(doc.languageId);
}

/** A setting as declared in package.json (`contributes.configuration`). */
export interface DeclaredSetting {
  key: string;
  type?: string | string[];
  enum?: unknown[];
  enumDescriptions?: string[];
  markdownEnumDescriptions?: string[];
  description?: string;
  markdownDescription?: string;
  default?: unknown;
}

/** The `podsec.*` settings the extension declares, read from its own manifest. */
export function declaredSettings(extension: vscode.Extension<unknown>): Map<string, DeclaredSetting> {
  const out = new Map<string, DeclaredSetting>();
  const configuration = (extension.packageJSON as { contributes?: { configuration?: unknown } }).contributes?.configuration;
  const blocks = Array.isArray(configuration) ? configuration : configuration ? [configuration] : [];
  for (const block of blocks as { properties?: Record<string, Omit<DeclaredSetting, 'key'>> }[]) {
    for (const [key, spec] of Object.entries(block.properties ?? {})) {
      if (key.startsWith(`${SECTION}.`)) out.set(key.slice(SECTION.length + 1), { key, ...spec });
    }
  }
  return out;
}
