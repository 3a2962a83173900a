import { cis, NSA_HARDENING, NSA_POD_SECURITY, pssStandards } from '../standards';
import { eachSecurityContext } from './utils/security-context';
import { inWhere, subject } from './utils/wording';
import { defineRule } from '../rule';

const ANNOTATION_PREFIX = 'container.apparmor.security.beta.kubernetes.io/';

function allowedAnnotation(v: string): boolean {
  return v === '' || v === 'runtime/default' || v.startsWith('localhost/');
}

export default defineRule({
  meta: {
    id: 'apparmor',
    title: 'AppArmor profile',
    description:
      'Flags AppArmor profiles other than the runtime default or a profile loaded on the node: the appArmorProfile field (type must be RuntimeDefault or Localhost) at the pod level and in every container, and the older container.apparmor.security.beta.kubernetes.io/<container> annotations (runtime/default, localhost/<profile> or empty).',
    rationale:
      'AppArmor confines what a container process may do on the node (files, mounts, raw sockets). Unconfined removes that confinement, so a compromised process meets one less barrier between it and the host.',
    remediation:
      'Set appArmorProfile.type to RuntimeDefault (or Localhost with a profile installed on the nodes), or remove the setting to get the runtime default.',
    pss: { level: 'baseline', check: 'appArmorProfile', control: 'AppArmor', since: 0 },
    defaultSeverity: 'error',
    fixable: true,
    standards: pssStandards(cis('5.7.3', 'Apply Security Context to Your Pods and Containers'), NSA_POD_SECURITY, NSA_HARDENING),
    messages: {
      annotation:
        "Annotation {{key}} sets AppArmor profile {{profile}} for container '{{container}}'; only runtime/default or localhost/<profile> are allowed.",
      profileType: '{{subject}} sets AppArmor profile type {{type}}; only RuntimeDefault or Localhost are allowed.',
    },
  },
  checkPod(pod) {
    for (const [key, n] of pod.metadata?.get('annotations')?.entries() ?? []) {
      if (!key.startsWith(ANNOTATION_PREFIX) || n.isNull) continue;
      const v = n.str() ?? '';
      if (allowedAnnotation(v)) continue;
      const container = key.slice(ANNOTATION_PREFIX.length);
      pod.report({
        node: n,
        fromPodLevel: true,
        messageId: 'annotation',
        data: { key, profile: JSON.stringify(v), container },
        fix: { title: `Set ${key}: runtime/default`, preferred: false, ops: [{ op: 'set', node: n, value: 'runtime/default' }] },
      });
    }
    eachSecurityContext(pod, (sc, c) => {
      const profile = sc.get('appArmorProfile');
      if (!profile) return;
      const type = profile.get('type');
      const t = type?.str() ?? '';
      if (t === 'RuntimeDefault' || t === 'Localhost') return;
      pod.report({
        node: type ?? profile,
        at: type ? 'pair' : 'key',
        container: c,
        fromPodLevel: !c,
        messageId: 'profileType',
        data: { subject: subject(c), type: type ? JSON.stringify(t) : '(none)' },
        fix: {
          title: `Set appArmorProfile.type: RuntimeDefault ${inWhere(c)}`,
          preferred: false,
          ops: [type ? { op: 'set', node: type, value: 'RuntimeDefault' } : { op: 'ensure', node: profile, keys: ['type'], value: 'RuntimeDefault' }],
        },
      });
    });
  },
});
