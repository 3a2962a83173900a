/**
 * The compliance view's requests (shared/protocol.ts): `COMPLIANCE_REQUEST`, every requirement of
 * the active profile's STIG with its status and count; `COMPLIANCE_FINDINGS_REQUEST`, the findings
 * of one requirement with their places; and `EXPORT_CHECKLIST_REQUEST` (compliance-export.ts).
 * The answers come from what compliance-state.ts holds: no request reads the workspace. When
 * that changes, `ChangeNotifier` sends `COMPLIANCE_CHANGED_NOTIFICATION`, at most every 300 ms.
 */
import type { Connection } from 'vscode-languageserver/node';
import {
  COMPLIANCE_CHANGED_NOTIFICATION,
  COMPLIANCE_FINDINGS_REQUEST,
  COMPLIANCE_REQUEST,
  EXPORT_CHECKLIST_REQUEST,
  type ComplianceFinding,
  type ComplianceFindingsParams,
  type ComplianceFindingsResult,
  type ComplianceResult,
  type ComplianceStatus,
  type ExportChecklistParams,
} from '../../../shared/protocol';
import { RULES_BY_ID } from '../engine/profiles';
import { releaseTag } from '../evidence/cklb';
import { CHECKLIST_PROFILES, requirementsOfRule, stigOfProfile } from '../evidence/results';
import { exportChecklist } from './compliance-export';
import { requirementResults } from './compliance-files';
import type { ComplianceState } from './compliance-state';
import type { ServerContext } from './context';

/** Findings a requirement's children list (`total` counts them all). */
const MAX_LISTED = 500;
/** Changes are announced at most this often. */
const NOTIFY_MS = 300;

/** Answer the compliance requests on a connection. */
export function registerComplianceRequests(connection: Connection, ctx: ServerContext, state: ComplianceState): void {
  connection.onRequest(COMPLIANCE_REQUEST, () => ctx.guardAsync(COMPLIANCE_REQUEST, null, () => compliance(state)));
  connection.onRequest(COMPLIANCE_FINDINGS_REQUEST, (params: ComplianceFindingsParams) =>
    ctx.guardAsync(COMPLIANCE_FINDINGS_REQUEST, { findings: [], total: 0 }, () => findings(state, params)),
  );
  connection.onRequest(EXPORT_CHECKLIST_REQUEST, (params: ExportChecklistParams, token) =>
    ctx.guardAsync(EXPORT_CHECKLIST_REQUEST, { written: false, message: 'podsec failed to write the checklist; see the log.' }, () =>
      exportChecklist(state, params, token),
    ),
  );
}

/** Tells the client, at most every NOTIFY_MS, that the view's results changed. */
export class ChangeNotifier {
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly ctx: ServerContext) {}

  changed(): void {
    if (this.timer || this.ctx.shuttingDown) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      if (!this.ctx.shuttingDown) void this.ctx.connection.sendNotification(COMPLIANCE_CHANGED_NOTIFICATION).catch(() => undefined);
    }, NOTIFY_MS);
  }

  /** Stop the timer (shutdown). */
  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
  }
}

/** The profiles that have a checklist, with their STIG's title. */
export function checklistProfiles(): { profile: string; stig: string }[] {
  return CHECKLIST_PROFILES.map((p) => ({ profile: p, stig: stigOfProfile(p)!.benchmark.title }));
}

async function compliance(state: ComplianceState): Promise<ComplianceResult> {
  const { rules, stig } = await state.profile();
  const counts: Record<ComplianceStatus, number> = { open: 0, not_a_finding: 0, not_applicable: 0, not_reviewed: 0 };
  const base = { profile: rules.profile, checklistProfiles: checklistProfiles(), progress: state.progress(), counts };
  if (!state.index.folders().length) return { ...base, stig: null, state: 'no-workspace', files: 0, objects: 0, requirements: [] };
  if (!stig) return { ...base, stig: null, state: 'ready', files: 0, objects: 0, requirements: [] };
  const builder = requirementResults(state.files(), stig, rules);
  const b = stig.benchmark;
  const byId = new Map(b.requirements.map((q) => [q.vulnId, q]));
  const requirements = builder.results().map((r) => {
    const req = byId.get(r.vulnId)!;
    counts[r.status]++;
    return {
      vulnId: r.vulnId,
      stigId: req.stigId,
      title: req.title,
      severity: req.severity,
      status: r.status,
      count: builder.openCount(r.vulnId),
      rules: r.rules,
      details: r.details,
    };
  });
  return {
    ...base,
    stig: { benchmarkId: b.benchmarkId, title: b.title, release: releaseTag(b), date: b.date },
    state: state.settled() ? 'ready' : 'reading',
    files: builder.files.length,
    objects: builder.objects,
    requirements,
  };
}

async function findings(state: ComplianceState, params: ComplianceFindingsParams): Promise<ComplianceFindingsResult> {
  const { stig } = await state.profile();
  const vulnId = String(params?.vulnId ?? '');
  const out: ComplianceFinding[] = [];
  let total = 0;
  if (!stig) return { findings: out, total };
  const maps = (ruleId: string) => {
    const rule = RULES_BY_ID.get(ruleId);
    return !!rule && requirementsOfRule(rule, stig.framework).includes(vulnId);
  };
  for (const e of state.files()) {
    for (const f of e.findings) {
      if (!maps(f.ruleId)) continue;
      total++;
      if (out.length < MAX_LISTED)
        out.push({
          uri: e.uri,
          range: f.range,
          message: f.message,
          ruleId: f.ruleId,
          resource: f.resource,
          container: f.container,
          suppressed: f.suppressed ? { reason: f.suppressed.reason } : null,
        });
    }
    for (const [ruleId, n] of e.more ?? []) if (maps(ruleId)) total += n;
  }
  return { findings: out, total };
}
