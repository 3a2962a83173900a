import { cis, NSA_POD_SECURITY, pssStandards } from '../standards';
import { defineRule } from '../rule';

export default defineRule({
  meta: {
    id: 'host-path-volumes',
    title: 'HostPath volumes',
    description: 'Flags volumes of type hostPath.',
    rationale:
      "A hostPath volume mounts a directory of the node into the pod. Through it a container can read node credentials, kubelet and container runtime sockets, or other pods' data, and with write access it can plant files the node later executes.",
    remediation:
      'Use an emptyDir, a ConfigMap or Secret, or a PersistentVolumeClaim instead. Node agents that truly need host files belong in a namespace with the privileged level.',
    pss: { level: 'baseline', check: 'hostPathVolumes', control: 'HostPath Volumes', since: 0 },
    defaultSeverity: 'error',
    fixable: true,
    standards: pssStandards(cis('5.2.12', 'Minimize the admission of HostPath volumes'), NSA_POD_SECURITY),
    messages: {
      hostPath: "Volume '{{volume}}' mounts a host directory with hostPath.",
      hostPathAt: "Volume '{{volume}}' mounts a host directory ({{path}}) with hostPath.",
    },
  },
  checkPod(pod) {
    for (const vol of pod.spec.get('volumes')?.items() ?? []) {
      const hp = vol.get('hostPath');
      if (!hp) continue;
      const name = vol.get('name')?.str() ?? '(unnamed)';
      const path = hp.get('path')?.str();
      pod.report({
        node: hp,
        at: 'key',
        fromPodLevel: true,
        messageId: path ? 'hostPathAt' : 'hostPath',
        data: { volume: name, path: path ?? '' },
        fix: { title: `Replace hostPath volume '${name}' with an emptyDir`, preferred: false, ops: [{ op: 'replace', node: hp, key: 'emptyDir', value: {} }] },
      });
    }
  },
});
