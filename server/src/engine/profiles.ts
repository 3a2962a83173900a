/**
 * Profiles and the rules that run, derived from rule metadata alone:
 * - `baseline`: every PSS baseline rule, plus rules whose metadata names the profile;
 * - `restricted`: baseline plus every PSS restricted rule, plus rules naming it;
 * - `stig-rke2` / `stig-kubernetes`: restricted with every PSS finding at error, plus the rules
 *   naming them.
 * A restricted rule that overrides a baseline rule runs in its place (as in Pod Security
 * Admission) from the policy version at which it exists.
 */
import { ALL_RULES } from './rules';
import type { Rule } from './rule';
import type { ProfileName, Severity, SeveritySetting } from './types';
import { parseVersion } from './versions';

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
  /** the analysed file's path (for rules that recognise files by path) */
  filePath?: string;
  suppression?: Partial<SuppressionPolicy>;
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
  /** rules whose checks run */
  run: ActiveRule[];
  /** every enabled rule by id, including baseline rules replaced by a restricted one */
  enabled: Map<string, ActiveRule>;
  ruleOptions: Record<string, Record<string, unknown>>;
  filePath: string | undefined;
  suppression: SuppressionPolicy;
  /** every rule id podsec knows */
  allRuleIds: Set<string>;
}

export const RULES_BY_ID = new Map(ALL_RULES.map((r) => [r.meta.id, r]));
const ALL_RULE_IDS = new Set(RULES_BY_ID.keys());

/** Resolve options into the rules to run. Throws on an unknown profile or version. */
export function resolveRuleSet(opts: EngineOptions = {}): RuleSet {
  const profile = opts.profile ?? 'restricted';
  if (!isProfile(profile)) throw new Error(`unknown profile "${String(profile)}": use ${PROFILES.join(', ')}`);
  const version = parseVersion(opts.version);
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
  return {
    profile,
    version,
    run: [...enabled.values()].filter((a) => !replaced.has(a.rule.meta.id)),
    enabled,
    ruleOptions: opts.ruleOptions ?? {},
    filePath: opts.filePath,
    suppression: { requireReason: opts.suppression?.requireReason ?? false, unsuppressible: opts.suppression?.unsuppressible ?? [] },
    allRuleIds: ALL_RULE_IDS,
  };
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
