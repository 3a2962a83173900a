/**
 * Module size is part of the structure (issue 11): a language server module that grows past about
 * 200 lines is doing more than one thing and is split by concern (DEVELOPERS.md, "Language server
 * architecture"), and the engine's orchestrator (`analyze.ts`) stays the pipeline and nothing
 * else. This reads the folders and files listed here and fails on a TypeScript file over its
 * limit, naming each one, so the split cannot creep back unnoticed.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';

const ROOT = path.resolve(__dirname, '..', '..', '..', '..');

/**
 * Folders whose `.ts` files (not their subfolders) may hold at most `maxLines` lines each, and
 * single files with a limit of their own.
 */
const LIMITS: { path: string; maxLines: number }[] = [
  { path: 'server/src/lsp', maxLines: 200 },
  { path: 'server/src/engine/analyze.ts', maxLines: 150 },
];

/** The `.ts` files at `target` (a file, or a folder's files), relative to the root. */
function filesAt(target: string): string[] {
  const abs = path.join(ROOT, target);
  if (!fs.statSync(abs).isDirectory()) return [target];
  return fs
    .readdirSync(abs)
    .filter((f) => f.endsWith('.ts'))
    .map((f) => `${target}/${f}`);
}

/** Those of `files` longer than `maxLines`, as `file: lines`. */
function tooLong(files: string[], maxLines: number): string[] {
  return files
    .map((file) => {
      const text = fs.readFileSync(path.join(ROOT, file), 'utf8');
      // lines as an editor numbers them: a last line without a line break counts too
      const lines = text.split('\n').length - (text.endsWith('\n') ? 1 : 0);
      return { file, lines };
    })
    .filter((f) => f.lines > maxLines)
    .map((f) => `${f.file}: ${f.lines}`);
}

describe('module size: no module listed grows past its limit', () => {
  for (const { path: target, maxLines } of LIMITS) {
    it(`${target}: every .ts file has at most ${maxLines} lines`, () => {
      assert.ok(fs.existsSync(path.join(ROOT, target)), `${target} does not exist: is it renamed?`);
      const files = filesAt(target);
      assert.ok(files.length, `${target} holds no .ts file: is the folder renamed?`);
      assert.deepEqual(tooLong(files, maxLines), []);
    });
  }
});
