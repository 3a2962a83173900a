/**
 * Merging checklists of the same STIG release, for example one per cluster or per repository,
 * into one: `mergeCklb` for STIG Viewer 3 `.cklb` (JSON), `mergeCkl` for STIG Viewer 2 `.ckl`
 * (XML). Checklists from other tools are accepted; fields podsec does not know are kept from the
 * first checklist.
 *
 * Per requirement the merged status is the worse one, in this order:
 *
 *   open > not_reviewed > not_a_finding > not_applicable
 *
 * - `open` first: one target with a violation makes the requirement open for the whole.
 * - `not_reviewed` before `not_a_finding`: a requirement nobody judged on one target may hide a
 *   violation there, so a pass elsewhere must not close it.
 * - `not_a_finding` before `not_applicable`: a requirement that applies to one target (and passes)
 *   applies to the whole; "not applicable" holds only when it applies to none.
 *
 * The finding details and comments of every checklist are kept, each block labelled with its
 * source: the label given, else the target's host name, else the checklist title, else its
 * position. The first checklist's target data is kept; the others are listed in its comments.
 * Checklists of different STIGs or releases are refused.
 */
import { CKL_STATUS } from './content';
import type { RequirementStatus } from './types';
import { uuidFrom } from './uuid';
import { child, elements, parseXml, textOf, xmlText, type XmlElement, type XmlNode } from './xml';

export interface ChecklistSource {
  /** how the merged details name this checklist (a file name, say) */
  label?: string;
  text: string;
}

type Input = string | ChecklistSource;

const RANK: Record<RequirementStatus, number> = { open: 3, not_reviewed: 2, not_a_finding: 1, not_applicable: 0 };

/** The worse of the statuses (see the module comment for the order). */
export function worseStatus(statuses: RequirementStatus[]): RequirementStatus {
  let worst: RequirementStatus = 'not_applicable';
  for (const s of statuses) if (RANK[s] > RANK[worst]) worst = s;
  return worst;
}

interface Part {
  label: string;
  status: RequirementStatus;
  details: string;
  comments: string;
}

/** `[label: status]` blocks; a source with nothing to say still shows its status. */
function mergedDetails(parts: Part[]): string {
  if (parts.length === 1) return parts[0].details;
  return parts.map((p) => `[${p.label}: ${p.status}]${p.details ? `\n${p.details}` : ''}`).join('\n\n');
}

function mergedComments(parts: Part[]): string {
  if (parts.length === 1) return parts[0].comments;
  return parts
    .filter((p) => p.comments)
    .map((p) => `[${p.label}]\n${p.comments}`)
    .join('\n\n');
}

function uniqueLabels(labels: string[]): string[] {
  const seen = new Map<string, number>();
  return labels.map((l) => {
    const n = (seen.get(l) ?? 0) + 1;
    seen.set(l, n);
    return n === 1 ? l : `${l} #${n}`;
  });
}

interface StigIdentity {
  id: string;
  release: string;
}

/** Refuses checklists whose STIGs or releases differ. */
function checkSameStigs(labels: string[], stigs: StigIdentity[][]): void {
  const describe = (s: StigIdentity[]) => s.map((x) => x.id).join(', ') || '(no STIG)';
  const first = stigs[0];
  for (let i = 1; i < stigs.length; i++) {
    const ids = (s: StigIdentity[]) => [...s.map((x) => x.id)].sort().join('\n');
    if (ids(stigs[i]) !== ids(first)) {
      throw new Error(`cannot merge checklists of different STIGs: "${labels[0]}" has ${describe(first)}, "${labels[i]}" has ${describe(stigs[i])}`);
    }
    for (const s of stigs[i]) {
      const f = first.find((x) => x.id === s.id)!;
      if (f.release !== s.release)
        throw new Error(`cannot merge checklists of different releases of ${s.id}: "${labels[0]}" has ${f.release}, "${labels[i]}" has ${s.release}`);
    }
  }
  const dup = first.find((s, k) => first.findIndex((x) => x.id === s.id) !== k);
  if (dup) throw new Error(`"${labels[0]}" holds ${dup.id} twice`);
}

