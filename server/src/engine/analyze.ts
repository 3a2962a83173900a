/**
 * The analysis pipeline: split into documents -> mask template actions -> parse -> find objects
 * and pod specs -> run rules -> findings with fixes. Each chunk (see chunks.ts) is analysed on
 * its own, with positions relative to the chunk, so an editor can re-analyse only the chunks an
 * edit touched and shift the others.
 */
import { Document, isMap, isPair, isScalar, isSeq, Node as YamlNode, parseAllDocuments, YAMLError, YAMLParseError } from 'yaml';
import { checkAliases, mayHaveAliases } from './aliases';
import { splitChunks } from './chunks';
import { EditBuilder, FixUnavailable } from './fix/edits';
import { DocModel, YNode } from './model';
import { resolveRuleSet, type RuleSet } from './profiles';
import { messageText, type DocumentContext, type FixOp, type PodContext, type ReportSpec, type Rule } from './rule';
import { RULE_ID as YAML_SYNTAX } from './rules/yaml-syntax';
import { applySuppressions } from './suppress';
import { maskTemplates, TemplateMask } from './template';
import { LineIndex, lineStartOf, Position, Range } from './text';
import type { Finding, FixChange, Severity, TextEdit } from './types';
import { containersOf, ContainerRef, K8sObject, objectsOf, podSpecOf } from './workloads';

export { YAML_SYNTAX };
const SEVERITY_RANK: Record<Severity, number> = { info: 0, warning: 1, error: 2 };
/** A character YAML (and Kubernetes' reader) does not allow in a stream. */
// eslint-disable-next-line no-control-regex -- finding control characters is its purpose
const NOT_YAML_CHAR = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u0084\u0086-\u009F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Syntax errors reported per document; the rest are usually consequences of the first. */
const MAX_SYNTAX_ERRORS = 5;

export interface RuleError {
  ruleId: string;
  message: string;
  stack?: string;
}

export interface ChunkAnalysis {
  /** findings with offsets and lines relative to the chunk, documents relative to the chunk */
  findings: Finding[];
  /** number of YAML documents in the chunk */
  documents: number;
  /** rules that threw; their findings for the document are dropped, the others stand */
  ruleErrors: RuleError[];
  /** the chunk looks like Kubernetes objects (see looksLikeManifest), even if it does not parse */
  manifest: boolean;
}

export interface TextAnalysis {
  findings: Finding[];
  documents: number;
  ruleErrors: RuleError[];
}

/** Analyse a whole text with a set of rules (`resolveRuleSet` makes one from options). */
export function analyzeText(text: string, cfg: RuleSet = resolveRuleSet()): TextAnalysis {
  const lines = new LineIndex(text);
  const findings: Finding[] = [];
  const ruleErrors: RuleError[] = [];
  let documents = 0;
  for (const span of splitChunks(text)) {
    const res = analyzeChunk(text.slice(span.start, span.end), cfg);
    const baseLine = lines.lineAt(span.start);
    for (const f of res.findings) findings.push(shiftFinding(f, span.start, baseLine, documents));
    documents += res.documents;
    ruleErrors.push(...res.ruleErrors);
  }
  return { findings, documents, ruleErrors };
}

function shiftRange(r: Range, lines: number): Range {
  if (!lines) return r;
  return { start: { line: r.start.line + lines, character: r.start.character }, end: { line: r.end.line + lines, character: r.end.character } };
}

/** A copy of a chunk-relative finding placed at an absolute offset, line and document index. */
export function shiftFinding(f: Finding, offset: number, lines: number, docs: number): Finding {
  if (!offset && !lines && !docs) return f;
  const out: Finding = {
    ...f,
    range: shiftRange(f.range, lines),
    offset: [f.offset[0] + offset, f.offset[1] + offset],
    related: f.related.map((r) => ({ ...r, range: shiftRange(r.range, lines), offset: [r.offset[0] + offset, r.offset[1] + offset] })),
    document: f.document + docs,
  };
  if (f.fix) {
    out.fix = {
      ...f.fix,
      edits: f.fix.edits.map((e) => ({ ...e, range: shiftRange(e.range, lines), offset: [e.offset[0] + offset, e.offset[1] + offset] })),
    };
  }
  if (f.suppressed) out.suppressed = { ...f.suppressed, range: shiftRange(f.suppressed.range, lines) };
  return out;
}

