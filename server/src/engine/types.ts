import type { PolicySourceKind } from './cluster/context';
import type { PsaMode } from './cluster/psa';
import type { Range } from './text';
import type { ScalarValue } from './scalars';

export type Severity = 'error' | 'warning' | 'info';
export type SeveritySetting = Severity | 'off';
export type Level = 'baseline' | 'restricted';
export type ProfileName = 'baseline' | 'restricted' | 'stig-rke2' | 'stig-kubernetes';

/** Frameworks a rule can reference. */
export type Framework = 'disa-stig-rke2' | 'disa-stig-kubernetes' | 'disa-srg' | 'cis-kubernetes' | 'nsa-cisa';

export interface StandardRef {
  framework: Framework;
  /** e.g. `V-254571`, `5.2.2`, `SRG-APP-000340-CTR-000770` */
  id: string;
  /** STIG rule identifier (e.g. `CNTR-R2-001130`) where the framework has one */
  stigId?: string;
  /** the requirement's title as the standard words it */
  title?: string;
  /** DISA STIG only, from the catalogue (engine/stig): the release's XCCDF rule id (`SV-254562r1137640_rule`) */
  ruleId?: string;
  /** DISA STIG only: the severity, CAT I = high, CAT II = medium, CAT III = low */
  severity?: 'high' | 'medium' | 'low';
  /** DISA STIG only: the SRG requirement the STIG rule implements */
  srg?: string;
  /** DISA STIG only: the Control Correlation Identifiers */
  ccis?: string[];
}

export interface PssInfo {
  level: Level;
  /** the Pod Security Admission check id, e.g. `hostNamespaces` */
  check: string;
  /** the control name as the Pod Security Standards page prints it */
  control: string;
  /** first policy minor version (1.N) at which the check exists; 0 when it always did */
  since: number;
  /** the baseline rule this restricted rule replaces in the restricted profile */
  overrides?: string;
}

/** An option a rule accepts from the configuration (`ruleOptions.<rule-id>.<name>`). */
export interface RuleOptionSpec {
  type: 'boolean' | 'string' | 'string[]' | 'number';
  description: string;
  default: boolean | string | string[] | number;
}

export interface RuleMeta {
  id: string;
  title: string;
  /** one paragraph: what is checked */
  description: string;
  /** why it matters for isolation */
  rationale: string;
  /** how to fix it by hand */
  remediation: string;
  pss?: PssInfo;
  /**
   * Profiles a rule outside the Pod Security Standards belongs to, with its severity there.
   * PSS rules derive theirs from `pss.level`.
   */
  profiles?: Partial<Record<ProfileName, Severity>>;
  /** severity when the profile does not say otherwise (PSS: baseline error, restricted warning) */
  defaultSeverity: Severity;
  /** at least one finding of the rule can carry a fix */
  fixable: boolean;
  standards: StandardRef[];
  /** options the rule reads from the configuration, with their defaults */
  options?: Record<string, RuleOptionSpec>;
  /**
   * What the rule reports, by message id: templates whose `{{name}}` placeholders a report fills
   * from its `data`. Every rule with a check declares them; the core checks word theirs in the
   * engine.
   */
  messages?: Record<string, string>;
}

export interface ResourceRef {
  apiVersion: string | null;
  kind: string | null;
  namespace: string | null;
  name: string | null;
}

export type ContainerKind = 'initContainers' | 'containers' | 'ephemeralContainers';

/** A value a fix writes: a scalar, a list, or a mapping of such values. */
export type FixValue = ScalarValue | FixValue[] | { [key: string]: FixValue };

/** A change a fix makes, described on the data (paths are the finding's object paths). */
export type FixChange = { op: 'set'; path: string; value: FixValue } | { op: 'delete'; path: string } | { op: 'add'; path: string; value: FixValue };

export interface TextEdit {
  /** [start, end) in UTF-16 offsets of the analysed text */
  offset: [number, number];
  range: Range;
  newText: string;
}

export interface Fix {
  title: string;
  /** safe hardening: offered first and applied by fix-all and `--fix` */
  preferred: boolean;
  changes: FixChange[];
  edits: TextEdit[];
  /**
   * A value the user has to choose: `edits[edit].newText.slice(start, end)` (UTF-16 offsets in
   * the new text) is a suggestion that editors select after applying the fix (a snippet
   * placeholder). Fix-all and `--fix` never apply a fix that has one.
   */
  placeholder?: { edit: number; start: number; end: number };
}

export interface RelatedLocation {
  message: string;
  /** in the analysed text; with `file`, in that file (never moved with the finding) */
  range: Range;
  offset: [number, number];
  path: string;
  /**
   * Absolute path of the file the location is in, when it is not (necessarily) the analysed text:
   * the namespace label or the configuration a Pod Security finding was judged by.
   */
  file?: string;
}

/** Where the policy a Pod Security finding was judged by comes from. */
export interface PolicySourceRef {
  kind: PolicySourceKind;
  /** one phrase for people: `namespace "payments" label pod-security.kubernetes.io/enforce (ns.yaml:6)` */
  detail: string;
  /** absolute path of the file that sets it (absent for built-in defaults and the profile) */
  file?: string;
  /** where in that file */
  range?: Range;
}

/**
 * The Pod Security Admission policy a Pod Security finding was judged by: the mode whose
 * level and version it violates (the most severe such mode), and where that policy comes from.
 */
export interface FindingPolicy {
  mode: PsaMode;
  level: Level;
  /** `latest` or `v1.N`, as the label, configuration or profile setting gives it */
  version: string;
  source: PolicySourceRef;
}

/**
 * Something to know about an object that is not a finding: why its pod is not judged (an
 * exempt namespace or runtime class, labels that are template values, …). Hover shows it and
 * `podsec explain` prints it.
 */
export interface AnalysisNote {
  /** the object the note is about */
  range: Range;
  offset: [number, number];
  /** 0-based index of the YAML document in the file */
  document: number;
  message: string;
  /** what the note is about: how Pod Security Admission judges the pod (default), or how podsec reads a Kustomize file */
  topic?: 'kustomize';
}

export interface SuppressionInfo {
  kind: 'comment' | 'annotation';
  reason: string | null;
  /** where the directive is written */
  range: Range;
}

export interface Finding {
  ruleId: string;
  severity: Severity;
  message: string;
  range: Range;
  offset: [number, number];
  resource: ResourceRef | null;
  container: string | null;
  containerKind: ContainerKind | null;
  /** path of the offending node inside the object, e.g. `spec.template.spec.hostNetwork` */
  path: string;
  /** the value that causes the finding is set at the pod level */
  fromPodLevel: boolean;
  related: RelatedLocation[];
  pss: { level: Level; check: string; control: string } | null;
  /** Pod Security findings: the policy (mode, level, version) it was judged by, and its source */
  policy?: FindingPolicy;
  standards: StandardRef[];
  fix?: Fix;
  /** set when a suppression covers the finding */
  suppressed?: SuppressionInfo;
  /** 0-based index of the YAML document in the file */
  document: number;
}
