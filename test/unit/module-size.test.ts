/**
 * Module size is part of the structure (issue 11): a language server module that grows past about
 * 200 lines is doing more than one thing and is split by concern (DEVELOPERS.md, "Language server
 * architecture"). This reads the folders listed here and fails on a TypeScript file over its limit,
 * naming each one, so the split cannot creep back unnoticed.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';

const ROOT = path.resolve(__dirname, '..', '..', '..', '..');

/** Folders whose `.ts` files (not their subfolders) may hold at most `maxLines` lines each. */
const LIMITS: { folder: string; maxLines: number }[] = [{ folder: 'server/src/lsp', maxLines: 200 }];

/** The files of a folder longer than `maxLines`, as `file: lines`. */
function tooLong(folder: string, maxLines: number): string[] {
  return fs
    .readdirSync(path.join(ROOT, folder))
    .filter((f) => f.endsWith('.ts'))
    .map((f) => {
      const text = fs.readFileSync(path.join(ROOT, folder, f), 'utf8');
      // lines as an editor numbers them: a last line without a line break counts too
      const lines = text.split('\n').length - (text.endsWith('\n') ? 1 : 0);
      return { file: `${folder}/${f}`, lines };
    })
    .filter((f) => f.lines > maxLines)
    .map((f) => `${f.file}: ${f.lines}`);
}

describe('module size: no module in these folders grows past its limit', () => {
  for (const { folder, maxLines } of LIMITS) {
    it(`${folder}: every .ts file has at most ${maxLines} lines`, () => {
      assert.ok(
        fs.readdirSync(path.join(ROOT, folder)).some((f) => f.endsWith('.ts')),
        `${folder} holds no .ts file: is the folder renamed?`,
      );
      assert.deepEqual(tooLong(folder, maxLines), []);
    });
  }
});
