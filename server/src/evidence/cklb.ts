/**
 * `.cklb`: the JSON checklist of DISA STIG Viewer 3, one checklist with one STIG and every
 * requirement of the benchmark. Field names, order and values follow files STIG Viewer 3 saves
 * and DISA's CKLB schema (see README.md in this folder and schemas/cklb.schema.json).
 */
import { commentLines, detailLines, displayName, entries, joined, ruleIds, stigRef, targetKey, targetName, type Entry } from './content';
import { JsonWriter, Sink } from './stream';
import type { EvidenceInput, Write } from './types';
import { uuidFrom } from './uuid';

export const CKLB_VERSION = '1.0';

/** The release tag `V2R4` */
export function releaseTag(b: { version: number; release: number }): string {
  return `V${b.version}R${b.release}`;
}

/** Identifiers of a checklist: the same benchmark release and target give the same UUIDs. */
export function cklbIds(input: EvidenceInput): { checklist: string; stig: string; rule: (vulnId: string) => string } {
  const b = input.benchmark;
  const tag = releaseTag(b);
  const target = targetKey(input);
  return {
    checklist: uuidFrom('cklb', b.benchmarkId, tag, target),
    // STIG Viewer gives a STIG release one UUID, whatever the target
    stig: uuidFrom('cklb-stig', b.benchmarkId, tag),
    rule: (vulnId) => uuidFrom('cklb-rule', b.benchmarkId, tag, vulnId, target),
  };
}

export function cklbTitle(input: EvidenceInput): string {
  const name = targetName(input);
  return `${displayName(input.benchmark)} ${releaseTag(input.benchmark)}${name ? ` - ${name}` : ''}`;
}

function targetData(input: EvidenceInput): Record<string, unknown> {
  const t = input.target;
  return {
    target_type: 'Computing',
    host_name: t.hostName ?? '',
    ip_address: t.hostIp ?? '',
    mac_address: t.hostMac ?? '',
    fqdn: t.hostFqdn ?? '',
    comments: t.targetComment ?? '',
    role: t.role ?? 'None',
    is_web_database: t.webOrDatabase ?? false,
    technology_area: t.techArea ?? '',
    web_db_site: t.webDbSite ?? '',
    web_db_instance: t.webDbInstance ?? '',
    classification: t.marking ?? null,
  };
}

function writeRule(j: JsonWriter, input: EvidenceInput, e: Entry, ids: ReturnType<typeof cklbIds>): void {
  const { req, result } = e;
  const { short, src } = ruleIds(req.ruleId);
  const time = input.run.time;
  j.beginObject()
    .prop('uuid', ids.rule(req.vulnId))
    .prop('stig_uuid', ids.stig)
    .prop('target_key', null)
    .prop('stig_ref', stigRef(input.benchmark))
    .prop('group_id', req.vulnId)
    .prop('group_id_src', req.vulnId)
    .prop('rule_id', short)
    .prop('rule_id_src', src)
    .prop('weight', '10.0')
    .prop('classification', 'Unclassified')
    .prop('severity', req.severity)
    .prop('rule_version', req.stigId)
    .prop('group_title', req.srg)
    .prop('rule_title', req.title)
    .prop('fix_text', req.fixSummary)
    .prop('false_positives', '')
    .prop('false_negatives', '')
    .prop('discussion', req.discussion ?? '')
    .prop('check_content', req.checkSummary)
    .prop('documentable', 'false')
    .prop('mitigations', '')
    .prop('potential_impacts', '')
    .prop('third_party_tools', '')
    .prop('mitigation_control', '')
    .prop('responsibility', '')
    .prop('security_override_guidance', '')
    .prop('ia_controls', '')
    .prop('check_content_ref', { href: '', name: 'M' })
    .prop('legacy_ids', [])
    .prop('ccis', req.ccis)
    .prop('group_tree', [{ id: req.vulnId, title: req.srg, description: '<GroupDescription></GroupDescription>' }])
    .prop('createdAt', time)
    .prop('updatedAt', time)
    .prop('STIGUuid', ids.stig)
    .prop('status', result.status)
    .prop('overrides', {});
  j.key('comments').streamedString(joined(commentLines(e, input.run)));
  j.key('finding_details').streamedString(joined(detailLines(result)));
  j.end();
}

/** Writes the `.cklb` document for `input` through `write`, in chunks. */
export function writeCklb(write: Write, input: EvidenceInput): void {
  const list = entries(input.benchmark, input.results);
  const ids = cklbIds(input);
  const b = input.benchmark;
  const j = new JsonWriter(new Sink(write));
  j.beginObject().prop('title', cklbTitle(input)).prop('id', ids.checklist);
  j.key('stigs')
    .beginArray()
    .beginObject()
    .prop('stig_name', b.title)
    .prop('display_name', displayName(b))
    .prop('stig_id', b.benchmarkId)
    .prop('release_info', b.releaseInfo)
    .prop('version', String(b.version))
    .prop('uuid', ids.stig)
    .prop('reference_identifier', null)
    .prop('size', list.length);
  j.key('rules').beginArray();
  for (const e of list) writeRule(j, input, e, ids);
  j.end().end().end();
  j.prop('active', false).prop('mode', 2).prop('has_path', false).prop('target_data', targetData(input)).prop('cklb_version', CKLB_VERSION);
  j.end().finish();
}

/** The whole `.cklb` as one string (for small inputs and tests). */
export function cklbText(input: EvidenceInput): string {
  const parts: string[] = [];
  writeCklb((c) => parts.push(c), input);
  return parts.join('');
}
