/**
 * `--format sarif`: SARIF 2.1.0 for GitHub code scanning and other SARIF viewers.
 *
 * - `tool.driver` lists every rule podsec knows (id, title, description, help, docs link, default
 *   level, tags) with `relationships` into the taxonomies: the Pod Security Standards controls,
 *   and each standard the rules cite (CIS Kubernetes Benchmark, DISA STIGs, DISA SRG, NSA/CISA),
 *   all derived from rule metadata.
 * - Each result has the rule index, level, the engine's message, the region (1-based lines;
 *   columns in UTF-16 code units, as `run.columnKind` says), the Kubernetes object and container
 *   as logical locations, a fingerprint that does not depend on line numbers, the suppression
 *   (in-source, with its justification) when one covers the finding, and the fix as an artifact
 *   change when the finding has one.
 * - The log is written as results come: the tool, taxonomies and the rest of the log indented by
 *   two spaces, each result compact on one line of its own (a findings-heavy run writes about
 *   1.3 KB per result instead of 2.9, and a diff of two logs shows one line per result).
 */
import { hash } from 'node:crypto';
import * as path from 'node:path';
import { isAutoFixable } from '../engine/fix/apply';
import { PROJECT_URL, ruleDocsUrl } from '../engine/docs';
import { ALL_RULES } from '../engine/rules';
import type { Rule } from '../engine/rule';
import type { Range } from '../engine/text';
import type { Finding, Framework, Severity } from '../engine/types';
import { LATEST_MINOR } from '../engine/versions';
import type { ChunkPlace } from '../engine/pipeline';
import {
  jsonPolicy,
  PolicyTexts,
  type FormatSetup,
  type Output,
  type OutputFormat,
  type PieceWriter,
  type ReportFile,
  type Reporter,
  type RunSummary,
  type WriterFile,
} from './format';

export const SARIF_SCHEMA = 'https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json';
const FINGERPRINT_KEY = 'podsecFinding/v1';
const SRCROOT = '%SRCROOT%';

type Json = Record<string, unknown>;

const LEVEL: Record<Severity, string> = { error: 'error', warning: 'warning', info: 'note' };

/** GitHub's security severity (a CVSS-like score) for a rule's default severity. */
const SECURITY_SEVERITY: Record<Severity, string> = { error: '8.0', warning: '5.0', info: '2.0' };

interface TaxonomyInfo {
  name: string;
  fullName: string;
  organization: string;
  version?: string;
  informationUri?: string;
  /** a reference's `title` names the document (its `id` is the section), not the requirement */
  titleIsDocument?: boolean;
}

const PSS_TAXONOMY: TaxonomyInfo = {
  name: 'PSS',
  fullName: 'Kubernetes Pod Security Standards',
  organization: 'Kubernetes',
  version: `v1.${LATEST_MINOR}`,
  informationUri: 'https://kubernetes.io/docs/concepts/security/pod-security-standards/',
};

/** The standards rules cite, one taxonomy each. */
const FRAMEWORK_TAXONOMIES: Record<Framework, TaxonomyInfo> = {
  'cis-kubernetes': {
    name: 'CIS',
    fullName: 'CIS Kubernetes Benchmark',
    organization: 'Center for Internet Security',
    version: '1.10',
    informationUri: 'https://www.cisecurity.org/benchmark/kubernetes',
  },
  'disa-stig-rke2': {
    name: 'STIG-RKE2',
    fullName: 'DISA Rancher Government Solutions RKE2 STIG',
    organization: 'DISA',
    informationUri: 'https://public.cyber.mil/stigs/',
  },
  'disa-stig-kubernetes': {
    name: 'STIG-Kubernetes',
    fullName: 'DISA Kubernetes STIG',
    organization: 'DISA',
    informationUri: 'https://public.cyber.mil/stigs/',
  },
  'disa-srg': {
    name: 'SRG-Container-Platform',
    fullName: 'DISA Container Platform Security Requirements Guide',
    organization: 'DISA',
    informationUri: 'https://public.cyber.mil/stigs/',
  },
  'nsa-cisa': { name: 'NSA-CISA', fullName: 'NSA/CISA Kubernetes Hardening Guide', organization: 'NSA and CISA', version: '1.2', titleIsDocument: true },
};

