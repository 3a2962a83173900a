/**
 * Which podsec rules check each requirement of the DISA STIG catalogue (engine/stig), derived from
 * the rules' references: a requirement is checked by every rule that cites its V-ID. Used by
 * `podsec rules --profile stig-*` and the generated catalogue (docs/stig-catalogue.md).
 */
import type { StigBenchmark, StigRequirement } from './stig/catalogue-types';
import { ALL_RULES } from './rules';
import { STIG_BENCHMARKS } from './standards';
import type { ProfileName } from './types';

export type CoverageStatus =
  /** decidable from files, and a rule checks it */
  | 'checked'
  /** not decidable as a whole, but a rule checks the part a file decides */
  | 'partly'
  /** decidable from files, and no rule checks it yet */
  | 'unchecked'
  /** no file can decide it */
  | 'not-decidable';

export interface RequirementCoverage {
  req: StigRequirement;
  /** ids of the rules that cite it, in rule order */
  rules: string[];
  status: CoverageStatus;
}

export interface BenchmarkCoverage {
  framework: 'disa-stig-rke2' | 'disa-stig-kubernetes';
  benchmark: StigBenchmark;
  requirements: RequirementCoverage[];
}

/** Every requirement of a benchmark with the rules that check it. */
export function coverageOf(framework: 'disa-stig-rke2' | 'disa-stig-kubernetes'): BenchmarkCoverage {
  const { benchmark } = STIG_BENCHMARKS.find((b) => b.framework === framework)!;
  const requirements = benchmark.requirements.map((req): RequirementCoverage => {
    const rules = ALL_RULES.filter((r) => r.meta.standards.some((s) => s.framework === framework && s.id === req.vulnId)).map((r) => r.meta.id);
    const status: CoverageStatus = req.decidable ? (rules.length ? 'checked' : 'unchecked') : rules.length ? 'partly' : 'not-decidable';
    return { req, rules, status };
  });
  return { framework, benchmark, requirements };
}

/** The catalogue a STIG profile answers to. */
export function profileCoverage(profile: ProfileName): BenchmarkCoverage | undefined {
  if (profile === 'stig-rke2') return coverageOf('disa-stig-rke2');
  if (profile === 'stig-kubernetes') return coverageOf('disa-stig-kubernetes');
  return undefined;
}

/** CAT I, CAT II, CAT III for high, medium, low. */
export function categoryOf(severity: StigRequirement['severity']): string {
  return severity === 'high' ? 'CAT I' : severity === 'medium' ? 'CAT II' : 'CAT III';
}

const PSS_RULES = new Set(ALL_RULES.filter((r) => r.meta.pss).map((r) => r.meta.id));

/** Rule ids for people: the Pod Security Standards rules, which all cite the same requirements, as one group. */
export function rulesText(ids: string[]): string {
  const pss = ids.filter((id) => PSS_RULES.has(id));
  const other = ids.filter((id) => !PSS_RULES.has(id));
  const parts = [...other];
  if (pss.length > 1) parts.push(`the ${pss.length} Pod Security Standards rules`);
  else parts.push(...pss);
  return parts.length > 1 ? `${parts.slice(0, -1).join(', ')} and ${parts[parts.length - 1]}` : parts.join('');
}

/** One line for people: "checked by a, b", "partly checked by a (...)", "not decidable from files: ...". */
export function coverageText(c: RequirementCoverage): string {
  switch (c.status) {
    case 'checked':
      return `checked by ${rulesText(c.rules)}`;
    case 'partly':
      return `partly checked by ${rulesText(c.rules)}; the rest is not decidable from files: ${c.req.notDecidableWhy ?? 'needs the node or the running cluster'}`;
    case 'unchecked':
      return 'decidable from files, not checked by a podsec rule yet';
    case 'not-decidable':
      return `not decidable from files: ${c.req.notDecidableWhy ?? 'needs the node or the running cluster'}`;
  }
}
