import * as assert from 'node:assert/strict';
import { compileGlob, GlobError, globMatches, matchGlob } from '../../server/src/engine/glob';

describe('exclude globs', () => {
  const cases: [string, string, boolean][] = [
    ['*.yaml', 'a.yaml', true],
    ['*.yaml', 'deep/dir/a.yaml', true], // no slash: a name at any depth
    ['*.yaml', 'a.yml', false],
    ['charts/*.yaml', 'charts/a.yaml', true],
    ['charts/*.yaml', 'x/charts/a.yaml', false], // with a slash: anchored
    ['charts/*.yaml', 'charts/sub/a.yaml', false],
    ['charts/**/*.yaml', 'charts/a.yaml', true],
    ['charts/**/*.yaml', 'charts/x/y/a.yaml', true],
    ['charts/**', 'charts/x/y/a.yaml', true],
    ['charts', 'charts/x/a.yaml', true], // a matching folder excludes what is below it
    ['charts/', 'charts/x/a.yaml', true],
    ['vendor', 'src/vendor/a.yaml', true],
    ['vendor', 'src/vendored/a.yaml', false],
    ['/top.yaml', 'top.yaml', true],
    ['/top.yaml', 'sub/top.yaml', false],
    ['**', 'anything/at/all.yaml', true],
    ['a?.yaml', 'ab.yaml', true],
    ['a?.yaml', 'a/.yaml', false],
    ['[abc].yaml', 'b.yaml', true],
    ['[a-c].yaml', 'd.yaml', false],
    ['[!a-c].yaml', 'd.yaml', true],
    ['[^a-c].yaml', 'a.yaml', false],
    ['{dev,prod}/*.yaml', 'prod/x.yaml', true],
    ['{dev,prod}/*.yaml', 'test/x.yaml', false],
    ['*.{yaml,yml}', 'x/y.yml', true],
    ['\\*.yaml', '*.yaml', true],
    ['\\*.yaml', 'a.yaml', false],
    ['templates/*', 'templates/deployment.yaml', true],
    ['./templates/*', 'templates/deployment.yaml', true],
    ['😀?.yaml', '😀😀.yaml', true], // ? takes a whole character outside the BMP
    ['x', '../x', false],
  ];
  for (const [pattern, path, want] of cases) {
    it(`${pattern} ${want ? 'matches' : 'does not match'} ${path}`, () => {
      assert.equal(globMatches(compileGlob(pattern), path), want);
    });
  }

  it('rejects malformed patterns with a readable message', () => {
    assert.throws(
      () => compileGlob('a[b'),
      (e: Error) => e instanceof GlobError && /unmatched "\["/.test(e.message),
    );
    assert.throws(
      () => compileGlob('{a,b'),
      (e: Error) => e instanceof GlobError && /unmatched "\{"/.test(e.message),
    );
    assert.throws(() => compileGlob(''), GlobError);
    assert.throws(() => compileGlob('[z-a]'), /invalid range/);
    assert.throws(() => compileGlob('{a,b}{c,d}{e,f}{g,h}{i,j}{k,l}{m,n}'), /too many alternatives/);
    assert.equal(matchGlob('a[b', 'a[b'), false);
  });

  it('answers patterns that make backtracking matchers explode', () => {
    // a backtracking matcher needs on the order of 5000^20 steps here; the automaton 5000 x 42
    assert.equal(globMatches(compileGlob('*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*b'), 'a'.repeat(5000)), false);
    assert.equal(globMatches(compileGlob('*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*b'), 'a'.repeat(5000) + 'b'), true);
    assert.equal(globMatches(compileGlob('**/'.repeat(50) + 'x'), 'a/'.repeat(2000) + 'y'), false);
    assert.equal(globMatches(compileGlob('**/'.repeat(50) + 'x'), 'a/'.repeat(2000) + 'x'), true);
  });
});
