/**
 * The bundled server over stdio with a client that has only push diagnostics (as Neovim 0.7):
 * open, edit, close, hover, languages, diagnostics' exact content.
 */
import * as assert from 'node:assert/strict';
import { Hover, HoverRequest } from 'vscode-languageserver-protocol';
import { analyzeText } from '../../server/src/engine/pipeline';
import { RULES_BY_ID, resolveRuleSet } from '../../server/src/engine/profiles';
import { TestClient } from './harness';
import { brief, docsHref, fixture, rangeChange } from './util';

const WEB_EXPECTED = [
  ['run-as-non-root', 2, 7, 4, 7, 23, 'The pod sets runAsNonRoot: false; it must be true.'],
  ['allow-privilege-escalation', 2, 11, 6, 11, 21, "Container 'web' does not set allowPrivilegeEscalation: false."],
  ['run-as-non-root', 2, 11, 6, 11, 21, "Container 'web' may run as root: neither it nor the pod sets runAsNonRoot: true."],
  [
    'seccomp-restricted',
    2,
    11,
    6,
    11,
    21,
    "Container 'web' has no seccomp profile: set seccompProfile.type to RuntimeDefault or Localhost in the pod or the container.",
  ],
  ['capabilities-restricted', 2, 11, 6, 11, 21, 'Container \'web\' does not drop ALL capabilities: the restricted level requires capabilities.drop: ["ALL"].'],
  ['privileged', 1, 12, 8, 12, 24, "Container 'web' runs privileged (privileged: true): it has full access to the node."],
  ['host-namespaces', 1, 28, 6, 28, 23, "The pod shares the host's network namespace (hostNetwork: true)."],
];

const shifted = (rows: typeof WEB_EXPECTED, by: number) => rows.map(([c, s, l1, c1, l2, c2, m]) => [c, s, (l1 as number) + by, c1, (l2 as number) + by, c2, m]);

