/**
 * Static pods as kubeadm writes them, for the tables of the node rules: a Pod in kube-system whose
 * one container runs a component with the given flags as items of `command` (block style).
 *
 *   0 apiVersion: v1 ... 8 - name: <component> ... 10 command:
 *   11       - <component>          (the program: where a missing flag is reported)
 *   12...    - <flag>               (one line per flag, 8 spaces then "- ")
 */

/** A static pod running `component` with these command-line arguments. */
export function staticPod(component: string, ...flags: string[]): string {
  return [
    'apiVersion: v1',
    'kind: Pod',
    'metadata:',
    `  name: ${component}`,
    '  namespace: kube-system',
    'spec:',
    '  hostNetwork: true',
    '  containers:',
    `    - name: ${component}`,
    `      image: registry.k8s.io/${component}:v1.31.4`,
    '      command:',
    `        - ${component}`,
    ...flags.map((f) => `        - ${f}`),
    '',
  ].join('\n');
}

/** The range of the program item of `staticPod` (where a missing flag is reported). */
export function programRange(component: string): [number, number, number, number] {
  return [11, 10, 11, 10 + component.length];
}

/** The output of a fix that appends `flag` to `staticPod(component, ...flags)`: its changed line. */
export function appendFlag(component: string, flags: string[], flag: string): Record<number, string> {
  const last = flags.length ? flags[flags.length - 1] : component;
  return { [11 + flags.length]: `        - ${last}\n        - ${flag}` };
}

/** The expected findings of a node rule about one flag (shared wording of engine/rules/utils/component-settings.ts). */
export function flagFindings(component: string, flag: string, requirement: string) {
  const subject = `Container '${component}'`;
  return {
    /** the static pod runs the component without the flag; the fix appends `--flag=fixValue` */
    missing: (fallback: string, fixValue: string) => ({
      messageId: 'podFlagMissing',
      data: { subject, component, flag, fallback, requirement },
      range: programRange(component),
      fix: { title: `Add --${flag}=${fixValue} to the ${component} flags in container '${component}'`, preferred: false },
    }),
    /** the static pod gives the flag a failing value at `at`; the fix writes `fixValue` */
    value: (value: string, at: string, fixValue: string) => ({
      messageId: 'podFlagValue',
      data: { subject, component, flag, value, requirement },
      at,
      fix: { title: `Change the flag to --${flag}=${fixValue} in container '${component}'`, preferred: false },
    }),
    /** an RKE2 `*-arg` entry at `at` gives the flag a failing value; the fix rewrites the entry as `entry` */
    rke2: (value: string, at: string, key: string, entry: string) => ({
      messageId: 'rke2FlagValue',
      data: { component, flag, value, requirement },
      at,
      fix: { title: `Change the ${key} entry to ${entry}`, preferred: false },
    }),
  };
}
