/**
 * Helm chart templates as public charts write them (issue 16), class by class. Each table runs
 * its cases through the engine as a chart's template (`charts/shop/templates/…`) and says what
 * podsec reports; every fix is applied and the template rendered by a model of `helm template`
 * (test/support/helm.ts): each action's output must land at the same key path as before.
 */
import * as assert from 'node:assert/strict';
import { analyzeText } from '../../../server/src/engine/pipeline';
import { applyEdits, findingEdits, fixAll } from '../../../server/src/engine/fix/apply';
import { parseChunk } from '../../../server/src/engine/syntax';
import { maskTemplates } from '../../../server/src/engine/template';
import { resolveRuleSet, type EngineOptions } from '../../../server/src/engine/profiles';
import type { Finding } from '../../../server/src/engine/types';
import { markerPaths, renderErrors, renderTemplate } from '../../support/helm';
import { y } from '../rule-tester';

const CHART = '/repo/charts/shop/templates/deployment.yaml';

function analyse(code: string, opts: EngineOptions = {}) {
  return analyzeText(code, resolveRuleSet({ filePath: CHART, ...opts }));
}

/** `rule container line` (1-based line) of every finding. */
function found(code: string, opts: EngineOptions = {}): string[] {
  return analyse(code, opts).findings.map((f) => `${f.ruleId}${f.container ? ` ${f.container}` : ''} ${f.range.start.line + 1}`);
}

/** A Deployment as `helm create` writes it, with this pod spec (written at column 0, placed at 6). */
function deployment(pod: string): string {
  const header = y`
    apiVersion: apps/v1
    kind: Deployment
    metadata:
      name: {{ include "shop.fullname" . }}
      labels:
        {{- include "shop.labels" . | nindent 4 }}
    spec:
      {{- if not .Values.autoscaling.enabled }}
      replicas: {{ .Values.replicaCount }}
      {{- end }}
      selector:
        matchLabels:
          {{- include "shop.selectorLabels" . | nindent 6 }}
      template:
        metadata:
          labels:
            {{- include "shop.selectorLabels" . | nindent 8 }}
        spec:
  `;
  return header + pod.replace(/^(?=.)/gm, '      ');
}
/** Lines of `deployment()` before the pod spec. */
const HEADER_LINES = 18;

/** Every fix, and fix-all, keeps each action's output at its key path and leaves no syntax alarm. */
function assertFixesKeepTemplate(code: string, opts: EngineOptions = {}): void {
  const markers = markerPaths(renderTemplate(code));
  // a template may render broken YAML with some values (the cases of class 3): no worse after
  const errors = (t: string) => renderErrors(renderTemplate(t));
  const before = errors(code);
  const alarms = (t: string) =>
    analyse(t, opts)
      .findings.filter((f) => f.ruleId === 'yaml-syntax' || f.ruleId === 'template-unchecked')
      .map((f) => f.message.replace(/\d+/g, 'N'));
  const alarmsBefore = alarms(code);
  const res = analyse(code, opts);
  const check = (after: string, what: string) => {
    const rendered = renderTemplate(after);
    assert.deepEqual(errors(after), before, `${what}: the fixed template renders YAML as before\n${after}`);
    assert.deepEqual(markerPaths(rendered), markers, `${what}: every action's output stays where it was\n${after}`);
    assert.deepEqual(alarms(after), alarmsBefore, `${what}: no new syntax alarm after the fix`);
  };
  for (const f of res.findings.filter((x) => x.fix && !x.fix.placeholder)) check(applyEdits(code, findingEdits(f)), `fix "${f.fix!.title}"`);
  check(fixAll(code, resolveRuleSet({ filePath: CHART, ...opts })).text, 'fix-all');
}

/** The text after one finding's fix. */
function fixed(code: string, pick: (f: Finding) => boolean): string {
  const f = analyse(code).findings.find((x) => pick(x) && x.fix);
  assert.ok(f, 'the finding has a fix');
  return applyEdits(code, findingEdits(f));
}

