/**
 * The kubelet must run with kernel protection: it then refuses to start when kernel tunables
 * differ from the values it needs, instead of rewriting them itself. Three places decide it:
 * - RKE2 config files (`/etc/rancher/rke2/config.yaml` and its `config.yaml.d/*.yaml|yml`
 *   drop-ins, recognised by path anywhere, or any YAML marked `# podsec: rke2-config`), judged
 *   as the node's merged configuration (components/rke2.ts): a `kubelet-arg` flag, else the
 *   `protect-kernel-defaults` option, else `profile: cis`, decides; the finding lands in the file
 *   and at the line that decides it, or in the main config.yaml when nothing turns it on;
 * - `KubeletConfiguration` documents (`kubelet.config.k8s.io/*`);
 * - pods whose container runs the kubelet (static pods, kind-style nodes): its flag, else the
 *   configuration file it names with --config.
 */
import { isCisProfile, type Rke2Ref } from '../components/rke2';
import { parseGoBool } from '../components/flags';
import { componentRun, RunFlags } from '../components/static-pods';
import { isKubeletConfiguration } from '../components/kubelet-config';
import { inWhere, shown, subject } from './utils/wording';
import { rke2Doc, rke2Recognition } from './utils/rke2-config';
import { defineRule, FixOp, PodContext, Report } from '../rule';
import { cis, K8S_KERNEL_PROTECTION, RKE2_KERNEL_PROTECTION, SRG_ISOLATE_SECURITY_FUNCTIONS } from '../standards';
import type { DocumentContext } from '../rule';

export const RULE_ID = 'kubelet-protect-kernel-defaults';

export { isCisProfile };

const WHY = 'the kubelet may rewrite kernel settings instead of refusing to start when they differ from its defaults';

const MESSAGES = {
  rke2NotMapping: `This RKE2 config is not a mapping of options, so protect-kernel-defaults is not set and ${WHY}.`,
  rke2ArgFalse: `{{key}} passes {{flag}} to the kubelet, so ${WHY}.`,
  rke2OptionFalse: `protect-kernel-defaults is {{value}}, so ${WHY}.`,
  rke2ProfileNotCis: `profile {{profile}} is not a CIS profile and protect-kernel-defaults is not set, so ${WHY}.`,
  rke2Unset: `This RKE2 config sets neither protect-kernel-defaults: true nor a CIS profile, so ${WHY}.`,
  configFalse: `protectKernelDefaults is {{value}}, so ${WHY}.`,
  configUnset: `This KubeletConfiguration does not set protectKernelDefaults: true (the default is false), so ${WHY}.`,
  podFlagFalse: `{{subject}} runs the kubelet with {{flag}}, so ${WHY}.`,
  podFlagMissing: `{{subject}} runs the kubelet without --protect-kernel-defaults=true, so ${WHY}.`,
};
type MessageId = keyof typeof MESSAGES;

// ---------------------------------------------------------------- RKE2 config

/** The flag as the entry writes it (`--protect-kernel-defaults=false`), for messages. */
function shownEntry(ref: Rke2Ref): string {
  return ref.text;
}

function checkRke2Config(ctx: Omit<DocumentContext, 'report'>, report: Report<MessageId>): void {
  const how = rke2Recognition(ctx);
  if (!how) return;
  const root = ctx.root;
  if (!root || !root.isMap) {
    if (how.role !== 'drop-in' && root) report({ node: root, messageId: 'rke2NotMapping' });
    return;
  }
  const doc = rke2Doc(ctx)!;
  const setting = doc.node.setting('kubelet', 'protect-kernel-defaults');
  if (setting.templated || parseGoBool(setting.value ?? '') === true) return;
  const origin = setting.origin;
  if (origin.by === 'user') {
    const ref = origin.refs[origin.refs.length - 1];
    const node = doc.nodeOf(ref);
    if (!node) return;
    if (ref.item) {
      const dashes = ref.text.startsWith('--') ? '--' : ref.text.startsWith('-') ? '-' : '';
      const fixed = `${dashes}protect-kernel-defaults=true`;
      report({
        node,
        at: node.src.key ? 'value' : 'pair',
        messageId: 'rke2ArgFalse',
        data: { key: ref.key, flag: JSON.stringify(shownEntry(ref)) },
        fix: { title: `Change the ${ref.key} entry to ${fixed}`, preferred: false, ops: [{ op: 'set', node, value: fixed }] },
      });
      return;
    }
    report({
      node,
      messageId: 'rke2OptionFalse',
      data: { value: shown(node) },
      fix: { title: 'Set protect-kernel-defaults: true', preferred: false, ops: [{ op: 'set', node, value: true }] },
    });
    return;
  }
  // nothing turns it on: the main config's business (a drop-in alone may rely on it)
  if (!doc.isHome) return;
  const profile = doc.node.keyRef('profile');
  const profileNode = profile ? doc.nodeOf(profile) : undefined;
  const first = root.entries()[0]?.[1];
  const anchor = profileNode ?? first ?? root;
  const ops: FixOp[] = [{ op: 'ensure', node: root, keys: ['protect-kernel-defaults'], value: true }];
  report({
    node: anchor,
    at: profileNode ? 'pair' : 'key',
    messageId: profileNode ? 'rke2ProfileNotCis' : 'rke2Unset',
    missing: !profileNode,
    data: { profile: JSON.stringify(profile?.text ?? '') },
    fix: { title: 'Add protect-kernel-defaults: true', preferred: false, ops },
  });
}

