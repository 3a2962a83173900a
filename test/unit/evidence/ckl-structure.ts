/**
 * Structural check of a STIG Viewer 2 checklist (`.ckl`), written independently of the writer.
 *
 * Sources:
 * - element order, SI_DATA names and VULN_ATTRIBUTE order: a checklist saved by STIG Viewer 2.14,
 *   mitre/heimdall2 libs/hdf-converters/sample_jsons/checklist_mapper/sample_input_report/RHEL8V1R3.ckl
 *   (`<!--DISA STIG Viewer :: 2.14-->`), and 2.16+ files, which add MARKING after ASSET_TYPE;
 * - required and optional elements and the enumerations: the checklist XSD as compiled in
 *   mitre/heimdall2 libs/hdf-converters/src/ckl-mapper/jsonixMapping.ts (ASSET: ROLE, ASSET_TYPE,
 *   MARKING?, HOST_NAME, HOST_IP, HOST_MAC, HOST_GUID?, HOST_FQDN, TARGET_COMMENT?, TECH_AREA,
 *   TARGET_KEY, STIG_GUID?, WEB_OR_DATABASE, WEB_DB_SITE, WEB_DB_INSTANCE; VULN: STIG_DATA+, STATUS,
 *   FINDING_DETAILS, COMMENTS, SEVERITY_OVERRIDE, SEVERITY_JUSTIFICATION; SI_DATA: SID_NAME, SID_DATA?).
 *
 * Well-formedness is checked twice: by `sax` in strict mode (a devDependency) and by
 * podsec's own reader, which also refuses characters XML 1.0 forbids.
 */
import * as assert from 'node:assert/strict';
import { child, elements, parseXml, textOf, type XmlElement } from '../../../server/src/evidence/xml';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const sax = require('sax') as { parser(strict: boolean): { onerror: (e: Error) => void; write(s: string): { close(): void } } };

const ORDER: Record<string, string[]> = {
  CHECKLIST: ['ASSET', 'STIGS'],
  ASSET: [
    'ROLE',
    'ASSET_TYPE',
    'MARKING?',
    'HOST_NAME',
    'HOST_IP',
    'HOST_MAC',
    'HOST_GUID?',
    'HOST_FQDN',
    'TARGET_COMMENT?',
    'TECH_AREA',
    'TARGET_KEY',
    'STIG_GUID?',
    'WEB_OR_DATABASE',
    'WEB_DB_SITE',
    'WEB_DB_INSTANCE',
  ],
  STIGS: ['iSTIG+'],
  iSTIG: ['STIG_INFO', 'VULN+'],
  STIG_INFO: ['SI_DATA+'],
  SI_DATA: ['SID_NAME', 'SID_DATA?'],
  VULN: ['STIG_DATA+', 'STATUS', 'FINDING_DETAILS', 'COMMENTS', 'SEVERITY_OVERRIDE', 'SEVERITY_JUSTIFICATION'],
  STIG_DATA: ['VULN_ATTRIBUTE', 'ATTRIBUTE_DATA'],
};

/** SID_NAME values in the order STIG Viewer writes them */
const SID_NAMES = ['version', 'classification', 'customname', 'stigid', 'description', 'filename', 'releaseinfo', 'title', 'uuid', 'notice', 'source'];

/** VULN_ATTRIBUTE names in the order STIG Viewer writes them; the last two repeat */
const ATTRIBUTES = [
  'Vuln_Num',
  'Severity',
  'Group_Title',
  'Rule_ID',
  'Rule_Ver',
  'Rule_Title',
  'Vuln_Discuss',
  'IA_Controls',
  'Check_Content',
  'Fix_Text',
  'False_Positives',
  'False_Negatives',
  'Documentable',
  'Mitigations',
  'Potential_Impact',
  'Third_Party_Tools',
  'Mitigation_Control',
  'Responsibility',
  'Security_Override_Guidance',
  'Check_Content_Ref',
  'Weight',
  'Class',
  'STIGRef',
  'TargetKey',
  'STIG_UUID',
];
const REPEATED = ['LEGACY_ID', 'CCI_REF'];

const ENUMS: Record<string, string[]> = {
  ROLE: ['None', 'Workstation', 'Member Server', 'Domain Controller'],
  ASSET_TYPE: ['Computing', 'Non-Computing'],
  WEB_OR_DATABASE: ['true', 'false'],
  STATUS: ['NotAFinding', 'Open', 'Not_Applicable', 'Not_Reviewed'],
  SEVERITY_OVERRIDE: ['', 'low', 'medium', 'high'],
  TECH_AREA: [
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
  ],
};

export interface CklVuln {
  attributes: Array<[string, string]>;
  get(name: string): string;
  all(name: string): string[];
  status: string;
  findingDetails: string;
  comments: string;
}

export interface CklModel {
  comments: string[];
  asset: Record<string, string>;
  stigs: Array<{ info: Record<string, string>; vulns: CklVuln[] }>;
}

