/** Seccomp profile types, which both seccomp rules judge. */
import type { YNode } from '../../model';
import type { PodContext } from '../../rule';
import type { ContainerRef } from '../../workloads';
import { inWhere, subject } from './wording';

/** Seccomp profile types both levels accept when a profile is set. */
export function validSeccompType(type: string | undefined): boolean {
  return type === 'RuntimeDefault' || type === 'Localhost';
}

/** The message `reportBadSeccompType` reports; a rule that calls it includes these. */
export const SECCOMP_TYPE_MESSAGES = {
  badSeccompType: '{{subject}} sets seccomp profile type {{type}}; only RuntimeDefault or Localhost are allowed.',
};

/** Report an explicitly set seccomp profile type the standards reject (policy v1.19 and later). */
export function reportBadSeccompType(pod: PodContext<keyof typeof SECCOMP_TYPE_MESSAGES>, sc: YNode, c: ContainerRef | undefined): boolean {
  const profile = sc.get('seccompProfile');
  if (!profile) return false;
  const type = profile.get('type');
  const t = type?.str();
  if (validSeccompType(t)) return false;
  pod.report({
    node: type ?? profile,
    at: type ? 'pair' : 'key',
    container: c,
    fromPodLevel: !c,
    breaksBaseline: true,
    messageId: 'badSeccompType',
    data: { subject: subject(c), type: t === undefined ? '(none)' : JSON.stringify(t) },
    fix: {
      title: `Set seccompProfile.type: RuntimeDefault ${inWhere(c)}`,
      preferred: false,
      ops: [type ? { op: 'set', node: type, value: 'RuntimeDefault' } : { op: 'ensure', node: profile, keys: ['type'], value: 'RuntimeDefault' }],
    },
  });
  return true;
}
