/**
 * Secrets must be encrypted at rest (Kubernetes STIG V-274882): kube-apiserver runs with
 * `--encryption-provider-config`, and the EncryptionConfiguration it reads covers secrets with a
 * real provider before `identity`.
 * - kube-apiserver static pods (kubeadm): the flag must be there and name a file.
 * - EncryptionConfiguration documents (`apiserver.config.k8s.io/v1`): the first entry of
 *   `resources` that matches secrets (`secrets`, `*.` or `*.*`, the first match wins as in the
 *   API server) must exist, and its first provider (the one that writes) must not be `identity`.
 * - RKE2 config files: RKE2 servers always encrypt secrets (`secrets-encryption` is forced on,
 *   rancher/rke2 `pkg/rke2/rke2.go` Server) and pass the flag with their own generated file; a
 *   `kube-apiserver-arg` entry that empties it is reported where it is written.
 */
import { defineRule } from '../rule';
import { cis, stigRef } from '../standards';
import type { YNode } from '../model';
import { checkPodFlag, checkRke2Flag, SETTING_MESSAGES } from './utils/component-settings';
import { fileFlag } from './utils/file-flags';
import { rke2Doc } from './utils/rke2-config';

export const RULE_ID = 'apiserver-encryption-provider-config';

const FLAG = fileFlag(
  'kube-apiserver',
  'encryption-provider-config',
  '/etc/kubernetes/enc/enc.yaml',
  'the Kubernetes STIG requires --encryption-provider-config, so that the API server encrypts Secrets before it stores them in etcd',
);

const WHY = 'the Kubernetes STIG requires Secrets encrypted at rest, with a real provider ahead of identity';

const MESSAGES = {
  rke2FlagValue: SETTING_MESSAGES.rke2FlagValue,
  podFlagMissing: SETTING_MESSAGES.podFlagMissing,
  podFlagValue: SETTING_MESSAGES.podFlagValue,
  secretsNotCovered: `This EncryptionConfiguration has no entry for secrets (secrets, *. or *.*), so the API server stores Secrets in etcd as they are; ${WHY}.`,
  identityFirst: `The first provider for secrets here is identity, so the API server writes Secrets to etcd unencrypted (identity only reads old data); ${WHY}.`,
};

/** A `resources[].resources` item that selects Secrets. */
function selectsSecrets(item: YNode): boolean {
  const s = item.str();
  return s === 'secrets' || s === '*.' || s === '*.*';
}

export default defineRule({
  meta: {
    id: RULE_ID,
    title: 'Secrets encrypted at rest',
    description:
      'Requires the API server to encrypt Secrets before storing them in etcd. In a kube-apiserver static pod (kubeadm), --encryption-provider-config must be present and name a file. In an EncryptionConfiguration (apiserver.config.k8s.io/v1), the first resources entry that matches secrets (secrets, *. or *.*) must exist and its first provider, the one that encrypts new writes, must not be identity. In RKE2 config files, RKE2 encrypts secrets on every server itself (the secrets-encryption option cannot turn it off), so the finding is a kube-apiserver-arg entry that sets --encryption-provider-config to nothing.',
    rationale:
      'etcd, its snapshots and its backups hold every Secret: service account tokens, registry credentials, TLS keys. Without encryption at rest, anyone who reads an etcd data file or a backup reads them all. With a provider such as aescbc, aesgcm, secretbox or kms first, the API server encrypts each Secret before it is written.',
    remediation:
      'Write an EncryptionConfiguration that lists secrets with aescbc, aesgcm, secretbox or kms first and identity last (so existing Secrets stay readable), mount it into the API server pod and pass --encryption-provider-config; then rewrite all Secrets (kubectl get secrets -A -o json | kubectl replace -f -) so the old ones are encrypted too. The quick fix for a missing flag writes the path of the Kubernetes documentation example and is offered one at a time, never applied by fix-all: the API server does not start without the file.',
    profiles: { 'stig-rke2': 'error', 'stig-kubernetes': 'error' },
    defaultSeverity: 'error',
    fixable: true,
    standards: [
      stigRef('V-274882'),
      cis('1.2.27', 'Ensure that the --encryption-provider-config argument is set as appropriate'),
      cis('1.2.28', 'Ensure that encryption providers are appropriately configured'),
    ],
    messages: MESSAGES,
  },
  checkDocument(ctx) {
    const doc = rke2Doc(ctx);
    if (doc) checkRke2Flag(doc, FLAG.rke2, ctx.report);
  },
  checkObject(ctx) {
    const { object, report } = ctx;
    if (object.resource.kind !== 'EncryptionConfiguration' || object.resource.apiVersion !== 'apiserver.config.k8s.io/v1') return;
    const resources = object.root.get('resources');
    if (resources?.templated) return;
    const entry = resources?.items().find((r) => r.get('resources')?.items().some(selectsSecrets));
    if (!entry) {
      if (resources?.items().some((r) => r.templated || r.get('resources')?.templated)) return;
      report({ node: resources ?? object.root.get('kind')!, at: resources ? 'key' : 'pair', messageId: 'secretsNotCovered' });
      return;
    }
    const first = entry.get('providers')?.items()[0];
    if (!first?.isMap || first.templated) return;
    const name = first.entries()[0]?.[0];
    if (name === 'identity') report({ node: first.getRaw('identity') ?? first, at: 'key', messageId: 'identityFirst' });
  },
  checkPod(pod) {
    checkPodFlag(pod, FLAG.local);
  },
});