interface Taxonomy {
  info: TaxonomyInfo;
  taxa: Json[];
  index: Map<string, number>;
}

interface Catalog {
  rules: Json[];
  ruleIndex: Map<string, number>;
  taxonomies: Taxonomy[];
}

function pascal(id: string): string {
  return id.replace(/(^|-)([a-z0-9])/g, (_, _d, c: string) => c.toUpperCase());
}

function ruleTags(rule: Rule): string[] {
  const tags = ['security', 'kubernetes'];
  if (rule.meta.pss) tags.push(`pss-${rule.meta.pss.level}`, `pss/${rule.meta.pss.check}`);
  for (const s of rule.meta.standards) tags.push(`${s.framework}/${s.id}`);
  // GitHub keeps at most 20 tags per rule
  return [...new Set(tags)].slice(0, 20);
}

function help(rule: Rule): Json {
  const m = rule.meta;
  const refs = m.standards.map((s) => {
    const t = FRAMEWORK_TAXONOMIES[s.framework];
    if (t?.titleIsDocument) return `${t.fullName}${t.version ? ` ${t.version}` : ''}, section "${s.id}"`;
    return `${t?.fullName ?? s.framework} ${s.id}${s.stigId ? ` (${s.stigId})` : ''}${s.title ? `: ${s.title}` : ''}`;
  });
  const text = [m.description, `Why: ${m.rationale}`, `Fix: ${m.remediation}`, ...(refs.length ? [`Standards: ${refs.join('; ')}`] : [])].join('\n\n');
  const markdown = [
    `**${m.title}**`,
    m.description,
    `**Why it matters.** ${m.rationale}`,
    `**How to fix.** ${m.remediation}`,
    ...(m.pss ? [`Pod Security Standards: ${m.pss.level} level, control "${m.pss.control}" (Pod Security Admission check \`${m.pss.check}\`).`] : []),
    ...(refs.length ? ['Standards:', refs.map((r) => `- ${r}`).join('\n')] : []),
    `[Rule documentation](${ruleDocsUrl(m.id)})`,
  ].join('\n\n');
  return { text, markdown };
}

/** Every rule and taxonomy, derived from rule metadata (the same for every run). */
function buildCatalog(): Catalog {
  const taxonomies: Taxonomy[] = [];
  const byName = new Map<string, Taxonomy>();
  const taxonomy = (info: TaxonomyInfo): [Taxonomy, number] => {
    let t = byName.get(info.name);
    if (!t) {
      t = { info, taxa: [], index: new Map() };
      byName.set(info.name, t);
      taxonomies.push(t);
    }
    return [t, taxonomies.indexOf(t)];
  };
  const taxon = (t: Taxonomy, id: string, make: () => Json): number => {
    let i = t.index.get(id);
    if (i === undefined) {
      i = t.taxa.length;
      t.taxa.push({ id, ...make() });
      t.index.set(id, i);
    }
    return i;
  };
  const rules: Json[] = [];
  const ruleIndex = new Map<string, number>();
  for (const rule of ALL_RULES) {
    const m = rule.meta;
    const relationships: Json[] = [];
    if (m.pss) {
      const pss = m.pss;
      const [t, ti] = taxonomy(PSS_TAXONOMY);
      const i = taxon(t, pss.check, () => ({
        name: pss.control,
        shortDescription: { text: `${pss.control} (${pss.level} level)` },
        properties: { level: pss.level },
      }));
      relationships.push({ target: { id: pss.check, index: i, toolComponent: { name: t.info.name, index: ti } }, kinds: ['equal'] });
    }
    for (const s of m.standards) {
      const info = FRAMEWORK_TAXONOMIES[s.framework];
      if (!info) continue;
      const [t, ti] = taxonomy(info);
      const i = taxon(t, s.id, () => ({
        ...(s.title && !info.titleIsDocument ? { shortDescription: { text: s.title } } : {}),
        ...(s.stigId ? { properties: { stigId: s.stigId } } : {}),
      }));
      relationships.push({ target: { id: s.id, index: i, toolComponent: { name: t.info.name, index: ti } }, kinds: ['relevant'] });
    }
    ruleIndex.set(m.id, rules.length);
    rules.push({
      id: m.id,
      // a readable identifier; SARIF wants it to differ from the id (beyond letter case)
      ...(pascal(m.id).toLowerCase() !== m.id.toLowerCase() ? { name: pascal(m.id) } : {}),
      shortDescription: { text: m.title },
      fullDescription: { text: m.description },
      help: help(rule),
      helpUri: ruleDocsUrl(m.id),
      defaultConfiguration: { level: LEVEL[m.defaultSeverity] },
      properties: {
        tags: ruleTags(rule),
        precision: 'very-high',
        'security-severity': SECURITY_SEVERITY[m.defaultSeverity],
        ...(m.pss ? { pss: { level: m.pss.level, check: m.pss.check, control: m.pss.control, since: `v1.${m.pss.since}` } } : {}),
        fixable: m.fixable,
      },
      ...(relationships.length ? { relationships } : {}),
    });
  }
  return { rules, ruleIndex, taxonomies };
}