/** Do `names` follow `pattern` (`?` optional, `+` one or more, `*` any number)? */
function matchSequence(parent: string, names: string[], pattern: string[]): void {
  let i = 0;
  for (const p of pattern) {
    const name = p.replace(/[?+*]$/, '');
    const q = p.slice(name.length);
    let n = 0;
    while (i < names.length && names[i] === name) {
      i++;
      n++;
      if (q === '' || q === '?') break;
    }
    if ((q === '' || q === '+') && n === 0)
      throw new Error(`<${parent}>: expected <${name}> at position ${i + 1}, found ${names[i] ? `<${names[i]}>` : 'the end'} (children: ${names.join(', ')})`);
  }
  if (i < names.length) throw new Error(`<${parent}>: unexpected <${names[i]}> at position ${i + 1} (children: ${names.join(', ')})`);
}

function leaf(el: XmlElement): string {
  const text = textOf(el); // throws on element children
  const allowed = ENUMS[el.name];
  if (allowed && !allowed.includes(text)) throw new Error(`<${el.name}> ${JSON.stringify(text)} is not one of ${allowed.join(', ')}`);
  return text;
}

function walk(el: XmlElement): void {
  const pattern = ORDER[el.name];
  if (!pattern) {
    leaf(el);
    return;
  }
  for (const c of el.children) if (typeof c === 'string' && c.trim()) throw new Error(`<${el.name}> holds text ${JSON.stringify(c.trim().slice(0, 40))}`);
  matchSequence(
    el.name,
    elements(el).map((c) => c.name),
    pattern,
  );
  for (const c of elements(el)) walk(c);
}

/** Parses and checks a `.ckl`; throws with the first structural error. */
export function checkCkl(text: string): CklModel {
  assert.ok(text.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n'), 'the XML declaration comes first');
  let saxError: Error | undefined;
  const p = sax.parser(true);
  p.onerror = (e: Error) => {
    saxError ??= e;
    throw e;
  };
  try {
    p.write(text).close();
  } catch (e) {
    saxError ??= e as Error;
  }
  if (saxError) throw new Error(`not well-formed (sax): ${saxError.message}`);
  const doc = parseXml(text);
  if (!/^DISA STIG Viewer :: 2\.\d+$/.test(doc.prolog[0] ?? ''))
    throw new Error(`the first comment must be "DISA STIG Viewer :: 2.x", is ${JSON.stringify(doc.prolog[0])}`);
  if (doc.root.name !== 'CHECKLIST') throw new Error(`the root is <${doc.root.name}>`);
  walk(doc.root);

  const asset: Record<string, string> = {};
  for (const el of elements(child(doc.root, 'ASSET')!)) asset[el.name] = textOf(el);
  const stigs = elements(child(doc.root, 'STIGS')!, 'iSTIG').map((istig) => {
    const info: Record<string, string> = {};
    const names: string[] = [];
    for (const si of elements(child(istig, 'STIG_INFO')!, 'SI_DATA')) {
      const name = textOf(child(si, 'SID_NAME'));
      if (!SID_NAMES.includes(name)) throw new Error(`unknown SID_NAME ${name}`);
      if (name in info) throw new Error(`SID_NAME ${name} twice`);
      names.push(name);
      info[name] = textOf(child(si, 'SID_DATA'));
    }
    const order = names.map((n) => SID_NAMES.indexOf(n));
    if (order.some((v, k) => k > 0 && v < order[k - 1])) throw new Error(`SI_DATA out of order: ${names.join(', ')}`);
    for (const required of ['version', 'stigid', 'releaseinfo', 'title', 'uuid']) if (!info[required]) throw new Error(`STIG_INFO has no ${required}`);
    const vulns = elements(istig, 'VULN').map((v): CklVuln => {
      const attributes = elements(v, 'STIG_DATA').map((sd): [string, string] => [textOf(child(sd, 'VULN_ATTRIBUTE')), textOf(child(sd, 'ATTRIBUTE_DATA'))]);
      const names = attributes.map(([n]) => n);
      const fixed = names.slice(0, ATTRIBUTES.length);
      assert.deepEqual(fixed, ATTRIBUTES, `VULN_ATTRIBUTE order of ${attributes[0]?.[1]}`);
      let k = ATTRIBUTES.length;
      for (const r of REPEATED) while (names[k] === r) k++;
      if (k < names.length) throw new Error(`unexpected VULN_ATTRIBUTE ${names[k]} in ${attributes[0][1]}`);
      const get = (n: string) => attributes.find(([a]) => a === n)?.[1] ?? '';
      if (!/^V-\d+$/.test(get('Vuln_Num'))) throw new Error(`Vuln_Num ${get('Vuln_Num')}`);
      if (!['low', 'medium', 'high'].includes(get('Severity'))) throw new Error(`Severity ${get('Severity')}`);
      if (!/^SV-\d+r\d+_rule$/.test(get('Rule_ID'))) throw new Error(`Rule_ID ${get('Rule_ID')}`);
      return {
        attributes,
        get,
        all: (n) => attributes.filter(([a]) => a === n).map(([, d]) => d),
        status: textOf(child(v, 'STATUS')),
        findingDetails: textOf(child(v, 'FINDING_DETAILS')),
        comments: textOf(child(v, 'COMMENTS')),
      };
    });
    return { info, vulns };
  });
  return { comments: doc.prolog, asset, stigs };
}
