/**
 * Suppressions: comments (next line, whole document, one list item or key), annotations on the
 * object or its pod template (optionally per container), reasons, unused and unknown entries,
 * and rules the configuration makes unsuppressible.
 */
import * as assert from 'node:assert/strict';
import { analyzeText } from '../../../server/src/engine/pipeline';
import { resolveRuleSet, type EngineOptions } from '../../../server/src/engine/profiles';
import { parseDirectiveBody } from '../../../server/src/engine/suppress';
import type { Finding } from '../../../server/src/engine/types';
import { y } from '../rule-tester';

const r = (f: { range: Finding['range'] }) => `${f.range.start.line}:${f.range.start.character}-${f.range.end.line}:${f.range.end.character}`;

/** Every finding as "rule line:col-line:col [container] (suppressed by kind: reason)". */
function run(text: string, opts: EngineOptions = {}): string[] {
  return analyzeText(text, resolveRuleSet({ profile: 'baseline', ...opts })).findings.map((f) => {
    let s = `${f.ruleId} ${r(f)}`;
    if (f.container) s += ` ${f.container}`;
    if (f.suppressed) s += ` (suppressed by ${f.suppressed.kind} at ${r(f.suppressed)}: ${f.suppressed.reason ?? 'no reason'})`;
    if (f.ruleId === 'unused-suppression' || f.ruleId === 'suppression-reason') s += ` ${f.severity}: ${f.message}`;
    return s;
  });
}

/** A pod with two privileged containers and the host network; `extra` lines go above `line`. */
function pod(insert: Record<number, string> = {}): string {
  const lines = [
    'apiVersion: v1',
    'kind: Pod',
    'metadata:',
    '  name: web',
    'spec:',
    '  hostNetwork: true',
    '  containers:',
    '  - name: app',
    '    image: nginx',
    '    securityContext:',
    '      privileged: true',
    '  - name: side',
    '    image: envoy',
    '    securityContext:',
    '      privileged: true',
  ];
  const out: string[] = [];
  lines.forEach((l, i) => {
    if (insert[i] !== undefined) out.push(insert[i]);
    out.push(l);
  });
  return out.join('\n') + '\n';
}

