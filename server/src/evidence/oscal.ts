/**
 * OSCAL 1.1.3 `assessment-results` (JSON): one result for the run, an observation for the files
 * checked and one for each violated requirement, and a finding per violated requirement whose
 * target is the STIG requirement (objective-id = V-ID), state not-satisfied. Identifiers are v5
 * UUIDs, so the same input gives the same document. Validated against NIST's published schema
 * (schemas/vendor/oscal/README.md). Decisions where OSCAL leaves room: README.md in this folder.
 */
import { displayName, entries, findingLine, moreLine, oneLine, targetKey, targetName, toolName, type Entry } from './content';
import { releaseTag } from './cklb';
import { JsonWriter, Sink } from './stream';
import type { EvidenceInput, Write } from './types';
import { uuidFrom } from './uuid';

export const OSCAL_VERSION = '1.1.3';
/** Namespace of the props whose names OSCAL does not define. */
export const PODSEC_NS = 'https://podsec.dev/ns/oscal';

interface Prop {
  name: string;
  ns: string;
  value: string;
  class?: string;
}

/**
 * A prop, or nothing when the value is empty: OSCAL prop values are single-line strings without
 * leading or trailing white space.
 */
function prop(name: string, value: string | number, cls?: string): Prop[] {
  const v = oneLine(String(value)).replace(/\s+/g, ' ').trim();
  if (!v) return [];
  return [{ name, ns: PODSEC_NS, value: v, ...(cls ? { class: cls } : {}) }];
}

/** Escapes Markdown (OSCAL markup-line / markup-multiline are Markdown in JSON) in plain text. */
export function md(s: string): string {
  return s.replace(/[\\`*_[\]<>#|~]/g, (c) => '\\' + c);
}

const TOKEN = /^(\p{L}|_)(\p{L}|\p{N}|[.\-_])*$/u;

/** A string as an OSCAL token (letters, digits, `.`, `-`, `_`, starting with a letter or `_`). */
export function token(s: string): string {
  if (TOKEN.test(s)) return s;
  const t = s.replace(/[^\p{L}\p{N}._-]/gu, '_');
  return TOKEN.test(t) ? t : `_${t}`;
}

/**
 * A NIST SP 800-53 reference as DISA writes it (`AC-6 (9)`, `CM-6 b`, `IA-5 (1) (c)`, `SI-4 a 1`)
 * as the control id of NIST's OSCAL SP 800-53 catalog (`ac-6.9`, `cm-6`, `ia-5.1`, `si-4`) and
 * the statement (`cm-6_smt.b`, `ia-5.1_smt.c`, `si-4_smt.a.1`), or undefined when it does not
 * look like one.
 */
export function nistControl(ref: string): { controlId: string; statementId?: string } | undefined {
  const m = /^\s*([A-Za-z]{2})-(\d+)\s*(?:\(\s*(\d+)\s*\))?\s*(?:\(?\s*([a-z])\s*\)?)?\s*(?:\(?\s*(\d+)\s*\)?)?\s*$/.exec(ref);
  if (!m || (m[5] && !m[4])) return undefined;
  const controlId = `${m[1].toLowerCase()}-${Number(m[2])}${m[3] ? `.${Number(m[3])}` : ''}`;
  if (!m[4]) return { controlId };
  return { controlId, statementId: `${controlId}_smt.${m[4]}${m[5] ? `.${Number(m[5])}` : ''}` };
}

/** Relative path as a URI reference (each segment percent-encoded). */
export function fileHref(file: string): string {
  return file.split('/').map(encodeURIComponent).join('/') || './';
}

export function oscalIds(input: EvidenceInput) {
  const b = input.benchmark;
  const tag = releaseTag(b);
  const target = targetKey(input);
  const id = (...parts: string[]) => uuidFrom('oscal', b.benchmarkId, tag, target, ...parts);
  return {
    document: id('assessment-results'),
    // each run is a new set of results
    result: id('result', input.run.time),
    plan: id('assessment-plan', input.run.profile),
    targetResource: id('target'),
    benchmarkResource: uuidFrom('oscal', b.benchmarkId, tag, 'benchmark'),
    filesObservation: id('observation', 'files'),
    requirementObservation: (vulnId: string) => id('observation', vulnId),
    finding: (vulnId: string) => id('finding', vulnId),
  };
}

type Ids = ReturnType<typeof oscalIds>;

function requirementProps(e: Entry): Prop[] {
  const r = e.req;
  return [
    ...prop('vuln-id', r.vulnId),
    ...prop('stig-id', r.stigId),
    ...prop('rule-id', r.ruleId),
    ...prop('srg-id', r.srg),
    ...r.ccis.flatMap((c) => prop('cci', c)),
    ...(r.nist ?? []).flatMap((n) => prop('nist-800-53', n)),
    ...prop('severity', r.severity),
    ...prop('status', e.result.status),
    ...e.result.rules.flatMap((rule) => prop('podsec-rule', rule)),
  ];
}

function subjects(input: EvidenceInput, ids: Ids) {
  return [{ 'subject-uuid': ids.targetResource, type: 'resource', title: targetName(input) || 'the configuration podsec checked' }];
}

function writeFilesObservation(j: JsonWriter, input: EvidenceInput, ids: Ids, collected: string): void {
  const run = input.run;
  const b = input.benchmark;
  j.beginObject()
    .prop('uuid', ids.filesObservation)
    .prop('title', `Files checked by ${run.tool.name}`)
    .prop(
      'description',
      md(
        `${toolName(run)} checked ${run.files.length} file${run.files.length === 1 ? '' : 's'} (${run.objects} object${run.objects === 1 ? '' : 's'}) with profile ${run.profile} against ${b.title} ${releaseTag(b)}, by static analysis of the files' text.`,
      ),
    )
    .prop('props', [...prop('tool', toolName(run)), ...prop('profile', run.profile), ...prop('files', run.files.length), ...prop('objects', run.objects)])
    .prop('methods', ['TEST'])
    .prop('types', ['control-objective'])
    .prop('subjects', subjects(input, ids));
  if (run.files.length) {
    j.key('relevant-evidence').beginArray();
    for (const f of run.files) j.value({ href: fileHref(f), description: md(`Checked file ${f}`) });
    j.end();
  }
  j.prop('collected', collected).end();
}

