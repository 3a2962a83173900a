/**
 * The TextMate injection grammar (syntaxes/podsec-directives.tmLanguage.json), checked with
 * vscode-tmgrammar-test against the assertion files in test/grammar/cases/*.yaml.
 *
 * The grammar is loaded the way VS Code loads it: from package.json `contributes.grammars`
 * (so its `injectTo` wiring is tested too), injected into a real YAML host grammar:
 * - always: the YAML grammar of the `tm-grammars` collection (a devDependency);
 * - when code-server is installed (the e2e tools, see test/e2e/install-tools.sh): the YAML
 *   grammars VS Code itself ships, which is what users see. `PODSEC_REQUIRE_VSCODE_GRAMMAR=1`
 *   makes their absence a failure instead of a skip (the e2e run sets it).
 */
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

/** compiled to test/build/test/grammar: the repository is four levels up */
const repoRoot = path.resolve(__dirname, '../../../..');
const casesDir = path.join(repoRoot, 'test', 'grammar', 'cases');
const cases = fs
  .readdirSync(casesDir)
  .filter((f) => f.endsWith('.yaml'))
  .sort();
const tool = path.join(repoRoot, 'node_modules', 'vscode-tmgrammar-test', 'dist', 'unit.js');

function vscodeYamlSyntaxes(): string | undefined {
  const tools = process.env.E2E_TOOLS || '/tmp/e2e-tools';
  const candidates = [
    process.env.PODSEC_VSCODE_YAML_SYNTAXES,
    path.join(tools, 'cs', 'node_modules', 'code-server', 'lib', 'vscode', 'extensions', 'yaml', 'syntaxes'),
  ];
  return candidates.find((d): d is string => !!d && fs.existsSync(path.join(d, 'yaml.tmLanguage.json')));
}

function runTool(hostGrammars: string[], pattern: string) {
  const args = [tool, '--config', 'package.json', ...hostGrammars.flatMap((g) => ['-g', g]), pattern];
  const r = spawnSync(process.execPath, args, { cwd: repoRoot, encoding: 'utf8' });
  return { status: r.status, output: `${r.stdout}${r.stderr}` };
}

function assertAllPass(hostGrammars: string[]) {
  const { status, output } = runTool(hostGrammars, 'test/grammar/cases/*.yaml');
  assert.equal(status, 0, output);
  // every case file was found and run (a glob that matches nothing must not pass silently)
  for (const c of cases) assert.match(output, new RegExp(`✓ test/grammar/cases/${c.replace('.', '\\.')} run successfuly`), output);
}

describe('directive grammar (vscode-tmgrammar-test)', () => {
  it('has assertion files to run', () => {
    assert.ok(cases.length >= 2, `no cases in ${casesDir}`);
  });

  it('highlights directives, rule ids and reasons inside the tm-grammars YAML grammar', () => {
    assertAllPass([path.join(repoRoot, 'node_modules', 'tm-grammars', 'grammars', 'yaml.json')]);
  });

  it("highlights them inside VS Code's own YAML grammars", function () {
    const dir = vscodeYamlSyntaxes();
    if (!dir) {
      if (process.env.PODSEC_REQUIRE_VSCODE_GRAMMAR === '1') assert.fail("VS Code's YAML grammars not found: run test/e2e/install-tools.sh");
      this.skip();
    }
    const grammars = fs
      .readdirSync(dir)
      .filter((f) => f.endsWith('.tmLanguage.json'))
      .map((f) => path.join(dir, f));
    assertAllPass(grammars);
  });

  it('reports a wrong expectation as a failure', () => {
    // guards the harness itself: a directive asserted to carry a scope it does not get must fail
    const tmp = fs.mkdtempSync(path.join(repoRoot, 'test', 'build', 'grammar-neg-'));
    try {
      const file = path.join(tmp, 'wrong.yaml');
      fs.writeFileSync(
        file,
        [
          '# SYNTAX TEST "source.yaml" "a wrong expectation"',
          'a: 1 # podsec-disable privileged',
          '#       ^^^^^^^^^^^^^^ keyword.control.directive.podsec',
          '',
        ].join('\n'),
      );
      const { status, output } = runTool([path.join(repoRoot, 'node_modules', 'tm-grammars', 'grammars', 'yaml.json')], path.relative(repoRoot, file));
      assert.notEqual(status, 0, output);
      assert.match(output, /missing required scopes: keyword\.control\.directive\.podsec/);
    } finally {
      fs.rmSync(tmp, { recursive: true, force: true });
    }
  });
});
