/**
 * Pod Security Admission must enforce restricted (RKE2 STIG V-254571: the PodSecurity defaults of
 * the admission configuration are restricted at latest for enforce, audit and warn; Kubernetes
 * STIG V-254800: the API server has an admission configuration that represents least privilege,
 * read as restricted, as V-254571 words it). Files that decide it:
 * - admission configurations: each default that is not restricted (levels) or latest (versions),
 *   a missing one counting as PSA's default (privileged, latest); an AdmissionConfiguration with
 *   no PodSecurity plugin;
 * - Namespaces: an enforce label below restricted loosens the defaults for the namespace. It is
 *   an approved exemption (no finding) when the admission configuration that governs the file
 *   exempts the namespace, or when the rule's approvedNamespaces option lists it: the STIG's fix
 *   text documents exemptions in the configuration's exemptions list;
 * - RKE2 configs: a node that neither names pod-security-admission-config-file nor sets a CIS
 *   profile runs RKE2's default configuration, which enforces privileged;
 * - kube-apiserver static pods (kubeadm): a command line without --admission-control-config-file.
 */
import { compareLevels, parseLevel, parseVersionLabel, PSA_KEYS, type PsaKey } from '../cluster/psa';
import { componentRun, RunFlags } from '../components/static-pods';
import type { YNode } from '../model';
import { defineRule, type FixSpec, type ObjectContext } from '../rule';
import { cis, stigRef } from '../standards';
import { isNamespace, psaConfigOf, psaDefaults, psaLabels, stringOf } from './utils/pod-security-admission';
import { rke2Doc } from './utils/rke2-config';
import { subject } from './utils/wording';

export const RULE_ID = 'pod-security-admission-restricted';

const STIG = 'the STIGs require Pod Security Admission to enforce, audit and warn at restricted, version latest';

const MESSAGES = {
  defaultLevel: `This admission configuration's default {{key}} is {{value}}; ${STIG}.`,
  defaultVersion: `This admission configuration's default {{key}} is {{value}}; ${STIG}.`,
  noDefaults: `This PodSecurity configuration sets no defaults, so namespaces without labels are privileged in every mode; ${STIG}.`,
  noPlugin: `This AdmissionConfiguration has no PodSecurity plugin, so an API server that reads it runs Pod Security Admission with its built-in defaults (privileged); ${STIG}.`,
  namespaceBelow:
    'Namespace "{{name}}" enforces {{level}}, below the restricted level the STIGs require. Set it to restricted, or record the namespace as an approved exemption: in the admission configuration\'s exemptions.namespaces, or in this rule\'s approvedNamespaces option.',
  rke2Default: `This RKE2 node neither names pod-security-admission-config-file nor sets profile: cis, so RKE2 writes its default admission configuration, which enforces privileged; ${STIG}.`,
  apiServerNoConfig: `{{subject}} runs kube-apiserver without --admission-control-config-file, so Pod Security Admission uses its built-in defaults (privileged); ${STIG}.`,
};
type MessageId = keyof typeof MESSAGES;

const WANT: Record<PsaKey, string> = {
  enforce: 'restricted',
  'enforce-version': 'latest',
  audit: 'restricted',
  'audit-version': 'latest',
  warn: 'restricted',
  'warn-version': 'latest',
};

/** The restricted defaults, in the order the STIG lists them. */
const RESTRICTED_DEFAULTS = Object.fromEntries(PSA_KEYS.map((k) => [k, WANT[k]]));

function checkConfig(ctx: ObjectContext<MessageId>): void {
  const psa = psaConfigOf(ctx.object);
  if (!psa) return;
  if (psa.noPlugin) {
    ctx.report({ node: psa.kindNode, messageId: 'noPlugin', missing: true });
    return;
  }
  const config = psa.config;
  // a PodSecurity plugin with `path:` has its configuration in that file, checked there
  if (!config) return;
  const { defaults, values } = psaDefaults(config);
  if (!defaults) {
    const anchor = config === ctx.object.root ? psa.kindNode : (psa.plugin?.getRaw('configuration') ?? psa.kindNode);
    ctx.report({
      node: anchor,
      at: anchor === psa.kindNode ? 'pair' : 'key',
      messageId: 'noDefaults',
      missing: true,
      fix: config.templated
        ? undefined
        : {
            title: 'Add restricted defaults at latest for enforce, audit and warn',
            preferred: false,
            ops: [{ op: 'ensure', node: config, keys: ['defaults'], value: RESTRICTED_DEFAULTS }],
          },
    });
    return;
  }
  for (const key of PSA_KEYS) {
    const want = WANT[key];
    const v = values[key];
    const isVersion = key.endsWith('-version');
    if (v?.templated) continue;
    const text = v && !v.isNull ? (stringOf(v) ?? '') : '';
    // unset or empty: PSA's defaults, privileged and latest
    const effective = text === '' ? (isVersion ? 'latest' : 'privileged') : text;
    // an invalid version is pod-security-labels' finding (and the API server does not start)
    if (isVersion && (effective === 'latest' || parseVersionLabel(effective).error)) continue;
    if (!isVersion) {
      const { level, error } = parseLevel(effective);
      // an invalid level is pod-security-labels' finding (and the API server does not start)
      if (error || level === 'restricted') continue;
    }
    const fix: FixSpec =
      v && !v.isNull
        ? { title: `Set defaults.${key} to ${want}`, preferred: false, ops: [{ op: 'set', node: v, value: want }] }
        : { title: `Add defaults.${key}: ${want}`, preferred: false, ops: [{ op: 'ensure', node: defaults, keys: [key], value: want }] };
    const shownValue = text === '' ? `not set (${effective})` : effective;
    ctx.report({
      node: v && !v.isNull ? v : (config.getRaw('defaults') ?? defaults),
      at: v && !v.isNull ? 'pair' : 'key',
      messageId: isVersion ? 'defaultVersion' : 'defaultLevel',
      missing: !v,
      data: { key, value: shownValue },
      fix,
    });
  }
}

