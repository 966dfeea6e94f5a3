import { sql, type Transaction } from 'kysely';
import type { DatabaseSchema } from '../../platform/db/schema.ts';
import type { Vault } from '../../platform/vault/vault.ts';
import { evaluate, type Obligation } from '@dawn/core';
import { deadlineInputsFor } from '../legal-cases/legal-case-obligation-inputs.ts';
import { visibleLegalCases } from '../legal-cases/legal-case.repository.ts';
import type { ObligationSource } from './obligation-source.ts';

/**
 * Legal cases as a source of obligations: the India pack over each case's effective events. The
 * vault is needed only to read a child victim's exact birth date for the under-18 rules; it never
 * leaves the computation. A case is named as on its page, by FIR number and police station, which are public.
 */
export function legalCaseObligationSource(vault: Vault): ObligationSource {
  return {
    caseType: 'legal_case',
    readPermission: 'legal_case:read',
    async listCases(db) {
      const rows = await db
        .selectFrom('legal_case')
        .leftJoin('organisation as station', 'station.id', 'legal_case.fir_police_station_id')
        .select([
          'legal_case.id',
          'legal_case.organisation_id',
          'legal_case.fir_number',
          'legal_case.fir_year',
          'station.name as station_name',
        ])
        .orderBy('legal_case.created_at')
        .execute();
      return rows.map((row) => ({
        id: row.id,
        organisationId: row.organisation_id,
        code: legalCaseCode(row),
      }));
    },
    async compute(db, caseIds, asOf) {
      const inputs = await deadlineInputsFor(db, caseIds, asOf, vault);
      return new Map([...inputs].map(([caseId, input]) => [caseId, evaluate(input).obligations]));
    },
    async computeWithRegimes(db, caseIds, asOf) {
      const inputs = await deadlineInputsFor(db, caseIds, asOf, vault);
      const obligations = new Map<string, Obligation[]>();
      const regimes = { ids: [] as string[], regime: [] as string[], explanation: [] as string[] };
      for (const [caseId, input] of inputs) {
        const result = evaluate(input);
        obligations.set(caseId, result.obligations);
        regimes.ids.push(caseId);
        regimes.regime.push(result.regime);
        regimes.explanation.push(result.regimeExplanation);
      }
      return {
        obligations,
        store: (trx) => storeRegimes(trx, regimes),
      };
    },
    // In organisation scope the obligation's own copy of the case's organisation answers, from
    // the obligation's (organisation_id, due_at) index, instead of a lookup of every case.
    visibleCase: (actor, scope) => (eb) =>
      scope === 'organisation'
        ? eb('obligation.organisation_id', '=', actor.organisationId)
        : eb.exists(
            eb
              .selectFrom('legal_case')
              .select(sql`1`.as('one'))
              .whereRef('legal_case.id', '=', 'obligation.case_id')
              .where(visibleLegalCases(actor, scope)),
          ),
  };
}

/**
 * The regime beside the stored obligations, for the case's own view; a case whose regime did not
 * change is not rewritten (the sweep of a quiet programme writes nothing).
 */
async function storeRegimes(
  trx: Transaction<DatabaseSchema>,
  regimes: { ids: string[]; regime: string[]; explanation: string[] },
): Promise<void> {
  if (regimes.ids.length === 0) return;
  await sql`update legal_case
      set deadline_regime = computed.regime, deadline_regime_explanation = computed.explanation
      from unnest(${regimes.ids}::uuid[], ${regimes.regime}::text[], ${regimes.explanation}::text[])
        as computed(id, regime, explanation)
      where legal_case.id = computed.id
        and (legal_case.deadline_regime, legal_case.deadline_regime_explanation)
          is distinct from (computed.regime, computed.explanation)`.execute(trx);
}

export function legalCaseCode(row: {
  id: string;
  fir_number: string | null;
  fir_year: number | null;
  station_name: string | null;
}): string {
  // The same name the legal case's page gives it.
  if (row.fir_number)
    return `FIR ${row.fir_number}/${row.fir_year ?? ''}, ${row.station_name ?? ''}`;
  return `Legal case ${row.id.slice(0, 8)}`;
}
