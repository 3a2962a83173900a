import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { CONFIG_DEFAULTS, mergeConfigs, toEngineOptions } from '../../server/src/config/keys';
import { parseConfig } from '../../server/src/config/parse';
import { analyzeText } from '../../server/src/engine/pipeline';
import { resolveRuleSet } from '../../server/src/engine/profiles';
import { ExcludeSet, findConfigFile, loadConfigFile } from '../../server/src/node/config-file';
import { ConfigResolver } from '../../server/src/node/config-resolver';

const POD = `apiVersion: v1
kind: Pod
metadata: {name: p}
spec:
  containers:
  - name: web
    image: nginx
    securityContext:
      privileged: true
`;

describe('.podsec.yaml parsing', () => {
  it('reads every key', () => {
    const { config, problems } = parseConfig(`profile: stig-rke2
pssVersion: v1.30
rules:
  privileged: warning
  host-ports: off
exclude:
  - charts/**
ruleOptions: {}
requireSuppressionReason: true
unsuppressible: [privileged]
maxFileSizeMB: 2.5
`);
    assert.deepEqual(problems, []);
    assert.deepEqual(config, {
      profile: 'stig-rke2',
      pssVersion: 'v1.30',
      rules: { privileged: 'warning', 'host-ports': 'off' },
      exclude: ['charts/**'],
      ruleOptions: {},
      requireSuppressionReason: true,
      unsuppressible: ['privileged'],
      maxFileSizeMB: 2.5,
    });
  });

  it('an empty file or a file of comments is the defaults', () => {
    assert.deepEqual(parseConfig(''), { config: {}, problems: [] });
    assert.deepEqual(parseConfig('# nothing yet\n'), { config: {}, problems: [] });
  });

  it('reports each bad entry at its exact position and keeps the rest', () => {
    const text = 'profile: strict\npssVersion: 1.30\nrules:\n  privilegd: error\n  host-ports: loud\nprofil: x\nrequireSuppressionReason: yes\n';
    const { config, problems } = parseConfig(text);
    assert.deepEqual(config, { rules: {} });
    assert.deepEqual(
      problems.map((p) => [p.range.start.line, p.range.start.character, p.range.end.character, p.severity]),
      [
        [0, 9, 15, 'error'],
        [1, 12, 16, 'error'],
        [3, 2, 11, 'warning'],
        [4, 14, 18, 'error'],
        [5, 0, 6, 'warning'],
        [6, 26, 29, 'error'],
      ],
    );
    assert.match(problems[0].message, /^profile must be one of baseline, restricted, stig-rke2, stig-kubernetes, not "strict"\./);
    assert.match(problems[1].message, /Quote it/);
    assert.match(problems[2].message, /unknown rule "privilegd". Did you mean "privileged"\?/);
    assert.match(problems[4].message, /Unknown key "profil". Did you mean "profile"\?/);
  });

  it('a YAML syntax error gives the defaults and a problem at the error', () => {
    const { config, problems } = parseConfig('profile: baseline\nrules: [\n');
    assert.deepEqual(config, {});
    assert.equal(problems.length >= 1, true);
    assert.match(problems[0].message, /^YAML syntax error: .*The defaults apply until it is fixed\.$/);
  });

  it('rejects a non-mapping, several documents, bad globs and bad sizes', () => {
    assert.match(parseConfig('- a\n- b\n').problems[0].message, /must be a mapping/);
    const multi = parseConfig('profile: baseline\n---\nprofile: restricted\n');
    assert.equal(multi.config.profile, 'baseline');
    assert.deepEqual(
      multi.problems.map((p) => p.range.start.line),
      [1],
    );
    const bad = parseConfig('exclude: ["a[", "ok/*"]\nmaxFileSizeMB: 0\n');
    assert.deepEqual(bad.config, { exclude: ['ok/*'] });
    assert.deepEqual(
      bad.problems.map((p) => [p.range.start.line, p.range.start.character]),
      [
        [0, 10],
        [1, 15],
      ],
    );
    assert.match(bad.problems[0].message, /invalid glob "a\[": unmatched "\["/);
  });

  it('refuses alias bombs', () => {
    const lines = ['a: &a ["x","x","x","x","x","x","x","x","x"]'];
    for (let i = 0; i < 8; i++)
      lines.push(
        `${String.fromCharCode(98 + i)}: &${String.fromCharCode(98 + i)} [*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)}]`,
      );
    const r = parseConfig(lines.join('\n'));
    assert.deepEqual(r.config, {});
    assert.match(r.problems[0].message, /^Cannot read the configuration/);
  });

  it('merges layers: keys replace, rules and ruleOptions merge per rule', () => {
    const merged = mergeConfigs(
      { profile: 'baseline', rules: { privileged: 'warning', 'host-ports': 'off' }, exclude: ['a'] },
      { rules: { privileged: 'error' }, exclude: ['b'] },
    );
    assert.deepEqual(merged, { profile: 'baseline', rules: { privileged: 'error', 'host-ports': 'off' }, exclude: ['b'] });
  });

  it('turns into engine options that change what is reported', () => {
    const off = analyzeText(POD, resolveRuleSet(toEngineOptions(parseConfig('rules: {privileged: "off"}').config)));
    assert.equal(
      off.findings.some((f) => f.ruleId === 'privileged'),
      false,
    );
    const info = analyzeText(POD, resolveRuleSet(toEngineOptions(parseConfig('rules: {privileged: info}').config)));
    assert.equal(info.findings.find((f) => f.ruleId === 'privileged')?.severity, 'info');
    const baseline = analyzeText(POD, resolveRuleSet(toEngineOptions(parseConfig('profile: baseline').config)));
    assert.deepEqual([...new Set(baseline.findings.map((f) => f.ruleId))], ['privileged']);
    const opts = toEngineOptions({ requireSuppressionReason: true, unsuppressible: ['privileged'] }, '/x/pod.yaml');
    assert.deepEqual(opts.suppression, { requireReason: true, unsuppressible: ['privileged'] });
    assert.equal(opts.filePath, '/x/pod.yaml');
    assert.equal(toEngineOptions({}).profile, CONFIG_DEFAULTS.profile);
  });
});

