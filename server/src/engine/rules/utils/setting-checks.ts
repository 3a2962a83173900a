/**
 * The checks of a node rule that answers to component flags, built from what it requires of each
 * flag and where the STIG reads it, and the requirements several rules share with other constants
 * (a retention of at least N, a component bound to localhost, etcd's TLS flags for one channel).
 * Each rule keeps its metadata, messages and requirement text in its own file; this module only
 * decides which of the component-settings.ts checks run, in which kind of file:
 * - `rke2`: RKE2 config documents (the node's merged configuration);
 * - `pod`: containers that run the component (kubeadm static pods, kubelets in containers);
 * - `kubelet-config`: KubeletConfiguration documents; a kubelet in a container that reads a
 *   configuration file (`--config`) then takes the setting from there, not from its flags.
 */
import { parseGoBool, type Component } from '../../components/flags';
import { isKubeletConfiguration } from '../../components/kubelet-config';
import type { RunFlags } from '../../components/static-pods';
import type { Rule } from '../../rule';
import { checkKubeletConfigField, checkPodFlag, checkRke2Flag, type FlagRequirement } from './component-settings';
import { suggestingPaths, type FileFlag } from './file-flags';
import { rke2Doc } from './rke2-config';

export type SettingPlace = 'rke2' | 'pod' | 'kubelet-config';

/** A flag a rule checks: one requirement everywhere, or a file flag (its RKE2 and its local reading). */
export type CheckedFlag = FlagRequirement | FileFlag;

export interface SettingChecksOptions {
  /** every fix is a path the user types over (never applied by fix-all): for a file only the user can name */
  suggestPaths?: boolean;
}

function inRke2(f: CheckedFlag): FlagRequirement {
  return 'rke2' in f ? f.rke2 : f;
}

function local(f: CheckedFlag): FlagRequirement {
  return 'local' in f ? f.local : f;
}

/** The checks that judge `flags`, in this order, in each place listed. */
export function settingChecks<M extends string>(
  flags: CheckedFlag[],
  places: SettingPlace[],
  opts: SettingChecksOptions = {},
): Pick<Rule<M>, 'checkDocument' | 'checkObject' | 'checkPod'> {
  const kubelet = places.includes('kubelet-config');
  const checks: Pick<Rule<M>, 'checkDocument' | 'checkObject' | 'checkPod'> = {};
  if (places.includes('rke2')) {
    checks.checkDocument = (ctx) => {
      const doc = rke2Doc(ctx);
      if (doc) for (const f of flags) checkRke2Flag(doc, inRke2(f), ctx.report);
    };
  }
  if (kubelet) {
    checks.checkObject = (ctx) => {
      if (!isKubeletConfiguration(ctx.object)) return;
      const root = ctx.object.root;
      const report = opts.suggestPaths ? suggestingPaths(ctx.report) : ctx.report;
      for (const f of flags) checkKubeletConfigField(root, root.get('kind')!, local(f), report);
    };
  }
  if (places.includes('pod')) {
    const podOpts = kubelet ? { configFile: (flags: RunFlags) => flags.get('config') !== undefined } : {};
    checks.checkPod = (pod) => {
      const ctx = opts.suggestPaths ? { ...pod, report: suggestingPaths(pod.report) } : pod;
      for (const f of flags) checkPodFlag(ctx, local(f), podOpts);
    };
  }
  return checks;
}

/**
 * A whole number of at least `min` (audit log retention): missing is a finding in RKE2 configs and
 * static pods; adding the flag may be applied by fix-all, changing a value someone wrote may not.
 */
export function atLeast(component: Component, flag: string, min: number, requirement: string): FlagRequirement {
  return {
    component,
    flag,
    fails: (v) => !/^\d+$/.test(v) || Number(v) < min,
    missingFails: { rke2: true, pod: true, config: false },
    requirement,
    fixValue: String(min),
    preferred: (_kind, change) => change === 'add',
  };
}

/** `--bind-address=127.0.0.1`: the component's secure port reachable from the node only. */
export function boundToLocalhost(component: Component, requirement: string): FlagRequirement {
  return {
    component,
    flag: 'bind-address',
    fails: (v) => v !== '127.0.0.1',
    missingFails: { rke2: true, pod: true, config: false },
    requirement,
    fixValue: '127.0.0.1',
    preferred: false,
  };
}

/** What the etcd TLS requirements of one channel say, and where kubeadm keeps its files. */
export interface EtcdChannel {
  /** `''` for the client channel, `'peer-'` for the peer channel */
  prefix: '' | 'peer-';
  certPath: string;
  keyPath: string;
  /** the requirement text of each flag: cert-file, key-file, client-cert-auth, auto-tls */
  requirements: { cert: string; key: string; clientCertAuth: string; autoTls: string };
}

/**
 * etcd's TLS flags for one channel, as the Kubernetes STIG reads its static pod: the certificate
 * and key set, client certificates required, and auto TLS written out as false (a missing flag
 * is a finding although etcd defaults to false). The fixes are never applied by fix-all.
 */
export function etcdTls(channel: EtcdChannel): FlagRequirement[] {
  const { prefix, requirements } = channel;
  const flag = (name: string, fails: (v: string) => boolean, requirement: string, fixValue: string): FlagRequirement => ({
    component: 'etcd',
    flag: `${prefix}${name}`,
    fails,
    missingFails: { rke2: false, pod: true, config: false },
    requirement,
    fixValue,
    preferred: false,
  });
  return [
    flag('cert-file', (v) => v === '', requirements.cert, channel.certPath),
    flag('key-file', (v) => v === '', requirements.key, channel.keyPath),
    flag('client-cert-auth', (v) => parseGoBool(v) !== true, requirements.clientCertAuth, 'true'),
    flag('auto-tls', (v) => parseGoBool(v) !== false, requirements.autoTls, 'false'),
  ];
}
