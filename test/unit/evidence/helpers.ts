/** Shared by the evidence tests: running a writer, the JSON Schema validators, paths. */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import Ajv from 'ajv';
import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import type { ValidateFunction } from 'ajv';
import type { EvidenceInput, Write } from '../../../server/src/evidence/types';

/** compiled to test/build/test/unit/evidence: the repository is five levels up */
export const REPO = path.resolve(__dirname, '../../../../..');
export const GOLDEN_DIR = path.join(REPO, 'test', 'fixtures', 'evidence');
export const CKLB_SCHEMA = path.join(REPO, 'schemas', 'cklb.schema.json');
export const OSCAL_SCHEMA_DIR = path.join(REPO, 'schemas', 'vendor', 'oscal');
export const OSCAL_SCHEMA = path.join(OSCAL_SCHEMA_DIR, 'oscal_assessment-results_schema.json');
/** SHA-256 of oscal_assessment-results_schema.json of NIST's OSCAL v1.1.3 release */
export const OSCAL_SCHEMA_SHA256 = 'd9e34757f0c12aff61f52b821f0b8f83ba0ba75b3a149a202b08ba82f82bc4c3';

export interface Output {
  text: string;
  chunks: string[];
}

export function run(writer: (write: Write, input: EvidenceInput) => void, input: EvidenceInput): Output {
  const chunks: string[] = [];
  writer((c) => {
    assert.equal(typeof c, 'string');
    chunks.push(c);
  }, input);
  return { text: chunks.join(''), chunks };
}

let cklb: ValidateFunction | undefined;
/** Validator for schemas/cklb.schema.json (JSON Schema 2020-12). */
export function cklbValidator(): ValidateFunction {
  if (!cklb) {
    // DISA's `overrides` definition names `reason` and also matches it with a pattern
    const ajv = new Ajv2020({ allErrors: true, strict: true, allowMatchingProperties: true });
    addFormats(ajv);
    cklb = ajv.compile(JSON.parse(fs.readFileSync(CKLB_SCHEMA, 'utf8')));
  }
  return cklb;
}

let oscal: ValidateFunction | undefined | null;
/**
 * Validator for NIST's OSCAL assessment-results schema (draft-07), or null when it is not in
 * schemas/vendor/oscal (see the README there). Its patterns use \p{L} and \p{N}: ajv compiles
 * patterns with the `u` flag (its default `unicodeRegExp: true`), which they need.
 */
export function oscalValidator(): ValidateFunction | null {
  if (oscal === undefined) {
    if (!fs.existsSync(OSCAL_SCHEMA)) oscal = null;
    else {
      const ajv = new Ajv({ allErrors: true, strict: true, unicodeRegExp: true });
      addFormats(ajv);
      oscal = ajv.compile(JSON.parse(fs.readFileSync(OSCAL_SCHEMA, 'utf8')));
    }
  }
  return oscal;
}

export function assertValid(validate: ValidateFunction, doc: unknown, what: string): void {
  const ok = validate(doc);
  assert.ok(ok, `${what}: ${JSON.stringify(validate.errors?.slice(0, 5), null, 2)}`);
}
