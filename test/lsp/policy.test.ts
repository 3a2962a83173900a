/**
 * The policy the cluster applies, in the editor: a Namespace in the open file judges its pods and
 * re-judges them when its labels change; the label (or the configuration) a finding was judged by
 * is its related information, in whichever file it is; hover says which policy and why.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { Hover, HoverRequest, type Diagnostic } from 'vscode-languageserver-protocol';
import { TestClient } from './harness';

const namespace = (labels: string) => `apiVersion: v1
kind: Namespace
metadata:
  name: payments
  labels:
${labels}`;

/** Breaks baseline (privileged) and restricted. */
const POD = `apiVersion: v1
kind: Pod
metadata:
  name: api
  namespace: payments
spec:
  containers:
  - name: api
    image: nginx
    securityContext:
      privileged: true
`;

const ENFORCE_RESTRICTED = '    pod-security.kubernetes.io/enforce: restricted\n';

function summary(diags: readonly Diagnostic[]): string[] {
  return diags.map((d) => `${d.code} ${d.severity}`);
}

function markdown(h: Hover | null): string {
  if (!h) return '';
  const c = h.contents;
  return typeof c === 'string' ? c : 'value' in c ? c.value : JSON.stringify(c);
}

describe('language server: the policy the cluster applies', function () {
  describe('a Namespace in the open file', () => {
    let client: TestClient;
    before(async () => {
      client = new TestClient({ settings: { delayMs: 0 } });
      await client.initialize();
    });
    after(async () => {
      assert.equal(await client.shutdown(), 0);
    });

    it("judges the file's pods, and changing its labels re-judges them", async () => {
      const uri = 'file:///work/policy/payments.yaml';
      const text = `${namespace(ENFORCE_RESTRICTED)}---\n${POD}`;
      let from = client.published.length;
      await client.open(uri, text, 1);
      const first = (await client.nextPublish(uri, from, 1)).diagnostics;
      // enforce restricted: every violation is an error, related to the label that says so
      assert.deepEqual(summary(first), [
        'allow-privilege-escalation 1',
        'run-as-non-root 1',
        'seccomp-restricted 1',
        'capabilities-restricted 1',
        'privileged 1',
      ]);
      const related = first[4].relatedInformation!.at(-1)!;
      assert.deepEqual(related.location, { uri, range: { start: { line: 5, character: 4 }, end: { line: 5, character: 50 } } });
      assert.match(related.message, /^Judged by enforce restricted:latest: namespace "payments" label pod-security\.kubernetes\.io\/enforce/);

      // the label becomes privileged for every mode: no Pod Security diagnostic is left
      const at = text.indexOf('restricted');
      from = client.published.length;
      await client.change(uri, 2, [
        {
          range: {
            start: { line: 5, character: at - text.lastIndexOf('\n', at) - 1 },
            end: { line: 5, character: at - text.lastIndexOf('\n', at) - 1 + 'restricted'.length },
          },
          text: 'privileged\n    pod-security.kubernetes.io/warn: privileged',
        },
      ]);
      assert.deepEqual((await client.nextPublish(uri, from, 2)).diagnostics, []);
      // and hover over the pod says why
      const hover = (await client.conn.sendRequest(HoverRequest.type, { textDocument: { uri }, position: { line: 11, character: 4 } })) as Hover;
      assert.match(markdown(hover), /Pod Security Admission allows any pod here .*namespace "payments" label pod-security\.kubernetes\.io\/enforce/);

      // baseline enforced, restricted warned
      from = client.published.length;
      await client.change(uri, 3, [
        { range: { start: { line: 5, character: 40 }, end: { line: 5, character: 50 } }, text: 'baseline' },
        { range: { start: { line: 6, character: 37 }, end: { line: 6, character: 47 } }, text: 'restricted' },
      ]);
      const mixed = (await client.nextPublish(uri, from, 3)).diagnostics;
      assert.deepEqual(summary(mixed), [
        'allow-privilege-escalation 2',
        'run-as-non-root 2',
        'seccomp-restricted 2',
        'capabilities-restricted 2',
        'privileged 1',
      ]);
      // hover on the privileged finding names the policy and the label
      const card = markdown(
        (await client.conn.sendRequest(HoverRequest.type, { textDocument: { uri }, position: { line: mixed[4].range.start.line, character: 10 } })) as Hover,
      );
      assert.match(card, /\*\*Judged by:\*\* `enforce baseline:latest`, from namespace "payments" label pod-security\.kubernetes\.io\/enforce/);
      assert.match(card, /\[payments\.yaml:6\]\(file:\/\/\/work\/policy\/payments\.yaml#L6\)/);
    });

    it('without any Namespace the profile judges, exactly as before', async () => {
      const uri = 'file:///work/policy/alone.yaml';
      const from = client.published.length;
      await client.open(uri, POD, 1);
      const diags = (await client.nextPublish(uri, from, 1)).diagnostics;
      assert.deepEqual(summary(diags), [
        'allow-privilege-escalation 2',
        'run-as-non-root 2',
        'seccomp-restricted 2',
        'capabilities-restricted 2',
        'privileged 1',
      ]);
      assert.ok(diags.every((d) => !d.relatedInformation));
      const card = markdown((await client.conn.sendRequest(HoverRequest.type, { textDocument: { uri }, position: diags[4].range.start })) as Hover);
      assert.doesNotMatch(card, /Judged by/);
      assert.match(card, /^\*\*Privileged containers\*\* `privileged` · error/);
    });
  });

  describe('an admission configuration in another file', () => {
    let dir: string;
    let client: TestClient;
    before(async () => {
      dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'podsec-lsp-policy-')));
      fs.mkdirSync(path.join(dir, 'cluster'));
      fs.mkdirSync(path.join(dir, 'apps'));
      fs.writeFileSync(path.join(dir, '.podsec.yaml'), 'admissionConfiguration: cluster/admission.yaml\n');
      fs.writeFileSync(
        path.join(dir, 'cluster', 'admission.yaml'),
        'apiVersion: pod-security.admission.config.k8s.io/v1\nkind: PodSecurityConfiguration\ndefaults:\n  enforce: restricted\nexemptions:\n  namespaces: [legacy]\n',
      );
      client = new TestClient({ settings: { delayMs: 0 }, workspaceFolders: [dir] });
      await client.initialize();
      // until the workspace index has read the folder, pods are judged by the profile setting
      await client.until(() => client.logs.some((l) => l.startsWith(`podsec: workspace index: ${dir} ready`)), 'the workspace index');
    });
    after(async () => {
      assert.equal(await client.shutdown(), 0);
      fs.rmSync(dir, { recursive: true, force: true });
    });

    it("relates each finding to the configuration's defaults, in that file", async () => {
      const uri = pathToFileURL(path.join(dir, 'apps', 'api.yaml')).href;
      const from = client.published.length;
      await client.open(uri, POD.replace('payments', 'shop'), 1);
      const diags = (await client.nextPublish(uri, from, 1)).diagnostics;
      assert.ok(diags.length === 5 && diags.every((d) => d.severity === 1), JSON.stringify(summary(diags)));
      const related = diags[0].relatedInformation!.at(-1)!;
      assert.equal(related.location.uri, pathToFileURL(path.join(dir, 'cluster', 'admission.yaml')).href);
      assert.deepEqual(related.location.range, { start: { line: 2, character: 0 }, end: { line: 2, character: 8 } });
      assert.match(related.message, /^Judged by enforce restricted:latest: admission configuration admission\.yaml:3/);
    });

    it('an exempt namespace: no diagnostic, and hover says why', async () => {
      const uri = pathToFileURL(path.join(dir, 'apps', 'system.yaml')).href;
      const from = client.published.length;
      await client.open(uri, POD.replace('payments', 'legacy'), 1);
      assert.deepEqual((await client.nextPublish(uri, from, 1)).diagnostics, []);
      const hover = (await client.conn.sendRequest(HoverRequest.type, { textDocument: { uri }, position: { line: 3, character: 4 } })) as Hover;
      assert.match(markdown(hover), /Namespace "legacy" is exempt from Pod Security Admission \(admission configuration admission\.yaml:3/);
    });
  });
});
