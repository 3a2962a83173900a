/**
 * Test input for the evidence writers: a small benchmark modelled on the RKE2 STIG (V-IDs, STIG
 * IDs and SRGs from shared/reference/pss-stig-rules.md; rule revisions, CCIs and texts are
 * illustrative) with a result of every status, and builders for edge cases.
 */
import type { ChecklistBenchmark, EvidenceFinding, EvidenceInput, RequirementResult } from '../../../server/src/evidence/types';

export const BENCHMARK: ChecklistBenchmark = {
  benchmarkId: 'RGS_RKE2_STIG',
  title: 'Rancher Government Solutions RKE2 Security Technical Implementation Guide',
  version: 2,
  release: 4,
  releaseInfo: 'Release: 4 Benchmark Date: 30 Jan 2025',
  date: '2025-01-30',
  // deliberately not in V-ID order
  requirements: [
    {
      vulnId: 'V-254571',
      ruleId: 'SV-254571r960792_rule',
      stigId: 'CNTR-R2-001130',
      severity: 'high',
      title:
        'Rancher RKE2 must prevent nonprivileged users from executing privileged functions to include disabling, circumventing, or altering implemented security safeguards/countermeasures.',
      srg: 'SRG-APP-000340-CTR-000770',
      ccis: ['CCI-002235'],
      nist: ['AC-6 (10)'],
      checkSummary: 'Pod Security Admission must enforce the restricted level; every pod must meet it.',
      fixSummary: 'Make every pod meet the restricted Pod Security Standard.',
      discussion:
        'Preventing nonprivileged users from executing privileged functions mitigates the risk that unauthorized individuals or processes may gain unnecessary access.',
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
      checkSummary: 'If --protect-kernel-defaults is not set to "true", missing or is not configured, this is a finding.',
      fixSummary: 'Set protect-kernel-defaults=true in /etc/rancher/rke2/config.yaml.',
    },
    {
      vulnId: 'V-254567',
      ruleId: 'SV-254567r960735_rule',
      stigId: 'CNTR-R2-000800',
      severity: 'medium',
      title: 'Rancher RKE2 must protect secrets: secrets must not be passed in environment variables.',
      srg: 'SRG-APP-000171-CTR-000435',
      ccis: ['CCI-000196', 'CCI-004062'],
      nist: ['IA-5 (1) (c)', 'IA-5 (1) (h)'],
      checkSummary: 'Secrets in environment variables are a finding.',
      fixSummary: 'Mount secrets as files.',
    },
    {
      vulnId: 'V-254570',
      ruleId: 'SV-254570r960939_rule',
      stigId: 'CNTR-R2-000970',
      severity: 'medium',
      title: 'Rancher RKE2 runtime must maintain separate execution domains for each container by assigning each container a separate address space.',
      srg: 'SRG-APP-000243-CTR-000600',
      ccis: ['CCI-001090'],
      nist: ['SC-4'],
      checkSummary: 'User workloads in kube-system, kube-public or kube-node-lease are a finding.',
      fixSummary: 'Move user workloads to their own namespaces.',
    },
    {
      vulnId: 'V-254553',
      ruleId: 'SV-254553r960762_rule',
      stigId: 'CNTR-R2-000010',
      severity: 'medium',
      title:
        'Rancher RKE2 must protect authenticity of communications sessions with the use of FIPS-validated 140-2 or 140-3 security requirements for cryptographic modules.',
      srg: 'SRG-APP-000014-CTR-000035',
      ccis: ['CCI-000068'],
      nist: ['AC-17 (2)'],
      checkSummary: 'Check the TLS settings of every RKE2 server and agent.',
      fixSummary: 'Use FIPS-validated TLS settings.',
    },
    {
      vulnId: 'V-254564',
      ruleId: 'SV-254564r960930_rule',
      stigId: 'CNTR-R2-000550',
      severity: 'low',
      title: 'Rancher RKE2 must use a centralized user management solution.',
      srg: 'SRG-APP-000023-CTR-000055',
      ccis: ['CCI-000015'],
      checkSummary: 'Check that users are managed centrally.',
      fixSummary: 'Use a centralized user management solution.',
    },
  ],
};

export function finding(file: string, line: number, over: Partial<EvidenceFinding> = {}): EvidenceFinding {
  return { file, line, column: 7, resource: 'Deployment/shop/web', container: 'app', message: 'privileged is true', ruleId: 'privileged', ...over };
}

