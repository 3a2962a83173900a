/**
 * The kubelet must run with kernel protection: it then refuses to start when kernel tunables
 * differ from the values it needs, instead of rewriting them itself. Three places decide it:
 * - RKE2 config files (`/etc/rancher/rke2/config.yaml` and its `config.yaml.d/*.yaml|yml`
 *   drop-ins, recognised by path anywhere, or any YAML marked `# podsec: rke2-config`);
 * - `KubeletConfiguration` documents (`kubelet.config.k8s.io/*`);
 * - pods whose container runs the kubelet (static pods, kind-style nodes).
 */
import { hasRke2Marker, rke2ConfigKind, type Rke2ConfigKind } from '../file-kind';
import { inWhere, shown, subject } from './utils/wording';
import { defineRule, FixOp, PodContext, Report } from '../rule';
import type { YNode } from '../model';
import { cis, K8S_KERNEL_PROTECTION, RKE2_KERNEL_PROTECTION, SRG_ISOLATE_SECURITY_FUNCTIONS } from '../standards';
import type { ContainerRef } from '../workloads';

export const RULE_ID = 'kubelet-protect-kernel-defaults';

/** RKE2 `profile` values that apply the CIS hardening (and with it kernel protection). */
export function isCisProfile(value: string | undefined): boolean {
  return value !== undefined && /^cis(-\d+(\.\d+)*)?$/.test(value);
}

/** Go's strconv.ParseBool, which flag parsing uses. */
export function parseGoBool(s: string): boolean | undefined {
  if (['1', 't', 'T', 'TRUE', 'true', 'True'].includes(s)) return true;
  if (['0', 'f', 'F', 'FALSE', 'false', 'False'].includes(s)) return false;
  return undefined;
}

/**
 * An RKE2 option value as the flag parser sees it: go-yaml v2 resolves the scalar (so `yes` is
 * true), RKE2 turns it back into text and the flag parser reads that text as a bool.
 */
function optionBool(n: YNode): boolean | undefined {
  const v = n.value();
  if (typeof v === 'boolean') return v;
  if (typeof v === 'number') return parseGoBool(String(v));
  if (typeof v === 'string') return parseGoBool(v);
  return undefined;
}

interface FlagHit {
  /** `-`/`--` as written (empty when written without dashes) */
  dashes: string;
  /** the value after `=`, or null for a bare flag */
  value: string | null;
}

/** `--protect-kernel-defaults[=v]`, `protect-kernel-defaults[=v]` (dashes optional when `dashes` is false). */
function kernelFlag(arg: string, dashesRequired: boolean): FlagHit | undefined {
  const m = /^(-{0,2})protect-kernel-defaults(?:=(.*))?$/.exec(arg.trim());
  if (!m || (dashesRequired && !m[1])) return undefined;
  return { dashes: m[1], value: m[2] ?? null };
}

function flagTrue(hit: FlagHit): boolean {
  return hit.value === null || parseGoBool(hit.value) === true;
}

function shownFlag(hit: FlagHit): string {
  return `${hit.dashes}protect-kernel-defaults${hit.value === null ? '' : `=${hit.value}`}`;
}

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

function checkRke2Config(root: YNode | undefined, kind: Rke2ConfigKind, report: Report<MessageId>): void {
  if (!root || !root.isMap) {
    if (kind === 'main' && root) report({ node: root, messageId: 'rke2NotMapping' });
    return;
  }
  let argSaysTrue = false;
  for (const key of ['kubelet-arg', 'kubelet-arg+']) {
    const args = root.get(key);
    if (!args) continue;
    const items = args.isSeq ? args.items() : [args];
    for (const item of items) {
      const s = item.str();
      if (s === undefined) continue;
      const hit = kernelFlag(s, false);
      if (!hit) continue;
      if (flagTrue(hit)) {
        argSaysTrue = true;
        continue;
      }
      const fixed = `${hit.dashes}protect-kernel-defaults=true`;
      report({
        node: item,
        at: args.isSeq ? 'pair' : 'value',
        messageId: 'rke2ArgFalse',
        data: { key, flag: JSON.stringify(shownFlag(hit)) },
        fix: item.templated ? undefined : { title: `Change the ${key} entry to ${fixed}`, preferred: false, ops: [{ op: 'set', node: item, value: fixed }] },
      });
    }
  }
  const option = root.get('protect-kernel-defaults');
  if (option) {
    const v = optionBool(option);
    if (v === true || option.templated) return;
    report({
      node: option,
      messageId: 'rke2OptionFalse',
      data: { value: shown(option) },
      fix: { title: 'Set protect-kernel-defaults: true', preferred: false, ops: [{ op: 'set', node: option, value: true }] },
    });
    return;
  }
  // Drop-ins add to the main config: a missing option is the main file's business.
  if (kind === 'drop-in' || argSaysTrue) return;
  const profile = root.get('profile');
  if (profile && isCisProfile(profile.str())) return;
  if (profile?.templated) return;
  const first = root.entries()[0]?.[1];
  const anchor = profile ?? first ?? root;
  const ops: FixOp[] = [{ op: 'ensure', node: root, keys: ['protect-kernel-defaults'], value: true }];
  report({
    node: anchor,
    at: profile ? 'pair' : 'key',
    messageId: profile ? 'rke2ProfileNotCis' : 'rke2Unset',
    data: { profile: JSON.stringify(profile?.str() ?? '') },
    fix: { title: 'Add protect-kernel-defaults: true', preferred: false, ops },
  });
}