describe('Helm templates (issue 16)', () => {
  describe('1. a fix never comes between a key and the action that writes its value', () => {
    const cases: { name: string; pod: string; after: string; lines: string[] }[] = [
      {
        name: 'resources written by toYaml, the last key of the container',
        pod: y`
          containers:
            - name: {{ .Chart.Name }}
              image: "{{ .Values.image.repository }}:{{ .Values.image.tag }}"
              resources:
                {{- toYaml .Values.resources | nindent 12 }}
        `,
        after: '      {{- toYaml .Values.resources | nindent 12 }}',
        lines: ['    securityContext:', '      allowPrivilegeEscalation: false'],
      },
      {
        name: 'resources inside {{- with }}: the new key goes after its {{- end }}',
        pod: y`
          containers:
            - name: web
              image: nginx
              {{- with .Values.resources }}
              resources:
                {{- toYaml . | nindent 12 }}
              {{- end }}
        `,
        after: '    {{- end }}',
        lines: ['    securityContext:', '      allowPrivilegeEscalation: false'],
      },
      {
        name: 'bitnami style: the value on the key line, nindent to the next',
        pod: y`
          containers:
            - name: web
              image: nginx
              resources: {{- include "common.resources.preset" (dict "type" "nano") | nindent 12 }}
        `,
        after: '    resources: {{- include "common.resources.preset" (dict "type" "nano") | nindent 12 }}',
        lines: ['    securityContext:', '      allowPrivilegeEscalation: false'],
      },
      {
        name: 'a container made by {{- range }}: the new key stays inside the loop',
        pod: y`
          containers:
          {{- range .Values.workers }}
            - name: {{ .name }}
              image: {{ .image }}
              env:
                {{- toYaml .env | nindent 12 }}
          {{- end }}
        `,
        after: '      {{- toYaml .env | nindent 12 }}',
        lines: ['    securityContext:', '      allowPrivilegeEscalation: false'],
      },
      {
        name: 'a script in a block scalar, then more containers from the values',
        pod: y`
          containers:
            - name: web
              image: nginx
              command:
                - sh
                - -c
                - |
                  {{- if .Values.debug }}
                  set -x
                  {{- end }}
                  exec nginx
            {{- toYaml .Values.extraContainers | nindent 8 }}
        `,
        after: '        exec nginx',
        lines: ['    securityContext:', '      allowPrivilegeEscalation: false'],
      },
    ];
    for (const c of cases) {
      it(c.name, () => {
        const code = deployment(c.pod);
        const text = fixed(code, (f) => f.ruleId === 'allow-privilege-escalation');
        const lines = text.split('\n');
        const at = lines.findIndex((l, i) => i >= HEADER_LINES && l.trimEnd() === `      ${c.after}`.trimEnd());
        assert.ok(at > 0, `${c.after} is in the fixed text:\n${text}`);
        assert.deepEqual(
          lines.slice(at + 1, at + 1 + c.lines.length),
          c.lines.map((l) => `      ${l}`),
          `the fix comes right after ${c.after}:\n${text}`,
        );
        assertFixesKeepTemplate(code);
      });
    }

    it('a value written by a template on the lines below its key is not filled in', () => {
      const code = deployment(y`
        containers:
          - name: web
            image: nginx
            securityContext:
              {{- toYaml .Values.securityContext | nindent 12 }}
      `);
      // the container's securityContext is open: nothing missing is judged, nothing inserted there
      assert.deepEqual(found(code), []);
      assertFixesKeepTemplate(code);
    });

    it('an item appended to a list goes after the {{- end }} of a condition that ends the list', () => {
      const code = deployment(y`
        securityContext:
          runAsNonRoot: true
          seccompProfile:
            type: RuntimeDefault
        containers:
          - name: web
            image: nginx
            securityContext:
              allowPrivilegeEscalation: false
              capabilities:
                drop:
                  - NET_RAW
                  {{- if .Values.dropMknod }}
                  - MKNOD
                  {{- end }}
      `);
      const text = fixed(code, (f) => f.ruleId === 'capabilities-restricted');
      assert.match(text, /- MKNOD\n {16}\{\{- end \}\}\n {16}- ALL\n$/);
      assertFixesKeepTemplate(code);
    });
  });

  describe('2. missing hardening is judged unless template output can land in that very mapping', () => {
    /** A container without securityContext, then `extra` (its keys at column 4). */
    const bare = (extra: string) => deployment(`containers:\n  - name: web\n    image: nginx\n${extra}`);
    const ALL = (line: number) => [
      `allow-privilege-escalation web ${line}`,
      `run-as-non-root web ${line}`,
      `seccomp-restricted web ${line}`,
      `capabilities-restricted web ${line}`,
    ];
    const cases: { name: string; code: string; expect: string[] }[] = [
      {
        name: '{{- with .Values.nodeSelector }} at the pod level',
        code: deployment(y`
          {{- with .Values.nodeSelector }}
          nodeSelector:
            {{- toYaml . | nindent 8 }}
          {{- end }}
          containers:
            - name: web
              image: nginx
        `),
        expect: ALL(HEADER_LINES + 6),
      },
      {
        name: 'toYaml under resources:',
        code: bare('    resources:\n      {{- toYaml .Values.resources | nindent 12 }}\n'),
        expect: ALL(HEADER_LINES + 2),
      },
      {
        name: 'an action inside a block scalar',
        code: bare('    args:\n      - |\n        {{- range .Values.flags }}\n        --{{ . }}\n        {{- end }}\n'),
        expect: ALL(HEADER_LINES + 2),
      },
      {
        name: 'template comments mentioning actions',
        code: bare('    {{- /* probes: {{ .Values.probes }} */}}\n'),
        expect: ALL(HEADER_LINES + 2),
      },
      {
        name: 'an include at the container level may write its securityContext',
        code: bare('    {{- include "shop.containerSecurity" . | nindent 10 }}\n'),
        expect: [],
      },
      {
        name: 'a securityContext from the values (the bitnami way)',
        code: bare(
          '    securityContext: {{- include "common.compatibility.renderSecurityContext" (dict "secContext" .Values.containerSecurityContext "context" $) | nindent 12 }}\n',
        ),
        expect: [],
      },
      {
        name: 'an include at the pod level settles only what the pod level can set',
        code: deployment(y`
          {{- include "shop.podExtras" . | nindent 6 }}
          containers:
            - name: web
              image: nginx
        `),
        expect: [`allow-privilege-escalation web ${HEADER_LINES + 3}`, `capabilities-restricted web ${HEADER_LINES + 3}`],
      },
      {
        name: 'capabilities written by the values',
        code: bare(
          '    securityContext:\n      allowPrivilegeEscalation: false\n      capabilities:\n        {{- toYaml .Values.capabilities | nindent 14 }}\n',
        ),
        expect: [`run-as-non-root web ${HEADER_LINES + 4}`, `seccomp-restricted web ${HEADER_LINES + 4}`],
      },
    ];
    for (const c of cases) {
      it(c.name, () => {
        assert.deepEqual(found(c.code), c.expect);
        assertFixesKeepTemplate(c.code);
      });
    }
  });

  describe('3. a list item indented unlike its siblings inside {{- if }} is never a silent drop', () => {
    const code = deployment(y`
      containers:
        - name: web
          image: nginx
          ports:
            - name: http
              containerPort: 8080
          {{- if .Values.metrics.enabled }}
          - name: metrics
            containerPort: 9090
          {{- end }}
          securityContext:
            privileged: true
    `);

    it('the rest of the container is checked, and the lines left out are named', () => {
      const res = analyse(code, { profile: 'baseline' });
      assert.deepEqual(
        res.findings.map((f) => `${f.ruleId} ${f.range.start.line + 1}`),
        [`template-unchecked ${HEADER_LINES + 8}`, `privileged ${HEADER_LINES + 12}`],
      );
      assert.equal(
        res.findings[0].message,
        `Lines ${HEADER_LINES + 8}-${HEADER_LINES + 9} (in {{- if .Values.metrics.enabled }}) do not fit the YAML around them, so podsec checked this template without them: what they set is not checked. Indent them like the lines around the block if Helm is to render them here.`,
      );
      assert.equal(res.findings[0].severity, 'info');
    });

    it('fixes do not touch the lines left out, and keep the template rendering as before', () => {
      const res = analyse(code);
      const f = res.findings.find((x) => x.ruleId === 'privileged')!;
      assert.equal(applyEdits(code, findingEdits(f)), code.replace('privileged: true', 'privileged: false'));
      assertFixesKeepTemplate(code);
    });

    it('an {{ else }} branch that only reads alone is named as the branch podsec did not check', () => {
      const text = deployment(y`
        containers:
          - name: web
            image: nginx
            securityContext:
              privileged: true
        volumes:
          - name: cache
            emptyDir:
              {{- if .Values.cache.medium }}
              medium: {{ .Values.cache.medium }}
              {{- else }}
              {}
              {{- end }}
      `);
      const res = analyse(text, { profile: 'baseline' });
      assert.deepEqual(
        res.findings.map((f) => `${f.ruleId} ${f.range.start.line + 1}`),
        [`privileged ${HEADER_LINES + 5}`, `template-unchecked ${HEADER_LINES + 12}`],
      );
      assert.match(res.findings[1].message, /^Line 30 \(the branch after \{\{- else \}\}\) does not fit the YAML of the branch before it/);
    });

    it('a template that cannot be read from some line on says so there', () => {
      const text = deployment(y`
        containers:
          - name: web
            image: nginx
           bad: indentation
            securityContext:
              privileged: true
      `);
      const notices = analyse(text).findings.filter((f) => f.ruleId === 'template-unchecked');
      assert.equal(notices.length, 1);
      assert.match(notices[0].message, /^podsec cannot read this template as YAML from here \(.+\), so what follows may not be checked/);
      assert.deepEqual(
        analyse(text).findings.filter((f) => f.ruleId === 'yaml-syntax'),
        [],
      );
    });
  });

  describe('4. {{ }} in a block or quoted scalar, or in a plain manifest, is text', () => {
    it('in a command block scalar of a plain manifest it hides nothing', () => {
      const text = y`
        apiVersion: v1
        kind: Pod
        metadata:
          name: web
        spec:
          containers:
            - name: web
              image: nginx
              command:
                - sh
                - -c
                - >
                  echo {{ not a template }}
                  {{ neither is this }}
      `;
      assert.deepEqual(
        analyzeText(text, resolveRuleSet({ filePath: '/repo/k8s/pod.yaml' })).findings.map((f) => `${f.ruleId} ${f.container}`),
        ['allow-privilege-escalation web', 'run-as-non-root web', 'seccomp-restricted web', 'capabilities-restricted web'],
      );
    });

    it('in a chart, actions in block and quoted scalars are text of the scalar', () => {
      const text = deployment(y`
        containers:
          - name: web
            image: "{{ .Values.image }}"
            args:
              - "--config={{ .Values.config | toJson }}"
            command:
              - /bin/sh
              - -c
              - |
                {{- include "shop.script" . | nindent 14 }}
                exec web
      `);
      assert.deepEqual(found(text), [
        `allow-privilege-escalation web ${HEADER_LINES + 2}`,
        `run-as-non-root web ${HEADER_LINES + 2}`,
        `seccomp-restricted web ${HEADER_LINES + 2}`,
        `capabilities-restricted web ${HEADER_LINES + 2}`,
      ]);
      const { mask } = maskTemplates(text, true);
      assert.ok(mask!.actions.filter((a) => a.inScalar).length === 3, 'the image, the argument and the script line are scalar text');
      assertFixesKeepTemplate(text);
    });

    it('without Go template syntax, {{ }} is YAML text: Argo Workflows parameters are values', () => {
      const text = y`
        apiVersion: v1
        kind: Pod
        metadata:
          name: web
        spec:
          hostNetwork: true
          containers:
            - name: main
              image: {{inputs.parameters.image}}
              args: ["{{inputs.parameters.message}}"]
      `;
      const res = analyzeText(text, resolveRuleSet({ filePath: '/repo/workflows/pod.yaml', profile: 'baseline' }));
      assert.deepEqual(
        res.findings.map((f) => f.ruleId),
        ['host-namespaces'],
      );
      assert.equal(maskTemplates(text).mask!.goTemplate, false);
      assert.ok(!maskTemplates(text).mask!.actions.some((a) => a.structural));
    });
  });

  describe('5. valid YAML draws no syntax error', () => {
    it('a quoted scalar whose continuation lines are less indented than its key, as go-yaml reads it', () => {
      const text = y`
        apiVersion: v1
        kind: ConfigMap
        metadata:
          name: settings
        data:
          policy: '{"rules": [
        {"match": "all"}]}'
          banner: "first line
        second line\\
         joined"
          after: x
      `;
      const res = analyzeText(text, resolveRuleSet({}));
      assert.deepEqual(res.findings, []);
      // the values read as go-yaml reads them
      const doc = parseChunk(text).docs[0].toJS() as { data: Record<string, string> };
      assert.deepEqual(doc.data, { policy: '{"rules": [ {"match": "all"}]}', banner: 'first line second linejoined', after: 'x' });
    });

    it('a quoted scalar that starts its own line, below `? ` or `key:`, closed at column 0', () => {
      // go-yaml does not check the indentation of a quoted scalar's continuation lines
      const text = '? \n "explicit \\\n"\n: v\nkey:\n  "value\n"\n';
      assert.deepEqual(analyzeText(text, resolveRuleSet({})).findings, []);
      assert.deepEqual(parseChunk(text).docs[0].toJS(), { 'explicit ': 'v', key: 'value ' });
    });

    it('a quoted implicit key of a block mapping over two lines stays an error, as go-yaml rejects it', () => {
      // an implicit key must be on one line, whatever the indentation of its second line
      for (const text of ['ports:\n  - containerPort: 80\n    "\nhostPort": 80\n', 'a: 1\n"b\nc": 2\n', '- "b\nc": 2\n']) {
        const syntax = analyzeText(text, resolveRuleSet({})).findings.filter((f) => f.ruleId === 'yaml-syntax');
        assert.ok(syntax.length > 0, JSON.stringify(text));
      }
      // in a flow collection a key may go over lines, its second line at any indentation
      const flow = "spec: {a: 1, '\nb': {c: 2}}\n";
      assert.deepEqual(analyzeText(flow, resolveRuleSet({})).findings, []);
      assert.deepEqual(parseChunk(flow).docs[0].toJS(), { spec: { a: 1, ' b': { c: 2 } } });
    });

    it('a template comment that holds an action ends where Go ends it', () => {
      const text = deployment(y`
        {{- /* nodePort={{ $port }}: {{- end }} is not code here */}}
        {{/*
        apiVersion: v1
        kind: Pod
        */}}
        securityContext:
          runAsNonRoot: true
          seccompProfile: {type: RuntimeDefault}
        containers:
          - name: web
            image: nginx
            securityContext:
              allowPrivilegeEscalation: false
              capabilities: {drop: [ALL]}
      `);
      assert.deepEqual(found(text), []);
      const { mask } = maskTemplates(text, true);
      assert.deepEqual(
        mask!.actions.filter((a) => a.kind === 'comment').map((a) => text.slice(a.start, a.end).split('\n')[0]),
        ['{{- /* nodePort={{ $port }}: {{- end }} is not code here */}}', '{{/*'],
      );
    });

    it('a named template (define) renders nothing where it is written', () => {
      const text = y`
        {{- define "shop.conf" -}}
        listen: 0.0.0.0:{{ .Values.port }}
        authorization {
          token: {{ .Values.token | quote }}
        }
        {{- end }}
        apiVersion: v1
        kind: Secret
        metadata:
          name: {{ include "shop.fullname" . }}
        stringData:
          shop.conf: |-
            {{- include "shop.conf" . | nindent 4 }}
      `;
      assert.deepEqual(analyse(text).findings, []);
    });
  });
});
