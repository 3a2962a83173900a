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
 * - The log is written result by result; the bytes equal `JSON.stringify(log, null, 2)`.
 */
import { createHash } from 'node:crypto';
import * as path from 'node:path';
import { isAutoFixable } from '../engine/fix/apply';
import { PROJECT_URL, ruleDocsUrl } from '../engine/docs';
import { ALL_RULES } from '../engine/rules';
import type { Rule } from '../engine/rule';
import type { Range } from '../engine/text';
import type { Finding, Framework, Severity } from '../engine/types';
import { LATEST_MINOR } from '../engine/versions';
import { indent, jsonPolicy, type FileReport, type Reporter, type RunSummary } from './format';

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

/** SARIF region of an LSP range (1-based lines; 1-based UTF-16 columns, end exclusive). */
export function region(r: Range): Json {
  return { startLine: r.start.line + 1, startColumn: r.start.character + 1, endLine: r.end.line + 1, endColumn: r.end.character + 1 };
}

function objectName(f: Finding): string | undefined {
  const r = f.resource;
  if (!r) return undefined;
  return `${r.kind ?? ''}/${r.namespace ?? ''}/${r.name ?? ''}`;
}

function logicalLocations(f: Finding): Json[] | undefined {
  const obj = objectName(f);
  if (!obj || !f.resource) return undefined;
  const out: Json[] = [
    {
      name: f.resource.name ?? '',
      fullyQualifiedName: obj,
      kind: 'object',
      properties: { apiVersion: f.resource.apiVersion, kind: f.resource.kind, namespace: f.resource.namespace, name: f.resource.name },
    },
  ];
  if (f.container !== null)
    out.push({ name: f.container, fullyQualifiedName: `${obj}/${f.container}`, kind: 'object', properties: { containerKind: f.containerKind } });
  return out;
}

/**
 * The finding's identity without its position: rule, object, container, field (list positions of
 * containers replaced by their names) and message. Identical findings in one file are told apart by
 * their order.
 */
function identity(f: Finding): string {
  let field = f.path;
  if (f.container !== null) {
    const name = f.container;
    field = field.replace(/(^|\.)(initContainers|containers|ephemeralContainers)\[\d+\]/, (_m, dot: string, list: string) => `${dot}${list}[name=${name}]`);
  }
  return [f.ruleId, objectName(f) ?? '', f.container ?? '', field, f.message].join('\u0000');
}

export interface SarifOptions {
  version: string;
  /** the folder relative paths are relative to */
  cwd: string;
}

/** Builds results; exported for tests that look at single results. */
export class SarifBuilder {
  readonly artifacts: Json[] = [];

  constructor(private readonly opts: SarifOptions) {}

  private location(p: string): Json {
    return { ...artifactUri(p, this.opts.cwd), index: this.artifacts.length - 1 };
  }