function writeRequirementObservation(j: JsonWriter, input: EvidenceInput, ids: Ids, e: Entry, collected: string): void {
  const { req, result } = e;
  const listed = result.findings.filter((f) => !f.suppressed);
  j.beginObject()
    .prop('uuid', ids.requirementObservation(req.vulnId))
    .prop('title', md(`${req.vulnId}: ${result.totalFindings} finding${result.totalFindings === 1 ? '' : 's'}`));
  j.key('description').beginString();
  if (!listed.length) j.stringPart(md(oneLine(result.details || `${input.run.tool.name} reported this requirement open.`)));
  let first = true;
  for (const f of listed) {
    j.stringPart(`${first ? '' : '\n'}- ${md(findingLine(f))}`);
    first = false;
  }
  const more = result.totalFindings - result.findings.length;
  if (more > 0) j.stringPart(`\n\n${md(moreLine(more))}`);
  const suppressed = result.findings.filter((f) => f.suppressed);
  if (suppressed.length) {
    j.stringPart(`\n\nSuppressed (${suppressed.length}):`);
    for (const f of suppressed)
      j.stringPart(`\n- ${md(`${findingLine(f)} — ${f.suppressed!.reason ? `reason: ${oneLine(f.suppressed!.reason)}` : 'no reason given'}`)}`);
  }
  j.endString();
  j.prop('props', requirementProps(e)).prop('methods', ['TEST']).prop('types', ['finding']).prop('subjects', subjects(input, ids));
  const files = [...new Set(listed.map((f) => f.file))];
  if (files.length) {
    j.key('relevant-evidence').beginArray();
    for (const f of files) j.value({ href: fileHref(f), description: md(`Findings for ${req.vulnId} in ${f}`) });
    j.end();
  }
  j.prop('collected', collected).end();
}

