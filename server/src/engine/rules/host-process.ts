import { cis, NSA_POD_SECURITY, pssStandards } from '../standards';
import { eachSecurityContext } from './utils/security-context';
import { inWhere, shown, subject } from './utils/wording';
import { defineRule } from '../rule';

export default defineRule({
  meta: {
    id: 'host-process',
    title: 'Windows HostProcess containers',
    description: 'Flags Windows HostProcess containers: securityContext.windowsOptions.hostProcess: true at the pod level or in any container.',
    rationale:
      'A HostProcess container runs directly on the Windows node as a host process, with access to the host network, filesystem and devices. It is the Windows equivalent of a privileged container.',
    remediation: 'Remove windowsOptions.hostProcess or set it to false. Node administration belongs to the platform, not to workloads.',
    pss: { level: 'baseline', check: 'windowsHostProcess', control: 'HostProcess', since: 0 },
    defaultSeverity: 'error',
    fixable: true,
    standards: pssStandards(cis('5.2.11', 'Minimize the admission of Windows HostProcess Containers'), NSA_POD_SECURITY),
    messages: {
      hostProcess: '{{subject}} runs as a Windows HostProcess container (hostProcess: {{value}}).',
    },
  },
  checkPod(pod) {
    eachSecurityContext(pod, (sc, c) => {
      const hp = sc.at('windowsOptions', 'hostProcess');
      if (!hp || hp.bool() !== true) return;
      pod.report({
        node: hp,
        container: c,
        fromPodLevel: !c,
        messageId: 'hostProcess',
        data: { subject: subject(c), value: shown(hp) },
        fix: { title: `Set hostProcess: false ${inWhere(c)}`, preferred: false, ops: [{ op: 'set', node: hp, value: false }] },
      });
    });
  },
});
