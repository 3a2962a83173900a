/**
 * The writers on podsec's real STIG catalogues (engine/stig: RKE2 and Kubernetes, every
 * requirement): the catalogue types fit the writers' input types (a compile-time check), and each
 * format is valid for every requirement's identifiers, CCIs and NIST references. Requirements the
 * catalogue marks decidable from files get a verdict, the others are not reviewed with the
 * catalogue's reason.
 */
import * as assert from 'node:assert/strict';
import { cklText } from '../../../server/src/evidence/ckl';
import { cklbText } from '../../../server/src/evidence/cklb';
import { nistControl, oscalText } from '../../../server/src/evidence/oscal';
import type { ChecklistBenchmark, EvidenceInput, RequirementResult } from '../../../server/src/evidence/types';
import type { StigBenchmark } from '../../../server/src/engine/stig/catalogue-types';
import { KUBERNETES_STIG } from '../../../server/src/engine/stig/kubernetes-stig';
import { RKE2_STIG } from '../../../server/src/engine/stig/rke2-stig';
import { checkCkl } from './ckl-structure';
import { assertValid, cklbValidator, oscalValidator } from './helpers';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;

/** Fails to compile if the catalogue stops fitting the writers' input. */
const asChecklist = (b: StigBenchmark): ChecklistBenchmark => b;

function verdicts(b: StigBenchmark): EvidenceInput {
  const results: RequirementResult[] = b.requirements.map((r, i) =>
    r.decidable
      ? i % 3 === 0
        ? {
            vulnId: r.vulnId,
            status: 'open',
            rules: ['privileged'],
            findings: [
              {
                file: 'deploy/app.yaml',
                line: i + 1,
                column: 3,
                resource: 'Pod/default/app',
                container: 'app',
                message: `violates ${r.stigId}`,
                ruleId: 'privileged',
              },
            ],
            totalFindings: 1,
            details: '',
            comments: '',
          }
        : {
            vulnId: r.vulnId,
            status: 'not_a_finding',
            rules: ['privileged'],
            findings: [],
            totalFindings: 0,
            details: `Checked ${r.settings.map((s) => s.name).join(', ') || 'the files'}.`,
            comments: '',
          }
      : {
          vulnId: r.vulnId,
          status: 'not_reviewed',
          rules: [],
          findings: [],
          totalFindings: 0,
          details: r.notDecidableWhy ?? 'not decidable from files',
          comments: '',
        },
  );
  return {
    benchmark: asChecklist(b),
    results,
    target: { hostName: 'cluster-a' },
    run: { tool: { name: 'podsec', version: '0.1.0' }, time: '2026-03-01T12:00:00Z', profile: 'stig-rke2', files: ['deploy/app.yaml'], objects: 1 },
  };
}

for (const b of [RKE2_STIG, KUBERNETES_STIG]) {
  describe(`evidence: the ${b.benchmarkId} V${b.version}R${b.release} catalogue`, () => {
    it('.cklb validates, with every requirement', () => {
      const d: Json = JSON.parse(cklbText(verdicts(b)));
      assertValid(cklbValidator(), d, b.benchmarkId);
      assert.equal(d.stigs[0].rules.length, b.requirements.length);
    });

    it('.ckl passes the structural check', () => {
      assert.equal(checkCkl(cklText(verdicts(b))).stigs[0].vulns.length, b.requirements.length);
    });

    it('OSCAL: every NIST reference is read as a control; the document validates when the schema is there', () => {
      for (const r of b.requirements) for (const n of r.nist ?? []) assert.ok(nistControl(n), `${r.vulnId}: ${n}`);
      const text = oscalText(verdicts(b));
      const validate = oscalValidator();
      if (validate) assertValid(validate, JSON.parse(text), b.benchmarkId);
      const open = verdicts(b).results.filter((r) => r.status === 'open').length;
      assert.equal(JSON.parse(text)['assessment-results'].results[0].findings?.length ?? 0, open);
    });
  });
}
