/**
 * `podsec check`: exit codes, flags, configuration, ignore files, standard input and the text,
 * json and github formats.
 */
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { BUNDLE, cleanup, CLEAN_POD, EXAMPLES, FIXTURES, PRIVILEGED_POD, run, tempDir, WARN_POD, writeTree, type JsonReport } from './helpers';

function json(out: string): JsonReport {
  return JSON.parse(out) as JsonReport;
}

function ruleIds(out: string): string[] {
  return json(out).files.flatMap((f) => f.findings.map((x) => x.ruleId));
}

describe('cli: podsec check', () => {
  let dir: string;
  beforeEach(() => {
    dir = tempDir();
  });
  afterEach(() => cleanup(dir));

  describe('exit codes', () => {
    it('0 when nothing is at error severity, 1 when something is', async () => {
      writeTree(dir, { 'clean.yaml': CLEAN_POD, 'warn.yaml': WARN_POD, 'bad.yaml': PRIVILEGED_POD });
      assert.equal((await run(['check', path.join(dir, 'clean.yaml')])).code, 0);
      assert.equal((await run(['check', path.join(dir, 'warn.yaml')])).code, 0);
      const bad = await run(['check', path.join(dir, 'bad.yaml')]);
      assert.equal(bad.code, 1);
      assert.match(bad.out, /bad\.yaml:10:9 {2}error {4}Container 'app' runs privileged/);
    });

    it('1 for the examples, as the README says', async () => {
      const r = await run(['check', 'examples/'], { cwd: path.dirname(EXAMPLES) });
      assert.equal(r.code, 1);
      assert.match(r.out, /problems \(\d+ errors?, \d+ warnings?(, \d+ infos?)?\) in \d+ files? of \d+ checked/);
    });

    it('2 with a clear message for usage errors, never a stack trace', async () => {
      const bad: [string[], RegExp][] = [
        [['check', '--format', 'xml'], /unknown format "xml": use text, json, sarif, github/],
        [['check', '--profile', 'strict'], /unknown profile "strict"/],
        [['check', '--pss-version', 'v2.1'], /invalid Pod Security Standards version "v2.1"/],
        [['check', '--rule', 'privileged'], /--rule needs <rule-id>=<off\|info\|warning\|error>/],
        [['check', '--rule', 'no-such-rule=off'], /unknown rule "no-such-rule"/],
        [['check', '--rule', 'privileged=fatal'], /unknown severity "fatal"/],
        [['check', '--max-warnings', 'many'], /--max-warnings needs a whole number/],
        [['check', '--max-warnings', '-1'], /unknown option -1|--max-warnings needs a whole number/],
        [['check', '--threads', 'x'], /--threads needs a whole number/],
        [['check', '--fix', '--fix-dry-run'], /either --fix or --fix-dry-run/],
        [['check', '-', '--fix'], /--fix cannot rewrite standard input/],
        [['check', '-', 'a.yaml'], /cannot be combined with other paths/],
        [['check', 'x.yaml', '--stdin-filename', 'a.yaml'], /--stdin-filename names standard input/],
        [['check', '--fix-dry-run', '--format', 'json'], /--fix-dry-run prints a diff/],
        [['check', '--quiet=yes'], /--quiet takes no value/],
        [['check', '--frobnicate'], /unknown option --frobnicate/],
        [['check', '--profile'], /--profile needs a value/],
        [['frob'], /unknown command "frob"/],
      ];
      for (const [args, message] of bad) {
        const r = await run(args);
        assert.equal(r.code, 2, args.join(' '));
        assert.match(r.err, message, args.join(' '));
        assert.doesNotMatch(r.err, /\n\s+at /, 'no stack trace');
      }
    });

    it('2 for a missing path, an unreadable or binary file, with the other files still checked', async () => {
      writeTree(dir, { 'bad.yaml': PRIVILEGED_POD, 'binary.yaml': Buffer.from([0x61, 0, 0x62]), 'latin1.yaml': Buffer.from([0x61, 0x3a, 0x20, 0xe9, 0x0a]) });
      const missing = await run(['check', path.join(dir, 'nope.yaml'), path.join(dir, 'bad.yaml'), '--format', 'json']);
      assert.equal(missing.code, 2);
      assert.match(missing.err, /cannot read .*nope\.yaml: no such file or directory/);
      assert.deepEqual(
        json(missing.out).files.map((f) => path.basename(f.path)),
        ['bad.yaml'],
        'the paths that exist are still checked',
      );
      const r = await run(['check', dir, '--format', 'json']);
      assert.equal(r.code, 2);
      assert.match(r.err, /binary\.yaml: binary content/);
      assert.match(r.err, /latin1\.yaml: not valid UTF-8 text/);
      assert.deepEqual(
        json(r.out).files.map((f) => path.basename(f.path)),
        ['bad.yaml'],
      );
      assert.ok(ruleIds(r.out).includes('privileged'));
    });

    it('keeps its exit code when the reader of its output stops early (podsec check | head)', () => {
      // enough files that output is still being written, and files still checked, when head exits
      const files: Record<string, string> = {};
      for (let i = 0; i < 300; i++) files[`f${i}.yaml`] = PRIVILEGED_POD;
      writeTree(dir, files);
      const r = spawnSync('bash', ['-c', `"${process.execPath}" "${BUNDLE}" check "${dir}" --threads 1 | head -1 >/dev/null; echo "\${PIPESTATUS[0]}"`], {
        encoding: 'utf8',
      });
      assert.equal(r.stdout.trim(), '1');
      assert.equal(r.stderr, '');
    });

    it('prints help with exit 0, and usage on stderr with exit 2 when no command is given', async () => {
      const help = await run(['--help']);
      assert.equal(help.code, 0);
      for (const flag of [
        '--profile',
        '--pss-version',
        '--rule',
        '--config',
        '--ignore-path',
        '--stdin-filename',
        '--format',
        '--quiet',
        '--max-warnings',
        '--fix',
        '--fix-dry-run',
        '--threads',
      ]) {
        assert.ok(help.out.includes(flag), `help mentions ${flag}`);
      }
      assert.match(help.out, /Exit codes:\n {2}0 .*\n {2}1 .*\n {2}2 /);
      const none = await run([]);
      assert.equal(none.code, 2);
      assert.match(none.err, /Usage:/);
    });
  });

  describe('flags', () => {
    it('--quiet reports errors only, in every format', async () => {
      writeTree(dir, { 'bad.yaml': PRIVILEGED_POD });
      const loud = await run(['check', dir, '--format', 'json']);
      const quiet = await run(['check', dir, '--format', 'json', '--quiet']);
      assert.ok(json(loud.out).files[0].findings.some((f) => f.severity === 'warning'));
      const severities = json(quiet.out).files[0].findings.map((f) => f.severity);
      assert.deepEqual([...new Set(severities)], ['error']);
      const text = await run(['check', dir, '--quiet']);
      assert.doesNotMatch(text.out, /warning {2}/);
      assert.match(text.out, /1 problem \(1 error, 0 warnings\)/);
      const sarif = JSON.parse((await run(['check', dir, '--format', 'sarif', '-q'])).out);
      assert.deepEqual([...new Set(sarif.runs[0].results.map((r: { level: string }) => r.level))], ['error']);
    });

    it('short options -f, -c and -q mean --format, --config and --quiet', async () => {
      writeTree(dir, { 'bad.yaml': PRIVILEGED_POD, 'cfg.yaml': 'profile: baseline\n' });
      const long = await run(['check', path.join(dir, 'bad.yaml'), '--format', 'json', '--config', path.join(dir, 'cfg.yaml'), '--quiet']);
      const short = await run(['check', path.join(dir, 'bad.yaml'), '-f', 'json', '-c', path.join(dir, 'cfg.yaml'), '-q']);
      assert.equal(short.out, long.out);
      assert.deepEqual(ruleIds(short.out), ['privileged']);
    });

    it('--max-warnings N exits 1 only when there are more than N warnings', async () => {
      writeTree(dir, { 'warn.yaml': WARN_POD }); // 4 warnings
      assert.equal((await run(['check', dir])).code, 0);
      assert.equal((await run(['check', dir, '--max-warnings', '4'])).code, 0);
      const over = await run(['check', dir, '--max-warnings', '3']);
      assert.equal(over.code, 1);
      assert.match(over.err, /4 warnings found, more than --max-warnings 3/);
      // warnings count even when --quiet hides them
      const quiet = await run(['check', dir, '--max-warnings=0', '--quiet']);
      assert.equal(quiet.code, 1);
    });

    it('--rule <id>=<severity> turns rules off, up or down', async () => {
      writeTree(dir, { 'bad.yaml': PRIVILEGED_POD });
      const off = await run(['check', dir, '--format', 'json', '--rule', 'privileged=off']);
      assert.ok(!ruleIds(off.out).includes('privileged'));
      assert.equal(off.code, 0, 'nothing left at error severity');
      const up = await run(['check', dir, '--format', 'json', '--rule=run-as-non-root=error', '--rule', 'privileged=info']);
      const findings = json(up.out).files[0].findings;
      assert.equal(findings.find((f) => f.ruleId === 'run-as-non-root')?.severity, 'error');
      assert.equal(findings.find((f) => f.ruleId === 'privileged')?.severity, 'info');
      assert.equal(up.code, 1);
    });

    it('--profile baseline leaves out restricted rules; --pss-version applies older policy', async () => {
      writeTree(dir, { 'bad.yaml': PRIVILEGED_POD });
      const base = await run(['check', dir, '--format', 'json', '--profile', 'baseline']);
      assert.deepEqual(ruleIds(base.out), ['privileged']);
      // host-probes exists from v1.34: earlier versions do not check it
      const probe = PRIVILEGED_POD.replace('privileged: true', 'privileged: false').replace(
        '      image: nginx\n',
        '      image: nginx\n      livenessProbe:\n        httpGet:\n          host: 10.0.0.1\n          port: 80\n',
      );
      writeTree(dir, { 'bad.yaml': probe });
      assert.ok(ruleIds((await run(['check', dir, '--format', 'json', '--profile', 'baseline'])).out).includes('host-probes'));
      assert.ok(!ruleIds((await run(['check', dir, '--format', 'json', '--profile', 'baseline', '--pss-version', 'v1.33'])).out).includes('host-probes'));
    });

    it('--color forces colours; NO_COLOR and --no-color turn them off on a terminal', async () => {
      writeTree(dir, { 'bad.yaml': PRIVILEGED_POD });
      const RED = '\x1b[31m';
      const ESC = '\x1b[';
      assert.ok((await run(['check', dir, '--color'])).out.includes(RED));
      assert.ok((await run(['check', dir], { isTTY: true })).out.includes(RED));
      assert.ok(!(await run(['check', dir], { isTTY: true, env: { NO_COLOR: '1' } })).out.includes(ESC));
      assert.ok(!(await run(['check', dir, '--no-color'], { isTTY: true })).out.includes(ESC));
      assert.ok(!(await run(['check', dir])).out.includes(ESC), 'no colours when not on a terminal');
    });
  });

  describe('configuration', () => {
    it('uses the nearest .podsec.yaml above each file', async () => {
      writeTree(dir, {
        'a/.podsec.yaml': 'profile: baseline\n',
        'a/pod.yaml': PRIVILEGED_POD,
        'a/deeper/pod.yaml': PRIVILEGED_POD,
        'b/.podsec.yaml': 'rules:\n  privileged: off\n',
        'b/pod.yaml': PRIVILEGED_POD,
      });
      const r = json((await run(['check', dir, '--format', 'json'])).out);
      const byFile = Object.fromEntries(r.files.map((f) => [path.relative(dir, f.path), f.findings.map((x) => x.ruleId)]));
      assert.deepEqual(byFile[path.join('a', 'pod.yaml')], ['privileged']);
      assert.deepEqual(byFile[path.join('a', 'deeper', 'pod.yaml')], ['privileged']);
      assert.ok(!byFile[path.join('b', 'pod.yaml')].includes('privileged'));
      assert.ok(byFile[path.join('b', 'pod.yaml')].includes('run-as-non-root'));
    });

    it('--config names one file for every manifest; command-line flags win over it', async () => {
      writeTree(dir, {
        'cfg.yaml': 'profile: baseline\nrules:\n  privileged: warning\n',
        'pods/.podsec.yaml': 'rules:\n  privileged: off\n',
        'pods/pod.yaml': PRIVILEGED_POD,
      });
      const viaConfig = json((await run(['check', path.join(dir, 'pods'), '--format', 'json', '--config', path.join(dir, 'cfg.yaml')])).out);
      assert.deepEqual(
        viaConfig.files[0].findings.map((f) => [f.ruleId, f.severity]),
        [['privileged', 'warning']],
      );
      const flags = json(
        (
          await run([
            'check',
            path.join(dir, 'pods'),
            '--format',
            'json',
            '--config',
            path.join(dir, 'cfg.yaml'),
            '--rule',
            'privileged=error',
            '--profile',
            'restricted',
          ])
        ).out,
      );
      const ids = flags.files[0].findings.map((f) => [f.ruleId, f.severity]);
      assert.deepEqual(
        ids.find(([id]) => id === 'privileged'),
        ['privileged', 'error'],
      );
      assert.ok(ids.some(([id]) => id === 'run-as-non-root'));
    });

    it("honours the configuration's exclude globs, as the editor does", async () => {
      writeTree(dir, { '.podsec.yaml': 'exclude:\n  - generated/**\n', 'generated/pod.yaml': PRIVILEGED_POD, 'pod.yaml': PRIVILEGED_POD });
      const r = json((await run(['check', dir, '--format', 'json'])).out);
      assert.deepEqual(
        r.files.map((f) => path.relative(dir, f.path)),
        ['pod.yaml'],
      );
    });

    it('a broken configuration is a usage error (exit 2) naming the file, line and problem', async () => {
      writeTree(dir, { '.podsec.yaml': 'profile: strict\n', 'pod.yaml': PRIVILEGED_POD });
      const r = await run(['check', dir]);
      assert.equal(r.code, 2);
      assert.match(r.err, /invalid configuration:\n {2}.*\.podsec\.yaml:1:10: profile must be one of/);
      assert.equal(r.out, '');
      writeTree(dir, { '.podsec.yaml': 'rules: [\n' });
      const syntax = await run(['check', dir]);
      assert.equal(syntax.code, 2);
      assert.match(syntax.err, /YAML syntax error/);
      const missing = await run(['check', dir, '--config', path.join(dir, 'none.yaml')]);
      assert.equal(missing.code, 2);
      assert.match(missing.err, /cannot read configuration file .*none\.yaml: no such file/);
    });

    it('prints configuration warnings and goes on', async () => {
      writeTree(dir, { '.podsec.yaml': 'profil: baseline\n', 'pod.yaml': CLEAN_POD });
      const r = await run(['check', dir]);
      assert.equal(r.code, 0);
      assert.match(r.err, /warning: .*\.podsec\.yaml:1:1: Unknown key "profil". Did you mean "profile"\?/);
    });
  });

  describe('files and ignore files', () => {
    it('walks folders for .yaml and .yml files, skipping node_modules and .git', async () => {
      writeTree(dir, {
        'a.yaml': PRIVILEGED_POD,
        'b.yml': PRIVILEGED_POD,
        'c.json': '{}',
        'README.md': '# no',
        'node_modules/x/pod.yaml': PRIVILEGED_POD,
        '.git/pod.yaml': PRIVILEGED_POD,
        'sub/d.YAML': PRIVILEGED_POD,
      });
      const r = json((await run(['check', dir, '--format', 'json'])).out);
      assert.deepEqual(
        r.files.map((f) => path.relative(dir, f.path)),
        ['a.yaml', 'b.yml', path.join('sub', 'd.YAML')],
      );
    });

    it('checks a file given twice (or given and found in a given folder) once', async () => {
      writeTree(dir, { 'a.yaml': PRIVILEGED_POD });
      const r = json((await run(['check', path.join(dir, 'a.yaml'), dir, path.join(dir, 'a.yaml'), '--format', 'json'])).out);
      assert.equal(r.files.length, 1);
    });

    it('reads .podsecignore from the working folder (gitignore syntax)', async () => {
      writeTree(dir, {
        '.podsecignore': '# rendered output\nrendered/\n*.tmpl.yaml\n!keep.tmpl.yaml\n',
        'rendered/pod.yaml': PRIVILEGED_POD,
        'x.tmpl.yaml': PRIVILEGED_POD,
        'keep.tmpl.yaml': PRIVILEGED_POD,
        'pod.yaml': PRIVILEGED_POD,
      });
      const r = json((await run(['check', '.', '--format', 'json'], { cwd: dir })).out);
      assert.deepEqual(
        r.files.map((f) => f.path),
        ['keep.tmpl.yaml', 'pod.yaml'],
      );
      // files named on the command line are ignored too (pre-commit passes them one by one)
      const explicit = json((await run(['check', 'x.tmpl.yaml', 'rendered/pod.yaml', 'pod.yaml', '--format', 'json'], { cwd: dir })).out);
      assert.deepEqual(
        explicit.files.map((f) => f.path),
        ['pod.yaml'],
      );
    });

    it('--ignore-path reads another file, relative to its own folder; a missing one is exit 2', async () => {
      writeTree(dir, {
        'conf/ignore': '/manifests/old/\n',
        'manifests/old/pod.yaml': PRIVILEGED_POD,
        'manifests/pod.yaml': CLEAN_POD,
        '.podsecignore': 'manifests/\n',
      });
      const r = json((await run(['check', 'manifests', '--format', 'json', '--ignore-path', 'conf/ignore'], { cwd: dir })).out);
      // conf/ignore's patterns are relative to conf/: /manifests/old/ matches nothing outside it
      assert.deepEqual(
        r.files.map((f) => f.path),
        [path.join('manifests', 'old', 'pod.yaml'), path.join('manifests', 'pod.yaml')],
      );
      writeTree(dir, { ignore: '/manifests/old/\n' });
      const r2 = json((await run(['check', 'manifests', '--format', 'json', '--ignore-path', 'ignore'], { cwd: dir })).out);
      assert.deepEqual(
        r2.files.map((f) => f.path),
        [path.join('manifests', 'pod.yaml')],
      );
      const missing = await run(['check', 'manifests', '--ignore-path', 'nope'], { cwd: dir });
      assert.equal(missing.code, 2);
      assert.match(missing.err, /cannot read ignore file nope: no such file/);
    });
  });

  describe('standard input', () => {
    it('checks "-" and reports it under --stdin-filename', async () => {
      const r = await run(['check', '-', '--stdin-filename', 'chart.yaml'], { stdin: PRIVILEGED_POD });
      assert.equal(r.code, 1);
      assert.match(r.out, /^chart\.yaml\n/);
      assert.match(r.out, /^ {2}chart\.yaml:10:9 {2}error {4}Container 'app' runs privileged/m);
      const unnamed = await run(['check', '-', '--format', 'json'], { stdin: CLEAN_POD });
      assert.equal(unnamed.code, 0);
      assert.deepEqual(json(unnamed.out), { files: [{ path: '-', findings: [] }] });
    });

    it('finds the .podsec.yaml for --stdin-filename', async () => {
      writeTree(dir, { 'chart/.podsec.yaml': 'rules:\n  privileged: off\n' });
      const r = await run(['check', '-', '--stdin-filename', 'chart/rendered.yaml', '--format', 'json'], { stdin: PRIVILEGED_POD, cwd: dir });
      assert.ok(!ruleIds(r.out).includes('privileged'));
    });

    it('rejects binary standard input with exit 2', async () => {
      const r = await run(['check', '-'], { stdin: Buffer.from([0, 1, 2]) });
      assert.equal(r.code, 2);
      assert.match(r.err, /-: binary content/);
    });

    it('checks rendered Helm and kustomize output as piped, with exact positions in later documents', async () => {
      for (const [fixture, name] of [
        ['helm-template.yaml', 'chart.yaml'],
        ['kustomize-build.yaml', 'overlay.yaml'],
      ]) {
        const text = fs.readFileSync(path.join(FIXTURES, 'rendered', fixture), 'utf8');
        const piped = json((await run(['check', '-', '--stdin-filename', name, '--format', 'json'], { stdin: text })).out);
        const direct = json((await run(['check', path.join(FIXTURES, 'rendered', fixture), '--format', 'json'])).out);
        assert.equal(piped.files[0].path, name);
        // the policy of a finding judged by a Namespace in the stream names the file it is in: the name given, or the file
        const samePlace = (findings: JsonReport['files'][number]['findings'], file: string) =>
          findings.map((f) => {
            if (!f.policy?.source.file) return f;
            assert.equal(path.basename(f.policy.source.file), path.basename(file));
            return {
              ...f,
              policy: {
                ...f.policy,
                source: { ...f.policy.source, file: '(this file)', detail: f.policy.source.detail.replace(path.basename(file), '(this file)') },
              },
            };
          });
        assert.deepEqual(samePlace(piped.files[0].findings, name), samePlace(direct.files[0].findings, fixture), fixture);
        // every finding points at text that is really in that document
        const lines = text.split('\n');
        for (const f of piped.files[0].findings) {
          if (f.ruleId === 'privileged') assert.match(lines[f.range.start.line].slice(f.range.start.character), /^privileged: true/);
        }
        assert.ok(
          piped.files[0].findings.some((f) => f.range.start.line > 40),
          `${fixture}: findings beyond the first document`,
        );
      }
    });
  });

  describe('formats', () => {
    it('json has exactly the documented shape', async () => {
      writeTree(dir, { 'bad.yaml': PRIVILEGED_POD });
      const r = JSON.parse((await run(['check', path.join(dir, 'bad.yaml'), '--format', 'json'])).out);
      assert.deepEqual(Object.keys(r), ['files']);
      assert.deepEqual(Object.keys(r.files[0]), ['path', 'findings']);
      const f = r.files[0].findings.find((x: { ruleId: string }) => x.ruleId === 'privileged');
      assert.deepEqual(Object.keys(f), ['ruleId', 'severity', 'message', 'range', 'resource', 'container', 'path', 'pss', 'policy', 'standards', 'fixable']);
      // judged by the profile setting: no file says so
      assert.deepEqual(f.policy, {
        mode: 'enforce',
        level: 'baseline',
        version: 'latest',
        source: { kind: 'profile', detail: 'the profile setting (restricted, Pod Security Standards latest)', file: null, range: null },
      });
      assert.deepEqual(f.range, { start: { line: 9, character: 8 }, end: { line: 9, character: 24 } });
      assert.deepEqual(f.resource, { apiVersion: 'v1', kind: 'Pod', namespace: null, name: 'web' });
      assert.equal(f.container, 'app');
      assert.equal(f.path, 'spec.containers[0].securityContext.privileged');
      assert.deepEqual(f.pss, { level: 'baseline', check: 'privileged', control: 'Privileged Containers' });
      assert.ok(f.standards.every((s: object) => Object.keys(s).join() === 'framework,id'));
      assert.equal(typeof f.fixable, 'boolean');
    });

    it('json output equals one JSON.stringify of the whole report (it is written file by file)', async () => {
      const r = await run(['check', EXAMPLES, '--format', 'json']);
      assert.equal(r.out, JSON.stringify(JSON.parse(r.out), null, 2) + '\n');
      const none = await run(['check', path.join(dir), '--format', 'json']);
      assert.equal(none.out, '{\n  "files": []\n}\n');
    });

    it('github writes one workflow command per finding', async () => {
      writeTree(dir, { 'bad.yaml': PRIVILEGED_POD });
      const r = await run(['check', 'bad.yaml', '--format', 'github'], { cwd: dir });
      assert.equal(r.code, 1);
      assert.match(
        r.out,
        /^::error file=bad\.yaml,line=10,col=9,endLine=10,endColumn=25,title=podsec privileged::Container 'app' runs privileged \(privileged: true\)/m,
      );
      assert.match(r.out, /^::warning file=bad\.yaml,line=9,col=7,.*title=podsec run-as-non-root::/m);
      assert.match(r.out, /problems \(1 error, 4 warnings\)/);
    });

    it('github escapes what would break a workflow command', async () => {
      writeTree(dir, { 'a,b: c%.yaml': PRIVILEGED_POD });
      const r = await run(['check', 'a,b: c%.yaml', '--format', 'github'], { cwd: dir });
      assert.match(r.out, /^::error file=a%2Cb%3A c%25\.yaml,line=10,/m);
    });

    it('every format carries the same message for every finding', async () => {
      const texts = await run(['check', EXAMPLES]);
      const jsonOut = json((await run(['check', EXAMPLES, '--format', 'json'])).out);
      const sarif = JSON.parse((await run(['check', EXAMPLES, '--format', 'sarif'])).out);
      const github = (await run(['check', EXAMPLES, '--format', 'github'])).out;
      const fromJson = jsonOut.files.flatMap((f) => f.findings.map((x) => x.message));
      const fromSarif = sarif.runs[0].results
        .filter((r: { suppressions?: unknown }) => !r.suppressions)
        .map((r: { message: { text: string } }) => r.message.text);
      const unescape = (s: string) => s.replace(/%0A/g, '\n').replace(/%0D/g, '\r').replace(/%25/g, '%');
      const fromGithub = github
        .split('\n')
        .filter((l) => l.startsWith('::'))
        .map((l) => unescape(l.slice(l.indexOf('::', 2) + 2)));
      const fromText = texts.out
        .split('\n')
        .filter((l) => /^ {2}\S+:\d+:\d+ {2}/.test(l))
        // after the rule id, the policy a label or configuration set: `  [enforce restricted:v1.30 · ns.yaml:6]`
        .map((l) =>
          l
            .replace(/^ {2}\S+:\d+:\d+ {2}\S+ +/, '')
            .replace(/ {2}\[[^\]]+\]$/, '')
            .replace(/ {2}\S+$/, ''),
        );
      assert.ok(fromJson.length > 5);
      assert.deepEqual(fromSarif, fromJson);
      assert.deepEqual(fromGithub, fromJson);
      assert.deepEqual(fromText, fromJson);
    });
  });
});
