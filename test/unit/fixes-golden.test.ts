/**
 * Golden tests for quick fixes and fix-all, on whole files under test/fixtures/fixes.
 *
 * For every input `<case>.yaml`:
 * - `<case>.fixes.txt` lists every finding that has a quick fix, in order, with what applying
 *   that one fix alone changes (changed lines, 1-based, with one line of context);
 * - `<case>.fix-all.yaml` is the file after fix-all, byte for byte.
 * After every fix and after fix-all: the file parses, has as many YAML documents, keeps every
 * comment, its line breaks and its byte order mark, the fixed finding is gone and no finding of
 * any rule appears that was not there before. Fix-all leaves nothing it would fix, its edits
 * reproduce its text, and running it again changes nothing.
 *
 * A Helm chart template (an input that reads as a Go template) is also rendered by a model of
 * `helm template` (test/support/helm.ts) before and after every fix: the output of every action
 * must land at the same key path, and the rendering must not break.
 *
 * A first line `# golden: profile=<p> version=<v>` picks the engine options (default: restricted,
 * latest); `kustomize=<field>` analyses the input as a Kustomize patch, listed under that field
 * (`patches`, `patchesStrategicMerge`, `patchesJson6902`) by a kustomization.yaml beside it.
 * `UPDATE_GOLDEN=1` writes the expected files; review every one before committing it.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Lexer } from 'yaml';
import { ClusterContext } from '../../server/src/engine/cluster/context';
import { extractFacts } from '../../server/src/engine/cluster/facts';
import { analyzeText } from '../../server/src/engine/pipeline';
import { applyEdits, findingEdits, fixAll, isAutoFixable } from '../../server/src/engine/fix/apply';
import { resolveRuleSet, type EngineOptions } from '../../server/src/engine/profiles';
import { ALL_RULES } from '../../server/src/engine/rules';
import type { Finding, ProfileName } from '../../server/src/engine/types';
import { looksLikeGoTemplate } from '../../server/src/engine/template';
import { markerPaths, renderErrors, renderTemplate } from '../support/helm';
import { assertCleanAfterFix } from './rule-tester';

/** compiled to test/build/test/unit: the repository is four levels up */
const dir = path.resolve(__dirname, '../../../..', 'test', 'fixtures', 'fixes');
const update = process.env.UPDATE_GOLDEN === '1';

/** Where a golden input is, when its analysis needs a path (a Kustomize patch). */
const GOLDEN_DIR = '/golden/overlay';

function optionsOf(text: string): { opts: EngineOptions; kustomize?: string } {
  const first = text.replace(/^\uFEFF/, '').split(/\r?\n/, 1)[0];
  const m = /^# golden:(.*)$/.exec(first);
  const opts: EngineOptions = {};
  let kustomize: string | undefined;
  if (!m) return { opts };
  for (const part of m[1].trim().split(/\s+/)) {
    const [k, v] = part.split('=');
    if (k === 'profile') opts.profile = v as ProfileName;
    else if (k === 'version') opts.version = v;
    else if (k === 'kustomize' && ['patches', 'patchesStrategicMerge', 'patchesJson6902'].includes(v)) kustomize = v;
    else throw new Error(`unknown golden option ${part}`);
  }
  return { opts, kustomize };
}

/** The cluster context of a golden input: a kustomization beside it that lists it under `field`, when it is a patch. */
function goldenCluster(file: string, field: string | undefined): (text: string) => ClusterContext | undefined {
  if (!field) return () => undefined;
  const entry = field === 'patchesStrategicMerge' ? `  - patches/${file}\n` : `  - path: patches/${file}\n`;
  const kustomization = extractFacts(`${GOLDEN_DIR}/kustomization.yaml`, `resources:\n  - ../base\n${field}:\n${entry}`);
  return (text) => new ClusterContext([kustomization, extractFacts(`${GOLDEN_DIR}/patches/${file}`, text)]);
}

/** Comment texts of a YAML stream, in order (from the YAML lexer, so `#` inside strings is not one). */
function comments(text: string): string[] {
  const out: string[] = [];
  for (const token of new Lexer().lex(text)) if (token.startsWith('#')) out.push(token.trimEnd());
  return out;
}

function lineBreaks(text: string): string {
  const crlf = (text.match(/\r\n/g) ?? []).length;
  const lf = (text.match(/\n/g) ?? []).length - crlf;
  const cr = (text.match(/\r(?!\n)/g) ?? []).length;
  return [crlf ? 'CRLF' : '', lf ? 'LF' : '', cr ? 'CR' : ''].filter(Boolean).join('+') || 'none';
}

/** What a fix changed: the differing lines (1-based) with one line of context on each side. */
function renderChange(before: string, after: string): string {
  const a = before.split(/\r\n|\n|\r/);
  const b = after.split(/\r\n|\n|\r/);
  let pre = 0;
  while (pre < a.length && pre < b.length && a[pre] === b[pre]) pre++;
  let suf = 0;
  while (suf < a.length - pre && suf < b.length - pre && a[a.length - 1 - suf] === b[b.length - 1 - suf]) suf++;
  const out = [`  @@ line ${pre + 1}`];
  if (pre > 0) out.push(`    ${a[pre - 1]}`);
  for (const l of a.slice(pre, a.length - suf)) out.push(`  - ${l}`);
  for (const l of b.slice(pre, b.length - suf)) out.push(`  + ${l}`);
  // the line after the change, unless it is the empty rest after the final line break
  if (suf > 1 || (suf === 1 && a[a.length - 1] !== '')) out.push(`    ${a[a.length - suf]}`);
  return out.map((l) => l.trimEnd()).join('\n');
}