/** A top-level `apiVersion:` or `kind:` key (block style), or a quoted one (JSON and flow style). */
const MANIFEST_KEY = /^["']?(?:apiVersion|kind)["']?[ \t]*:|["'](?:apiVersion|kind)["'][ \t]*:/m;

/**
 * Whether a text looks like Kubernetes objects: it has a top-level `apiVersion` or `kind` key, read
 * from the text so that a document too broken to parse still counts. Editors use it to keep quiet
 * about the syntax of YAML files that are not manifests (workflows, compose files, ...), which
 * other tools already check.
 */
export function looksLikeManifest(text: string): boolean {
  return MANIFEST_KEY.test(text);
}

/** Analyse one chunk of text (normally one YAML document). */
export function analyzeChunk(text: string, cfg: RuleSet): ChunkAnalysis {
  const { text: masked, mask } = maskTemplates(text);
  // A lone CR is a line break (YAML, LSP, Kubernetes' decoder) that the parser does not know:
  // give it a LF of the same length, so offsets stay exact.
  const parsed = masked.includes('\r') ? masked.replace(/\r(?!\n)/g, '\n') : masked;
  // duplicate keys are found by duplicateKeys(): the parser's own check is quadratic in the
  // size of a mapping, and a large ConfigMap would take minutes
  const docs = parseAllDocuments(parsed, { prettyErrors: false, keepSourceTokens: false, uniqueKeys: false });
  const list: Document.Parsed[] = Array.isArray(docs) ? docs : [];
  const run = new ChunkRun(text, cfg, mask);
  list.forEach((doc, i) => run.document(doc, i));
  run.controlCharacter(list);
  run.findings.sort((a, b) => a.offset[0] - b.offset[0] || a.offset[1] - b.offset[1]);
  return { findings: run.findings, documents: list.length, ruleErrors: run.ruleErrors, manifest: looksLikeManifest(text) };
}

/** The part of a pod context that is the same for every rule. */
type PodBase = Omit<PodContext, 'options' | 'report'>;

/** State of one chunk's analysis. */
class ChunkRun {
  readonly findings: Finding[] = [];
  readonly ruleErrors: RuleError[] = [];
  private lineIndex: LineIndex | undefined;

  constructor(readonly text: string, readonly cfg: RuleSet, readonly mask: TemplateMask | undefined) {}

  private get lines(): LineIndex {
    return (this.lineIndex ??= new LineIndex(this.text));
  }

  private range(start: number, end: number): Range {
    return this.lines.range(start, end);
  }

  /**
   * Kubernetes' YAML reader rejects a file holding a character YAML does not allow (C0 and C1
   * controls other than tab, line breaks and NEL, DEL, unpaired surrogates, U+FFFE, U+FFFF),
   * which the parser accepts: report the first one, in the document that holds it.
   */
  controlCharacter(docs: Document.Parsed[]): void {
    const m = NOT_YAML_CHAR.exec(this.text);
    if (!m) return;
    let doc = 0;
    docs.forEach((d, i) => {
      if ((d.range?.[0] ?? 0) <= m.index) doc = i;
    });
    const code = m[0].charCodeAt(0).toString(16).toUpperCase().padStart(4, '0');
    const what = m[0].length === 1 && (m[0] < '\ud800' || m[0] > '\udfff') ? `Control character U+${code}` : `Unpaired surrogate U+${code}`;
    this.plain(YAML_SYNTAX, `${what} is not allowed in YAML: Kubernetes rejects the file. Is it binary, or saved in another encoding?`, m.index, m.index + 1, doc);
  }

  document(doc: Document.Parsed, index: number): void {
    const errors = this.syntaxErrors(doc);
    const exhausted = errors.find((e) => e.code === 'RESOURCE_EXHAUSTION');
    if (exhausted) {
      // the parser ran out of stack on deep nesting: what it returns is partial, so say so once
      // and check nothing in it
      const s = Math.min(exhausted.pos[0], Math.max(0, this.text.length - 1));
      this.plain(YAML_SYNTAX, 'Document nests too deeply for podsec to read (the parser gave up at this point), so it is not checked. Real manifests do not nest this deep: look for a runaway indentation or bracket.', s, Math.min(s + 1, this.text.length), index);
      return;
    }
    for (const err of errors.slice(0, MAX_SYNTAX_ERRORS)) this.syntax(err, index);
    if (!doc.contents) return;
    const model = new DocModel(doc, this.text, this.mask);
    let brokenAliases = false;
    if (mayHaveAliases(this.text)) {
      const verdict = checkAliases(doc);
      if (verdict.excessive) {
        const r = doc.contents.range ?? [0, 0];
        this.plain(YAML_SYNTAX, `Document contains excessive aliasing: ${verdict.aliases} aliases expand to ${verdict.decoded} nodes. Kubernetes rejects it, and podsec does not analyse it.`, r[0], Math.min(r[1], this.lines.lineEnd(this.lines.lineAt(r[0]))), index);
        return;
      }
      for (const b of verdict.broken) this.plain(YAML_SYNTAX, `YAML syntax error: ${b.message}; Kubernetes rejects the document.`, b.start, b.end, index);
      brokenAliases = verdict.broken.length > 0;
    }
    const fixable = errors.length === 0 && !brokenAliases;
    const start = this.findings.length;
    const objects = objectsOf(model);
    const docCtx: Omit<DocumentContext, 'report' | 'options'> = {
      version: this.cfg.version,
      filePath: this.cfg.filePath,
      model,
      root: model.root(),
      objects,
      leadingComments: leadingComments(this.text, doc, index),
    };
    // Performance: an object's pod spec, containers and security context are found once and
    // shared by every rule (each rule gets its own copy of the context with its options and
    // report), instead of being looked up again for each of the ~20 rules.
    const pods = new Map<K8sObject, PodBase | null>();
    for (const active of this.cfg.run) {
      const rule = active.rule;
      const before = this.findings.length;
      try {
        const report = (spec: ReportSpec) => this.report(rule, spec, null, index, fixable);
        const options = optionsFor(rule, this.cfg);
        if (rule.checkDocument) rule.checkDocument({ ...docCtx, options, report });
        if (rule.checkObject || rule.checkPod) {
          for (const obj of objects) {
            const objReport = (spec: ReportSpec) => this.report(rule, spec, obj, index, fixable);
            const pod = this.podContext(obj, options, objReport, pods);
            if (rule.checkObject) rule.checkObject({ version: this.cfg.version, filePath: this.cfg.filePath, options, report: objReport, object: obj, pod });
            if (rule.checkPod && pod) rule.checkPod(pod);
          }
        }
      } catch (e) {
        this.findings.length = before;
        const err = e as Error;
        this.ruleErrors.push({ ruleId: rule.meta.id, message: err?.message ?? String(e), stack: err?.stack });
      }
    }
    applySuppressions({ findings: this.findings, from: start, text: this.text, lines: this.lines, objects, doc: index, cfg: this.cfg, docStart: index === 0 ? 0 : doc.range?.[0] ?? 0, docEnd: doc.range?.[2] ?? this.text.length, contentStart: doc.contents.range?.[0] ?? 0 });
  }

  private syntaxErrors(doc: Document.Parsed): YAMLError[] {
    const duplicates = duplicateKeys(doc);
    const errors = duplicates.length ? [...doc.errors, ...duplicates].sort((a, b) => a.pos[0] - b.pos[0]) : doc.errors;
    if (!errors.length || !this.mask) return errors;
    // In a template, YAML errors come from the template code: stay quiet about them.
    if (this.mask.actions.some((a) => a.structural)) return [];
    return errors.filter((e) => {
      const ls = lineStartOf(this.text, e.pos[0]);
      return !this.mask!.overlaps(ls, this.lines.lineEnd(this.lines.lineAt(e.pos[0])) + 1);
    });
  }

  private syntax(err: YAMLError, doc: number): void {
    let [s, e] = err.pos;
    if (s >= this.text.length) {
      // an error at the end of the chunk (an unclosed flow collection): point at the last
      // character of the document, not at the next document's marker line
      let last = this.text.length;
      while (last > 0 && /\s/.test(this.text[last - 1])) last--;
      s = Math.max(0, last - 1);
      e = last;
    }
    const end = Math.max(e, s + 1);
    const msg = err.message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '');
    this.plain(YAML_SYNTAX, `YAML syntax error: ${msg}`, s, Math.min(end, this.text.length), doc);
  }

  private plain(ruleId: string, message: string, s: number, e: number, doc: number): void {
    const active = this.cfg.enabled.get(ruleId);
    if (!active) return;
    this.findings.push({
      ruleId,
      severity: active.severity,
      message,
      range: this.range(s, e),
      offset: [s, e],
      resource: null,
      container: null,
      containerKind: null,
      path: '',
      fromPodLevel: false,
      related: [],
      pss: null,
      standards: active.rule.meta.standards,
      document: doc,
    });
  }

  private podContext(obj: K8sObject, options: Record<string, unknown>, report: PodContext['report'], cache: Map<K8sObject, PodBase | null>): PodContext | undefined {
    let base = cache.get(obj);
    if (base === undefined) {
      // not cached when it throws: every rule then fails on it alike, as without the cache
      base = this.podBase(obj) ?? null;
      cache.set(obj, base);
    }
    if (!base) return undefined;
    const b = base;
    // an object literal of fixed shape: much cheaper than spreading `base`, many times per document
    return {
      version: b.version, filePath: b.filePath, options, report, object: b.object, spec: b.spec, metadata: b.metadata,
      containers: b.containers, securityContext: b.securityContext, isWindows: b.isWindows, userNamespace: b.userNamespace,
      mayBeTemplated: b.mayBeTemplated, anchor: b.anchor,
    };
  }

  private podBase(obj: K8sObject): PodBase | undefined {
    const loc = podSpecOf(obj);
    if (!loc) return undefined;
    const spec = loc.spec;
    const containers = containersOf(spec);
    const sc = spec.get('securityContext');
    const mask = this.mask;
    const text = this.text;
    return {
      version: this.cfg.version,
      filePath: this.cfg.filePath,
      object: obj,
      spec,
      metadata: loc.metadata,
      containers,
      securityContext: sc && sc.isMap ? sc : undefined,
      isWindows: spec.at('os', 'name')?.str() === 'windows',
      userNamespace: spec.get('hostUsers')?.bool() === false,
      mayBeTemplated(container?: ContainerRef): boolean {
        if (!mask) return false;
        if (container) {
          if (mayGetKeys(container.node.get('securityContext'))) return true;
          const [s, e] = extent(text, container.node);
          return mask.structuralIn(s, e);
        }
        if (mayGetKeys(spec.get('securityContext'))) return true;
        const [s, e] = extent(text, spec);
        const inner = containers.map((c) => extent(text, c.node));
        return mask.actions.some((a) => a.structural && a.start >= s && a.start < e && !inner.some(([cs, ce]) => a.start >= cs && a.start < ce));
      },
      anchor(container?: ContainerRef) {
        if (container) {
          const sc2 = container.node.getRaw('securityContext');
          if (sc2 && !sc2.src.viaMerge) return { node: sc2, at: 'key' };
          const name = container.node.getRaw('name');
          // a templated name: underline the key, not template code (see `report`)
          if (name) return { node: name, at: name.templated ? 'key' : 'pair' };
          const first = container.node.entries()[0];
          return first ? { node: first[1], at: 'key' } : { node: container.node, at: 'pair' };
        }
        const psc = spec.getRaw('securityContext');
        if (psc && !psc.src.viaMerge) return { node: psc, at: 'key' };
        return { node: spec, at: 'key' };
      },
    };
  }

  private report(rule: Rule, spec: ReportSpec, obj: K8sObject | null, doc: number, fixable: boolean): void {
    const active = this.cfg.enabled.get(rule.meta.id);
    if (!active) return;
    // A value produced by a template action (`privileged: {{ .Values.x }}`) is unknown, neither
    // good nor bad: no finding on it. Findings on a key (a missing setting, a volume type) stand.
    if (this.mask && spec.at !== 'key' && spec.node.templated) return;
    const meta = rule.meta;
    let severity = active.severity;
    const replaced = spec.breaksBaseline && meta.pss?.overrides ? this.cfg.enabled.get(meta.pss.overrides) : undefined;
    if (replaced && SEVERITY_RANK[replaced.severity] > SEVERITY_RANK[severity]) severity = replaced.severity;
    const node = spec.node;
    const [s, e] = spec.at === 'key' ? node.keySpan() : spec.at === 'value' ? node.valueSpan() : node.span();
    const finding: Finding = {
      ruleId: meta.id,
      severity,
      message: messageText(meta, spec),
      range: this.range(s, e),
      offset: [s, e],
      resource: obj ? obj.resource : null,
      container: spec.container ? spec.container.name : null,
      containerKind: spec.container ? spec.container.kind : null,
      path: node.path,
      fromPodLevel: !!spec.fromPodLevel,
      related: (spec.related ?? []).map((r) => {
        const [rs, re] = r.node.span();
        return { message: messageText(meta, r), range: this.range(rs, re), offset: [rs, re] as [number, number], path: r.node.path };
      }),
      pss: meta.pss ? { level: meta.pss.level, check: meta.pss.check, control: meta.pss.control } : null,
      standards: meta.standards,
      document: doc,
    };
    if (spec.fix && fixable) {
      const fix = this.buildFix(spec.fix.ops);
      if (fix) finding.fix = { title: spec.fix.title, preferred: spec.fix.preferred, changes: fix.changes, edits: fix.edits };
      if (fix && spec.fix.placeholder) finding.fix!.placeholder = placeholderIn(spec.fix.ops, fix.edits);
    }
    this.findings.push(finding);
  }

  private buildFix(ops: FixOp[]): { changes: FixChange[]; edits: TextEdit[] } | undefined {
    const mask = this.mask;
    const b = new EditBuilder(this.text, (s, e) => (mask ? mask.overlaps(s, e) : false));
    const changes: FixChange[] = [];
    try {
      for (const op of ops) {
        switch (op.op) {
          case 'set':
            b.setValue(op.node, op.value);
            changes.push({ op: 'set', path: op.node.path, value: op.value });
            break;
          case 'remove':
            b.remove(op.node);
            changes.push({ op: 'delete', path: op.node.path });
            break;
          case 'ensure':
            b.ensure(op.node, op.keys, op.value);
            changes.push({ op: 'set', path: joinPath(op.node.path, op.keys), value: op.value });
            break;
          case 'append':
            b.append(op.node, op.value);
            changes.push({ op: 'add', path: `${op.node.path}[${op.node.items().length}]`, value: op.value });
            break;
          case 'replace': {
            b.replacePair(op.node, op.key, op.value);
            const parent = op.node.path.replace(/(\.[^.[\]]+|\[[^\]]*\])$/, '');
            changes.push({ op: 'delete', path: op.node.path }, { op: 'add', path: joinPath(parent, [op.key]), value: op.value });
            break;
          }
        }
      }
    } catch (e) {
      if (e instanceof FixUnavailable) return undefined;
      throw e;
    }
    const edits = b.edits
      .sort((x, y) => x.start - y.start || x.end - y.end)
      .map((x) => ({ offset: [x.start, x.end] as [number, number], range: this.range(x.start, x.end), newText: x.text }));
    for (let i = 1; i < edits.length; i++) if (edits[i].offset[0] < edits[i - 1].offset[1]) return undefined;
    return { changes, edits };
  }
}

