/**
 * Kustomize patches in the editor: an open file that a kustomization of the workspace folder (read
 * by the workspace index) lists as a patch is judged by the values it sets, hover says so and
 * names the kustomization, and a changed kustomization re-judges it.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { DidChangeWatchedFilesNotification, FileChangeType, Hover, HoverRequest, type Diagnostic } from 'vscode-languageserver-protocol';
import { TestClient } from './harness';

const PATCH = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: api
spec:
  template:
    spec:
      containers:
        - name: api
          securityContext:
            privileged: true
`;

const KUSTOMIZATION = 'apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources:\n  - ../../base\npatches:\n  - path: patches/debug.yaml\n';

function codes(diags: readonly Diagnostic[]): string[] {
  return diags.map((d) => String(d.code));
}

function markdown(h: Hover | null): string {
  if (!h) return '';
  const c = h.contents;
  return typeof c === 'string' ? c : 'value' in c ? c.value : JSON.stringify(c);
}

describe('language server: Kustomize patches', function () {
  let dir: string;
  let client: TestClient;
  before(async () => {
    dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'podsec-lsp-kustomize-')));
    fs.mkdirSync(path.join(dir, 'overlays', 'prod', 'patches'), { recursive: true });
    fs.writeFileSync(path.join(dir, 'overlays', 'prod', 'kustomization.yaml'), KUSTOMIZATION);
    client = new TestClient({ settings: { delayMs: 0 }, workspaceFolders: [dir] });
    await client.initialize();
  });
  after(async () => {
    assert.equal(await client.shutdown(), 0);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('judges a listed patch by the values it sets, hover names the kustomization, and a changed listing re-judges it', async () => {
    await client.until(() => client.logs.some((l) => l.startsWith(`podsec: workspace index: ${dir} ready`)), 'the workspace index');
    const file = path.join(dir, 'overlays', 'prod', 'patches', 'debug.yaml');
    const uri = pathToFileURL(file).href;
    const now = () => codes(client.latest(uri) ?? []).join(', ');
    await client.open(uri, PATCH, 1);
    await client.until(() => now() === 'privileged', `only the value the patch sets (now: ${now()})`);
    const hover = (await client.conn.sendRequest(HoverRequest.type, { textDocument: { uri }, position: { line: 1, character: 2 } })) as Hover;
    assert.match(markdown(hover), /\*\*Kustomize:\*\* Judged as a Kustomize patch \(listed under patches in \.\.\/kustomization\.yaml:6\)/);

    // the kustomization no longer lists it: the whole Deployment is judged, missing settings too
    const k = path.join(dir, 'overlays', 'prod', 'kustomization.yaml');
    fs.writeFileSync(k, KUSTOMIZATION.replace('debug.yaml', 'other.yaml'));
    await client.conn.sendNotification(DidChangeWatchedFilesNotification.type, { changes: [{ uri: pathToFileURL(k).href, type: FileChangeType.Changed }] });
    await client.until(() => now().includes('seccomp-restricted') && now().includes('run-as-non-root'), `the whole Deployment (now: ${now()})`);
  });
});