export const RESULTS: RequirementResult[] = [
  {
    vulnId: 'V-254571',
    status: 'open',
    rules: ['privileged', 'host-namespaces'],
    findings: [
      finding('deploy/web.yaml', 21),
      finding('deploy/web.yaml', 9, {
        column: 5,
        container: undefined,
        message: 'hostPID is true',
        ruleId: 'host-namespaces',
        suppressed: { reason: 'reads node metrics' },
      }),
      finding('deploy/agent.yaml', 14, { resource: 'DaemonSet/ops/agent', container: 'collector' }),
    ],
    totalFindings: 3,
    details: '',
    comments: '',
  },
  {
    vulnId: 'V-254569',
    status: 'not_a_finding',
    rules: ['kubelet-protect-kernel-defaults'],
    findings: [],
    totalFindings: 0,
    details: 'Checked 2 RKE2 config files (etc/rancher/rke2/config.yaml, etc/rancher/rke2/config.yaml.d/50-cis.yaml): protect-kernel-defaults is true.',
    comments: '',
  },
  {
    vulnId: 'V-254567',
    status: 'open',
    rules: ['secret-in-env'],
    findings: [finding('deploy/web.yaml', 40, { column: 13, message: 'env DB_PASSWORD takes a Secret (secretKeyRef db/password)', ruleId: 'secret-in-env' })],
    totalFindings: 1,
    details: '',
    comments: 'Ticket OPS-42 tracks the move to mounted secrets.',
  },
  {
    vulnId: 'V-254570',
    status: 'not_applicable',
    rules: ['system-namespace-workload'],
    findings: [],
    totalFindings: 0,
    details: 'The files hold no workloads in kube-system, kube-public or kube-node-lease.',
    comments: '',
  },
  {
    vulnId: 'V-254553',
    status: 'not_reviewed',
    rules: [],
    findings: [],
    totalFindings: 0,
    details: 'the TLS settings of the running servers are not in the files',
    comments: '',
  },
  // V-254564 has no result: not reviewed, no podsec rule checks it
];

export function input(over: Partial<EvidenceInput> = {}): EvidenceInput {
  return {
    benchmark: BENCHMARK,
    results: RESULTS,
    target: { hostName: 'cluster-a', hostFqdn: 'cluster-a.example.mil', role: 'Member Server', targetComment: 'manifests of the shop cluster', marking: 'CUI' },
    run: {
      tool: { name: 'podsec', version: '0.1.0' },
      time: '2026-03-01T12:00:00.000Z',
      end: '2026-03-01T12:00:02.500Z',
      profile: 'stig-rke2',
      files: ['deploy/web.yaml', 'deploy/agent.yaml', 'etc/rancher/rke2/config.yaml', 'etc/rancher/rke2/config.yaml.d/50-cis.yaml'],
      objects: 5,
    },
    ...over,
  };
}

/** Every status, but no finding anywhere. */
export function noFindings(): EvidenceInput {
  return input({
    results: RESULTS.map((r) =>
      r.status === 'open'
        ? { ...r, status: 'not_a_finding', findings: [], totalFindings: 0, details: `Checked ${r.rules.join(', ')} on 5 objects: nothing found.` }
        : r,
    ),
  });
}

/** Text with XML-hostile characters, markup, non-ASCII, a lone surrogate and line breaks. */
export const HOSTILE =
  'a < b && c > d ]]> "q" \'s\' \u0001\u0008\u000B\u000C\u001F\uFFFE\uFFFF \uD800 tab\there\r\nCRLF\rCR é 中文 🚀 <![CDATA[x]]> <!-- c --> &amp;';

export function hostile(): EvidenceInput {
  const base = input();
  return input({
    target: { ...base.target, hostName: `host ${HOSTILE}`, targetComment: HOSTILE },
    results: RESULTS.map((r) =>
      r.vulnId === 'V-254571'
        ? { ...r, comments: HOSTILE, findings: r.findings.map((f) => ({ ...f, message: `${f.message} ${HOSTILE}`, file: `dép/${f.file}` })) }
        : r.vulnId === 'V-254569'
          ? { ...r, details: HOSTILE }
          : r,
    ),
  });
}

/** `n` findings for V-254571, of which the caller passes only `listed`. */
export function capped(n: number, listed: number): EvidenceInput {
  const findings: EvidenceFinding[] = [];
  for (let i = 0; i < listed; i++) findings.push(finding(`deploy/app-${i % 50}.yaml`, i + 1, { resource: `Deployment/shop/app-${i}` }));
  return input({ results: RESULTS.map((r) => (r.vulnId === 'V-254571' ? { ...r, findings, totalFindings: n } : r)) });
}
