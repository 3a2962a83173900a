/**
 * DISA "Rancher Government Solutions RKE2 Security Technical Implementation Guide" as typed data.
 *
 * Release: Version 2 Release 7, benchmark date 01 Jul 2026 (newest release found; see NOTES.md).
 * The V2R7 XCCDF itself was not available to us: rule facts come from the V2R1 XCCDF
 * (24 Jul 2024), the V2R3 Evaluate-STIG module, a V2-era rendering of the STIG text, the
 * V2R5 rule-ID list and the V2R6 STIGhub export. Each requirement says where its rule-ID
 * revision was read (`ruleIdSeenIn`). Check and fix texts are our own summaries.
 * Plain data only.
 */
import type { StigBenchmark, StigRequirement } from './catalogue-types';

const XCCDF_V2R1 =
  'mitre/inspec-profile-update-action@f2c0eb037cdc:benchmarks/DISA/U_RGS_RKE2_STIG_V2R1_Manual-xccdf.xml (Release: 1 Benchmark Date: 24 Jul 2024)';
const EVAL_V2R3 = 'Evaluate-STIG module "Rancher Government Solutions RKE2, Version: V2R3, Updated 9/10/2025" (file-index id 23307594454)';
const V2_TEXT = 'V2-era STIG text rendered as markdown, "STIG Benchmark: Rancher Government Solutions RKE2 ... Version: 2" (file-index id 15052235731)';
const V2R5_IDS = 'STIG script guide that "aligns with RGS RKE2 STIG V2R5" listing rule IDs (file-index ids 62327557755, 61981767682)';
const V2R6_STIGHUB =
  'https://preview.stighub.com/api/export/checklist?format=json&stigTitle=Rancher+Government+Solutions+RKE2+Security+Technical+Implementation+Guide (version 2, release 6)';
const V2R6_STIGHUB_572 = 'https://preview.stighub.com/check/f403c997-ec06-4f1b-a029-179506e26496 (V-254572, Version V2R6)';
const V2R7_SET = 'khealth-tui internal/stig rke2 rules: "The 21 rules of the DISA RKE2 STIG V2R7 (U_RGS_RKE2_V2R7_STIG.zip)" (file-index id 68737464952)';
const RKE2 = 'rancher/rke2@6ce1a8019e9d (master, 2026-08-21, v1.36.4+rke2r1 line)';
const CIS112 = 'rancher/rke2-docs@9477b7b1df1f:docs/security/cis_self_assessment112.md (RKE2 v1.33-v1.36, profile: cis)';
const CIS110 = 'rancher/rke2-docs@9477b7b1df1f:docs/security/cis_self_assessment110.md (RKE2 v1.28-v1.31)';

const KUBELET_DROPIN =
  'Releases from about January 2025 on (k3s-io/k3s#2116, validated on v1.32.1; first patch per minor not verified) write kubelet settings to /var/lib/rancher/rke2/agent/etc/kubelet.conf.d/00-rke2-defaults.conf and start the kubelet with --config-dir; only --read-only-port=0, --hostname-override and a few others stay on the command line (' +
  CIS112 +
  '; older releases passed flags: ' +
  CIS110 +
  ').';

