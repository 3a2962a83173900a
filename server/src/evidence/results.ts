/**
 * podsec's verdict on each requirement of a STIG, from a check of files: what the evidence
 * writers (cklb.ts, ckl.ts, oscal.ts) take as `RequirementResult`s. Pure: the CLI and the
 * language server feed it the findings of each file as they come, and it keeps per requirement
 * only counts and a capped list of findings, so memory does not grow with the number of findings.
 *
 * Which podsec rules check a requirement comes from rule metadata (each rule's `standards` that
 * name the STIG), for the rules that ran. Per requirement:
 * - **Open**: a finding of one of those rules, not suppressed, or suppressed without a recorded
 *   reason (a suppression without a reason is no evidence that the requirement is met).
 * - **Not a Finding**: the catalogue says files can decide it, a rule checking it ran, no finding
 *   is open, and among the files checked is one of the kinds the requirement's check reads (the
 *   catalogue's `settings`: an RKE2 config, an admission configuration, a Namespace, a component's
 *   configuration, or Kubernetes objects). Suppressed findings with their reasons go to the
 *   comments. The details say what was checked: how many files and objects, and which files.
 * - **Not Reviewed**, with the reason in the comments: the catalogue says files cannot decide it
 *   (its reason), or no rule that ran checks it, or none of the files checked is of a kind the
 *   check reads (so finding nothing proves nothing).
 */
import { RULES_BY_ID } from '../engine/profiles';
import type { Rule } from '../engine/rule';
import type { FileFacts } from '../engine/cluster/types';
import type { SettingSource, StigBenchmark, StigRequirement } from '../engine/stig/catalogue-types';
import { KUBERNETES_STIG } from '../engine/stig/kubernetes-stig';
import { RKE2_STIG } from '../engine/stig/rke2-stig';
import { PROFILE_STIG } from '../engine/standards';
import type { Range } from '../engine/text';
import type { Framework, ProfileName, ResourceRef } from '../engine/types';
import type { EvidenceFinding, RequirementResult, RequirementStatus } from './types';

/** The STIG a checklist is written for, by the framework name rules cite it with. */
const BENCHMARKS: Partial<Record<Framework, StigBenchmark>> = {
  'disa-stig-rke2': RKE2_STIG,
  'disa-stig-kubernetes': KUBERNETES_STIG,
};

export interface ChecklistStig {
  framework: Framework;
  benchmark: StigBenchmark;
}

/** The STIG of a profile (`stig-rke2` → RKE2 STIG, `stig-kubernetes` → Kubernetes STIG); undefined for the others. */
export function stigOfProfile(profile: ProfileName): ChecklistStig | undefined {
  const framework = PROFILE_STIG[profile];
  const benchmark = framework ? BENCHMARKS[framework] : undefined;
  return framework && benchmark ? { framework, benchmark } : undefined;
}

/** The profiles that have a checklist, in the order profiles are listed. */
export const CHECKLIST_PROFILES = (Object.keys(PROFILE_STIG) as ProfileName[]).filter((p) => stigOfProfile(p));

/** What a file holds that a STIG check can read. */
export type FileContent = 'manifest' | 'namespace' | 'admission-configuration' | 'rke2-config' | 'component';

/** The kinds of file that can decide a setting of each source (see the catalogue's `settings`). */
const DECIDED_BY: Record<SettingSource, readonly FileContent[]> = {
  workload: ['manifest'],
  namespace: ['namespace'],
  'admission-configuration': ['admission-configuration'],
  'rke2-config': ['rke2-config'],
  'kube-apiserver': ['rke2-config', 'component'],
  'kube-controller-manager': ['rke2-config', 'component'],
  'kube-scheduler': ['rke2-config', 'component'],
  etcd: ['rke2-config', 'component'],
  kubelet: ['rke2-config', 'component'],
  'kube-proxy': ['rke2-config', 'component'],
  'audit-policy': ['rke2-config', 'component'],
};

const CONTENT_NAMES: Record<FileContent, string> = {
  manifest: 'Kubernetes objects',
  namespace: 'a Namespace',
  'admission-configuration': 'an admission configuration',
  'rke2-config': 'an RKE2 config',
  component: 'a Kubernetes component configuration (static pod, KubeletConfiguration, audit policy)',
};

/**
 * A component's configuration as a file shows it: a KubeletConfiguration, KubeProxyConfiguration
 * or audit Policy, or a static pod that runs a control-plane component or the kubelet (its
 * command or a list item names the binary).
 */
