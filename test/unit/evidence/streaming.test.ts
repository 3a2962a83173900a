/**
 * Streaming: with 100,000 findings every writer calls `write` many times and no chunk is large,
 * so a caller can pipe a checklist of any size to a file without holding it in memory. The bound
 * is on chunk length, not on time.
 */
import * as assert from 'node:assert/strict';
import { writeCkl } from '../../../server/src/evidence/ckl';
import { writeCklb } from '../../../server/src/evidence/cklb';
import { writeOscal } from '../../../server/src/evidence/oscal';
import { CHUNK } from '../../../server/src/evidence/stream';
import type { EvidenceInput, Write } from '../../../server/src/evidence/types';
import { capped } from './fixture';
import { run } from './helpers';

const N = 100_000;
/** a chunk may exceed CHUNK only by one piece (a finding line here) */
const MAX_CHUNK = 2 * CHUNK;

describe('evidence: streaming', function () {
  this.timeout(120_000);
  let big: EvidenceInput;
  before(() => {
    big = capped(N, N);
  });

  const writers: Array<[string, (w: Write, i: EvidenceInput) => void, (text: string) => void]> = [
    [
      'cklb',
      writeCklb,
      (t) =>
        assert.equal(
          JSON.parse(t)
            .stigs[0].rules.find((r: { group_id: string }) => r.group_id === 'V-254571')
            .finding_details.split('\n').length,
          N,
        ),
    ],
    ['ckl', writeCkl, (t) => assert.equal(t.split('[privileged]').length - 1, N)],
    ['oscal', writeOscal, (t) => assert.equal(JSON.parse(t)['assessment-results'].results[0].observations[2].description.split('\n').length, N)],
  ];

  for (const [name, writer, check] of writers) {
    it(`${name}: 100,000 findings come in many small chunks, and all of them arrive`, () => {
      const out = run(writer, big);
      const longest = Math.max(...out.chunks.map((c) => c.length));
      assert.ok(out.chunks.length > 100, `${out.chunks.length} chunks`);
      assert.ok(longest <= MAX_CHUNK, `longest chunk ${longest} > ${MAX_CHUNK}`);
      assert.ok(out.text.length > 50 * longest, 'the document is far larger than any chunk');
      check(out.text);
    });
  }
});
