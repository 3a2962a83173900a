/**
 * Fixtures for the tables of the node-configuration rules: RKE2 config paths, kubeadm static pods
 * and KubeletConfiguration documents.
 */
import { y } from './rule-tester';

/** The node rules run in the STIG profiles. */
export const STIG = { profile: 'stig-rke2' as const };

export const DROP_IN = '/etc/rancher/rke2/config.yaml.d/50-stig.yaml';

/**
 * A kubeadm static pod in kube-system whose container `name` runs `component` with these flags,
 * one command item per line: the program on line 10, the flags from line 11.
 */
export function staticPod(component: string, ...flags: string[]): string {
  const head = [
    'apiVersion: v1',
    'kind: Pod',
    'metadata:',
    `  name: ${component}`,
    '  namespace: kube-system',
    'spec:',
    '  containers:',
    `    - name: ${component}`,
    `      image: registry.k8s.io/${component}:v1.31.0`,
    '      command:',
    `        - ${component}`,
  ];
  return [...head, ...flags.map((f) => `        - ${f}`)].join('\n') + '\n';
}

/** A KubeletConfiguration with these lines after its header (line 2 on). */
export function kubeletConfig(body: string): string {
  return `apiVersion: kubelet.config.k8s.io/v1beta1\nkind: KubeletConfiguration\n${body}`;
}

/** A Pod whose container `kubelet` runs the kubelet with this flow-style command (line 7). */
export function kubeletPod(command: string): string {
  return y`
    apiVersion: v1
    kind: Pod
    metadata: {name: node-kubelet, namespace: nodes}
    spec:
      containers:
        - name: kubelet
          image: registry.example.com/kubelet:1.31
          command: ${command}
  `;
}