const COMPONENT =
  /^[ \t]*["']?kind["']?[ \t]*:[ \t]*["']?(?:KubeletConfiguration|KubeProxyConfiguration)\b|^[ \t]*["']?apiVersion["']?[ \t]*:[ \t]*["']?audit\.k8s\.io\/|^[ \t-]*["']?(?:kube-apiserver|kube-controller-manager|kube-scheduler|etcd|kubelet|kube-proxy)["']?[ \t]*$/m;

/** A text holds a Kubernetes component's configuration (test it per document or per file). */
export function holdsComponent(text: string): boolean {
  return COMPONENT.test(text);
}

/**
 * What a file holds, from its text (or whether it holds a component's configuration) and facts
 * (`manifest`: it has Kubernetes objects).
 */
export function contentsOf(text: string | boolean, facts: FileFacts | undefined, manifest: boolean): FileContent[] {
  const out: FileContent[] = [];
  if (manifest) out.push('manifest');
  if (facts?.namespaces.length) out.push('namespace');
  if (facts?.psaConfigs.length) out.push('admission-configuration');
  if (facts?.rke2) out.push('rke2-config');
  if (typeof text === 'boolean' ? text : holdsComponent(text)) out.push('component');
  return out;
}

/** A file checked, as the results count it. */
export interface CheckedFile {
  /** path relative to the checked root, `/`-separated */
  file: string;
  /** Kubernetes objects and config documents checked in it */
  objects: number;
  holds: readonly FileContent[];
}

/** What results need of a finding (an engine `Finding` has it). */
export interface CheckedFinding {
  ruleId: string;
  message: string;
  /** 0-based, UTF-16 (LSP) */
  range: Range;
  resource: ResourceRef | string | null;
  container: string | null;
  suppressed?: { reason: string | null };
}

/** `Kind/namespace/name`, leaving out what the object does not say. */
export function resourceText(r: ResourceRef | string | null): string | undefined {
  if (r === null) return undefined;
  if (typeof r === 'string') return r || undefined;
  const parts = [r.kind, r.namespace, r.name].filter((p): p is string => !!p);
  return parts.length ? parts.join('/') : undefined;
}

export interface ResultsOptions {
  /** findings listed per requirement (the others are counted); default 100 */
  maxFindings?: number;
  /** file names listed in the details of a requirement that is not a finding; default 20 */
  maxFilesListed?: number;
}

interface RequirementState {
  req: StigRequirement;
  /** ids of the rules that ran and check it */
  rules: string[];
  findings: EvidenceFinding[];
  total: number;
  /** findings that make it open */
  open: number;
  /** suppressed findings without a reason (they count as open) */
  unreasoned: number;
}

/** The V-IDs of `framework` a rule's metadata cites. */
export function requirementsOfRule(rule: Rule, framework: Framework): string[] {
  return rule.meta.standards.filter((s) => s.framework === framework).map((s) => s.id);
}

/**
 * Collects a check's findings, file by file, into a verdict per requirement of one STIG.
 *
 *   const r = new RequirementResults(stig, ruleSet.run.map((a) => a.rule));
 *   for (const file of files) r.add({ file, objects, holds }, findings);
 *   const results = r.results();
 */
export class RequirementResults {
  private readonly states = new Map<string, RequirementState>();
  /** rule id -> the requirements it checks */
  private readonly byRule = new Map<string, RequirementState[]>();
  private readonly filesChecked: string[] = [];
  private readonly held = new Set<FileContent>();
  private objectCount = 0;
  private readonly maxFindings: number;
  private readonly maxFiles: number;

  constructor(
    readonly stig: ChecklistStig,
    /** the rules that ran */
    rules: Iterable<Rule>,
    options: ResultsOptions = {},
  ) {
    this.maxFindings = options.maxFindings ?? 100;
    this.maxFiles = options.maxFilesListed ?? 20;
    for (const req of stig.benchmark.requirements) this.states.set(req.vulnId, { req, rules: [], findings: [], total: 0, open: 0, unreasoned: 0 });
    for (const rule of rules) {
      for (const vulnId of requirementsOfRule(rule, stig.framework)) {
        const state = this.states.get(vulnId);
        if (!state || state.rules.includes(rule.meta.id)) continue;
        state.rules.push(rule.meta.id);
        const list = this.byRule.get(rule.meta.id) ?? [];
        list.push(state);
        this.byRule.set(rule.meta.id, list);
      }
    }
  }

  /** The files added so far (relative paths, in the order added). */
  get files(): readonly string[] {
    return this.filesChecked;
  }

  get objects(): number {
    return this.objectCount;
  }

  /** The requirements a rule's findings count for (empty: none of this STIG). */
  requirementsOf(ruleId: string): readonly string[] {
    return (this.byRule.get(ruleId) ?? []).map((s) => s.req.vulnId);
  }

  /**
   * One file checked, with its findings (any rule's: those of rules that check no requirement are
   * ignored). `more` counts, per rule, findings not given (a caller that keeps a capped list per
   * file): they count as open, unlisted.
   */
  add(file: CheckedFile, findings: Iterable<CheckedFinding>, more?: ReadonlyMap<string, number>): void {
    this.filesChecked.push(file.file);
    this.objectCount += file.objects;
    for (const h of file.holds) this.held.add(h);
    for (const f of findings) {
      const states = this.byRule.get(f.ruleId);
      if (!states) continue;
      const open = !f.suppressed || !f.suppressed.reason;
      for (const s of states) {
        s.total++;
        if (open) s.open++;
        if (f.suppressed && !f.suppressed.reason) s.unreasoned++;
        if (s.findings.length < this.maxFindings) s.findings.push(evidenceOf(file.file, f));
      }
    }
    for (const [ruleId, n] of more ?? []) {
      for (const s of this.byRule.get(ruleId) ?? []) {
        s.total += n;
        s.open += n;
      }
    }
  }

  /** How many findings make each requirement open so far (for a view that shows counts). */
  openCount(vulnId: string): number {
    return this.states.get(vulnId)?.open ?? 0;
  }

  /** Every requirement of the STIG with its verdict. */
  results(): RequirementResult[] {
    return [...this.states.values()].map((s) => this.resultOf(s));
  }

  private resultOf(s: RequirementState): RequirementResult {
    const base = { vulnId: s.req.vulnId, rules: [...s.rules], findings: s.findings, totalFindings: s.total, comments: '' };
    const status = (st: RequirementStatus, details: string): RequirementResult => ({ ...base, status: st, details });
    if (s.open) {
      const unreasoned = s.unreasoned
        ? `${s.unreasoned} suppressed finding${s.unreasoned === 1 ? '' : 's'} without a recorded reason count${s.unreasoned === 1 ? 's' : ''} as open (see the comments).`
        : '';
      return status('open', unreasoned);
    }
    if (!s.req.decidable) return status('not_reviewed', s.req.notDecidableWhy ?? 'it cannot be decided from files');
    if (!s.rules.length) {
      const idle = [...RULES_BY_ID.values()].filter((r) => requirementsOfRule(r, this.stig.framework).includes(s.req.vulnId)).map((r) => r.meta.id);
      return status(
        'not_reviewed',
        idle.length
          ? `the podsec rule${idle.length === 1 ? '' : 's'} that check${idle.length === 1 ? 's' : ''} it (${idle.join(', ')}) did not run (turned off in the configuration)`
          : 'no podsec rule checks it yet',
      );
    }
    const needs = neededContents(s.req);
    if (!needs.some((n) => this.held.has(n))) {
      const n = this.filesChecked.length;
      return status(
        'not_reviewed',
        `its check reads ${orList(needs.map((c) => CONTENT_NAMES[c]))}, and none of the ${n} file${n === 1 ? '' : 's'} checked holds one; the rules that check it found nothing, which proves nothing here`,
      );
    }
    return status('not_a_finding', this.checkedText());
  }

  private checkedText(): string {
    const n = this.filesChecked.length;
    const listed = this.filesChecked.slice(0, this.maxFiles);
    const more = n - listed.length;
    return [
      `podsec checked ${n} file${n === 1 ? '' : 's'} (${this.objectCount} Kubernetes object${this.objectCount === 1 ? '' : 's'} and config documents) and found nothing that breaks this requirement:`,
      ...listed,
      ...(more > 0 ? [`… and ${more} more file${more === 1 ? '' : 's'}`] : []),
    ].join('\n');
  }
}

/** The kinds of file that can decide a requirement (Kubernetes objects when the catalogue names no setting). */
function neededContents(req: StigRequirement): FileContent[] {
  const out = new Set<FileContent>();
  for (const s of req.settings) for (const c of DECIDED_BY[s.source] ?? []) out.add(c);
  if (!out.size) out.add('manifest');
  return [...out];
}

function orList(items: string[]): string {
  return items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} or ${items[items.length - 1]}`;
}

function evidenceOf(file: string, f: CheckedFinding): EvidenceFinding {
  const out: EvidenceFinding = { file, line: f.range.start.line + 1, column: f.range.start.character + 1, message: f.message, ruleId: f.ruleId };
  const resource = resourceText(f.resource);
  if (resource) out.resource = resource;
  if (f.container) out.container = f.container;
  if (f.suppressed) out.suppressed = { reason: f.suppressed.reason };
  return out;
}
