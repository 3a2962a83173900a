/**
 * The merged view of an RKE2 node equals applying its drop-ins by hand.
 *
 * Random nodes: a config.yaml and up to four drop-ins (random names, read in byte order), each a
 * few keys written `key:` (replace) or `key+:` (append) with a scalar or a list, in block or flow
 * style, plain or quoted. The model applies them one by one as k3s pkg/configfilearg
 * readConfigFile does: later files win, `key+` appends to the value so far (both made lists), a
 * `key+` with nothing before it and a plain `key` set the value as written. The merge must give
 * every key's value, and the file that decided it.
 *
 * On top, the kube-apiserver command line: entries `flag=v`, `flag+=v`, `flag-=v` and bare `flag`
 * for a scalar flag (audit-log-maxage, no RKE2 default), a string slice with an RKE2 default
 * (enable-admission-plugins=NodeRestriction) and a boolean with one (anonymous-auth=false), must
 * give what the model of k3s GetArgs followed by pflag gives.
 */
import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { extractFacts } from '../../server/src/engine/cluster/facts';
import { mergeRke2, type Rke2File } from '../../server/src/engine/cluster/rke2';
import { Rke2Node } from '../../server/src/engine/components/rke2';
import { check } from '../support/fc';

const DIR = '/n/etc/rancher/rke2';
const KEYS = ['token', 'profile', 'node-label', 'kube-apiserver-arg'];
const WORDS = ['a', 'b=1', 'x y', '7', 'true', 'cis'];
const FLAG_ENTRIES = [
  'audit-log-maxage=5',
  'audit-log-maxage=40',
  '--audit-log-maxage=9',
  'audit-log-maxage+=12',
  'enable-admission-plugins=AlwaysPullImages',
  'enable-admission-plugins+=EventRateLimit',
  'enable-admission-plugins-=PodNodeSelector',
  '--enable-admission-plugins=NodeRestriction,DenyServiceExternalIPs',
  'anonymous-auth',
  'anonymous-auth=true',
  'anonymous-auth+=false',
];

interface Entry {
  key: string;
  append: boolean;
  value: string | string[];
}

interface NodeFile {
  name: string;
  entries: Entry[];
  flow: boolean;
  quote: boolean;
}

const value = (key: string) =>
  key === 'kube-apiserver-arg'
    ? fc.oneof(fc.constantFrom(...FLAG_ENTRIES), fc.array(fc.constantFrom(...FLAG_ENTRIES), { maxLength: 4 }))
    : fc.oneof(fc.constantFrom(...WORDS), fc.array(fc.constantFrom(...WORDS), { maxLength: 3 }));

const entry: fc.Arbitrary<Entry> = fc.constantFrom(...KEYS).chain((key) => fc.record({ key: fc.constant(key), append: fc.boolean(), value: value(key) }));

/** Entries of one file: a key at most once per spelling (`k` and `k+` may both appear). */
const entries = fc.uniqueArray(entry, { maxLength: 5, selector: (e) => `${e.key}${e.append ? '+' : ''}` });

const node = fc.record({
  main: fc.record({ name: fc.constant('config.yaml'), entries, flow: fc.boolean(), quote: fc.boolean() }),
  dropIns: fc.uniqueArray(fc.record({ name: fc.stringMatching(/^[0-9a-zA-Z_-]{1,6}\.(yaml|yml|YAML)$/), entries, flow: fc.boolean(), quote: fc.boolean() }), {
    maxLength: 4,
    selector: (f) => f.name,
  }),
});

/** A value written plain (it reads back as the same text: `7` is the number 7, printed "7") or quoted. */
function scalar(s: string, quote: boolean, flow: boolean): string {
  return quote || (flow && s.includes(',')) ? JSON.stringify(s) : s;
}

function render(f: NodeFile): string {
  const lines: string[] = [];
  for (const e of f.entries) {
    const key = `${e.key}${e.append ? '+' : ''}`;
    if (typeof e.value === 'string') lines.push(`${key}: ${scalar(e.value, f.quote, false)}`);
    else if (f.flow || !e.value.length) lines.push(`${key}: [${e.value.map((v) => scalar(v, f.quote, true)).join(', ')}]`);
    else lines.push(`${key}:`, ...e.value.map((v) => `  - ${scalar(v, f.quote, false)}`));
  }
  return lines.length ? `${lines.join('\n')}\n` : '# nothing\n';
}

