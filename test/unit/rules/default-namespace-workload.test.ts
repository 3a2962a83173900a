import * as assert from 'node:assert/strict';
import { analyzeText } from '../../../server/src/engine/pipeline';
import { ruleTester, y } from '../rule-tester';
import { resolveRuleSet } from '../../../server/src/engine/profiles';

const RULE = 'default-namespace-workload';
const FLAG_MISSING = { ruleOptions: { [RULE]: { flagMissingNamespace: true } } };

/** A Pod whose metadata lines (indented by two spaces) are given. */
function pod(metadata: string): string {
  return `apiVersion: v1\nkind: Pod\nmetadata:\n${metadata}\nspec:\n  containers:\n    - name: web\n      image: registry.example.com/web:1.0\n`;
}

ruleTester(RULE, {
  valid: [
    { name: 'own namespace', profile: 'stig-rke2', code: pod('  name: web\n  namespace: shop') },
    { name: 'no namespace, option off (default)', profile: 'stig-rke2', code: pod('  name: web') },
    { name: 'default namespace, but the rule is off outside the STIG profiles', profile: 'restricted', code: pod('  name: web\n  namespace: default') },
    { name: 'namespace from a template', profile: 'stig-kubernetes', code: pod('  name: web\n  namespace: {{ .Values.namespace }}'), options: FLAG_MISSING },
    {
      name: 'metadata written by a template, option on',
      profile: 'stig-kubernetes',
      code: pod('  name: web\n  {{- include "chart.metadata" . | nindent 2 }}'),
      options: FLAG_MISSING,
    },
    {
      name: 'a ConfigMap in default is not a workload',
      profile: 'stig-rke2',
      noPodSpec: true,
      code: y`
        apiVersion: v1
        kind: ConfigMap
        metadata: {name: settings, namespace: default}
        data: {a: "1"}
      `,
    },
  ],
  invalid: [
    {
      name: 'explicit default (stig-rke2)',
      profile: 'stig-rke2',
      code: pod('  name: web\n  namespace: default  # for now'),
      errors: [
        {
          messageId: 'defaultNamespace',
          data: { object: "Pod 'web'" },
          at: 'default',
          severity: 'error',
          fix: { title: "Move Pod 'web' to its own namespace (type its name)", preferred: false },
        },
      ],
      output: { 4: '  namespace: web  # for now' },
    },
    {
      name: 'explicit default (stig-kubernetes), turned on in restricted by configuration',
      profile: 'restricted',
      options: { rules: { [RULE]: 'warning' } },
      code: pod('  name: web\n  namespace: "default"'),
      errors: [
        {
          messageId: 'defaultNamespace',
          data: { object: "Pod 'web'" },
          at: '"default"',
          severity: 'warning',
          fix: { title: "Move Pod 'web' to its own namespace (type its name)", preferred: false },
        },
      ],
      output: { 4: '  namespace: "web"' },
    },
    {
      name: 'missing namespace, option on',
      profile: 'stig-kubernetes',
      options: FLAG_MISSING,
      code: pod('  name: web\n  labels: {app: web}'),
      errors: [
        {
          messageId: 'noNamespace',
          data: { object: "Pod 'web'" },
          at: 'metadata',
          fix: { title: "Set a namespace for Pod 'web' (type its name)", preferred: false },
        },
      ],
      output: { 4: '  labels: {app: web}\n  namespace: web' },
    },
    {
      name: 'missing metadata altogether, option on',
      profile: 'stig-rke2',
      options: FLAG_MISSING,
      code: y`
        apiVersion: apps/v1
        kind: DaemonSet
        spec:
          template:
            spec:
              containers: [{name: agent, image: registry.example.com/agent:1}]
      `,
      errors: [
        {
          messageId: 'noNamespace',
          data: { object: 'DaemonSet' },
          at: 'kind: DaemonSet',
          fix: { title: 'Set a namespace for DaemonSet (type its name)', preferred: false },
        },
      ],
      output: { 5: '      containers: [{name: agent, image: registry.example.com/agent:1}]\nmetadata:\n  namespace: app-namespace' },
    },
  ],
});

describe('default-namespace-workload: placeholder for a missing namespace', () => {
  it('selects only the suggested name in the inserted lines', () => {
    const code = pod('  name: web');
    const f = analyzeText(code, resolveRuleSet({ profile: 'stig-rke2', ...FLAG_MISSING })).findings.find((x) => x.ruleId === RULE)!;
    const p = f.fix!.placeholder!;
    assert.equal(f.fix!.edits[p.edit].newText, '\n  namespace: web');
    assert.equal(f.fix!.edits[p.edit].newText.slice(p.start, p.end), 'web');
  });
});
