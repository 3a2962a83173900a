/**
 * Standards references shared by several rules. IDs are public identifiers: DISA STIG V-IDs and
 * STIG IDs, SRG IDs, CIS Kubernetes Benchmark section numbers (as numbered in v1.10, where the
 * general policies are 5.7.x), and NSA/CISA Kubernetes Hardening Guide (v1.2) sections.
 */
import { KUBERNETES_STIG } from './stig/kubernetes-stig';
import { RKE2_STIG } from './stig/rke2-stig';
import type { StigBenchmark, StigRequirement } from './stig/catalogue-types';
import type { Framework, ProfileName, StandardRef } from './types';

/** The DISA STIG benchmarks podsec's rules answer to, with the framework their references carry. */
export const STIG_BENCHMARKS: { framework: 'disa-stig-rke2' | 'disa-stig-kubernetes'; benchmark: StigBenchmark }[] = [
  { framework: 'disa-stig-rke2', benchmark: RKE2_STIG },
  { framework: 'disa-stig-kubernetes', benchmark: KUBERNETES_STIG },
];

const STIG_BY_VULN = new Map<string, { framework: 'disa-stig-rke2' | 'disa-stig-kubernetes'; req: StigRequirement }>();
for (const { framework, benchmark } of STIG_BENCHMARKS) for (const req of benchmark.requirements) STIG_BY_VULN.set(req.vulnId, { framework, req });

/** The catalogue entry of a STIG requirement; throws for a V-ID the catalogue does not hold. */
export function stigRequirement(vulnId: string): { framework: 'disa-stig-rke2' | 'disa-stig-kubernetes'; req: StigRequirement } {
  const hit = STIG_BY_VULN.get(vulnId);
  if (!hit) throw new Error(`${vulnId} is not a requirement of the STIG catalogue (engine/stig)`);
  return hit;
}

/**
 * A rule's reference to a DISA STIG requirement, every fact taken from the catalogue (the title
 * without its closing period, as references print titles).
 */
export function stigRef(vulnId: string): StandardRef {
  const { framework, req } = stigRequirement(vulnId);
  return {
    framework,
    id: req.vulnId,
    stigId: req.stigId,
    title: req.title.replace(/\.$/, ''),
    ruleId: req.ruleId,
    severity: req.severity,
    srg: req.srg,
    ccis: [...req.ccis],
  };
}

export const RKE2_PSS: StandardRef = stigRef('V-254571');
export const SRG_PRIVILEGED_FUNCTIONS: StandardRef = {
  framework: 'disa-srg',
  id: 'SRG-APP-000340-CTR-000770',
  title: 'The container platform must prevent nonprivileged users from executing privileged functions',
};
export const K8S_PSA: StandardRef = stigRef('V-254800');
export const SRG_LEAST_PRIVILEGE: StandardRef = {
  framework: 'disa-srg',
  id: 'SRG-APP-000342-CTR-000775',
  title: 'The container platform must execute images using least privileges',
};

export function cis(id: string, title: string): StandardRef {
  return { framework: 'cis-kubernetes', id, title };
}

export const NSA_POD_SECURITY: StandardRef = { framework: 'nsa-cisa', id: 'Pod security enforcement', title: 'Kubernetes Hardening Guide v1.2: Pod security' };
export const NSA_NON_ROOT: StandardRef = {
  framework: 'nsa-cisa',
  id: 'Non-root containers and rootless container engines',
  title: 'Kubernetes Hardening Guide v1.2: Pod security',
};
export const NSA_HARDENING: StandardRef = {
  framework: 'nsa-cisa',
  id: 'Hardening container environments',
  title: 'Kubernetes Hardening Guide v1.2: Pod security',
};

/** References every Pod Security Standards rule carries, plus its own. */
export function pssStandards(...own: StandardRef[]): StandardRef[] {
  return [RKE2_PSS, SRG_PRIVILEGED_FUNCTIONS, K8S_PSA, SRG_LEAST_PRIVILEGE, ...own];
}

// ---- Rules beyond the Pod Security Standards (STIG, CIS, NSA/CISA) ----

