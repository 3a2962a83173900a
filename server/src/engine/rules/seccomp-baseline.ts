import { cis, NSA_HARDENING, NSA_POD_SECURITY, pssStandards } from '../standards';
import { defineRule } from '../rule';
import type { ContainerRef } from '../workloads';
import { reportBadSeccompType, SECCOMP_TYPE_MESSAGES } from './utils/seccomp';
import { eachSecurityContext } from './utils/security-context';

const POD_ANNOTATION = 'seccomp.security.alpha.kubernetes.io/pod';
const CONTAINER_ANNOTATION_PREFIX = 'container.seccomp.security.alpha.kubernetes.io/';

function validAnnotation(v: string): boolean {
  return v === 'runtime/default' || v === 'docker/default' || v.startsWith('localhost/');
}

export default defineRule({
  meta: {
    id: 'seccomp-baseline',
    title: 'Seccomp profile',
    description:
      'Flags seccomp profiles other than RuntimeDefault or Localhost in securityContext.seccompProfile, at the pod level and in every container. Up to policy version v1.18 the check reads the seccomp.security.alpha.kubernetes.io annotations instead (runtime/default, docker/default or localhost/<profile>).',
    rationale:
      'Seccomp filters the system calls a container may make. Unconfined opens the whole kernel syscall surface to the container, including calls used in container escapes.',
    remediation: 'Set seccompProfile.type to RuntimeDefault (or Localhost with a profile installed on the nodes), or remove the Unconfined setting.',
    pss: { level: 'baseline', check: 'seccompProfile_baseline', control: 'Seccomp', since: 0 },
    defaultSeverity: 'error',
    fixable: true,
    standards: pssStandards(cis('5.7.2', 'Ensure that the seccomp profile is set to docker/default in your Pod definitions'), NSA_POD_SECURITY, NSA_HARDENING),
    messages: {
      ...SECCOMP_TYPE_MESSAGES,
      annotation: 'Annotation {{key}} sets seccomp profile {{profile}}; only runtime/default, docker/default or localhost/<profile> are allowed.',
    },
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
        messageId: 'annotation',
        data: { key, profile: JSON.stringify(v) },
        fix: { title: `Set ${key}: runtime/default`, preferred: false, ops: [{ op: 'set', node: n, value: 'runtime/default' }] },
      });
    };
    check(POD_ANNOTATION, undefined);
    for (const c of pod.containers) check(CONTAINER_ANNOTATION_PREFIX + (c.name ?? ''), c);
  },
});
