/**
 * The rule tester must fail when an expectation is wrong; otherwise every rule test could pass
 * without asserting anything.
 */
import * as assert from 'node:assert/strict';
import { analyzeText } from '../../server/src/engine/pipeline';
import { resolveRuleSet } from '../../server/src/engine/profiles';
import type { Finding, RuleMeta } from '../../server/src/engine/types';
import {
  assertCleanAfterFix,
  assertFixableAgrees,
  checkCases,
  checkFixable,
  checkInvalid,
  checkMessagesCovered,
  checkValid,
  InvalidCase,
  pod,
  settingsOf,
  y,
} from './rule-tester';

const code = pod`
  containers:
  - name: app
    image: nginx
    securityContext:
      privileged: true
`;
const fixedText = code.replace('privileged: true', 'privileged: false');

const good: InvalidCase = {
  code,
  errors: [
    {
      message: "Container 'app' runs privileged (privileged: true): it has full access to the node.",
      range: [9, 6, 9, 22],
      container: 'app',
      path: 'spec.containers[0].securityContext.privileged',
      severity: 'error',
      fix: { title: "Set privileged: false in container 'app'", preferred: false },
    },
  ],
  output: { 9: '      privileged: false' },
};

/** The same expectation written with a message id and a text locator. */
const byId: InvalidCase = {
  code,
  errors: [
    {
      messageId: 'privileged',
      data: { subject: "Container 'app'", value: 'true' },
      at: 'privileged: true',
      fix: { title: "Set privileged: false in container 'app'", preferred: false },
    },
  ],
  output: fixedText,
};

function variant(change: (c: InvalidCase) => void, base = good): InvalidCase {
  const c = structuredClone(base);
  change(c);
  return c;
}

/** Two containers that run privileged: the locator text appears twice. */
const twice = code.replace(
  '  containers:\n',
  '  initContainers:\n  - name: init\n    image: busybox\n    securityContext: {privileged: true}\n  containers:\n',
);

