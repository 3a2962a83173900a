/**
 * Worker threads: the same output whatever the number of threads, for folders of many files and
 * for a large file checked in parts; and workers started from the single bundled file.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { chooseThreads, PARALLEL_MIN_BYTES, SPLIT_MIN_BYTES } from '../../server/src/cli/pool';
import { cleanup, EXAMPLES, run, runBin, tempDir, writeTree } from './helpers';

/** Manifests of every example, renamed so each copy is distinct. */
function exampleDocs(): string[] {
  return fs
    .readdirSync(EXAMPLES, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && /\.ya?ml$/.test(e.name))
    .map((e) => fs.readFileSync(path.join(e.parentPath ?? e.path, e.name), 'utf8'))
    .sort();
}

describe('cli: worker threads', () => {
  let dir: string;
  before(() => {
    dir = tempDir();
    const docs = exampleDocs();
    // a folder of many small files, and one multi-document file above the split threshold
    const files: Record<string, string> = {};
    for (let i = 0; i < 60; i++) files[`many/f${String(i).padStart(3, '0')}.yaml`] = docs[i % docs.length].replace(/name: (\S+)/, `name: $1-${i}`);
    let big = '';
    for (let i = 0; big.length < SPLIT_MIN_BYTES * 1.05; i++)
      big += `${i ? '---\n' : ''}${docs[i % docs.length].replace(/^---\n/, '').replace(/name: (\S+)/, `name: $1-${i}`)}`;
    files['big/all.yaml'] = big;
    writeTree(dir, files);
  });
  after(() => cleanup(dir));

  it('chooses one thread for little work and every core for a lot', () => {
    assert.equal(chooseThreads(0, 1, 10 * SPLIT_MIN_BYTES), 1, 'one task');
    assert.equal(chooseThreads(0, 50, PARALLEL_MIN_BYTES - 1), 1, 'too little YAML to pay for a worker');
    assert.ok(chooseThreads(0, 50, PARALLEL_MIN_BYTES * 4) >= 1);
    assert.equal(chooseThreads(3, 50, 10), 3, 'an explicit count is used');
    assert.equal(chooseThreads(8, 2, 10), 2, 'never more threads than tasks');
  });

  for (const format of ['json', 'sarif']) {
    it(`gives the same ${format} output on 1, 2 and 3 threads for a folder of many files`, async () => {
      const one = await run(['check', path.join(dir, 'many'), '--format', format, '--threads', '1']);
      const two = await run(['check', path.join(dir, 'many'), '--format', format, '--threads', '2']);
      const three = await run(['check', path.join(dir, 'many'), '--format', format], { env: { PODSEC_THREADS: '3' } });
      assert.equal(one.code, 1);
      assert.ok(one.out.length > 1000);
      assert.equal(two.out, one.out);
      assert.equal(three.out, one.out);
      assert.equal(two.code, one.code);
    });
  }

  it('splits a large file into parts and reports exactly what one thread reports', async () => {
    const file = path.join(dir, 'big', 'all.yaml');
    const one = await run(['check', file, '--format', 'sarif', '--threads', '1']);
    const two = await run(['check', file, '--format', 'sarif', '--threads', '2']);
    assert.equal(two.out, one.out);
    const results = JSON.parse(one.out).runs[0].results as {
      properties: { document: number };
      locations: { physicalLocation: { region: { startLine: number } } }[];
    }[];
    const lines = fs.readFileSync(file, 'utf8').split('\n').length;
    assert.ok(
      results.some((r) => r.locations[0].physicalLocation.region.startLine > lines / 2),
      'findings in the second half',
    );
    assert.ok(
      results.some((r) => r.properties.document > 40),
      'document indexes continue across parts',
    );
  });

  it('runs workers from the single bundled file', () => {
    const args = ['check', path.join(dir, 'many'), '--format', 'json'];
    const one = runBin([...args, '--threads', '1']);
    const two = runBin([...args, '--threads', '2']);
    assert.equal(one.code, 1, one.err);
    assert.equal(two.err, '');
    assert.equal(two.out, one.out);
  });

  it('fixes files on worker threads as on one', async () => {
    const a = tempDir();
    const b = tempDir();
    try {
      fs.cpSync(path.join(dir, 'many'), a, { recursive: true });
      fs.cpSync(path.join(dir, 'many'), b, { recursive: true });
      const ra = await run(['check', a, '--fix', '--format', 'json', '--threads', '1']);
      const rb = await run(['check', b, '--fix', '--format', 'json', '--threads', '2']);
      assert.equal(rb.out.split(b).join('<dir>'), ra.out.split(a).join('<dir>'));
      for (const name of fs.readdirSync(a)) assert.equal(fs.readFileSync(path.join(b, name), 'utf8'), fs.readFileSync(path.join(a, name), 'utf8'), name);
    } finally {
      cleanup(a);
      cleanup(b);
    }
  });
});
