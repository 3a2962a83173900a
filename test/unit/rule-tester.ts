/**
 * A table-driven tester for podsec rules, in the manner of ESLint's RuleTester.
 *
 *   ruleTester('privileged', {
 *     valid: [{ code }],
 *     invalid: [{
 *       code,
 *       errors: [{ messageId: 'privileged', data: { subject: "Container 'app'", value: 'true' }, at: 'privileged: true',
 *                  fix: { title: "Set privileged: false in container 'app'", preferred: false } }],
 *       output: { 9: '      privileged: false' },
 *     }],
 *   });
 *
 * - Only findings of the rule under test are compared, in order, and their number must match.
 * - A finding's message is given as text (`message`, a string or a pattern) or as one of the
 *   rule's `meta.messages` (`messageId` with the `data` for its placeholders: the text it gives
 *   must equal the finding's).
 * - Where a finding is: `at`, the text it underlines (the `occurrence`-th time that text appears
 *   in the code, counted from 1; without `occurrence` the text must appear once), or `range`,
 *   0-based LSP positions (UTF-16 code units) `[line, character, endLine, endCharacter]`.
 * - A finding that has a fix must say so (`fix: {title, preferred}`); one without a fix must not
 *   (`fix` omitted or null). `meta.fixable` must agree: a rule that is not fixable offers no fix,
 *   and a fixable rule shows one in at least one case.
 * - What a fix does is given either by its `edits` (`fix.edits`, exact LSP text edits) or by the
 *   case's `output`, the text after applying each fix on its own to `code` (one output per error
 *   with a fix, in order), not both. An output is the whole text, or only its changed lines:
 *   `{ 9: '      privileged: false' }` maps a 0-based line of `code` to its new text (which may
 *   hold line breaks, to add lines) or to null (the line and its line break are removed); then
 *   the fix may edit only the lines listed.
 * - Every fixed text is analysed again: it must parse, have as many documents, no longer hold the
 *   fixed finding, and hold no finding of any rule that was not there before.
 * - `files` are other files analysed together with the case (path -> text, as `podsec check`
 *   reads a folder): RKE2 drop-ins, Namespaces, ... Their facts make the cluster context; only the
 *   case's own file is checked, and after a fix its facts are read again.
 * - `profiles` and `versions` run a case once for each profile and policy version (and each
 *   combination), with the same expectations; `profile` and `version` give one.
 * - Cases must be unique (per profile and version), must parse, and a valid case must contain a
 *   pod spec (so a typo in `kind` cannot make it pass vacuously) unless it says `noPodSpec: true`.
 * - Every message in the rule's `meta.messages` must be asserted by at least one error.
 * Defaults: profile `restricted`, policy version `latest`.
 */
import * as assert from 'node:assert/strict';
import { parseAllDocuments } from 'yaml';
import { ClusterContext } from '../../server/src/engine/cluster/context';
import { extractFacts } from '../../server/src/engine/cluster/facts';
import { hasFacts } from '../../server/src/engine/cluster/types';
import { analyzeText } from '../../server/src/engine/pipeline';
import { applyEdits, findingEdits } from '../../server/src/engine/fix/apply';
import { DocModel } from '../../server/src/engine/model';
import { EngineOptions, RULES_BY_ID, resolveRuleSet } from '../../server/src/engine/profiles';
import { formatMessage, MessageData } from '../../server/src/engine/rule';
import { LineIndex, Range } from '../../server/src/engine/text';
import type { Finding, ProfileName, RuleMeta, Severity } from '../../server/src/engine/types';
import { objectsOf, podSpecOf } from '../../server/src/engine/workloads';

/** [line, character, endLine, endCharacter], 0-based, UTF-16 code units */
export type RangeTuple = [number, number, number, number];

/** Where something is: the text it covers (`at`, its `occurrence`-th appearance from 1), or its range. */
export interface Locator {
  at?: string;
  occurrence?: number;
  range?: RangeTuple;
}