/**
 * Where the first string value the ops write sits in the edits' new text (its last occurrence);
 * the whole first edit when it cannot be found.
 */
function placeholderIn(ops: FixOp[], edits: TextEdit[]): { edit: number; start: number; end: number } {
  const op = ops.find((o) => (o.op === 'set' || o.op === 'ensure') && typeof o.value === 'string' && o.value);
  const value = op && 'value' in op ? String(op.value) : '';
  for (let i = edits.length - 1; value && i >= 0; i--) {
    const at = edits[i].newText.lastIndexOf(value);
    if (at >= 0) return { edit: i, start: at, end: at + value.length };
  }
  return { edit: 0, start: 0, end: edits[0]?.newText.length ?? 0 };
}

/** Performance: rule options per configuration, computed once rather than per rule and document. */
const optionsCache = new WeakMap<RuleSet, Map<Rule, Record<string, unknown>>>();

/**
 * Keys written twice in one mapping, as the parser reports them with `uniqueKeys` (scalar keys
 * with equal values), found in one pass with a set per mapping.
 */
function duplicateKeys(doc: Document.Parsed): YAMLError[] {
  const out: YAMLError[] = [];
  const stack: unknown[] = [doc.contents];
  while (stack.length) {
    const n = stack.pop();
    if (isMap(n)) {
      const seen = new Set<unknown>();
      for (const p of n.items) {
        if (!isPair(p)) continue;
        const k = p.key as YamlNode | null;
        if (isScalar(k) && !Number.isNaN(k.value)) {
          if (seen.has(k.value)) out.push(new YAMLParseError([k.range![0], k.range![0] + 1], 'DUPLICATE_KEY', 'Map keys must be unique'));
          else seen.add(k.value);
        }
        stack.push(p.key, p.value);
      }
    } else if (isSeq(n)) {
      for (const it of n.items) stack.push(it);
    }
  }
  return out;
}

