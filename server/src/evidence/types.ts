/**
 * What the evidence writers (cklb.ts, ckl.ts, oscal.ts) take: a STIG benchmark as podsec's
 * catalogue describes it, podsec's verdict per requirement, the target the checklist is about,
 * and the run that produced the verdicts.
 *
 * `ChecklistRequirement` and `ChecklistBenchmark` are structurally compatible with the STIG
 * catalogue (engine/stig/catalogue-types.ts: a StigBenchmark is a ChecklistBenchmark, which
 * test/unit/evidence/catalogue.test.ts checks at compile time); they are declared here so that
 * this folder depends on nothing but Node.
 */

export type StigSeverity = 'high' | 'medium' | 'low';

export interface ChecklistRequirement {
  /** Group / vulnerability ID, `V-254571` */
  vulnId: string;
  /** Rule ID as DISA writes it, with or without the `_rule` suffix: `SV-254571r918228_rule` */
  ruleId: string;
  /** STIG ID (Rule_Ver / rule_version): `CNTR-R2-001130` */
  stigId: string;
  severity: StigSeverity;
  /** Rule title */
  title: string;
  /** SRG ID (Group_Title in a checklist): `SRG-APP-000340-CTR-000770` */
  srg: string;
  /** CCI IDs: `CCI-002263` */
  ccis: string[];
  /** NIST SP 800-53 references as DISA maps the CCIs, `AC-6 (9)`, `CM-6 b`; optional */
  nist?: string[];
  /** The check text (or podsec's summary of it) */
  checkSummary: string;
  /** The fix text (or podsec's summary of it) */
  fixSummary: string;
  /** The discussion (Vuln_Discuss), when the catalogue has it */
  discussion?: string;
}

export interface ChecklistBenchmark {
  /** XCCDF benchmark id: `RGS_RKE2_STIG` */
  benchmarkId: string;
  /** `Rancher Government Solutions RKE2 Security Technical Implementation Guide` */
  title: string;
  version: number;
  release: number;
  /** as DISA writes it: `Release: 5 Benchmark Date: 30 Jan 2025` */
  releaseInfo: string;
  /** benchmark date, ISO `2025-01-30` */
  date: string;
  requirements: ChecklistRequirement[];
}

export type RequirementStatus = 'open' | 'not_a_finding' | 'not_applicable' | 'not_reviewed';

export interface EvidenceFinding {
  /** path relative to the checked root, `/` separated */
  file: string;
  /** 1-based */
  line: number;
  /** 1-based (UTF-16 code units, as podsec reports columns) */
  column: number;
  /** `kind/namespace/name` */
  resource?: string;
  container?: string;
  message: string;
  /** podsec rule id */
  ruleId: string;
  /** set when a podsec-disable comment or a podsec.io/ignore annotation silenced the finding */
  suppressed?: { reason: string | null };
}

export interface RequirementResult {
  vulnId: string;
  /** decided by the caller; the writers never change it */
  status: RequirementStatus;
  /** podsec rules that check it */
  rules: string[];
  /** findings, suppressed ones included; the caller may cap the list */
  findings: EvidenceFinding[];
  /** how many findings there were before the caller capped `findings` (>= findings.length) */
  totalFindings: number;
  /** what was checked when nothing was found, or why the requirement was not reviewed */
  details: string;
  /** free text the caller adds to the checklist's comments */
  comments: string;
}

/** TECH_AREA values the checklist XSD allows (STIG Viewer refuses a `.ckl` with another). */
export const TECH_AREAS = [
  '',
  'Application Review',
  'Boundary Security',
  'CDS Admin Review',
  'CDS Technical Review',
  'Database Review',
  'Domain Name System (DNS)',
  'Exchange Server',
  'Host Based System Security (HBSS)',
  'Internal Network',
  'Mobility',
  'Releasable Networks (REL)',
  'Releaseable Networks (REL)',
  'Traditional Security',
  'UNIX OS',
  'VVOIP Review',
  'Web Review',
  'Windows OS',
  'Other Review',
];

/** ROLE values the checklist XSD allows. */
export const TARGET_ROLES = ['None', 'Workstation', 'Member Server', 'Domain Controller'] as const;

export type TargetRole = (typeof TARGET_ROLES)[number];

export interface TargetData {
  hostName?: string;
  hostIp?: string;
  hostMac?: string;
  hostFqdn?: string;
  role?: TargetRole;
  targetComment?: string;
  techArea?: string;
  webOrDatabase?: boolean;
  webDbSite?: string;
  webDbInstance?: string;
  /** CKL MARKING / cklb classification, e.g. `CUI` */
  marking?: string;
}

export interface EvidenceRun {
  tool: { name: 'podsec'; version: string };
  /** ISO time (with `Z` or an offset); callers pass a fixed value in tests */
  time: string;
  /** ISO time the run ended; defaults to `time` */
  end?: string;
  profile: string;
  /** files checked, relative paths */
  files: string[];
  /** Kubernetes objects and config documents checked */
  objects: number;
}

/** What every writer takes. */
export interface EvidenceInput {
  benchmark: ChecklistBenchmark;
  results: RequirementResult[];
  target: TargetData;
  run: EvidenceRun;
}

/** Streaming output: the writers call it with pieces of the document, in order. */
export type Write = (chunk: string) => void;
