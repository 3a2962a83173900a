/**
 * The "PodSec Compliance" view in the Explorer and the "Export STIG Checklist…" command. The
 * server judges (shared/protocol.ts: COMPLIANCE_REQUEST, COMPLIANCE_FINDINGS_REQUEST,
 * EXPORT_CHECKLIST_REQUEST) and says when its results change (COMPLIANCE_CHANGED_NOTIFICATION);
 * this file only shows them and asks where to write.
 */
import * as vscode from 'vscode';
import {
  COMPLIANCE_CHANGED_NOTIFICATION,
  COMPLIANCE_FINDINGS_REQUEST,
  COMPLIANCE_REQUEST,
  EXPORT_CHECKLIST_REQUEST,
  type ComplianceFinding,
  type ComplianceFindingsResult,
  type ComplianceRequirement,
  type ComplianceResult,
  type ComplianceStatus,
  type ExportChecklistParams,
  type ExportChecklistResult,
} from '../../shared/protocol';
import type { PodsecClient } from './languageClient';

export const COMPLIANCE_VIEW = 'podsec.compliance';

type Node =
  { kind: 'requirement'; req: ComplianceRequirement } | { kind: 'finding'; finding: ComplianceFinding } | { kind: 'more'; shown: number; total: number };

const STATUS_TEXT: Record<ComplianceStatus, string> = {
  open: 'Open',
  not_a_finding: 'Not a Finding',
  not_applicable: 'Not Applicable',
  not_reviewed: 'Not Reviewed',
};

const STATUS_ICON: Record<ComplianceStatus, vscode.ThemeIcon> = {
  open: new vscode.ThemeIcon('error', new vscode.ThemeColor('problemsErrorIcon.foreground')),
  not_a_finding: new vscode.ThemeIcon('pass', new vscode.ThemeColor('testing.iconPassed')),
  not_applicable: new vscode.ThemeIcon('circle-slash'),
  not_reviewed: new vscode.ThemeIcon('question'),
};

/** The profiles that have a checklist, for messages: `stig-rke2 (…RKE2…) or stig-kubernetes (…)`. */
function checklistProfilesText(r: ComplianceResult): string {
  return r.checklistProfiles.map((p) => `${p.profile} (${p.stig.replace(/\s*Security Technical Implementation Guide$/, ' STIG')})`).join(' or ');
}

export class ComplianceView implements vscode.TreeDataProvider<Node>, vscode.Disposable {
  private readonly emitter = new vscode.EventEmitter<Node | undefined>();
  readonly onDidChangeTreeData = this.emitter.event;
  private readonly view: vscode.TreeView<Node>;
  private readonly disposables: vscode.Disposable[] = [];

  constructor(private readonly client: PodsecClient) {
    this.view = vscode.window.createTreeView(COMPLIANCE_VIEW, { treeDataProvider: this, showCollapseAll: true });
    this.disposables.push(
      this.view,
      this.emitter,
      client.onNotification(COMPLIANCE_CHANGED_NOTIFICATION, () => this.refresh()),
      client.onDidChangeState((s) => s === 'running' && this.refresh()),
    );
  }

  refresh(): void {
    this.emitter.fire(undefined);
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
  }

  async getChildren(node?: Node): Promise<Node[]> {
    if (!node) return this.requirements();
    if (node.kind !== 'requirement') return [];
    const r = await this.client.request<ComplianceFindingsResult>(COMPLIANCE_FINDINGS_REQUEST, { vulnId: node.req.vulnId });
    if (!r) return [];
    const out: Node[] = r.findings.map((finding) => ({ kind: 'finding', finding }));
    if (r.total > r.findings.length) out.push({ kind: 'more', shown: r.findings.length, total: r.total });
    return out;
  }

  private async requirements(): Promise<Node[]> {
    if (!(await this.client.start())) {
      this.view.message = 'The PodSec language server is not running (see "PodSec: Show Output").';
      return [];
    }
    const r = await this.client.request<ComplianceResult>(COMPLIANCE_REQUEST, {});
    if (!r) {
      this.view.message = 'The PodSec language server did not answer (see "PodSec: Show Output").';
      return [];
    }
    if (r.state === 'no-workspace') {
      this.view.message = 'Open a folder to see how its manifests fare against a STIG.';
      this.view.description = undefined;
      return [];
    }
    if (!r.stig) {
      this.view.description = r.profile;
      this.view.message = `The profile ${r.profile} has no STIG checklist. Profiles with one: ${checklistProfilesText(r)} (setting podsec.profile, or profile: in .podsec.yaml).`;
      return [];
    }
    this.view.description = `${r.stig.title.replace(/^Rancher Government Solutions /, '').replace(/\s*Security Technical Implementation Guide$/, ' STIG')} ${r.stig.release}`;
    this.view.message =
      r.state === 'reading'
        ? `Checking the workspace: ${r.progress.analysed} of ${r.progress.total} files so far.`
        : `${r.files} files, ${r.objects} objects: ${r.counts.open} open, ${r.counts.not_a_finding} not a finding, ${r.counts.not_reviewed} not reviewed.`;
    return r.requirements.map((req) => ({ kind: 'requirement', req }));
  }

