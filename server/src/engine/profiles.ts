/**
 * Profiles and the rules that run, derived from rule metadata alone:
 * - `baseline`: every PSS baseline rule, plus rules whose metadata names the profile;
 * - `restricted`: baseline plus every PSS restricted rule, plus rules naming it;
 * - `stig-rke2` / `stig-kubernetes`: restricted with every PSS finding at error, plus the rules
 *   naming them.
 * A restricted rule that overrides a baseline rule runs in its place (as in Pod Security
 * Admission) from the policy version at which it exists.
 */
import type { ClusterSettings } from './cluster/context';
import { ALL_RULES } from './rules';
import type { Rule } from './rule';
import type { Level, ProfileName, Severity, SeveritySetting } from './types';
import { formatVersion, parseVersion } from './versions';

export const PROFILES: ProfileName[] = ['baseline', 'restricted', 'stig-rke2', 'stig-kubernetes'];

export function isProfile(p: unknown): p is ProfileName {
  return typeof p === 'string' && (PROFILES as string[]).includes(p);
}

/** Severity of a rule in a profile, or undefined when the profile does not include it. */
export function severityInProfile(rule: Rule, profile: ProfileName): Severity | undefined {
  const { pss, profiles } = rule.meta;
  if (pss) {
    if (pss.level === 'restricted' && profile === 'baseline') return undefined;
    if (profile === 'stig-rke2' || profile === 'stig-kubernetes') return 'error';
    return rule.meta.defaultSeverity;
  }
  return profiles?.[profile];
}

/** Rule ids of a profile. */
export function profileRuleIds(profile: ProfileName): string[] {
  return ALL_RULES.filter((r) => severityInProfile(r, profile) !== undefined).map((r) => r.meta.id);
}

export interface EngineOptions {
  profile?: ProfileName;
  /** `latest`, `v1.N` */
  version?: string | number;
  /** per-rule severity overrides */
  rules?: Record<string, SeveritySetting>;
  /** per-rule options */
  ruleOptions?: Record<string, Record<string, unknown>>;
  /** the analysed file's path (for rules that recognise files by path; absolute when files are analysed together) */
  filePath?: string;
  suppression?: Partial<SuppressionPolicy>;
  /** the namespace of objects that set none (`namespace:`, `--namespace`) */
  namespace?: string;
  /** absolute path of the admission configuration the cluster uses (`admissionConfiguration:`, `--admission-configuration`) */
  admissionConfiguration?: string;
}

export interface SuppressionPolicy {
  /** a suppression must give a reason (`-- reason`, or the ignore-reason annotation) */
  requireReason: boolean;
  /** rules no suppression can silence (compliance gates) */
  unsuppressible: string[];
}

export interface ActiveRule {
  rule: Rule;
  severity: Severity;
}

/** The rules to run, with their severities and options: what analysis takes. */
export interface RuleSet {
  profile: ProfileName;
  version: number;
  /** the version as the configuration gives it: `latest` or `v1.N` */
  versionLabel: string;
  /** rules whose checks run */
  run: ActiveRule[];
  /** every enabled rule by id, including baseline rules replaced by a restricted one */
  enabled: Map<string, ActiveRule>;
  ruleOptions: Record<string, Record<string, unknown>>;
  filePath: string | undefined;
  suppression: SuppressionPolicy;
  /** every rule id podsec knows */
  allRuleIds: Set<string>;
  /**
   * The severities the configuration sets rule by rule (`rules:`). They win over the severity a
   * Pod Security Admission mode gives a finding (`off` turns a rule off in every mode).
   */
  explicit: Readonly<Record<string, SeveritySetting>>;
  /** what the configuration says about the cluster: the default namespace, the admission configuration */
  cluster: ClusterSettings;
}

export const RULES_BY_ID = new Map(ALL_RULES.map((r) => [r.meta.id, r]));
const ALL_RULE_IDS = new Set(RULES_BY_ID.keys());

