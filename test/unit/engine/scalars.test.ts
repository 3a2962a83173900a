/** Plain scalars resolve as Kubernetes' go-yaml v2 decoder reads them (YAML 1.1). */
import * as assert from 'node:assert/strict';
import { parseDocument, Scalar, YAMLMap } from 'yaml';
import { resolvePlain, scalarValue, showValue } from '../../../server/src/engine/scalars';

/** The value of `v` in the one-line document `v: <src>`. */
function valueOf(src: string) {
  const doc = parseDocument(`v: ${src}\n`);
  const node = (doc.contents as YAMLMap).items[0].value as Scalar;
  return scalarValue(node);
}

describe('scalar resolution (go-yaml v2)', () => {
  it('booleans in lower, Capitalised and UPPER case', () => {
    for (const s of ['y', 'Y', 'yes', 'Yes', 'YES', 'on', 'On', 'ON', 'true', 'True', 'TRUE']) assert.equal(resolvePlain(s), true, s);
    for (const s of ['n', 'N', 'no', 'No', 'NO', 'off', 'Off', 'OFF', 'false', 'False', 'FALSE']) assert.equal(resolvePlain(s), false, s);
  });

  it('mixed case is a string, not a boolean', () => {
    for (const s of ['yEs', 'oN', 'tRUE', 'nO', 'oFF', 'fALSE']) assert.equal(resolvePlain(s), s);
  });

  it('nulls', () => {
    for (const s of ['', '~', 'null', 'Null', 'NULL']) assert.equal(resolvePlain(s), null, JSON.stringify(s));
    assert.equal(resolvePlain('nULL'), 'nULL');
  });

  it('integers: decimal, octal with a leading 0 or 0o, hex, binary, signs and underscores', () => {
    const cases: [string, number][] = [
      ['0', 0],
      ['00', 0],
      ['010', 8],
      ['0o17', 15],
      ['0x1F', 31],
      ['0X1f', 31],
      ['0b101', 5],
      ['+12', 12],
      ['-0x10', -16],
      ['1_000', 1000],
      ['-010', -8],
    ];
    for (const [s, n] of cases) assert.equal(resolvePlain(s), n, s);
  });

  it('floats, including what is no valid octal', () => {
    const cases: [string, number][] = [
      ['09', 9],
      ['1.5', 1.5],
      ['.5', 0.5],
      ['1e3', 1000],
      ['-1.5E-1', -0.15],
      ['1_0.5', 10.5],
    ];
    for (const [s, n] of cases) assert.equal(resolvePlain(s), n, s);
    assert.equal(resolvePlain('.inf'), Infinity);
    assert.equal(resolvePlain('-.Inf'), -Infinity);
    assert.ok(Number.isNaN(resolvePlain('.NaN')));
  });

  it('strings that only look numeric', () => {
    for (const s of ['1.2.3', '0x', '0xG', '12abc', '+', '-', '.', '1e', '0b2', 'v1']) assert.equal(resolvePlain(s), s);
  });

  it('quoted and block scalars are always strings; explicit tags decide', () => {
    assert.equal(valueOf('"yes"'), 'yes');
    assert.equal(valueOf("'0'"), '0');
    assert.equal(valueOf('|\n  true'), 'true\n');
    assert.equal(valueOf('!!str yes'), 'yes');
    assert.equal(valueOf('!!str 010'), '010');
    assert.equal(valueOf('!!bool On'), true);
    assert.equal(valueOf('!!int 010'), 8);
    assert.equal(valueOf('!!null ""'), null);
    assert.equal(valueOf('yes'), true);
    assert.equal(valueOf('010'), 8);
    assert.equal(valueOf('Unmasked'), 'Unmasked');
  });

  it('shows values for messages', () => {
    assert.equal(showValue('a'), '"a"');
    assert.equal(showValue(true), 'true');
    assert.equal(showValue(null), 'null');
    assert.equal(showValue(undefined), '(unset)');
  });
});
