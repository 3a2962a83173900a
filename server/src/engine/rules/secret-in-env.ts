/**
 * Secrets reach containers as files, not as environment variables.
 */
import { subject } from './utils/wording';
import { defineRule } from '../rule';
import { cis, K8S_SECRETS_NOT_IN_ENV, NSA_SECRETS, RKE2_SECRETS, SRG_PASSWORD_STORAGE } from '../standards';

export default defineRule({
  meta: {
    id: 'secret-in-env',
    title: 'Secrets in environment variables',
    description:
      'Flags every container (init, regular and ephemeral) that takes a Secret into its environment: an env entry with valueFrom.secretKeyRef, or an envFrom entry with secretRef.',
    rationale:
      'An environment variable is copied into every child process, readable through /proc by anything that shares the process namespace or runs as the same user on the node, and routinely printed by crash reports, debug endpoints and error pages. A Secret mounted as a file can be limited by file mode, stays out of child processes, and follows rotation without a restart.',
    remediation:
      'Mount the Secret as a volume (a secret or projected volume, readOnly, with a tight defaultMode such as 0400) and let the application read the file. Where software only takes a variable, point it at the file (many accept a *_FILE variant).',
    profiles: { 'stig-rke2': 'error', 'stig-kubernetes': 'error' },
    defaultSeverity: 'error',
    fixable: false,
    standards: [
      K8S_SECRETS_NOT_IN_ENV,
      RKE2_SECRETS,
      SRG_PASSWORD_STORAGE,
      cis('5.4.1', 'Prefer using Secrets as files over Secrets as environment variables'),
      NSA_SECRETS,
    ],
    messages: {
      env: '{{subject}} reads secret {{secret}} into environment variable {{variable}}; mount the secret as a file instead.',
      envKey: "{{subject}} reads key '{{key}}' of secret {{secret}} into environment variable {{variable}}; mount the secret as a file instead.",
      envFrom: '{{subject}} loads every key of secret {{secret}} into its environment (envFrom); mount the secret as a file instead.',
    },
  },
  checkPod(pod) {
    for (const c of pod.containers) {
      for (const env of c.node.get('env')?.items() ?? []) {
        const ref = env.at('valueFrom', 'secretKeyRef');
        if (!ref) continue;
        const variable = env.get('name')?.str();
        const secret = ref.get('name')?.str();
        const key = ref.get('key')?.str();
        pod.report({
          node: ref,
          at: 'key',
          container: c,
          messageId: key !== undefined ? 'envKey' : 'env',
          data: { subject: subject(c), key: key ?? '', secret: secret !== undefined ? `'${secret}'` : '(unnamed)', variable: variable ?? '(unnamed)' },
        });
      }
      for (const from of c.node.get('envFrom')?.items() ?? []) {
        const ref = from.get('secretRef');
        if (!ref) continue;
        const secret = ref.get('name')?.str();
        pod.report({
          node: ref,
          at: 'key',
          container: c,
          messageId: 'envFrom',
          data: { subject: subject(c), secret: secret !== undefined ? `'${secret}'` : '(unnamed)' },
        });
      }
    }
  },
});
