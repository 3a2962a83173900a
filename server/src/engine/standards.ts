/**
 * Standards references shared by several rules. IDs are public identifiers: DISA STIG V-IDs and
 * STIG IDs, SRG IDs, CIS Kubernetes Benchmark section numbers (as numbered in v1.10, where the
 * general policies are 5.7.x), and NSA/CISA Kubernetes Hardening Guide (v1.2) sections.
 */
import type { StandardRef } from './types';

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
export const NSA_NON_ROOT: StandardRef = { framework: 'nsa-cisa', id: 'Non-root containers and rootless container engines', title: 'Kubernetes Hardening Guide v1.2: Pod security' };
export const NSA_HARDENING: StandardRef = { framework: 'nsa-cisa', id: 'Hardening container environments', title: 'Kubernetes Hardening Guide v1.2: Pod security' };

/** References every Pod Security Standards rule carries, plus its own. */
export function pssStandards(...own: StandardRef[]): StandardRef[] {
  return [RKE2_PSS, SRG_PRIVILEGED_FUNCTIONS, K8S_PSA, SRG_LEAST_PRIVILEGE, ...own];
}
