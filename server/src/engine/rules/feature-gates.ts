/**
 * Feature gates the Kubernetes STIG rules out, wherever a node's configuration sets them:
 * - DynamicAuditing on (V-242398), on the control plane and the kubelet;
 * - AllAlpha on (V-242400), on the control plane (API server, controller manager, scheduler);
 * - DynamicKubeletConfig on (V-242399), on the control plane and the kubelet;
 * - PodSecurity off (V-254801), on the control plane and the kubelet.
 * One rule for the four: they are one flag (`--feature-gates`, `featureGates`) and one fix.
 *
 * What is judged is the value each gate ends up with, as the component merges repeated
 * `--feature-gates` flags (later keys win), in static pods, kubelets run in containers,
 * KubeletConfiguration `featureGates` and RKE2 `*-arg` entries. Not reported, by decision:
 * - a gate that is missing. V-254801 wants `PodSecurity=true` and V-242399
 *   `DynamicKubeletConfig=false` written out, which only Kubernetes 1.23 to 1.27 and 1.25 and
 *   older accept: 1.28 removed the PodSecurity gate (always on since 1.25) and 1.26
 *   DynamicKubeletConfig, and a component that names a removed gate does not start. podsec does
 *   not recommend it;
 * - a kubelet `--feature-gates` flag as such, which the check text counts as a finding: the value
 *   decides here, as for the other kubelet settings (RKE2 passes the flag itself on some
 *   releases).
 */
import { parseGoBool, splitList, type Component } from '../components/flags';
import { isKubeletConfiguration } from '../components/kubelet-config';
import type { Rke2Ref } from '../components/rke2';
import { componentRun, RunFlags } from '../components/static-pods';
import type { YNode } from '../model';
import { defineRule, type FixOp } from '../rule';
import { stigRef } from '../standards';
import { rke2Doc } from './utils/rke2-config';
import { inWhere, shown, subject } from './utils/wording';

export const RULE_ID = 'feature-gates';

const CONTROL_PLANE: Component[] = ['kube-apiserver', 'kube-controller-manager', 'kube-scheduler'];

interface Gate {
  gate: string;
  /** the value that breaks the requirement */
  bad: boolean;
  components: Component[];
  requirement: string;
}

const GATES: Gate[] = [
  {
    gate: 'DynamicAuditing',
    bad: true,
    components: [...CONTROL_PLANE, 'kubelet'],
    requirement:
      'the Kubernetes STIG forbids DynamicAuditing, which lets whoever may create AuditSink objects send the audit trail elsewhere (Kubernetes 1.19 removed the gate: a component that names it does not start)',
  },
  {
    gate: 'AllAlpha',
    bad: true,
    components: CONTROL_PLANE,
    requirement: 'the Kubernetes STIG requires alpha APIs off: AllAlpha turns on every alpha API and feature, untested and without support',
  },
  {
    gate: 'DynamicKubeletConfig',
    bad: true,
    components: [...CONTROL_PLANE, 'kubelet'],
    requirement:
      'the Kubernetes STIG forbids DynamicKubeletConfig, which lets the kubelet take its configuration from the API (Kubernetes 1.26 removed the gate: a component that names it does not start)',
  },
  {
    gate: 'PodSecurity',
    bad: false,
    components: [...CONTROL_PLANE, 'kubelet'],
    requirement:
      'the Kubernetes STIG requires the PodSecurity admission feature on (it is always on since Kubernetes 1.25 and 1.28 removed the gate: leave it out rather than set it)',
  },
];

const MESSAGES = {
  podGate: '{{subject}} runs {{component}} with the feature gate {{gate}}={{value}}; {{requirement}}.',
  rke2Gate: 'This RKE2 node runs {{component}} with the feature gate {{gate}}={{value}}, set by this entry; {{requirement}}.',
  configGate: 'This KubeletConfiguration sets featureGates.{{gate}}: {{value}}; {{requirement}}.',
};

/** One `--feature-gates` value split into its `key=value` entries (as the component trims them). */
function gateEntries(value: string): { key: string; value: string }[] {
  return splitList(value)
    .map((e) => e.trim())
    .filter(Boolean)
    .map((e) => {
      const eq = e.indexOf('=');
      return eq < 0 ? { key: e, value: '' } : { key: e.slice(0, eq).trim(), value: e.slice(eq + 1).trim() };
    });
}

/** The value without the entries of `gate` (the other entries as written). */
function without(value: string, gate: string): string {
  return splitList(value)
    .filter((e) => {
      const t = e.trim();
      const eq = t.indexOf('=');
      return (eq < 0 ? t : t.slice(0, eq).trim()) !== gate;
    })
    .join(',');
}

/** The gates that break a requirement, with the index of the value (in order) that decides each. */
function badGates(component: Component, values: string[]): { gate: Gate; value: string; at: number }[] {
  const last = new Map<string, { value: string; at: number }>();
  values.forEach((v, at) => {
    for (const e of gateEntries(v)) last.set(e.key, { value: e.value, at });
  });
  const out: { gate: Gate; value: string; at: number }[] = [];
  for (const gate of GATES) {
    if (!gate.components.includes(component)) continue;
    const hit = last.get(gate.gate);
    if (hit && parseGoBool(hit.value) === gate.bad) out.push({ gate, ...hit });
  }
  return out;
}