// ---------------------------------------------------------------- pods running the kubelet

function checkKubeletPod(pod: PodContext<MessageId>): void {
  for (const c of pod.containers) {
    const run = componentRun(c);
    if (!run || run.component !== 'kubelet') continue;
    const flags = new RunFlags(run);
    const v = flags.get('protect-kernel-defaults');
    if (v) {
      if (parseGoBool(v.value) === true) continue;
      const use = v.uses[v.uses.length - 1];
      const node = use.refs[use.refs.length - 1];
      const written = run.exec ? (node.str() ?? '') : `--protect-kernel-defaults=${use.value}`;
      const dashes = /^-+/.exec(written)?.[0] ?? '--';
      const fixed = `${dashes}protect-kernel-defaults=true`;
      pod.report({
        node,
        container: c,
        messageId: 'podFlagFalse',
        data: { subject: subject(c), flag: written },
        fix:
          run.exec && use.refs.length === 1
            ? { title: `Change the flag to ${fixed} ${inWhere(c)}`, preferred: false, ops: [{ op: 'set', node, value: fixed }] }
            : undefined,
      });
      continue;
    }
    // a kubelet that reads a configuration file takes the setting from there (judged in that file)
    if (flags.get('config')) continue;
    pod.report({
      node: run.anchor,
      container: c,
      messageId: 'podFlagMissing',
      missing: true,
      data: { subject: subject(c) },
      fix:
        run.exec && run.appendTo
          ? {
              title: `Add --protect-kernel-defaults=true to the kubelet flags ${inWhere(c)}`,
              preferred: false,
              ops: [{ op: 'append', node: run.appendTo, value: '--protect-kernel-defaults=true' }],
            }
          : undefined,
    });
  }
}

// ---------------------------------------------------------------- the rule

export default defineRule({
  meta: {
    id: RULE_ID,
    title: 'Kubelet kernel protection',
    description:
      'Requires the kubelet to run with kernel protection (protect-kernel-defaults). In RKE2 config files (/etc/rancher/rke2/config.yaml, anywhere in a workspace, or a YAML file marked "# podsec: rke2-config"), protect-kernel-defaults must be true unless profile is a CIS profile (cis, cis-1.23, cis-1.6, ...), which turns it on; a kubelet-arg entry (list or single string, with or without leading dashes) must not set protect-kernel-defaults=false. Drop-ins under config.yaml.d/ are checked for explicit false values only, since the main config.yaml may set the option. In a KubeletConfiguration (kubelet.config.k8s.io), protectKernelDefaults must be true. A container whose command runs the kubelet (directly, through hyperkube or in a shell script) must pass --protect-kernel-defaults=true.',
    rationale:
      'Kernel tunables such as vm.overcommit_memory, vm.panic_on_oom, kernel.panic and kernel.panic_on_oops are node security settings that the administrator owns. Without kernel protection the kubelet, a workload-facing component, silently rewrites them to suit itself; with it, the kubelet refuses to start on a node whose kernel is not set up as required, so the separation between the security configuration of the node and the software that runs workloads holds.',
    remediation:
      'Set the kernel parameters the kubelet expects on the node first (RKE2 ships a sysctl file for its CIS profile), then set protect-kernel-defaults: true in /etc/rancher/rke2/config.yaml (or use profile: cis), protectKernelDefaults: true in a KubeletConfiguration, or --protect-kernel-defaults=true on the kubelet command line, and restart the kubelet. The quick fixes are never applied by fix-all: on a node whose kernel settings differ, the kubelet would no longer start.',
    profiles: { baseline: 'error', restricted: 'error', 'stig-rke2': 'error', 'stig-kubernetes': 'error' },
    defaultSeverity: 'error',
    fixable: true,
    standards: [
      RKE2_KERNEL_PROTECTION,
      K8S_KERNEL_PROTECTION,
      SRG_ISOLATE_SECURITY_FUNCTIONS,
      cis('4.2.6', 'Ensure that the --protect-kernel-defaults argument is set to true'),
    ],
    messages: MESSAGES,
  },
  checkDocument(ctx) {
    checkRke2Config(ctx, ctx.report);
  },
  checkObject(ctx) {
    const { object, report } = ctx;
    if (!isKubeletConfiguration(object)) return;
    const v = object.root.get('protectKernelDefaults');
    if (v) {
      if (v.bool() === true || v.templated) return;
      report({
        node: v,
        messageId: 'configFalse',
        data: { value: shown(v) },
        fix: { title: 'Set protectKernelDefaults: true', preferred: false, ops: [{ op: 'set', node: v, value: true }] },
      });
      return;
    }
    const kindNode = object.root.get('kind')!;
    report({
      node: kindNode,
      messageId: 'configUnset',
      missing: true,
      fix: {
        title: 'Add protectKernelDefaults: true',
        preferred: false,
        ops: [{ op: 'ensure', node: object.root, keys: ['protectKernelDefaults'], value: true }],
      },
    });
  },
  checkPod: checkKubeletPod,
});
