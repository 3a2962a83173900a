/**
 * Several admission configurations among the files analysed together, none of them named (by the
 * configuration's `admissionConfiguration`, `--admission-configuration`, or an RKE2 config's
 * `pod-security-admission-config-file`): podsec cannot tell which one the API server reads, so it
 * applies none, and says so on each, with how to choose (design: cluster context, fallback 3).
 */
import { sameFile } from '../components/rke2';
import { defineRule } from '../rule';
import { cis, stigRef } from '../standards';
import { psaConfigOf } from './utils/pod-security-admission';

export const RULE_ID = 'admission-configuration-choice';

export default defineRule({
  meta: {
    id: RULE_ID,
    title: 'Which admission configuration the cluster uses',
    description:
      "Reports, on each admission configuration (an AdmissionConfiguration or a PodSecurityConfiguration), that it is one of several among the files analysed together and that none is named, so none of their defaults and exemptions is applied: pods are judged by their namespaces' labels and the profile setting. A configuration named by .podsec.yaml (admissionConfiguration), by --admission-configuration, or by an RKE2 config (pod-security-admission-config-file), or pointed at by an AdmissionConfiguration, does not count.",
    rationale:
      'Pod Security Admission judges pods in namespaces without labels by the defaults of the one configuration the API server reads (--admission-control-config-file), and skips what it exempts. With several candidates in a repository, podsec would guess, and a wrong guess reports errors that admission would never raise, or misses pods that it would reject. Naming the file makes the findings match the cluster.',
    remediation:
      'Name the configuration your API server reads: admissionConfiguration: <path> in .podsec.yaml (relative to its folder), or --admission-configuration <file> on the command line. For an RKE2 node, keep its config.yaml (with pod-security-admission-config-file) in the repository as the node lays it out.',
    profiles: { baseline: 'info', restricted: 'info', 'stig-rke2': 'info', 'stig-kubernetes': 'info' },
    defaultSeverity: 'info',
    fixable: false,
    standards: [stigRef('V-254800'), stigRef('V-254571'), cis('5.2.1', 'Ensure that the cluster has at least one active policy control mechanism in place')],
    messages: {
      several:
        'This is one of {{count}} admission configurations among the files and none is named, so podsec applies none of their defaults and exemptions. Name the one your API server reads: admissionConfiguration in .podsec.yaml, or --admission-configuration.',
    },
  },
  checkObject(ctx) {
    const psa = psaConfigOf(ctx.object);
    if (!psa || ctx.cluster.settings.admissionConfiguration || !ctx.filePath) return;
    const unnamed = ctx.cluster.unnamedAdmissionConfigs();
    if (unnamed.length < 2 || !unnamed.some((c) => sameFile(c.file, ctx.filePath!))) return;
    ctx.report({ node: psa.kindNode, messageId: 'several', data: { count: unnamed.length } });
  },
});