describe('suppressions', () => {
  it('without any: every finding stands', () => {
    assert.deepEqual(run(pod()), ['host-namespaces 5:2-5:19', 'privileged 10:6-10:22 app', 'privileged 14:6-14:22 side']);
  });

  it('disable-next-line covers findings that start on the next line, and records the reason', () => {
    assert.deepEqual(run(pod({ 10: '      # podsec-disable-next-line privileged -- tcpdump needs it' })), [
      'host-namespaces 5:2-5:19',
      'privileged 11:6-11:22 app (suppressed by comment at 10:6-10:63: tcpdump needs it)',
      'privileged 15:6-15:22 side',
    ]);
  });

  it('several rules, commas or spaces; a rule with nothing to suppress is reported as unused (info)', () => {
    assert.deepEqual(run(pod({ 5: '  #podsec-disable-next-line host-namespaces,  privileged' })), [
      "unused-suppression 5:2-5:56 info: Unused suppression: no 'privileged' finding here to suppress.",
      'host-namespaces 6:2-6:19 (suppressed by comment at 5:2-5:56: no reason)',
      'privileged 11:6-11:22 app',
      'privileged 15:6-15:22 side',
    ]);
  });

  it('disable at the top of a document covers the whole document', () => {
    assert.deepEqual(run(`# podsec-disable privileged host-namespaces -- lab cluster\n${pod()}`), [
      'host-namespaces 6:2-6:19 (suppressed by comment at 0:0-0:58: lab cluster)',
      'privileged 11:6-11:22 app (suppressed by comment at 0:0-0:58: lab cluster)',
      'privileged 15:6-15:22 side (suppressed by comment at 0:0-0:58: lab cluster)',
    ]);
  });

  it('disable directly above a container covers that container only', () => {
    assert.deepEqual(run(pod({ 11: '  # podsec-disable privileged -- sidecar is audited' })), [
      'host-namespaces 5:2-5:19',
      'privileged 10:6-10:22 app',
      'privileged 15:6-15:22 side (suppressed by comment at 11:2-11:51: sidecar is audited)',
    ]);
  });

  it('disable directly above a key covers what is nested below it', () => {
    assert.deepEqual(run(pod({ 9: '    # podsec-disable privileged' })), [
      'host-namespaces 5:2-5:19',
      'privileged 11:6-11:22 app (suppressed by comment at 9:4-9:31: no reason)',
      'privileged 15:6-15:22 side',
    ]);
  });

  it('not directives: a trailing comment, a longer word, another tool', () => {
    const text = pod({ 10: '      # podsec-disabled privileged\n      # eslint-disable-next-line privileged' }).replace(
      '      privileged: true\n  - name: side',
      '      privileged: true # podsec-disable-next-line privileged\n  - name: side',
    );
    assert.deepEqual(run(text), ['host-namespaces 5:2-5:19', 'privileged 12:6-12:22 app', 'privileged 16:6-16:22 side']);
  });

  it('unknown rules and empty directives are reported', () => {
    assert.deepEqual(run(pod({ 5: '  # podsec-disable-next-line host-namespace -- typo\n  # podsec-disable-next-line' })), [
      "unused-suppression 5:2-5:51 info: Suppression names an unknown rule 'host-namespace'.",
      'unused-suppression 6:2-6:28 info: Suppression names no rule: list the rule ids to suppress.',
      'host-namespaces 7:2-7:19',
      'privileged 12:6-12:22 app',
      'privileged 16:6-16:22 side',
    ]);
  });

  it('a rule that did not run (another profile, or turned off) is not reported as unused', () => {
    const text = pod({ 5: '  # podsec-disable-next-line run-as-non-root host-namespaces' });
    assert.deepEqual(run(text, { rules: { 'host-namespaces': 'off' } }), ['privileged 11:6-11:22 app', 'privileged 15:6-15:22 side']);
  });

  it('reasons can be required: comments and annotations without one are reported', () => {
    const text = pod({ 3: '  annotations:\n    podsec.io/ignore: privileged:side', 5: '  # podsec-disable-next-line host-namespaces' });
    assert.deepEqual(run(text, { suppression: { requireReason: true } }), [
      'suppression-reason 4:4-4:37 info: Annotation podsec.io/ignore has no reason: add podsec.io/ignore-reason.',
      'suppression-reason 7:2-7:44 info: Suppression has no reason: add "-- <why this is acceptable>".',
      'host-namespaces 8:2-8:19 (suppressed by comment at 7:2-7:44: no reason)',
      'privileged 13:6-13:22 app',
      'privileged 17:6-17:22 side (suppressed by annotation at 4:4-4:37: no reason)',
    ]);
  });

  it('annotations on the object, with a reason, and per container', () => {
    const text = pod({
      3: '  annotations:\n    podsec.io/ignore: "host-namespaces, privileged:app, privileged:ghost"\n    podsec.io/ignore-reason: VPN gateway',
    });
    assert.deepEqual(run(text), [
      "unused-suppression 4:4-4:73 info: Unused suppression: no 'privileged' finding in container 'ghost' in this object.",
      'host-namespaces 8:2-8:19 (suppressed by annotation at 4:4-4:73: VPN gateway)',
      'privileged 13:6-13:22 app (suppressed by annotation at 4:4-4:73: VPN gateway)',
      'privileged 17:6-17:22 side',
    ]);
  });

  it('annotations on the pod template of a workload and of a CronJob', () => {
    const deployment = y`
      apiVersion: apps/v1
      kind: Deployment
      metadata:
        name: web
      spec:
        template:
          metadata:
            annotations:
              podsec.io/ignore: privileged
          spec:
            containers:
            - {name: app, image: nginx, securityContext: {privileged: true}}
    `;
    assert.deepEqual(run(deployment), ['privileged 11:52-11:68 app (suppressed by annotation at 8:8-8:36: no reason)']);
    const cronJob = y`
      apiVersion: batch/v1
      kind: CronJob
      metadata:
        name: job
      spec:
        schedule: "@daily"
        jobTemplate:
          spec:
            template:
              metadata:
                annotations: {podsec.io/ignore: host-namespaces}
              spec:
                hostPID: true
                containers: [{name: app, image: nginx}]
    `;
    assert.deepEqual(run(cronJob), ['host-namespaces 12:10-12:23 (suppressed by annotation at 10:24-10:57: no reason)']);
  });

  it('an annotation only covers its own object', () => {
    const text = `${pod({ 3: '  annotations: {podsec.io/ignore: privileged}' })}---\n${pod()}`;
    assert.deepEqual(run(text), [
      'host-namespaces 6:2-6:19',
      'privileged 11:6-11:22 app (suppressed by annotation at 3:16-3:44: no reason)',
      'privileged 15:6-15:22 side (suppressed by annotation at 3:16-3:44: no reason)',
      'host-namespaces 22:2-22:19',
      'privileged 27:6-27:22 app',
      'privileged 31:6-31:22 side',
    ]);
  });

  it('a directive in a later document covers that document only', () => {
    const text = `${pod()}---\n# podsec-disable host-namespaces -- second only\n${pod()}`;
    assert.deepEqual(
      run(text).filter((l) => l.startsWith('host-namespaces')),
      ['host-namespaces 5:2-5:19', 'host-namespaces 22:2-22:19 (suppressed by comment at 16:0-16:47: second only)'],
    );
  });

  it('unsuppressible rules ignore comments and annotations, and say so', () => {
    const text = pod({ 3: '  annotations: {podsec.io/ignore: "privileged"}', 10: '      # podsec-disable-next-line privileged -- please' });
    assert.deepEqual(run(text, { suppression: { unsuppressible: ['privileged'] } }), [
      "unused-suppression 3:16-3:46 info: Annotation podsec.io/ignore cannot suppress 'privileged': the configuration makes it unsuppressible.",
      'host-namespaces 6:2-6:19',
      "unused-suppression 11:6-11:53 info: Suppression of 'privileged' has no effect: the configuration makes 'privileged' unsuppressible.",
      'privileged 12:6-12:22 app',
      'privileged 16:6-16:22 side',
    ]);
  });

  it('YAML syntax errors cannot be suppressed', () => {
    const text = '# podsec-disable yaml-syntax\na: [1\n';
    assert.deepEqual(
      run(text).map((l) => l.split(' ')[0]),
      ['unused-suppression', 'yaml-syntax'],
    );
  });

  it('parses the rule list and the reason', () => {
    assert.deepEqual(parseDirectiveBody(' a, b c -- the reason -- really'), { rules: ['a', 'b', 'c'], reason: 'the reason -- really' });
    assert.deepEqual(parseDirectiveBody(' a --'), { rules: ['a'], reason: null });
    assert.deepEqual(parseDirectiveBody(' a-b --no-space'), { rules: ['a-b', '--no-space'], reason: null });
    assert.deepEqual(parseDirectiveBody(''), { rules: [], reason: null });
  });
});