function sourcesOf(inputs: Input[]): ChecklistSource[] {
  if (!inputs.length) throw new Error('nothing to merge');
  return inputs.map((x) => (typeof x === 'string' ? { text: x } : x));
}

// ---- .cklb ----

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;

const CKLB_STATUSES = new Set<string>(Object.keys(RANK));

function parseCklb(src: ChecklistSource, i: number): { doc: Json; label: string } {
  let doc: Json;
  const name = src.label ?? `checklist ${i + 1}`;
  try {
    doc = JSON.parse(src.text);
  } catch (e) {
    throw new Error(`"${name}" is not JSON: ${(e as Error).message}`, { cause: e });
  }
  if (!doc || typeof doc !== 'object' || !Array.isArray(doc.stigs)) throw new Error(`"${name}" is not a .cklb checklist (no "stigs" array)`);
  for (const s of doc.stigs) {
    if (!s || typeof s.stig_id !== 'string' || !Array.isArray(s.rules)) throw new Error(`"${name}" has a STIG without stig_id or rules`);
    for (const r of s.rules) {
      if (typeof r?.group_id !== 'string') throw new Error(`"${name}": a rule of ${s.stig_id} has no group_id`);
      if (!CKLB_STATUSES.has(r.status))
        throw new Error(`"${name}": ${r.group_id} has status ${JSON.stringify(r.status)}, not one of ${[...CKLB_STATUSES].join(', ')}`);
    }
  }
  const label = src.label ?? (doc.target_data?.host_name || doc.title || `checklist ${i + 1}`);
  return { doc, label: String(label) };
}

function describeTarget(t: Json): string {
  if (!t || typeof t !== 'object') return '';
  return [t.host_name, t.ip_address, t.fqdn].filter((x) => typeof x === 'string' && x).join(', ');
}

function mergedTargetComment(existing: string, labels: string[], targets: string[]): string {
  const others = labels.slice(1).map((l, k) => (targets[k + 1] && targets[k + 1] !== l ? `${l} (${targets[k + 1]})` : l));
  const line = `Merged from ${labels.length} checklists: ${labels[0]} (this target), ${others.join(', ')}.`;
  return existing ? `${existing}\n${line}` : line;
}

/**
 * Merges `.cklb` checklists (JSON text) of the same STIG release into one, returned as JSON text.
 * Throws when the checklists are of different STIGs or releases, or are not checklists.
 */
export function mergeCklb(...inputs: Input[]): string {
  const parsed = sourcesOf(inputs).map(parseCklb);
  const labels = uniqueLabels(parsed.map((p) => p.label));
  const docs = parsed.map((p) => p.doc);
  checkSameStigs(
    labels,
    docs.map((d) => d.stigs.map((s: Json) => ({ id: s.stig_id, release: `version ${s.version ?? '?'}, ${s.release_info}` }))),
  );
  const out: Json = structuredClone(docs[0]);
  if (docs.length === 1) return JSON.stringify(out, null, 2) + '\n';
  for (const stig of out.stigs) {
    const sources = docs.map((d) => d.stigs.find((s: Json) => s.stig_id === stig.stig_id));
    const order: string[] = [];
    const byId = new Map<string, Json[]>();
    sources.forEach((s: Json, k: number) => {
      for (const r of s.rules) {
        if (!byId.has(r.group_id)) {
          byId.set(r.group_id, []);
          order.push(r.group_id);
        }
        const list = byId.get(r.group_id)!;
        list[k] = r;
      }
    });
    stig.rules = order.map((id) => {
      const rules = byId.get(id)!;
      const k0 = rules.findIndex((r) => r);
      const merged: Json = structuredClone(rules[k0]);
      const parts: Part[] = [];
      rules.forEach((r, k) => r && parts.push({ label: labels[k], status: r.status, details: r.finding_details ?? '', comments: r.comments ?? '' }));
      merged.status = worseStatus(parts.map((p) => p.status));
      merged.finding_details = mergedDetails(parts);
      merged.comments = mergedComments(parts);
      const updated = rules
        .filter((r) => r && typeof r.updatedAt === 'string')
        .map((r) => r.updatedAt as string)
        .sort();
      if (updated.length) merged.updatedAt = updated[updated.length - 1];
      return merged;
    });
    if (typeof stig.size === 'number') stig.size = Math.max(stig.size, stig.rules.length);
  }
  out.id = uuidFrom('cklb-merge', ...docs.map((d) => String(d.id ?? '')), ...labels);
  out.title = `${docs[0].title ?? 'checklist'} (merged from ${docs.length} checklists)`;
  out.target_data = out.target_data && typeof out.target_data === 'object' ? out.target_data : {};
  out.target_data.comments = mergedTargetComment(
    typeof out.target_data.comments === 'string' ? out.target_data.comments : '',
    labels,
    docs.map((d) => describeTarget(d.target_data)),
  );
  return JSON.stringify(out, null, 2) + '\n';
}

