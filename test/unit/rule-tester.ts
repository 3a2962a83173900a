/**
 * A table-driven tester for podsec rules, in the manner of ESLint's RuleTester, with exact
 * stylelint-style fix assertions (`{range, text}` per edit, i.e. an LSP TextEdit).
 *
 *   ruleTester('privileged', {
 *     valid: [{ code }],
 *     invalid: [{ code, errors: [{ message, range: [line, char, endLine, endChar], fix }], output }],
 *   });
 *
 * - Only findings of the rule under test are compared, in order, and their number must match.
 * - Ranges are 0-based LSP positions (UTF-16 code units).
 * - A finding that has a fix must say so (`fix: {title, preferred, edits}`); one without a fix
 *   must not (`fix` omitted or null).
 * - Every fix is applied on its own to `code` and must give `output` exactly (a string when one
 *   error has a fix, else one string per fixed error, in order). The output is analysed again: it
 *   must parse, have as many documents, no longer hold the fixed finding, and hold no finding of
 *   any rule that was not there before.
 * - Cases must be unique, must parse, and a valid case must contain a pod spec (so a typo in
 *   `kind` cannot make it pass vacuously) unless it says `noPodSpec: true`.
 * Defaults: profile `restricted`, policy version `latest`.
 */
import * as assert from 'node:assert/strict';
import { parseAllDocuments } from 'yaml';
import { analyzeText } from '../../server/src/engine/analyze';
import { applyEdits, findingEdits } from '../../server/src/engine/fix/apply';
import { DocModel } from '../../server/src/engine/model';
import { EngineOptions, RULES_BY_ID, resolveRuleSet } from '../../server/src/engine/profiles';
import { LineIndex, Range } from '../../server/src/engine/text';
import type { Finding, ProfileName, Severity } from '../../server/src/engine/types';
import { objectsOf, podSpecOf } from '../../server/src/engine/workloads';

/** [line, character, endLine, endCharacter], 0-based, UTF-16 code units */
export type RangeTuple = [number, number, number, number];

export interface ExpectedEdit {
  range: RangeTuple;
  text: string;
}

export interface ExpectedFix {
  title: string;
  /** applied by fix-all and `--fix` */
  preferred: boolean;
  edits: ExpectedEdit[];
}

export interface ExpectedError {
  message: string | RegExp;
  range: RangeTuple;
  container?: string | null;
  path?: string;
  severity?: Severity;
  fromPodLevel?: boolean;
  related?: { message: string | RegExp; range: RangeTuple }[];
  /** the quick fix; omitted or null: the finding has none */
  fix?: ExpectedFix | null;
}

interface CaseBase {
  /** shown in the test title */
  name?: string;
  code: string;
  profile?: ProfileName;
  /** `latest` or `v1.N` */
  version?: string;
  filePath?: string;
  /** further engine options (rule severities, suppression policy) */
  options?: Omit<EngineOptions, 'profile' | 'version' | 'filePath'>;
}

export interface ValidCase extends CaseBase {
  /** the case deliberately holds no pod spec */
  noPodSpec?: boolean;
}

export interface InvalidCase extends CaseBase {
  errors: ExpectedError[];
  /** text after applying the one fix, or after each fix in turn */
  output?: string | string[];
}

export interface RuleTests {
  valid: ValidCase[];
  invalid: InvalidCase[];
}

/** Dedent a template literal: drops the first line break and the common indentation; ends with one "\n". */
export function y(strings: TemplateStringsArray, ...values: unknown[]): string {
  let text = strings.reduce((acc, s, i) => acc + s + (i < values.length ? String(values[i]) : ''), '');
  text = text.replace(/^[ \t]*\n/, '').replace(/\n[ \t]*$/, '\n');
  const lines = text.split('\n');
  const indents = lines.filter((l) => l.trim()).map((l) => /^ */.exec(l)![0].length);
  const cut = indents.length ? Math.min(...indents) : 0;
  const out = lines.map((l) => l.slice(Math.min(cut, /^ */.exec(l)![0].length))).join('\n');
  return out.endsWith('\n') ? out : `${out}\n`;
}

/** The same text with CRLF line breaks. */
export function crlf(text: string): string {
  return text.replace(/\r?\n/g, '\r\n');
}

function engineOptions(c: CaseBase): EngineOptions {
  return { ...(c.options ?? {}), profile: c.profile ?? 'restricted', version: c.version ?? 'latest', filePath: c.filePath };
}

function tuple(r: Range): RangeTuple {
  return [r.start.line, r.start.character, r.end.line, r.end.character];
}

/** The findings that count: not suppressed. */
function analyze(code: string, c: CaseBase) {
  const res = analyzeText(code, resolveRuleSet(engineOptions(c)));
  if (res.ruleErrors.length) assert.fail(`a rule threw: ${res.ruleErrors.map((e) => `${e.ruleId}: ${e.message}`).join('; ')}`);
  return { findings: res.findings.filter((f) => !f.suppressed), documents: res.documents };
}