/** A message: its text (or a pattern), or one of the rule's messages by id with its data. */
export interface ExpectedMessage {
  message?: string | RegExp;
  messageId?: string;
  data?: MessageData;
}

export interface ExpectedEdit {
  range: RangeTuple;
  text: string;
}

export interface ExpectedFix {
  title: string;
  /** applied by fix-all and `--fix` */
  preferred: boolean;
  /** the exact text edits; give these or the case's `output` */
  edits?: ExpectedEdit[];
}

export interface ExpectedError extends ExpectedMessage, Locator {
  container?: string | null;
  path?: string;
  severity?: Severity;
  fromPodLevel?: boolean;
  related?: (ExpectedMessage & Locator)[];
  /** the quick fix; omitted or null: the finding has none */
  fix?: ExpectedFix | null;
}

/** The changed lines of a text: 0-based line of the code -> its new text, or null to remove it. */
export type ChangedLines = Record<number, string | null>;

/** The text after a fix: all of it, or its changed lines. */
export type Output = string | ChangedLines;

interface CaseBase {
  /** shown in the test title */
  name?: string;
  code: string;
  profile?: ProfileName;
  /** run the case once in each of these profiles */
  profiles?: ProfileName[];
  /** `latest` or `v1.N` */
  version?: string;
  /** run the case once at each of these policy versions */
  versions?: string[];
  filePath?: string;
  /**
   * Other files analysed together with the case (path -> text), as `podsec check` reads a folder:
   * their facts make the cluster context (RKE2 drop-ins, namespaces, ...). Only the case's own
   * file (`code` at `filePath`, which it then needs) is checked for findings.
   */
  files?: Record<string, string>;
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
  output?: Output | Output[];
}

export interface RuleTests {
  valid: ValidCase[];
  invalid: InvalidCase[];
}

