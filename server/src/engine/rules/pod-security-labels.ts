/**
 * The values Pod Security Admission reads must be valid:
 * - the `pod-security.kubernetes.io/*` labels of a Namespace (`api/helpers.go` PolicyToEvaluate:
 *   an invalid enforce level reads as restricted, an invalid audit or warn level as privileged,
 *   an invalid version as latest; a label value that is not a string makes the API server refuse
 *   the Namespace; a label PSA does not know has no effect);
 * - the defaults and exemptions of an admission configuration (`admission/api/validation`
 *   ValidatePodSecurityConfiguration: the API server refuses to start with an invalid level or
 *   version, an invalid or repeated exempt namespace or runtime class, an empty or repeated user).
 */
import { parseLevel, parseVersionLabel, PSA_KEYS, PSA_LABEL_PREFIX, type PsaKey } from '../cluster/psa';
import type { YNode } from '../model';
import { defineRule, type FixSpec, type Report } from '../rule';
import { cis, stigRef } from '../standards';
import { LATEST_MINOR } from '../versions';
import { isNamespace, psaConfigOf, psaDefaults, psaLabels, stringOf, type PsaLabel } from './utils/pod-security-admission';

export const RULE_ID = 'pod-security-labels';

const REFUSED = 'the API server refuses to start with this admission configuration';

const MESSAGES = {
  labelLevel: 'Label {{key}}: "{{value}}" is not a Pod Security level ({{levels}}), so Pod Security Admission reads it as {{fallback}}.',
  labelVersion:
    'Label {{key}}: "{{value}}" is not a Pod Security version ("latest" or v1.N, such as v1.{{latest}}), so Pod Security Admission evaluates the newest version.',
  labelNotString: 'Label {{key}} is {{written}}, which YAML reads as {{type}}, not a string: the API server refuses this Namespace. Write a quoted string.',
  labelUnknown: 'Label {{key}} is not one Pod Security Admission reads, so it has no effect.{{suggestion}}',
  configLevel: `defaults.{{key}}: "{{value}}" is not a Pod Security level ({{levels}}): ${REFUSED}.`,
  configVersion: `defaults.{{key}}: "{{value}}" is not a Pod Security version ("latest" or v1.N, such as v1.{{latest}}): ${REFUSED}.`,
  configNotString: 'defaults.{{key}} is {{written}}, which YAML reads as {{type}}, not a string: the API server cannot read this admission configuration.',
  exemptionInvalid: `exemptions.{{list}}: "{{value}}" is not {{what}}: ${REFUSED}.`,
  exemptionDuplicate: `exemptions.{{list}} names "{{value}}" more than once: ${REFUSED}.`,
};
type MessageId = keyof typeof MESSAGES;

const LEVELS = 'privileged, baseline or restricted';

/** Go's names for what YAML made of a value. */
function typeOf(n: YNode): string {
  const v = n.value();
  if (v === null || v === undefined) return n.isNull ? 'null (no value)' : 'a collection';
  if (typeof v === 'boolean') return 'a boolean';
  if (typeof v === 'number') return 'a number';
  return 'a string';
}

function written(n: YNode): string {
  const [s, e] = n.valueSpan();
  return n.model.text.slice(s, e) || '(empty)';
}

/** `v1.N` for a version written almost right (`1.30`, `V1.30`, `v1.030`), else undefined. */
function versionMeant(text: string): string | undefined {
  const m = /^[vV]?1\.0*([0-9]{1,3})$/.exec(text.trim());
  return m ? `v1.${Number(m[1])}` : undefined;
}

/** The level written in another case or with spaces (`Restricted`), else undefined. */
function levelMeant(text: string): string | undefined {
  const t = text.trim().toLowerCase();
  return parseLevel(t).error ? undefined : t;
}

/** Levenshtein distance, for "did you mean" on label keys. */
function distance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    prev = cur;
  }
  return prev[b.length];
}

