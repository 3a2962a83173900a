/**
 * The status bar item `PodSec: <profile> <version>` for the active YAML file, and the quick pick
 * behind it that writes `podsec.profile` / `podsec.pssVersion` into the workspace settings.
 */
import * as vscode from 'vscode';
import {
  EFFECTIVE_CONFIGURATION_CAPABILITY,
  EFFECTIVE_CONFIGURATION_REQUEST,
  type EffectiveConfigurationParams,
  type EffectiveConfigurationResult,
} from '../../shared/protocol';
import type { PodsecClient } from './languageClient';
import { declaredSettings, isPodsecLanguage, SECTION } from './settings';

export interface EffectiveConfig {
  profile: string;
  /** `latest` or `v1.N` as configured */
  pssVersion: string;
  /** the `.podsec.yaml` that applies to the file, if any (it wins over settings) */
  configFile?: vscode.Uri;
  /** keys the config file sets */
  fromConfigFile?: string[];
}

export class PodsecStatus implements vscode.Disposable {
  private readonly item: vscode.StatusBarItem;
  private readonly disposables: vscode.Disposable[] = [];
  private generation = 0;

  constructor(
    private readonly context: vscode.ExtensionContext,
    private readonly client: PodsecClient,
    chooseCommand: string,
  ) {
    this.item = vscode.window.createStatusBarItem('podsec.status', vscode.StatusBarAlignment.Right, 100);
    this.item.name = 'PodSec';
    this.item.command = chooseCommand;
    this.disposables.push(
      this.item,
      vscode.window.onDidChangeActiveTextEditor(() => this.refresh()),
      vscode.workspace.onDidChangeConfiguration((e) => e.affectsConfiguration(SECTION) && this.refresh()),
      // a .podsec.yaml change reaches the server first; the diagnostics it then sends for the
      // active file are the cue to ask again
      vscode.languages.onDidChangeDiagnostics((e) => {
        const active = vscode.window.activeTextEditor?.document.uri.toString();
        if (active && e.uris.some((u) => u.toString() === active)) this.scheduleRefresh();
      }),
      client.onDidChangeState(() => this.refresh()),
      vscode.commands.registerCommand(chooseCommand, () => this.choose()),
    );
    this.refresh();
  }

  /** Latest policy version by name (`v1.37`), from the versions `podsec.pssVersion` accepts. */
  latestVersion(): string | undefined {
    const versions = (declaredSettings(this.context.extension).get('pssVersion')?.enum ?? []).map(String);
    let best: string | undefined;
    for (const v of versions) {
      const m = /^v1\.(\d+)$/.exec(v);
      if (m && (!best || Number(m[1]) > Number(best.slice(3)))) best = v;
    }
    return best;
  }

  versionLabel(v: string): string {
    return v === 'latest' ? (this.latestVersion() ?? 'latest') : v;
  }

  async effective(doc: vscode.TextDocument): Promise<EffectiveConfig> {
    if (this.client.serverSupports(EFFECTIVE_CONFIGURATION_CAPABILITY)) {
      const params: EffectiveConfigurationParams = { textDocument: { uri: doc.uri.toString() } };
      const r = await this.client.request<EffectiveConfigurationResult | null>(EFFECTIVE_CONFIGURATION_REQUEST, params);
      if (r) {
        return {
          profile: r.profile,
          pssVersion: r.pssVersion,
          configFile: r.configFile ? vscode.Uri.parse(r.configFile) : undefined,
          fromConfigFile: r.fromConfigFile ?? [],
        };
      }
    }
    const c = vscode.workspace.getConfiguration(SECTION, doc);
    return { profile: c.get<string>('profile') ?? 'restricted', pssVersion: c.get<string>('pssVersion') ?? 'latest' };
  }

  private timer: NodeJS.Timeout | undefined;