export const RKE2_STIG: StigBenchmark = {
  benchmarkId: 'RGS_RKE2_STIG',
  title: 'Rancher Government Solutions RKE2 Security Technical Implementation Guide',
  version: 2,
  release: 7,
  releaseInfo: 'Release: 7 Benchmark Date: 01 Jul 2026',
  date: '2026-07-01',
  source:
    'Release facts: ' +
    V2R7_SET +
    '; file-index id 68313279297 ("DISA Rancher Government Solutions RKE2 STIG V2R7 (Release 7, benchmark date 01 Jul 2026), from ... U_RGS_RKE2_V2R7_STIG.zip"); ' +
    'rke2 Ansible role README "Configures the node to the Rancher Government Solutions RKE2 STIG (V2R7)" (file-index id 71026039023). ' +
    'Rule content: ' +
    XCCDF_V2R1 +
    '; ' +
    EVAL_V2R3 +
    '; ' +
    V2_TEXT +
    '; ' +
    V2R5_IDS +
    '; ' +
    V2R6_STIGHUB +
    '.',
  notes:
    'releaseInfo is reconstructed from two secondary citations of V2R7 (01 Jul 2026); the V2R7 XCCDF was not read. ' +
    'Rule-ID revisions are the newest seen (V2R6 for V-254553 and V-254572, V2R5 for the rest); V2R7 may carry newer suffixes. ' +
    'The requirement set (21 rules) follows the V2R7 enumeration in khealth-tui and the V2R5 rule-ID list; V-254558, V-254560 and V-254573 ' +
    '(present up to at least V2R3) are kept in RKE2_STIG_RETIRED below.',
  requirements: [
    {
      vulnId: 'V-254553',
      ruleId: 'SV-254553r1188297_rule',
      stigId: 'CNTR-R2-000010',
      severity: 'high',
      title:
        'Rancher RKE2 must protect authenticity of communications sessions with the use of FIPS-validated 140-2 or 140-3 security requirements for cryptographic modules.',
      srg: 'SRG-APP-000014-CTR-000035',
      ccis: ['CCI-000068', 'CCI-000185', 'CCI-000382', 'CCI-000803', 'CCI-001184', 'CCI-001453', 'CCI-002420', 'CCI-002422', 'CCI-002450'],
      nist: ['AC-17 (2)', 'IA-5 (2) (b) (1)', 'CM-7 b', 'IA-7', 'SC-23', 'SC-8 (2)', 'SC-13 b'],
      checkSummary:
        'On every server, the running kube-apiserver, kube-controller-manager and kube-scheduler must each carry tls-min-version and tls-cipher-suites. ' +
        'A component without tls-min-version, or with VersionTLS10/VersionTLS11, is a finding; so is a component whose tls-cipher-suites is missing or lacks the STIG cipher list.',
      fixSummary:
        'Add tls-min-version=VersionTLS12 (or higher) and the STIG cipher list to kube-apiserver-arg, kube-controller-manager-arg and kube-scheduler-arg in /etc/rancher/rke2/config.yaml, then restart rke2-server.',
      settings: [
        { source: 'rke2-config', name: 'kube-apiserver-arg' },
        { source: 'rke2-config', name: 'kube-controller-manager-arg' },
        { source: 'rke2-config', name: 'kube-scheduler-arg' },
        { source: 'kube-apiserver', name: '--tls-min-version' },
        { source: 'kube-apiserver', name: '--tls-cipher-suites' },
        { source: 'kube-controller-manager', name: '--tls-min-version' },
        { source: 'kube-controller-manager', name: '--tls-cipher-suites' },
        { source: 'kube-scheduler', name: '--tls-min-version' },
        { source: 'kube-scheduler', name: '--tls-cipher-suites' },
      ],
      pass: 'On all three components: tls-min-version VersionTLS12 or VersionTLS13, and tls-cipher-suites containing TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256,TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256,TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305,TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384,TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305,TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384 (list as worded in the V2 check text read)',
      fail: 'tls-min-version absent, VersionTLS10 or VersionTLS11 on any of the three; tls-cipher-suites absent on any of the three or missing a listed suite',
      whenAbsent:
        'RKE2 passes --tls-cipher-suites only to kube-apiserver (TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384,TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384,TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256,TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256,TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305,TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305 — the same six suites) and sets tls-min-version on none; kube-controller-manager and kube-scheduler get neither flag, with or without profile: cis (' +
        CIS112 +
        '). The components then use the Go default minimum (TLS 1.2 for servers), but the check requires the flag, so an unconfigured RKE2 server fails on tls-min-version (all three) and tls-cipher-suites (controller manager, scheduler).',
      decidable: true,
      source: V2R6_STIGHUB + '; check/fix wording: ' + V2_TEXT + ', ' + XCCDF_V2R1,
      ruleIdSeenIn: 'V2R6',
      doubts:
        'V2R6 revised this rule (r1016525 -> r1188297) and the revised text was not read in full. A V2R7-aligned Ansible role sets "tls-min-version=VersionTLS12 and the three STIG ECDSA cipher suites" (file-index id 71026039023), so the required list may now be the ECDSA-only subset; confirm against the V2R7 XCCDF before enforcing an exact list. The V2R1 check text listed a different, longer (and partly weak) suite list than its fix text.',
    },
    {
      vulnId: 'V-254554',
      ruleId: 'SV-254554r1043176_rule',
      stigId: 'CNTR-R2-000030',
      severity: 'medium',
      title: 'RKE2 must use a centralized user management solution to support account management functions.',
      srg: 'SRG-APP-000023-CTR-000055',
      ccis: ['CCI-000015'],
      nist: ['AC-2 (1)'],
      checkSummary:
        'The kube-controller-manager process on each server must run with use-service-account-credentials=true; false or not configured is a finding.',
      fixSummary: 'Add use-service-account-credentials=true to kube-controller-manager-arg in /etc/rancher/rke2/config.yaml and restart rke2-server.',
      settings: [
        { source: 'kube-controller-manager', name: '--use-service-account-credentials' },
        { source: 'rke2-config', name: 'kube-controller-manager-arg' },
      ],
      pass: 'true',
      fail: 'false, or not configured',
      whenAbsent:
        'RKE2 (through its embedded k3s control-plane code) always passes --use-service-account-credentials=true (' +
        CIS112 +
        '); the upstream kube-controller-manager default is false (https://kubernetes.io/docs/reference/command-line-tools-reference/kube-controller-manager/). Only an explicit kube-controller-manager-arg use-service-account-credentials=false fails on RKE2.',
      decidable: true,
      source: EVAL_V2R3 + '; ' + XCCDF_V2R1 + '; ' + V2_TEXT,
      ruleIdSeenIn: 'V2R3 and V2R5',
    },
    {
      vulnId: 'V-254555',
      ruleId: 'SV-254555r1056186_rule',
      stigId: 'CNTR-R2-000060',
      severity: 'medium',
      title:
        'Rancher RKE2 components must be configured in accordance with the security configuration settings based on DOD security configuration or implementation guidance, including SRGs, STIGs, NSA configuration guides, CTOs, and DTMs.',
      srg: 'SRG-APP-000026-CTR-000070',
      ccis: [
        'CCI-000018',
        'CCI-000130',
        'CCI-000131',
        'CCI-000132',
        'CCI-000133',
        'CCI-000134',
        'CCI-000135',
        'CCI-000172',
        'CCI-000366',
        'CCI-001403',
        'CCI-001404',
        'CCI-001464',
        'CCI-001487',
        'CCI-001851',
        'CCI-001889',
        'CCI-001890',
        'CCI-002130',
        'CCI-002234',
        'CCI-002884',
        'CCI-003938',
      ],
      nist: [
        'AC-2 (4)',
        'AU-3 a',
        'AU-3 b',
        'AU-3 c',
        'AU-3 d',
        'AU-3 e',
        'AU-3 (1)',
        'AU-12 c',
        'CM-6 b',
        'AU-14 (1)',
        'AU-3 f',
        'AU-4 (1)',
        'AU-8 b',
        'AC-6 (9)',
        'MA-4 (1) (a)',
        'CM-5 (1) (b)',
      ],
      checkSummary:
        'Three parts: (1) kube-apiserver must run with an audit-policy-file and audit-log-mode=blocking-strict; (2) config.yaml must set a CIS profile ("cis" on releases from October 2023, older releases cis-1.23/cis-1.6); ' +
        '(3) the audit policy file must exist and match the STIG policy (Metadata level for core "secrets", then RequestResponse for all core resources). Any part missing or different is a finding.',
      fixSummary:
        'Set profile: cis and audit-policy-file (or kube-apiserver-arg audit-policy-file=...) plus kube-apiserver-arg audit-log-mode=blocking-strict in config.yaml, write the STIG audit policy to that file, and restart the RKE2 services.',
      settings: [
        { source: 'rke2-config', name: 'profile' },
        { source: 'rke2-config', name: 'audit-policy-file' },
        { source: 'kube-apiserver', name: '--audit-policy-file' },
        { source: 'kube-apiserver', name: '--audit-log-mode' },
        { source: 'audit-policy', name: 'rules[].level' },
        { source: 'audit-policy', name: 'rules[].resources' },
      ],
      pass: 'profile: cis (cis-1.23 / cis-1.6 on the old releases that took them); audit-policy-file set; audit-log-mode=blocking-strict; policy rules exactly [{level: Metadata, resources: [{group: "", resources: ["secrets"]}]}, {level: RequestResponse, resources: [{group: "", resources: ["*"]}]}] in that order (first matching rule wins)',
      fail: 'no profile; no audit policy file; audit-log-mode absent or not blocking-strict; policy that differs from the STIG policy (e.g. the RKE2-generated single rule level: None)',
      whenAbsent:
        'RKE2 sets no profile by default. Without profile and without audit-policy-file RKE2 passes no audit flags at all. With profile: cis (or any audit-policy-file) RKE2 adds --audit-policy-file (default /etc/rancher/rke2/audit-policy.yaml), --audit-log-path=/var/lib/rancher/rke2/server/logs/audit.log, --audit-log-maxage=30, --audit-log-maxbackup=10, --audit-log-maxsize=100, and writes the policy file only if it does not exist, with a single rule level: None (logs nothing) — part 3 fails until the file is replaced (' +
        RKE2 +
        ':pkg/executor/staticpod/staticpod.go APIServer, pkg/podtemplate/utils.go WriteDefaultPolicyFile). RKE2 never sets --audit-log-mode; the kube-apiserver default is "blocking", so part 1 fails unless kube-apiserver-arg sets blocking-strict.',
      decidable: true,
      source: EVAL_V2R3 + ' (rule ID, CCIs); ' + V2_TEXT + ' (check, r1056186); ' + XCCDF_V2R1 + ' (fix)',
      ruleIdSeenIn: 'V2R3 and V2R5',
      doubts:
        'The check says the policy must "look like" the sample; a strict assessor will reject extra rules. The profile names accepted depend on the RKE2 version (cis-1.23 is fatal from v1.30; "etcd" profile from v1.34 does not count as CIS).',
    },
    {
      vulnId: 'V-254556',
      ruleId: 'SV-254556r1137638_rule',
      stigId: 'CNTR-R2-000100',
      severity: 'medium',
      title: 'The Kubernetes Controller Manager must have secure binding.',
      srg: 'SRG-APP-000033-CTR-000090',
      ccis: ['CCI-000213'],
      nist: ['AC-3'],
      checkSummary: 'The kube-controller-manager process must run with bind-address=127.0.0.1; any other address or not configured is a finding.',
      fixSummary: 'Add bind-address=127.0.0.1 to kube-controller-manager-arg in config.yaml and restart rke2-server.',
      settings: [
        { source: 'kube-controller-manager', name: '--bind-address' },
        { source: 'rke2-config', name: 'kube-controller-manager-arg' },
      ],
      pass: '127.0.0.1',
      fail: 'any other address (e.g. 0.0.0.0), or not configured',
      whenAbsent: 'RKE2 always passes --bind-address=127.0.0.1 to kube-controller-manager (' + CIS112 + '); the upstream default is 0.0.0.0.',
      decidable: true,
      source: V2R5_IDS + '; ' + XCCDF_V2R1 + '; ' + V2_TEXT,
      ruleIdSeenIn: 'V2R5',
    },
    {
      vulnId: 'V-254557',
      ruleId: 'SV-254557r1137638_rule',
      stigId: 'CNTR-R2-000110',
      severity: 'medium',
      title: 'The Kubernetes Kubelet must have anonymous authentication disabled.',
      srg: 'SRG-APP-000033-CTR-000090',
      ccis: ['CCI-000213'],
      nist: ['AC-3'],
      checkSummary: 'On every node the kubelet process must run with anonymous-auth=false; true or not configured (as seen with ps) is a finding.',
      fixSummary: 'Add anonymous-auth=false to kubelet-arg in config.yaml on every node and restart the RKE2 service.',
      settings: [
        { source: 'kubelet', name: '--anonymous-auth', configField: 'authentication.anonymous.enabled' },
        { source: 'rke2-config', name: 'kubelet-arg' },
      ],
      pass: 'false',
      fail: 'true, or not configured',
      whenAbsent:
        'RKE2 always disables kubelet anonymous auth. ' +
        KUBELET_DROPIN +
        ' On the newer releases the effective value is false (authentication.anonymous.enabled: false in the drop-in) but a literal ps check finds no flag unless kubelet-arg sets it.',
      decidable: true,
      source: V2R5_IDS + '; ' + XCCDF_V2R1 + '; ' + V2_TEXT,
      ruleIdSeenIn: 'V2R5',
      doubts:
        'Literal (process flag) vs effective (drop-in config) reading differs on RKE2 releases from January 2025 on; setting kubelet-arg anonymous-auth=false satisfies both.',
    },
    {
      vulnId: 'V-254559',
      ruleId: 'SV-254559r1137639_rule',
      stigId: 'CNTR-R2-000130',
      severity: 'high',
      title: 'The Kubernetes Kubelet must have the read-only port flag disabled.',
      srg: 'SRG-APP-000033-CTR-000095',
      ccis: ['CCI-000213'],
      nist: ['AC-3'],
      checkSummary: 'On every node the kubelet process must run with read-only-port=0; any other value or not configured is a finding.',
      fixSummary: 'Add read-only-port=0 to kubelet-arg in config.yaml and restart rke2-server or rke2-agent.',
      settings: [
        { source: 'kubelet', name: '--read-only-port', configField: 'readOnlyPort' },
        { source: 'rke2-config', name: 'kubelet-arg' },
      ],
      pass: '0 (disabled)',
      fail: 'non-zero, or not configured',
      whenAbsent:
        'RKE2 always puts --read-only-port=0 on the kubelet command line, in both the flag-based and the drop-in-based releases (' +
        CIS110 +
        '; ' +
        CIS112 +
        '). Upstream: flag default 10255, KubeletConfiguration default 0 (https://kubernetes.io/docs/reference/config-api/kubelet-config.v1beta1/).',
      decidable: true,
      source: V2R5_IDS + '; ' + XCCDF_V2R1 + '; ' + V2_TEXT,
      ruleIdSeenIn: 'V2R5',
    },
    {
      vulnId: 'V-254561',
      ruleId: 'SV-254561r1137639_rule',
      stigId: 'CNTR-R2-000150',
      severity: 'high',
      title: 'The Kubernetes kubelet must enable explicit authorization.',
      srg: 'SRG-APP-000033-CTR-000095',
      ccis: ['CCI-000213'],
      nist: ['AC-3'],
      checkSummary: 'On every node the kubelet process must run with authorization-mode=Webhook; any other mode or not configured is a finding.',
      fixSummary: 'Add authorization-mode=Webhook to kubelet-arg in config.yaml on every node and restart the RKE2 service.',
      settings: [
        { source: 'kubelet', name: '--authorization-mode', configField: 'authorization.mode' },
        { source: 'rke2-config', name: 'kubelet-arg' },
      ],
      pass: 'Webhook',
      fail: 'AlwaysAllow, or not configured',
      whenAbsent:
        'RKE2 always sets kubelet authorization to Webhook. ' + KUBELET_DROPIN + ' Upstream: flag default AlwaysAllow, KubeletConfiguration default Webhook.',
      decidable: true,
      source: V2R5_IDS + '; ' + XCCDF_V2R1 + '; ' + V2_TEXT,
      ruleIdSeenIn: 'V2R5',
      doubts: 'Same literal-vs-effective caveat as V-254557 on drop-in-based RKE2 releases.',
    },
    {
      vulnId: 'V-254562',
      ruleId: 'SV-254562r1137640_rule',
      stigId: 'CNTR-R2-000160',
      severity: 'high',
      title: 'The Kubernetes API server must have anonymous authentication disabled.',
      srg: 'SRG-APP-000033-CTR-000100',
      ccis: ['CCI-000213'],
      nist: ['AC-3'],
      checkSummary: 'The kube-apiserver process must run with anonymous-auth=false; true or not configured is a finding.',
      fixSummary: 'Add anonymous-auth=false to kube-apiserver-arg in config.yaml and restart rke2-server.',
      settings: [
        { source: 'kube-apiserver', name: '--anonymous-auth' },
        { source: 'rke2-config', name: 'kube-apiserver-arg' },
      ],
      pass: 'false',
      fail: 'true, or not configured',
      whenAbsent: 'RKE2 always passes --anonymous-auth=false to kube-apiserver (' + CIS112 + '); the upstream default is true.',
      decidable: true,
      source: V2R5_IDS + '; ' + XCCDF_V2R1 + '; ' + V2_TEXT,
      ruleIdSeenIn: 'V2R5',
    },
    {
      vulnId: 'V-254563',
      ruleId: 'SV-254563r960906_rule',
      stigId: 'CNTR-R2-000320',
      severity: 'medium',
      title: 'All audit records must identify any containers associated with the event within Rancher RKE2.',
      srg: 'SRG-APP-000100-CTR-000200',
      ccis: ['CCI-001487'],
      nist: ['AU-3 f'],
      checkSummary: 'The kube-apiserver process must run with audit-log-maxage of at least 30; a smaller value or not configured is a finding.',
      fixSummary: 'Add audit-log-maxage=30 to kube-apiserver-arg in config.yaml and restart rke2-server.',
      settings: [
        { source: 'kube-apiserver', name: '--audit-log-maxage' },
        { source: 'rke2-config', name: 'kube-apiserver-arg' },
      ],
      pass: '>= 30 (days)',
      fail: '< 30, or not configured',
      whenAbsent:
        'The STIG says RKE2 sets 30 by default; that holds only when RKE2 enables audit logging (profile: cis, or audit-policy-file set), in which case it adds --audit-log-maxage=30 (' +
        RKE2 +
        ':pkg/executor/staticpod/staticpod.go). Without either, RKE2 passes no audit flags and the check fails. Upstream default 0 (no age-based retention).',
      decidable: true,
      source: V2R5_IDS + '; ' + XCCDF_V2R1 + '; ' + V2_TEXT,
      ruleIdSeenIn: 'V2R1 (unchanged through V2R5)',
    },
    {
      vulnId: 'V-254564',
      ruleId: 'SV-254564r1156618_rule',
      stigId: 'CNTR-R2-000520',
      severity: 'medium',
      title: 'Configuration and authentication files for Rancher RKE2 must be protected.',
      srg: 'SRG-APP-000133-CTR-000300',
      ccis: ['CCI-001499'],
      nist: ['CM-5 (6)'],
      checkSummary:
        'Checks owner root:root and modes across /etc/rancher/rke2 (files 0600) and /var/lib/rancher/rke2 (agent kubeconfigs 0640, agent certs and keys 0600, pod-manifests and etc 0700, bin 0750, data 0750/0640, server cred/db/tls 0700, manifests/logs 0750, token 0600), ' +
        'and that config.yaml sets write-kubeconfig-mode. Any deviation is a finding.',
      fixSummary: 'chown/chmod the listed files and directories and set write-kubeconfig-mode in config.yaml, then restart rke2-server.',
      settings: [{ source: 'rke2-config', name: 'write-kubeconfig-mode' }],
      pass: 'write-kubeconfig-mode: "0600" (check wording of the V2 text read) plus the file modes above',
      fail: 'any listed file or directory with another owner or a looser mode; write-kubeconfig-mode missing or looser',
      whenAbsent:
        'RKE2 writes its own manifests 0600 under a profile and 0644 otherwise (' +
        RKE2 +
        ':pkg/executor/staticpod/staticpod.go writeTemplate) and creates several directories 0755, which this check does not accept. The admin kubeconfig mode without write-kubeconfig-mode comes from k3s (0600 in practice; not re-verified in source here).',
      decidable: false,
      notDecidableWhy: 'file ownership and permissions on the node; only write-kubeconfig-mode is readable from config.yaml',
      source: V2R5_IDS + '; ' + V2_TEXT + '; ' + XCCDF_V2R1,
      ruleIdSeenIn: 'V2R5',
      doubts: 'V2R1 fix text sets write-kubeconfig-mode "0640" while the later check text requires "0600"; the V2R5 revision (r1156618) text was not read.',
    },
    {
      vulnId: 'V-254565',
      ruleId: 'SV-254565r960963_rule',
      stigId: 'CNTR-R2-000550',
      severity: 'medium',
      title: 'Rancher RKE2 must be configured with only essential configurations.',
      srg: 'SRG-APP-000141-CTR-000315',
      ccis: ['CCI-000381', 'CCI-001764'],
      checkSummary:
        'Reads the disable list in config.yaml. Bundled components that are enabled but not needed are a finding; if every bundled component is needed, there is no finding.',
      fixSummary: 'List unneeded bundled components under disable in config.yaml and restart rke2-server.',
      settings: [{ source: 'rke2-config', name: 'disable' }],
      whenAbsent:
        'Nothing is disabled by default. The current server reference lists rke2-coredns, rke2-metrics-server, rke2-snapshot-controller, rke2-snapshot-controller-crd and rke2-snapshot-validation-webhook as disable items, with the CNI chosen by cni, kube-proxy by disable-kube-proxy and the ingress controller by ingress-controller (rancher/rke2-docs@9477b7b1df1f:docs/reference/server_config.md).',
      decidable: false,
      notDecidableWhy: 'which bundled components are needed is an organisational decision',
      source: XCCDF_V2R1 + '; ' + V2_TEXT + '; ' + V2R5_IDS,
      ruleIdSeenIn: 'V2R1 (unchanged through V2R5)',
      doubts:
        'The STIG list (rke2-canal, rke2-coredns, rke2-ingress-nginx, rke2-kube-proxy, rke2-metrics-server) predates the current disable items. NIST for CCI-001764 not sourced, so nist is omitted.',
    },
    {
      vulnId: 'V-254566',
      ruleId: 'SV-254566r1173952_rule',
      stigId: 'CNTR-R2-000580',
      severity: 'medium',
      title: 'Rancher RKE2 runtime must enforce ports, protocols, and services that adhere to the PPSM CAL.',
      srg: 'SRG-APP-000142-CTR-000325',
      ccis: ['CCI-000382', 'CCI-001762'],
      nist: ['CM-7 b', 'CM-7 (1) (b)'],
      checkSummary:
        'Reviews the ports, protocols and services of the API server, scheduler, controller manager, etcd and user pods against the PPSM CAL and the system documentation; anything not compliant or not ISSO-approved is a finding.',
      fixSummary: 'Document the ports and services, bring the component configuration into line with the PPSM CAL, and restart rke2-server.',
      settings: [
        { source: 'kube-apiserver', name: '--secure-port' },
        { source: 'kube-apiserver', name: '--etcd-servers' },
      ],
      decidable: false,
      notDecidableWhy: 'organisational process (PPSM CAL registration and ISSO approval of each port and service)',
      source: V2R5_IDS + '; ' + V2_TEXT + '; ' + XCCDF_V2R1,
      ruleIdSeenIn: 'V2R5',
    },
    {
      vulnId: 'V-254567',
      ruleId: 'SV-254567r1016559_rule',
      stigId: 'CNTR-R2-000800',
      severity: 'medium',
      title: 'Rancher RKE2 must store only cryptographic representations of passwords.',
      srg: 'SRG-APP-000171-CTR-000435',
      ccis: ['CCI-000196', 'CCI-004062'],
      nist: ['IA-5 (1) (c)', 'IA-5 (1) (d)'],
      checkSummary:
        'Reviews every pod, job and cronjob; any sensitive value (password, key, token, certificate) exposed through an environment variable is a finding.',
      fixSummary: 'Move such values out of environment variables into mounted secret files or a password vault.',
      settings: [
        { source: 'workload', name: 'spec.containers[].env[].valueFrom.secretKeyRef' },
        { source: 'workload', name: 'spec.containers[].envFrom[].secretRef' },
        { source: 'workload', name: 'spec.containers[].env[].value' },
        { source: 'workload', name: 'spec.initContainers[].env[].valueFrom.secretKeyRef' },
        { source: 'workload', name: 'spec.initContainers[].envFrom[].secretRef' },
      ],
      pass: 'no environment variable sourced from a Secret and no literal credential in env values',
      fail: 'env[].valueFrom.secretKeyRef or envFrom[].secretRef present; literal credential in env[].value',
      decidable: true,
      source: EVAL_V2R3 + ' (CCIs); ' + V2_TEXT + '; ' + XCCDF_V2R1,
      ruleIdSeenIn: 'V2R3 and V2R5',
      doubts:
        'The discussion says secrets must be mounted from files, so Secret-sourced env vars count (as in Kubernetes STIG V-242415); literal values need a heuristic (name/value patterns), not a certainty. Pod templates in Deployments/StatefulSets/DaemonSets/Jobs/CronJobs are the same spec.',
    },
    {
      vulnId: 'V-254568',
      ruleId: 'SV-254568r1016534_rule',
      stigId: 'CNTR-R2-000890',
      severity: 'medium',
      title:
        'Rancher RKE2 must terminate all network connections associated with a communications session at the end of the session, or as follows: for in-band management sessions (privileged sessions), the session must be terminated after five minutes of inactivity.',
      srg: 'SRG-APP-000190-CTR-000500',
      ccis: ['CCI-001133'],
      nist: ['SC-10'],
      checkSummary:
        'On every node the kubelet process must run with streaming-connection-idle-timeout of at least 5m; less than 5m, missing or not configured is a finding.',
      fixSummary: 'Add streaming-connection-idle-timeout=5m to kubelet-arg in config.yaml and restart the RKE2 service.',
      settings: [
        { source: 'kubelet', name: '--streaming-connection-idle-timeout', configField: 'streamingConnectionIdleTimeout' },
        { source: 'rke2-config', name: 'kubelet-arg' },
      ],
      pass: 'set explicitly, >= 5m (the fix uses 5m; the title intends a 5-minute idle limit)',
      fail: '< 5m (including 0), or not configured',
      whenAbsent:
        'RKE2 never passes the flag. Drop-in-based releases write streamingConnectionIdleTimeout: 4h0m0s (the kubelet default) into 00-rke2-defaults.conf (' +
        CIS112 +
        '); flag-based releases leave it to the kubelet default 4h. The ps-based check therefore fails on every RKE2 release unless kubelet-arg sets it.',
      decidable: true,
      source: V2R5_IDS + '; ' + V2_TEXT + '; ' + XCCDF_V2R1,
      ruleIdSeenIn: 'V2R5',
    },
    {
      vulnId: 'V-254569',
      ruleId: 'SV-254569r1016537_rule',
      stigId: 'CNTR-R2-000940',
      severity: 'medium',
      title: 'Rancher RKE2 runtime must isolate security functions from nonsecurity functions.',
      srg: 'SRG-APP-000233-CTR-000585',
      ccis: ['CCI-001084'],
      nist: ['SC-3'],
      checkSummary: 'On every node the kubelet process must run with protect-kernel-defaults=true; anything else, missing or not configured is a finding.',
      fixSummary:
        'Set protect-kernel-defaults: true (RKE2 top-level key, or kubelet-arg protect-kernel-defaults=true; profile: cis sets it) and restart the RKE2 service.',
      settings: [
        { source: 'kubelet', name: '--protect-kernel-defaults', configField: 'protectKernelDefaults' },
        { source: 'rke2-config', name: 'protect-kernel-defaults' },
        { source: 'rke2-config', name: 'profile' },
        { source: 'rke2-config', name: 'kubelet-arg' },
      ],
      pass: 'true',
      fail: 'false, or not configured',
      whenAbsent:
        'RKE2 default false. profile: cis forces it true and exits with an error if protect-kernel-defaults is explicitly false (' +
        RKE2 +
        ':pkg/cli/cmds/profile_linux.go setCISFlags). Flag-based releases then show --protect-kernel-defaults=true in ps (' +
        CIS110 +
        '); drop-in-based releases write protectKernelDefaults: true to 00-rke2-defaults.conf and show no flag (' +
        CIS112 +
        '). The kubelet refuses to start if kernel sysctls differ from its defaults, so the node needs rke2-cis-sysctl.conf applied.',
      decidable: true,
      source: V2R5_IDS + '; ' + V2_TEXT + '; ' + XCCDF_V2R1,
      ruleIdSeenIn: 'V2R5',
      doubts:
        'Literal ps reading on drop-in-based releases sees no flag even with profile: cis; kubelet-arg protect-kernel-defaults=true satisfies both readings.',
    },
    {
      vulnId: 'V-254570',
      ruleId: 'SV-254570r1137645_rule',
      stigId: 'CNTR-R2-000970',
      severity: 'medium',
      title:
        'Rancher RKE2 runtime must maintain separate execution domains for each container by assigning each container a separate address space to prevent unauthorized and unintended information transfer via shared system resources.',
      srg: 'SRG-APP-000243-CTR-000600',
      ccis: ['CCI-001082', 'CCI-001090', 'CCI-002530'],
      nist: ['SC-2', 'SC-4', 'SC-39'],
      checkSummary:
        'kubectl get all in default, kube-public and kube-node-lease may return only the Kubernetes service objects; kube-system may hold only platform components (etcd, Helm, API server, controller manager, proxy, scheduler, networking, ingress controller, metrics server) or ISSO-approved services. Anything else is a finding.',
      fixSummary: 'Delete the misplaced resources and recreate them in a user-created namespace.',
      settings: [{ source: 'workload', name: 'metadata.namespace' }],
      pass: 'user objects in user-created namespaces',
      fail: 'any user object in default, kube-public or kube-node-lease; non-platform objects in kube-system without ISSO approval',
      whenAbsent:
        'An object without metadata.namespace lands in the namespace chosen at apply time (kubectl context, usually default), so it is a likely finding.',
      decidable: true,
      source: V2R5_IDS + '; ' + V2_TEXT + '; ' + XCCDF_V2R1,
      ruleIdSeenIn: 'V2R5',
      doubts:
        'Decidable for default/kube-public/kube-node-lease; a workload in kube-system needs a judgement whether it is a platform component. The V2R1 XCCDF check text for this rule was a copy of V-254555 (audit) text; later releases corrected it.',
    },
    {
      vulnId: 'V-254571',
      ruleId: 'SV-254571r1156616_rule',
      stigId: 'CNTR-R2-001130',
      severity: 'medium',
      title:
        'Rancher RKE2 must prevent nonprivileged users from executing privileged functions to include disabling, circumventing, or altering implemented security safeguards/countermeasures.',
      srg: 'SRG-APP-000340-CTR-000770',
      ccis: ['CCI-002233', 'CCI-002235'],
      nist: ['AC-6 (8)', 'AC-6 (10)'],
      checkSummary:
        'RKE2 v1.25 and newer: on each control-plane node /etc/rancher/rke2/rke2-pss.yaml must exist and its PodSecurity defaults must be enforce/audit/warn restricted with enforce-version/audit-version/warn-version latest; any difference is a finding. (v1.24 and older: PodSecurityPolicy review.)',
      fixSummary:
        'Write an AdmissionConfiguration whose PodSecurity defaults are restricted/latest for enforce, audit and warn, exempting only namespaces that need more (the STIG example exempts kube-system, cis-operator-system, tigera-operator), and restart rke2-server.',
      settings: [
        { source: 'admission-configuration', name: 'plugins[name=PodSecurity].configuration.defaults.enforce' },
        { source: 'admission-configuration', name: 'plugins[name=PodSecurity].configuration.defaults.enforce-version' },
        { source: 'admission-configuration', name: 'plugins[name=PodSecurity].configuration.defaults.audit' },
        { source: 'admission-configuration', name: 'plugins[name=PodSecurity].configuration.defaults.audit-version' },
        { source: 'admission-configuration', name: 'plugins[name=PodSecurity].configuration.defaults.warn' },
        { source: 'admission-configuration', name: 'plugins[name=PodSecurity].configuration.defaults.warn-version' },
        { source: 'rke2-config', name: 'pod-security-admission-config-file' },
        { source: 'rke2-config', name: 'profile' },
      ],
      pass: 'enforce: restricted, enforce-version: latest, audit: restricted, audit-version: latest, warn: restricted, warn-version: latest',
      fail: 'any other default, e.g. the RKE2 non-CIS default (enforce: privileged only)',
      whenAbsent:
        'Without pod-security-admission-config-file, RKE2 rewrites /etc/rancher/rke2/rke2-pss.yaml on every start: enforce privileged (no audit/warn) without profile: cis, restricted/latest for all three with profile: cis (' +
        RKE2 +
        ':pkg/rke2/psa.go, pkg/rke2/rke2_linux.go). Hand edits to that file are therefore overwritten at the next start unless profile: cis is set or pod-security-admission-config-file points at the edited file. See rke2-psa-defaults.ts.',
      decidable: true,
      source: V2R5_IDS + '; ' + EVAL_V2R3 + ' (CCIs); ' + V2_TEXT + '; ' + XCCDF_V2R1,
      ruleIdSeenIn: 'V2R5',
      doubts:
        'The check names the default path; with pod-security-admission-config-file set, assessors read the configured file instead. Only defaults are checked; the exemption list is guidance. The V2R5 revision (r1156616) text was not read — it may update the example exemptions to compliance-operator-system, matching RKE2 since March 2026.',
    },
    {
      vulnId: 'V-254572',
      ruleId: 'SV-254572r1016560_rule',
      stigId: 'CNTR-R2-001270',
      severity: 'medium',
      title: 'Rancher RKE2 must prohibit the installation of patches, updates, and instantiation of container images without explicit privileged status.',
      srg: 'SRG-APP-000378-CTR-000880',
      ccis: ['CCI-003980', 'CCI-001812'],
      nist: ['CM-11 (2)'],
      checkSummary:
        'The kube-apiserver process must run with authorization-mode RBAC,Node; another value or not configured is a finding (the STIG notes RKE2 sets Node,RBAC by default).',
      fixSummary:
        'Set --authorization-mode=RBAC,Node for the API server (the STIG edits the generated kube-apiserver static pod; kube-apiserver-arg is the persistent way) and restart rke2-server.',
      settings: [
        { source: 'kube-apiserver', name: '--authorization-mode' },
        { source: 'rke2-config', name: 'kube-apiserver-arg' },
      ],
      pass: 'RBAC,Node or Node,RBAC (same modes; the STIG accepts the RKE2 default order)',
      fail: 'missing RBAC or Node, AlwaysAllow, or not configured',
      whenAbsent: 'RKE2 always passes --authorization-mode=Node,RBAC (' + CIS112 + '); the upstream default is AlwaysAllow.',
      decidable: true,
      source: V2R6_STIGHUB_572 + '; ' + EVAL_V2R3 + '; ' + V2_TEXT,
      ruleIdSeenIn: 'V2R6',
      doubts: 'The fix edits /var/lib/rancher/rke2/agent/pod-manifests/kube-apiserver.yaml, which RKE2 regenerates on start; use kube-apiserver-arg instead.',
    },
    {
      vulnId: 'V-254574',
      ruleId: 'SV-254574r961677_rule',
      stigId: 'CNTR-R2-001580',
      severity: 'medium',
      title: 'Rancher RKE2 must remove old components after updated versions have been installed.',
      srg: 'SRG-APP-000454-CTR-001110',
      ccis: ['CCI-002617'],
      nist: ['SI-2 (6)'],
      checkSummary: 'Lists the images of all running pods; more than one version of the same image is a finding.',
      fixSummary: 'Delete pods still running older images (and restart rke2-server).',
      settings: [],
      decidable: false,
      notDecidableWhy: 'needs the running cluster (images of running pods)',
      source: V2R5_IDS + '; ' + V2_TEXT + '; ' + XCCDF_V2R1,
      ruleIdSeenIn: 'V2R1 (unchanged through V2R5)',
    },
    {
      vulnId: 'V-254575',
      ruleId: 'SV-254575r1137649_rule',
      stigId: 'CNTR-R2-001620',
      severity: 'medium',
      title:
        'Rancher RKE2 registry must contain the latest images with most recent updates and execute within Rancher RKE2 runtime as authorized by IAVM, CTOs, DTMs, and STIGs.',
      srg: 'SRG-APP-000456-CTR-001125',
      ccis: ['CCI-002605'],
      nist: ['SI-2 c'],
      checkSummary:
        'Every node must run a supported RKE2 Kubernetes version and every running image must be patched to its latest version; otherwise it is a finding.',
      fixSummary: 'Upgrade RKE2 to a supported version and keep a patch process that applies updates within the required time.',
      settings: [],
      decidable: false,
      notDecidableWhy: 'needs the running cluster (node versions, running images) and patch-management process',
      source: V2R5_IDS + '; ' + V2_TEXT + '; ' + XCCDF_V2R1,
      ruleIdSeenIn: 'V2R5',
    },
    {
      vulnId: 'V-268321',
      ruleId: 'SV-268321r1017019_rule',
      stigId: 'CNTR-R2-000460',
      severity: 'medium',
      title: 'Rancher RKE2 must be built from verified packages.',
      srg: 'SRG-APP-000131-CTR-000285',
      ccis: ['CCI-003992'],
      checkSummary:
        'Using Hauler, confirm that every RKE2 container image running in the cluster was obtained with its signature validated against the Rancher Government Solutions (Carbide) key; any image not so signed is a finding.',
      fixSummary: 'Obtain and verify RKE2 images through Hauler against the Rancher Government signing key and redeploy any that are not signed.',
      settings: [],
      decidable: false,
      notDecidableWhy: 'image signatures and provenance of the running images (PKI/registry state), not a configuration file',
      source: V2_TEXT + ' (rule ID, severity, SRG, check); ' + V2R5_IDS + '; STIG ID from ' + V2R7_SET,
      ruleIdSeenIn: 'V2R2-era text and V2R5',
      doubts:
        'STIG ID CNTR-R2-000460 was read only in the khealth-tui table. The CCI was not read from an RKE2 source: CCI-003992 is the CCI of the same SRG requirement in the Container Platform SRG V2R4 (V-233065), so nist is omitted. The source title carries a trailing space ("...verified packages. "), trimmed here.',
    },
  ],
};