/** The label key meant by a misspelt one, among the keys whose values look like `value` (a level, or a version). */
function closestKey(suffix: string, value: string | undefined): PsaKey | undefined {
  const isLevel = value !== undefined && !parseLevel(value).error;
  const isVersion = value !== undefined && !parseVersionLabel(value).error;
  let best: PsaKey | undefined;
  let bestD = 4;
  for (const k of PSA_KEYS) {
    if ((isLevel && k.endsWith('-version')) || (isVersion && !k.endsWith('-version'))) continue;
    const d = distance(suffix.toLowerCase(), k);
    if (d < bestD) [best, bestD] = [k, d];
  }
  return best;
}

const setTo = (node: YNode, value: string, what: string): FixSpec => ({
  title: `Change ${what} to ${value}`,
  preferred: false,
  ops: [{ op: 'set', node, value }],
});

function checkLabel(l: PsaLabel, report: Report<MessageId>): void {
  const { key, value } = l;
  if (value.templated) return;
  if (!l.known) {
    const meant = closestKey(l.suffix, stringOf(value));
    report({
      node: value,
      at: 'key',
      messageId: 'labelUnknown',
      data: { key, suggestion: meant ? ` Did you mean ${PSA_LABEL_PREFIX}${meant}?` : ` Pod Security Admission reads ${PSA_KEYS.join(', ')}.` },
      fix:
        meant && !value.isNull
          ? {
              title: `Rename the label to ${PSA_LABEL_PREFIX}${meant}`,
              preferred: false,
              ops: [{ op: 'replace', node: value, key: `${PSA_LABEL_PREFIX}${meant}`, value: stringOf(value) ?? written(value) }],
            }
          : undefined,
    });
    return;
  }
  const text = stringOf(value);
  const isVersion = l.known.endsWith('-version');
  if (text === undefined) {
    const meant = isVersion ? versionMeant(written(value)) : undefined;
    report({
      node: value,
      messageId: 'labelNotString',
      data: { key, written: written(value), type: typeOf(value) },
      fix: meant ? setTo(value, meant, key) : undefined,
    });
    return;
  }
  if (isVersion) {
    if (!parseVersionLabel(text).error) return;
    const meant = versionMeant(text);
    report({
      node: value,
      at: 'value',
      messageId: 'labelVersion',
      data: { key, value: text, latest: LATEST_MINOR },
      fix: meant ? setTo(value, meant, key) : undefined,
    });
    return;
  }
  if (!parseLevel(text).error) return;
  const meant = levelMeant(text);
  const mode = l.known;
  report({
    node: value,
    at: 'value',
    messageId: 'labelLevel',
    data: {
      key,
      value: text,
      levels: LEVELS,
      fallback: mode === 'enforce' ? 'restricted (it fails closed)' : `privileged (it fails open: nothing is ${mode === 'audit' ? 'audited' : 'warned about'})`,
    },
    fix: meant ? setTo(value, meant, key) : undefined,
  });
}

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

const EXEMPTIONS: { list: 'namespaces' | 'runtimeClasses' | 'usernames'; what: string; valid: (s: string) => boolean }[] = [
  {
    list: 'namespaces',
    what: 'a namespace name (lower-case letters, digits and "-", at most 63 characters)',
    valid: (s) => s.length <= 63 && DNS_LABEL.test(s),
  },
  {
    list: 'runtimeClasses',
    what: 'a RuntimeClass name (a DNS subdomain: lower-case letters, digits, "-" and ".")',
    valid: (s) => s.length <= 253 && DNS_SUBDOMAIN.test(s),
  },
  { list: 'usernames', what: 'a user name (it must not be empty)', valid: (s) => s !== '' },
];

