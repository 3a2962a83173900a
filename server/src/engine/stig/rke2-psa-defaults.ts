/**
 * RKE2's built-in Pod Security Admission configuration: the AdmissionConfiguration that RKE2
 * writes to /etc/rancher/rke2/rke2-pss.yaml when `pod-security-admission-config-file` is NOT set,
 * and passes to kube-apiserver as --admission-control-config-file.
 *
 * Read in rancher/rke2@6ce1a8019e9d (master, 2026-08-21, v1.36.4+rke2r1 line):
 *   pkg/rke2/psa.go         setPSAs(), restrictedPSAConfig(), unrestrictedPSAConfig(), defaultPSAConfigFile
 *   pkg/rke2/rke2_linux.go  initStaticPodExecutor(): setPSAs(isCISMode(clx)) only when
 *                           pod-security-admission-config-file is empty; the file is rewritten
 *                           (os.WriteFile, mode 0600) on every start, so hand edits do not survive
 *   pkg/rke2/rke2.go        isCISMode(): profile == "cis" (v1.30+; "cis-1.23" also counted on v1.25-v1.29)
 * Exemption history from `git log -- pkg/rke2/psa.go` and `git show <tag>:pkg/rke2/psa.go` in the same mirror.
 * Documented at rancher/rke2-docs@9477b7b1df1f:docs/security/pod_security_standards.md
 * (https://docs.rke2.io/security/pod_security_standards).
 * Plain data only.
 */

export type PsaLevel = 'privileged' | 'baseline' | 'restricted';

export interface PsaDefaults {
  enforce: PsaLevel;
  'enforce-version': string;
  audit?: PsaLevel;
  'audit-version'?: string;
  warn?: PsaLevel;
  'warn-version'?: string;
}

export interface PsaExemptions {
  usernames: string[];
  runtimeClasses: string[];
  namespaces: string[];
}

export interface Rke2PsaProfileConfig {
  /** when RKE2 writes this variant */
  when: string;
  defaults: PsaDefaults;
  exemptions: PsaExemptions;
}

export interface Rke2PsaExemptionHistoryEntry {
  namespaces: string[];
  /** RKE2 releases that write this list in CIS mode */
  releases: string;
  /** commit that introduced the list */
  commit: string;
}

export interface Rke2PsaDefaultsData {
  /** file RKE2 writes and passes as --admission-control-config-file when pod-security-admission-config-file is unset */
  path: string;
  /** RKE2 config.yaml key that replaces the generated file (RKE2 then uses the given file as-is) */
  overrideKey: string;
  /** RKE2 versions that have this mechanism (PSA replaced PSP in RKE2 v1.25) */
  versions: string;
  /** AdmissionConfiguration / PodSecurityConfiguration apiVersions in the generated file */
  apiVersions: { admissionConfiguration: string; podSecurityConfiguration: string };
  /** without `profile: cis` (also with `profile: etcd`, or no profile at all) */
  default: Rke2PsaProfileConfig;
  /** with `profile: cis` (v1.25+; `cis-1.23` also accepted on v1.25-v1.29, fatal from v1.30) */
  cis: Rke2PsaProfileConfig;
  /** CIS-mode exempted namespaces over time, newest first */
  cisExemptionHistory: Rke2PsaExemptionHistoryEntry[];
  /** profile values that select the CIS variant, per RKE2 version */
  cisProfileValues: { profile: string; releases: string }[];
  notes: string[];
  sources: string[];
}