/** Kernel protection: the kubelet must refuse to run on kernel settings that differ from its defaults. */
export const RKE2_KERNEL_PROTECTION: StandardRef = stigRef('V-254569');
export const K8S_KERNEL_PROTECTION: StandardRef = stigRef('V-242434');
export const SRG_ISOLATE_SECURITY_FUNCTIONS: StandardRef = {
  framework: 'disa-srg',
  id: 'SRG-APP-000233-CTR-000585',
  title: 'The container platform runtime must isolate security functions from nonsecurity functions',
};

/** Reserved namespaces hold platform components only. */
export const RKE2_SYSTEM_NAMESPACES: StandardRef = stigRef('V-254570');
export const SRG_SEPARATE_EXECUTION_DOMAINS: StandardRef = {
  framework: 'disa-srg',
  id: 'SRG-APP-000243-CTR-000600',
  title: 'The container platform runtime must maintain separate execution domains for each container by assigning each container a separate address space',
};
export const K8S_SEPARATE_USER_FUNCTIONALITY: StandardRef = stigRef('V-242417');
export const SRG_SEPARATE_USER_FUNCTIONALITY: StandardRef = {
  framework: 'disa-srg',
  id: 'SRG-APP-000211-CTR-000530',
  title: 'The container platform must separate user functionality from information system management functionality',
};
export const K8S_DEDICATED_NAMESPACES: StandardRef = stigRef('V-242383');
export const SRG_INFORMATION_FLOW: StandardRef = {
  framework: 'disa-srg',
  id: 'SRG-APP-000038-CTR-000105',
  title: 'The container platform must enforce approved authorizations for controlling the flow of information',
};
export const CIS_NAMESPACE_BOUNDARIES = cis('5.7.1', 'Create administrative boundaries between resources using namespaces');
export const CIS_DEFAULT_NAMESPACE = cis('5.7.4', 'The default namespace should not be used');
export const NSA_NAMESPACES: StandardRef = {
  framework: 'nsa-cisa',
  id: 'Namespaces',
  title: 'Kubernetes Hardening Guide v1.2: Network separation and hardening',
};

/** Secrets reach containers as files, not as environment variables. */
export const K8S_SECRETS_NOT_IN_ENV: StandardRef = stigRef('V-242415');
export const RKE2_SECRETS: StandardRef = stigRef('V-254567');
export const SRG_PASSWORD_STORAGE: StandardRef = {
  framework: 'disa-srg',
  id: 'SRG-APP-000171-CTR-000435',
  title: 'The container platform must store only cryptographic representations of passwords',
};
export const NSA_SECRETS: StandardRef = { framework: 'nsa-cisa', id: 'Secrets', title: 'Kubernetes Hardening Guide v1.2: Network separation and hardening' };

/** Display names of the frameworks, in the order reports list them. */
export const FRAMEWORK_NAMES: Record<Framework, string> = {
  'disa-stig-rke2': 'DISA STIG: Rancher Government Solutions RKE2',
  'disa-stig-kubernetes': 'DISA STIG: Kubernetes',
  'disa-srg': 'DISA Container Platform SRG',
  'cis-kubernetes': 'CIS Kubernetes Benchmark',
  'nsa-cisa': 'NSA/CISA Kubernetes Hardening Guide',
};

/** The STIG each STIG profile answers to; the other profiles cite no STIG first. */
export const PROFILE_STIG: Partial<Record<ProfileName, Framework>> = {
  'stig-rke2': 'disa-stig-rke2',
  'stig-kubernetes': 'disa-stig-kubernetes',
};

/**
 * A rule's references as a profile presents them: the profile's own STIG first, then the SRG,
 * the other STIG, CIS and NSA/CISA. Nothing is dropped; only the order changes.
 */
export function standardsForProfile(standards: StandardRef[], profile: ProfileName): StandardRef[] {
  const lead = PROFILE_STIG[profile];
  const order: Framework[] = lead
    ? [lead, 'disa-srg', ...(['disa-stig-rke2', 'disa-stig-kubernetes'] as Framework[]).filter((f) => f !== lead), 'cis-kubernetes', 'nsa-cisa']
    : ['disa-stig-rke2', 'disa-stig-kubernetes', 'disa-srg', 'cis-kubernetes', 'nsa-cisa'];
  return [...standards].sort((a, b) => order.indexOf(a.framework) - order.indexOf(b.framework));
}
