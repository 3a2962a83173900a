/**
 * Go template actions (Helm charts) are masked with same-length filler, so the YAML around them
 * parses and every offset stays exact. Template code draws no YAML errors, literal bad values
 * are still flagged, values produced by templates are unknown, and "required value missing"
 * checks are skipped where a template may produce the block.
 */
import * as assert from 'node:assert/strict';
import { analyzeText } from '../../../server/src/engine/pipeline';
import { applyEdits, findingEdits } from '../../../server/src/engine/fix/apply';
import { maskTemplates } from '../../../server/src/engine/template';
import type { Finding } from '../../../server/src/engine/types';
import { resolveRuleSet } from '../../../server/src/engine/profiles';

const at = (f: Finding) =>
  `${f.ruleId} ${f.range.start.line}:${f.range.start.character}-${f.range.end.line}:${f.range.end.character}${f.container ? ` ${f.container}` : ''}`;

describe('template masking', () => {
  it('leaves text without actions alone', () => {
    const r = maskTemplates('a: 1\n');
    assert.equal(r.text, 'a: 1\n');
    assert.equal(r.mask, undefined);
  });

  it('a value becomes underscores, a line of control flow becomes spaces; the length never changes', () => {
    const text = 'a: {{ .Values.a }}\n{{- if .Values.b }}\nb: x{{ .x }}y\n  {{- end }}\n';
    const { text: masked, mask } = maskTemplates(text);
    assert.equal(masked, `a: ${'_'.repeat(15)}\n${' '.repeat(19)}\nb: x${'_'.repeat(8)}y\n${' '.repeat(12)}\n`);
    assert.equal(masked.length, text.length);
    assert.deepEqual(mask!.actions, [
      { start: 3, end: 18, structural: false, kind: 'output', inScalar: false },
      { start: 19, end: 38, structural: true, kind: 'control', inScalar: false },
      { start: 43, end: 51, structural: false, kind: 'output', inScalar: false },
      { start: 55, end: 65, structural: true, kind: 'control', inScalar: false },
    ]);
  });

  it('an action used as a key is a value (underscores), even at the start of a line', () => {
    const { text, mask } = maskTemplates('{{ .Values.key }}: 1\n');
    assert.equal(text, '_________________: 1\n');
    assert.equal(mask!.actions[0].structural, false);
  });

  it('an action over several lines is structural and keeps its line breaks (CRLF too)', () => {
    const { text, mask } = maskTemplates('a: {{ include "x"\r\n  . }}\r\nb: 1\r\n');
    assert.equal(text, `a:${' '.repeat(15)}\r\n${' '.repeat(6)}\r\nb: 1\r\n`);
    assert.equal(mask!.actions[0].structural, true);
  });

  it('an unclosed action runs to the end of the text (over the line break: structural)', () => {
    const { text, mask } = maskTemplates('a: 1\nb: {{ .oops\n');
    assert.equal(text, `a: 1\nb: ${' '.repeat(8)}\n`);
    assert.deepEqual(mask!.actions, [{ start: 8, end: 17, structural: true, kind: 'output', inScalar: false }]);
  });

  it('overlap queries are exact at the boundaries', () => {
    const { mask } = maskTemplates('ab {{ x }} cd {{ y }}\n{{ if }}\n');
    // actions: [3, 10), [14, 21) values; [22, 30) structural
    assert.equal(mask!.overlaps(0, 3), false);
    assert.equal(mask!.overlaps(2, 4), true);
    assert.equal(mask!.overlaps(9, 10), true);
    assert.equal(mask!.overlaps(10, 14), false);
    assert.equal(mask!.overlaps(3, 3), true, 'an empty query at an action start');
    assert.equal(mask!.overlaps(10, 10), false, 'an empty query at an action end');
    assert.equal(mask!.structuralIn(0, 22), false);
    assert.equal(mask!.structuralIn(0, 23), true);
  });
});