function quote(s: string): string {
  return `'${s.replace(/\\/g, '\\\\').replace(/'/g, "\\'").replace(/\n/g, '\\n').replace(/\r/g, '\\r')}'`;
}

/** A finding written as an expectation, for failure messages. */
export function describeFinding(f: Finding): string {
  const parts = [`message: ${quote(f.message)}`, `range: ${JSON.stringify(tuple(f.range))}`, `container: ${f.container === null ? 'null' : quote(f.container)}`, `path: ${quote(f.path)}`, `severity: '${f.severity}'`];
  if (f.fix) {
    const edits = f.fix.edits.map((e) => `{ range: ${JSON.stringify(tuple(e.range))}, text: ${quote(e.newText)} }`).join(', ');
    parts.push(`fix: { title: ${quote(f.fix.title)}, preferred: ${f.fix.preferred}, edits: [${edits}] }`);
  }
  return `{ ${parts.join(', ')} }`;
}

function key(f: Finding): string {
  return `${f.ruleId}|${f.containerKind}|${f.container}|${f.message}`;
}

function counts(findings: Finding[]): Map<string, number> {
  const m = new Map<string, number>();
  for (const f of findings) m.set(key(f), (m.get(key(f)) ?? 0) + 1);
  return m;
}

/**
 * After a fix: the text parses, has as many documents, the fixed finding is gone and no finding
 * appeared that was not there before.
 */
export function assertCleanAfterFix(before: Finding[], fixed: Finding[], after: Finding[], docsBefore: number, docsAfter: number, label: string): void {
  const syntax = after.filter((f) => f.ruleId === 'yaml-syntax');
  assert.deepEqual(syntax.map((f) => f.message), [], `${label}: the fixed text must parse`);
  assert.equal(docsAfter, docsBefore, `${label}: the fix must keep the number of YAML documents`);
  const allowed = counts(before);
  for (const f of fixed) allowed.set(key(f), (allowed.get(key(f)) ?? 0) - 1);
  const extra: string[] = [];
  for (const [k, n] of counts(after)) if (n > (allowed.get(k) ?? 0)) extra.push(k);
  assert.deepEqual(extra, [], `${label}: after the fix, these findings are new or the fixed one remains`);
}

function checkRange(code: string, lines: LineIndex, r: Range, offset: [number, number], what: string): void {
  const back = [lines.offset(r.start), lines.offset(r.end)];
  assert.deepEqual(back, offset, `${what}: range and offsets disagree in ${JSON.stringify(code.slice(0, 40))}...`);
}

function checkCaseShape(c: CaseBase, where: string): void {
  if (typeof c.code !== 'string' || !c.code) throw new Error(`${where}: code must be a non-empty string`);
}

function caseKey(c: CaseBase): string {
  return JSON.stringify([c.code, c.profile ?? 'restricted', c.version ?? 'latest', c.filePath ?? null, c.options ?? null]);
}

function title(kind: string, i: number, c: CaseBase): string {
  const first = c.code.split(/\r?\n/).find((l) => /\S/.test(l) && !/^(apiVersion|metadata| {2}name):/.test(l)) ?? '';
  const setting = [c.profile ?? 'restricted', c.version ?? 'latest'].join('@');
  return `${kind} #${i + 1} (${setting}): ${c.name ?? first.trim()}`;
}

function containsPodSpec(code: string): boolean {
  for (const doc of parseAllDocuments(code)) {
    if (!('contents' in doc) || !doc.contents) continue;
    const model = new DocModel(doc, code, undefined);
    if (objectsOf(model).some((o) => podSpecOf(o))) return true;
  }
  return false;
}

function covered(code: string, lines: LineIndex, r: RangeTuple): string {
  const s = lines.offset({ line: r[0], character: r[1] });
  const e = lines.offset({ line: r[2], character: r[3] });
  return JSON.stringify(code.slice(s, e));
}

function matches(actual: string, expected: string | RegExp): boolean {
  return typeof expected === 'string' ? actual === expected : expected.test(actual);
}

/** Throws unless every case is well formed and unique (as ESLint's RuleTester does). */
export function checkCases(ruleId: string, tests: RuleTests): void {
  if (!RULES_BY_ID.has(ruleId)) throw new Error(`unknown rule ${ruleId}`);
  const seen = new Map<string, string>();
  const all: [string, number, CaseBase][] = [
    ...tests.valid.map((c, i) => ['valid', i, c] as [string, number, CaseBase]),
    ...tests.invalid.map((c, i) => ['invalid', i, c] as [string, number, CaseBase]),
  ];
  for (const [kind, i, c] of all) {
    const where = `${ruleId} ${kind} #${i + 1}`;
    checkCaseShape(c, where);
    if (kind === 'invalid' && !(c as InvalidCase).errors?.length) throw new Error(`${where}: an invalid case needs at least one expected error`);
    const k = caseKey(c);
    const prev = seen.get(k);
    if (prev) throw new Error(`${where} duplicates ${prev}`);
    seen.set(k, where);
  }
}

