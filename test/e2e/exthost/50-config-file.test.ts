/**
 * `.podsec.yaml` in the workspace: creating it, editing it in the editor and deleting it each
 * change the diagnostics of open manifests.
 */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { closeAll, deleteFile, fileUri, open, ruleId, waitForDiagnostics, writeFile } from './helpers';

describe('.podsec.yaml', () => {
  after(async () => {
    await closeAll();
    await deleteFile('.podsec.yaml');
  });

  it('takes effect when written, when edited in the editor, and when deleted', async () => {
    await deleteFile('.podsec.yaml');
    const manifest = fileUri('deploy.yaml');
    await open(manifest);
    await waitForDiagnostics(manifest, 'restricted findings', (x) => x.length === 5);

    // written on disk: privileged turned off
    await writeFile('.podsec.yaml', 'rules:\n  privileged: "off"\n');
    let ds = await waitForDiagnostics(manifest, 'privileged off', (x) => x.length === 4);
    assert.ok(!ds.some((d) => ruleId(d) === 'privileged'));

    // edited and saved in the editor: baseline profile, privileged back on
    const cfg = await open(fileUri('.podsec.yaml'));
    await cfg.edit((e) => e.replace(new vscode.Range(0, 0, cfg.document.lineCount, 0), '# team policy\nprofile: baseline\n'));
    await cfg.document.save();
    ds = await waitForDiagnostics(manifest, 'baseline from the config file', (x) => x.length === 1);
    assert.equal(ruleId(ds[0]), 'privileged');
    await closeAll();

    // deleted: back to the default profile
    await deleteFile('.podsec.yaml');
    await open(manifest);
    await waitForDiagnostics(manifest, 'restricted findings again', (x) => x.length === 5);
  });
});
