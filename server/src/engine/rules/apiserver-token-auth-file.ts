/**
 * kube-apiserver must not accept static bearer tokens from a file (`--token-auth-file` not
 * given; Kubernetes STIG V-245543).
 * - RKE2 config files: each `kube-apiserver-arg` entry that gives it, in the file that writes it
 *   (RKE2 does not pass it itself).
 * - kube-apiserver static pods (kubeadm): every use of the flag.
 */
import { defineRule } from '../rule';
import { cis, stigRef } from '../standards';
import { SETTING_MESSAGES } from './utils/component-settings';
import { checkPodFlagAbsent, checkRke2FlagAbsent, type ForbiddenFlag } from './utils/flag-presence';
import { rke2Doc } from './utils/rke2-config';

export const RULE_ID = 'apiserver-token-auth-file';

const FLAG: ForbiddenFlag = {
  component: 'kube-apiserver',
  flag: 'token-auth-file',
  requirement:
    'the Kubernetes STIG forbids static token files: their tokens never expire, cannot be revoked without restarting the API server and sit in clear text on the node',
  preferred: false,
};

const { rke2FlagValue, podFlagValue } = SETTING_MESSAGES;

export default defineRule({
  meta: {
    id: RULE_ID,
    title: 'API server static token file',
    description:
      'Flags kube-apiserver run with --token-auth-file, which authenticates bearer tokens listed in a CSV file. In RKE2 config files (config.yaml with its drop-ins, merged as RKE2 merges them), each kube-apiserver-arg entry that gives the flag is reported where it is written; in a kube-apiserver static pod (kubeadm), the flag itself.',
    rationale:
      'Tokens in a static file are long-lived shared secrets: they do not expire, changing one means editing the file on every control-plane node and restarting the API server, and anyone who reads the file (backups included) holds them. Client certificates, service account tokens and OIDC give each caller credentials that expire and can be revoked.',
    remediation:
      'Move the users and components that use the tokens to client certificates, service account tokens or an OIDC provider, then remove --token-auth-file from the API server and delete the file. The quick fix removes the flag; it is offered one at a time and never applied by fix-all, because whoever still uses a listed token is locked out.',
    profiles: { 'stig-rke2': 'error', 'stig-kubernetes': 'error' },
    defaultSeverity: 'error',
    fixable: true,
    standards: [stigRef('V-245543'), cis('1.2.2', 'Ensure that the --token-auth-file parameter is not set')],
    messages: { rke2FlagValue, podFlagValue },
  },
  checkDocument(ctx) {
    const doc = rke2Doc(ctx);
    if (doc) checkRke2FlagAbsent(doc, FLAG, ctx.report);
  },
  checkPod(pod) {
    checkPodFlagAbsent(pod, FLAG);
  },
});