let catalog: Catalog | undefined;

function getCatalog(): Catalog {
  return (catalog ??= buildCatalog());
}

/** A path as given, as a SARIF URI: relative to the working folder when inside it. */
export function artifactUri(p: string, cwd: string): { uri: string; uriBaseId?: string } {
  const abs = path.resolve(cwd, p);
  const rel = path.relative(cwd, abs);
  const encode = (segments: string[]) => segments.map((s) => encodeURIComponent(s)).join('/');
  if (rel && !rel.startsWith('..') && !path.isAbsolute(rel)) return { uri: encode(rel.split(path.sep)), uriBaseId: SRCROOT };
  if (!rel) return { uri: encodeURIComponent(path.basename(abs)), uriBaseId: SRCROOT };
  const posix = abs.split(path.sep).join('/');
  return { uri: 'file://' + (posix.startsWith('/') ? '' : '/') + encode(posix.split('/')) };
}

function directoryUri(dir: string): string {
  const posix = dir.split(path.sep).join('/');
  const encoded = posix
    .split('/')
    .map((s) => encodeURIComponent(s))
    .join('/');
  return 'file://' + (encoded.startsWith('/') ? '' : '/') + encoded + (encoded.endsWith('/') ? '' : '/');
}

function objectName(f: Finding): string | undefined {
  const r = f.resource;
  if (!r) return undefined;
  return `${r.kind ?? ''}/${r.namespace ?? ''}/${r.name ?? ''}`;
}

/**
 * The finding's identity without its position: rule, object, container, field (list positions of
 * containers replaced by their names) and message. Identical findings are told apart by their
 * order in their document (chunk), and findings of an object whose name appeared in an earlier
 * document of the file also by how many such documents came before (see `SarifReporter`).
 */
function identity(f: Finding): string {
  let field = f.path;
  if (f.container !== null) {
    const name = f.container;
    field = field.replace(/(^|\.)(initContainers|containers|ephemeralContainers)\[\d+\]/, (_m, dot: string, list: string) => `${dot}${list}[name=${name}]`);
  }
  return [f.ruleId, objectName(f) ?? '', f.container ?? '', field, f.message].join('\u0000');
}

/** Results GitHub code scanning accepts in one run (it rejects a log with more). */
export const CODE_SCANNING_MAX_RESULTS = 25_000;
/** Results code scanning shows of a run, the most severe first. */
export const CODE_SCANNING_SHOWN_RESULTS = 5_000;

/**
 * What the writer leaves to the main thread, at positions in the piece's text (`[position, kind,
 * value]`): the file's artifact index and a result's document index (inserted), and a fingerprint
 * (32 characters, replaced when its object appeared in an earlier document of the file).
 */
const HOLE_ARTIFACT = 0;
const HOLE_DOCUMENT = 1;
const HOLE_FINGERPRINT = 2;

