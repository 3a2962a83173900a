/**
 * The "PodSec: ..." commands.
 */
import * as vscode from 'vscode';
import { CONFIG_FILE_NAME, FIX_ALL_KIND as FIX_ALL_KIND_VALUE } from '../../shared/protocol';
import { exportChecklist, type ComplianceView } from './compliance';
import { renderConfig, type ConfigSchema } from './configTemplate';
import { errorText, type PodsecClient } from './languageClient';
import { declaredSettings, isPodsecLanguage, SECTION } from './settings';

export const COMMANDS = {
  fixAll: 'podsec.fixAllProblems',
  showRuleDocumentation: 'podsec.showRuleDocumentation',
  createConfig: 'podsec.createConfigFile',
  restart: 'podsec.restartServer',
  showOutput: 'podsec.showOutput',
  chooseProfile: 'podsec.chooseProfileOrVersion',
  exportChecklist: 'podsec.exportChecklist',
  refreshCompliance: 'podsec.refreshCompliance',
} as const;

const FIX_ALL_KIND = vscode.CodeActionKind.Empty.append(FIX_ALL_KIND_VALUE);
export const CONFIG_SCHEMA = 'schemas/podsec-config.schema.json';
/** rule ids are kebab-case words; anything else never names a file */
const RULE_ID = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

export function registerCommands(
  context: vscode.ExtensionContext,
  client: PodsecClient,
  log: vscode.LogOutputChannel,
  compliance: ComplianceView,
): vscode.Disposable[] {
  const run = (name: string, fn: (...args: unknown[]) => Promise<unknown>) =>
    vscode.commands.registerCommand(name, async (...args: unknown[]) => {
      try {
        return await fn(...args);
      } catch (e) {
        log.error(`${name}: ${errorText(e)}`);
        void vscode.window.showErrorMessage(`PodSec: ${errorText(e)}`);
        return undefined;
      }
    });
  return [
    run(COMMANDS.fixAll, () => fixAllInFile(client)),
    run(COMMANDS.showRuleDocumentation, (arg) => showRuleDocumentation(context, arg)),
    run(COMMANDS.createConfig, () => createConfigFile(context)),
    run(COMMANDS.restart, async () => {
      const c = await client.restart();
      if (c) vscode.window.setStatusBarMessage('PodSec: language server restarted', 3000);
    }),
    run(COMMANDS.showOutput, async () => log.show(true)),
    run(COMMANDS.exportChecklist, () => exportChecklist(client)),
    run(COMMANDS.refreshCompliance, async () => compliance.refresh()),
  ];
}

/** Applies the server's `source.fixAll.podsec` action to the active document. */
export async function fixAllInFile(client: PodsecClient): Promise<boolean> {
  const doc = vscode.window.activeTextEditor?.document;
  if (!isPodsecLanguage(doc)) {
    void vscode.window.showInformationMessage('PodSec: open a YAML manifest to fix its problems.');
    return false;
  }
  if (!(await client.start())) return false;
  const whole = new vscode.Range(0, 0, doc.lineCount, 0);
  const actions =
    (await vscode.commands.executeCommand<(vscode.CodeAction | vscode.Command)[]>('vscode.executeCodeActionProvider', doc.uri, whole, FIX_ALL_KIND.value, 1)) ??
    [];
  let applied = false;
  for (const a of actions) {
    if (!(a instanceof vscode.CodeAction) || !a.kind || !FIX_ALL_KIND.contains(a.kind)) continue;
    if (a.edit && a.edit.size > 0) applied = (await vscode.workspace.applyEdit(a.edit)) || applied;
    if (a.command) {
      await vscode.commands.executeCommand(a.command.command, ...(a.command.arguments ?? []));
      applied = true;
    }
  }
  if (!applied) {
    void vscode.window.showInformationMessage(
      `PodSec: nothing in ${vscode.workspace.asRelativePath(doc.uri)} can be fixed automatically. Fixes that change what a workload does are offered one by one as quick fixes (Ctrl+.).`,
    );
  }
  return applied;
}

function ruleIdOf(arg: unknown): string | undefined {
  if (typeof arg === 'string') return arg;
  if (typeof arg === 'object' && arg !== null) {
    const o = arg as { ruleId?: unknown; code?: unknown };
    if (typeof o.ruleId === 'string') return o.ruleId;
    if (typeof o.code === 'string') return o.code;
  }
  return undefined;
}

function diagnosticRuleId(d: vscode.Diagnostic): string | undefined {
  if (d.source !== 'podsec') return undefined;
  const code = typeof d.code === 'object' ? d.code.value : d.code;
  return code === undefined ? undefined : String(code);
}

export function ruleDocUri(context: vscode.ExtensionContext, ruleId: string): vscode.Uri {
  return vscode.Uri.joinPath(context.extensionUri, 'docs', 'rules', `${ruleId}.md`);
}

async function exists(uri: vscode.Uri): Promise<boolean> {
  try {
    await vscode.workspace.fs.stat(uri);
    return true;
  } catch {
    return false;
  }
}

/**
 * Opens the bundled page of a rule (docs/rules/<id>.md) in the Markdown preview. Works offline:
 * the pages ship inside the extension. Without an argument, asks which rule (those flagged in
 * the active file first, the one under the cursor on top).
 */