describe('language server, push diagnostics (stdio)', function () {
  let client: TestClient;
  const web = fixture('web.yaml');

  before(async () => {
    client = new TestClient({ settings: { delayMs: 0 } });
    const init = await client.initialize();
    assert.equal(init.capabilities.diagnosticProvider, undefined, 'no pull diagnostics for a client without them');
    assert.deepEqual(init.capabilities.textDocumentSync, { openClose: true, change: 2, save: { includeText: false } });
  });
  after(async () => {
    assert.equal(await client.shutdown(), 0);
  });

  it('publishes every finding of a multi-document file on open, exactly', async () => {
    const uri = 'file:///work/push/web.yaml';
    const from = client.published.length;
    await client.open(uri, web, 7);
    const p = await client.nextPublish(uri, from);
    assert.equal(p.version, 7);
    assert.deepEqual(brief(p.diagnostics), WEB_EXPECTED);
    for (const d of p.diagnostics) {
      assert.equal(d.source, 'podsec');
      assert.deepEqual(d.codeDescription, { href: docsHref(String(d.code)) });
    }
    // the container inherits the pod-level runAsNonRoot: false
    assert.deepEqual(p.diagnostics[2].relatedInformation, [
      { location: { uri, range: { start: { line: 7, character: 4 }, end: { line: 7, character: 23 } } }, message: 'inherits runAsNonRoot: false from the pod' },
    ]);
    assert.equal(p.diagnostics[0].relatedInformation, undefined);
  });

  it('gives the same positions with CRLF line breaks and a byte order mark', async () => {
    const uri = 'file:///work/push/web-crlf.yaml';
    const from = client.published.length;
    await client.open(uri, '\ufeff' + web.replace(/\n/g, '\r\n'));
    assert.deepEqual(brief((await client.nextPublish(uri, from)).diagnostics), WEB_EXPECTED);
  });

  it('re-publishes after each edit, with ranges moved and fixed findings gone', async () => {
    const uri = 'file:///work/push/edit.yaml';
    let from = client.published.length;
    await client.open(uri, web, 1);
    await client.nextPublish(uri, from, 1);
    // two comment lines at the top move everything down
    from = client.published.length;
    await client.change(uri, 2, [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, text: '# owner: web team\n# reviewed\n' }]);
    assert.deepEqual(brief((await client.nextPublish(uri, from, 2)).diagnostics), shifted(WEB_EXPECTED, 2));
    // privileged: true -> false, typed as a delete and an insert in one notification
    from = client.published.length;
    await client.change(uri, 3, [
      { range: { start: { line: 14, character: 20 }, end: { line: 14, character: 24 } }, text: '' },
      { range: { start: { line: 14, character: 20 }, end: { line: 14, character: 20 } }, text: 'false' },
    ]);
    const after = brief((await client.nextPublish(uri, from, 3)).diagnostics);
    assert.deepEqual(
      after,
      shifted(WEB_EXPECTED, 2).filter((r) => r[0] !== 'privileged'),
    );
  });

  it('follows edits that split and merge documents at --- markers', async () => {
    const uri = 'file:///work/push/split.yaml';
    let from = client.published.length;
    await client.open(uri, web, 1);
    await client.nextPublish(uri, from, 1);
    // remove the first marker: the Pod and the ConfigMap become one (invalid) document
    let text = web;
    const merged = text.replace('        privileged: true\n---\n', '        privileged: true\n');
    from = client.published.length;
    await client.change(uri, 2, [rangeChange(text, merged)]);
    text = merged;
    const p2 = await client.nextPublish(uri, from, 2);
    assert.deepEqual(
      brief(p2.diagnostics),
      brief(
        analyzeText(text).findings.map(
          (f) => ({ code: f.ruleId, severity: f.severity === 'error' ? 1 : f.severity === 'warning' ? 2 : 3, range: f.range, message: f.message }) as never,
        ),
      ),
    );
    assert.ok(
      p2.diagnostics.some((d) => d.code === 'yaml-syntax'),
      'duplicate keys in the merged document are a syntax error',
    );
    // put it back: the original findings return
    from = client.published.length;
    await client.change(uri, 3, [rangeChange(text, web)]);
    assert.deepEqual(brief((await client.nextPublish(uri, from, 3)).diagnostics), WEB_EXPECTED);
  });

  it('analyses Helm templates: template actions are masked, literal bad values still flagged', async () => {
    const uri = 'file:///work/push/chart/templates/deployment.yaml';
    const from = client.published.length;
    await client.open(uri, fixture('helm-deployment.yaml'), 1, 'helm');
    const p = await client.nextPublish(uri, from);
    assert.deepEqual(brief(p.diagnostics), [
      ['host-namespaces', 1, 12, 6, 12, 19, "The pod shares the host's process ID namespace (hostPID: true)."],
      ['privileged', 1, 20, 12, 20, 28, "Container 'app' runs privileged (privileged: true): it has full access to the node."],
    ]);
  });

  it('draws no diagnostics on YAML that is not Kubernetes, or on other languages', async () => {
    const compose = 'services:\n  web:\n    image: nginx\n    privileged: true\n    network_mode: host\n';
    let from = client.published.length;
    await client.open('file:///work/push/docker-compose.yml', compose);
    assert.deepEqual((await client.nextPublish('file:///work/push/docker-compose.yml', from)).diagnostics, []);
    from = client.published.length;
    await client.open('file:///work/push/notes.md', web, 1, 'markdown');
    assert.deepEqual((await client.nextPublish('file:///work/push/notes.md', from)).diagnostics, []);
  });

  it('reports broken YAML in manifests, Helm templates and RKE2 configs, but not in other YAML files', async () => {
    const syntax = async (uri: string, text: string, languageId = 'yaml') => {
      const from = client.published.length;
      await client.open(uri, text, 1, languageId);
      return (await client.nextPublish(uri, from)).diagnostics.filter((d) => d.code === 'yaml-syntax').map((d) => d.range.start.line);
    };
    // what `podsec check` reports for the text: every syntax error, manifest or not
    const engine = (text: string, filePath?: string) => {
      const lines = analyzeText(text, resolveRuleSet({ filePath }))
        .findings.filter((f) => f.ruleId === 'yaml-syntax')
        .map((f) => f.range.start.line);
      assert.ok(lines.length, 'the text has a syntax error');
      return lines;
    };
    // a CI workflow with an unclosed flow sequence: its own tooling reports that, podsec keeps quiet
    const workflow = 'on: [push\njobs:\n  test:\n    runs-on: ubuntu-latest\n';
    engine(workflow);
    assert.deepEqual(await syntax('file:///work/push/.github/workflows/ci.yml', workflow), []);
    // nor does its hover explain an error that is not shown
    const at = analyzeText(workflow).findings[0].range.start;
    assert.equal(await client.conn.sendRequest(HoverRequest.type, { textDocument: { uri: 'file:///work/push/.github/workflows/ci.yml' }, position: at }), null);
    const manifestUri = 'file:///work/push/broken-pod.yaml';
    const broken = 'apiVersion: v1\nkind: Pod\n' + workflow;
    await syntax(manifestUri, broken);
    const hover = (await client.conn.sendRequest(HoverRequest.type, {
      textDocument: { uri: manifestUri },
      position: analyzeText(broken).findings[0].range.start,
    })) as Hover;
    assert.match(JSON.stringify(hover.contents), /YAML syntax error/);
    // the same mistake in a manifest is reported, even where the document does not parse at all
    const manifest = 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: a\nspec:\n  containers: [\n';
    assert.deepEqual(await syntax('file:///work/push/pod.yaml', manifest), engine(manifest));
    // a manifest document in the file makes the other documents' syntax errors count too
    const mixed = workflow + '---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\n';
    assert.deepEqual(await syntax('file:///work/push/mixed.yaml', mixed), engine(mixed));
    // JSON manifests
    const json = '{"apiVersion": "v1", "kind": "Pod", "spec": {"containers": [}\n';
    assert.deepEqual(await syntax('file:///work/push/pod.json.yaml', json), engine(json));
    // a Helm template, by language, whatever it holds
    assert.deepEqual(await syntax('file:///work/push/chart/templates/x.yaml', 'a: [\n', 'helm'), engine('a: [\n'));
    // an RKE2 config, by path
    const rke2 = 'write-kubeconfig-mode: "0600"\nkubelet-arg: [\n';
    assert.deepEqual(await syntax('file:///etc/rancher/rke2/config.yaml', rke2), engine(rke2, '/etc/rancher/rke2/config.yaml'));
  });

  it('shows a hover card on a flagged range, and nothing elsewhere', async () => {
    const uri = 'file:///work/push/hover.yaml';
    const from = client.published.length;
    await client.open(uri, web);
    await client.nextPublish(uri, from);
    const h = (await client.conn.sendRequest(HoverRequest.type, { textDocument: { uri }, position: { line: 12, character: 10 } })) as Hover;
    const meta = RULES_BY_ID.get('privileged')!.meta;
    assert.deepEqual(h.range, { start: { line: 12, character: 8 }, end: { line: 12, character: 24 } });
    assert.deepEqual(h.contents, {
      kind: 'markdown',
      value: [
        '**Privileged containers** `privileged` · error',
        "Container 'web' runs privileged (privileged: true): it has full access to the node.",
        `**Why it matters:** ${meta.rationale}`,
        '**Pod Security Standards:** Baseline level, control "Privileged Containers" (check `privileged`)',
        [
          '**Standards:**',
          '- DISA STIG: Rancher Government Solutions RKE2: **V-254571 (CNTR-R2-001130)** Rancher RKE2 must prevent nonprivileged users from executing privileged functions to include disabling, circumventing, or altering implemented security safeguards/countermeasures',
          '- DISA STIG: Kubernetes: **V-254800 (CNTR-K8-002011)** Kubernetes must have a Pod Security Admission control file configured',
          '- DISA Container Platform SRG: **SRG-APP-000340-CTR-000770** The container platform must prevent nonprivileged users from executing privileged functions',
          '- DISA Container Platform SRG: **SRG-APP-000342-CTR-000775** The container platform must execute images using least privileges',
          '- CIS Kubernetes Benchmark: **5.2.2** Minimize the admission of privileged containers',
          '- NSA/CISA Kubernetes Hardening Guide: **Pod security enforcement** Kubernetes Hardening Guide v1.2: Pod security',
        ].join('\n'),
        `**Fix:** Set privileged: false in container 'web' (quick fix). ${meta.remediation}`,
        `[Rule documentation](${docsHref('privileged')})`,
      ].join('\n\n'),
    });
    // four findings share the container's name line: one card each
    const h2 = (await client.conn.sendRequest(HoverRequest.type, { textDocument: { uri }, position: { line: 11, character: 8 } })) as Hover;
    const cards = (h2.contents as { value: string }).value.split('\n\n---\n\n');
    assert.deepEqual(
      cards.map((c) => c.split('\n')[0]),
      [
        '**Privilege escalation allowed** `allow-privilege-escalation` · warning',
        '**Running as non-root** `run-as-non-root` · warning',
        '**Seccomp profile required** `seccomp-restricted` · warning',
        '**Capabilities not dropped** `capabilities-restricted` · warning',
      ],
    );
    assert.match(cards[0], /\*\*Fix:\*\* Set allowPrivilegeEscalation: false in container 'web' \(quick fix, applied by "Fix all"\)\./);
    assert.equal(await client.conn.sendRequest(HoverRequest.type, { textDocument: { uri }, position: { line: 1, character: 3 } }), null);
  });

  it('clears diagnostics on close, and when the document becomes clean', async () => {
    const uri = 'file:///work/push/close.yaml';
    let from = client.published.length;
    const pod = 'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  hostPID: true\n  containers: [{name: a, image: x}]\n';
    await client.open(uri, pod);
    const first = await client.nextPublish(uri, from);
    assert.ok(first.diagnostics.length > 0);
    // make it clean: a restricted-compliant pod
    const clean =
      'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  securityContext: {runAsNonRoot: true, seccompProfile: {type: RuntimeDefault}}\n  containers: [{name: a, image: x, securityContext: {allowPrivilegeEscalation: false, capabilities: {drop: [ALL]}}}]\n';
    from = client.published.length;
    await client.change(uri, 2, [{ text: clean }]);
    assert.deepEqual((await client.nextPublish(uri, from, 2)).diagnostics, []);
    from = client.published.length;
    await client.change(uri, 3, [{ text: pod }]);
    assert.ok((await client.nextPublish(uri, from, 3)).diagnostics.length > 0);
    from = client.published.length;
    await client.close(uri);
    const closed = await client.nextPublish(uri, from);
    assert.deepEqual(closed.diagnostics, []);
  });

  it('keeps up with edits that arrive faster than analysis, ending on the final text', async () => {
    const uri = 'file:///work/push/fast.yaml';
    const big = Array.from({ length: 30 }, (_, i) => web.replace('name: web\n', `name: web-${i}\n`)).join('---\n');
    let from = client.published.length;
    await client.open(uri, big, 1);
    await client.nextPublish(uri, from, 1);
    from = client.published.length;
    let text = big;
    for (let v = 2; v <= 25; v++) {
      // type "x" at the end of the first document's comment, keystroke by keystroke
      const at = 10 + v - 2;
      await client.change(uri, v, [{ range: { start: { line: 0, character: at }, end: { line: 0, character: at } }, text: 'x' }]);
      text = text.slice(0, at) + 'x' + text.slice(at);
    }
    const last = await client.nextPublish(uri, from, 25);
    assert.deepEqual(
      brief(last.diagnostics),
      analyzeText(text).findings.map((f) => [
        f.ruleId,
        f.severity === 'error' ? 1 : 2,
        f.range.start.line,
        f.range.start.character,
        f.range.end.line,
        f.range.end.character,
        f.message,
      ]),
    );
    // nothing was published for a version older than one already published
    const versions = client.published
      .slice(from)
      .filter((p) => p.uri === uri)
      .map((p) => p.version!);
    assert.deepEqual(
      versions,
      [...versions].sort((a, b) => a - b),
    );
  });
});
