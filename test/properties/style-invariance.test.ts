/**
 * Findings depend on what a manifest says, never on how it is written, and are never lost.
 *
 * The same generated manifests, written once the plain way and once in a random style
 * (indentation, flow collections, JSON-style documents, quoting, YAML 1.1 spellings of booleans
 * and numbers, anchors, aliases and merge keys, comments anywhere, blank lines, CRLF, a byte
 * order mark, document end markers), must draw exactly the same findings: same rule, document,
 * object, container, path, severity and suppression. A style that hid a violation (a missed
 * `yes`, a merged securityContext, a comment between keys) fails this property.
 */
import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { analyzeText } from '../../server/src/engine/pipeline';
import type { Finding } from '../../server/src/engine/types';
import { check } from '../support/fc';
import { missingFrom } from '../support/oracle';
import { engineOptions, styledFile } from '../support/workloads';
import { resolveRuleSet } from '../../server/src/engine/profiles';

function key(f: Finding): string {
  return [
    f.ruleId,
    f.document,
    f.resource?.kind,
    f.resource?.name,
    f.containerKind,
    f.container,
    f.path,
    f.severity,
    f.fromPodLevel,
    f.suppressed ? 'suppressed' : '',
  ].join(' | ');
}

describe('property: findings do not depend on style', function () {
  this.timeout(0);

  it('a manifest in any style draws the findings of its plain form', () => {
    check('style invariance', fc.tuple(styledFile, engineOptions), ([file, opts]) => {
      const plain = analyzeText(file.canonical.text, resolveRuleSet(opts));
      const styled = analyzeText(file.text, resolveRuleSet(opts));
      assert.equal(styled.documents, plain.documents);
      const lost = missingFrom(plain.findings, styled.findings, key).map(key);
      const extra = missingFrom(styled.findings, plain.findings, key).map(key);
      assert.deepEqual({ lost, extra }, { lost: [], extra: [] }, `plain form:\n${file.canonical.text}`);
    });
  });
});
