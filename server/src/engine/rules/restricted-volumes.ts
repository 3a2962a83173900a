import { cis, NSA_POD_SECURITY, pssStandards } from '../standards';
import { defineRule } from '../rule';

/** Volume sources the restricted level allows. */
export const ALLOWED_VOLUME_SOURCES = ['configMap', 'csi', 'downwardAPI', 'emptyDir', 'ephemeral', 'image', 'persistentVolumeClaim', 'projected', 'secret'];

/** Volume sources Kubernetes knows that the restricted level rejects. */
export const RESTRICTED_VOLUME_SOURCES = [
  'hostPath',
  'gcePersistentDisk',
  'awsElasticBlockStore',
  'gitRepo',
  'nfs',
  'iscsi',
  'glusterfs',
  'rbd',
  'flexVolume',
  'cinder',
  'cephfs',
  'flocker',
  'fc',
  'azureFile',
  'vsphereVolume',
  'quobyte',
  'azureDisk',
  'portworxVolume',
  'photonPersistentDisk',
  'scaleIO',
  'storageos',
];

export default defineRule({
  meta: {
    id: 'restricted-volumes',
    title: 'Volume types',
    description:
      "Allows only the volume types that do not reach outside the pod's own storage: configMap, csi, downwardAPI, emptyDir, ephemeral, image, persistentVolumeClaim, projected and secret. A volume without any source counts as an emptyDir, as Kubernetes defaults it.",
    rationale:
      "Other volume types (hostPath, nfs, iscsi, rbd, cephfs, flexVolume and the in-tree cloud disks) attach storage the pod author picks directly, bypassing PersistentVolume administration: a pod can mount any export or disk the node can reach, including other tenants' data.",
    remediation:
      'Request storage through a PersistentVolumeClaim, so that administrators control which volumes exist; use emptyDir, configMap, secret or projected volumes for pod-local data.',
    pss: { level: 'restricted', check: 'restrictedVolumes', control: 'Volume Types', since: 0, overrides: 'host-path-volumes' },
    defaultSeverity: 'warning',
    fixable: true,
    standards: pssStandards(cis('5.2.12', 'Minimize the admission of HostPath volumes'), NSA_POD_SECURITY),
    messages: {
      hostPath: "Volume '{{volume}}' mounts a host directory with hostPath, which the baseline level already forbids.",
      hostPathAt: "Volume '{{volume}}' mounts a host directory ({{path}}) with hostPath, which the baseline level already forbids.",
      volumeType: "Volume '{{volume}}' uses the {{type}} volume type, which the restricted level does not allow.",
    },
  },
  checkPod(pod) {
    for (const vol of pod.spec.get('volumes')?.items() ?? []) {
      if (!vol.isMap) continue;
      if (ALLOWED_VOLUME_SOURCES.some((k) => vol.get(k))) continue;
      const name = vol.get('name')?.str() ?? '(unnamed)';
      for (const type of RESTRICTED_VOLUME_SOURCES) {
        const src = vol.get(type);
        if (!src) continue;
        const hostPath = type === 'hostPath';
        const path = hostPath ? src.get('path')?.str() : undefined;
        pod.report({
          node: src,
          at: 'key',
          fromPodLevel: true,
          breaksBaseline: hostPath,
          messageId: !hostPath ? 'volumeType' : path ? 'hostPathAt' : 'hostPath',
          data: { volume: name, type, path: path ?? '' },
          fix: {
            title: `Replace ${type} volume '${name}' with an emptyDir`,
            preferred: false,
            ops: [{ op: 'replace', node: src, key: 'emptyDir', value: {} }],
          },
        });
        break;
      }
    }
  },
});
