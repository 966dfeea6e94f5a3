import { sql, type RawBuilder, type Transaction } from 'kysely';
import type { DatabaseSchema } from '../../platform/db/schema.ts';
import type { Vault } from '../../platform/vault/vault.ts';
import { createHash } from 'node:crypto';
import { evaluate, evaluateWithNextChange, indiaPack, type Obligation } from '@dawn/core';
import { DAWN_VERSION } from '../../platform/version.ts';
import { deadlineInputsFor } from '../legal-cases/legal-case-obligation-inputs.ts';
import {
  obligationTargetColumns,
  titleOf,
  visibleLegalCases,
} from '../legal-cases/legal-case.repository.ts';
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
    pack: indiaPack,
    fingerprint: packFingerprint(),
    async casesToSweep(db, asOf) {
      // Three index scans that return nothing when nothing changed (migration 0029g).
      // Each arm reads its own index and joins only the cases it found.
      const arm = (condition: RawBuilder<unknown>) => sql`
        select legal_case.id, legal_case.organisation_id, legal_case.fir_number,
          legal_case.fir_year, legal_case.created_at, station.name as station_name
        from legal_case
        left join organisation as station on station.id = legal_case.fir_police_station_id
        where ${condition}`;
      const [{ rows }, total] = await Promise.all([
        sql<{
          id: string;
          organisation_id: string;
          fir_number: string | null;
          fir_year: number | null;
          station_name: string | null;
        }>`${arm(sql`legal_case.deadline_swept_version is distinct from legal_case.deadline_inputs_version`)}
          union ${arm(sql`legal_case.deadline_next_change_at <= ${asOf}`)}
          union ${arm(sql`legal_case.deadline_evaluated_at > ${asOf}`)}
          order by created_at`.execute(db),
        db
          .selectFrom('legal_case')
          .select(sql<string>`count(*)::text`.as('total'))
          .executeTakeFirstOrThrow(),
      ]);
      return {
        cases: rows.map((row) => ({
          id: row.id,
          organisationId: row.organisation_id,
          code: legalCaseCode(row),
        })),
        total: Number(total.total),
      };
    },
    async listCases(db) {
      const rows = await db
        .selectFrom('legal_case')
        .leftJoin('organisation as station', 'station.id', 'legal_case.fir_police_station_id')
        .select(obligationTargetColumns)
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
      const versions = new Map<string, string>();
      const inputs = await deadlineInputsFor(db, caseIds, asOf, vault, versions);
      const obligations = new Map<string, Obligation[]>();
      const evaluated: EvaluatedCases = {
        ids: [],
        regime: [],
        explanation: [],
        version: [],
        nextChangeAt: [],
        asOf,
      };
      for (const [caseId, input] of inputs) {
        const { result, nextChangeAt } = evaluateWithNextChange(input);
        obligations.set(caseId, result.obligations);
        evaluated.ids.push(caseId);
        evaluated.regime.push(result.regime);
        evaluated.explanation.push(result.regimeExplanation);
        evaluated.version.push(versions.get(caseId) ?? '0');
        evaluated.nextChangeAt.push(
          nextChangeAt === null ? null : new Date(nextChangeAt).toISOString(),
        );
      }
      return {
        obligations,
        store: (trx) => storeEvaluated(trx, evaluated),
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

interface EvaluatedCases {
  ids: string[];
  regime: string[];
  explanation: string[];
  /** The `deadline_inputs_version` each case's input was read at. */
  version: string[];
  nextChangeAt: (string | null)[];
  asOf: Date;
}

/**
 * Beside the stored obligations, in their transaction: the regime, for the case's own view, and
 * what the sweep needs to leave the case alone until it changes (migration 0029g): the inputs
 * version the obligations were computed from, the next instant they change with the clock, and
 * the instant they were computed as of.
 */
async function storeEvaluated(
  trx: Transaction<DatabaseSchema>,
  cases: EvaluatedCases,
): Promise<void> {
  if (cases.ids.length === 0) return;
  await sql`update legal_case
      set deadline_regime = computed.regime, deadline_regime_explanation = computed.explanation,
        deadline_swept_version = computed.version::bigint,
        deadline_next_change_at = computed.next_change_at,
        deadline_evaluated_at = ${cases.asOf}::timestamptz
      from unnest(${cases.ids}::uuid[], ${cases.regime}::text[], ${cases.explanation}::text[],
          ${cases.version}::text[], ${cases.nextChangeAt}::timestamptz[])
        as computed(id, regime, explanation, version, next_change_at)
      where legal_case.id = computed.id`.execute(trx);
}

let fingerprint: string | undefined;

/** Explanations stored without what their row and rule say (issue 11, 2026-12-06). */
const STORED_EXPLANATION_FORM = 'explanation: without what the row and the rule say';

/**
 * The India pack as data, its decision functions as source, and Dawn's release: another rule,
 * period, lead time or release makes the next sweep evaluate every case once. So does the form an
 * explanation is stored in (`STORED_EXPLANATION_FORM`): the sweep after it changes rewrites every
 * case's obligations in the new form (their hashes differ), and until then the old rows read the
 * same (`explanationFromStored` takes an explanation stored whole).
 */
function packFingerprint(): string {
  fingerprint ??= createHash('sha256')
    .update(DAWN_VERSION)
    .update(STORED_EXPLANATION_FORM)
    .update(
      JSON.stringify(indiaPack, (_key, value: unknown) =>
        typeof value === 'function' ? value.toString() : value,
      ),
    )
    .digest('base64url');
  return fingerprint;
}

export function legalCaseCode(row: {
  id: string;
  fir_number: string | null;
  fir_year: number | null;
  station_name: string | null;
}): string {
  // The English title the legal case's page gives it (e-mails and stored obligations are English).
  return titleOf(row.id, {
    number: row.fir_number,
    year: row.fir_year,
    policeStation: row.station_name,
  }).title;
}
