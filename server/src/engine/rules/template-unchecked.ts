import { defineRule } from '../rule';

export const RULE_ID = 'template-unchecked';

/** Reported by the engine itself when parts of a Go template (a Helm chart's file) cannot be read. */
export default defineRule({
  meta: {
    id: RULE_ID,
    title: 'Template lines podsec cannot check',
    description:
      "Reports the parts of a Helm chart template that podsec cannot read as YAML, so that nothing goes unchecked in silence: the lines of an {{ if }} / {{ else }} branch that do not fit the YAML around them (podsec checks the template without them), or the place from which a template stops reading as YAML. Template actions are masked before the template is read (see the README's section on Helm charts), so these notices are not YAML errors of the file: helm template decides whether the rendered text is valid.",
    rationale:
      'A template podsec cannot read would otherwise pass without a word, and a privileged container in the lines it skipped would never be reported. The notice says exactly what was not checked.',
    remediation:
      'Indent the lines of each branch like the lines around the block (a list item inside {{- if }} at the column of its siblings), or check the rendered chart: helm template … | podsec check -.',
    profiles: { baseline: 'info', restricted: 'info', 'stig-rke2': 'info', 'stig-kubernetes': 'info' },
    defaultSeverity: 'info',
    fixable: false,
    standards: [],
  },
});
