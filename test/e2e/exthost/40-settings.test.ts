/**
 * Settings take effect in the open editor: the profile, and `podsec.run: onSave`, which makes
 * analysis wait for a save.
 */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { assertStays, clearSettings, closeAll, deleteFile, fileUri, fixture, open, ruleId, setSetting, waitForDiagnostics, writeFile } from './helpers';

describe('settings', () => {
  afterEach(async () => {
    await closeAll();
    await clearSettings(['profile', 'run', 'pssVersion', 'maxFileSizeMB']);
    await deleteFile('run-mode.yaml');
    await deleteFile('big.yaml');
  });

  it('podsec.profile: baseline drops the restricted findings, restricted brings them back', async () => {
    const uri = fileUri('deploy.yaml');
    await open(uri);
    await waitForDiagnostics(uri, 'restricted findings', (x) => x.length === 5);
    await setSetting('profile', 'baseline');
    const ds = await waitForDiagnostics(uri, 'baseline findings', (x) => x.length === 1);
    assert.equal(ruleId(ds[0]), 'privileged');
    await setSetting('profile', 'restricted');
    await waitForDiagnostics(uri, 'restricted findings again', (x) => x.length === 5);
  });

  it('podsec.run: onSave analyses the saved text only', async () => {
    await setSetting('run', 'onSave');
    const original = fixture('clean.yaml');
    const uri = await writeFile('run-mode.yaml', original);
    const first = await open(uri);
    // a clean file: wait until the server has surely answered the open
    await open(fileUri('deploy.yaml'));
    await waitForDiagnostics(fileUri('deploy.yaml'), 'findings', (x) => x.length === 5);
    // showing the document again gives a new editor (the first one closed when hidden)
    const editor = await vscode.window.showTextDocument(first.document);
    const at = editor.document.positionAt(original.indexOf('      containers:'));
    await editor.edit((e) => e.insert(at, '      hostIPC: true\n'));
    await assertStays(uri, 'typing triggered analysis with run: onSave', (x) => x.length > 0, 2000);
    await editor.document.save();
    const ds = await waitForDiagnostics(uri, 'hostIPC after save', (x) => x.length === 1);
    assert.equal(ruleId(ds[0]), 'host-namespaces');
    assert.equal(editor.document.getText(ds[0].range), 'hostIPC: true');

    // back to onType: the next change is analysed without a save
    await setSetting('run', 'onType');
    await editor.edit((e) => e.delete(new vscode.Range(at, at.translate(1))));
    await waitForDiagnostics(uri, 'no findings while typing', (x) => x.length === 0);
    assert.ok(editor.document.isDirty);
  });

  it('podsec.maxFileSizeMB from the workspace applies in a trusted workspace', async () => {
    // the counterpart of the untrusted pass (90-untrusted), where the same setting is ignored
    assert.equal(vscode.workspace.isTrusted, true);
    await setSetting('maxFileSizeMB', 0.01);
    const uri = await writeFile('big.yaml', `${fixture('deploy.yaml')}${'# padding to 12 KB\n'.repeat(650)}`);
    await open(uri);
    const ds = await waitForDiagnostics(uri, 'the size notice', (x) => x.length === 1);
    assert.match(ds[0].message, /did not analyse this file/);
    assert.equal(ds[0].severity, vscode.DiagnosticSeverity.Information);
  });
});
