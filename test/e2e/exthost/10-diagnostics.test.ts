/**
 * Diagnostics as VS Code shows them: rule ids as codes, severities, exact ranges (UTF-16, in
 * every document of a CRLF file with a byte order mark), and silence on YAML that is not
 * Kubernetes.
 */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { assertStays, closeAll, fileUri, open, podsecDiagnostics, ruleId, waitForDiagnostics } from './helpers';

type Row = [rule: string, severity: vscode.DiagnosticSeverity, startLine: number, startChar: number, endLine: number, endChar: number];
const { Error: E, Warning: W } = vscode.DiagnosticSeverity;

function rows(ds: vscode.Diagnostic[]): Row[] {
  return ds
    .map((d): Row => [ruleId(d), d.severity, d.range.start.line, d.range.start.character, d.range.end.line, d.range.end.character])
    .sort((a, b) => a[2] - b[2] || a[3] - b[3] || a[0].localeCompare(b[0]));
}

describe('diagnostics', () => {
  afterEach(closeAll);

  it('reports each finding of a Deployment with its rule, severity and exact range', async () => {
    const uri = fileUri('deploy.yaml');
    const editor = await open(uri);
    const ds = await waitForDiagnostics(uri, 'five findings', (x) => x.length === 5);
    // line 19 is `          securityContext:`, line 20 `            privileged: true   # left over...`
    assert.deepEqual(rows(ds), [
      ['allow-privilege-escalation', W, 19, 10, 19, 25],
      ['capabilities-restricted', W, 19, 10, 19, 25],
      ['run-as-non-root', W, 19, 10, 19, 25],
      ['seccomp-restricted', W, 19, 10, 19, 25],
      ['privileged', E, 20, 12, 20, 28],
    ]);
    const privileged = ds.find((d) => ruleId(d) === 'privileged')!;
    assert.equal(editor.document.getText(privileged.range), 'privileged: true');
    assert.equal(privileged.source, 'podsec');
    assert.equal(privileged.message, "Container 'web' runs privileged (privileged: true): it has full access to the node.");
  });

  it('places findings exactly in later documents of a CRLF file with a BOM and astral characters', async () => {
    const uri = fileUri('multi-doc.yaml');
    const editor = await open(uri);
    const doc = editor.document;
    assert.equal(doc.eol, vscode.EndOfLine.CRLF);
    const ds = await waitForDiagnostics(uri, 'two findings', (x) => x.length === 2);
    const hostNet = doc
      .getText()
      .split(/\r\n/)
      .findIndex((l) => l.includes('hostNetwork: true'));
    const capsLine = doc
      .getText()
      .split(/\r\n/)
      .findIndex((l) => l.includes('NET_ADMIN'));
    // UTF-16 columns: the line holds a 🐳 (two code units) before NET_ADMIN
    const capsChar = doc.lineAt(capsLine).text.indexOf('NET_ADMIN');
    assert.ok(capsChar > doc.lineAt(capsLine).text.replace(/🐳/g, 'w').indexOf('NET_ADMIN'), 'the fixture has astral characters before the value');
    assert.deepEqual(rows(ds), [
      ['host-namespaces', E, hostNet, 2, hostNet, 2 + 'hostNetwork: true'.length],
      ['capabilities-restricted', E, capsLine, capsChar, capsLine, capsChar + 'NET_ADMIN'.length],
    ]);
    assert.equal(doc.getText(ds.find((d) => ruleId(d) === 'capabilities-restricted')!.range), 'NET_ADMIN');
  });

  it('says nothing about a Deployment that meets the restricted profile', async () => {
    const uri = fileUri('clean.yaml');
    await open(uri);
    // the server answers other files meanwhile, so an answer for this one is not slower
    await open(fileUri('deploy.yaml'));
    await waitForDiagnostics(fileUri('deploy.yaml'), 'findings', (x) => x.length === 5);
    await assertStays(uri, 'a clean Deployment drew diagnostics', (x) => x.length > 0);
  });

  it('gives YAML that is not Kubernetes no diagnostics, but analyses the file', async () => {
    const uri = fileUri('devstack.yaml');
    const editor = await open(uri);
    await assertStays(uri, 'a non-Kubernetes file drew diagnostics', (x) => x.length > 0, 2000);
    // the same file with a Kubernetes document appended: only that document is reported
    const firstNew = editor.document.lineCount - 1;
    const appended = await editor.edit((e) =>
      e.insert(
        editor.document.lineAt(firstNew).range.end,
        ['---', 'apiVersion: v1', 'kind: Pod', 'metadata: {name: debug}', 'spec:', '  hostPID: true', '  containers: [{name: c, image: "busybox:1"}]', ''].join(
          '\n',
        ),
      ),
    );
    assert.ok(appended, 'the edit was not applied');
    const ds = await waitForDiagnostics(uri, 'the appended pod', (x) => x.some((d) => ruleId(d) === 'host-namespaces'));
    assert.ok(
      ds.every((d) => d.range.start.line >= firstNew),
      `findings outside the appended document: ${ds.map((d) => d.range.start.line)}`,
    );
    assert.equal(editor.document.getText(ds.find((d) => ruleId(d) === 'host-namespaces')!.range), 'hostPID: true');
    await vscode.commands.executeCommand('workbench.action.files.revert');
    await waitForDiagnostics(uri, 'no findings after revert', (x) => x.length === 0);
    assert.equal(podsecDiagnostics(uri).length, 0);
  });
});