/** The model: apply the files in RKE2's order. */
function applyByHand(files: NodeFile[]): Map<string, { value: string[] | string; file: string }> {
  const out = new Map<string, { value: string[] | string; file: string }>();
  for (const f of files) {
    for (const e of f.entries) {
      const old = out.get(e.key);
      const asList = (v: string | string[]) => (typeof v === 'string' ? [v] : v);
      if (e.append && old) out.set(e.key, { value: [...asList(old.value), ...asList(e.value)], file: f.name });
      // k3s readConfigFile: `key+` with nothing before it sets the value as written
      else out.set(e.key, { value: e.value, file: f.name });
    }
  }
  return out;
}

/** The model of k3s GetArgs for one flag, then pflag: the values on the command line, in order. */
function commandLine(entriesInOrder: string[], flag: string, initial: string | undefined): string[] {
  let init = initial;
  let values: string[] | undefined;
  for (const raw of entriesInOrder) {
    const trimmed = raw.startsWith('--') ? raw.slice(2) : raw;
    const eq = trimmed.indexOf('=');
    const arg = eq < 0 ? trimmed : trimmed.slice(0, eq);
    const v = eq < 0 ? 'true' : trimmed.slice(eq + 1);
    if (arg.replace(/[-+]+$/, '') !== flag) continue;
    const before = init !== undefined ? [init] : [];
    const existing = values ?? [];
    values = arg.endsWith('+') ? [...before, ...existing, v] : arg.endsWith('-') ? [v, ...before, ...existing] : [...existing, v];
    init = undefined;
  }
  return values ?? (init !== undefined ? [init] : []);
}

describe('property: the merged RKE2 view equals applying the drop-ins by hand', function () {
  this.timeout(0);

  it('keys, values, deciding files and the kube-apiserver command line', () => {
    check('rke2 merge', node, ({ main, dropIns }) => {
      const inOrder: NodeFile[] = [main, ...[...dropIns].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))];
      const files: Rke2File[] = [main, ...dropIns].map((f) => {
        const path = f === main ? `${DIR}/config.yaml` : `${DIR}/config.yaml.d/${f.name}`;
        const facts = extractFacts(path, render(f));
        assert.ok(facts.rke2, `${path} is read as an RKE2 config`);
        return { path, fact: facts.rke2! };
      });
      const merged = mergeRke2(DIR, files);
      const model = applyByHand(inOrder);
      const texts = (f: NodeFile) => render(f);
      const context = inOrder.map((f) => `--- ${f.name}\n${texts(f)}`).join('');
      assert.deepEqual([...merged.keys.keys()].sort(), [...model.keys()].sort(), context);
      for (const [key, want] of model) {
        const got = merged.keys.get(key)!;
        const value =
          got.value.kind === 'list' ? got.value.items.map((i) => String(i.value)) : got.value.kind === 'scalar' ? String(got.value.item.value) : got.value.kind;
        assert.deepEqual(value, want.value, `${key}\n${context}`);
        assert.equal(got.decidedBy.file.split('/').pop(), want.file, `${key} decided by\n${context}`);
      }
      // the command line kube-apiserver runs with
      const args = model.get('kube-apiserver-arg');
      const list = args === undefined ? [] : typeof args.value === 'string' ? [args.value] : args.value;
      const rke2 = new Rke2Node(merged);
      // profile: cis turns audit logging on: RKE2 puts --audit-log-maxage=30 before the user's entries
      const cis = model.get('profile')?.value === 'cis';
      const maxage = commandLine(list, 'audit-log-maxage', undefined);
      assert.equal(rke2.setting('kube-apiserver', 'audit-log-maxage').value, maxage.length ? maxage[maxage.length - 1] : cis ? '30' : '0', context);
      const plugins = commandLine(list, 'enable-admission-plugins', 'NodeRestriction');
      assert.deepEqual(
        rke2.setting('kube-apiserver', 'enable-admission-plugins').items,
        plugins.flatMap((p) => p.split(',')),
        context,
      );
      const anon = commandLine(list, 'anonymous-auth', 'false');
      assert.equal(rke2.setting('kube-apiserver', 'anonymous-auth').value, anon[anon.length - 1], context);
    });
  });
});