export interface SarifPiece {
  /**
   * results, each `\n        {...}` on one line, separated by commas: as UTF-8 bytes when they
   * are ASCII (positions are then the same in both), else as text
   */
  text: Output;
  /** `[position, kind, value]` per hole, in text order */
  holes: number[];
  /** `[hash, hash]` of each object named in a document of the piece, per document in order (the fingerprint holes' values index them) */
  keys: number[];
  /** `[start, end, rank]` per result (rank: see `rankOf`) */
  results: number[];
}

/** Which results `--max-results` keeps first: unsuppressed before suppressed, then by severity. */
const SEVERITY_RANK: Record<Severity, number> = { error: 2, warning: 1, info: 0 };

function rankOf(f: Finding): number {
  return SEVERITY_RANK[f.severity] + (f.suppressed ? 0 : 3);
}

/** Two independent 32-bit hashes of a string (FNV-1a and a multiplicative variant). */
function hash2(s: string, out: number[]): void {
  let a = 0x811c9dc5;
  let b = 0x2545f491;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    a = Math.imul(a ^ c, 0x01000193);
    b = Math.imul(b ^ c, 0x5bd1e995);
    b ^= b >>> 15;
  }
  out.push(a >>> 0, b >>> 0);
}

/** SHA-256 in hex (the one-shot `hash` costs far less per call than a Hash object). */
const sha256 = (s: string): string => hash('sha256', s, 'hex');

function fingerprintOf(id: string, n: number): string {
  return sha256(`${id}\u0000${n}`).slice(0, 32);
}

/** A fingerprint for a later document naming the same object (`occurrence` > 0). */
function laterFingerprint(base: string, occurrence: number): string {
  return sha256(`${base}\u0000${occurrence}`).slice(0, 32);
}

/** SARIF region of an LSP range placed `lines` lower, as compact JSON. */
function regionJson(r: Range, lines: number): string {
  return `{"startLine":${r.start.line + lines + 1},"startColumn":${r.start.character + 1},"endLine":${r.end.line + lines + 1},"endColumn":${r.end.character + 1}}`;
}

const str = JSON.stringify;

/** JSON of an object's string-or-null fields (a field that is undefined is left out, as JSON.stringify does). */
function fieldsJson(fields: [string, string | null | undefined][]): string {
  return `{${fields
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => `${str(k)}:${v === null ? 'null' : str(v)}`)
    .join(',')}}`;
}

/** Writes results as compact JSON, one per line, in the worker. */
class SarifWriter implements PieceWriter<SarifPiece> {
  private parts: string[] = [];
  size = 0;
  private holes: number[] = [];
  private keys: number[] = [];
  private results: number[] = [];
  /** the artifact location up to its index, and after it */
  private readonly artifactHead: string;
  private readonly artifact: string | undefined;
  private readonly ruleIndex: Map<string, number>;
  /** the start of each rule's results */
  private readonly heads = new Map<string, string>();
  /** the logical locations of the last object and container written */
  private logical = { resource: undefined as Finding['resource'] | undefined, container: null as string | null, text: '' };

  private readonly cwd: string;
  /** the `policy` property of each distinct policy */
  private readonly policies: PolicyTexts;

  constructor(
    private readonly file: WriterFile,
    setup: FormatSetup,
  ) {
    this.cwd = setup.cwd;
    this.policies = new PolicyTexts((p) => str(jsonPolicy(p, setup.cwd)));
    const u = artifactUri(file.path, setup.cwd);
    this.artifactHead = `{"uri":${str(u.uri)}${u.uriBaseId ? `,"uriBaseId":${str(u.uriBaseId)}` : ''},"index":`;
    this.artifact = file.artifact === undefined ? undefined : String(file.artifact);
    this.ruleIndex = getCatalog().ruleIndex;
  }

  /** The start of a result of a rule: its id and index. */
  private head(ruleId: string): string {
    let h = this.heads.get(ruleId);
    if (h === undefined) {
      const index = this.ruleIndex.get(ruleId);
      h = `{"ruleId":${str(ruleId)}${index === undefined ? '' : `,"ruleIndex":${index}`}`;
      this.heads.set(ruleId, h);
    }
    return h;
  }

