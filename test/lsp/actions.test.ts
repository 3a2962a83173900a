/**
 * Code actions through the bundled server: every quick fix of a file applied one by one, fix-all,
 * disable comments (new and extended, LF and CRLF), documentation, and stale diagnostics.
 */
import * as assert from 'node:assert/strict';
import { CodeAction, CodeActionRequest, Diagnostic, ExecuteCommandRequest } from 'vscode-languageserver-protocol';
import { fixAll } from '../../server/src/engine/fix/apply';
import { TestClient } from './harness';
import { applyTextEdits, brief, docsHref, editsFor, fixture, rangeChange } from './util';

describe('language server, code actions (stdio)', function () {
  let client: TestClient;
  const web = fixture('web.yaml');

  before(async () => {
    client = new TestClient({ settings: { delayMs: 0 } });
    const init = await client.initialize();
    assert.deepEqual(init.capabilities.codeActionProvider, { codeActionKinds: ['quickfix', 'source.fixAll.podsec'], resolveProvider: false });
    assert.deepEqual(init.capabilities.executeCommandProvider, { commands: ['podsec.server.showRuleDocumentation', 'podsec.server.selectPlaceholder'] });
  });
  after(async () => {
    assert.equal(await client.shutdown(), 0);
  });

  async function openDoc(uri: string, text: string): Promise<Diagnostic[]> {
    const from = client.published.length;
    await client.open(uri, text, 1);
    return (await client.nextPublish(uri, from, 1)).diagnostics;
  }

  function actions(uri: string, diagnostics: Diagnostic[], only?: string[]): Promise<CodeAction[]> {
    const range = diagnostics.length ? diagnostics[0].range : { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
    return client.conn.sendRequest(CodeActionRequest.type, { textDocument: { uri }, range, context: { diagnostics, ...(only ? { only } : {}) } }) as Promise<
      CodeAction[]
    >;
  }

  async function apply(uri: string, version: number, text: string, next: string): Promise<Diagnostic[]> {
    const from = client.published.length;
    await client.change(uri, version, [rangeChange(text, next)]);
    return (await client.nextPublish(uri, from, version)).diagnostics;
  }

  it('offers exactly: the fix, the disable comment, the documentation, and fix-all', async () => {
    const uri = 'file:///work/actions/list.yaml';
    const diags = await openDoc(uri, web);
    const priv = diags.find((d) => d.code === 'privileged')!;
    const got = await actions(uri, [priv]);
    assert.deepEqual(
      got.map((a) => [a.title, a.kind, a.isPreferred]),
      [
        ["Set privileged: false in container 'web'", 'quickfix', false],
        ['Disable privileged for this line', 'quickfix', undefined],
        ['Show documentation for privileged', 'quickfix', undefined],
        ['Fix all podsec problems in this file', 'source.fixAll.podsec', undefined],
      ],
    );
    assert.deepEqual(got[0].diagnostics, [priv]);
    assert.deepEqual(got[0].edit, {
      documentChanges: [
        { textDocument: { uri, version: 1 }, edits: [{ range: { start: { line: 12, character: 20 }, end: { line: 12, character: 24 } }, newText: 'false' }] },
      ],
    });
    assert.deepEqual(editsFor(got[1].edit, uri), [
      { range: { start: { line: 12, character: 0 }, end: { line: 12, character: 0 } }, newText: '        # podsec-disable-next-line privileged\n' },
    ]);
    assert.deepEqual(got[2].command, { title: 'Show documentation for privileged', command: 'podsec.server.showRuleDocumentation', arguments: ['privileged'] });
    // only quick fixes when only quick fixes are asked for
    assert.deepEqual(
      (await actions(uri, [priv], ['quickfix'])).map((a) => a.kind),
      ['quickfix', 'quickfix', 'quickfix'],
    );
  });

  it('applies every quick fix of a file one at a time: each removes its finding and adds none', async () => {
    const uri = 'file:///work/actions/each.yaml';
    let text = web;
    let version = 1;
    let diags = await openDoc(uri, text);
    const seen: string[] = [];
    for (let round = 0; round < 20; round++) {
      const target = diags.find((d) => !seen.includes(`${d.code}|${d.message}`));
      if (!target) break;
      seen.push(`${target.code}|${target.message}`);
      const fix = (await actions(uri, [target], ['quickfix'])).find((a) => a.edit && !a.title.startsWith('Disable'));
      if (!fix) continue;
      const next = applyTextEdits(text, editsFor(fix.edit, uri));
      const after = await apply(uri, ++version, text, next);
      const key = (d: Diagnostic) => `${d.code}|${d.message}`;
      assert.equal(
        after.some((d) => key(d) === key(target)),
        false,
        `"${fix.title}" removes its finding`,
      );
      const before = new Set(diags.map(key));
      assert.deepEqual(after.filter((d) => !before.has(key(d))).map(key), [], `"${fix.title}" adds no finding`);
      text = next;
      diags = after;
    }
    // the pod-level runAsNonRoot fix also clears the container's inherited finding
    assert.equal(seen.length, 6);
    assert.deepEqual(brief(diags), []);
  });

  it("fix-all applies the safe fixes as non-overlapping edits, equal to the engine's fix-all", async () => {
    const uri = 'file:///work/actions/all.yaml';
    await openDoc(uri, web);
    // the client's `source.fixAll` (editor.codeActionsOnSave) reaches it too
    assert.equal((await actions(uri, [], ['source.fixAll'])).length, 1);
    assert.deepEqual(await actions(uri, [], ['source.organizeImports']), []);
    const got = await actions(uri, [], ['source.fixAll.podsec']);
    assert.deepEqual(
      got.map((a) => [a.title, a.kind]),
      [['Fix all podsec problems in this file', 'source.fixAll.podsec']],
    );
    const edits = editsFor(got[0].edit, uri);
    const fixed = applyTextEdits(web, edits); // throws on overlapping edits
    assert.equal(fixed, fixAll(web).text);
    const after = await apply(uri, 2, web, fixed);
    // what is left needs a decision: explicit bad values are not changed by fix-all
    assert.deepEqual(
      after.map((d) => d.code),
      ['run-as-non-root', 'privileged', 'host-namespaces'],
    );
    // nothing left that fix-all may change
    assert.deepEqual(await actions(uri, [], ['source.fixAll.podsec']), []);
  });

  it('a disable comment suppresses the finding; a second rule extends it; CRLF is kept', async () => {
    for (const eol of ['\n', '\r\n']) {
      const uri = `file:///work/actions/disable-${eol.length}.yaml`;
      let text = web.replace(/\n/g, eol);
      let diags = await openDoc(uri, text);
      const ape = diags.find((d) => d.code === 'allow-privilege-escalation')!;
      const disable = (await actions(uri, [ape])).find((a) => a.title === 'Disable allow-privilege-escalation for this line')!;
      assert.deepEqual(editsFor(disable.edit, uri), [
        {
          range: { start: { line: 11, character: 0 }, end: { line: 11, character: 0 } },
          newText: `      # podsec-disable-next-line allow-privilege-escalation${eol}`,
        },
      ]);
      let next = applyTextEdits(text, editsFor(disable.edit, uri));
      diags = await apply(uri, 2, text, next);
      text = next;
      assert.equal(
        diags.some((d) => d.code === 'allow-privilege-escalation'),
        false,
      );
      assert.equal(
        diags.some((d) => d.code === 'unused-suppression'),
        false,
      );
      // the next rule on the same line joins the existing comment
      const cap = diags.find((d) => d.code === 'capabilities-restricted')!;
      assert.equal(cap.range.start.line, 12);
      const extend = (await actions(uri, [cap])).find((a) => a.title === 'Disable capabilities-restricted for this line')!;
      assert.deepEqual(editsFor(extend.edit, uri), [
        { range: { start: { line: 11, character: 59 }, end: { line: 11, character: 59 } }, newText: ',capabilities-restricted' },
      ]);
      next = applyTextEdits(text, editsFor(extend.edit, uri));
      diags = await apply(uri, 3, text, next);
      assert.equal(next.split(eol)[11], '      # podsec-disable-next-line allow-privilege-escalation,capabilities-restricted');
      assert.deepEqual(
        diags.map((d) => d.code),
        ['run-as-non-root', 'run-as-non-root', 'seccomp-restricted', 'privileged', 'host-namespaces'],
      );
    }
  });

  it('extends a directive that gives a reason before the reason', async () => {
    const uri = 'file:///work/actions/reason.yaml';
    const text = web.replace(
      '      securityContext:\n        privileged',
      '      # podsec-disable-next-line seccomp-restricted -- platform sets it\n      securityContext:\n        privileged',
    );
    const diags = await openDoc(uri, text);
    const ape = diags.find((d) => d.code === 'allow-privilege-escalation')!;
    const disable = (await actions(uri, [ape])).find((a) => a.title.startsWith('Disable'))!;
    assert.equal(
      applyTextEdits(text, editsFor(disable.edit, uri)).split('\n')[11],
      '      # podsec-disable-next-line seccomp-restricted,allow-privilege-escalation -- platform sets it',
    );
  });

  it('gives no fix for a diagnostic that no longer matches the text', async () => {
    const uri = 'file:///work/actions/stale.yaml';
    const diags = await openDoc(uri, web);
    const priv = diags.find((d) => d.code === 'privileged')!;
    await apply(uri, 2, web, web.replace('# Web tier\n', '# Web tier\n# moved\n'));
    assert.deepEqual(await actions(uri, [priv]), []);
    assert.deepEqual(await actions(uri, [{ ...priv, source: 'other-linter' }]), []);
  });

  it('"Show documentation" asks the client to show the bundled page', async () => {
    const from = client.shown.length;
    assert.equal(
      await client.conn.sendRequest(ExecuteCommandRequest.type, { command: 'podsec.server.showRuleDocumentation', arguments: ['privileged'] }),
      null,
    );
    await client.until(() => client.shown.length > from, 'window/showDocument');
    assert.deepEqual(client.shown[from], { uri: docsHref('privileged'), takeFocus: true });
    const msgs = client.messages.length;
    await client.conn.sendRequest(ExecuteCommandRequest.type, { command: 'podsec.server.showRuleDocumentation', arguments: ['no-such-rule'] });
    await client.until(() => client.messages.length > msgs, 'an error message');
    assert.deepEqual(client.messages[msgs], { type: 1, message: 'podsec: unknown rule "no-such-rule".' });
  });

  it('a fix that suggests a value selects it after the edit (system namespace placeholder)', async () => {
    const uri = 'file:///work/actions/kube-system.yaml';
    const text = [
      'apiVersion: apps/v1',
      'kind: Deployment',
      'metadata:',
      '  name: billing-api',
      '  namespace: kube-system',
      'spec:',
      '  template:',
      '    spec:',
      '      containers:',
      '        - name: api',
      '          image: billing:1',
      '',
    ].join('\n');
    const diags = await openDoc(uri, text);
    const sys = diags.find((d) => d.code === 'system-namespace-workload')!;
    const fix = (await actions(uri, [sys])).find((a) => a.command?.command === 'podsec.server.selectPlaceholder')!;
    assert.ok(fix, 'the namespace fix carries the selection command');
    const edited = applyTextEdits(text, editsFor(fix.edit, uri));
    assert.equal(edited.split('\n')[4], '  namespace: billing-api');
    await apply(uri, 2, text, edited);
    const from = client.shown.length;
    await client.conn.sendRequest(ExecuteCommandRequest.type, { command: fix.command!.command, arguments: fix.command!.arguments });
    await client.until(() => client.shown.length > from, 'window/showDocument with a selection');
    assert.deepEqual(client.shown[from], { uri, selection: { start: { line: 4, character: 13 }, end: { line: 4, character: 24 } }, takeFocus: true });
  });
});