  getTreeItem(node: Node): vscode.TreeItem {
    if (node.kind === 'requirement') {
      const { req } = node;
      const item = new vscode.TreeItem(`${req.vulnId} ${req.title}`);
      item.id = `req:${req.vulnId}`;
      item.description = req.count ? `${STATUS_TEXT[req.status]} · ${req.count}` : STATUS_TEXT[req.status];
      item.iconPath = STATUS_ICON[req.status];
      item.contextValue = `requirement.${req.status}`;
      item.collapsibleState = req.count || req.status === 'open' ? vscode.TreeItemCollapsibleState.Collapsed : vscode.TreeItemCollapsibleState.None;
      const tip = new vscode.MarkdownString();
      tip.appendMarkdown(`**${req.vulnId}** (${req.stigId}, ${req.severity}): ${STATUS_TEXT[req.status]}\n\n`);
      tip.appendText(req.title);
      if (req.rules.length) tip.appendMarkdown(`\n\npodsec rules: ${req.rules.map((x) => `\`${x}\``).join(', ')}`);
      if (req.details) tip.appendMarkdown('\n\n').appendText(req.details);
      item.tooltip = tip;
      return item;
    }
    if (node.kind === 'more') {
      const item = new vscode.TreeItem(`… and ${node.total - node.shown} more`);
      item.description = 'export the checklist for the full count';
      return item;
    }
    const f = node.finding;
    const uri = vscode.Uri.parse(f.uri);
    const item = new vscode.TreeItem(f.message);
    const where = `${vscode.workspace.asRelativePath(uri)}:${f.range.start.line + 1}`;
    item.description = f.suppressed ? `${where} · suppressed${f.suppressed.reason ? '' : ' without a reason'}` : where;
    item.iconPath = new vscode.ThemeIcon(f.suppressed?.reason ? 'eye-closed' : 'warning');
    item.tooltip = [
      f.message,
      [f.resource, f.container].filter(Boolean).join(' · '),
      `rule ${f.ruleId}`,
      f.suppressed?.reason ? `suppressed: ${f.suppressed.reason}` : '',
    ]
      .filter(Boolean)
      .join('\n');
    const range = new vscode.Range(f.range.start.line, f.range.start.character, f.range.end.line, f.range.end.character);
    item.command = { command: 'vscode.open', title: 'Open', arguments: [uri, { selection: range } satisfies vscode.TextDocumentShowOptions] };
    return item;
  }
}

/**
 * "PodSec: Export STIG Checklist…": where to write (a save dialog), the target's host name (may
 * stay empty), then the server writes the `.cklb`. Returns the file written.
 */
export async function exportChecklist(client: PodsecClient): Promise<vscode.Uri | undefined> {
  if (!(await client.start())) return undefined;
  const r = await client.request<ComplianceResult>(COMPLIANCE_REQUEST, {});
  if (!r) {
    void vscode.window.showErrorMessage('PodSec: the language server did not answer; see "PodSec: Show Output".');
    return undefined;
  }
  if (!r.stig) {
    void vscode.window.showErrorMessage(
      `PodSec: the profile ${r.profile} has no STIG checklist. Set the profile to ${checklistProfilesText(r)} (setting podsec.profile, or profile: in .podsec.yaml), then export again.`,
    );
    return undefined;
  }
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (!folder) {
    void vscode.window.showErrorMessage('PodSec: open a folder first; the checklist covers the workspace folders.');
    return undefined;
  }
  const target = await vscode.window.showSaveDialog({
    title: 'PodSec: Export STIG Checklist',
    saveLabel: 'Export',
    defaultUri: vscode.Uri.joinPath(folder.uri, `${r.stig.benchmarkId}_${r.stig.release}.cklb`),
    filters: { 'STIG Viewer checklist': ['cklb'] },
  });
  if (!target) return undefined;
  if (target.scheme !== 'file') {
    void vscode.window.showErrorMessage(`PodSec: the checklist can only be written to a file on disk, not ${target.toString()}.`);
    return undefined;
  }
  const host = await vscode.window.showInputBox({
    title: 'PodSec: Export STIG Checklist',
    prompt: 'Host name of the target the checklist is about (optional: leave it empty, STIG Viewer can fill it in later)',
    ignoreFocusOut: true,
  });
  if (host === undefined) return undefined;
  const params: ExportChecklistParams = { uri: target.toString(), target: host.trim() ? { hostName: host.trim() } : {} };
  const result = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: 'PodSec: checking the workspace and writing the checklist…' },
    () => client.request<ExportChecklistResult>(EXPORT_CHECKLIST_REQUEST, params),
  );
  if (!result) {
    void vscode.window.showErrorMessage('PodSec: the language server did not answer; see "PodSec: Show Output".');
    return undefined;
  }
  if (!result.written) {
    void vscode.window.showErrorMessage(`PodSec: ${result.message}`);
    return undefined;
  }
  void vscode.window.showInformationMessage(`PodSec: ${result.message}`);
  return target;
}
