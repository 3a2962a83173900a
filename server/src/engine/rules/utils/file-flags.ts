/**
 * Flags that name a file a component needs for TLS (its certificate, its key, the CA it trusts):
 * the Kubernetes STIG checks that they are given and not empty. Which file is right is a question
 * for the organisation's PKI, not for a manifest, so any path passes.
 * A fix that adds a missing flag writes the path kubeadm uses (static pods, KubeletConfiguration);
 * one that repairs an empty RKE2 entry writes the path RKE2 passes itself. Both are offered one at
 * a time and never applied by fix-all: a component does not start when the file is not there.
 */
import type { Component } from '../../components/flags';
import { RKE2_FLAG_DEFAULTS, RKE2_KUBELET_CONFIG } from '../../components/rke2-defaults';
import type { Report } from '../../rule';
import type { FlagRequirement } from './component-settings';

/** One file flag, as checked in static pods and KubeletConfigurations (`local`) and in RKE2 configs (`rke2`). */
export interface FileFlag {
  local: FlagRequirement;
  rke2: FlagRequirement;
}

/** The requirement that `--flag` names a file; `kubeadmPath` is where kubeadm keeps it. */
export function fileFlag(component: Component, flag: string, kubeadmPath: string, requirement: string): FileFlag {
  const local: FlagRequirement = {
    component,
    flag,
    fails: (v) => v.trim() === '',
    missingFails: { rke2: true, pod: true, config: true },
    requirement,
    fixValue: kubeadmPath,
    preferred: false,
  };
  const rke2Path = component === 'kubelet' ? RKE2_KUBELET_CONFIG[flag] : RKE2_FLAG_DEFAULTS[component][flag];
  return { local, rke2: { ...local, fixValue: rke2Path ?? kubeadmPath } };
}

/**
 * The same reports, with every fix a suggestion the user types over (a placeholder fix, never
 * applied by fix-all): for a file only the user can name.
 */
export function suggestingPaths<M extends string>(report: Report<M>): Report<M> {
  return (spec) => report(spec.fix ? { ...spec, fix: { ...spec.fix, placeholder: true } } : spec);
}
