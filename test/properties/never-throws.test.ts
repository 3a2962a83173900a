/**
 * Property 1: the engine never throws and never hangs, and broken input is never silent.
 *
 * For styled manifests, manifests broken by random edits, YAML-like soup and random bytes, at
 * random profiles and policy versions:
 * - `analyzeText` and `fixAll` return (no exception, no rule error) within a time bound that
 *   grows linearly with the size of the input;
 * - every finding names a known rule and has offsets inside the text;
 * - when the `yaml` parser finds an error in the text (or an alias used before its anchor, or a
 *   character YAML does not allow), the engine reports `yaml-syntax`; when it finds none,
 *   neither does the engine (template files are masked first and are exempt from
 *   the comparison; a lone CR is a line break for both). The parser reads the text as go-yaml
 *   reads quoted scalars (`indentQuotedContinuations`): Kubernetes accepts their continuation
 *   lines at any indentation.
 */
import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { isAlias, isMap, isScalar, isSeq, parseAllDocuments, visit } from 'yaml';
import { analyzeText } from '../../server/src/engine/pipeline';
import { fixAll } from '../../server/src/engine/fix/apply';
import { EngineOptions, RULES_BY_ID, resolveRuleSet } from '../../server/src/engine/profiles';
import { check, withinBound } from '../support/fc';
import { firstNonPrintable, forParser, indentQuotedContinuations } from '../support/oracle';
import { mutatedManifest, randomBytes, yamlSoup } from '../support/random-yaml';
import { engineOptions, styledFile } from '../support/workloads';

/** Messages of the engine's own yaml-syntax findings that are not parser errors. */
const NOT_PARSER = /excessive aliasing|nests too deeply/;

/**
 * Parser errors, plus what Kubernetes rejects and the parser lets pass: aliases used before any
 * anchor of their name, characters YAML does not allow.
 */
function syntaxErrors(text: string): string[] {
  const bad = firstNonPrintable(text);
  const errors = (source: string) => {
    const docs = parseAllDocuments(source);
    return (Array.isArray(docs) ? docs : []).flatMap((d) => {
      const errors = d.errors.map((e) => e.message.split('\n')[0]);
      const anchors = new Set<string>();
      visit(d, (_k, node) => {
        if (isAlias(node) && !anchors.has(node.source)) errors.push(`alias *${node.source} before its anchor`);
        else if ((isScalar(node) || isMap(node) || isSeq(node)) && node.anchor) anchors.add(node.anchor);
      });
      return errors;
    });
  };
  // an error only when the text does not parse as it is, nor with its quoted scalars read as
  // go-yaml reads them (the transformation only relaxes their indentation)
  const plain = errors(forParser(text));
  const found = plain.length && errors(indentQuotedContinuations(forParser(text))).length ? plain : [];
  return (bad >= 0 ? [`character U+${text.charCodeAt(bad).toString(16)} at ${bad}`] : []).concat(found);
}

function neverThrows(text: string, opts: EngineOptions): void {
  const res = withinBound(text.length, 'analyzeText', () => analyzeText(text, resolveRuleSet(opts)));
  assert.deepEqual(res.ruleErrors, [], 'no rule may throw');
  for (const f of res.findings) {
    assert.ok(RULES_BY_ID.has(f.ruleId), `unknown rule ${f.ruleId}`);
    assert.ok(f.offset[0] >= 0 && f.offset[0] <= f.offset[1] && f.offset[1] <= text.length, `offsets ${f.offset} outside the text (${text.length})`);
    assert.ok(f.message.length > 0);
  }
  if (!text.includes('{{')) {
    const errors = syntaxErrors(text);
    const reported = res.findings.filter((f) => f.ruleId === 'yaml-syntax');
    if (errors.length) assert.ok(reported.length > 0, `the parser finds ${JSON.stringify(errors)} but the engine reports no yaml-syntax finding`);
    else
      assert.deepEqual(
        reported.filter((f) => !NOT_PARSER.test(f.message)).map((f) => f.message),
        [],
        'the parser finds no error',
      );
  }
  const fixed = withinBound(text.length, 'fixAll', () => fixAll(text, resolveRuleSet(opts)));
  assert.equal(typeof fixed.text, 'string');
}

describe('property: the engine never throws, never hangs, and never stays silent on broken YAML', function () {
  this.timeout(0);

  it('styled manifests of every workload kind', () => {
    check('styled manifests', fc.tuple(styledFile, engineOptions), ([file, opts]) => neverThrows(file.text, opts));
  });

  it('manifests broken by random edits', () => {
    check('mutated manifests', fc.tuple(mutatedManifest, engineOptions), ([text, opts]) => neverThrows(text, opts));
  });

  it('YAML-like soup: indicators, anchors, tags, block scalars, markers, directives, templates', () => {
    check('yaml soup', fc.tuple(yamlSoup, engineOptions), ([text, opts]) => neverThrows(text, opts));
  });

  it('random bytes and code units', () => {
    check('random bytes', fc.tuple(randomBytes, engineOptions), ([text, opts]) => neverThrows(text, opts));
  });
});
