/**
 * The CI recipes: the README shows each recipe file as it is, the files parse, and their podsec
 * commands run exactly as written (with the bundled CLI, and stand-ins for helm and kustomize,
 * which are not installed here) and fail or pass the job as the README says.
 */
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parse } from 'yaml';
import { PROJECT_URL } from '../../server/src/engine/docs';
import { BUNDLE, cleanup, CLEAN_POD, EXAMPLES, FIXTURES, REPO, tempDir, writeTree } from './helpers';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Any = any;

const VERSION = JSON.parse(fs.readFileSync(path.join(REPO, 'package.json'), 'utf8')).version as string;
const README = fs.readFileSync(path.join(REPO, 'README.md'), 'utf8');

function recipe(rel: string): string {
  return fs.readFileSync(path.join(REPO, rel), 'utf8');
}

function bash(script: string, cwd: string, env: Record<string, string> = {}): { code: number; out: string; err: string } {
  const r = spawnSync('bash', ['--noprofile', '--norc', '-eo', 'pipefail', '-c', script], {
    cwd,
    env: { ...process.env, NO_COLOR: '1', ...env },
    encoding: 'utf8',
  });
  return { code: r.status ?? -1, out: r.stdout, err: r.stderr };
}

/** A folder with the examples as `deploy/`. */
function workspace(): string {
  const dir = tempDir('podsec-recipe-');
  fs.cpSync(EXAMPLES, path.join(dir, 'deploy'), { recursive: true });
  return dir;
}

function validSarif(file: string): Any {
  const log = JSON.parse(fs.readFileSync(file, 'utf8'));
  assert.equal(log.version, '2.1.0');
  assert.ok(log.runs[0].results.length > 0);
  return log;
}

