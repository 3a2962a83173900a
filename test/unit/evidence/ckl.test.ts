/**
 * `.ckl` (STIG Viewer 2): every output passes the structural check of ckl-structure.ts (element
 * order and enumerations from checklists STIG Viewer 2 saved and the checklist XSD; sources
 * there), carries the same content as the `.cklb`, and escapes XML correctly, including the
 * characters XML 1.0 forbids.
 */
import * as assert from 'node:assert/strict';
import { cklbText } from '../../../server/src/evidence/cklb';
import { cklText, writeCkl } from '../../../server/src/evidence/ckl';
import type { EvidenceInput } from '../../../server/src/evidence/types';
import { xmlText } from '../../../server/src/evidence/xml';
import { checkCkl } from './ckl-structure';
import { capped, HOSTILE, hostile, input, noFindings } from './fixture';
import { run } from './helpers';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;

const STATUS: Record<string, string> = { open: 'Open', not_a_finding: 'NotAFinding', not_applicable: 'Not_Applicable', not_reviewed: 'Not_Reviewed' };

/** What the reader gets back for text the writer escaped: forbidden characters become \uXXXX. */
function visible(s: string): string {
  /* eslint-disable no-control-regex -- the characters the writer escapes */
  return s.replace(
    /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g,
    (c) => '\\u' + c.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0'),
  );
  /* eslint-enable no-control-regex */
}

function sameContent(inp: EvidenceInput): void {
  const ckl = checkCkl(cklText(inp));
  const cklb: Json = JSON.parse(cklbText(inp));
  assert.equal(ckl.stigs.length, 1);
  const stig = ckl.stigs[0];
  const s = cklb.stigs[0];
  assert.equal(stig.info.stigid, s.stig_id);
  assert.equal(stig.info.title, s.stig_name);
  assert.equal(stig.info.releaseinfo, s.release_info);
  assert.equal(stig.info.version, s.version);
  assert.equal(stig.info.uuid, s.uuid);
  assert.equal(stig.vulns.length, s.rules.length);
  stig.vulns.forEach((v, i) => {
    const r = s.rules[i];
    const id = r.group_id;
    assert.equal(v.get('Vuln_Num'), id);
    assert.equal(v.get('Rule_ID'), r.rule_id_src, id);
    assert.equal(v.get('Rule_Ver'), r.rule_version, id);
    assert.equal(v.get('Rule_Title'), r.rule_title, id);
    assert.equal(v.get('Group_Title'), r.group_title, id);
    assert.equal(v.get('Severity'), r.severity, id);
    assert.equal(v.get('Check_Content'), r.check_content, id);
    assert.equal(v.get('Fix_Text'), r.fix_text, id);
    assert.equal(v.get('STIG_UUID'), s.uuid, id);
    assert.equal(v.get('STIGRef'), r.stig_ref, id);
    assert.deepEqual(v.all('CCI_REF'), r.ccis, id);
    assert.equal(v.status, STATUS[r.status], id);
    assert.equal(v.findingDetails, visible(r.finding_details), id);
    assert.equal(v.comments, visible(r.comments), id);
  });
  const t = cklb.target_data;
  assert.equal(ckl.asset.HOST_NAME, visible(t.host_name));
  assert.equal(ckl.asset.HOST_FQDN, t.fqdn);
  assert.equal(ckl.asset.ROLE, t.role);
  assert.equal(ckl.asset.TARGET_COMMENT, visible(t.comments));
  assert.equal(ckl.asset.MARKING, t.classification ?? undefined);
}

