/**
 * kube-apiserver must not accept passwords from a basic-auth file (`--basic-auth-file` not given;
 * Kubernetes STIG V-245542).
 * - kube-apiserver static pods (kubeadm): every use of the flag. Kubernetes removed the flag in
 *   1.19, so a current API server refuses to start with it; the finding stands either way.
 * - RKE2 config files are not judged: RKE2 drops `basic-auth-file` from the arguments it passes
 *   to the API server (rancher/rke2 `pkg/executor/staticpod/staticpod.go`), so an entry never
 *   reaches it.
 */
import { defineRule } from '../rule';
import { stigRef } from '../standards';
import { SETTING_MESSAGES } from './utils/component-settings';
import { checkPodFlagAbsent, type ForbiddenFlag } from './utils/flag-presence';

export const RULE_ID = 'apiserver-basic-auth-file';

const FLAG: ForbiddenFlag = {
  component: 'kube-apiserver',
  flag: 'basic-auth-file',
  requirement:
    'the Kubernetes STIG forbids basic authentication: passwords from a clear-text file, sent with every request, with no expiry or lockout (and Kubernetes 1.19 and later refuse to start with the flag)',
  preferred: false,
};

const { podFlagValue } = SETTING_MESSAGES;

export default defineRule({
  meta: {
    id: RULE_ID,
    title: 'API server basic authentication',
    description:
      'Flags kube-apiserver run with --basic-auth-file, which accepts user names and passwords listed in a CSV file. In a kube-apiserver static pod (kubeadm), every use of the flag is reported. Kubernetes removed the flag in 1.19, so a current API server does not start with it. RKE2 config files are not judged: RKE2 drops basic-auth-file from the arguments it passes to the API server.',
    rationale:
      'Basic authentication sends a reusable password with every request, keeps the passwords in clear text on each control-plane node, and offers no expiry, rotation or lockout. Anyone who reads the file, or one request, can act as that user until the file is edited and the API server restarted.',
    remediation:
      'Move the users of the file to client certificates or an OIDC provider, then remove --basic-auth-file from the API server manifest and delete the file. The quick fix removes the flag; it is offered one at a time and never applied by fix-all, because whoever still signs in with a password is locked out.',
    profiles: { 'stig-rke2': 'error', 'stig-kubernetes': 'error' },
    defaultSeverity: 'error',
    fixable: true,
    standards: [stigRef('V-245542')],
    messages: { podFlagValue },
  },
  checkPod(pod) {
    checkPodFlagAbsent(pod, FLAG);
  },
});