describe('cli: CI recipes', () => {
  it('the README shows every recipe file exactly as it is', () => {
    const marked = [...README.matchAll(/<!-- recipe: (\S+) -->\n```\w*\n([\s\S]*?)```\n/g)];
    assert.deepEqual(marked.map((m) => m[1]).sort(), [
      'recipes/github-actions/podsec-checklist.yml',
      'recipes/github-actions/podsec.yml',
      'recipes/gitlab-ci/podsec-checklist.gitlab-ci.yml',
      'recipes/gitlab-ci/podsec.gitlab-ci.yml',
      'recipes/pre-commit/pre-commit-config.yaml',
      'recipes/rendered-charts.sh',
    ]);
    for (const [, file, shown] of marked) assert.equal(shown, recipe(file), `README block for ${file}`);
  });

  describe('GitHub Actions workflow', () => {
    const wf = parse(recipe('recipes/github-actions/podsec.yml'));
    const steps = wf.jobs.podsec.steps as Any[];
    const check = steps.find((s) => s.name === 'Check manifests');
    const upload = steps.find((s) => String(s.uses).startsWith('github/codeql-action/upload-sarif@'));

    it('may upload to code scanning and uploads what the check step writes, also when the check fails', () => {
      assert.equal(wf.permissions['security-events'], 'write');
      assert.ok(wf.on.pull_request !== undefined && wf.on.push);
      assert.ok(upload);
      assert.match(upload.if, /failure\(\)/);
      const [, out] = /> (\S+)$/.exec(check.run.trim())!;
      assert.equal(upload.with.sarif_file, out);
      assert.equal(steps.find((s) => String(s.uses).startsWith('actions/setup-node@')).with['node-version'], 20);
    });

    it('installs the podsec release that matches this version', () => {
      const install = steps.find((s) => s.name === 'Install podsec').run as string;
      assert.ok(install.includes(`--branch v${VERSION} ${PROJECT_URL}.git`), install);
      assert.match(install, /npm ci --prefix "\$RUNNER_TEMP\/podsec"/);
      assert.match(install, /echo "PODSEC=\$RUNNER_TEMP\/podsec\/server\/out\/cli\.js" >> "\$GITHUB_ENV"/);
    });

    it('its check step fails the job on errors and writes valid SARIF; passes on clean manifests', () => {
      const dir = workspace();
      try {
        const r = bash(check.run, dir, { PODSEC: BUNDLE });
        assert.equal(r.code, 1, r.err);
        validSarif(path.join(dir, 'podsec.sarif'));
        fs.rmSync(path.join(dir, 'deploy'), { recursive: true });
        writeTree(dir, { 'deploy/pod.yaml': CLEAN_POD });
        assert.equal(bash(check.run, dir, { PODSEC: BUNDLE }).code, 0);
      } finally {
        cleanup(dir);
      }
    });
  });

  describe('GitLab CI job', () => {
    const job = parse(recipe('recipes/gitlab-ci/podsec.gitlab-ci.yml')).podsec;

    it('keeps the SARIF report as an artifact even when the job fails', () => {
      assert.match(job.image, /^node:20/);
      assert.equal(job.artifacts.when, 'always');
      assert.deepEqual(job.artifacts.paths, ['podsec.sarif']);
    });

    it('runs its script lines as GitLab does: the report is written, then the check fails the job', () => {
      const dir = workspace();
      try {
        fs.mkdirSync(path.join(dir, path.dirname(job.variables.PODSEC)), { recursive: true });
        fs.copyFileSync(BUNDLE, path.join(dir, job.variables.PODSEC));
        const env = { ...job.variables };
        const [writeReport, gate] = job.script as string[];
        assert.equal(bash(writeReport, dir, env).code, 0, 'writing the report never stops the job');
        validSarif(path.join(dir, 'podsec.sarif'));
        const r = bash(gate, dir, env);
        assert.equal(r.code, 1);
        assert.match(r.out, /deploy\/node-agent-daemonset\.yaml:\d+:\d+ {2}error/);
      } finally {
        cleanup(dir);
      }
    });
  });

  describe('STIG evidence as a build artifact', () => {
    /** The files a recipe's job keeps are a valid checklist of every requirement and OSCAL results. */
    function evidenceIn(dir: string, host: string): void {
      const cklb = JSON.parse(fs.readFileSync(path.join(dir, 'podsec-stig.cklb'), 'utf8'));
      assert.equal(cklb.stigs[0].stig_id, 'RGS_RKE2_STIG');
      assert.ok(cklb.stigs[0].rules.some((r: Any) => r.status === 'open'));
      assert.equal(cklb.target_data.host_name, host);
      const oscal = JSON.parse(fs.readFileSync(path.join(dir, 'podsec-oscal.json'), 'utf8'));
      assert.equal(oscal['assessment-results'].metadata['oscal-version'], '1.1.3');
    }

    it('GitHub Actions: writes the evidence although podsec finds errors, keeps it, then fails the job', () => {
      const wf = parse(recipe('recipes/github-actions/podsec-checklist.yml'));
      const steps = wf.jobs.checklist.steps as Any[];
      const write = steps.find((s) => s.name === 'Write the STIG evidence');
      const keep = steps.find((s) => String(s.uses).startsWith('actions/upload-artifact@'));
      const gate = steps.find((s) => s.name === 'Fail on findings at error severity');
      assert.ok(steps.indexOf(write) < steps.indexOf(keep) && steps.indexOf(keep) < steps.indexOf(gate), 'write, keep, then fail');
      assert.deepEqual(keep.with.path.trim().split('\n'), ['podsec-stig.cklb', 'podsec-oscal.json']);
      assert.ok(steps.find((s) => s.name === 'Install podsec').run.includes(`--branch v${VERSION} ${PROJECT_URL}.git`));
      const dir = workspace();
      try {
        // GitHub runs each step with bash -e
        const w = bash(`set -e\n${write.run}`, dir, { PODSEC: BUNDLE, TARGET_HOST: 'cluster-a' });
        assert.equal(w.code, 0, w.err);
        evidenceIn(dir, 'cluster-a');
        assert.equal(bash(gate.run, dir, { PODSEC: BUNDLE }).code, 1);
        // a failure to write (here: no manifests folder) fails the step instead of keeping nothing
        fs.rmSync(path.join(dir, 'deploy'), { recursive: true });
        assert.notEqual(bash(`set -e\n${write.run}`, dir, { PODSEC: BUNDLE, TARGET_HOST: '' }).code, 0);
      } finally {
        cleanup(dir);
      }
    });

    it('GitLab CI: the evidence is written and kept as artifacts whatever podsec finds; the last line fails the job', () => {
      const job = parse(recipe('recipes/gitlab-ci/podsec-checklist.gitlab-ci.yml'))['podsec-checklist'];
      assert.equal(job.artifacts.when, 'always');
      assert.deepEqual(job.artifacts.paths, ['podsec-stig.cklb', 'podsec-oscal.json']);
      const dir = workspace();
      try {
        fs.mkdirSync(path.join(dir, path.dirname(job.variables.PODSEC)), { recursive: true });
        fs.copyFileSync(BUNDLE, path.join(dir, job.variables.PODSEC));
        const env = { ...job.variables };
        const [cklb, oscal, gate] = job.script as string[];
        assert.equal(bash(cklb, dir, env).code, 0);
        assert.equal(bash(oscal, dir, env).code, 0);
        evidenceIn(dir, job.variables.TARGET_HOST);
        assert.equal(bash(gate, dir, env).code, 1);
      } finally {
        cleanup(dir);
      }
    });
  });

  describe('rendered charts', () => {
    const script = recipe('recipes/rendered-charts.sh');

    /** Run the recipe with stand-ins for helm and kustomize that print the given files. */
    function runWith(helmOut: string | null, kustomizeOut: string): { code: number; out: string; calls: string } {
      const dir = tempDir('podsec-rendered-');
      try {
        const bin = path.join(dir, 'bin');
        writeTree(dir, { 'helm.out': helmOut ?? '', 'kustomize.out': kustomizeOut });
        const stub = (name: string, body: string) => {
          writeTree(bin, { [name]: `#!/usr/bin/env bash\necho "${name} $*" >> "${dir}/calls"\n${body}\n` });
          fs.chmodSync(path.join(bin, name), 0o755);
        };
        stub('helm', helmOut === null ? 'echo "Error: chart not found" >&2; exit 1' : `cat "${dir}/helm.out"`);
        stub('kustomize', `cat "${dir}/kustomize.out"`);
        stub('podsec', `exec "${process.execPath}" "${BUNDLE}" "$@"`);
        fs.writeFileSync(path.join(dir, 'recipe.sh'), script);
        const r = spawnSync('bash', ['recipe.sh'], {
          cwd: dir,
          env: { ...process.env, NO_COLOR: '1', PATH: `${bin}${path.delimiter}${process.env.PATH}` },
          encoding: 'utf8',
        });
        return { code: r.status ?? -1, out: r.stdout, calls: fs.existsSync(path.join(dir, 'calls')) ? fs.readFileSync(path.join(dir, 'calls'), 'utf8') : '' };
      } finally {
        cleanup(dir);
      }
    }

    const helmRendered = fs.readFileSync(path.join(FIXTURES, 'rendered', 'helm-template.yaml'), 'utf8');
    const kustomizeRendered = fs.readFileSync(path.join(FIXTURES, 'rendered', 'kustomize-build.yaml'), 'utf8');

    it('reports the rendered chart under its --stdin-filename and fails on errors', () => {
      const r = runWith(helmRendered, CLEAN_POD);
      assert.equal(r.code, 1);
      assert.match(r.out, /^charts\/payments\/rendered\.yaml\n/m);
      assert.match(r.out, /charts\/payments\/rendered\.yaml:\d+:\d+ {2}error {4}Container 'node-exporter' runs privileged/);
      // the two sides of a pipe run at once: their calls may be logged in either order
      assert.deepEqual(r.calls.trim().split('\n').sort(), [
        'helm template payments charts/payments --values charts/payments/values-prod.yaml',
        'podsec check - --stdin-filename charts/payments/rendered.yaml',
      ]);
    });

    it('checks the kustomize build when the chart passes', () => {
      const r = runWith(CLEAN_POD, kustomizeRendered);
      assert.equal(r.code, 1);
      assert.match(r.out, /overlays\/prod\/rendered\.yaml:\d+:\d+ {2}error {4}Container 'reconcile' runs privileged/);
      const calls = r.calls.trim().split('\n');
      assert.ok(calls.includes('kustomize build overlays/prod'), r.calls);
      assert.ok(calls.includes('podsec check - --stdin-filename overlays/prod/rendered.yaml'), r.calls);
      assert.equal(runWith(CLEAN_POD, CLEAN_POD).code, 0);
    });

    it('fails when helm fails, instead of passing an empty stream', () => {
      const r = runWith(null, CLEAN_POD);
      assert.notEqual(r.code, 0);
      assert.ok(!r.calls.includes('kustomize'), 'stops at the failed render');
    });
  });

  describe('pre-commit hook', () => {
    const hooks = parse(recipe('.pre-commit-hooks.yaml')) as Any[];
    const hook = hooks.find((h) => h.id === 'podsec');
    const consumer = parse(recipe('recipes/pre-commit/pre-commit-config.yaml'));
    const pkg = JSON.parse(fs.readFileSync(path.join(REPO, 'package.json'), 'utf8'));

    it("is a node hook whose entry is the package's podsec command", () => {
      assert.equal(hook.language, 'node');
      const [command, ...args] = hook.entry.split(' ');
      assert.equal(command, 'podsec');
      assert.deepEqual(args, ['check']);
      assert.ok(fs.existsSync(path.join(REPO, pkg.bin.podsec)), 'the bin file exists');
    });

    it('passes YAML files and leaves out .podsec.yaml (pre-commit matches with re.search)', () => {
      const files = new RegExp(hook.files);
      const exclude = new RegExp(hook.exclude);
      const picks = (f: string) => files.test(f) && !exclude.test(f);
      assert.deepEqual(['deploy/a.yaml', 'b.yml', 'c.json', 'README.md', '.podsec.yaml', 'sub/.podsec.yaml', 'x.podsec.yaml'].filter(picks), [
        'deploy/a.yaml',
        'b.yml',
        'x.podsec.yaml',
      ]);
    });

    it('the example configuration points at this repository and this version', () => {
      const repo = consumer.repos[0];
      assert.equal(repo.repo, PROJECT_URL);
      assert.equal(repo.rev, `v${VERSION}`);
      assert.deepEqual(
        repo.hooks.map((h: Any) => h.id),
        ['podsec'],
      );
    });

    it('runs as pre-commit runs it: entry, args, then the files', () => {
      const dir = workspace();
      try {
        const args = [...hook.entry.split(' ').slice(1), ...consumer.repos[0].hooks[0].args, 'deploy/clean-deployment.yaml'];
        const bin = path.join(REPO, pkg.bin.podsec);
        const clean = spawnSync(process.execPath, [bin, ...args], { cwd: dir, encoding: 'utf8' });
        assert.equal(clean.status, 0, clean.stdout + clean.stderr);
        const bad = spawnSync(process.execPath, [bin, ...args, 'deploy/api-missing-hardening.yaml'], { cwd: dir, encoding: 'utf8' });
        assert.equal(bad.status, 1, 'warnings fail the commit with --max-warnings=0');
      } finally {
        cleanup(dir);
      }
    });

    it('npm pack prints only the package name, which pre-commit reads as the file to install', function () {
      // this runs the build (prepare), as pre-commit's npm pack does
      const r = spawnSync('npm', ['pack', '--dry-run'], { cwd: REPO, encoding: 'utf8' });
      if (r.error) this.skip();
      assert.equal(r.status, 0, r.stderr);
      assert.equal(r.stdout.trim(), `podsec-${VERSION}.tgz`);
    });

    it('installs and runs under pre-commit itself (in CI, or with PODSEC_PRECOMMIT_E2E=1)', function () {
      if (!process.env.CI && !process.env.PODSEC_PRECOMMIT_E2E) {
        console.log('      (skipped: a real pre-commit install builds podsec once, about two minutes; CI runs it, or set PODSEC_PRECOMMIT_E2E=1)');
        this.skip();
      }
      if (spawnSync('pre-commit', ['--version']).error) {
        console.log('      (skipped: pre-commit is not installed; .ci/run installs it from Debian)');
        this.skip();
      }
      this.timeout(15 * 60 * 1000);
      const dir = tempDir('podsec-precommit-');
      try {
        writeTree(dir, {
          'deploy/bad.yaml': fs.readFileSync(path.join(EXAMPLES, 'node-agent-daemonset.yaml')),
          'deploy/clean.yaml': CLEAN_POD,
          '.podsec.yaml': 'profile: restricted\n',
        });
        const env = { ...process.env, PRE_COMMIT_HOME: path.join(dir, '.pre-commit-home'), NO_COLOR: '1' };
        const git = (...args: string[]) => spawnSync('git', args, { cwd: dir, encoding: 'utf8' });
        git('init', '-q');
        git('add', '.');
        const tryRepo = (...files: string[]) => spawnSync('pre-commit', ['try-repo', REPO, 'podsec', '--files', ...files], { cwd: dir, env, encoding: 'utf8' });
        const bad = tryRepo('deploy/bad.yaml', 'deploy/clean.yaml', '.podsec.yaml');
        assert.equal(bad.status, 1, bad.stdout + bad.stderr);
        assert.match(bad.stdout, /podsec \(Kubernetes Pod Security Standards and DISA STIG\)\.+Failed/);
        assert.match(bad.stdout, /deploy\/bad\.yaml:\d+:\d+ {2}error {4}Container 'shipper' runs privileged/);
        assert.match(bad.stdout, /in 1 file of 2 checked/, '.podsec.yaml is not passed to podsec');
        const clean = tryRepo('deploy/clean.yaml');
        assert.equal(clean.status, 0, clean.stdout + clean.stderr);
        assert.match(clean.stdout, /Passed/);
      } finally {
        cleanup(dir);
      }
    });

    it('the package pre-commit installs carries the built CLI', function () {
      const r = spawnSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: REPO, encoding: 'utf8' });
      if (r.error) this.skip();
      assert.equal(r.status, 0, r.stderr);
      const files = (JSON.parse(r.stdout)[0].files as { path: string }[]).map((f) => f.path);
      for (const f of ['package.json', pkg.bin.podsec, 'server/out/cli.js']) assert.ok(files.includes(f), `${f} is packed`);
      assert.ok(!files.some((f) => f.startsWith('node_modules/') || f.startsWith('test/')), 'nothing else');
    });
  });
});
