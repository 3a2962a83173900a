/**
 * Name-based UUIDs (RFC 4122 version 5): published test vectors, the version and variant bits,
 * and unambiguous joining of name parts.
 */
import * as assert from 'node:assert/strict';
import { DNS_NAMESPACE, PODSEC_NAMESPACE, URL_NAMESPACE, uuidFrom, uuidv5 } from '../../../server/src/evidence/uuid';

describe('evidence: uuidv5', () => {
  it('matches published vectors', () => {
    // the DNS-namespace example (RFC 9562 appendix A.4 uses www.example.com)
    assert.equal(uuidv5('www.example.com', DNS_NAMESPACE), '2ed6657d-e927-568b-95e1-2665a8aea6a2');
    // Python's uuid documentation: uuid.uuid5(uuid.NAMESPACE_DNS, 'python.org')
    assert.equal(uuidv5('python.org', DNS_NAMESPACE), '886313e1-3b8a-5372-9b90-0c9aee199e5d');
  });

  it("podsec's namespace is the v5 UUID of https://podsec.dev/ in the URL namespace", () => {
    assert.equal(uuidv5('https://podsec.dev/', URL_NAMESPACE), PODSEC_NAMESPACE);
  });

  it('sets version 5 and the RFC 4122 variant, for any name (UTF-8)', () => {
    for (const name of ['', 'a', 'é', '🚀', 'x'.repeat(1000)]) {
      const u = uuidv5(name);
      assert.match(u, /^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    }
    assert.notEqual(uuidv5('é'), uuidv5('e\u0301'), 'names are not normalised');
  });

  it('rejects a namespace that is not a UUID', () => {
    assert.throws(() => uuidv5('x', 'not-a-uuid'), /not a UUID/);
  });

  it('joins name parts unambiguously', () => {
    assert.notEqual(uuidFrom('a|b'), uuidFrom('a', 'b'));
    assert.notEqual(uuidFrom('ab', 'c'), uuidFrom('a', 'bc'));
    assert.equal(uuidFrom('a', 'b'), uuidFrom('a', 'b'));
  });
});
