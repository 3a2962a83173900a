/**
 * The PodSec commands: rule documentation (bundled, offline), creating .podsec.yaml from the
 * settings in effect, restarting the server, showing the output.
 */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { clearSettings, closeAll, deleteFile, fileUri, open, readFile, setSetting, waitFor, waitForDiagnostics } from './helpers';

function tabs(): vscode.Tab[] {
  return vscode.window.tabGroups.all.flatMap((g) => g.tabs);
}

describe('commands', () => {
  afterEach(async () => {
    await closeAll();
    await clearSettings(['profile', 'pssVersion']);
    await deleteFile('.podsec.yaml');
  });

  it('contributes every command under the PodSec category', async () => {
    const all = await vscode.commands.getCommands(true);
    for (const c of [
      'podsec.fixAllProblems',
      'podsec.showRuleDocumentation',
      'podsec.createConfigFile',
      'podsec.restartServer',
      'podsec.showOutput',
      'podsec.chooseProfileOrVersion',
      'podsec.exportChecklist',
      'podsec.refreshCompliance',
    ]) {
      assert.ok(all.includes(c), `${c} is not registered`);
    }
    const pkg = vscode.extensions.getExtension('podsec.podsec')!.packageJSON as {
      contributes: { commands: { command: string; category: string; title: string }[] };
    };
    for (const c of pkg.contributes.commands) assert.equal(c.category, 'PodSec', c.command);
  });

  it('shows a rule page from the extension in the Markdown preview', async () => {
    const page = await vscode.commands.executeCommand<vscode.Uri | undefined>('podsec.showRuleDocumentation', 'privileged');
    assert.ok(page, 'no page for privileged in this installation');
    const ext = vscode.extensions.getExtension('podsec.podsec')!;
    assert.equal(page.fsPath, vscode.Uri.joinPath(ext.extensionUri, 'docs', 'rules', 'privileged.md').fsPath);
    const tab = await waitFor('the preview tab', () =>
      tabs().find((t) => t.input instanceof vscode.TabInputWebview && /markdown\.preview/.test(t.input.viewType)),
    );
    assert.match(tab.label, /privileged/);
  });

  it("the quick fix 'Show documentation for <rule>' opens the same preview", async () => {
    const uri = fileUri('deploy.yaml');
    await open(uri);
    const ds = await waitForDiagnostics(uri, 'findings', (x) => x.length === 5);
    const diag = ds.find((d) => String(typeof d.code === 'object' ? d.code.value : d.code) === 'privileged')!;
    const actions = (await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', uri, diag.range)) ?? [];
    const show = actions.find((a) => a.title === 'Show documentation for privileged');
    assert.ok(show?.command, `no documentation action among: ${actions.map((a) => a.title).join(' | ')}`);
    // the server's command, which the client shows as a Markdown preview in VS Code
    await vscode.commands.executeCommand(show.command.command, ...(show.command.arguments ?? []));
    const tab = await waitFor('the preview tab', () =>
      tabs().find((t) => t.input instanceof vscode.TabInputWebview && /markdown\.preview/.test(t.input.viewType)),
    );
    assert.match(tab.label, /privileged/);
  });

  it('refuses names that are not rule ids, and rules without a page, without opening anything', async () => {
    for (const arg of ['../../package', 'no-such-rule']) {
      const r = await vscode.commands.executeCommand<vscode.Uri | undefined>('podsec.showRuleDocumentation', arg);
      assert.equal(r, undefined, arg);
    }
    assert.equal(tabs().length, 0);
  });

  it('creates .podsec.yaml with the settings in effect, commented, and opens it', async () => {
    await setSetting('profile', 'stig-rke2');
    await setSetting('pssVersion', 'v1.30');
    const created = await vscode.commands.executeCommand<vscode.Uri | undefined>('podsec.createConfigFile');
    assert.ok(created);
    assert.equal(created.fsPath, fileUri('.podsec.yaml').fsPath);
    const text = await readFile('.podsec.yaml');
    assert.match(text, /^profile: stig-rke2$/m);
    assert.match(text, /^pssVersion: v1\.30$/m);
    assert.match(text, /^# /m);
    assert.equal(vscode.window.activeTextEditor?.document.uri.fsPath, created.fsPath);
    // a second run opens the file instead of overwriting it
    await vscode.workspace.fs.writeFile(created, new TextEncoder().encode('profile: baseline\n'));
    await vscode.commands.executeCommand('podsec.createConfigFile');
    assert.equal(await readFile('.podsec.yaml'), 'profile: baseline\n');
  });

  it('restarts the language server, which then lints again', async () => {
    const uri = fileUri('deploy.yaml');
    await open(uri);
    await waitForDiagnostics(uri, 'findings', (x) => x.length === 5);
    await vscode.commands.executeCommand('podsec.restartServer');
    await closeAll();
    await open(uri);
    await waitForDiagnostics(uri, 'findings after the restart', (x) => x.length === 5);
    await vscode.commands.executeCommand('podsec.showOutput');
  });
});
