/**
 * How Pod Security Admission reads its policy: levels, versions, namespace labels and the
 * defaults of its configuration file. Mirrors `k8s.io/pod-security-admission`:
 * `api/helpers.go` (ParseLevel, ParseVersion, PolicyToEvaluate), `api/constants.go` (label
 * names) and `admission/api/v1/defaults.go` (privileged and latest when unset).
 */
import { LATEST_MINOR } from '../versions';

export type PsaLevel = 'privileged' | 'baseline' | 'restricted';
export type PsaMode = 'enforce' | 'audit' | 'warn';
/** The keys of a policy: namespace label suffixes and `defaults` keys of the configuration. */
export type PsaKey = 'enforce' | 'enforce-version' | 'audit' | 'audit-version' | 'warn' | 'warn-version';

export const PSA_MODES: readonly PsaMode[] = ['enforce', 'audit', 'warn'];
export const PSA_KEYS: readonly PsaKey[] = ['enforce', 'enforce-version', 'audit', 'audit-version', 'warn', 'warn-version'];
export const PSA_LEVELS: readonly PsaLevel[] = ['privileged', 'baseline', 'restricted'];
export const PSA_LABEL_PREFIX = 'pod-security.kubernetes.io/';

export interface LevelVersion {
  level: PsaLevel;
  /** policy minor version evaluated (clamped to the newest podsec knows, as PSA clamps) */
  version: number;
  /** `latest`, or `v1.N` as written */
  versionLabel: string;
}

export type PsaPolicy = Record<PsaMode, LevelVersion>;

export interface PsaProblem {
  key: PsaKey;
  value: string;
  message: string;
}

const LEVEL_RANK: Record<PsaLevel, number> = { privileged: 0, baseline: 1, restricted: 2 };

/** -1, 0 or 1 as `a` is less, as or more strict than `b` (PSA's CompareLevels). */
export function compareLevels(a: PsaLevel, b: PsaLevel): number {
  return Math.sign(LEVEL_RANK[a] - LEVEL_RANK[b]);
}

export const LEVEL_ERROR = `must be one of ${PSA_LEVELS.join(', ')}`;
export const VERSION_ERROR = 'must be "latest" or "v1.x"';

/** PSA's ParseLevel: an unknown level is an error and reads as restricted. */
export function parseLevel(value: string): { level: PsaLevel; error?: string } {
  if ((PSA_LEVELS as string[]).includes(value)) return { level: value as PsaLevel };
  return { level: 'restricted', error: LEVEL_ERROR };
}

const VERSION = /^v1\.(0|[1-9][0-9]*)$/;

/** PSA's ParseVersion: `latest` or `v1.N`; anything else is an error and reads as latest. */
export function parseVersionLabel(value: string): { version: number; versionLabel: string; error?: string } {
  if (value === 'latest') return { version: LATEST_MINOR, versionLabel: 'latest' };
  const m = VERSION.exec(value);
  // a version newer than the evaluator knows evaluates as its newest
  if (m) return { version: Math.min(Number(m[1]), LATEST_MINOR), versionLabel: value };
  return { version: LATEST_MINOR, versionLabel: 'latest', error: VERSION_ERROR };
}

export function formatLevelVersion(lv: LevelVersion): string {
  return `${lv.level}:${lv.versionLabel}`;
}

/**
 * The defaults of a PodSecurityConfiguration: unset levels are privileged and unset versions
 * latest (`SetDefaults_PodSecurityDefaults`). The API server refuses to start with an invalid
 * value; podsec reports it and reads it as PSA's parsers do (restricted, latest).
 */
export function policyFromDefaults(values: Partial<Record<PsaKey, string>>): { policy: PsaPolicy; problems: PsaProblem[] } {
  const problems: PsaProblem[] = [];
  const mode = (m: PsaMode): LevelVersion => {
    const lv = values[m];
    const vv = values[`${m}-version` as PsaKey];
    let level: PsaLevel = 'privileged';
    if (lv !== undefined && lv !== '') {
      const r = parseLevel(lv);
      level = r.level;
      if (r.error) problems.push({ key: m, value: lv, message: r.error });
    }
    let version = LATEST_MINOR;
    let versionLabel = 'latest';
    if (vv !== undefined && vv !== '') {
      const r = parseVersionLabel(vv);
      ({ version, versionLabel } = r);
      if (r.error) problems.push({ key: `${m}-version` as PsaKey, value: vv, message: r.error });
    }
    return { level, version, versionLabel };
  };
  return { policy: { enforce: mode('enforce'), audit: mode('audit'), warn: mode('warn') }, problems };
}

/** Where each mode's level and version come from after `policyToEvaluate`. */
export type PolicyOrigin = Record<PsaMode, { level: 'label' | 'default' | 'enforce-label'; version: 'label' | 'default' | 'enforce-label' }>;

/**
 * PSA's PolicyToEvaluate: namespace labels override the defaults mode by mode. An invalid
 * enforce level reads as restricted (fail closed); an invalid audit or warn level as privileged
 * (fail open); an invalid version as latest. When the enforce level is labelled, valid, and
 * stricter than the warn level, and warn is not labelled, warn takes the enforce level (and its
 * version, unless the warn version is labelled).
 */
export function policyToEvaluate(
  labels: Partial<Record<PsaKey, string>>,
  defaults: PsaPolicy,
): { policy: PsaPolicy; problems: PsaProblem[]; origin: PolicyOrigin } {
  const p: PsaPolicy = { enforce: { ...defaults.enforce }, audit: { ...defaults.audit }, warn: { ...defaults.warn } };
  const origin: PolicyOrigin = {
    enforce: { level: 'default', version: 'default' },
    audit: { level: 'default', version: 'default' },
    warn: { level: 'default', version: 'default' },
  };
  const problems: PsaProblem[] = [];
  let hasEnforceLevel = false;
  for (const m of PSA_MODES) {
    const level = labels[m];
    if (level !== undefined) {
      const r = parseLevel(level);
      origin[m].level = 'label';
      if (r.error) {
        problems.push({ key: m, value: level, message: r.error });
        p[m].level = m === 'enforce' ? 'restricted' : 'privileged';
      } else {
        p[m].level = r.level;
        if (m === 'enforce') hasEnforceLevel = true;
      }
    }
    const vk = `${m}-version` as PsaKey;
    const version = labels[vk];
    if (version !== undefined) {
      const r = parseVersionLabel(version);
      origin[m].version = 'label';
      p[m].version = r.version;
      p[m].versionLabel = r.versionLabel;
      if (r.error) problems.push({ key: vk, value: version, message: r.error });
    }
  }
  if (labels.warn === undefined && hasEnforceLevel && compareLevels(p.enforce.level, p.warn.level) > 0) {
    p.warn.level = p.enforce.level;
    origin.warn.level = 'enforce-label';
    if (labels['warn-version'] === undefined) {
      p.warn.version = p.enforce.version;
      p.warn.versionLabel = p.enforce.versionLabel;
      origin.warn.version = origin.enforce.version === 'label' ? 'enforce-label' : origin.enforce.version;
    }
  }
  return { policy: p, problems, origin };
}