describe('.podsec.yaml on disk', () => {
  let root: string;
  before(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'podsec-config-'));
    fs.mkdirSync(path.join(root, 'repo', 'apps', 'web'), { recursive: true });
    fs.writeFileSync(path.join(root, 'repo', '.podsec.yaml'), '\ufeffprofile: baseline\nexclude: [apps/web/generated-*.yaml]\n');
    fs.writeFileSync(path.join(root, 'repo', 'apps', 'web', 'pod.yaml'), POD);
  });
  after(() => fs.rmSync(root, { recursive: true, force: true }));

  it('finds the nearest file walking up, and stops where told', () => {
    const file = path.join(root, 'repo', 'apps', 'web', 'pod.yaml');
    assert.equal(findConfigFile(file), path.join(root, 'repo', '.podsec.yaml'));
    assert.equal(findConfigFile(path.join(root, 'repo', 'apps')), path.join(root, 'repo', '.podsec.yaml'));
    assert.equal(findConfigFile(file, path.join(root, 'repo', 'apps')), undefined);
    assert.equal(findConfigFile(path.join(root, 'elsewhere.yaml')), undefined);
  });

  it('loads it (byte order mark and all) and applies its excludes relative to its folder', () => {
    const loaded = loadConfigFile(path.join(root, 'repo', '.podsec.yaml'));
    assert.deepEqual(loaded.config, { profile: 'baseline', exclude: ['apps/web/generated-*.yaml'] });
    assert.deepEqual(loaded.problems, []);
    const excludes = new ExcludeSet(loaded.dir, loaded.config.exclude!);
    assert.equal(excludes.matches(path.join(root, 'repo', 'apps', 'web', 'generated-1.yaml')), true);
    assert.equal(excludes.matches(path.join(root, 'repo', 'apps', 'web', 'pod.yaml')), false);
    // settings below the file: its keys win, the others stay
    const fc = new ConfigResolver().resolve(path.join(root, 'repo', 'apps', 'web', 'generated-2.yaml'), {
      settings: { profile: 'restricted', pssVersion: 'v1.25' },
    });
    assert.equal(fc.excluded, true);
    assert.equal(fc.options.profile, 'baseline');
    assert.equal(fc.options.version, 'v1.25');
  });

  it('reports unreadable files as a problem, not an exception', () => {
    const loaded = loadConfigFile(path.join(root, 'missing', '.podsec.yaml'));
    assert.deepEqual(loaded.config, {});
    assert.match(loaded.problems[0].message, /^Cannot read \.podsec\.yaml: ENOENT/);
    fs.writeFileSync(path.join(root, 'bin.yaml'), Buffer.from([0x70, 0xff, 0xfe]));
    assert.match(loadConfigFile(path.join(root, 'bin.yaml')).problems[0].message, /not valid UTF-8/);
  });
});
