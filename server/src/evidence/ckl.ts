/**
 * `.ckl`: the XML checklist of DISA STIG Viewer 2, with the same content as the `.cklb`. Element
 * order, the STIG_INFO names and the VULN attribute names follow checklists STIG Viewer 2.14-2.18
 * saves and the checklist XSD (see README.md in this folder).
 */
import { CKL_STATUS, commentLines, detailLines, entries, joined, ruleIds, stigRef, type Entry } from './content';
import { Sink } from './stream';
import { TECH_AREAS, type EvidenceInput, type Write } from './types';
import { cklbIds } from './cklb';
import { xmlText } from './xml';

/** STIG Viewer 2 declares the version that wrote the file; 2.18 writes the MARKING element. */
export const CKL_COMMENT = 'DISA STIG Viewer :: 2.18';

class XmlOut {
  constructor(private readonly sink: Sink) {}

  raw(s: string): void {
    this.sink.push(s);
  }

  /** `<name>text</name>` on its own line */
  el(depth: number, name: string, text: string): void {
    this.sink.push(`${'\t'.repeat(depth)}<${name}>${xmlText(text)}</${name}>\n`);
  }

  /** An element whose text is written piece by piece. */
  streamed(depth: number, name: string, parts: Iterable<string>): void {
    this.sink.push(`${'\t'.repeat(depth)}<${name}>`);
    for (const p of parts) this.sink.push(xmlText(p));
    this.sink.push(`</${name}>\n`);
  }

  open(depth: number, name: string): void {
    this.sink.push(`${'\t'.repeat(depth)}<${name}>\n`);
  }

  close(depth: number, name: string): void {
    this.sink.push(`${'\t'.repeat(depth)}</${name}>\n`);
  }
}

function writeVuln(x: XmlOut, input: EvidenceInput, e: Entry, stigUuid: string): void {
  const { req, result } = e;
  const data = (attr: string, value: string) => {
    x.open(4, 'STIG_DATA');
    x.el(5, 'VULN_ATTRIBUTE', attr);
    x.el(5, 'ATTRIBUTE_DATA', value);
    x.close(4, 'STIG_DATA');
  };
  x.open(3, 'VULN');
  data('Vuln_Num', req.vulnId);
  data('Severity', req.severity);
  data('Group_Title', req.srg);
  data('Rule_ID', ruleIds(req.ruleId).src);
  data('Rule_Ver', req.stigId);
  data('Rule_Title', req.title);
  data('Vuln_Discuss', req.discussion ?? '');
  data('IA_Controls', '');
  data('Check_Content', req.checkSummary);
  data('Fix_Text', req.fixSummary);
  data('False_Positives', '');
  data('False_Negatives', '');
  data('Documentable', 'false');
  data('Mitigations', '');
  data('Potential_Impact', '');
  data('Third_Party_Tools', '');
  data('Mitigation_Control', '');
  data('Responsibility', '');
  data('Security_Override_Guidance', '');
  data('Check_Content_Ref', 'M');
  data('Weight', '10.0');
  data('Class', 'Unclass');
  data('STIGRef', stigRef(input.benchmark));
  data('TargetKey', '');
  data('STIG_UUID', stigUuid);
  for (const cci of req.ccis) data('CCI_REF', cci);
  x.el(4, 'STATUS', CKL_STATUS[result.status]);
  x.streamed(4, 'FINDING_DETAILS', joined(detailLines(result)));
  x.streamed(4, 'COMMENTS', joined(commentLines(e, input.run)));
  x.el(4, 'SEVERITY_OVERRIDE', '');
  x.el(4, 'SEVERITY_JUSTIFICATION', '');
  x.close(3, 'VULN');
}

/** Writes the `.ckl` document for `input` through `write`, in chunks. */
export function writeCkl(write: Write, input: EvidenceInput): void {
  const t = input.target;
  const techArea = t.techArea ?? '';
  if (!TECH_AREAS.includes(techArea)) throw new Error(`TECH_AREA "${techArea}" is not one STIG Viewer accepts: ${TECH_AREAS.filter(Boolean).join(', ')}`);
  const list = entries(input.benchmark, input.results);
  const ids = cklbIds(input);
  const b = input.benchmark;
  const sink = new Sink(write);
  const x = new XmlOut(sink);
  // a second comment names the tool that wrote the file (comments are safe: readers skip them)
  const tool = `${input.run.tool.name} ${input.run.tool.version}`.replace(/[^\w .+:/]/g, '_');
  x.raw(`<?xml version="1.0" encoding="UTF-8"?>\n<!--${CKL_COMMENT}-->\n<!--written by ${tool}-->\n`);
  x.open(0, 'CHECKLIST');
  x.open(1, 'ASSET');
  x.el(2, 'ROLE', t.role ?? 'None');
  x.el(2, 'ASSET_TYPE', 'Computing');
  if (t.marking) x.el(2, 'MARKING', t.marking);
  x.el(2, 'HOST_NAME', t.hostName ?? '');
  x.el(2, 'HOST_IP', t.hostIp ?? '');
  x.el(2, 'HOST_MAC', t.hostMac ?? '');
  x.el(2, 'HOST_FQDN', t.hostFqdn ?? '');
  x.el(2, 'TARGET_COMMENT', t.targetComment ?? '');
  x.el(2, 'TECH_AREA', techArea);
  x.el(2, 'TARGET_KEY', '');
  x.el(2, 'WEB_OR_DATABASE', t.webOrDatabase ? 'true' : 'false');
  x.el(2, 'WEB_DB_SITE', t.webDbSite ?? '');
  x.el(2, 'WEB_DB_INSTANCE', t.webDbInstance ?? '');
  x.close(1, 'ASSET');
  x.open(1, 'STIGS');
  x.open(2, 'iSTIG');
  x.open(3, 'STIG_INFO');
  const info = (name: string, value: string) => {
    x.open(4, 'SI_DATA');
    x.el(5, 'SID_NAME', name);
    if (value) x.el(5, 'SID_DATA', value);
    x.close(4, 'SI_DATA');
  };
  info('version', String(b.version));
  info('classification', 'UNCLASSIFIED');
  info('customname', '');
  info('stigid', b.benchmarkId);
  info('description', '');
  info('filename', '');
  info('releaseinfo', b.releaseInfo);
  info('title', b.title);
  info('uuid', ids.stig);
  info('notice', 'terms-of-use');
  info('source', '');
  x.close(3, 'STIG_INFO');
  for (const e of list) writeVuln(x, input, e, ids.stig);
  x.close(2, 'iSTIG');
  x.close(1, 'STIGS');
  x.close(0, 'CHECKLIST');
  sink.flush();
}

/** The whole `.ckl` as one string (for small inputs and tests). */
export function cklText(input: EvidenceInput): string {
  const parts: string[] = [];
  writeCkl((c) => parts.push(c), input);
  return parts.join('');
}
