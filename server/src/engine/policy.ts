/**
 * Which Pod Security policy judges a pod, as analysis uses it. The cluster context decides
 * (`ClusterView.policyFor`: namespace labels, admission configuration, RKE2's defaults, or the
 * profile setting); this module turns a decision into what the rule loop needs:
 * - `profile`: the profile's rules and severities, exactly as without a cluster, each finding
 *   tagged with the mode of the profile read as a policy that its level falls under;
 * - `exempt`: no Pod Security finding, and a note;
 * - `modes`: one evaluation per distinct level:version among enforce, warn and audit (not
 *   privileged), each with the rules Pod Security Admission runs there (`pssRulesAt`), at the
 *   severity of its most severe mode (enforce error, warn warning, audit information).
 */
import type { ClusterContext, ClusterView, ModePolicy, PolicyDecision, PolicySource } from './cluster/context';
import { describeMode } from './cluster/context';
import { splitChunks } from './chunks';
import { DocModel } from './model';
import { documentSyntax, parseChunk } from './syntax';
import { LineIndex, type Range } from './text';
import { policyFromDefaults, type PsaMode, type PsaPolicy } from './cluster/psa';
import { patchNamespace, patchObjectNote } from './kustomize';
import { pssRulesAt, type RuleSet } from './profiles';
import type { Rule } from './rule';
import type { FindingPolicy, Level, PolicySourceRef, RelatedLocation, ResourceRef, Severity } from './types';
import { objectsOf, podSpecOf, type K8sObject, type PodSpecLocation } from './workloads';

/** The severity a violation of each mode's policy is reported at. */
export const MODE_SEVERITY: Record<PsaMode, Severity> = { enforce: 'error', warn: 'warning', audit: 'info' };

/** Modes from the most to the least severe. */
export const MODES_BY_SEVERITY: readonly PsaMode[] = ['enforce', 'warn', 'audit'];

/** One level:version a pod is evaluated at, for the most severe mode that asks for it. */
export interface Evaluation {
  mode: ModePolicy;
  level: Level;
  version: number;
  /** the rules Pod Security Admission runs at this level and version */
  rules: ReadonlySet<Rule>;
  severity: Severity;
  policy: FindingPolicy;
  /** where the policy is set, as a related location of every finding (none for the profile and built-in defaults) */
  related: RelatedLocation | undefined;
}

/** How one object's pod is judged. */
export type Judgement =
  | { kind: 'profile'; decision: PolicyDecision; note?: string }
  | { kind: 'exempt'; decision: PolicyDecision; note: string }
  | { kind: 'modes'; decision: PolicyDecision & { kind: 'modes' }; evaluations: Evaluation[]; note?: string };

interface ProfileReading {
  policy: PsaPolicy;
  /** finding policy per rule level (shared by every finding) */
  byLevel: Record<Level, FindingPolicy>;
}

const profileReadings = new WeakMap<RuleSet, ProfileReading>();

const PROFILE_SOURCE = (cfg: RuleSet): PolicySource => ({
  kind: 'profile',
  detail: `the profile setting (${cfg.profile}, Pod Security Standards ${cfg.versionLabel})`,
});

/**
 * The profile setting read as a Pod Security Admission policy, for modes that no label and no
 * configuration set: baseline enforces baseline; restricted enforces baseline and warns at
 * restricted; the STIG profiles enforce, audit and warn at restricted. All at `pssVersion`.
 */
export function profilePolicy(cfg: RuleSet): PsaPolicy {
  return profileReading(cfg).policy;
}