/** Assert a valid case: it parses, holds a pod spec, and draws no finding of the rule. */
export function checkValid(ruleId: string, c: ValidCase): void {
  const { findings } = analyze(c.code, c);
  if (ruleId !== 'yaml-syntax') {
    assert.deepEqual(findings.filter((f) => f.ruleId === 'yaml-syntax').map((f) => f.message), [], 'the case must parse');
  }
  if (!c.noPodSpec) assert.ok(containsPodSpec(c.code), 'a valid case must contain a pod spec (or say noPodSpec: true)');
  const own = findings.filter((f) => f.ruleId === ruleId);
  assert.equal(own.length, 0, `expected no ${ruleId} finding, got:\n${own.map(describeFinding).join('\n')}`);
}

/** Assert an invalid case: exactly the expected findings, fixes and outputs. */
export function checkInvalid(ruleId: string, c: InvalidCase): void {
  const before = analyze(c.code, c);
  if (ruleId !== 'yaml-syntax') {
    assert.deepEqual(before.findings.filter((f) => f.ruleId === 'yaml-syntax').map((f) => f.message), [], 'the case must parse');
  }
  const own = before.findings.filter((f) => f.ruleId === ruleId);
  const listing = own.map(describeFinding).join('\n');
  assert.equal(own.length, c.errors.length, `expected ${c.errors.length} ${ruleId} finding(s), got ${own.length}:\n${listing}`);
  const lines = new LineIndex(c.code);
  own.forEach((f, j) => {
    const e = c.errors[j];
    const label = `error ${j + 1}`;
    assert.ok(matches(f.message, e.message), `${label}: message\n  actual:   ${f.message}\n  expected: ${String(e.message)}`);
    assert.deepEqual(tuple(f.range), e.range, `${label}: range covers ${covered(c.code, lines, tuple(f.range))}, expected ${covered(c.code, lines, e.range)}`);
    checkRange(c.code, lines, f.range, f.offset, `${label}`);
    if (e.container !== undefined) assert.equal(f.container, e.container, `${label}: container`);
    if (e.path !== undefined) assert.equal(f.path, e.path, `${label}: path`);
    if (e.severity !== undefined) assert.equal(f.severity, e.severity, `${label}: severity`);
    if (e.fromPodLevel !== undefined) assert.equal(f.fromPodLevel, e.fromPodLevel, `${label}: fromPodLevel`);
    if (e.related !== undefined) {
      assert.equal(f.related.length, e.related.length, `${label}: number of related locations`);
      f.related.forEach((r, k) => {
        assert.ok(matches(r.message, e.related![k].message), `${label}: related ${k + 1} message: ${r.message}`);
        assert.deepEqual(tuple(r.range), e.related![k].range, `${label}: related ${k + 1} range`);
        checkRange(c.code, lines, r.range, r.offset, `${label} related`);
      });
    }
    if (!e.fix) {
      assert.equal(f.fix, undefined, `${label}: unexpected fix ${f.fix ? JSON.stringify(f.fix.title) : ''}\n${describeFinding(f)}`);
      return;
    }
    assert.ok(f.fix, `${label}: expected a fix "${e.fix.title}", the finding has none`);
    assert.equal(f.fix.title, e.fix.title, `${label}: fix title`);
    assert.equal(f.fix.preferred, e.fix.preferred, `${label}: fix preferred`);
    assert.deepEqual(
      f.fix.edits.map((x) => ({ range: tuple(x.range), text: x.newText })),
      e.fix.edits,
      `${label}: fix edits`,
    );
    for (const x of f.fix.edits) checkRange(c.code, lines, x.range, x.offset, `${label} edit`);
  });

  const fixed = own.filter((f) => f.fix);
  const outputs = c.output === undefined ? [] : typeof c.output === 'string' ? [c.output] : c.output;
  assert.equal(outputs.length, fixed.length, `output: give one text per error with a fix (${fixed.length})`);
  fixed.forEach((f, j) => {
    const label = fixed.length > 1 ? `output ${j + 1}` : 'output';
    const text = applyEdits(c.code, findingEdits(f));
    assert.equal(text, outputs[j], `${label}: text after "${f.fix!.title}"`);
    const after = analyze(text, c);
    assertCleanAfterFix(before.findings, [f], after.findings, before.documents, after.documents, label);
  });
}

/** Register the cases of one rule with mocha. */
export function ruleTester(ruleId: string, tests: RuleTests): void {
  checkCases(ruleId, tests);
  describe(`rule ${ruleId}`, () => {
    tests.valid.forEach((c, i) => it(title('valid', i, c), () => checkValid(ruleId, c)));
    tests.invalid.forEach((c, i) => it(title('invalid', i, c), () => checkInvalid(ruleId, c)));
  });
}
