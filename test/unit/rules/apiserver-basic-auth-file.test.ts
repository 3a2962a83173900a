import { staticPod } from '../../support/static-pods';
import { configFile, ruleTester, y } from '../rule-tester';

const RULE = 'apiserver-basic-auth-file';
/** the rule runs in the STIG profiles */
const STIG = { profile: 'stig-kubernetes' as const };
const REQUIREMENT =
  'the Kubernetes STIG forbids basic authentication: passwords from a clear-text file, sent with every request, with no expiry or lockout (and Kubernetes 1.19 and later refuse to start with the flag)';

const given = (value: string, at: string) => ({
  messageId: 'podFlagValue',
  data: { subject: "Container 'kube-apiserver'", component: 'kube-apiserver', flag: 'basic-auth-file', value, requirement: REQUIREMENT },
  at,
  fix: { title: "Remove --basic-auth-file in container 'kube-apiserver'", preferred: false },
});

ruleTester(RULE, {
  valid: [
    { ...STIG, name: 'no password file', code: staticPod('kube-apiserver', '--secure-port=6443') },
    {
      ...STIG,
      name: 'RKE2 drops basic-auth-file from the arguments it passes',
      ...configFile(),
      code: 'kube-apiserver-arg: [basic-auth-file=/etc/rancher/users.csv]\n',
    },
    { ...STIG, name: 'after --, an argument is no flag', code: staticPod('kube-apiserver', '--secure-port=6443', '--', '--basic-auth-file=/u.csv') },
  ],
  invalid: [
    {
      name: 'a password file',
      profiles: ['stig-rke2', 'stig-kubernetes'],
      code: staticPod('kube-apiserver', '--basic-auth-file=/etc/kubernetes/users.csv', '--secure-port=6443'),
      errors: [given('/etc/kubernetes/users.csv', '--basic-auth-file=/etc/kubernetes/users.csv')],
      output: { 12: null },
    },
    {
      name: 'in args, through hyperkube, in flow style',
      ...STIG,
      code: y`
        apiVersion: v1
        kind: Pod
        metadata: {name: kube-apiserver, namespace: kube-system}
        spec:
          containers:
            - name: kube-apiserver
              image: registry.k8s.io/hyperkube:v1.18.20
              command: [hyperkube, kube-apiserver]
              args: [--secure-port=6443, --basic-auth-file=/srv/users.csv]
      `,
      errors: [given('/srv/users.csv', '--basic-auth-file=/srv/users.csv')],
      output: { 8: '      args: [--secure-port=6443]' },
    },
  ],
});