describe('Helm charts', () => {
  const chart = [
    /* 0 */ 'apiVersion: apps/v1',
    /* 1 */ 'kind: Deployment',
    /* 2 */ 'metadata:',
    /* 3 */ '  name: {{ include "web.fullname" . }}',
    /* 4 */ '  labels:',
    /* 5 */ '    {{- include "web.labels" . | nindent 4 }}',
    /* 6 */ 'spec:',
    /* 7 */ '  {{- if not .Values.autoscaling.enabled }}',
    /* 8 */ '  replicas: {{ .Values.replicaCount }}',
    /* 9 */ '  {{- end }}',
    /* 10 */ '  template:',
    /* 11 */ '    spec:',
    /* 12 */ '      hostNetwork: {{ .Values.hostNetwork }}',
    /* 13 */ '      hostPID: true',
    /* 14 */ '      {{- with .Values.podSecurityContext }}',
    /* 15 */ '      securityContext:',
    /* 16 */ '        {{- toYaml . | nindent 8 }}',
    /* 17 */ '      {{- end }}',
    /* 18 */ '      containers:',
    /* 19 */ '      - name: {{ .Chart.Name }}',
    /* 20 */ '        image: "{{ .Values.image.repository }}:{{ .Values.image.tag | default .Chart.AppVersion }}"',
    /* 21 */ '        securityContext:',
    /* 22 */ '          {{- toYaml .Values.securityContext | nindent 12 }}',
    /* 23 */ '          privileged: true',
    /* 24 */ '      - name: sidecar',
    /* 25 */ '        image: envoy',
    /* 26 */ '        securityContext:',
    /* 27 */ '          allowPrivilegeEscalation: {{ .Values.ape }}',
    /* 28 */ '          runAsUser: {{ .Values.uid }}',
    /* 29 */ '          capabilities:',
    /* 30 */ '            drop: [{{ .Values.drop }}]',
    /* 31 */ '            add: [{{ .Values.add }}, SYS_ADMIN]',
    /* 32 */ '        ports:',
    /* 33 */ '        - containerPort: 8080',
    /* 34 */ '          hostPort: {{ .Values.hostPort }}',
    /* 35 */ '      {{- range .Values.extraContainers }}',
    /* 36 */ '      - name: {{ .name }}',
    /* 37 */ '        image: {{ .image }}',
    /* 38 */ '      {{- end }}',
    '',
  ].join('\n');

  it('no YAML errors for template code; literal bad values flagged at their exact place; templated values are unknown', () => {
    const { findings } = analyzeText(chart, resolveRuleSet({}));
    assert.deepEqual(findings.map(at), [
      'host-namespaces 13:6-13:19',
      'privileged 23:10-23:26 {{ .Chart.Name }}',
      'capabilities-restricted 31:37-31:46 sidecar',
      // a container written in a range loop: every container the loop makes lacks the settings
      'allow-privilege-escalation 36:8-36:12 {{ .name }}',
      'capabilities-restricted 36:8-36:12 {{ .name }}',
    ]);
    assert.equal(chart.slice(findings[1].offset[0], findings[1].offset[1]), 'privileged: true');
  });

  it('required checks are skipped exactly where a template action may produce the block', () => {
    // the same chart with its blocks written out: the pod and every container are judged, and
    // they lack the required settings (the sidecar's allowPrivilegeEscalation stays unknown)
    const literal = chart
      .replace(
        '      {{- with .Values.podSecurityContext }}\n      securityContext:\n        {{- toYaml . | nindent 8 }}\n      {{- end }}\n',
        '      securityContext: {}\n',
      )
      .replace('          {{- toYaml .Values.securityContext | nindent 12 }}\n', '')
      .replace('      {{- range .Values.extraContainers }}\n', '')
      .replace('      {{- end }}\n', '');
    assert.equal(literal.split('\n').length, chart.split('\n').length - 6);
    const required = ['run-as-non-root', 'seccomp-restricted', 'allow-privilege-escalation'];
    const count = (text: string) =>
      analyzeText(text, resolveRuleSet({}))
        .findings.filter((f) => required.includes(f.ruleId))
        .map((f) => `${f.ruleId} ${f.container}`);
    // in the chart, a control-flow line between the containers may also write pod-level keys
    // (flush sequences share the column of the pod's keys), so only the range-made container,
    // whose own block no template can extend, is judged
    assert.deepEqual(count(chart), ['allow-privilege-escalation {{ .name }}']);
    assert.deepEqual(count(literal), [
      'allow-privilege-escalation {{ .Chart.Name }}',
      'run-as-non-root {{ .Chart.Name }}',
      'seccomp-restricted {{ .Chart.Name }}',
      // template values in its securityContext add no keys: runAsNonRoot is known to be missing
      'run-as-non-root sidecar',
      'seccomp-restricted sidecar',
      'allow-privilege-escalation {{ .name }}',
      'run-as-non-root {{ .name }}',
      'seccomp-restricted {{ .name }}',
    ]);
  });

  it('a securityContext that is template output, or has a templated key, is open; templated values are not', () => {
    const text = [
      'apiVersion: v1',
      'kind: Pod',
      'metadata: {name: web}',
      'spec:',
      '  securityContext: {runAsNonRoot: true, seccompProfile: {type: RuntimeDefault}}',
      '  containers:',
      '  - name: a',
      '    image: nginx',
      '    securityContext: {{ toYaml .Values.a | nindent 6 }}',
      '  - name: b',
      '    image: nginx',
      '    securityContext:',
      '      {{ .Values.flag }}: false',
      '  - name: c',
      '    image: nginx',
      '    securityContext:',
      '      runAsUser: {{ .Values.uid }}',
      '',
    ].join('\n');
    assert.deepEqual(analyzeText(text, resolveRuleSet({})).findings.map(at), [
      'allow-privilege-escalation 15:4-15:19 c',
      'capabilities-restricted 15:4-15:19 c',
    ]);
  });

  it('a container name made by a template is reported as written', () => {
    const { findings } = analyzeText(chart, resolveRuleSet({}));
    assert.equal(findings[1].container, '{{ .Chart.Name }}');
    assert.equal(findings[1].message, "Container '{{ .Chart.Name }}' runs privileged (privileged: true): it has full access to the node.");
  });

  it('fixes of literal values edit the literal only', () => {
    const { findings } = analyzeText(chart, resolveRuleSet({}));
    const fixed = applyEdits(chart, findingEdits(findings[0]));
    assert.equal(fixed, chart.replace('hostPID: true', 'hostPID: false'));
  });

  it('required checks still apply where no template can add the setting', () => {
    const text = [
      'apiVersion: v1',
      'kind: Pod',
      'metadata:',
      '  name: {{ .Release.Name }}',
      'spec:',
      '  securityContext:',
      '    runAsNonRoot: true',
      '    seccompProfile: {type: RuntimeDefault}',
      '  containers:',
      '  - name: {{ .Chart.Name }}',
      '    image: {{ .Values.image }}',
      '',
    ].join('\n');
    const { findings } = analyzeText(text, resolveRuleSet({}));
    // a templated name is underlined by its key only
    assert.deepEqual(findings.map(at), ['allow-privilege-escalation 9:4-9:8 {{ .Chart.Name }}', 'capabilities-restricted 9:4-9:8 {{ .Chart.Name }}']);
    // the fixes insert after the templated image line and leave the template code alone
    for (const f of findings) {
      assert.ok(f.fix, `${f.ruleId} has a fix`);
      const fixed = applyEdits(text, findingEdits(f));
      assert.equal(fixed.match(/\{\{[^}]*\}\}/g)!.join('|'), text.match(/\{\{[^}]*\}\}/g)!.join('|'));
      assert.ok(fixed.startsWith(text.slice(0, text.indexOf('    image:'))));
    }
  });

  it('an unmasked document of the same file reports YAML errors as usual', () => {
    const text = 'a: {{ .x }}\n---\nb: [1\n';
    const { findings } = analyzeText(text, resolveRuleSet({}));
    assert.deepEqual(
      findings.map((f) => `${f.ruleId} ${f.document} ${f.range.start.line}`),
      ['yaml-syntax 1 2'],
    );
  });
});