function writeFinding(j: JsonWriter, input: EvidenceInput, ids: Ids, e: Entry): void {
  const { req, result } = e;
  const suppressed = result.findings.filter((f) => f.suppressed).length;
  j.beginObject()
    .prop('uuid', ids.finding(req.vulnId))
    .prop('title', md(`${req.vulnId} (${req.stigId}): ${req.title}`))
    .prop(
      'description',
      md(
        `${toolName(input.run)} reported ${result.totalFindings} finding${result.totalFindings === 1 ? '' : 's'} for ${req.vulnId} (${req.stigId}, ${req.srg}, CAT ${req.severity === 'high' ? 'I' : req.severity === 'medium' ? 'II' : 'III'})` +
          (result.rules.length ? ` with rule${result.rules.length === 1 ? '' : 's'} ${result.rules.join(', ')}` : '') +
          (suppressed ? `; ${suppressed} of the findings listed ${suppressed === 1 ? 'is' : 'are'} suppressed` : '') +
          '.',
      ),
    )
    .prop('props', requirementProps(e))
    .prop('target', {
      type: 'objective-id',
      'target-id': token(req.vulnId),
      title: md(req.title),
      status: { state: 'not-satisfied', reason: 'fail' },
    })
    .prop('related-observations', [{ 'observation-uuid': ids.filesObservation }, { 'observation-uuid': ids.requirementObservation(req.vulnId) }]);
  if (result.comments) j.prop('remarks', md(result.comments));
  j.end();
}

function reviewedControls(list: Entry[], input: EvidenceInput) {
  const controls = new Map<string, Set<string>>();
  for (const e of list) {
    for (const ref of e.req.nist ?? []) {
      const c = nistControl(ref);
      if (!c) continue;
      const set = controls.get(c.controlId) ?? new Set<string>();
      if (c.statementId) set.add(c.statementId);
      controls.set(c.controlId, set);
    }
  }
  const srgs = [...new Set(list.map((e) => e.req.srg).filter(Boolean))].sort();
  const ccis = [...new Set(list.flatMap((e) => e.req.ccis))].sort();
  const include = [...controls.keys()].sort().map((id) => {
    const statements = [...controls.get(id)!].sort();
    return statements.length ? { 'control-id': token(id), 'statement-ids': statements.map(token) } : { 'control-id': token(id) };
  });
  const b = input.benchmark;
  return {
    'control-selections': [
      {
        description: md(
          `The requirements of ${b.title} ${releaseTag(b)}, through their SRG and CCI references` +
            (include.length
              ? '; the controls listed are the NIST SP 800-53 controls those CCIs map to.'
              : '; the benchmark gives no NIST SP 800-53 mapping, so the CCIs are listed as props.'),
        ),
        props: [...srgs.flatMap((s) => prop('srg-id', s)), ...ccis.flatMap((c) => prop('cci', c))],
        ...(include.length ? { 'include-controls': include } : {}),
      },
    ],
  };
}