function checkNamespace(ctx: ObjectContext<MessageId>): void {
  const name = ctx.object.resource.name;
  const enforce = psaLabels(ctx.object).find((l) => l.known === 'enforce');
  if (!name || !enforce || enforce.value.templated) return;
  const text = stringOf(enforce.value);
  if (text === undefined) return;
  const { level, error } = parseLevel(text);
  // an invalid level reads as restricted (and is pod-security-labels' finding)
  if (error || compareLevels(level, 'restricted') >= 0) return;
  const approved = (ctx.options.approvedNamespaces as string[] | undefined) ?? [];
  if (approved.includes(name)) return;
  if (ctx.cluster.defaults(ctx.filePath, ctx.cluster.settings).exemptions.namespaces.includes(name)) return;
  ctx.report({
    node: enforce.value,
    at: 'value',
    messageId: 'namespaceBelow',
    data: { name, level },
    fix: { title: `Set ${enforce.key} to restricted`, preferred: false, ops: [{ op: 'set', node: enforce.value, value: 'restricted' }] },
  });
}

export default defineRule({
  meta: {
    id: RULE_ID,
    title: 'Pod Security Admission enforces restricted',
    description:
      "Requires the cluster to run Pod Security Admission at the restricted level, as RKE2 STIG V-254571 and Kubernetes STIG V-254800 ask. Reports an admission configuration whose PodSecurity defaults are not restricted for enforce, audit and warn, or not at version latest (a default that is not set counts as privileged, latest); an AdmissionConfiguration without a PodSecurity plugin; a Namespace labelled to enforce baseline or privileged that is not an approved exemption; an RKE2 config (config.yaml with its drop-ins) that neither names pod-security-admission-config-file nor sets profile: cis, so that RKE2 writes its default configuration, which enforces privileged; and a kube-apiserver static pod that runs without --admission-control-config-file. An exemption is approved when the admission configuration that governs the Namespace's file exempts the namespace (where the STIG documents exemptions), or when the approvedNamespaces option lists it.",
    rationale:
      'Pod Security Admission is what keeps a user who may create pods from creating privileged ones: host namespaces, host paths, added capabilities, root. Its defaults decide for every namespace without labels, and a namespace label can lower them for one namespace. Unless the defaults enforce restricted and every exception is deliberate and recorded, a compromised deployment pipeline or a careless manifest gets a pod that owns its node.',
    remediation:
      'Give the API server an admission configuration whose PodSecurity defaults are enforce, audit and warn restricted at latest (on RKE2: profile: cis, or pod-security-admission-config-file naming such a file), and exempt only the namespaces that need more (kube-system and the like), in its exemptions.namespaces. Label other namespaces restricted, or leave their labels out. The quick fixes are never applied by fix-all: a stricter level rejects pods that ran before.',
    profiles: { 'stig-rke2': 'error', 'stig-kubernetes': 'error' },
    defaultSeverity: 'error',
    fixable: true,
    standards: [stigRef('V-254571'), stigRef('V-254800'), cis('5.2.1', 'Ensure that the cluster has at least one active policy control mechanism in place')],
    messages: MESSAGES,
    options: {
      approvedNamespaces: {
        type: 'string[]',
        description:
          'Namespaces approved to enforce less than restricted (recorded exemptions), beside those the admission configuration exempts; a Namespace labelled below restricted that is in neither is a finding.',
        default: [],
      },
    },
  },
  checkObject(ctx) {
    if (isNamespace(ctx.object)) checkNamespace(ctx);
    else checkConfig(ctx);
  },
  checkDocument(ctx) {
    const doc = rke2Doc(ctx);
    if (!doc || !doc.isHome) return;
    const node = doc.node;
    if (node.keyText('pod-security-admission-config-file') || node.cis) return;
    // a template writes what decides it: unknown
    const templated = (k: string) => {
      const v = node.key(k)?.value;
      return v?.kind === 'scalar' && v.item.templated;
    };
    if (templated('profile') || templated('pod-security-admission-config-file')) return;
    // the finding names what decides it: the profile, when one is set but is not CIS
    const anchor: YNode | undefined = doc.keyNode('profile') ?? doc.root.entries()[0]?.[1];
    if (!anchor || anchor.templated) return;
    ctx.report({ node: anchor, at: 'key', messageId: 'rke2Default', missing: true });
  },
  checkPod(pod) {
    for (const c of pod.containers) {
      const run = componentRun(c);
      if (!run || run.component !== 'kube-apiserver') continue;
      if (new RunFlags(run).get('admission-control-config-file')) continue;
      pod.report({ node: run.anchor, container: c, messageId: 'apiServerNoConfig', missing: true, data: { subject: subject(c) } });
    }
  },
});