function profileReading(cfg: RuleSet): ProfileReading {
  let r = profileReadings.get(cfg);
  if (r) return r;
  const v = cfg.versionLabel;
  const defaults: Record<string, string> =
    cfg.profile === 'baseline'
      ? { enforce: 'baseline' }
      : cfg.profile === 'restricted'
        ? { enforce: 'baseline', warn: 'restricted' }
        : { enforce: 'restricted', audit: 'restricted', warn: 'restricted' };
  for (const k of Object.keys(defaults)) defaults[`${k}-version`] = v;
  const { policy } = policyFromDefaults(defaults);
  // the version as RuleSet resolved it (parseVersion accepts `1.N` too)
  for (const m of ['enforce', 'audit', 'warn'] as const) policy[m].version = cfg.version;
  const source = toRef(PROFILE_SOURCE(cfg));
  const forLevel = (level: Level): FindingPolicy => {
    const rank = level === 'restricted' ? 2 : 1;
    const mode = MODES_BY_SEVERITY.find((m) => (policy[m].level === 'restricted' ? 2 : policy[m].level === 'baseline' ? 1 : 0) >= rank);
    // a rule the configuration turns on beyond its profile (a restricted rule under baseline): no mode covers it
    if (!mode) return { mode: 'warn', level, version: v, source };
    return { mode, level: policy[mode].level as Level, version: v, source };
  };
  r = { policy, byLevel: { baseline: forLevel('baseline'), restricted: forLevel('restricted') } };
  profileReadings.set(cfg, r);
  return r;
}

/** The policy a finding of a profile-judged pod carries: the profile's mode for the level it breaks. */
export function profileFindingPolicy(cfg: RuleSet, level: Level): FindingPolicy {
  return profileReading(cfg).byLevel[level];
}

function toRef(s: PolicySource): PolicySourceRef {
  const ref: PolicySourceRef = { kind: s.kind, detail: s.detail };
  if (s.file !== undefined) ref.file = s.file;
  if (s.loc) ref.range = s.loc.range;
  return ref;
}

/** The namespace an object names: its value, null when it names none, undefined when a template writes it. */
function namespaceOf(obj: K8sObject): string | null | undefined {
  const n = obj.root.get('metadata')?.get('namespace');
  if (!n) return null;
  if (n.templated) return undefined;
  return n.str() ?? null;
}

/** Evaluations of a decision's modes: one per distinct level:version, for its most severe mode. */
export function evaluationsOf(modes: readonly ModePolicy[]): Evaluation[] {
  const out: Evaluation[] = [];
  for (const name of MODES_BY_SEVERITY) {
    const m = modes.find((x) => x.mode === name);
    if (!m || m.level === 'privileged') continue;
    if (out.some((e) => e.level === m.level && e.version === m.version)) continue;
    const level = m.level;
    const source = toRef(m.source);
    const policy: FindingPolicy = { mode: m.mode, level, version: m.versionLabel, source };
    const related: RelatedLocation | undefined =
      m.source.file !== undefined && m.source.loc
        ? {
            message: `Judged by ${describeMode(m)}: ${m.source.detail}`,
            range: m.source.loc.range,
            offset: m.source.loc.offset,
            path: '',
            file: m.source.file,
          }
        : undefined;
    out.push({ mode: m, level, version: m.version, rules: pssRulesAt(level, m.version), severity: MODE_SEVERITY[m.mode], policy, related });
  }
  return out;
}

/** Why a pod is judged as it is, in a sentence (for notes): undefined when there is nothing to say. */
function noteOf(d: PolicyDecision): string | undefined {
  if (d.kind === 'exempt') return d.message;
  if (d.kind === 'profile') return d.plain ? undefined : `Judged by the profile setting: ${d.why}.`;
  if (d.modes.every((m) => m.level === 'privileged')) {
    const by = [...new Set(d.modes.map((m) => m.source.detail))].join('; ');
    return `Pod Security Admission allows any pod here (enforce, audit and warn are privileged: ${by}): no Pod Security findings.`;
  }
  return undefined;
}

/** Judgements of the objects of one analysis, cached by namespace and runtime class. */
export class PodJudge {
  private readonly cache = new Map<string, Judgement>();
  /** a Kustomize patch's objects are built into the namespace its kustomization names */
  private readonly patchNamespace: string | undefined;