/** One run of a case: one profile at one policy version. */
export interface Setting {
  profile: ProfileName;
  version: string;
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

/**
 * A Pod named web with this spec: y`apiVersion: v1 / kind: Pod / metadata: / name: web / spec:`
 * (lines 0 to 4), then the template's text indented under spec (its first line is line 5).
 */
export function pod(strings: TemplateStringsArray, ...values: unknown[]): string {
  return `apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n${y(strings, ...values).replace(/^(?=.)/gm, '  ')}`;
}

/** A Pod named web with one container, 'app' (line 6), that sets no securityContext: what a rule requiring a setting flags. */
export const BARE_POD = pod`
  containers:
  - name: app
    image: nginx
`;

/** The main RKE2 config file: a case with this `filePath` is read as an RKE2 config. */
export const RKE2_CONFIG = '/etc/rancher/rke2/config.yaml';

/** A valid case that is a file at this path holding no Kubernetes object (a config file). */
export function configFile(filePath: string = RKE2_CONFIG): { filePath: string; noPodSpec: true } {
  return { filePath, noPodSpec: true };
}

/**
 * Where a fix title says it acts, for a finding's subject: "Container 'app'" -> "in container 'app'",
 * "The pod" -> "in the pod's securityContext".
 */
export function inWhere(subject: string): string {
  return subject === 'The pod' ? "in the pod's securityContext" : `in ${subject[0].toLowerCase()}${subject.slice(1)}`;
}

/** The same text with CRLF line breaks. */
export function crlf(text: string): string {
  return text.replace(/\r?\n/g, '\r\n');
}

/** The profiles and policy versions a case runs in. */
export function settingsOf(c: CaseBase): Setting[] {
  const profiles = c.profiles ?? [c.profile ?? 'restricted'];
  const versions = c.versions ?? [c.version ?? 'latest'];
  return profiles.flatMap((profile) => versions.map((version) => ({ profile, version })));
}

function engineOptions(c: CaseBase, s: Setting): EngineOptions {
  return { ...(c.options ?? {}), profile: s.profile, version: s.version, filePath: c.filePath };
}

function tuple(r: Range): RangeTuple {
  return [r.start.line, r.start.character, r.end.line, r.end.character];
}

/** The findings that count: not suppressed. */
/** The cluster context of a case with other files: every file's facts, the case's own from `code`. */
function clusterOf(code: string, c: CaseBase): ClusterContext | undefined {
  if (!c.files) return undefined;
  const facts = [extractFacts(c.filePath!, code), ...Object.entries(c.files).map(([p, t]) => extractFacts(p, t))];
  return new ClusterContext(facts.filter(hasFacts));
}

function analyze(code: string, c: CaseBase, s: Setting) {
  const res = analyzeText(code, resolveRuleSet(engineOptions(c, s)), clusterOf(code, c));
  if (res.ruleErrors.length) assert.fail(`a rule threw: ${res.ruleErrors.map((e) => `${e.ruleId}: ${e.message}`).join('; ')}`);
  return { findings: res.findings.filter((f) => !f.suppressed), documents: res.documents };
}

function quote(s: string): string {
  return `'${s.replace(/\\/g, '\\\\').replace(/'/g, "\\'").replace(/\n/g, '\\n').replace(/\r/g, '\\r')}'`;
}

/** Offsets of every appearance of `text` in `code`. */
function appearances(code: string, text: string): number[] {
  const out: number[] = [];
  for (let i = code.indexOf(text); i >= 0; i = code.indexOf(text, i + 1)) out.push(i);
  return out;
}

/** How an expectation would locate [s, e): by its text when that is usable, else by its range. */
function locatorOf(code: string, lines: LineIndex, s: number, e: number): string {
  const text = code.slice(s, e);
  if (text.trim() && !/[\r\n]/.test(text)) {
    const n = appearances(code, text).indexOf(s) + 1;
    return `at: ${quote(text)}${appearances(code, text).length > 1 ? `, occurrence: ${n}` : ''}`;
  }
  return `range: ${JSON.stringify(tuple(lines.range(s, e)))}`;
}

/** A finding written as an expectation, for failure messages. */
export function describeFinding(f: Finding, code?: string): string {
  const lines = code === undefined ? undefined : new LineIndex(code);
  const where = code !== undefined && lines ? locatorOf(code, lines, f.offset[0], f.offset[1]) : `range: ${JSON.stringify(tuple(f.range))}`;
  const parts = [
    `message: ${quote(f.message)}`,
    where,
    `container: ${f.container === null ? 'null' : quote(f.container)}`,
    `path: ${quote(f.path)}`,
    `severity: '${f.severity}'`,
  ];
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
  assert.deepEqual(
    syntax.map((f) => f.message),
    [],
    `${label}: the fixed text must parse`,
  );
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

/** The offsets a locator names in `code`; throws when it names nothing, or more than one place. */
export function locate(code: string, lines: LineIndex, loc: Locator, what: string): [number, number] {
  if (loc.range) {
    const r = loc.range;
    return [lines.offset({ line: r[0], character: r[1] }), lines.offset({ line: r[2], character: r[3] })];
  }
  const text = loc.at ?? '';
  const found = appearances(code, text);
  if (!found.length) throw new Error(`${what}: at ${quote(text)} does not appear in the code`);
  if (loc.occurrence === undefined) {
    if (found.length > 1) throw new Error(`${what}: at ${quote(text)} appears ${found.length} times; say which with occurrence (from 1)`);
    return [found[0], found[0] + text.length];
  }
  const s = found[loc.occurrence - 1];
  if (s === undefined) throw new Error(`${what}: at ${quote(text)} appears ${found.length} times, not ${loc.occurrence}`);
  return [s, s + text.length];
}

function checkLocator(loc: Locator, where: string): void {
  if ((loc.at === undefined) === (loc.range === undefined)) throw new Error(`${where}: give either at or range`);
  if (loc.at !== undefined && !loc.at) throw new Error(`${where}: at must not be empty`);
  if (loc.occurrence !== undefined && (loc.at === undefined || !Number.isInteger(loc.occurrence) || loc.occurrence < 1)) {
    throw new Error(`${where}: occurrence counts appearances of at, from 1`);
  }
}

function checkMessageShape(m: ExpectedMessage, meta: RuleMeta, where: string): void {
  if ((m.message === undefined) === (m.messageId === undefined)) throw new Error(`${where}: give either message or messageId`);
  if (m.data !== undefined && m.messageId === undefined) throw new Error(`${where}: data goes with messageId`);
  if (m.messageId !== undefined) {
    const template = meta.messages && Object.hasOwn(meta.messages, m.messageId) ? meta.messages[m.messageId] : undefined;
    if (template === undefined)
      throw new Error(`${where}: rule ${meta.id} has no message '${m.messageId}' (it has ${Object.keys(meta.messages ?? {}).join(', ') || 'none'})`);
    try {
      formatMessage(template, m.data);
    } catch (e) {
      throw new Error(`${where}: ${(e as Error).message}`, { cause: e });
    }
  }
}

/** The message text an expectation means, or its pattern. */
function expectedText(m: ExpectedMessage, meta: RuleMeta): string | RegExp {
  if (m.messageId === undefined) return m.message!;
  return formatMessage(meta.messages![m.messageId], m.data);
}

function isChangedLines(o: Output): o is ChangedLines {
  return typeof o === 'object' && o !== null;
}

function outputsOf(c: InvalidCase): Output[] {
  if (c.output === undefined) return [];
  return Array.isArray(c.output) ? c.output : [c.output];
}

function checkOutputShape(o: Output, where: string): void {
  if (typeof o === 'string') return;
  if (!isChangedLines(o) || Array.isArray(o)) throw new Error(`${where}: an output is a string or changed lines ({ line: text })`);
  const keys = Object.keys(o);
  if (!keys.length) throw new Error(`${where}: changed lines list no line`);
  for (const k of keys) {
    if (!/^(0|[1-9]\d*)$/.test(k)) throw new Error(`${where}: changed lines are keyed by 0-based line numbers, not ${quote(k)}`);
    const v = o[Number(k)];
    if (v !== null && typeof v !== 'string') throw new Error(`${where}: line ${k} must map to its new text or null`);
  }
}

function caseKey(c: CaseBase, s: Setting): string {
  return JSON.stringify([c.code, s.profile, s.version, c.filePath ?? null, c.files ?? null, c.options ?? null]);
}

function title(kind: string, i: number, c: CaseBase, s: Setting): string {
  const first = c.code.split(/\r?\n/).find((l) => /\S/.test(l) && !/^(apiVersion|metadata| {2}name):/.test(l)) ?? '';
  return `${kind} #${i + 1} (${s.profile}@${s.version}): ${c.name ?? first.trim()}`;
}

function containsPodSpec(code: string): boolean {
  for (const doc of parseAllDocuments(code)) {
    if (!('contents' in doc) || !doc.contents) continue;
    const model = new DocModel(doc, code, undefined);
    if (objectsOf(model).some((o) => podSpecOf(o))) return true;
  }
  return false;
}

function matches(actual: string, expected: string | RegExp): boolean {
  return typeof expected === 'string' ? actual === expected : expected.test(actual);
}

function metaOf(ruleId: string): RuleMeta {
  const rule = RULES_BY_ID.get(ruleId);
  if (!rule) throw new Error(`unknown rule ${ruleId}`);
  return rule.meta;
}

function checkCaseShape(c: CaseBase, where: string): void {
  if (typeof c.code !== 'string' || !c.code) throw new Error(`${where}: code must be a non-empty string`);
  if (c.profiles && c.profile) throw new Error(`${where}: give profile or profiles, not both`);
  if (c.versions && c.version) throw new Error(`${where}: give version or versions, not both`);
  if (c.profiles && !c.profiles.length) throw new Error(`${where}: profiles is empty`);
  if (c.versions && !c.versions.length) throw new Error(`${where}: versions is empty`);
  if (c.files && !c.filePath) throw new Error(`${where}: a case with other files needs its own filePath`);
  if (c.files && c.filePath && Object.hasOwn(c.files, c.filePath)) throw new Error(`${where}: files must not hold the case's own file`);
}

function checkInvalidShape(c: InvalidCase, meta: RuleMeta, where: string): void {
  if (!c.errors?.length) throw new Error(`${where}: an invalid case needs at least one expected error`);
  c.errors.forEach((e, j) => {
    const at = `${where} error ${j + 1}`;
    checkMessageShape(e, meta, at);
    checkLocator(e, at);
    (e.related ?? []).forEach((r, k) => {
      checkMessageShape(r, meta, `${at} related ${k + 1}`);
      checkLocator(r, `${at} related ${k + 1}`);
    });
  });
  const outputs = outputsOf(c);
  outputs.forEach((o, j) => checkOutputShape(o, `${where} output ${j + 1}`));
  if (outputs.length && c.errors.some((e) => e.fix?.edits)) throw new Error(`${where}: give either fix.edits or output, not both`);
  if (!outputs.length && c.errors.some((e) => e.fix && !e.fix.edits)) throw new Error(`${where}: say what each fix does, with output (or fix.edits)`);
}

/**
 * `meta.fixable` agrees with the table: a fixable rule shows a fix in at least one case, a rule
 * that is not fixable in none.
 */
export function checkFixable(ruleId: string, tests: RuleTests): void {
  const meta = metaOf(ruleId);
  const shown = tests.invalid.some((c) => c.errors.some((e) => e.fix));
  if (meta.fixable && !shown) throw new Error(`${ruleId}: meta.fixable is true, but no case shows a fix`);
  if (!meta.fixable && shown) throw new Error(`${ruleId}: a case expects a fix, but meta.fixable is false`);
}

/** A finding of a rule that is not fixable must not carry a fix (as ESLint's linter refuses one). */
export function assertFixableAgrees(meta: RuleMeta, f: Finding): void {
  if (f.fix && !meta.fixable) assert.fail(`${meta.id} offers the fix "${f.fix.title}", but its meta.fixable is false`);
}

/** The placeholders of a template as a pattern of the texts it gives. */
function templatePattern(template: string): RegExp {
  const parts = template.split(/\{\{\s*[A-Za-z_]\w*\s*\}\}/);
  return new RegExp(`^${parts.map((p) => p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('[\\s\\S]*')}$`);
}

/** Every message of the rule is asserted by some error (by id, or by a text that it gives). */
export function checkMessagesCovered(ruleId: string, tests: RuleTests): void {
  const messages = metaOf(ruleId).messages ?? {};
  const used = new Set<string>();
  const texts: string[] = [];
  for (const c of tests.invalid) {
    for (const m of c.errors.flatMap((e) => [e, ...(e.related ?? [])])) {
      if (m.messageId !== undefined) used.add(m.messageId);
      else if (typeof m.message === 'string') texts.push(m.message);
    }
  }
  const missing = Object.entries(messages)
    .filter(([id, template]) => !used.has(id) && !texts.some((t) => templatePattern(template).test(t)))
    .map(([id]) => id);
  if (missing.length) throw new Error(`${ruleId}: no case asserts the message(s) ${missing.join(', ')}`);
}

/** Throws unless every case is well formed and unique (as ESLint's RuleTester does). */
export function checkCases(ruleId: string, tests: RuleTests): void {
  const meta = metaOf(ruleId);
  const seen = new Map<string, string>();
  const all: [string, number, CaseBase][] = [
    ...tests.valid.map((c, i) => ['valid', i, c] as [string, number, CaseBase]),
    ...tests.invalid.map((c, i) => ['invalid', i, c] as [string, number, CaseBase]),
  ];
  for (const [kind, i, c] of all) {
    const where = `${ruleId} ${kind} #${i + 1}`;
    checkCaseShape(c, where);
    if (kind === 'invalid') checkInvalidShape(c as InvalidCase, meta, where);
    for (const s of settingsOf(c)) {
      const k = caseKey(c, s);
      const prev = seen.get(k);
      if (prev) throw new Error(`${where} (${s.profile}@${s.version}) duplicates ${prev}`);
      seen.set(k, `${where} (${s.profile}@${s.version})`);
    }
  }
}

/** Assert a valid case in one setting: it parses, holds a pod spec, and draws no finding of the rule. */
export function checkValid(ruleId: string, c: ValidCase, s: Setting = settingsOf(c)[0]): void {
  const { findings } = analyze(c.code, c, s);
  if (ruleId !== 'yaml-syntax') {
    assert.deepEqual(
      findings.filter((f) => f.ruleId === 'yaml-syntax').map((f) => f.message),
      [],
      'the case must parse',
    );
  }
  if (!c.noPodSpec) assert.ok(containsPodSpec(c.code), 'a valid case must contain a pod spec (or say noPodSpec: true)');
  const own = findings.filter((f) => f.ruleId === ruleId);
  assert.equal(own.length, 0, `expected no ${ruleId} finding, got:\n${own.map((f) => describeFinding(f, c.code)).join('\n')}`);
}

/** The text after a fix as an output describes it. */
function expectedOutput(code: string, lines: LineIndex, o: Output, label: string): string {
  if (!isChangedLines(o)) return o;
  const changed = new Map(Object.entries(o).map(([k, v]) => [Number(k), v]));
  for (const n of changed.keys()) if (n >= lines.lineCount) assert.fail(`${label}: the code has no line ${n} (lines 0 to ${lines.lineCount - 1})`);
  let out = '';
  for (let n = 0; n < lines.lineCount; n++) {
    const start = lines.starts[n];
    const end = Math.min(lines.lineEnd(n), code.length);
    const next = n + 1 < lines.lineCount ? lines.starts[n + 1] : code.length;
    if (!changed.has(n)) out += code.slice(start, next);
    else if (changed.get(n) !== null) out += changed.get(n) + code.slice(end, next);
  }
  return out;
}

/** With changed lines, a fix may edit only the lines listed. */
function assertEditsWithin(lines: LineIndex, f: Finding, o: ChangedLines, label: string): void {
  const listed = new Set(Object.keys(o).map(Number));
  for (const e of f.fix!.edits) {
    const [s, t] = e.offset;
    const first = lines.lineAt(s);
    let last = lines.lineAt(t);
    if (last > first && lines.starts[last] === t) last--;
    for (let n = first; n <= last; n++) {
      if (!listed.has(n))
        assert.fail(`${label}: the fix edits line ${n}, which the output does not list (edit ${JSON.stringify(tuple(e.range))} -> ${quote(e.newText)})`);
    }
  }
}

/** Assert an invalid case in one setting: exactly the expected findings, fixes and outputs. */
export function checkInvalid(ruleId: string, c: InvalidCase, s: Setting = settingsOf(c)[0]): void {
  const meta = metaOf(ruleId);
  checkInvalidShape(c, meta, `${ruleId} invalid case`);
  const before = analyze(c.code, c, s);
  if (ruleId !== 'yaml-syntax') {
    assert.deepEqual(
      before.findings.filter((f) => f.ruleId === 'yaml-syntax').map((f) => f.message),
      [],
      'the case must parse',
    );
  }
  const own = before.findings.filter((f) => f.ruleId === ruleId);
  const listing = own.map((f) => describeFinding(f, c.code)).join('\n');
  assert.equal(own.length, c.errors.length, `expected ${c.errors.length} ${ruleId} finding(s), got ${own.length}:\n${listing}`);
  const lines = new LineIndex(c.code);
  const covered = (o: [number, number]) => `${JSON.stringify(c.code.slice(o[0], o[1]))} ${JSON.stringify(tuple(lines.range(o[0], o[1])))}`;
  own.forEach((f, j) => {
    const e = c.errors[j];
    const label = `error ${j + 1}`;
    const message = expectedText(e, meta);
    assert.ok(matches(f.message, message), `${label}: message\n  actual:   ${f.message}\n  expected: ${String(message)}`);
    const want = locate(c.code, lines, e, label);
    const where = `${label}: the finding covers ${covered(f.offset)} (${locatorOf(c.code, lines, f.offset[0], f.offset[1])}), expected ${covered(want)}`;
    if (e.range) assert.deepEqual(tuple(f.range), e.range, where);
    else assert.deepEqual(f.offset, want, where);
    checkRange(c.code, lines, f.range, f.offset, `${label}`);
    if (e.container !== undefined) assert.equal(f.container, e.container, `${label}: container`);
    if (e.path !== undefined) assert.equal(f.path, e.path, `${label}: path`);
    if (e.severity !== undefined) assert.equal(f.severity, e.severity, `${label}: severity`);
    if (e.fromPodLevel !== undefined) assert.equal(f.fromPodLevel, e.fromPodLevel, `${label}: fromPodLevel`);
    if (e.related !== undefined) {
      assert.equal(f.related.length, e.related.length, `${label}: number of related locations`);
      f.related.forEach((r, k) => {
        const rel = e.related![k];
        assert.ok(matches(r.message, expectedText(rel, meta)), `${label}: related ${k + 1} message: ${r.message}`);
        const at = locate(c.code, lines, rel, `${label} related ${k + 1}`);
        const where = `${label}: related ${k + 1} covers ${covered(r.offset)}, expected ${covered(at)}`;
        if (rel.range) assert.deepEqual(tuple(r.range), rel.range, where);
        else assert.deepEqual(r.offset, at, where);
        checkRange(c.code, lines, r.range, r.offset, `${label} related`);
      });
    }
    assertFixableAgrees(meta, f);
    if (!e.fix) {
      assert.equal(f.fix, undefined, `${label}: unexpected fix ${f.fix ? JSON.stringify(f.fix.title) : ''}\n${describeFinding(f, c.code)}`);
      return;
    }
    assert.ok(f.fix, `${label}: expected a fix "${e.fix.title}", the finding has none`);
    assert.equal(f.fix.title, e.fix.title, `${label}: fix title`);
    assert.equal(f.fix.preferred, e.fix.preferred, `${label}: fix preferred`);
    if (e.fix.edits) {
      assert.deepEqual(
        f.fix.edits.map((x) => ({ range: tuple(x.range), text: x.newText })),
        e.fix.edits,
        `${label}: fix edits`,
      );
    }
    for (const x of f.fix.edits) checkRange(c.code, lines, x.range, x.offset, `${label} edit`);
  });

  const fixed = own.filter((f) => f.fix);
  const outputs = outputsOf(c);
  if (outputs.length) assert.equal(outputs.length, fixed.length, `output: give one per error with a fix (${fixed.length})`);
  fixed.forEach((f, j) => {
    const label = fixed.length > 1 ? `output ${j + 1}` : 'output';
    const text = applyEdits(c.code, findingEdits(f));
    const o = outputs[j];
    if (o !== undefined) {
      assert.equal(text, expectedOutput(c.code, lines, o, label), `${label}: text after "${f.fix!.title}"`);
      if (isChangedLines(o)) assertEditsWithin(lines, f, o, label);
    }
    const after = analyze(text, c, s);
    assertCleanAfterFix(before.findings, [f], after.findings, before.documents, after.documents, label);
  });
}

/** Register the cases of one rule with mocha. */
export function ruleTester(ruleId: string, tests: RuleTests): void {
  checkCases(ruleId, tests);
  describe(`rule ${ruleId}`, () => {
    tests.valid.forEach((c, i) => settingsOf(c).forEach((s) => it(title('valid', i, c, s), () => checkValid(ruleId, c, s))));
    tests.invalid.forEach((c, i) => settingsOf(c).forEach((s) => it(title('invalid', i, c, s), () => checkInvalid(ruleId, c, s))));
    it('meta.fixable agrees with the fixes the cases show', () => checkFixable(ruleId, tests));
    it('every message in meta.messages is asserted by a case', () => checkMessagesCovered(ruleId, tests));
  });
}