export async function showRuleDocumentation(context: vscode.ExtensionContext, arg?: unknown): Promise<vscode.Uri | undefined> {
  const ruleId = ruleIdOf(arg) ?? (await pickRule(context));
  if (!ruleId) return undefined;
  if (!RULE_ID.test(ruleId)) {
    void vscode.window.showErrorMessage(`PodSec: "${ruleId}" is not a rule id.`);
    return undefined;
  }
  const uri = ruleDocUri(context, ruleId);
  if (!(await exists(uri))) {
    void vscode.window.showErrorMessage(
      `PodSec: this installation has no documentation page for rule '${ruleId}' (docs/rules/${ruleId}.md is missing from the extension).`,
    );
    return undefined;
  }
  await vscode.commands.executeCommand('markdown.showPreview', uri);
  return uri;
}

async function pickRule(context: vscode.ExtensionContext): Promise<string | undefined> {
  const editor = vscode.window.activeTextEditor;
  const items: (vscode.QuickPickItem & { ruleId?: string })[] = [];
  const seen = new Set<string>();
  if (editor) {
    const diags = vscode.languages
      .getDiagnostics(editor.document.uri)
      .filter((d) => diagnosticRuleId(d) !== undefined)
      .sort((a, b) => Number(b.range.contains(editor.selection.active)) - Number(a.range.contains(editor.selection.active)));
    for (const d of diags) {
      const id = diagnosticRuleId(d)!;
      if (seen.has(id)) continue;
      seen.add(id);
      items.push({ label: id, ruleId: id, description: d.range.contains(editor.selection.active) ? 'at the cursor' : 'in this file', detail: d.message });
    }
  }
  let pages: string[] = [];
  try {
    const entries = await vscode.workspace.fs.readDirectory(vscode.Uri.joinPath(context.extensionUri, 'docs', 'rules'));
    pages = entries
      .filter(([name, type]) => type === vscode.FileType.File && name.endsWith('.md'))
      .map(([name]) => name.slice(0, -3))
      .sort();
  } catch {
    // no docs folder: only the flagged rules can be offered
  }
  const others = pages.filter((p) => !seen.has(p));
  if (items.length && others.length) items.push({ label: 'All rules', kind: vscode.QuickPickItemKind.Separator });
  for (const p of others) items.push({ label: p, ruleId: p });
  if (!items.length) {
    void vscode.window.showErrorMessage('PodSec: no rule documentation is bundled with this installation (docs/rules is empty or missing).');
    return undefined;
  }
  const picked = await vscode.window.showQuickPick(items, { title: 'PodSec: Show Rule Documentation', placeHolder: 'Rule id', matchOnDetail: true });
  return picked?.ruleId;
}

async function pickFolder(): Promise<vscode.WorkspaceFolder | undefined> {
  const folders = vscode.workspace.workspaceFolders ?? [];
  if (folders.length <= 1) return folders[0];
  return vscode.window.showWorkspaceFolderPick({ placeHolder: `Folder to create ${CONFIG_FILE_NAME} in`, ignoreFocusOut: true });
}

/**
 * Writes `.podsec.yaml` into a workspace folder with the settings in effect there and a comment
 * on every key (taken from the configuration schema the extension ships), then opens it. An
 * existing file is opened, never overwritten.
 */
export async function createConfigFile(context: vscode.ExtensionContext): Promise<vscode.Uri | undefined> {
  const folder = await pickFolder();
  if (!folder) {
    if (!vscode.workspace.workspaceFolders?.length)
      void vscode.window.showErrorMessage(`PodSec: open a folder first; ${CONFIG_FILE_NAME} belongs at the top of a workspace folder.`);
    return undefined;
  }
  const target = vscode.Uri.joinPath(folder.uri, CONFIG_FILE_NAME);
  if (await exists(target)) {
    await vscode.window.showTextDocument(target);
    void vscode.window.showInformationMessage(`PodSec: ${CONFIG_FILE_NAME} already exists in ${folder.name}; opened it.`);
    return target;
  }
  const schemaUri = vscode.Uri.joinPath(context.extensionUri, CONFIG_SCHEMA);
  let schema: ConfigSchema;
  try {
    schema = JSON.parse(new TextDecoder().decode(await vscode.workspace.fs.readFile(schemaUri))) as ConfigSchema;
  } catch (e) {
    throw new Error(`cannot read the configuration schema ${CONFIG_SCHEMA} of this installation: ${errorText(e)}`, { cause: e });
  }
  const declared = declaredSettings(context.extension);
  const config = vscode.workspace.getConfiguration(SECTION, folder.uri);
  const values: Record<string, unknown> = {};
  for (const key of Object.keys(schema.properties ?? {})) {
    if (declared.has(key)) values[key] = config.get(key);
  }
  const text = renderConfig(schema, values, [
    'PodSec configuration for this folder and everything below it. Commit it: the editor and the podsec CLI both read it, and its values win over editor settings.',
    'Written from the settings in effect when it was created.',
  ]);
  await vscode.workspace.fs.writeFile(target, new TextEncoder().encode(text));
  await vscode.window.showTextDocument(target);
  return target;
}