  /** `"logicalLocations":[...]` of a finding's object and container ('' without an object). */
  private logicalLocations(f: Finding): string {
    const l = this.logical;
    if (l.resource === f.resource && l.container === f.container && l.resource !== undefined) return l.text;
    const r = f.resource;
    const obj = objectName(f);
    let text = '';
    if (obj !== undefined && r) {
      text = `,"logicalLocations":[{"name":${str(r.name ?? '')},"fullyQualifiedName":${str(obj)},"kind":"object","properties":${fieldsJson([
        ['apiVersion', r.apiVersion],
        ['kind', r.kind],
        ['namespace', r.namespace],
        ['name', r.name],
      ])}}`;
      if (f.container !== null)
        text += `,{"name":${str(f.container)},"fullyQualifiedName":${str(`${obj}/${f.container}`)},"kind":"object","properties":${fieldsJson([['containerKind', f.containerKind]])}}`;
      text += ']';
    }
    this.logical = { resource: f.resource, container: f.container, text };
    return text;
  }

  chunk(shown: readonly Finding[], suppressed: readonly Finding[], at: ChunkPlace): void {
    const all = suppressed.length ? [...shown, ...suppressed].sort((a, b) => a.offset[0] - b.offset[0] || a.offset[1] - b.offset[1]) : shown;
    if (!all.length) return;
    const seen = new Map<string, number>();
    const slots = new Map<string, number>();
    for (const f of all) {
      const id = identity(f);
      const n = seen.get(id) ?? 0;
      seen.set(id, n + 1);
      const key = objectName(f) ?? '';
      let slot = slots.get(key);
      if (slot === undefined) {
        slot = this.keys.length / 2;
        slots.set(key, slot);
        hash2(key, this.keys);
      }
      this.result(f, at, fingerprintOf(id, n), slot);
    }
  }

  private result(f: Finding, at: ChunkPlace, fingerprint: string, slot: number): void {
    const lines = at.line;
    // built as one string; a hole's position is where the text written so far ends
    let s = this.results.length ? ',\n        ' : '\n        ';
    const start = this.size + s.length;
    const artifactLocation = () => {
      s += this.artifactHead;
      if (this.artifact === undefined) this.holes.push(this.size + s.length, HOLE_ARTIFACT, 0);
      else s += this.artifact;
      s += '}';
    };
    const physical = (r: Range) => {
      s += '{"artifactLocation":';
      artifactLocation();
      s += `,"region":${regionJson(r, lines)}}`;
    };
    s += `${this.head(f.ruleId)},"level":"${LEVEL[f.severity]}","message":{"text":${str(f.message)}},"locations":[{"physicalLocation":`;
    physical(f.range);
    s += `${this.logicalLocations(f)}}],"partialFingerprints":{"${FINGERPRINT_KEY}":"`;
    this.holes.push(this.size + s.length, HOLE_FINGERPRINT, slot);
    s += fingerprint + '"}';
    if (f.related.length) {
      s += ',"relatedLocations":[';
      f.related.forEach((rel, i) => {
        s += `${i ? ',' : ''}{"id":${i + 1},"physicalLocation":`;
        // a namespace label or configuration in another file: that file's artifact
        if (rel.file !== undefined) s += `{"artifactLocation":${str(artifactUri(rel.file, this.cwd))},"region":${regionJson(rel.range, 0)}}`;
        else physical(rel.range);
        s += `,"message":{"text":${str(rel.message)}}}`;
      });
      s += ']';
    }
    if (f.suppressed) {
      const sup = f.suppressed;
      s += `,"suppressions":[{"kind":"inSource","status":"accepted",${sup.reason ? `"justification":${str(sup.reason)},` : ''}"location":{"physicalLocation":`;
      physical(sup.range);
      s += `},"properties":{"via":${str(sup.kind)}}}]`;
    }
    if (f.fix && f.fix.edits.length) {
      s += `,"fixes":[{"description":{"text":${str(f.fix.title)}},"artifactChanges":[{"artifactLocation":`;
      artifactLocation();
      s += ',"replacements":[';
      f.fix.edits.forEach((e, i) => {
        s += `${i ? ',' : ''}{"deletedRegion":${regionJson(e.range, lines)},"insertedContent":{"text":${str(e.newText)}}}`;
      });
      s += `]}],"properties":{"appliedByFixAll":${isAutoFixable(f)}}}]`;
    }
    s += `,"properties":{"path":${str(f.path)},"fromPodLevel":${f.fromPodLevel},"document":`;
    if (this.file.docs === undefined) this.holes.push(this.size + s.length, HOLE_DOCUMENT, f.document + at.docs);
    else s += this.file.docs + f.document + at.docs;
    if (f.pss)
      s += `,"pss":${fieldsJson([
        ['level', f.pss.level],
        ['check', f.pss.check],
        ['control', f.pss.control],
      ])}`;
    if (f.policy) s += `,"policy":${this.policies.text(f.policy)}`;
    s += '}}';
    this.parts.push(s);
    this.size += s.length;
    this.results.push(start, this.size, rankOf(f));
  }

