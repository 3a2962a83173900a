import * as assert from 'node:assert/strict';
import { isAutoFixable } from '../../../server/src/engine/fix/apply';
import { analyzeText } from '../../../server/src/engine/pipeline';
import { resolveRuleSet } from '../../../server/src/engine/profiles';
import { configFile, RKE2_CONFIG, ruleTester } from '../rule-tester';
import { kubeletConfig, kubeletPod, settingFindings } from '../node-config';

const RULE = 'kubelet-tls-files';
/** the rule runs in the STIG profiles */
const STIG = { profile: 'stig-kubernetes' as const };
const CERT =
  'the Kubernetes STIG requires the kubelet to serve with a certificate it was given (tlsCertFile); without one it makes up a self-signed certificate';
const KEY = 'the Kubernetes STIG requires the private key of the certificate the kubelet serves with (tlsPrivateKeyFile)';

const tlsCertFile = settingFindings('kubelet', 'tls-cert-file', CERT);
const tlsPrivateKeyFile = settingFindings('kubelet', 'tls-private-key-file', KEY);

ruleTester(RULE, {
  valid: [
    {
      ...STIG,
      name: 'both files named',
      noPodSpec: true,
      code: kubeletConfig('tlsCertFile: /etc/kubernetes/pki/kubelet.crt\ntlsPrivateKeyFile: /etc/kubernetes/pki/kubelet.key\n'),
    },
    { ...STIG, name: 'RKE2 sets both in its kubelet drop-in', ...configFile(), code: 'kubelet-arg: [max-pods=200]\n' },
    { ...STIG, name: 'a kubelet in a container that reads a configuration file', code: kubeletPod('[kubelet, --config, /var/lib/kubelet/config.yaml]') },
  ],
  invalid: [
    {
      name: 'neither: the fixes suggest paths to type over',
      profiles: ['stig-rke2', 'stig-kubernetes'],
      code: kubeletConfig('serverTLSBootstrap: true\n'),
      errors: [
        tlsCertFile.configMissing('tlsCertFile', 'nothing sets it', '/var/lib/kubelet/pki/kubelet.crt'),
        tlsPrivateKeyFile.configMissing('tlsPrivateKeyFile', 'nothing sets it', '/var/lib/kubelet/pki/kubelet.key'),
      ],
      output: [
        { 2: 'serverTLSBootstrap: true\ntlsCertFile: /var/lib/kubelet/pki/kubelet.crt' },
        { 2: 'serverTLSBootstrap: true\ntlsPrivateKeyFile: /var/lib/kubelet/pki/kubelet.key' },
      ],
    },
    {
      name: 'an empty key',
      ...STIG,
      code: kubeletConfig('tlsCertFile: /etc/pki/kubelet.pem\ntlsPrivateKeyFile: ""\n'),
      errors: [tlsPrivateKeyFile.configValue('tlsPrivateKeyFile', '""', 'tlsPrivateKeyFile: ""', '/var/lib/kubelet/pki/kubelet.key')],
      output: { 3: 'tlsPrivateKeyFile: "/var/lib/kubelet/pki/kubelet.key"' },
    },
    {
      name: 'a kubelet in a container with the certificate only',
      ...STIG,
      code: kubeletPod('[kubelet, --tls-cert-file=/pki/kubelet.crt]'),
      errors: [tlsPrivateKeyFile.podMissing('nothing sets it', '/var/lib/kubelet/pki/kubelet.key')],
      output: { 7: '      command: [kubelet, --tls-cert-file=/pki/kubelet.crt, --tls-private-key-file=/var/lib/kubelet/pki/kubelet.key]' },
    },
    {
      name: 'a kubelet in a container with an empty certificate',
      ...STIG,
      code: kubeletPod('[kubelet, --tls-cert-file, "", --tls-private-key-file=/pki/kubelet.key]'),
      errors: [tlsCertFile.podValue('', '""', '/var/lib/kubelet/pki/kubelet.crt')],
      output: { 7: '      command: [kubelet, --tls-cert-file, "/var/lib/kubelet/pki/kubelet.crt", --tls-private-key-file=/pki/kubelet.key]' },
    },
    {
      name: 'an RKE2 entry empties the certificate: the fix writes the path RKE2 uses',
      ...STIG,
      filePath: RKE2_CONFIG,
      code: 'kubelet-arg: ["tls-cert-file="]\n',
      errors: [tlsCertFile.rke2Value('', '"tls-cert-file="', 'kubelet-arg', 'tls-cert-file=/var/lib/rancher/rke2/agent/serving-kubelet.crt')],
      output: 'kubelet-arg: ["tls-cert-file=/var/lib/rancher/rke2/agent/serving-kubelet.crt"]\n',
    },
  ],
});

describe('kubelet-tls-files: the suggested paths', () => {
  it('select only the path for typing over, and fix-all never writes one', () => {
    const code = kubeletConfig('authentication:\n  anonymous:\n    enabled: false\n');
    const found = analyzeText(code, resolveRuleSet({ profile: 'stig-rke2' })).findings.filter((x) => x.ruleId === RULE);
    assert.deepEqual(
      found.map((f) => {
        const p = f.fix!.placeholder!;
        return f.fix!.edits[p.edit].newText.slice(p.start, p.end);
      }),
      ['/var/lib/kubelet/pki/kubelet.crt', '/var/lib/kubelet/pki/kubelet.key'],
    );
    assert.deepEqual(found.filter(isAutoFixable), []);
  });

  it('a kubelet in a container gets a suggestion too', () => {
    const found = analyzeText(kubeletPod('[kubelet, --v=2]'), resolveRuleSet({ profile: 'stig-rke2' })).findings.filter((x) => x.ruleId === RULE);
    assert.equal(found.length, 2);
    assert.ok(found.every((f) => f.fix?.placeholder));
  });
});
