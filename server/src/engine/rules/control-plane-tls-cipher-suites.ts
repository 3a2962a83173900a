/**
 * The control plane must offer only the approved TLS cipher suites (`--tls-cipher-suites` holding
 * the STIG's list).
 * - RKE2 config files (RKE2 STIG V-254553): kube-apiserver, kube-controller-manager and
 *   kube-scheduler must each carry the six ECDHE AES-GCM and ChaCha20 suites of the STIG's check
 *   text. RKE2 passes exactly those to kube-apiserver and none to the other two, which are reported
 *   in config.yaml until an entry gives them.
 * - kube-apiserver static pods (Kubernetes STIG V-242418): the four ECDHE AES-GCM suites.
 * Extra suites are not judged (the STIGs ask the list to contain theirs).
 */
import type { Component } from '../components/flags';
import { defineRule } from '../rule';
import { cis, stigRef } from '../standards';
import { checkPodFlag, checkRke2Flag, SETTING_MESSAGES, type FlagRequirement, type SettingFileKind } from './utils/component-settings';
import { rke2Doc } from './utils/rke2-config';

export const RULE_ID = 'control-plane-tls-cipher-suites';

/** The suites of the RKE2 STIG's check text (V-254553; see the catalogue's doubts on V2R6). */
const RKE2_STIG_SUITES = [
  'TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256',
  'TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256',
  'TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305',
  'TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384',
  'TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305',
  'TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384',
];
/** The suites of the Kubernetes STIG (V-242418). */
const K8S_STIG_SUITES = [
  'TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256',
  'TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256',
  'TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384',
  'TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384',
];

const suitesFor = (kind: SettingFileKind) => (kind === 'rke2' ? RKE2_STIG_SUITES : K8S_STIG_SUITES);

const requirementFor = (component: Component): FlagRequirement => ({
  component,
  flag: 'tls-cipher-suites',
  fails: (_v, items, kind) => suitesFor(kind).some((s) => !items.includes(s)),
  missingFails: { rke2: true, pod: true, config: false },
  requirement:
    "the STIGs require --tls-cipher-suites to hold their approved suites (the RKE2 STIG's six ECDHE AES-GCM and ChaCha20 suites on every control-plane component, the Kubernetes STIG's four ECDHE AES-GCM suites on the API server), so that only forward-secret AEAD ciphers are negotiated",
  fixValue: (kind) => suitesFor(kind).join(','),
  preferred: false,
});
const RKE2_REQUIREMENTS = (['kube-apiserver', 'kube-controller-manager', 'kube-scheduler'] as Component[]).map(requirementFor);
const POD_REQUIREMENT = requirementFor('kube-apiserver');

const { rke2FlagMissing, rke2FlagDropped, rke2FlagValue, podFlagMissing, podFlagValue } = SETTING_MESSAGES;

export default defineRule({
  meta: {
    id: RULE_ID,
    title: 'Control plane TLS cipher suites',
    description:
      "Requires the control plane to offer the approved TLS cipher suites. In RKE2 config files (config.yaml with its drop-ins, merged as RKE2 merges them), kube-apiserver, kube-controller-manager and kube-scheduler must each run with --tls-cipher-suites holding the RKE2 STIG's six suites (TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256, TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256, TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305, TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384, TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305, TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384). RKE2 passes them to kube-apiserver itself (an entry tls-cipher-suites+=... appends to that list; tls-cipher-suites=... replaces it); the controller manager and the scheduler get none, so each is reported in config.yaml until kube-controller-manager-arg and kube-scheduler-arg give the list. In a kube-apiserver static pod (kubeadm), --tls-cipher-suites must hold the Kubernetes STIG's four ECDHE AES-GCM suites. Suites beyond the required ones are not judged.",
    rationale:
      'Without a list, each component offers every suite Go enables by default, including ones without forward secrecy; a list of ECDHE suites with AEAD ciphers means a recorded session cannot be decrypted later with a stolen server key, and no legacy CBC construction is negotiated.',
    remediation:
      "Add tls-cipher-suites=<the STIG's suites, comma-separated> to kube-controller-manager-arg and kube-scheduler-arg (and to kube-apiserver-arg if an entry replaced RKE2's list) in /etc/rancher/rke2/config.yaml, or --tls-cipher-suites=... to the kube-apiserver static pod. The quick fix is offered one at a time and never applied by fix-all: clients limited to other suites cannot connect afterwards, and a misspelt suite stops the component from starting.",
    profiles: { 'stig-rke2': 'error', 'stig-kubernetes': 'error' },
    defaultSeverity: 'error',
    fixable: true,
    standards: [stigRef('V-254553'), stigRef('V-242418'), cis('1.2.29', 'Ensure that the API Server only makes use of Strong Cryptographic Ciphers')],
    messages: { rke2FlagMissing, rke2FlagDropped, rke2FlagValue, podFlagMissing, podFlagValue },
  },
  checkDocument(ctx) {
    const doc = rke2Doc(ctx);
    if (doc) for (const req of RKE2_REQUIREMENTS) checkRke2Flag(doc, req, ctx.report);
  },
  checkPod(pod) {
    checkPodFlag(pod, POD_REQUIREMENT);
  },
});
