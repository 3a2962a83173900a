/** The committed documentation is exactly what `npm run docs` generates. */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { generateDocs, stalePages } from '../../scripts/gen-docs-lib';
import { ROOT } from './root';

describe('generated documentation', () => {
  const files = generateDocs(ROOT);

  for (const f of files) {
    it(`${f.path} is up to date (run "npm run docs")`, () => {
      const p = path.join(ROOT, f.path);
      assert.ok(fs.existsSync(p), `${f.path} is missing`);
      assert.equal(fs.readFileSync(p, 'utf8'), f.content);
    });
  }

  it('docs/rules holds no page for a rule that does not exist', () => {
    assert.deepEqual(stalePages(ROOT), []);
  });

  it('pages link to pages that exist', () => {
    for (const f of files) {
      for (const m of f.content.matchAll(/\]\(([^)#\s]+\.md)\)/g)) {
        const target = path.join(ROOT, path.posix.dirname(f.path), m[1]);
        assert.ok(fs.existsSync(target), `${f.path} links to ${m[1]}, which does not exist`);
      }
    }
  });
});
