/**
 * What a checklist says about each requirement, shared by the `.cklb` and `.ckl` writers (and
 * used for the OSCAL finding descriptions): requirements in V-ID order with their results, the
 * finding details and the comments, produced line by line so that long lists stream.
 */
import type { ChecklistBenchmark, ChecklistRequirement, EvidenceFinding, EvidenceInput, EvidenceRun, RequirementResult, RequirementStatus } from './types';

export interface Entry {
  req: ChecklistRequirement;
  result: RequirementResult;
  /** true when the caller gave no result for the requirement */
  missing: boolean;
}

/** Numeric part of a V-ID (`V-254571` -> 254571); NaN when there is none. */
function vNumber(vulnId: string): number {
  const m = /(\d+)\s*$/.exec(vulnId);
  return m ? Number(m[1]) : NaN;
}

/** V-ID order: by number, then by text (stable for IDs without a number). */
export function compareVulnIds(a: string, b: string): number {
  const na = vNumber(a);
  const nb = vNumber(b);
  if (na !== nb && !Number.isNaN(na) && !Number.isNaN(nb)) return na - nb;
  if (Number.isNaN(na) !== Number.isNaN(nb)) return Number.isNaN(na) ? 1 : -1;
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Why a requirement without a result is not reviewed. */
export const NO_RULE = 'no podsec rule checks it';

/**
 * Every requirement of the benchmark, in V-ID order, with its result. A requirement without a
 * result is `not_reviewed`. A result for a V-ID the benchmark does not have, or two results for
 * one V-ID, is an error: the checklist would silently lose evidence.
 */
export function entries(benchmark: ChecklistBenchmark, results: RequirementResult[]): Entry[] {
  const byId = new Map<string, RequirementResult>();
  for (const r of results) {
    if (byId.has(r.vulnId)) throw new Error(`two results for ${r.vulnId}`);
    byId.set(r.vulnId, r);
  }
  const seen = new Set<string>();
  const out: Entry[] = [];
  for (const req of benchmark.requirements) {
    if (seen.has(req.vulnId)) throw new Error(`${benchmark.benchmarkId} lists ${req.vulnId} twice`);
    seen.add(req.vulnId);
    const result = byId.get(req.vulnId);
    out.push({
      req,
      result: result ?? { vulnId: req.vulnId, status: 'not_reviewed', rules: [], findings: [], totalFindings: 0, details: NO_RULE, comments: '' },
      missing: !result,
    });
  }
  const unknown = [...byId.keys()].filter((id) => !seen.has(id));
  if (unknown.length)
    throw new Error(`results for requirements that ${benchmark.benchmarkId} V${benchmark.version}R${benchmark.release} does not have: ${unknown.join(', ')}`);
  for (const e of out) {
    if (e.result.totalFindings < e.result.findings.length)
      throw new Error(`${e.req.vulnId}: totalFindings (${e.result.totalFindings}) is less than the findings given (${e.result.findings.length})`);
  }
  return out.sort((a, b) => compareVulnIds(a.req.vulnId, b.req.vulnId));
}

/** One line, whatever the text holds. */
export function oneLine(s: string): string {
  return s.replace(/\r\n|[\r\n\u2028\u2029]/g, ' ');
}

/** `file:line:col resource container — message [rule]` */
export function findingLine(f: EvidenceFinding): string {
  let s = `${f.file}:${f.line}:${f.column}`;
  if (f.resource) s += ` ${f.resource}`;
  if (f.container) s += ` ${f.container}`;
  return oneLine(`${s} — ${f.message} [${f.ruleId}]`);
}

export function moreLine(n: number): string {
  return `… and ${n} more finding${n === 1 ? '' : 's'} (see the JSON or SARIF report)`;
}

/** Lines of the finding details (no line breaks inside a line). */
export function* detailLines(result: RequirementResult): Generator<string> {
  if (result.status === 'open') {
    let listed = 0;
    for (const f of result.findings) {
      if (f.suppressed) continue;
      listed++;
      yield findingLine(f);
    }
    const more = result.totalFindings - result.findings.length;
    if (more > 0) yield moreLine(more);
    else if (!listed && result.details) yield* result.details.split(/\r\n|\r|\n/);
    return;
  }
  if (result.status === 'not_reviewed') return; // the reason is in the comments
  if (result.details) yield* result.details.split(/\r\n|\r|\n/);
}

export function toolName(run: EvidenceRun): string {
  return `${run.tool.name} ${run.tool.version}`;
}

/** Lines of the comments. */
export function* commentLines(entry: Entry, run: EvidenceRun): Generator<string> {
  const { result } = entry;
  const rules = result.rules;
  const tool = `${toolName(run)}, profile ${run.profile}`;
  if (rules.length) yield `Checked by ${toolName(run)} (profile ${run.profile}) with rule${rules.length === 1 ? '' : 's'}: ${rules.join(', ')}.`;
  if (result.status === 'not_reviewed')
    yield oneLine(`${run.tool.name} cannot judge this requirement from files: ${result.details || NO_RULE}${rules.length ? '' : ` (${tool})`}`);
  else if (!rules.length) yield `No ${run.tool.name} rule checks this requirement (${tool}).`;
  const suppressed = result.findings.filter((f) => f.suppressed);
  if (suppressed.length) {
    yield `Suppressed finding${suppressed.length === 1 ? '' : 's'} (${suppressed.length}):`;
    for (const f of suppressed) {
      const reason = f.suppressed!.reason;
      yield `- ${findingLine(f)} — ${reason ? `reason: ${oneLine(reason)}` : 'no reason given'}`;
    }
  }
  if (result.comments) yield* result.comments.split(/\r\n|\r|\n/);
}

/** Joins lines with `\n`, lazily. */
export function* joined(lines: Iterable<string>): Generator<string> {
  let first = true;
  for (const l of lines) {
    yield first ? l : '\n' + l;
    first = false;
  }
}

export const CKL_STATUS: Record<RequirementStatus, string> = {
  open: 'Open',
  not_a_finding: 'NotAFinding',
  not_applicable: 'Not_Applicable',
  not_reviewed: 'Not_Reviewed',
};

/** `SV-254571r918228_rule` -> both forms DISA uses. */
export function ruleIds(ruleId: string): { short: string; src: string } {
  const short = ruleId.replace(/_rule$/, '');
  return { short, src: `${short}_rule` };
}

/** STIG Viewer's `STIGRef`: `<title> :: Version <v>, <release info>` */
export function stigRef(b: ChecklistBenchmark): string {
  return `${b.title} :: Version ${b.version}, ${b.releaseInfo}`;
}

/** STIG Viewer 3's display name: the title without "Security Technical Implementation Guide". */
export function displayName(b: ChecklistBenchmark): string {
  return b.title.replace(/\s*Security Technical Implementation Guide\s*$/i, '').trim() || b.title;
}

/** A name for the target, for titles and stable identifiers. */
export function targetName(input: EvidenceInput): string {
  const t = input.target;
  return t.hostName || t.hostFqdn || t.hostIp || t.webDbSite || '';
}

/** Stable identity of a target (every field that tells targets apart). */
export function targetKey(input: EvidenceInput): string {
  const t = input.target;
  return JSON.stringify([t.hostName ?? '', t.hostIp ?? '', t.hostMac ?? '', t.hostFqdn ?? '', t.webDbSite ?? '', t.webDbInstance ?? '']);
}