/** The text of an RKE2 `*-arg` entry after its flag name (`--feature-gates+=A=true` gives `A=true`). */
function entryValue(ref: Rke2Ref): { prefix: string; value: string } {
  const eq = ref.text.indexOf('=');
  return eq < 0 ? { prefix: ref.text, value: '' } : { prefix: ref.text.slice(0, eq + 1), value: ref.text.slice(eq + 1) };
}

export default defineRule({
  meta: {
    id: RULE_ID,
    title: 'Feature gates the STIG rules out',
    description:
      'Flags feature gates the Kubernetes STIG rules out: DynamicAuditing or DynamicKubeletConfig turned on (control plane and kubelet), AllAlpha turned on (API server, controller manager, scheduler), and PodSecurity turned off (control plane and kubelet). The value each gate ends up with decides, as the component merges its --feature-gates flags (later keys win), in static pods (kubeadm), kubelets run in containers, KubeletConfiguration featureGates and RKE2 *-arg entries (each finding at the entry that decides). A gate that is not set is not reported: the STIG asks to write PodSecurity=true and DynamicKubeletConfig=false on versions that still had those gates, and on current Kubernetes a component that names a removed gate does not start.',
    rationale:
      'Each of these gates weakens a control the cluster relies on: dynamic audit sinks let the audit trail be redirected through the API, dynamic kubelet configuration lets node settings be changed through the API, alpha features are untested and unsupported code paths, and turning PodSecurity off removes Pod Security admission, the built-in check of what pods may do.',
    remediation:
      'Remove the gate from --feature-gates (or from featureGates in the kubelet configuration); removing the last gate removes the flag. DynamicAuditing, DynamicKubeletConfig and PodSecurity no longer exist on current Kubernetes, so leaving them out is both compliant and what the components accept. The quick fix removes the gate; it is offered one at a time and never applied by fix-all, because features built on an alpha API stop working without it.',
    profiles: { 'stig-rke2': 'error', 'stig-kubernetes': 'error' },
    defaultSeverity: 'error',
    fixable: true,
    standards: [stigRef('V-242398'), stigRef('V-242400'), stigRef('V-242399'), stigRef('V-254801')],
    messages: MESSAGES,
  },
  checkDocument(ctx) {
    const doc = rke2Doc(ctx);
    if (!doc) return;
    for (const component of [...CONTROL_PLANE, 'kubelet'] as Component[]) {
      const s = doc.node.setting(component, 'feature-gates');
      if (s.templated || s.origin.by !== 'user') continue;
      const refs = s.origin.refs;
      for (const { gate, value, at } of badGates(
        component,
        refs.map((r) => entryValue(r).value),
      )) {
        const ref = refs[at];
        const node = doc.nodeOf(ref);
        if (!node) continue;
        // every entry of this file that names the gate loses it
        const ops: FixOp[] = [];
        for (const r of refs) {
          const n = doc.nodeOf(r);
          const { prefix, value: v } = entryValue(r);
          if (!n || !gateEntries(v).some((e) => e.key === gate.gate)) continue;
          const rest = without(v, gate.gate);
          ops.push(rest ? { op: 'set', node: n, value: prefix + rest } : { op: 'remove', node: n });
        }
        ctx.report({
          node,
          at: node.src.key ? 'value' : 'pair',
          messageId: 'rke2Gate',
          data: { component, gate: gate.gate, value, requirement: gate.requirement },
          fix: node.templated ? undefined : { title: `Remove ${gate.gate} from the ${ref.key} entries`, preferred: false, ops },
        });
      }
    }
  },
  checkObject(ctx) {
    if (!isKubeletConfiguration(ctx.object)) return;
    const gates = ctx.object.root.get('featureGates');
    if (!gates?.isMap || gates.templated) return;
    for (const gate of GATES) {
      if (!gate.components.includes('kubelet')) continue;
      const v = gates.get(gate.gate);
      if (!v || v.bool() !== gate.bad) continue;
      ctx.report({
        node: v,
        messageId: 'configGate',
        data: { gate: gate.gate, value: shown(v), requirement: gate.requirement },
        fix: { title: `Remove featureGates.${gate.gate}`, preferred: false, ops: [{ op: 'remove', node: v }] },
      });
    }
  },
  checkPod(pod) {
    for (const c of pod.containers) {
      const run = componentRun(c);
      if (!run || run.component === 'etcd' || run.component === 'kube-proxy') continue;
      const flags = new RunFlags(run);
      const uses = flags.parsed.flags.filter((u) => u.name === 'feature-gates');
      for (const { gate, value, at } of badGates(
        run.component,
        uses.map((u) => u.value),
      )) {
        const use = uses[at];
        const ops: FixOp[] = [];
        for (const u of uses) {
          if (!gateEntries(u.value).some((e) => e.key === gate.gate)) continue;
          const rest = without(u.value, gate.gate);
          const valueNode: YNode = u.refs[u.refs.length - 1];
          if (!rest) for (const n of u.refs) ops.push({ op: 'remove', node: n });
          else if (u.refs.length > 1) ops.push({ op: 'set', node: valueNode, value: rest });
          else {
            const text = valueNode.str() ?? '';
            ops.push({ op: 'set', node: valueNode, value: text.slice(0, text.indexOf('=') + 1) + rest });
          }
        }
        pod.report({
          node: use.refs[use.refs.length - 1],
          container: c,
          messageId: 'podGate',
          data: { subject: subject(c), component: run.component, gate: gate.gate, value, requirement: gate.requirement },
          fix: run.exec ? { title: `Remove ${gate.gate} from --feature-gates ${inWhere(c)}`, preferred: false, ops } : undefined,
        });
      }
    }
  },
});