  constructor(
    private readonly cfg: RuleSet,
    private readonly cluster: ClusterView,
  ) {
    this.patchNamespace = patchNamespace(cluster.patchOf(cfg.filePath));
  }

  /** How the pod of an object (with pod spec `loc`) is judged. */
  judge(obj: K8sObject, loc: PodSpecLocation): Judgement {
    const ns = this.patchNamespace ?? namespaceOf(obj);
    const rcNode = loc.spec.get('runtimeClassName');
    const runtimeClass = rcNode && !rcNode.templated ? (rcNode.str() ?? null) : null;
    const key = `${ns === undefined ? '\u0001' : (ns ?? '')}\u0000${runtimeClass ?? ''}`;
    let j = this.cache.get(key);
    if (!j) {
      j = this.compute(ns, runtimeClass);
      this.cache.set(key, j);
    }
    return j;
  }

  private compute(ns: string | null | undefined, runtimeClass: string | null): Judgement {
    if (ns === undefined) {
      const decision: PolicyDecision = { kind: 'profile', why: 'a template writes its namespace, so the namespace policy is unknown until rendered' };
      return { kind: 'profile', decision, note: noteOf(decision) };
    }
    let decision = this.cluster.policyFor(this.cfg.filePath, ns, runtimeClass, this.cfg.cluster, profilePolicy(this.cfg));
    if (decision.kind === 'modes' && decision.modes.some((m) => m.source.kind === 'profile')) {
      // modes no label and no configuration sets: say which profile (and version) stands in
      const source = PROFILE_SOURCE(this.cfg);
      decision = { ...decision, modes: decision.modes.map((m) => (m.source.kind === 'profile' ? { ...m, source } : m)) };
    }
    const note = noteOf(decision);
    if (decision.kind === 'profile') return { kind: 'profile', decision, note };
    if (decision.kind === 'exempt') return { kind: 'exempt', decision, note: note! };
    return { kind: 'modes', decision, evaluations: evaluationsOf(decision.modes), note };
  }
}

/** The policy of one pod, for `podsec explain`. */
export interface PodPolicy {
  /** the object holding the pod spec, placed in the text */
  range: Range;
  /** 0-based index of the YAML document in the text */
  document: number;
  resource: ResourceRef;
  judgement: Judgement;
  /** the object is part of a Kustomize patch: how it is judged, and which kustomization lists it */
  patch?: string;
}

/**
 * Every pod of a text (each object with a pod spec) with the policy that judges it: what
 * `podsec explain` prints. `cluster` is what the files analysed together say about the cluster.
 */
export function explainPods(text: string, cfg: RuleSet, cluster: ClusterContext): PodPolicy[] {
  const out: PodPolicy[] = [];
  const view = cluster.view(new Set(), cfg.cluster);
  const judge = new PodJudge(cfg, view);
  const listings = view.patchOf(cfg.filePath);
  const patch = listings.length ? patchObjectNote(listings, cfg.filePath ?? '') : undefined;
  const lines = new LineIndex(text);
  let docs = 0;
  for (const span of splitChunks(text)) {
    const { source, docs: parsed } = parseChunk(text.slice(span.start, span.end));
    parsed.forEach((doc, i) => {
      if (!doc.contents || !documentSyntax(doc, source).checkable) return;
      const model = new DocModel(doc, source.text, source.mask);
      for (const obj of objectsOf(model)) {
        const loc = podSpecOf(obj);
        if (!loc) continue;
        const [s, e] = obj.root.span();
        const pod: PodPolicy = {
          range: lines.range(s + span.start, e + span.start),
          document: docs + i,
          resource: obj.resource,
          judgement: judge.judge(obj, loc),
        };
        if (patch) pod.patch = patch;
        out.push(pod);
      }
    });
    docs += parsed.length;
  }
  return out;
}