/** Resolve options into the rules to run. Throws on an unknown profile or version. */
export function resolveRuleSet(opts: EngineOptions = {}): RuleSet {
  const profile = opts.profile ?? 'restricted';
  if (!isProfile(profile)) throw new Error(`unknown profile "${String(profile)}": use ${PROFILES.join(', ')}`);
  const version = parseVersion(opts.version);
  const versionLabel = opts.version === undefined || opts.version === 'latest' || opts.version === '' ? 'latest' : formatVersion(version);
  const enabled = new Map<string, ActiveRule>();
  for (const rule of ALL_RULES) {
    const override = opts.rules?.[rule.meta.id];
    const severity = override === 'off' ? undefined : (override ?? severityInProfile(rule, profile));
    if (!severity) continue;
    if (rule.meta.pss && rule.meta.pss.since > version) continue;
    enabled.set(rule.meta.id, { rule, severity });
  }
  const replaced = new Set<string>();
  for (const a of enabled.values()) if (a.rule.meta.pss?.overrides) replaced.add(a.rule.meta.pss.overrides);
  const cluster: ClusterSettings = {};
  if (opts.namespace) cluster.namespace = opts.namespace;
  if (opts.admissionConfiguration) cluster.admissionConfiguration = opts.admissionConfiguration;
  return {
    profile,
    version,
    versionLabel,
    run: [...enabled.values()].filter((a) => !replaced.has(a.rule.meta.id)),
    enabled,
    ruleOptions: opts.ruleOptions ?? {},
    filePath: opts.filePath,
    suppression: { requireReason: opts.suppression?.requireReason ?? false, unsuppressible: opts.suppression?.unsuppressible ?? [] },
    allRuleIds: ALL_RULE_IDS,
    explicit: { ...(opts.rules ?? {}) },
    cluster,
  };
}

/** Every Pod Security Standards rule, in documentation order. */
export const PSS_RULES: readonly Rule[] = ALL_RULES.filter((r) => r.meta.pss);

const pssRuleSets = new Map<string, ReadonlySet<Rule>>();

/**
 * The Pod Security Standards rules Pod Security Admission runs at a level and policy version:
 * the baseline rules, and at restricted the restricted rules too, each from the version at which
 * its check exists; a restricted rule replaces the baseline rule it overrides wherever it runs.
 * Computed once per level and version.
 */
export function pssRulesAt(level: Level, version: number): ReadonlySet<Rule> {
  const key = `${level}:${version}`;
  let set = pssRuleSets.get(key);
  if (!set) {
    const included = PSS_RULES.filter((r) => (level === 'restricted' || r.meta.pss!.level === 'baseline') && r.meta.pss!.since <= version);
    const replaced = new Set(included.map((r) => r.meta.pss!.overrides).filter((id): id is string => !!id));
    set = new Set(included.filter((r) => !replaced.has(r.meta.id)));
    pssRuleSets.set(key, set);
  }
  return set;
}

/** Performance: rule options per rule set, computed once rather than per rule and document. */
const optionsCache = new WeakMap<RuleSet, Map<Rule, Record<string, unknown>>>();

/** A rule's options in a rule set: its declared defaults, overridden by the configuration. */
export function optionsOf(rule: Rule, set: RuleSet): Record<string, unknown> {
  let byRule = optionsCache.get(set);
  if (!byRule) optionsCache.set(set, (byRule = new Map()));
  let options = byRule.get(rule);
  if (!options) byRule.set(rule, (options = computeOptions(rule, set)));
  return options;
}

function computeOptions(rule: Rule, set: RuleSet): Record<string, unknown> {
  const given = set.ruleOptions[rule.meta.id];
  if (!rule.meta.options) return given ?? {};
  const out: Record<string, unknown> = {};
  for (const [k, spec] of Object.entries(rule.meta.options)) out[k] = spec.default;
  return { ...out, ...(given ?? {}) };
}
