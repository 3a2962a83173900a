import { defineRule } from '../rule';

export const RULE_ID = 'rke2-config-recognized';

/** Reported by the engine itself on a file it reads as an RKE2 config because of its keys. */
export default defineRule({
  meta: {
    id: RULE_ID,
    title: 'Read as an RKE2 config',
    description:
      'Says that podsec reads a file as an RKE2 configuration because of its keys, and which keys decided it, so that the RKE2 STIG rules checking it come as no surprise. An RKE2 config is recognised by its path (…/rancher/rke2/config.yaml, …/config.yaml.d/*.yaml), by the comment "# podsec: rke2-config" in its first lines, or by its keys: every top-level key is an RKE2 config key and at least two of them are keys only an RKE2 (or K3s) config writes (one, when the file name says rke2). Files with a K3s path are not RKE2 configs. Only the last way is reported.',
    rationale:
      'RKE2 configs live at other paths in repositories (rke2_config.yaml, Ansible templates, node inventories); reading them by their keys keeps their STIG settings from going unchecked, and saying so keeps the reading visible.',
    remediation:
      'Nothing to fix when the file is an RKE2 config (the comment "# podsec: rke2-config" makes the reading explicit and silences this note). If it is not one, exclude it in .podsec.yaml (exclude: [path]).',
    profiles: { baseline: 'info', restricted: 'info', 'stig-rke2': 'info', 'stig-kubernetes': 'info' },
    defaultSeverity: 'info',
    fixable: false,
    standards: [],
  },
});
