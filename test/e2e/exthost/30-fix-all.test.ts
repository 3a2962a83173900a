/**
 * Fix-all: the "PodSec: Fix All Problems in File" command, and `source.fixAll.podsec` run by
 * `editor.codeActionsOnSave`. Both apply the safe hardening fixes and leave the one that changes
 * what the workload does (privileged: true) to the author.
 */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { clearSettings, closeAll, deleteFile, fixture, open, readFile, ruleId, setSetting, waitFor, waitForDiagnostics, writeFile } from './helpers';

/** deploy.yaml after fix-all: container hardening under the container, pod-level settings on the pod */
function hardened(text: string): string {
  return `${text}${[
    '            allowPrivilegeEscalation: false',
    '            capabilities:',
    '              drop:',
    '                - ALL',
    '      securityContext:',
    '        runAsNonRoot: true',
    '        seccompProfile:',
    '          type: RuntimeDefault',
  ].join('\n')}\n`;
}

describe('fix all', () => {
  afterEach(async () => {
    await closeAll();
    await clearSettings(['codeActionsOnSave'], 'editor');
    await deleteFile('fa-command.yaml');
    await deleteFile('fa-save.yaml');
  });

  it('"PodSec: Fix All Problems in File" applies every safe fix', async () => {
    const original = fixture('deploy.yaml');
    const uri = await writeFile('fa-command.yaml', original);
    const editor = await open(uri);
    await waitForDiagnostics(uri, 'findings', (x) => x.length === 5);
    const applied = await vscode.commands.executeCommand<boolean>('podsec.fixAllProblems');
    assert.equal(applied, true);
    assert.equal(editor.document.getText(), hardened(original));
    const left = await waitForDiagnostics(uri, 'only privileged left', (x) => x.length === 1);
    assert.equal(ruleId(left[0]), 'privileged');
  });

  it('runs on save when editor.codeActionsOnSave asks for source.fixAll.podsec', async () => {
    await setSetting('codeActionsOnSave', { 'source.fixAll.podsec': 'explicit' }, 'editor');
    const original = fixture('deploy.yaml');
    const uri = await writeFile('fa-save.yaml', original);
    const editor = await open(uri);
    await waitForDiagnostics(uri, 'findings', (x) => x.length === 5);
    const edited = original.replace('replicas: 2', 'replicas: 3');
    await editor.edit((e) => {
      const at = original.indexOf('replicas: 2') + 'replicas: '.length;
      e.replace(new vscode.Range(editor.document.positionAt(at), editor.document.positionAt(at + 1)), '3');
    });
    assert.equal(editor.document.getText(), edited);
    await vscode.commands.executeCommand('workbench.action.files.save');
    await waitFor('the save', () => (editor.document.isDirty ? undefined : true));
    assert.equal(await readFile('fa-save.yaml'), hardened(edited));
    await waitForDiagnostics(uri, 'only privileged left', (x) => x.length === 1 && ruleId(x[0]) === 'privileged');
  });

  it('does nothing on save without that setting', async () => {
    const original = fixture('deploy.yaml');
    const uri = await writeFile('fa-save.yaml', original);
    const editor = await open(uri);
    await waitForDiagnostics(uri, 'findings', (x) => x.length === 5);
    await editor.edit((e) => e.insert(new vscode.Position(0, 0), '# edited\n'));
    await vscode.commands.executeCommand('workbench.action.files.save');
    await waitFor('the save', () => (editor.document.isDirty ? undefined : true));
    assert.equal(await readFile('fa-save.yaml'), `# edited\n${original}`);
  });
});
