/**
 * Standards references shared by several rules. IDs are public identifiers: DISA STIG V-IDs and
 * STIG IDs, SRG IDs, CIS Kubernetes Benchmark section numbers (as numbered in v1.10, where the
 * general policies are 5.7.x), and NSA/CISA Kubernetes Hardening Guide (v1.2) sections.
 */
import type { Framework, ProfileName, StandardRef } from './types';

export const RKE2_PSS: StandardRef = {
  framework: 'disa-stig-rke2',
  id: 'V-254571',
  stigId: 'CNTR-R2-001130',
  title: 'Rancher RKE2 must prevent nonprivileged users from executing privileged functions (Pod Security Admission restricted at latest)',
};
export const SRG_PRIVILEGED_FUNCTIONS: StandardRef = {
  framework: 'disa-srg',
  id: 'SRG-APP-000340-CTR-000770',
  title: 'The container platform must prevent nonprivileged users from executing privileged functions',
};
export const K8S_PSA: StandardRef = {
  framework: 'disa-stig-kubernetes',
  id: 'V-254800',
  stigId: 'CNTR-K8-002011',
  title: 'Kubernetes must have a Pod Security Admission control file configured',
};
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
export const RKE2_KERNEL_PROTECTION: StandardRef = {
  framework: 'disa-stig-rke2',
  id: 'V-254569',
  stigId: 'CNTR-R2-000940',
  title: 'Rancher RKE2 runtime must isolate security functions from nonsecurity functions',
};
export const K8S_KERNEL_PROTECTION: StandardRef = {
  framework: 'disa-stig-kubernetes',
  id: 'V-242434',
  stigId: 'CNTR-K8-001620',
  title: 'Kubernetes Kubelet must enable kernel protection',
};
export const SRG_ISOLATE_SECURITY_FUNCTIONS: StandardRef = {
  framework: 'disa-srg',
  id: 'SRG-APP-000233-CTR-000585',
  title: 'The container platform runtime must isolate security functions from nonsecurity functions',
};

/** Reserved namespaces hold platform components only. */
export const RKE2_SYSTEM_NAMESPACES: StandardRef = {
  framework: 'disa-stig-rke2',
  id: 'V-254570',
  stigId: 'CNTR-R2-000970',
  title: 'Rancher RKE2 runtime must maintain separate execution domains for each container by assigning each container a separate address space',
};
export const SRG_SEPARATE_EXECUTION_DOMAINS: StandardRef = {
  framework: 'disa-srg',
  id: 'SRG-APP-000243-CTR-000600',
  title: 'The container platform runtime must maintain separate execution domains for each container by assigning each container a separate address space',
};
export const K8S_SEPARATE_USER_FUNCTIONALITY: StandardRef = {
  framework: 'disa-stig-kubernetes',
  id: 'V-242417',
  stigId: 'CNTR-K8-001360',
  title: 'Kubernetes must separate user functionality',
};
export const SRG_SEPARATE_USER_FUNCTIONALITY: StandardRef = {
  framework: 'disa-srg',
  id: 'SRG-APP-000211-CTR-000530',
  title: 'The container platform must separate user functionality from information system management functionality',
};
export const K8S_DEDICATED_NAMESPACES: StandardRef = {
  framework: 'disa-stig-kubernetes',
  id: 'V-242383',
  stigId: 'CNTR-K8-000290',
  title: 'User-managed resources must be created in dedicated namespaces',
};
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
export const K8S_SECRETS_NOT_IN_ENV: StandardRef = {
  framework: 'disa-stig-kubernetes',
  id: 'V-242415',
  stigId: 'CNTR-K8-001160',
  title: 'Secrets in Kubernetes must not be stored as environment variables',
};
export const RKE2_SECRETS: StandardRef = {
  framework: 'disa-stig-rke2',
  id: 'V-254567',
  stigId: 'CNTR-R2-000800',
  title: 'Rancher RKE2 must store only cryptographic representations of passwords',
};
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
