/**
 * What a file is, read without parsing: the editor reports YAML syntax only in files that look
 * like Kubernetes objects or are RKE2 configs (a CI workflow's syntax is another tool's business).
 */
import * as assert from 'node:assert/strict';
import { claimsAsRke2Config, looksLikeManifest, RKE2_MARKER_LINES } from '../../../server/src/engine/file-kind';

describe('file kinds', () => {
  it('a manifest has a top-level apiVersion or kind, also quoted (JSON) and in a document too broken to parse', () => {
    assert.equal(looksLikeManifest('apiVersion: v1\nkind: Pod\n'), true);
    assert.equal(looksLikeManifest('# a pod\nkind:   Pod\n'), true);
    assert.equal(looksLikeManifest('{"apiVersion": "v1", "kind": "Pod"}'), true);
    assert.equal(looksLikeManifest("'kind' : Pod\r\n"), true);
    assert.equal(looksLikeManifest('apiVersion: v1\nkind: [Pod\nspec: {\n'), true);
    assert.equal(looksLikeManifest('---\r\nname: ci\r\n---\rkind: Job\r'), true);
  });

  it('a nested apiVersion, a key that only starts with kind, or another YAML file is not a manifest', () => {
    assert.equal(looksLikeManifest('name: ci\non: push\njobs:\n  build:\n    runs-on: ubuntu-latest\n'), false);
    assert.equal(looksLikeManifest('spec:\n  apiVersion: v1\n  kind: Pod\n'), false);
    assert.equal(looksLikeManifest('kinds: [a, b]\napiVersions: []\n'), false);
    assert.equal(looksLikeManifest(''), false);
  });

  it(`the RKE2 marker counts in the first ${RKE2_MARKER_LINES} lines, among comments and document markers only`, () => {
    const comments = (n: number) => Array.from({ length: n }, (_, i) => `# line ${i + 1}\n`).join('');
    assert.equal(claimsAsRke2Config('node.yaml', `${comments(RKE2_MARKER_LINES - 1)}# podsec: rke2-config\ntoken: a\n`), true);
    assert.equal(claimsAsRke2Config('node.yaml', `${comments(RKE2_MARKER_LINES)}# podsec: rke2-config\ntoken: a\n`), false);
    assert.equal(claimsAsRke2Config('node.yaml', '---\r# podsec: rke2-config\rtoken: a\r'), true);
    assert.equal(claimsAsRke2Config('node.yaml', '\n\n#  podsec:   rke2-config  \n'), true);
    assert.equal(claimsAsRke2Config('node.yaml', 'token: a # podsec: rke2-config\n'), false);
    assert.equal(claimsAsRke2Config(undefined, 'token: a\n'), false);
    assert.equal(claimsAsRke2Config('C:\\nodes\\a\\etc\\rancher\\rke2\\config.yaml.d\\10-x.yml', 'token: a\n'), true);
  });
});