/**
 * Requirements present in V2R1-V2R3 (still in the V2R3 Evaluate-STIG module) but absent from the
 * V2R5 rule-ID list and the V2R7 enumeration. Kept so that older checklists map; not part of RKE2_STIG.
 * Their checks were already Not Applicable on current RKE2 (v1.24+ / v1.20+).
 * @public kept for mapping older checklists, which no code does yet (knip: not dead)
 */
export const RKE2_STIG_RETIRED: StigRequirement[] = [
  {
    vulnId: 'V-254558',
    ruleId: 'SV-254558r960792_rule',
    stigId: 'CNTR-R2-000120',
    severity: 'high',
    title: 'The Kubernetes API server must have the insecure port flag disabled.',
    srg: 'SRG-APP-000033-CTR-000095',
    ccis: ['CCI-000213'],
    nist: ['AC-3'],
    checkSummary: 'kube-apiserver must run with insecure-port=0; default on v1.20-v1.23, Not Applicable on v1.24 and newer (the flag was removed).',
    fixSummary: 'Add insecure-port=0 to kube-apiserver-arg (only on releases that still accept the flag).',
    settings: [{ source: 'kube-apiserver', name: '--insecure-port' }],
    pass: '0',
    fail: 'non-zero (v1.20-v1.23 only)',
    whenAbsent: 'RKE2/k3s passed --insecure-port=0 on releases that had the flag; Kubernetes v1.24 removed it.',
    decidable: true,
    source: V2_TEXT + '; ' + XCCDF_V2R1,
    ruleIdSeenIn: 'V2R1-V2R3',
  },
  {
    vulnId: 'V-254560',
    ruleId: 'SV-254560r960792_rule',
    stigId: 'CNTR-R2-000140',
    severity: 'high',
    title: 'The Kubernetes API server must have the insecure bind address not set.',
    srg: 'SRG-APP-000033-CTR-000095',
    ccis: ['CCI-000213'],
    nist: ['AC-3'],
    checkSummary: 'Not Applicable for RKE2 Kubernetes newer than v1.20; otherwise insecure-bind-address set to localhost is a finding.',
    fixSummary: 'Upgrade to a supported RKE2 version.',
    settings: [{ source: 'kube-apiserver', name: '--insecure-bind-address' }],
    pass: 'not set',
    fail: 'set to localhost (v1.20 and older only)',
    decidable: true,
    source: V2_TEXT + '; ' + XCCDF_V2R1,
    ruleIdSeenIn: 'V2R1-V2R3',
  },
  {
    vulnId: 'V-254573',
    ruleId: 'SV-254573r1050650_rule',
    stigId: 'CNTR-R2-001500',
    severity: 'high',
    title: 'Rancher RKE2 keystore must implement encryption to prevent unauthorized disclosure of information at rest within Rancher RKE2.',
    srg: 'SRG-APP-000429-CTR-001060',
    ccis: ['CCI-002476'],
    nist: ['SC-28 (1)'],
    checkSummary: 'Not Applicable for RKE2 1.20 and newer (V2R3 wording); otherwise config.yaml must not contain secrets-encryption: false.',
    fixSummary: 'Set secrets-encryption: true in config.yaml on all servers.',
    settings: [{ source: 'rke2-config', name: 'secrets-encryption' }],
    pass: 'not false',
    fail: 'secrets-encryption: false',
    whenAbsent:
      'RKE2 servers force secrets-encryption to true whatever config.yaml says (' +
      RKE2 +
      ':pkg/rke2/rke2.go Server, since 2020) and pass --encryption-provider-config=/var/lib/rancher/rke2/server/cred/encryption-config.json (aescbc by default).',
    decidable: true,
    source: EVAL_V2R3 + '; ' + V2_TEXT + '; ' + XCCDF_V2R1,
    ruleIdSeenIn: 'V2R3',
  },
];
