/**
 * `.podsecignore` patterns: .gitignore syntax and semantics, and matching that cannot be made to
 * backtrack.
 */
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { IgnoreFile, matchTokens, parseIgnoreLine } from '../../server/src/cli/ignore';

const BASE = path.resolve('/repo');

function ignore(lines: string): IgnoreFile {
  return IgnoreFile.parse(lines, BASE, 'test');
}

/** Is `rel` (a file, or a folder when it ends in "/") ignored, folders above it included? */
function ignored(f: IgnoreFile, rel: string): boolean {
  const isDir = rel.endsWith('/');
  return f.ignoresPath(path.join(BASE, rel.replace(/\/$/, '')), isDir);
}

describe('cli: .podsecignore patterns', () => {
  const cases: [string, string, boolean][] = [
    // pattern, path, ignored?
    ['*.yaml', 'a.yaml', true],
    ['*.yaml', 'deep/er/a.yaml', true],
    ['*.yaml', 'a.yml', false],
    ['*.y?ml', 'a.yaml', true],
    ['*.y?ml', 'a.yml', false],
    ['secret.yaml', 'x/secret.yaml', true],
    ['/secret.yaml', 'x/secret.yaml', false],
    ['/secret.yaml', 'secret.yaml', true],
    ['charts/*.yaml', 'charts/a.yaml', true],
    ['charts/*.yaml', 'x/charts/a.yaml', false],
    ['charts/*.yaml', 'charts/sub/a.yaml', false],
    ['charts/**/*.yaml', 'charts/a.yaml', true],
    ['charts/**/*.yaml', 'charts/sub/deep/a.yaml', true],
    ['**/templates', 'a/b/templates/x.yaml', true],
    ['**/templates', 'templates/x.yaml', true],
    ['templates/**', 'templates/x/y.yaml', true],
    ['templates/**', 'other/templates/y.yaml', false],
    ['build/', 'build/x.yaml', true],
    ['build/', 'a/build/x.yaml', true],
    ['build/', 'build', false], // a file named build: only folders match
    ['build', 'build', true],
    ['[abc].yaml', 'b.yaml', true],
    ['[abc].yaml', 'd.yaml', false],
    ['[!abc].yaml', 'd.yaml', true],
    ['[^abc].yaml', 'a.yaml', false],
    ['[a-c]x.yaml', 'bx.yaml', true],
    ['[[:digit:]]*.yaml', '1a.yaml', true],
    ['[[:digit:]]*.yaml', 'a1.yaml', false],
    ['{a,b}.yaml', 'a.yaml', false], // braces are literal, as in git
    ['{a,b}.yaml', '{a,b}.yaml', true],
    ['\\#x.yaml', '#x.yaml', true],
    ['\\!x.yaml', '!x.yaml', true],
    ['a\\*.yaml', 'a*.yaml', true],
    ['a\\*.yaml', 'ab.yaml', false],
    ['trailing.yaml   ', 'trailing.yaml', true],
    ['space\\ ', 'space ', true],
    ['a/**/b.yaml', 'a/b.yaml', true],
    ['a/**/b.yaml', 'a/x/y/b.yaml', true],
    ['a/**/b.yaml', 'a/xb.yaml', false],
    ['a**b.yaml', 'axxb.yaml', true],
    ['a**b.yaml', 'ax/xb.yaml', false],
    ['*', 'anything/at/all.yaml', true],
    ['[unclosed.yaml', '[unclosed.yaml', true],
  ];
  for (const [pattern, rel, expected] of cases) {
    it(`${JSON.stringify(pattern)} ${expected ? 'ignores' : 'keeps'} ${rel}`, () => {
      assert.equal(ignored(ignore(pattern), rel), expected);
    });
  }

  it('skips comments and blank lines', () => {
    assert.equal(parseIgnoreLine('# comment'), undefined);
    assert.equal(parseIgnoreLine('   '), undefined);
    assert.equal(ignore('# a.yaml\n\n').patterns.length, 0);
  });

  it('lets the last matching line win, so "!" re-includes a file', () => {
    const f = ignore('*.yaml\n!keep.yaml\n');
    assert.equal(ignored(f, 'drop.yaml'), true);
    assert.equal(ignored(f, 'keep.yaml'), false);
    assert.equal(ignored(f, 'sub/keep.yaml'), false);
  });

  it('cannot re-include a file inside an ignored folder (as git)', () => {
    const f = ignore('vendor/\n!vendor/keep.yaml\n');
    assert.equal(ignored(f, 'vendor/keep.yaml'), true);
    const g = ignore('vendor/*\n!vendor/keep.yaml\n');
    assert.equal(ignored(g, 'vendor/keep.yaml'), false);
    assert.equal(ignored(g, 'vendor/drop.yaml'), true);
  });

  it('reads CRLF files and ignores a byte order mark', () => {
    const f = ignore('\ufeffa.yaml\r\nb.yaml\r\n');
    assert.equal(ignored(f, 'a.yaml'), true);
    assert.equal(ignored(f, 'b.yaml'), true);
  });

  it('never matches paths outside its folder', () => {
    const f = ignore('*.yaml');
    assert.equal(f.ignoresPath(path.resolve('/elsewhere/a.yaml'), false), false);
  });

  it('matches patterns that would make a backtracking matcher run for ages, at once', () => {
    // A backtracking glob matcher takes exponential time here; the automaton is linear.
    const p = parseIgnoreLine('*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*b')!;
    const long = 'a'.repeat(20000);
    assert.equal(matchTokens(p.tokens, long), false);
    assert.equal(matchTokens(p.tokens, long + 'b'), true);
    const q = parseIgnoreLine('**/**/**/**/**/**/**/**/**/**/x')!;
    assert.equal(matchTokens(q.tokens, 'a/'.repeat(5000) + 'y'), false);
  });
});