// ---- .ckl ----

const FROM_CKL: Record<string, RequirementStatus> = Object.fromEntries(Object.entries(CKL_STATUS).map(([k, v]) => [v, k as RequirementStatus]));

interface CklDoc {
  prolog: string[];
  root: XmlElement;
  label: string;
  stigs: Array<{ id: string; release: string; el: XmlElement }>;
}

function stigData(vuln: XmlElement, attr: string): string {
  for (const sd of elements(vuln, 'STIG_DATA')) if (textOf(child(sd, 'VULN_ATTRIBUTE')) === attr) return textOf(child(sd, 'ATTRIBUTE_DATA'));
  return '';
}

function parseCklDoc(src: ChecklistSource, i: number): CklDoc {
  const name = src.label ?? `checklist ${i + 1}`;
  let prolog: string[];
  let root: XmlElement;
  try {
    ({ prolog, root } = parseXml(src.text));
  } catch (e) {
    throw new Error(`"${name}" is not well-formed XML: ${(e as Error).message}`, { cause: e });
  }
  if (root.name !== 'CHECKLIST') throw new Error(`"${name}" is not a .ckl checklist (root <${root.name}>)`);
  const stigsEl = child(root, 'STIGS');
  if (!stigsEl) throw new Error(`"${name}" has no <STIGS>`);
  const stigs = elements(stigsEl, 'iSTIG').map((el) => {
    const info: Record<string, string> = {};
    for (const si of elements(child(el, 'STIG_INFO') ?? { name: '', attrs: {}, children: [] }, 'SI_DATA'))
      info[textOf(child(si, 'SID_NAME'))] = textOf(child(si, 'SID_DATA'));
    if (!info.stigid) throw new Error(`"${name}" has an iSTIG without a stigid`);
    for (const v of elements(el, 'VULN')) {
      const status = textOf(child(v, 'STATUS'));
      if (!(status in FROM_CKL))
        throw new Error(
          `"${name}": ${stigData(v, 'Vuln_Num') || 'a VULN'} has STATUS ${JSON.stringify(status)}, not one of ${Object.keys(FROM_CKL).join(', ')}`,
        );
      if (!stigData(v, 'Vuln_Num')) throw new Error(`"${name}": a VULN of ${info.stigid} has no Vuln_Num`);
    }
    return { id: info.stigid, release: `version ${info.version || '?'}, ${info.releaseinfo}`, el };
  });
  const asset = child(root, 'ASSET');
  const label = src.label ?? (textOf(asset && child(asset, 'HOST_NAME')) || stigs[0]?.id || `checklist ${i + 1}`);
  return { prolog, root, label, stigs };
}

