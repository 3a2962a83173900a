/**
 * `podsec rules`: the rule table, from rule metadata alone.
 *
 *   podsec rules [--profile <name>] [--format text|json]
 *
 * Without a profile, one severity column per profile; with one, only the rules it runs, their
 * severity there, and the references of that profile's STIG first.
 */
import { ruleDocsRelativePath, ruleDocsUrl } from '../engine/docs';
import { PROFILES, severityInProfile } from '../engine/profiles';
import type { Rule } from '../engine/rule';
import { ALL_RULES } from '../engine/rules';
import { standardsForProfile } from '../engine/standards';
import { categoryOf, coverageText, profileCoverage } from '../engine/stig-coverage';
import type { ProfileName, Severity, StandardRef } from '../engine/types';
import { formatVersion } from '../engine/versions';
import { parseCommand, profileOption, UsageError } from './args';

export interface RulesIo {
  out(s: string): void;
  err(s: string): void;
}

export interface RulesArgs {
  profile: ProfileName | undefined;
  format: 'text' | 'json';
}

export function parseRulesArgs(argv: string[]): RulesArgs {
  const args: RulesArgs = { profile: undefined, format: 'text' };
  parseCommand(argv, {
    unknown: (_name, arg) => new UsageError(`unknown argument ${arg} for "podsec rules" (see podsec --help)`),
    options: [
      profileOption((p) => (args.profile = p)),
      {
        names: ['--format'],
        apply(f) {
          if (f !== 'text' && f !== 'json') throw new UsageError(`unknown format "${f}": use text or json`);
          args.format = f;
        },
      },
    ],
  });
  return args;
}

/** "baseline", "restricted, v1.19+", or "" for rules outside the Pod Security Standards. */
export function pssLabel(rule: Rule): string {
  const pss = rule.meta.pss;
  if (!pss) return '';
  return pss.since > 0 ? `${pss.level}, ${formatVersion(pss.since)}+` : pss.level;
}

/** Severity of a rule in every profile (undefined: not in the profile). */
export function profileSeverities(rule: Rule): Record<ProfileName, Severity | undefined> {
  const out = {} as Record<ProfileName, Severity | undefined>;
  for (const p of PROFILES) out[p] = severityInProfile(rule, p);
  return out;
}

/** DISA STIG V-IDs of a rule, the given profile's STIG first. */
export function stigIds(standards: StandardRef[], profile: ProfileName | undefined): string[] {
  const refs = profile ? standardsForProfile(standards, profile) : standards;
  return refs.filter((s) => s.framework === 'disa-stig-rke2' || s.framework === 'disa-stig-kubernetes').map((s) => s.id);
}

function table(rows: string[][]): string {
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
  return (
    rows
      .map((r) =>
        r
          .map((c, i) => (i === r.length - 1 ? c : c.padEnd(widths[i])))
          .join('  ')
          .trimEnd(),
      )
      .join('\n') + '\n'
  );
}

export function formatRulesText(args: RulesArgs): string {
  const rules = ALL_RULES.filter((r) => !args.profile || severityInProfile(r, args.profile));
  let rows: string[][];
  if (args.profile) {
    const p = args.profile;
    rows = [['RULE', 'SEVERITY', 'PSS', 'FIX', 'STIG']];
    for (const r of rules)
      rows.push([r.meta.id, severityInProfile(r, p)!, pssLabel(r) || '-', r.meta.fixable ? 'yes' : '-', stigIds(r.meta.standards, p).join(', ') || '-']);
  } else {
    rows = [['RULE', 'PSS', ...PROFILES.map((p) => p.toUpperCase()), 'FIX', 'STIG']];
    for (const r of rules) {
      const sev = profileSeverities(r);
      rows.push([
        r.meta.id,
        pssLabel(r) || '-',
        ...PROFILES.map((p) => sev[p] ?? 'off'),
        r.meta.fixable ? 'yes' : '-',
        stigIds(r.meta.standards, undefined).join(', ') || '-',
      ]);
    }
  }
  const where = args.profile ? ` in profile ${args.profile}` : '';
  const summary = `${table(rows)}\n${rules.length} rules${where}. Each has a page at ${ruleDocsRelativePath('<rule>')}; \`podsec rules --format json\` lists every standards reference.\n`;
  return summary + (args.profile ? requirementsText(args.profile) : '');
}

/** A STIG profile's catalogue: every requirement, checked by which rules or why no file decides it. */
function requirementsText(profile: ProfileName): string {
  const cov = profileCoverage(profile);
  if (!cov) return '';
  const b = cov.benchmark;
  const rows = [['V-ID', 'STIG ID', 'CAT', 'PODSEC']];
  for (const c of cov.requirements) rows.push([c.req.vulnId, c.req.stigId, categoryOf(c.req.severity), coverageText(c)]);
  const checked = cov.requirements.filter((c) => c.status === 'checked' || c.status === 'partly').length;
  return (
    `\nRequirements of the ${b.title}, Version ${b.version} Release ${b.release} (${b.releaseInfo}):\n\n${table(rows)}\n` +
    `${cov.requirements.length} requirements, ${checked} checked by podsec rules; docs/stig-catalogue.md has each one's setting, passing and failing values, and defaults.\n`
  );
}

export function formatRulesJson(args: RulesArgs): string {
  const rules = ALL_RULES.filter((r) => !args.profile || severityInProfile(r, args.profile));
  const list = rules.map((r) => {
    const m = r.meta;
    const sev = profileSeverities(r);
    return {
      id: m.id,
      title: m.title,
      description: m.description,
      pss: m.pss ? { level: m.pss.level, check: m.pss.check, control: m.pss.control, since: formatVersion(m.pss.since) } : null,
      profiles: Object.fromEntries(PROFILES.map((p) => [p, sev[p] ?? null])),
      ...(args.profile ? { severity: sev[args.profile] } : {}),
      fixable: m.fixable,
      standards: (args.profile ? standardsForProfile(m.standards, args.profile) : m.standards).map((s) => ({
        framework: s.framework,
        id: s.id,
        ...(s.stigId ? { stigId: s.stigId } : {}),
        ...(s.title ? { title: s.title } : {}),
      })),
      options: Object.entries(m.options ?? {}).map(([name, o]) => ({ name, type: o.type, default: o.default, description: o.description })),
      docs: ruleDocsUrl(m.id),
    };
  });
  const cov = args.profile ? profileCoverage(args.profile) : undefined;
  const requirements = cov?.requirements.map((c) => ({
    vulnId: c.req.vulnId,
    stigId: c.req.stigId,
    ruleId: c.req.ruleId,
    severity: c.req.severity,
    title: c.req.title,
    decidable: c.req.decidable,
    status: c.status,
    rules: c.rules,
    ...(c.req.notDecidableWhy ? { notDecidableWhy: c.req.notDecidableWhy } : {}),
  }));
  return JSON.stringify({ ...(args.profile ? { profile: args.profile } : {}), rules: list, ...(requirements ? { requirements } : {}) }, null, 2) + '\n';
}

/** Run `podsec rules`; returns the exit code (2 on a usage error). */
export function runRules(argv: string[], io: RulesIo): number {
  let args: RulesArgs;
  try {
    args = parseRulesArgs(argv);
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    io.err(`podsec: ${e.message}\n`);
    return 2;
  }
  io.out(args.format === 'json' ? formatRulesJson(args) : formatRulesText(args));
  return 0;
}
