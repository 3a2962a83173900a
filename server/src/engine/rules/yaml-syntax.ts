import { defineRule } from '../rule';

export const RULE_ID = 'yaml-syntax';

/** Reported by the engine itself when a document cannot be read as Kubernetes reads it. */
export default defineRule({
  meta: {
    id: RULE_ID,
    title: 'YAML syntax error',
    description:
      'Reports YAML that cannot be parsed (the first errors of each document), duplicate keys, aliases that name no anchor (or point into their own anchor, which the Kubernetes decoder also refuses), characters YAML does not allow (binary content), nesting too deep to read, and documents whose aliases expand out of proportion (a "billion laughs" alias bomb). Other documents of the same file are still analysed. Go template actions ({{ ... }}) in Helm charts are masked first, so template code draws no syntax errors.',
    rationale:
      'A document that does not parse is not checked by any rule, and the API server would reject it. Reporting it keeps a broken document from passing silently.',
    remediation:
      'Fix the YAML at the reported position. Give every alias an anchor defined before it, outside its own value. For alias bombs, remove the recursive aliases.',
    profiles: { baseline: 'error', restricted: 'error', 'stig-rke2': 'error', 'stig-kubernetes': 'error' },
    defaultSeverity: 'error',
    fixable: false,
    standards: [],
  },
});
