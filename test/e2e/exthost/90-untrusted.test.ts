/**
 * An untrusted workspace (Restricted Mode): PodSec still lints, but configuration that comes with
 * the workspace cannot make it read more. Runs only in the runner's untrusted pass (index.ts), where
 * the workspace brings `.vscode/settings.json` with `podsec.maxFileSizeMB: 0.01` (a restricted
 * setting) and big.yaml (deploy.yaml padded to 12 KB), and a `.podsec.yaml` with
 * `profile: baseline` sits in the folder above the workspace.
 */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { closeAll, EXTENSION_ID, fileUri, open, ruleId, waitFor, waitForDiagnostics } from './helpers';

describe('untrusted workspace', () => {
  after(closeAll);

  it('opens in Restricted Mode and still lints', async () => {
    assert.equal(vscode.workspace.isTrusted, false);
    const uri = fileUri('big.yaml');
    await open(uri);
    await waitFor('activation', () => vscode.extensions.getExtension(EXTENSION_ID)?.isActive || undefined);
    // the restricted profile's five findings: neither the workspace's file size limit (which
    // would skip this 12 KB file) nor the .podsec.yaml above the workspace folder applied
    const ds = await waitForDiagnostics(uri, 'restricted findings', (x) => x.length === 5);
    assert.ok(ds.some((d) => ruleId(d) === 'privileged'));
    assert.ok(!ds.some((d) => /did not analyse/.test(d.message)), 'the workspace value of podsec.maxFileSizeMB applied');
    assert.notEqual(vscode.workspace.getConfiguration('podsec').get('maxFileSizeMB'), 0.01, 'VS Code passed the restricted workspace setting on');
  });
});