export const RKE2_PSA_DEFAULTS: Rke2PsaDefaultsData = {
  path: '/etc/rancher/rke2/rke2-pss.yaml',
  overrideKey: 'pod-security-admission-config-file',
  versions: 'RKE2 v1.25.0+rke2r1 and newer (PSA added in commit 68e5e0cccf17, 2022-09-01); up to v1.24 RKE2 used PodSecurityPolicy instead',
  apiVersions: {
    admissionConfiguration: 'apiserver.config.k8s.io/v1',
    podSecurityConfiguration: 'pod-security.admission.config.k8s.io/v1beta1',
  },
  default: {
    when: 'pod-security-admission-config-file unset and profile is not "cis" (no profile, or profile: etcd)',
    defaults: {
      enforce: 'privileged',
      'enforce-version': 'latest',
    },
    exemptions: {
      usernames: [],
      runtimeClasses: [],
      namespaces: [],
    },
  },
  cis: {
    when: 'pod-security-admission-config-file unset and profile: cis (v1.25-v1.29 also profile: cis-1.23)',
    defaults: {
      enforce: 'restricted',
      'enforce-version': 'latest',
      audit: 'restricted',
      'audit-version': 'latest',
      warn: 'restricted',
      'warn-version': 'latest',
    },
    exemptions: {
      usernames: [],
      runtimeClasses: [],
      namespaces: ['kube-system', 'compliance-operator-system', 'tigera-operator'],
    },
  },
  cisExemptionHistory: [
    {
      namespaces: ['kube-system', 'compliance-operator-system', 'tigera-operator'],
      releases:
        'v1.36.0+rke2r1 and newer; backported in the March 2026 patch releases: v1.35.3+rke2r1, v1.34.6+rke2r1, v1.33.10+rke2r1, v1.32.13+rke2r2 and later patches of those lines',
      commit: 'fd52255c66a3 "Update PSA namespace exceptions (#9867)", 2026-03-06',
    },
    {
      namespaces: ['kube-system', 'cis-operator-system', 'tigera-operator'],
      releases: 'v1.25.2+rke2r1 up to v1.35.2+rke2r1, v1.34.5+rke2r1, v1.33.9+rke2r1, v1.32.13+rke2r1',
      commit: '33c67f9202de "Add exception for tigera-operator namespace (#3365)", 2022-09-20',
    },
    {
      namespaces: ['kube-system', 'cis-operator-system'],
      releases: 'v1.25.0+rke2r1 only (v1.25.1 was never released; v1.25.2 added tigera-operator)',
      commit: 'd32859fee176 "Add exception for cis-operator-system namespace (#3324)"',
    },
    {
      namespaces: ['kube-system'],
      releases: 'release candidates v1.25.0-rc1..rc3+rke2r1 only; no GA release',
      commit: '68e5e0cccf17 "Add PSA to Kubernetes v1.25 (#3282)"',
    },
  ],
  cisProfileValues: [
    {
      profile: 'cis',
      releases: 'October 2023 releases on (v1.25.15+rke2r1, v1.26.10+rke2r1, v1.27.7+rke2r1, v1.28.3+rke2r1) and all later; the only CIS value from v1.30',
    },
    {
      profile: 'cis-1.23',
      releases:
        'v1.25-v1.29 (logs a deprecation warning from the October 2023 releases that added "cis"); fatal error from v1.30.0 (commit ebe1d35db, 2024-05-06)',
    },
  ],
  notes: [
    'Without pod-security-admission-config-file, RKE2 rewrites rke2-pss.yaml at every start from the table above; editing that file by hand only sticks if pod-security-admission-config-file points at it.',
    'With pod-security-admission-config-file set, RKE2 does not write rke2-pss.yaml and passes the given path to kube-apiserver unchanged.',
    'The non-CIS file sets only enforce (privileged); audit and warn are absent, so the built-in plugin defaults (privileged) apply to them.',
    'RKE2 STIG V-254571 requires restricted/latest for enforce, audit and warn in this file; Kubernetes STIG V-254800 requires the file to represent least privilege. Only the CIS variant satisfies either.',
    'Namespace labels pod-security.kubernetes.io/* still override these defaults per namespace; exempted namespaces are not evaluated at all.',
    'profile: etcd (RKE2 v1.34+) only applies the etcd-user hardening; it does not select the restricted PSA file.',
  ],
  sources: [
    'rancher/rke2@6ce1a8019e9d:pkg/rke2/psa.go',
    'rancher/rke2@6ce1a8019e9d:pkg/rke2/rke2_linux.go (initStaticPodExecutor)',
    'rancher/rke2@6ce1a8019e9d:pkg/rke2/rke2.go (isCISMode, ProfileCIS, ProfileETCD)',
    'rancher/rke2@6ce1a8019e9d:pkg/executor/staticpod/staticpod.go (APIServer: --admission-control-config-file)',
    'rancher/rke2 git history of pkg/rke2/psa.go: 68e5e0cccf17, d32859fee176, 33c67f9202de, 7256c2cce746, fd52255c66a3, 9d61777ec35a, 6abc2472b975; per-tag contents via git show <tag>:pkg/rke2/psa.go',
    'rancher/rke2@v1.29.15+rke2r1 and @v1.30.0+rke2r1:pkg/rke2/rke2.go (cis-1.23 accepted with warning / fatal)',
    'rancher/rke2-docs@9477b7b1df1f:docs/security/pod_security_standards.md (https://docs.rke2.io/security/pod_security_standards)',
    'rancher/rke2-docs@9477b7b1df1f:docs/security/hardening_guide.md (profile values per RKE2 version)',
  ],
};