  /** Results of one file (it becomes the next artifact). */
  results(report: FileReport): Json[] {
    const cat = getCatalog();
    this.artifacts.push({ location: artifactUri(report.path, this.opts.cwd), roles: ['analysisTarget'], sourceLanguage: 'yaml' });
    const artifact = this.location(report.path);
    const all = [...report.findings, ...report.suppressed].sort((a, b) => a.offset[0] - b.offset[0] || a.offset[1] - b.offset[1]);
    const seen = new Map<string, number>();
    return all.map((f) => {
      const id = identity(f);
      const n = seen.get(id) ?? 0;
      seen.set(id, n + 1);
      const fingerprint = createHash('sha256').update(`${id}\u0000${n}`).digest('hex').slice(0, 32);
      const location: Json = { physicalLocation: { artifactLocation: artifact, region: region(f.range) } };
      const logical = logicalLocations(f);
      if (logical) location.logicalLocations = logical;
      const result: Json = {
        ruleId: f.ruleId,
        ruleIndex: cat.ruleIndex.get(f.ruleId) ?? -1,
        level: LEVEL[f.severity],
        message: { text: f.message },
        locations: [location],
        partialFingerprints: { [FINGERPRINT_KEY]: fingerprint },
      };
      if (result.ruleIndex === -1) delete result.ruleIndex;
      if (f.related.length) {
        result.relatedLocations = f.related.map((r, i) => ({
          id: i + 1,
          // a namespace label or configuration in another file: that file's artifact
          physicalLocation: { artifactLocation: r.file !== undefined ? artifactUri(r.file, this.opts.cwd) : artifact, region: region(r.range) },
          message: { text: r.message },
        }));
      }
      if (f.suppressed) {
        const s = f.suppressed;
        result.suppressions = [
          {
            kind: 'inSource',
            status: 'accepted',
            ...(s.reason ? { justification: s.reason } : {}),
            location: { physicalLocation: { artifactLocation: artifact, region: region(s.range) } },
            properties: { via: s.kind },
          },
        ];
      }
      if (f.fix && f.fix.edits.length) {
        result.fixes = [
          {
            description: { text: f.fix.title },
            artifactChanges: [
              {
                artifactLocation: artifact,
                replacements: f.fix.edits.map((e) => ({ deletedRegion: region(e.range), insertedContent: { text: e.newText } })),
              },
            ],
            properties: { appliedByFixAll: isAutoFixable(f) },
          },
        ];
      }
      const props: Json = { path: f.path, fromPodLevel: f.fromPodLevel, document: f.document };
      if (f.pss) props.pss = { level: f.pss.level, check: f.pss.check, control: f.pss.control };
      if (f.policy) props.policy = jsonPolicy(f.policy, this.opts.cwd) as Json;
      result.properties = props;
      return result;
    });
  }

  /** The log around its results; `results` is a placeholder the writer replaces. */
  log(summary: RunSummary | undefined, results: unknown): Json {
    const cat = getCatalog();
    const run: Json = {
      tool: {
        driver: {
          name: 'podsec',
          fullName: 'podsec: Kubernetes Pod Security Standards and DISA STIG checks',
          version: this.opts.version,
          semanticVersion: this.opts.version,
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
      originalUriBaseIds: { [SRCROOT]: { uri: directoryUri(this.opts.cwd) } },
      results,
    };
    if (summary) {
      run.artifacts = this.artifacts;
      run.invocations = [
        {
          executionSuccessful: summary.notifications.length === 0,
          toolExecutionNotifications: summary.notifications.map((n) => ({
            level: 'error',
            message: { text: n.message },
            ...(n.path ? { locations: [{ physicalLocation: { artifactLocation: artifactUri(n.path, this.opts.cwd) } }] } : {}),
          })),
        },
      ];
    }
    return { $schema: SARIF_SCHEMA, version: '2.1.0', runs: [run] };
  }
}

const PLACEHOLDER = '\u0001podsec-results\u0001';
const RESULT_INDENT = 8;

/** Streams the SARIF log: everything before the results first, then results file by file. */
export class SarifReporter implements Reporter {
  private readonly builder: SarifBuilder;
  private started = false;
  private count = 0;

  constructor(
    private readonly out: (s: string) => void,
    opts: SarifOptions,
  ) {
    this.builder = new SarifBuilder(opts);
  }

  private parts(summary: RunSummary | undefined): [string, string] {
    const text = JSON.stringify(this.builder.log(summary, PLACEHOLDER), null, 2);
    const token = JSON.stringify(PLACEHOLDER);
    const at = text.indexOf(token);
    return [text.slice(0, at), text.slice(at + token.length)];
  }

  file(r: FileReport): void {
    if (!this.started) {
      this.out(this.parts(undefined)[0]);
      this.started = true;
    }
    for (const res of this.builder.results(r)) {
      this.out((this.count++ === 0 ? '[\n' : ',\n') + indent(JSON.stringify(res, null, 2), RESULT_INDENT));
    }
  }

  end(summary: RunSummary): void {
    const [head, tail] = this.parts(summary);
    if (!this.started) this.out(head);
    this.out((this.count ? `\n${' '.repeat(RESULT_INDENT - 2)}]` : '[]') + tail + '\n');
  }
}
