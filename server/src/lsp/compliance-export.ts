/**
 * "Export STIG Checklist…" (`EXPORT_CHECKLIST_REQUEST`): the `.cklb` of the workspace for the
 * active profile's STIG, written by the same evidence writer as the CLI (evidence/cklb.ts) from
 * the verdicts compliance-state.ts holds, once every file is analysed. The file is streamed to a
 * temporary name beside the target and then moved into place, so a failed export leaves no half
 * checklist.
 */
import { closeSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { CancellationToken } from 'vscode-languageserver/node';
import type { ComplianceStatus, ExportChecklistParams, ExportChecklistResult } from '../../../shared/protocol';
import { releaseTag, writeCklb } from '../evidence/cklb';
import { CHECKLIST_PROFILES, stigOfProfile } from '../evidence/results';
import type { EvidenceInput, TargetData } from '../evidence/types';
import { errorText } from '../node/errors';
import { requirementResults } from './compliance-files';
import type { ComplianceState } from './compliance-state';
import { VERSION } from './context';

/** Findings per requirement in the checklist's details (the others are counted). */
const MAX_IN_CHECKLIST = 100;

export async function exportChecklist(state: ComplianceState, params: ExportChecklistParams, token?: CancellationToken): Promise<ExportChecklistResult> {
  const { rules, stig } = await state.profile();
  if (!stig) {
    const list = CHECKLIST_PROFILES.map((p) => `${p} (${stigOfProfile(p)!.benchmark.title})`).join(' or ');
    return { written: false, message: `The profile ${rules.profile} has no STIG checklist: set the profile to ${list}.` };
  }
  if (!state.index.folders().length) return { written: false, message: 'Open a folder first: the checklist covers the workspace folders.' };
  let file: string;
  try {
    file = fileURLToPath(String(params?.uri ?? ''));
  } catch {
    return { written: false, message: `Not a file to write: ${String(params?.uri)}` };
  }
  await state.whenSettled(token);
  if (token?.isCancellationRequested) return { written: false, message: 'Cancelled.' };
  const builder = requirementResults(state.files(), stig, rules, MAX_IN_CHECKLIST);
  const results = builder.results();
  const counts: Record<ComplianceStatus, number> = { open: 0, not_a_finding: 0, not_applicable: 0, not_reviewed: 0 };
  for (const r of results) counts[r.status]++;
  const input: EvidenceInput = {
    benchmark: stig.benchmark,
    results,
    target: targetOf(params?.target),
    run: {
      tool: { name: 'podsec', version: VERSION },
      time: new Date().toISOString(),
      profile: rules.profile,
      files: [...builder.files],
      objects: builder.objects,
    },
  };
  try {
    writeStreamed(file, (write) => writeCklb(write, input));
  } catch (e) {
    return { written: false, message: `Cannot write ${file}: ${errorText(e)}` };
  }
  const b = stig.benchmark;
  return {
    written: true,
    message: `Wrote ${path.basename(file)}: ${b.title} ${releaseTag(b)}, ${counts.open} open, ${counts.not_a_finding} not a finding, ${counts.not_reviewed} not reviewed (${builder.files.length} files, ${builder.objects} objects).`,
    counts,
  };
}

/** The target data the client gave, trimmed; what it left out stays out (nothing is guessed). */
function targetOf(t: ExportChecklistParams['target'] | undefined): TargetData {
  const out: TargetData = {};
  if (!t || typeof t !== 'object') return out;
  for (const key of ['hostName', 'hostIp', 'hostMac', 'hostFqdn', 'targetComment', 'techArea', 'marking'] as const) {
    const v: unknown = t[key];
    if (typeof v === 'string' && v.trim()) out[key] = v.trim();
  }
  return out;
}

/**
 * Write a file from a streaming writer (chunks of at most 16K characters, written as they come,
 * so the document is never whole in memory), to a temporary name first, then into place.
 */
function writeStreamed(file: string, produce: (write: (chunk: string) => void) => void): void {
  const tmp = path.join(path.dirname(file), `.${path.basename(file)}.podsec-${process.pid}.tmp`);
  const fd = openSync(tmp, 'w');
  try {
    produce((chunk) => writeSync(fd, chunk, null, 'utf8'));
    closeSync(fd);
    renameSync(tmp, file);
  } catch (e) {
    try {
      closeSync(fd);
    } catch {
      /* closed already */
    }
    rmSync(tmp, { force: true });
    throw e;
  }
}
