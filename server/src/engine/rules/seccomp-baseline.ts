import { cis, NSA_HARDENING, NSA_POD_SECURITY, pssStandards } from '../standards';
import { eachSecurityContext, inWhere, subject, validSeccompType } from '../pss';
import { defineRule, PodContext } from '../rule';
import type { YNode } from '../model';
import type { ContainerRef } from '../workloads';

const POD_ANNOTATION = 'seccomp.security.alpha.kubernetes.io/pod';
const CONTAINER_ANNOTATION_PREFIX = 'container.seccomp.security.alpha.kubernetes.io/';

function validAnnotation(v: string): boolean {
  return v === 'runtime/default' || v === 'docker/default' || v.startsWith('localhost/');
}

/** Report an explicitly set seccomp profile type the standards reject (policy v1.19 and later). */
export function reportBadSeccompType(pod: PodContext, sc: YNode, c: ContainerRef | undefined): boolean {
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
    message: `${subject(c)} sets seccomp profile type ${t === undefined ? '(none)' : JSON.stringify(t)}; only RuntimeDefault or Localhost are allowed.`,
    fix: {
      title: `Set seccompProfile.type: RuntimeDefault ${inWhere(c)}`,
      preferred: false,
      ops: [type ? { op: 'set', node: type, value: 'RuntimeDefault' } : { op: 'ensure', node: profile, keys: ['type'], value: 'RuntimeDefault' }],
    },
  });
  return true;
}

export default defineRule({
  meta: {
    id: 'seccomp-baseline',
    title: 'Seccomp profile',
    description: 'Flags seccomp profiles other than RuntimeDefault or Localhost in securityContext.seccompProfile, at the pod level and in every container. Up to policy version v1.18 the check reads the seccomp.security.alpha.kubernetes.io annotations instead (runtime/default, docker/default or localhost/<profile>).',
    rationale: 'Seccomp filters the system calls a container may make. Unconfined opens the whole kernel syscall surface to the container, including calls used in container escapes.',
    remediation: 'Set seccompProfile.type to RuntimeDefault (or Localhost with a profile installed on the nodes), or remove the Unconfined setting.',
    pss: { level: 'baseline', check: 'seccompProfile_baseline', control: 'Seccomp', since: 0 },
    defaultSeverity: 'error',
    fixable: true,
    standards: pssStandards(cis('5.7.2', 'Ensure that the seccomp profile is set to docker/default in your Pod definitions'), NSA_POD_SECURITY, NSA_HARDENING),
  },
  checkPod(pod) {
    if (pod.version >= 19) {
      eachSecurityContext(pod, (sc, c) => void reportBadSeccompType(pod, sc, c));
      return;
    }
    const ann = pod.metadata?.get('annotations');
    if (!ann) return;
    const check = (key: string, c: ContainerRef | undefined) => {
      const n = ann.getRaw(key);
      if (!n) return;
      const v = n.str() ?? '';
      if (validAnnotation(v)) return;
      pod.report({
        node: n,
        container: c,
        fromPodLevel: !c,
        message: `Annotation ${key} sets seccomp profile ${JSON.stringify(v)}; only runtime/default, docker/default or localhost/<profile> are allowed.`,
        fix: { title: `Set ${key}: runtime/default`, preferred: false, ops: [{ op: 'set', node: n, value: 'runtime/default' }] },
      });
    };
    check(POD_ANNOTATION, undefined);
    for (const c of pod.containers) check(CONTAINER_ANNOTATION_PREFIX + (c.name ?? ''), c);
  },
});