function checkConfig(config: YNode, report: Report<MessageId>): void {
  const { values } = psaDefaults(config);
  for (const k of PSA_KEYS) {
    const v = values[k];
    // unset (or empty) defaults are privileged and latest: valid
    if (!v || v.isNull || v.templated) continue;
    const text = stringOf(v);
    const isVersion = k.endsWith('-version');
    if (text === undefined) {
      const meant = isVersion ? versionMeant(written(v)) : undefined;
      report({
        node: v,
        messageId: 'configNotString',
        data: { key: k, written: written(v), type: typeOf(v) },
        fix: meant ? setTo(v, meant, `defaults.${k}`) : undefined,
      });
      continue;
    }
    if (text === '') continue;
    if (isVersion) {
      if (!parseVersionLabel(text).error) continue;
      const meant = versionMeant(text);
      report({
        node: v,
        at: 'value',
        messageId: 'configVersion',
        data: { key: k, value: text, latest: LATEST_MINOR },
        fix: meant ? setTo(v, meant, `defaults.${k}`) : undefined,
      });
      continue;
    }
    if (!parseLevel(text).error) continue;
    const meant = levelMeant(text);
    report({
      node: v,
      at: 'value',
      messageId: 'configLevel',
      data: { key: k, value: text, levels: LEVELS },
      fix: meant ? setTo(v, meant, `defaults.${k}`) : undefined,
    });
  }
  const ex = config.get('exemptions');
  for (const { list, what, valid } of EXEMPTIONS) {
    const seen = new Set<string>();
    for (const item of ex?.get(list)?.items() ?? []) {
      if (item.templated) continue;
      const text = stringOf(item) ?? (item.isNull ? '' : undefined);
      if (text === undefined) continue;
      if (!valid(text)) {
        report({ node: item, messageId: 'exemptionInvalid', data: { list, value: text, what } });
        continue;
      }
      if (seen.has(text)) {
        report({
          node: item,
          messageId: 'exemptionDuplicate',
          data: { list, value: text },
          fix: { title: `Remove the repeated "${text}"`, preferred: false, ops: [{ op: 'remove', node: item }] },
        });
        continue;
      }
      seen.add(text);
    }
  }
}

export default defineRule({
  meta: {
    id: RULE_ID,
    title: 'Pod Security Admission labels and configuration values',
    description:
      'Checks the values Pod Security Admission reads. On a Namespace: each pod-security.kubernetes.io/ label must be one it knows (enforce, audit, warn and their -version), its level privileged, baseline or restricted, its version "latest" or v1.N, and its value a string. In an admission configuration (an AdmissionConfiguration with a PodSecurity plugin, or a PodSecurityConfiguration): the same for each default, and exemptions that are valid namespace and RuntimeClass names, non-empty user names, none named twice.',
    rationale:
      'Pod Security Admission does not refuse a bad label: it reads an invalid enforce level as restricted and an invalid audit or warn level as privileged, so a typo silently switches warnings off or starts rejecting pods, and a misspelt label key does nothing at all. A label value that YAML reads as a number (enforce-version: 1.30) makes the API server refuse the Namespace, and an invalid admission configuration keeps the API server from starting.',
    remediation: `Use the label keys ${PSA_KEYS.map((k) => PSA_LABEL_PREFIX + k).join(', ')}; levels privileged, baseline or restricted; versions "latest" or "v1.N" (quoted when YAML could read them otherwise). In the admission configuration, list each exempt namespace, RuntimeClass and user once, by a valid name.`,
    profiles: { baseline: 'error', restricted: 'error', 'stig-rke2': 'error', 'stig-kubernetes': 'error' },
    defaultSeverity: 'error',
    fixable: true,
    standards: [stigRef('V-254571'), stigRef('V-254800'), cis('5.2.1', 'Ensure that the cluster has at least one active policy control mechanism in place')],
    messages: MESSAGES,
  },
  checkObject(ctx) {
    if (isNamespace(ctx.object)) {
      for (const l of psaLabels(ctx.object)) checkLabel(l, ctx.report);
      return;
    }
    const psa = psaConfigOf(ctx.object);
    if (psa?.config) checkConfig(psa.config, ctx.report);
  },
});