function header(i: number, f: Finding): string {
  const where = `${f.range.start.line + 1}:${f.range.start.character + 1}`;
  return `[${i + 1}] ${f.ruleId} at ${where}${f.container ? ` (${f.container})` : ''}: ${f.fix!.title}${f.fix!.preferred ? ' [preferred]' : ''}`;
}

/** Properties every fixed text keeps. */
function assertPreserved(input: string, output: string, label: string): void {
  if (looksLikeGoTemplate(input)) {
    const errors = (t: string) => renderErrors(renderTemplate(t));
    assert.deepEqual(errors(output), errors(input), `${label}: the template renders as before`);
    assert.deepEqual(markerPaths(renderTemplate(output)), markerPaths(renderTemplate(input)), `${label}: every template action's output stays at its key path`);
  }
  assert.deepEqual(comments(output), comments(input), `${label}: comments must be kept`);
  assert.equal(lineBreaks(output), lineBreaks(input), `${label}: line breaks must stay as they were`);
  assert.equal(output.startsWith('\uFEFF'), input.startsWith('\uFEFF'), `${label}: byte order mark`);
  const separators = (t: string) =>
    t
      .split(/\r\n|\n|\r/)
      .filter((l) => /^(---|\.\.\.)(\s|$)/.test(l))
      .join('|');
  assert.equal(separators(output), separators(input), `${label}: document separators must be kept`);
}

function compareGolden(file: string, actual: string): void {
  const p = path.join(dir, file);
  if (update) {
    fs.writeFileSync(p, actual);
    return;
  }
  assert.ok(fs.existsSync(p), `${file} is missing: run with UPDATE_GOLDEN=1 and review it`);
  assert.equal(actual, fs.readFileSync(p, 'utf8'), `${file} differs`);
}

const inputs = fs.existsSync(dir)
  ? fs
      .readdirSync(dir)
      .filter((f) => f.endsWith('.yaml') && !f.endsWith('.fix-all.yaml'))
      .sort()
  : [];
/** rule ids whose fixes the golden files exercise */
const exercised = new Set<string>();

describe('golden fixes', () => {
  it('has its fixture directory', () => {
    assert.ok(inputs.length >= 10, `expected golden inputs in ${dir}`);
  });

  for (const file of inputs) {
    const name = file.replace(/\.yaml$/, '');
    describe(name, () => {
      const input = fs.readFileSync(path.join(dir, file), 'utf8');
      const { opts: options, kustomize } = optionsOf(input);
      const opts: EngineOptions = kustomize ? { ...options, filePath: `${GOLDEN_DIR}/patches/${file}` } : options;
      const clusterOf = goldenCluster(file, kustomize);
      const analyse = (text: string) => analyzeText(text, resolveRuleSet(opts), clusterOf(text));

      it('each quick fix alone', () => {
        const before = analyse(input);
        assert.deepEqual(
          before.findings.filter((f) => f.ruleId === 'yaml-syntax').map((f) => f.message),
          [],
          'the input must parse',
        );
        const fixable = before.findings.filter((f) => f.fix && !f.suppressed);
        assert.ok(fixable.length, 'a golden input needs at least one fixable finding');
        const blocks: string[] = [];
        fixable.forEach((f, i) => {
          const label = header(i, f);
          const output = applyEdits(input, findingEdits(f));
          assert.notEqual(output, input, `${label}: the fix changes nothing`);
          assertPreserved(input, output, label);
          const after = analyse(output);
          assertCleanAfterFix(before.findings, [f], after.findings, before.documents, after.documents, label);
          blocks.push(`${label}\n${renderChange(input, output)}`);
          exercised.add(f.ruleId);
        });
        compareGolden(`${name}.fixes.txt`, `${blocks.join('\n\n')}\n`);
      });

      it('fix-all', () => {
        const before = analyse(input);
        const result = fixAll(input, resolveRuleSet(opts), undefined, clusterOf(input));
        const output = result.text;
        assertPreserved(input, output, 'fix-all');
        assert.equal(applyEdits(input, result.edits), output, 'fix-all edits must reproduce its text');
        const after = analyse(output);
        const fixed = before.findings.filter(isAutoFixable);
        assertCleanAfterFix(before.findings, fixed, after.findings, before.documents, after.documents, 'fix-all');
        assert.deepEqual(
          after.findings.filter(isAutoFixable).map((f) => `${f.ruleId}: ${f.message}`),
          [],
          'fix-all leaves nothing it would fix',
        );
        assert.equal(fixAll(output, resolveRuleSet(opts), undefined, clusterOf(output)).applied, 0, 'fix-all is idempotent');
        if (fixed.length) assert.notEqual(output, input, 'fix-all applied nothing');
        compareGolden(`${name}.fix-all.yaml`, output);
      });
    });
  }

  describe('coverage', () => {
    it('the golden files exercise a fix of every fixable rule', function () {
      // filled by the cases above (sibling suites run in order); empty when only this test runs
      if (exercised.size === 0) this.skip();
      const fixable = ALL_RULES.filter((r) => r.meta.fixable).map((r) => r.meta.id);
      assert.deepEqual(
        fixable.filter((id) => !exercised.has(id)),
        [],
      );
    });
  });
});