  take(): SarifPiece | undefined {
    if (!this.results.length) return undefined;
    const text = this.parts.join('');
    const bytes = Buffer.from(text, 'utf8');
    const piece: SarifPiece = { text: bytes.length === text.length ? bytes : text, holes: this.holes, keys: this.keys, results: this.results };
    this.parts = [];
    this.size = 0;
    this.holes = [];
    this.keys = [];
    this.results = [];
    return piece;
  }
}

/**
 * Counts by a pair of 32-bit hashes, in typed arrays: how many earlier documents of a file named
 * an object. It holds 12 bytes (at most 24) per distinct object name of the file.
 */
class PairCounter {
  private a = new Uint32Array(1024);
  private b = new Uint32Array(1024);
  /** count + 1; 0 = empty slot */
  private n = new Uint32Array(1024);
  private used = 0;

  /** The count for the pair, then one more. */
  next(x: number, y: number): number {
    if (this.used * 2 >= this.n.length) this.grow();
    const mask = this.n.length - 1;
    let i = (x ^ Math.imul(y, 0x9e3779b1)) & mask;
    while (this.n[i] !== 0) {
      if (this.a[i] === x && this.b[i] === y) return this.n[i]++ - 1;
      i = (i + 1) & mask;
    }
    this.a[i] = x;
    this.b[i] = y;
    this.n[i] = 2;
    this.used++;
    return 0;
  }

  private grow(): void {
    const { a, b, n } = this;
    this.a = new Uint32Array(n.length * 2);
    this.b = new Uint32Array(n.length * 2);
    this.n = new Uint32Array(n.length * 2);
    const mask = this.n.length - 1;
    for (let k = 0; k < n.length; k++) {
      if (!n[k]) continue;
      let i = (a[k] ^ Math.imul(b[k], 0x9e3779b1)) & mask;
      while (this.n[i] !== 0) i = (i + 1) & mask;
      this.a[i] = a[k];
      this.b[i] = b[k];
      this.n[i] = n[k];
    }
  }
}

/** The log around the results; `results` is a placeholder the reporter replaces. */
function sarifLog(opts: FormatSetup, summary: RunSummary | undefined, artifacts: Json[], notes: Json[], results: unknown): Json {
  const cat = getCatalog();
  const run: Json = {
    tool: {
      driver: {
        name: 'podsec',
        fullName: 'podsec: Kubernetes Pod Security Standards and DISA STIG checks',
        version: opts.version,
        semanticVersion: opts.version,
        informationUri: PROJECT_URL,
        rules: cat.rules,
        supportedTaxonomies: cat.taxonomies.map((t, index) => ({ name: t.info.name, index })),
      },
    },
    taxonomies: cat.taxonomies.map((t) => ({
      name: t.info.name,
      fullName: t.info.fullName,
      organization: t.info.organization,
      ...(t.info.version ? { version: t.info.version } : {}),
      ...(t.info.informationUri ? { informationUri: t.info.informationUri } : {}),
      isComprehensive: false,
      taxa: t.taxa,
    })),
    columnKind: 'utf16CodeUnits',
    originalUriBaseIds: { [SRCROOT]: { uri: directoryUri(opts.cwd) } },
    results,
  };
  if (summary) {
    run.artifacts = artifacts;
    run.invocations = [
      {
        executionSuccessful: summary.notifications.length === 0,
        toolExecutionNotifications: [
          ...summary.notifications.map((n) => ({
            level: 'error',
            message: { text: n.message },
            ...(n.path ? { locations: [{ physicalLocation: { artifactLocation: artifactUri(n.path, opts.cwd) } }] } : {}),
          })),
          ...notes,
        ],
      },
    ];
  }
  return { $schema: SARIF_SCHEMA, version: '2.1.0', runs: [run] };
}