/** A rule's options: its declared defaults, overridden by the configuration. */
function optionsFor(rule: Rule, cfg: RuleSet): Record<string, unknown> {
  let byRule = optionsCache.get(cfg);
  if (!byRule) optionsCache.set(cfg, (byRule = new Map()));
  let options = byRule.get(rule);
  if (!options) byRule.set(rule, (options = computeOptions(rule, cfg)));
  return options;
}

function computeOptions(rule: Rule, cfg: RuleSet): Record<string, unknown> {
  const given = cfg.ruleOptions[rule.meta.id];
  if (!rule.meta.options) return given ?? {};
  const out: Record<string, unknown> = {};
  for (const [k, spec] of Object.entries(rule.meta.options)) out[k] = spec.default;
  return { ...out, ...(given ?? {}) };
}

function joinPath(base: string, keys: string[]): string {
  return [base, ...keys].filter(Boolean).join('.');
}

/**
 * A template action may give this value keys we cannot see: the whole value is template output
 * (`securityContext: {{ toYaml .Values.sc }}`), or one of its keys is. Template values inside a
 * mapping (`runAsUser: {{ .Values.uid }}`) add no keys.
 */
function mayGetKeys(n: YNode | undefined): boolean {
  if (!n || !n.templated) return false;
  if (!n.isMap) return true;
  return n.entries().some(([, v]) => {
    const k = v.src.key;
    return !!k?.range && n.model.templatedIn(k.range[0], k.range[1]);
  });
}