/** Sets the text of `parent`'s child `name`, creating it after `after` (or at the end) if missing. */
function setText(parent: XmlElement, name: string, text: string, after?: string): void {
  let el = child(parent, name);
  if (!el) {
    el = { name, attrs: {}, children: [] };
    const anchor = after ? child(parent, after) : undefined;
    const at = anchor ? parent.children.indexOf(anchor) + 1 : parent.children.length;
    parent.children.splice(at, 0, el);
  }
  el.children = text ? [text] : [];
}

/** Serialises in STIG Viewer's layout: tabs, one element per line, text elements on one line. */
function serialize(el: XmlElement, depth: number, out: string[]): void {
  const pad = '\t'.repeat(depth);
  const attrs = Object.entries(el.attrs)
    .map(([k, v]) => ` ${k}="${xmlText(v).replace(/"/g, '&quot;')}"`)
    .join('');
  const kids = el.children.filter((c): c is XmlElement => typeof c !== 'string');
  if (!kids.length) {
    out.push(`${pad}<${el.name}${attrs}>${xmlText((el.children as XmlNode[]).join(''))}</${el.name}>\n`);
    return;
  }
  out.push(`${pad}<${el.name}${attrs}>\n`);
  for (const k of kids) serialize(k, depth + 1, out);
  out.push(`${pad}</${el.name}>\n`);
}

/**
 * Merges `.ckl` checklists (XML text) of the same STIG release into one, returned as XML text,
 * with the same rules as mergeCklb. Elements and values podsec does not change are kept from the
 * first checklist.
 */
export function mergeCkl(...inputs: Input[]): string {
  const docs = sourcesOf(inputs).map(parseCklDoc);
  const labels = uniqueLabels(docs.map((d) => d.label));
  checkSameStigs(
    labels,
    docs.map((d) => d.stigs.map(({ id, release }) => ({ id, release }))),
  );
  const out = docs[0];
  if (docs.length > 1) {
    for (const stig of out.stigs) {
      const sources = docs.map((d) => d.stigs.find((s) => s.id === stig.id)!.el);
      const byId = new Map<string, XmlElement[]>();
      const order: string[] = [];
      sources.forEach((istig, k) => {
        for (const v of elements(istig, 'VULN')) {
          const id = stigData(v, 'Vuln_Num');
          if (!byId.has(id)) {
            byId.set(id, []);
            order.push(id);
          }
          byId.get(id)![k] = v;
        }
      });
      const merged = order.map((id) => {
        const vulns = byId.get(id)!;
        const parts: Part[] = [];
        vulns.forEach(
          (v, k) =>
            v &&
            parts.push({
              label: labels[k],
              status: FROM_CKL[textOf(child(v, 'STATUS'))],
              details: textOf(child(v, 'FINDING_DETAILS')),
              comments: textOf(child(v, 'COMMENTS')),
            }),
        );
        const v = vulns.find((x) => x)!;
        setText(v, 'STATUS', CKL_STATUS[worseStatus(parts.map((p) => p.status))]);
        setText(v, 'FINDING_DETAILS', mergedDetails(parts), 'STATUS');
        setText(v, 'COMMENTS', mergedComments(parts), 'FINDING_DETAILS');
        return v;
      });
      stig.el.children = [...elements(stig.el).filter((e) => e.name !== 'VULN'), ...merged];
    }
    const asset = child(out.root, 'ASSET');
    if (asset) {
      const targets = docs.map((d) => {
        const a = child(d.root, 'ASSET');
        return a ? [textOf(child(a, 'HOST_NAME')), textOf(child(a, 'HOST_IP')), textOf(child(a, 'HOST_FQDN'))].filter(Boolean).join(', ') : '';
      });
      setText(asset, 'TARGET_COMMENT', mergedTargetComment(textOf(child(asset, 'TARGET_COMMENT')), labels, targets), 'HOST_FQDN');
    }
  }
  const parts: string[] = ['<?xml version="1.0" encoding="UTF-8"?>\n'];
  for (const c of out.prolog) parts.push(`<!--${c}-->\n`);
  serialize(out.root, 0, parts);
  return parts.join('');
}
