/**
 * Quick fixes through `vscode.executeCodeActionProvider`, applied as VS Code applies them: the
 * text changes exactly as the title says, the rest of the file (comments, CRLF, BOM) stays, and
 * the finding goes away.
 */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { closeAll, deleteFile, fixture, open, readFile, ruleId, waitForDiagnostics, writeFile } from './helpers';

async function codeActions(uri: vscode.Uri, range: vscode.Range, kind?: string): Promise<vscode.CodeAction[]> {
  const all = (await vscode.commands.executeCommand<(vscode.CodeAction | vscode.Command)[]>('vscode.executeCodeActionProvider', uri, range, kind, 10)) ?? [];
  return all.filter((a): a is vscode.CodeAction => a instanceof vscode.CodeAction);
}

describe('quick fixes', () => {
  afterEach(async () => {
    await closeAll();
    await deleteFile('qf-deploy.yaml');
    await deleteFile('qf-multi.yaml');
  });

  it("offers 'Set privileged: false' on the finding and applying it changes just that value", async () => {
    const original = fixture('deploy.yaml');
    const uri = await writeFile('qf-deploy.yaml', original);
    const editor = await open(uri);
    const ds = await waitForDiagnostics(uri, 'privileged', (x) => x.some((d) => ruleId(d) === 'privileged'));
    const diag = ds.find((d) => ruleId(d) === 'privileged')!;
    const actions = await codeActions(uri, diag.range);
    const titles = actions.map((a) => a.title);
    const fix = actions.find((a) => a.title === "Set privileged: false in container 'web'");
    assert.ok(fix, `no such quick fix among: ${titles.join(' | ')}`);
    assert.ok(fix.kind && vscode.CodeActionKind.QuickFix.contains(fix.kind), `kind ${fix.kind?.value}`);
    assert.ok(fix.edit, 'the fix carries its edit');
    assert.ok(await vscode.workspace.applyEdit(fix.edit));
    assert.equal(editor.document.getText(), original.replace('privileged: true   # left over', 'privileged: false   # left over'));
    await waitForDiagnostics(uri, 'privileged gone, the rest kept', (x) => x.length === 4 && !x.some((d) => ruleId(d) === 'privileged'));
  });

  it('keeps CRLF line ends and the byte order mark when fixing a later document', async () => {
    const original = fixture('multi-doc.yaml');
    assert.ok(original.startsWith('\ufeff'), 'fixture has a BOM');
    const uri = await writeFile('qf-multi.yaml', original);
    const editor = await open(uri);
    const ds = await waitForDiagnostics(uri, 'hostNetwork', (x) => x.some((d) => ruleId(d) === 'host-namespaces'));
    const diag = ds.find((d) => ruleId(d) === 'host-namespaces')!;
    const actions = await codeActions(uri, diag.range);
    const fix = actions.find((a) => a.title === 'Set hostNetwork: false' && a.kind && vscode.CodeActionKind.QuickFix.contains(a.kind));
    assert.ok(fix, `no quick fix for hostNetwork among: ${actions.map((a) => a.title).join(' | ')}`);
    assert.ok(fix.edit && (await vscode.workspace.applyEdit(fix.edit)));
    await editor.document.save();
    const saved = await readFile('qf-multi.yaml');
    assert.ok(saved.startsWith('\ufeff'), 'the BOM was lost');
    assert.ok(!/(^|[^\r])\n/.test(saved), 'a line end is no longer CRLF');
    assert.ok(!saved.includes('hostNetwork: true'), 'hostNetwork: true is still there');
    // the other documents are untouched
    const [before1, , before3] = original.split('---\r\n');
    const [after1, , after3] = saved.split('---\r\n');
    assert.equal(after1, before1);
    assert.equal(after3, before3);
    await waitForDiagnostics(uri, 'only the capability finding left', (x) => x.length === 1 && ruleId(x[0]) === 'capabilities-restricted');
  });
});