// ---------------------------------------------------------------- pods running the kubelet

const SHELLS = new Set(['sh', 'bash', 'ash', 'dash', 'zsh', 'ksh']);
/** Words that may precede the program of a simple shell command. */
const PREFIX_WORDS = new Set(['exec', 'nohup', 'env', 'sudo', 'command', 'nice', 'setsid', 'then', 'do', 'else', '!', '{', '(']);

function basename(word: string): string {
  const unq = word.replace(/^["']|["']$/g, '');
  return unq.slice(unq.lastIndexOf('/') + 1);
}

interface KubeletRun {
  /** the item that names the kubelet (or the shell script that runs it) */
  anchor: YNode;
  /** the kubelet's arguments, each with the item it comes from */
  flags: { text: string; node: YNode }[];
  /** the kubelet is the executed program (not inside a shell script), so items can be edited */
  exec: boolean;
}

/** The kubelet's command line in a shell script, when a simple command of it runs `kubelet`. */
function kubeletInScript(script: string): string[] | undefined {
  for (const cmd of script.split(/&&|\|\||[;&|\n]/)) {
    const words = cmd.trim().split(/\s+/).filter(Boolean);
    let i = 0;
    while (
      i < words.length &&
      (PREFIX_WORDS.has(words[i]) || /^[A-Za-z_][A-Za-z0-9_]*=/.test(words[i]) || (words[i - 1] === 'env' && words[i].startsWith('-')))
    )
      i++;
    if (i < words.length && basename(words[i]) === 'kubelet') return words.slice(i + 1).map((w) => w.replace(/^["']|["']$/g, ''));
    if (i + 1 < words.length && basename(words[i]) === 'hyperkube' && words[i + 1] === 'kubelet')
      return words.slice(i + 2).map((w) => w.replace(/^["']|["']$/g, ''));
  }
  return undefined;
}

/** How a container runs the kubelet, if it does. */
export function kubeletRun(c: ContainerRef): KubeletRun | undefined {
  const items = [...(c.node.get('command')?.items() ?? []), ...(c.node.get('args')?.items() ?? [])]
    .map((node) => ({ node, text: node.str() }))
    .filter((x): x is { node: YNode; text: string } => x.text !== undefined);
  if (!items.length || !c.node.get('command')) return undefined;
  const prog = basename(items[0].text);
  if (prog === 'kubelet') return { anchor: items[0].node, flags: items.slice(1), exec: true };
  if (prog === 'hyperkube' && items[1]?.text === 'kubelet') return { anchor: items[1].node, flags: items.slice(2), exec: true };
  if (SHELLS.has(prog)) {
    const dashC = items.findIndex((x, i) => i > 0 && /^-[a-z]*c[a-z]*$/.test(x.text));
    const script = dashC > 0 ? items[dashC + 1] : undefined;
    if (!script) return undefined;
    const words = kubeletInScript(script.text);
    if (!words) return undefined;
    return { anchor: script.node, flags: words.map((text) => ({ text, node: script.node })), exec: false };
  }
  return undefined;
}

function checkKubeletPod(pod: PodContext<MessageId>): void {
  for (const c of pod.containers) {
    const run = kubeletRun(c);
    if (!run) continue;
    let last: { hit: FlagHit; node: YNode } | undefined;
    for (const f of run.flags) {
      const hit = kernelFlag(f.text, true);
      if (hit) last = { hit, node: f.node };
    }
    if (last && flagTrue(last.hit)) continue;
    if (last) {
      const fixed = `${last.hit.dashes}protect-kernel-defaults=true`;
      pod.report({
        node: last.node,
        container: c,
        messageId: 'podFlagFalse',
        data: { subject: subject(c), flag: shownFlag(last.hit) },
        fix: run.exec
          ? { title: `Change the flag to ${fixed} ${inWhere(c)}`, preferred: false, ops: [{ op: 'set', node: last.node, value: fixed }] }
          : undefined,
      });
      continue;
    }
    const args = c.node.get('args');
    const target = args && args.isSeq && args.items().length ? args : c.node.get('command');
    pod.report({
      node: run.anchor,
      container: c,
      messageId: 'podFlagMissing',
      data: { subject: subject(c) },
      fix:
        run.exec && target
          ? {
              title: `Add --protect-kernel-defaults=true to the kubelet flags ${inWhere(c)}`,
              preferred: false,
              ops: [{ op: 'append', node: target, value: '--protect-kernel-defaults=true' }],
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
    if (ctx.objects.length) return;
    const kind = rke2ConfigKind(ctx.filePath) ?? (hasRke2Marker(ctx.leadingComments) ? 'main' : undefined);
    if (kind) checkRke2Config(ctx.root, kind, ctx.report);
  },
  checkObject(ctx) {
    const { object, report } = ctx;
    if (object.resource.kind !== 'KubeletConfiguration' || !(object.resource.apiVersion ?? '').startsWith('kubelet.config.k8s.io/')) return;
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
      fix: {
        title: 'Add protectKernelDefaults: true',
        preferred: false,
        ops: [{ op: 'ensure', node: object.root, keys: ['protectKernelDefaults'], value: true }],
      },
    });
  },
  checkPod: checkKubeletPod,
});