function backMatter(input: EvidenceInput, ids: Ids) {
  const { run, benchmark: b, target: t } = input;
  const targetProps = [
    ...prop('host-name', t.hostName ?? ''),
    ...prop('ip-address', t.hostIp ?? ''),
    ...prop('mac-address', t.hostMac ?? ''),
    ...prop('fqdn', t.hostFqdn ?? ''),
    ...prop('role', t.role ?? ''),
    ...prop('technology-area', t.techArea ?? ''),
    ...prop('web-db-site', t.webDbSite ?? ''),
    ...prop('web-db-instance', t.webDbInstance ?? ''),
    ...prop('marking', t.marking ?? ''),
  ];
  return {
    resources: [
      {
        uuid: ids.plan,
        title: `${run.tool.name} assessment plan: ${displayName(b)} ${releaseTag(b)}, profile ${run.profile}`,
        description: md(
          `${run.tool.name} publishes no separate OSCAL assessment plan; this is the plan it follows. ${toolName(run)} reads Kubernetes manifests and RKE2/Kubernetes node configuration files (it runs nothing and contacts no cluster) and checks every object in them with the rules of profile ${run.profile}. A requirement with a violation is open; one whose rules found nothing is not a finding; requirements ${run.tool.name} cannot judge from files are not reviewed and need an assessor.`,
        ),
        props: [...prop('tool', toolName(run)), ...prop('profile', run.profile)],
      },
      {
        uuid: ids.targetResource,
        title: targetName(input) || 'Target',
        description: md(t.targetComment || `The configuration files ${run.tool.name} checked.`),
        ...(targetProps.length ? { props: targetProps } : {}),
      },
      {
        uuid: ids.benchmarkResource,
        title: b.title,
        description: md(`${b.benchmarkId} ${releaseTag(b)}, ${b.releaseInfo}`),
        props: [
          ...prop('benchmark-id', b.benchmarkId),
          ...prop('version', b.version),
          ...prop('release', b.release),
          ...prop('release-info', b.releaseInfo),
          ...prop('benchmark-date', b.date),
        ],
      },
    ],
  };
}

/** Writes the OSCAL assessment-results document for `input` through `write`, in chunks. */
export function writeOscal(write: Write, input: EvidenceInput): void {
  const list = entries(input.benchmark, input.results);
  const ids = oscalIds(input);
  const { run, benchmark: b } = input;
  const end = run.end ?? run.time;
  const name = targetName(input);
  const open = list.filter((e) => e.result.status === 'open');
  const count = (s: string) => list.filter((e) => e.result.status === s).length;
  const j = new JsonWriter(new Sink(write));
  j.beginObject().key('assessment-results').beginObject().prop('uuid', ids.document);
  j.prop('metadata', {
    title: md(`${run.tool.name} assessment results: ${displayName(b)} ${releaseTag(b)}${name ? ` - ${name}` : ''}`),
    'last-modified': end,
    version: `${releaseTag(b)}-${run.tool.name}-${run.tool.version}`.replace(/\s+/g, '_'),
    'oscal-version': OSCAL_VERSION,
    props: [...prop('tool', toolName(run)), ...prop('benchmark-id', b.benchmarkId), ...prop('benchmark-release', releaseTag(b))],
  });
  j.prop('import-ap', { href: `#${ids.plan}`, remarks: md(`The plan is described in the back-matter resource ${ids.plan}.`) });
  j.key('results')
    .beginArray()
    .beginObject()
    .prop('uuid', ids.result)
    .prop('title', md(`${toolName(run)}: ${b.title} ${releaseTag(b)}`))
    .prop(
      'description',
      md(
        `Static analysis of ${run.files.length} file${run.files.length === 1 ? '' : 's'} with profile ${run.profile}: ${count('open')} open, ${count('not_a_finding')} not a finding, ${count('not_applicable')} not applicable, ${count('not_reviewed')} not reviewed of ${list.length} requirements.`,
      ),
    )
    .prop('start', run.time)
    .prop('end', end)
    .prop('props', [
      ...prop('open', count('open')),
      ...prop('not-a-finding', count('not_a_finding')),
      ...prop('not-applicable', count('not_applicable')),
      ...prop('not-reviewed', count('not_reviewed')),
    ])
    .prop('reviewed-controls', reviewedControls(list, input));
  j.key('observations').beginArray();
  writeFilesObservation(j, input, ids, end);
  for (const e of open) writeRequirementObservation(j, input, ids, e, end);
  j.end();
  if (open.length) {
    j.key('findings').beginArray();
    for (const e of open) writeFinding(j, input, ids, e);
    j.end();
  }
  j.end().end();
  j.prop('back-matter', backMatter(input, ids));
  j.end().end().finish();
}

/** The whole document as one string (for small inputs and tests). */
export function oscalText(input: EvidenceInput): string {
  const parts: string[] = [];
  writeOscal((c) => parts.push(c), input);
  return parts.join('');
}