describe('rule tester', () => {
  it('accepts a correct invalid case', () => {
    checkInvalid('privileged', good);
  });

  const wrong: [string, (c: InvalidCase) => void, RegExp][] = [
    ['a range off by one character', (c) => (c.errors[0].range = [9, 6, 9, 21]), /covers/],
    ['a different message', (c) => (c.errors[0].message = 'privileged'), /message/],
    ['a message pattern that does not match', (c) => (c.errors[0].message = /init container/), /message/],
    ['another container', (c) => (c.errors[0].container = 'web'), /container/],
    ['another path', (c) => (c.errors[0].path = 'spec.containers[0]'), /path/],
    ['another severity', (c) => (c.errors[0].severity = 'warning'), /severity/],
    ['one error too many', (c) => c.errors.push(c.errors[0]), /expected 2 privileged finding/],
    ['a missing fix expectation', (c) => delete c.errors[0].fix, /unexpected fix/],
    ['another fix title', (c) => (c.errors[0].fix!.title = 'Fix it'), /fix title/],
    ['a preferred flag that differs', (c) => (c.errors[0].fix!.preferred = true), /preferred/],
    [
      'another edit',
      (c) => {
        delete c.output;
        c.errors[0].fix!.edits = [{ range: [9, 18, 9, 22], text: 'no' }];
      },
      /fix edits/,
    ],
    ['a wrong output', (c) => (c.output = code), /output/],
    ['a missing output', (c) => delete c.output, /output/],
  ];
  for (const [what, change, message] of wrong) {
    it(`rejects ${what}`, () => {
      assert.throws(() => checkInvalid('privileged', variant(change)), message);
    });
  }

  it('after a fix, rejects a remaining fixed finding, a new finding, a parse error and a lost document', () => {
    const findings = (text: string) => analyzeText(text, resolveRuleSet({})).findings;
    const before = findings(code);
    const fixed = before.filter((f) => f.ruleId === 'privileged');
    const clean = findings(fixedText);
    assertCleanAfterFix(before, fixed, clean, 1, 1, 'ok');
    assert.throws(() => assertCleanAfterFix(before, fixed, before, 1, 1, 'x'), /new or the fixed one remains/);
    const worse = findings(fixedText.replace('  containers:', '  hostPID: true\n  containers:'));
    assert.throws(() => assertCleanAfterFix(before, fixed, worse, 1, 1, 'x'), /new or the fixed one remains/);
    assert.throws(() => assertCleanAfterFix(before, fixed, findings('a: [\n'), 1, 1, 'x'), /must parse/);
    assert.throws(() => assertCleanAfterFix(before, fixed, clean, 2, 1, 'x'), /number of YAML documents/);
  });

  it('rejects a valid case the rule flags', () => {
    assert.throws(() => checkValid('privileged', { code }), /expected no privileged finding/);
  });

  it('rejects a valid case that does not parse', () => {
    assert.throws(() => checkValid('privileged', { code: code.replace('spec:', 'spec: [') }), /must parse/);
  });

  it('rejects a valid case without a pod spec (a typo in kind must not make it pass)', () => {
    assert.throws(() => checkValid('privileged', { code: code.replace('kind: Pod', 'kind: Pdo') }), /pod spec/);
    checkValid('privileged', { code: code.replace('kind: Pod', 'kind: Pdo'), noPodSpec: true });
  });

  it('rejects duplicate cases', () => {
    assert.throws(() => checkCases('privileged', { valid: [{ code: 'a: 1\n' }], invalid: [good, good] }), /duplicates/);
    assert.throws(() => checkCases('privileged', { valid: [{ code }, { code }], invalid: [] }), /duplicates/);
    checkCases('privileged', { valid: [{ code }, { code, version: 'v1.0' }], invalid: [] });
  });

  it('rejects other files without a path for the case, or holding the case itself', () => {
    const files = { '/n/etc/rancher/rke2/config.yaml.d/10-a.yaml': 'token: a\n' };
    assert.throws(() => checkCases('privileged', { valid: [{ code, files }], invalid: [] }), /needs its own filePath/);
    assert.throws(
      () => checkCases('privileged', { valid: [{ code, filePath: '/n/x.yaml', files: { '/n/x.yaml': code } }], invalid: [] }),
      /must not hold the case's own file/,
    );
  });

  it('rejects an invalid case without errors and an unknown rule', () => {
    assert.throws(() => checkCases('privileged', { valid: [], invalid: [{ code, errors: [] }] }), /at least one expected error/);
    assert.throws(() => checkCases('no-such-rule', { valid: [], invalid: [] }), /unknown rule/);
  });

  it('y dedents and ends with one line break', () => {
    assert.equal(
      y`
      a:
        b: 1
    `,
      'a:\n  b: 1\n',
    );
  });

  describe('messages by id', () => {
    it("accepts a message id whose data gives the finding's text", () => {
      checkInvalid('privileged', byId);
    });

    it('rejects data that gives another text, an unknown id, a missing placeholder value, and data without an id', () => {
      assert.throws(
        () =>
          checkInvalid(
            'privileged',
            variant((c) => (c.errors[0].data!.value = 'yes'), byId),
          ),
        /message/,
      );
      assert.throws(
        () =>
          checkInvalid(
            'privileged',
            variant((c) => (c.errors[0].messageId = 'runsPrivileged'), byId),
          ),
        /has no message 'runsPrivileged'/,
      );
      assert.throws(
        () =>
          checkInvalid(
            'privileged',
            variant((c) => delete c.errors[0].data!.subject, byId),
          ),
        /needs a value for \{\{subject\}\}/,
      );
      assert.throws(
        () =>
          checkInvalid(
            'privileged',
            variant((c) => (c.errors[0].message = 'x'), byId),
          ),
        /either message or messageId/,
      );
      assert.throws(
        () =>
          checkInvalid(
            'privileged',
            variant((c) => delete c.errors[0].messageId, byId),
          ),
        /either message or messageId|data goes with messageId/,
      );
    });

    it("rejects a table that asserts none of a rule's messages, by id or by text", () => {
      const only = (messageId: string): InvalidCase => ({ code, errors: [{ messageId, data: { subject: 'x' }, at: 'x' }] });
      assert.throws(
        () => checkMessagesCovered('allow-privilege-escalation', { valid: [], invalid: [only('missing'), only('allows')] }),
        /no case asserts the message\(s\) notBoolean/,
      );
      const byText: InvalidCase = {
        code,
        errors: [{ message: 'Container x sets allowPrivilegeEscalation to "no", which is not the boolean false.', at: 'x' }],
      };
      checkMessagesCovered('allow-privilege-escalation', { valid: [], invalid: [only('missing'), only('allows'), byText] });
    });
  });

  describe('text locators', () => {
    const both: InvalidCase = {
      code: twice,
      errors: [
        {
          messageId: 'privileged',
          data: { subject: "Init container 'init'", value: 'true' },
          at: 'privileged: true',
          occurrence: 1,
          fix: { title: "Set privileged: false in init container 'init'", preferred: false },
        },
        {
          messageId: 'privileged',
          data: { subject: "Container 'app'", value: 'true' },
          at: 'privileged: true',
          occurrence: 2,
          fix: { title: "Set privileged: false in container 'app'", preferred: false },
        },
      ],
      output: [{ 8: '    securityContext: {privileged: false}' }, { 13: '      privileged: false' }],
    };

    it('accept the text a finding covers, with occurrence where the text repeats', () => {
      checkInvalid('privileged', both);
    });

    it('reject other text, text that is not in the code, repeated text without occurrence, and an occurrence too many', () => {
      assert.throws(
        () =>
          checkInvalid(
            'privileged',
            variant((c) => (c.errors[0].at = 'image: nginx'), byId),
          ),
        /covers "privileged: true"/,
      );
      assert.throws(
        () =>
          checkInvalid(
            'privileged',
            variant((c) => (c.errors[0].at = 'privileged: false'), byId),
          ),
        /does not appear in the code/,
      );
      assert.throws(
        () =>
          checkInvalid(
            'privileged',
            variant((c) => (c.errors[0].occurrence = 2), both),
          ),
        /covers "privileged: true" \[8,22,8,38\]/,
      );
      assert.throws(
        () =>
          checkInvalid(
            'privileged',
            variant((c) => delete c.errors[1].occurrence, both),
          ),
        /appears 2 times; say which with occurrence/,
      );
      assert.throws(
        () =>
          checkInvalid(
            'privileged',
            variant((c) => (c.errors[1].occurrence = 3), both),
          ),
        /appears 2 times, not 3/,
      );
    });

    it('reject at together with range, an empty at, and occurrence without at', () => {
      assert.throws(
        () =>
          checkInvalid(
            'privileged',
            variant((c) => (c.errors[0].range = [9, 6, 9, 22]), byId),
          ),
        /either at or range/,
      );
      assert.throws(
        () =>
          checkInvalid(
            'privileged',
            variant((c) => (c.errors[0].at = ''), byId),
          ),
        /at must not be empty/,
      );
      assert.throws(
        () =>
          checkInvalid(
            'privileged',
            variant((c) => (c.errors[0].occurrence = 1), good),
          ),
        /occurrence counts appearances of at/,
      );
    });
  });

  describe('outputs as changed lines', () => {
    it('reject another text for a line, a line the code does not have, and keys that are not line numbers', () => {
      assert.throws(
        () =>
          checkInvalid(
            'privileged',
            variant((c) => (c.output = { 9: '    privileged: false' })),
          ),
        /output: text after/,
      );
      assert.throws(
        () =>
          checkInvalid(
            'privileged',
            variant((c) => (c.output = { 9: '      privileged: false', 12: 'x' })),
          ),
        /has no line 12/,
      );
      assert.throws(
        () =>
          checkInvalid(
            'privileged',
            variant((c) => (c.output = { ['nine' as unknown as number]: 'x' })),
          ),
        /0-based line numbers/,
      );
      assert.throws(
        () =>
          checkInvalid(
            'privileged',
            variant((c) => (c.output = {})),
          ),
        /list no line/,
      );
    });

    it('reject a fix that edits a line the output does not list, even when the text comes out the same', () => {
      const merged = pod`
        containers:
        - name: app
          image: nginx
          securityContext:
            <<: {privileged: true}
        - name: side
          image: nginx
      `;
      const c: InvalidCase = {
        code: merged,
        errors: [
          {
            messageId: 'privileged',
            data: { subject: "Container 'app'", value: 'true' },
            at: 'privileged: true',
            fix: { title: "Set privileged: false in container 'app'", preferred: false },
          },
        ],
        output: { 9: '      <<: {privileged: true}\n      privileged: false' },
      };
      checkInvalid('privileged', c);
      assert.throws(
        () => checkInvalid('privileged', { ...c, output: { 10: '      privileged: false\n  - name: side' } }),
        /the fix edits line 9, which the output does not list/,
      );
    });

    it('reject fix.edits together with an output, and a fix whose effect is not given', () => {
      assert.throws(
        () =>
          checkInvalid(
            'privileged',
            variant((c) => (c.errors[0].fix!.edits = [{ range: [9, 18, 9, 22], text: 'false' }])),
          ),
        /either fix.edits or output, not both/,
      );
      assert.throws(() => checkCases('privileged', { valid: [], invalid: [variant((c) => delete c.output)] }), /say what each fix does/);
      checkInvalid(
        'privileged',
        variant((c) => {
          delete c.output;
          c.errors[0].fix!.edits = [{ range: [9, 18, 9, 22], text: 'false' }];
        }),
      );
    });
  });

  describe('profiles and versions', () => {
    const probed = pod`
      containers:
      - name: app
        image: nginx
        livenessProbe:
          httpGet: {host: 10.0.0.1, port: 80}
    `;
    const hostCase: InvalidCase = {
      code: probed,
      profiles: ['baseline', 'stig-rke2'],
      versions: ['v1.34', 'latest'],
      errors: [
        {
          messageId: 'host',
          data: { subject: "Container 'app'", handler: 'livenessProbe', kind: 'httpGet', host: '"10.0.0.1"' },
          at: 'host: 10.0.0.1',
          severity: 'error',
          fix: { title: "Remove host from livenessProbe.httpGet in container 'app'", preferred: false },
        },
      ],
      output: { 9: '      httpGet: {port: 80}' },
    };

    it('run a case once for each profile and version', () => {
      assert.deepEqual(
        settingsOf(hostCase).map((s) => `${s.profile}@${s.version}`),
        ['baseline@v1.34', 'baseline@latest', 'stig-rke2@v1.34', 'stig-rke2@latest'],
      );
      for (const s of settingsOf(hostCase)) checkInvalid('host-probes', hostCase, s);
      assert.deepEqual(
        settingsOf({ code }).map((s) => `${s.profile}@${s.version}`),
        ['restricted@latest'],
      );
    });

    it('fail in the setting where the expectation does not hold', () => {
      assert.throws(
        () => checkInvalid('host-probes', { ...hostCase, versions: ['v1.33'] }, { profile: 'baseline', version: 'v1.33' }),
        /expected 1 host-probes finding/,
      );
    });

    it('reject a setting given twice, within a case or across cases, and both profile and profiles', () => {
      assert.throws(() => checkCases('host-probes', { valid: [], invalid: [{ ...hostCase, versions: ['v1.34', 'v1.34'] }] }), /duplicates/);
      assert.throws(
        () =>
          checkCases('host-probes', {
            valid: [],
            invalid: [hostCase, { ...hostCase, profiles: undefined, profile: 'stig-rke2', versions: undefined, version: 'latest' }],
          }),
        /duplicates host-probes invalid #1 \(stig-rke2@latest\)/,
      );
      assert.throws(() => checkCases('host-probes', { valid: [], invalid: [{ ...hostCase, profile: 'baseline' }] }), /profile or profiles/);
      assert.throws(() => checkCases('host-probes', { valid: [{ code: probed, versions: [] }], invalid: [] }), /versions is empty/);
    });
  });

  describe('meta.fixable', () => {
    it('a fixable rule must show a fix in some case, a rule that is not fixable in none', () => {
      checkFixable('privileged', { valid: [], invalid: [good] });
      assert.throws(
        () =>
          checkFixable('privileged', {
            valid: [{ code }],
            invalid: [
              variant((c) => {
                delete c.errors[0].fix;
                delete c.output;
              }),
            ],
          }),
        /meta.fixable is true, but no case shows a fix/,
      );
      const secretCase: InvalidCase = { code, errors: [{ message: 'x', at: 'x', fix: { title: 'Mount it', preferred: false } }], output: code };
      assert.throws(() => checkFixable('secret-in-env', { valid: [], invalid: [secretCase] }), /meta.fixable is false/);
    });

    it('a finding with a fix from a rule that is not fixable fails its case', () => {
      const f = analyzeText(code, resolveRuleSet({})).findings.find((x) => x.ruleId === 'privileged') as Finding;
      const meta: RuleMeta = {
        id: 'not-fixable',
        title: '',
        description: '',
        rationale: '',
        remediation: '',
        defaultSeverity: 'error',
        fixable: false,
        standards: [],
      };
      assert.throws(() => assertFixableAgrees(meta, f), /offers the fix "Set privileged: false in container 'app'", but its meta.fixable is false/);
      assertFixableAgrees({ ...meta, fixable: true }, f);
    });
  });
});