describe('evidence: .ckl writer', () => {
  it('passes the structural check and says what the .cklb says, for every status and edge case', () => {
    for (const inp of [input(), noFindings(), hostile(), capped(250, 10), input({ target: {} })]) sameContent(inp);
  });

  it('starts as STIG Viewer 2 files do, and names podsec in a second comment', () => {
    const text = cklText(input());
    assert.ok(
      text.startsWith(
        '<?xml version="1.0" encoding="UTF-8"?>\n<!--DISA STIG Viewer :: 2.18-->\n<!--written by podsec 0.1.0-->\n<CHECKLIST>\n\t<ASSET>\n\t\t<ROLE>Member Server</ROLE>\n',
      ),
    );
  });

  it('the structural check is not vacuous', () => {
    const good = cklText(input());
    const broken: Array<[string, string, RegExp]> = [
      [
        'elements swapped',
        good.replace('<HOST_IP></HOST_IP>\n\t\t<HOST_MAC></HOST_MAC>', '<HOST_MAC></HOST_MAC>\n\t\t<HOST_IP></HOST_IP>'),
        /expected <HOST_IP>/,
      ],
      ['a status in cklb spelling', good.replace('<STATUS>Open</STATUS>', '<STATUS>open</STATUS>'), /"open" is not one of/],
      ['no COMMENTS', good.replace(/<COMMENTS>[^<]*<\/COMMENTS>/, ''), /expected <COMMENTS>/],
      ['attribute order', good.replace('<VULN_ATTRIBUTE>Rule_Ver</VULN_ATTRIBUTE>', '<VULN_ATTRIBUTE>Rule_Title</VULN_ATTRIBUTE>'), /VULN_ATTRIBUTE order/],
      ['unescaped &', good.replace('Checked by', 'Checked & by'), /not well-formed/],
      ['a control character', good.replace('Checked by', 'Checked \u0001by'), /not well-formed|not allowed in XML 1.0/],
      ['not STIG Viewer', good.replace('DISA STIG Viewer :: 2.18', 'something'), /first comment/],
    ];
    for (const [what, text, error] of broken) assert.throws(() => checkCkl(text), error, what);
  });

  it('escapes markup and keeps every character a reader can get back', () => {
    const text = cklText(hostile());
    // eslint-disable-next-line no-control-regex
    assert.ok(!/[\u0001\u0008\u000B\u000C\u001F\uFFFE\uFFFF]/.test(text), 'no character XML 1.0 forbids');
    assert.ok(text.includes('a &lt; b &amp;&amp; c &gt; d ]]&gt;'));
    assert.ok(text.includes('tab\there&#13;\nCRLF&#13;CR'), 'carriage returns survive line-end normalisation as &#13;');
    const details = checkCkl(text).stigs[0].vulns.find((v) => v.get('Vuln_Num') === 'V-254569')!.findingDetails;
    // line breaks are the writer's \n; everything else comes back, forbidden characters as \uXXXX
    assert.equal(details, visible(HOSTILE.split(/\r\n|\r|\n/).join('\n')));
    assert.ok(details.includes('\\u0001\\u0008\\u000B\\u000C\\u001F\\uFFFE\\uFFFF \\uD800 tab\there'));
    assert.ok(details.includes('é 中文 🚀 <![CDATA[x]]> <!-- c --> &amp;'));
  });

  it('xmlText keeps a CR that is part of the text and the surrogate pairs', () => {
    assert.equal(xmlText('a\r\nb'), 'a&#13;\nb');
    assert.equal(xmlText('🚀\uDC00'), '🚀\\uDC00');
  });

  it('refuses a TECH_AREA STIG Viewer does not accept', () => {
    assert.throws(() => cklText(input({ target: { techArea: 'Kubernetes' } })), /TECH_AREA "Kubernetes" is not one STIG Viewer accepts/);
    assert.doesNotThrow(() => checkCkl(cklText(input({ target: { techArea: 'UNIX OS' } }))));
  });

  it('streams: the chunks make the same text as the one-string form', () => {
    const out = run(writeCkl, capped(3000, 3000));
    assert.ok(out.chunks.length >= 2, `${out.chunks.length} chunks`);
    assert.equal(out.text, cklText(capped(3000, 3000)));
  });
});