/** Offsets a mapping (a container, a pod spec) covers, including trailing template lines. */
function extent(text: string, node: YNode): [number, number] {
  const n = node.node;
  if (!n || !n.range) return [0, 0];
  const start = n.range[0];
  const col = start - lineStartOf(text, start);
  // continue over following lines that are blank or indented at least as deep as its keys
  let ls = nextLine(text, Math.max(start, n.range[1] - 1));
  while (ls < text.length) {
    let j = ls;
    while (j < text.length && text[j] === ' ') j++;
    const blank = j >= text.length || text[j] === '\n' || text[j] === '\r';
    if (!blank && j - ls < col) return [start, ls];
    ls = nextLine(text, ls);
  }
  return [start, text.length];
}

/** Offset of the start of the line after the one holding `i`. */
function nextLine(text: string, i: number): number {
  while (i < text.length && text[i] !== '\n' && text[i] !== '\r') i++;
  if (text[i] === '\r') i++;
  if (text[i] === '\n') i++;
  return i;
}

/**
 * Comment lines at the top of a document (before its content). The parser leaves comments that
 * precede the first document without a `---` out of the document's range, so the first document
 * of a chunk starts at the chunk's start.
 */
function leadingComments(text: string, doc: Document.Parsed, index: number): string[] {
  const end = doc.contents?.range?.[0] ?? text.length;
  const start = index === 0 ? 0 : doc.range?.[0] ?? 0;
  const out: string[] = [];
  for (const line of text.slice(Math.min(start, end), end).split(/\r\n|\n|\r/)) {
    const t = line.trim();
    if (t.startsWith('#')) out.push(t);
  }
  return out;
}

export type { Position };
