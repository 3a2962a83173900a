/**
 * kube-apiserver must run the ValidatingAdmissionWebhook admission plugin (Kubernetes STIG
 * V-242436).
 * The STIG's procedure is for Kubernetes before 1.25: ValidatingAdmissionWebhook listed in
 * `--enable-admission-plugins`. For 1.25 and later it gives none; the plugin is in the set the
 * API server enables by default, so listing it changes nothing, and what turns it off is
 * `--disable-admission-plugins`. podsec judges current versions: the finding is the plugin named
 * in `--disable-admission-plugins`, at the flag that names it (static pods, RKE2
 * `kube-apiserver-arg` entries). A missing entry in `--enable-admission-plugins` is not
 * reported.
 */
import type { Rke2Ref } from '../components/rke2';
import { componentRun, RunFlags } from '../components/static-pods';
import { defineRule, type FixOp } from '../rule';
import { stigRef } from '../standards';
import { rke2Doc } from './utils/rke2-config';
import { inWhere, subject } from './utils/wording';

export const RULE_ID = 'apiserver-validating-admission-webhook';

const PLUGIN = 'ValidatingAdmissionWebhook';
const FLAG = 'disable-admission-plugins';

const REQUIREMENT =
  'the Kubernetes STIG requires the ValidatingAdmissionWebhook admission plugin, without which no validating webhook (policy engines, Pod Security replacements) sees a request';

const MESSAGES = {
  podDisabled: `{{subject}} runs kube-apiserver with --${FLAG}={{value}}, which turns ${PLUGIN} off; ${REQUIREMENT}.`,
  rke2Disabled: `This RKE2 node runs kube-apiserver with --${FLAG}={{value}}, set by this entry, which turns ${PLUGIN} off; ${REQUIREMENT}.`,
};

/** The list without the plugin (items as written). */
function without(value: string): string {
  return value
    .split(',')
    .filter((p) => p.trim() !== PLUGIN)
    .join(',');
}

function names(value: string): boolean {
  return value.split(',').some((p) => p.trim() === PLUGIN);
}

function entryValue(ref: Rke2Ref): { prefix: string; value: string } {
  const eq = ref.text.indexOf('=');
  return eq < 0 ? { prefix: ref.text, value: '' } : { prefix: ref.text.slice(0, eq + 1), value: ref.text.slice(eq + 1) };
}

export default defineRule({
  meta: {
    id: RULE_ID,
    title: 'API server ValidatingAdmissionWebhook',
    description:
      "Flags kube-apiserver run with ValidatingAdmissionWebhook in --disable-admission-plugins, in static pods (kubeadm) and RKE2 kube-apiserver-arg entries (at the entry that names it). The STIG's check text is written for Kubernetes before 1.25, where the plugin had to be listed in --enable-admission-plugins; since then it is enabled by default, so only disabling it turns it off, and a list without it is not reported.",
    rationale:
      'Validating admission webhooks are how policy engines (Kyverno, Gatekeeper) and many operators enforce rules on what may be created. With the plugin off, the API server never calls them: every policy they implement silently stops applying.',
    remediation:
      'Remove ValidatingAdmissionWebhook from --disable-admission-plugins (or remove the flag when nothing else is in it). Make sure the webhooks the cluster registers are meant to apply first: from then on, a failing webhook can block requests. The quick fix is offered one at a time and never applied by fix-all.',
    profiles: { 'stig-rke2': 'error', 'stig-kubernetes': 'error' },
    defaultSeverity: 'error',
    fixable: true,
    standards: [stigRef('V-242436')],
    messages: MESSAGES,
  },
  checkDocument(ctx) {
    const doc = rke2Doc(ctx);
    if (!doc) return;
    for (const e of doc.node.entries('kube-apiserver').entries) {
      if (e.name !== FLAG || !doc.isHere(e.ref) || !names(e.value)) continue;
      const node = doc.nodeOf(e.ref);
      if (!node) continue;
      const { prefix, value } = entryValue(e.ref);
      const rest = without(value);
      ctx.report({
        node,
        at: node.src.key ? 'value' : 'pair',
        messageId: 'rke2Disabled',
        data: { value: e.value },
        fix: node.templated
          ? undefined
          : {
              title: `Remove ${PLUGIN} from the ${e.ref.key} entry`,
              preferred: false,
              ops: [rest ? { op: 'set', node, value: prefix + rest } : { op: 'remove', node }],
            },
      });
    }
  },
  checkPod(pod) {
    for (const c of pod.containers) {
      const run = componentRun(c);
      if (!run || run.component !== 'kube-apiserver') continue;
      const flags = new RunFlags(run);
      for (const u of flags.parsed.flags) {
        if (u.name !== FLAG || !names(u.value)) continue;
        const rest = without(u.value);
        const valueNode = u.refs[u.refs.length - 1];
        const ops: FixOp[] = [];
        if (!rest) for (const n of u.refs) ops.push({ op: 'remove', node: n });
        else if (u.refs.length > 1) ops.push({ op: 'set', node: valueNode, value: rest });
        else {
          const text = valueNode.str() ?? '';
          ops.push({ op: 'set', node: valueNode, value: text.slice(0, text.indexOf('=') + 1) + rest });
        }
        pod.report({
          node: valueNode,
          container: c,
          messageId: 'podDisabled',
          data: { subject: subject(c), value: u.value },
          fix: run.exec ? { title: `Remove ${PLUGIN} from --${FLAG} ${inWhere(c)}`, preferred: false, ops } : undefined,
        });
      }
    }
  },
});