const PLACEHOLDER = '\u0001podsec-results\u0001';
const RESULT_INDENT = 8;

interface Kept {
  /** order in the log */
  seq: number;
  text: string;
}

/**
 * Writes the log: everything before the results first, then the results piece by piece as they
 * come (filling in what only the whole file knows), then the rest. With `--max-results` it keeps
 * the most severe results (at most that many, in memory) and writes them at the end, and says
 * how many it left out, by level, on standard error and in the log.
 */
class SarifReporter implements Reporter<SarifPiece> {
  private started = false;
  /** results written or kept */
  private count = 0;
  private readonly artifacts: Json[] = [];
  private counter = new PairCounter();
  /** --max-results: results kept, by rank */
  private kept: Kept[][] | undefined;
  private keptCount = 0;
  private seq = 0;
  private readonly omitted = { error: 0, warning: 0, note: 0, suppressed: 0 };

  constructor(
    private readonly out: (s: Output) => void,
    private readonly setup: FormatSetup,
    private readonly err: (s: string) => void,
  ) {
    if (setup.maxResults !== undefined) this.kept = [[], [], [], [], [], []];
  }

  private parts(summary: RunSummary | undefined, notes: Json[] = []): [string, string] {
    const text = JSON.stringify(sarifLog(this.setup, summary, this.artifacts, notes, PLACEHOLDER), null, 2);
    const token = JSON.stringify(PLACEHOLDER);
    const at = text.indexOf(token);
    return [text.slice(0, at), text.slice(at + token.length)];
  }

  private start(): void {
    if (this.started) return;
    this.out(this.parts(undefined)[0]);
    this.started = true;
  }

  fileStart(file: ReportFile): void {
    this.start();
    this.artifacts.push({ location: artifactUri(file.path, this.setup.cwd), roles: ['analysisTarget'], sourceLanguage: 'yaml' });
    this.counter = new PairCounter();
  }

  piece(file: ReportFile, p: SarifPiece): void {
    // how many earlier documents of the file named each object
    const occ = new Uint32Array(p.keys.length / 2);
    let later = false;
    for (let k = 0; k < occ.length; k++) {
      occ[k] = this.counter.next(p.keys[2 * k], p.keys[2 * k + 1]);
      if (occ[k]) later = true;
    }
    const fill = new HoleFiller(p, file, later ? occ : undefined);
    if (!this.kept) {
      // written apart: joined, the piece would be copied once more before it is encoded
      this.out(this.count ? ',' : '[');
      this.out(fill.until(p.text.length));
      this.count += p.results.length / 3;
      return;
    }
    for (let r = 0; r < p.results.length; r += 3) {
      fill.until(p.results[r]);
      this.keep(asText(fill.until(p.results[r + 1])), p.results[r + 2]);
    }
  }

  /** `--max-results`: keep a result unless as many more severe ones are kept. */
  private keep(text: string, rank: number): void {
    const kept = this.kept!;
    const max = this.setup.maxResults!;
    if (this.keptCount >= max) {
      let low = 0;
      while (low < rank && !kept[low].length) low++;
      if (low >= rank) {
        this.omit(rank);
        return;
      }
      kept[low].pop();
      this.omit(low);
      this.keptCount--;
    }
    if (max > 0) {
      kept[rank].push({ seq: this.seq, text });
      this.keptCount++;
    } else this.omit(rank);
    this.seq++;
  }