  /** refresh soon, once for a burst of events (diagnostics arrive on every keystroke) */
  private scheduleRefresh(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.refresh();
    }, 150);
  }

  refresh(): void {
    const doc = vscode.window.activeTextEditor?.document;
    if (!isPodsecLanguage(doc)) {
      this.item.hide();
      return;
    }
    const gen = ++this.generation;
    void this.effective(doc).then((e) => {
      if (gen !== this.generation) return;
      this.render(e);
    });
  }

  private render(e: EffectiveConfig): void {
    const state = this.client.current;
    this.item.text = `PodSec: ${e.profile} ${this.versionLabel(e.pssVersion)}`;
    const tip = new vscode.MarkdownString(undefined, true);
    tip.appendMarkdown(`**PodSec** checks this file against profile **${e.profile}**, Pod Security Standards **${this.versionLabel(e.pssVersion)}**`);
    if (e.pssVersion === 'latest') tip.appendMarkdown(' (latest)');
    tip.appendMarkdown('.\n\n');
    if (e.configFile && e.fromConfigFile?.length)
      tip.appendMarkdown(`Set by \`${vscode.workspace.asRelativePath(e.configFile)}\`: ${e.fromConfigFile.join(', ')}.\n\n`);
    if (state === 'failed') tip.appendMarkdown('$(error) The language server is not running: see PodSec: Show Output.\n\n');
    else if (state === 'starting') tip.appendMarkdown('$(sync~spin) Starting the language server…\n\n');
    tip.appendMarkdown('Click to choose a profile or version for this workspace.');
    this.item.tooltip = tip;
    this.item.backgroundColor = state === 'failed' ? new vscode.ThemeColor('statusBarItem.errorBackground') : undefined;
    this.item.show();
  }

  /** Quick pick of profiles and policy versions; writes the choice into the workspace settings. */
  async choose(): Promise<void> {
    const declared = declaredSettings(this.context.extension);
    const profiles = declared.get('profile');
    const versions = declared.get('pssVersion');
    if (!profiles?.enum?.length || !versions) {
      void vscode.window.showErrorMessage('PodSec: this installation declares no podsec.profile / podsec.pssVersion settings.');
      return;
    }
    const doc = vscode.window.activeTextEditor?.document;
    const current = doc ? await this.effective(doc) : undefined;
    type Item = vscode.QuickPickItem & { key?: 'profile' | 'pssVersion'; value?: string };
    const items: Item[] = [{ label: 'Profile', kind: vscode.QuickPickItemKind.Separator }];
    profiles.enum.map(String).forEach((p, i) =>
      items.push({
        label: p,
        key: 'profile',
        value: p,
        description: current?.profile === p ? '(current)' : undefined,
        detail: profiles.enumDescriptions?.[i] ?? profiles.markdownEnumDescriptions?.[i]?.replace(/`/g, ''),
      }),
    );
    items.push({ label: 'Pod Security Standards version', kind: vscode.QuickPickItemKind.Separator });
    const versionValues = versions.enum?.length ? versions.enum.map(String) : ['latest'];
    for (const v of versionValues) {
      items.push({
        label: v,
        key: 'pssVersion',
        value: v,
        description:
          [v === 'latest' ? this.latestVersion() : undefined, current?.pssVersion === v ? '(current)' : undefined].filter(Boolean).join(' ') || undefined,
      });
    }
    const picked = await vscode.window.showQuickPick(items, {
      title: 'PodSec: profile and Pod Security Standards version',
      placeHolder: 'Choose a profile or a policy version for this workspace',
    });
    if (!picked?.key || picked.value === undefined) return;
    const hasWorkspace = !!vscode.workspace.workspaceFolders?.length;
    await vscode.workspace
      .getConfiguration(SECTION, doc)
      .update(picked.key, picked.value, hasWorkspace ? vscode.ConfigurationTarget.Workspace : vscode.ConfigurationTarget.Global);
    if (current?.configFile && current.fromConfigFile?.includes(picked.key)) {
      const open = 'Open .podsec.yaml';
      const answer = await vscode.window.showWarningMessage(
        `PodSec: ${vscode.workspace.asRelativePath(current.configFile)} sets ${picked.key} for this file, and it wins over settings. Change it there to take effect.`,
        open,
      );
      if (answer === open) await vscode.window.showTextDocument(current.configFile);
    }
    this.refresh();
  }

  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    for (const d of this.disposables) d.dispose();
  }
}
