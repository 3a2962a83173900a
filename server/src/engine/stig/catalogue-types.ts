/**
 * Types for the DISA STIG catalogues (RKE2 STIG, Kubernetes STIG) kept as plain data.
 * Facts (IDs, titles, severities, SRG, CCI) are copied from the sources named in each
 * requirement; check/fix summaries are our own words. See NOTES.md in this folder.
 */

/** CAT I = high, CAT II = medium, CAT III = low, as STIG Viewer writes severity. */
export type StigSeverity = 'high' | 'medium' | 'low';

/** Where a setting a requirement reads is written, when a file in a repository can decide it. */
export type SettingSource =
  | 'rke2-config' // /etc/rancher/rke2/config.yaml + config.yaml.d/*.yaml (keys, and *-arg lists)
  | 'kube-apiserver' // flag of kube-apiserver (RKE2 `kube-apiserver-arg`, kubeadm static pod command)
  | 'kube-controller-manager'
  | 'kube-scheduler'
  | 'etcd'
  | 'kubelet' // kubelet flag or KubeletConfiguration key (RKE2 `kubelet-arg`)
  | 'kube-proxy'
  | 'audit-policy' // audit.k8s.io Policy file
  | 'admission-configuration' // AdmissionConfiguration / PodSecurityConfiguration
  | 'namespace' // Namespace objects (labels)
  | 'workload'; // pod specs and other Kubernetes objects in manifests

export interface StigSetting {
  source: SettingSource;
  /** the flag, config key or field the check reads, exactly as the component spells it, e.g. `--tls-min-version`, `tlsMinVersion`, `secrets-encryption`, `spec.containers[].securityContext.privileged` */
  name: string;
  /** KubeletConfiguration / config-file field name when the component also takes one, e.g. `readOnlyPort` */
  configField?: string;
}

export interface StigRequirement {
  vulnId: string; // 'V-254569'
  ruleId: string; // 'SV-254569r1016537_rule' (the release's revision)
  stigId: string; // 'CNTR-R2-000940'
  severity: StigSeverity;
  title: string; // rule title exactly as the STIG words it
  srg: string; // 'SRG-APP-000233-CTR-000585' (the group title)
  ccis: string[]; // ['CCI-001084']
  nist?: string[]; // ['SC-3'] when known
  /** own-words summary of what the check looks at and what is a finding (1-3 sentences) */
  checkSummary: string;
  /** own-words summary of the fix (1-2 sentences) */
  fixSummary: string;
  /** what the check reads, when a file can decide it */
  settings: StigSetting[];
  /** passing value(s), e.g. 'true', 'VersionTLS12 or VersionTLS13', '0 (disabled)' */
  pass?: string;
  /** failing value(s) or condition */
  fail?: string;
  /** what the component (and, for RKE2, what RKE2 itself) does when the setting is absent, with the source you read it in (doc URL or repo path@commit) */
  whenAbsent?: string;
  /** true when a file in the repository (RKE2 config and drop-ins, KubeletConfiguration, static pod manifest, audit policy, admission configuration, namespace or workload manifest) can decide pass/fail on its own */
  decidable: boolean;
  /** when not decidable: why (e.g. 'file permissions on the node', 'needs the running cluster', 'organisational process') */
  notDecidableWhy?: string;
  /** where you read this requirement (repo path, URL) */
  source: string;
  /** (added) the STIG release the `ruleId` revision was read from, when it is not the benchmark's own release */
  ruleIdSeenIn?: string;
  /** (added) open questions an assessor should know about this entry (literal vs. effective reading, unverified facts) */
  doubts?: string;
}

export interface StigBenchmark {
  /** 'RGS_RKE2_STIG' / 'Kubernetes_STIG' as in the XCCDF benchmark id */
  benchmarkId: string;
  title: string; // 'Rancher Government Solutions RKE2 Security Technical Implementation Guide'
  version: number; // 2
  release: number; // e.g. 5
  /** 'Release: 5 Benchmark Date: 02 Apr 2025' exactly as the XCCDF plain-text release-info, when found */
  releaseInfo: string;
  date: string; // ISO date of the benchmark
  /** where the release facts come from */
  source: string;
  /** (added) caveats about how much of the release's content was read verbatim */
  notes?: string;
  requirements: StigRequirement[];
}