  private omit(rank: number): void {
    if (rank < 3) this.omitted.suppressed++;
    else this.omitted[(['note', 'warning', 'error'] as const)[rank - 3]]++;
  }

  fileEnd(): void {}

  end(summary: RunSummary): void {
    this.start();
    const notes: Json[] = [];
    if (this.kept) {
      const all = this.kept.flat().sort((a, b) => a.seq - b.seq);
      this.out(all.length ? '[' + all.map((k) => '\n' + ' '.repeat(RESULT_INDENT) + k.text).join(',') : '');
      this.count = all.length;
      const o = this.omitted;
      const left = o.error + o.warning + o.note + o.suppressed;
      if (left) {
        const parts = [
          o.error && `${o.error} error${o.error === 1 ? '' : 's'}`,
          o.warning && `${o.warning} warning${o.warning === 1 ? '' : 's'}`,
          o.note && `${o.note} note${o.note === 1 ? '' : 's'}`,
          o.suppressed && `${o.suppressed} suppressed`,
        ].filter(Boolean);
        const message = `The log holds the ${all.length} most severe of ${all.length + left} results (--max-results ${this.setup.maxResults}); ${left} left out: ${parts.join(', ')}. Run without --max-results, or with --format json, for every finding.`;
        notes.push({ level: 'warning', message: { text: message } });
        this.err(`podsec: SARIF: ${message}\n`);
      }
    } else if (this.count > CODE_SCANNING_MAX_RESULTS) {
      this.err(
        `podsec: SARIF: the log holds ${this.count} results; GitHub code scanning rejects a run of more than ${CODE_SCANNING_MAX_RESULTS} (and shows the ${CODE_SCANNING_SHOWN_RESULTS} most severe). To upload it, keep the most severe with --max-results ${CODE_SCANNING_SHOWN_RESULTS}, or report errors only with --quiet.\n`,
      );
    }
    const tail = this.parts(summary, notes)[1];
    this.out((this.count ? `\n${' '.repeat(RESULT_INDENT - 2)}]` : '[]') + tail + '\n');
  }
}

/** [start, end) of a piece's output (a view of its bytes, not a copy). */
function cut(o: Output, start: number, end: number): Output {
  return typeof o === 'string' ? o.slice(start, end) : o.subarray(start, end);
}

function asText(o: Output): string {
  return typeof o === 'string' ? o : Buffer.from(o.buffer, o.byteOffset, o.byteLength).toString('utf8');
}

/** Fills a piece's holes while cutting its text, front to back. */
class HoleFiller {
  private at = 0;
  private hole = 0;

  constructor(
    private readonly p: SarifPiece,
    private readonly file: ReportFile,
    /** per key slot, earlier documents that named the object; undefined when none did */
    private readonly occ: Uint32Array | undefined,
  ) {}

  /** The output from where the last call stopped to `end`, holes filled. */
  until(end: number): Output {
    const { text, holes } = this.p;
    const parts: Output[] = [];
    while (this.hole < holes.length && holes[this.hole] < end) {
      const pos = holes[this.hole];
      const kind = holes[this.hole + 1];
      const value = holes[this.hole + 2];
      this.hole += 3;
      if (kind === HOLE_FINGERPRINT) {
        const n = this.occ ? this.occ[value] : 0;
        if (!n) continue;
        parts.push(cut(text, this.at, pos), laterFingerprint(asText(cut(text, pos, pos + 32)), n));
        this.at = pos + 32;
        continue;
      }
      parts.push(cut(text, this.at, pos), String(kind === HOLE_ARTIFACT ? this.file.artifact : this.file.docs + value));
      this.at = pos;
    }
    parts.push(cut(text, this.at, end));
    this.at = end;
    if (parts.length === 1) return parts[0];
    // what is filled in is ASCII, as are bytes given for text
    return typeof text === 'string' ? parts.join('') : Buffer.concat(parts.map((x) => (typeof x === 'string' ? Buffer.from(x, 'latin1') : x)));
  }
}

export const sarifFormat: OutputFormat<SarifPiece> = {
  writer: (file, setup) => new SarifWriter(file, setup),
  reporter: (out, setup, err) => new SarifReporter(out, setup, err),
};
