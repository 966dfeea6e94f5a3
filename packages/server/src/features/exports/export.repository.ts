import { storedIdentifiedFacts, type CasePersonFacts } from '@dawn/core';
import { sql, type Kysely, type QueryResult, type Transaction } from 'kysely';
import type { DatabaseSchema } from '../../platform/db/schema.ts';

/** Which case-persons an export reads: an organisation (or the installation) and a period. */
export interface ExportScope {
  organisationId: string | null;
  /** Registered on or after (inclusive) and before (exclusive). */
  from: Date | null;
  to: Date | null;
}

export const EXPORT_BATCH_SIZE = 5000;

// The `rescue.identified` in effect of every case (the latest not corrected away), aggregated in
// SQL: DISTINCT ON over the events, corrections left out by an anti-join. Joined to the cases as a
// set, not looked up per row.
export const IDENTIFIED_BY_CASE = sql`
  select distinct on (event.case_id) event.case_id, event.data
  from care_case_event event
  where event.type = 'rescue.identified'
    and not exists (select 1 from care_case_event correction where correction.supersedes_id = event.id)
  order by event.case_id, event.occurred_at desc, event.recorded_at desc`;

// The same per person, for legal-case victims: from any care case of that person.
export const IDENTIFIED_BY_PERSON = sql`
  select distinct on (survivor_case.person_id) survivor_case.person_id, event.data
  from care_case survivor_case
  join care_case_event event on event.case_id = survivor_case.id
  where event.type = 'rescue.identified'
    and not exists (select 1 from care_case_event correction where correction.supersedes_id = event.id)
  order by survivor_case.person_id, event.occurred_at desc, event.recorded_at desc`;

interface CareRow {
  id: string;
  person_id: string;
  opened_at: Date;
  phase: string;
  closure_reason: string | null;
  sex: CasePersonFacts['sex'];
  age_band: string;
  origin_country: string | null;
  identified: unknown;
}

interface LegalRow {
  legal_case_id: string;
  ref: string;
  person_id: string;
  created_at: Date;
  sex: CasePersonFacts['sex'];
  age_band: string;
  origin_country: string | null;
  identified: unknown;
}

const optional = (condition: boolean, fragment: ReturnType<typeof sql>) =>
  condition ? fragment : sql``;

let cursors = 0;

/**
 * The rows of `query` through a server-side cursor, `batchSize` at a time: PostgreSQL runs the
 * query once, as a set (hash joins over the tables, not an index probe per row), and hands it
 * over in batches, so neither side holds more than two batches of the result. A cursor lives in a transaction: the export
 * runs in one (one snapshot for every batch), and the cursor is closed however the reading ends.
 */
async function* fetchInBatches<Row>(
  trx: Transaction<DatabaseSchema>,
  query: ReturnType<typeof sql>,
  batchSize: number,
): AsyncGenerator<Row[]> {
  cursors += 1;
  const cursor = sql.id(`dawn_export_${cursors}`);
  // The whole result is read: plan for the total cost, not for the first rows fast.
  await sql`set local cursor_tuple_fraction = 1`.execute(trx);
  await sql`declare ${cursor} no scroll cursor for ${query}`.execute(trx);
  const fetchNext = (): Promise<QueryResult<Row>> => {
    const fetched = sql<Row>`fetch forward ${sql.lit(batchSize)} from ${cursor}`.execute(trx);
    // Awaited later; until then a failure must not count as unhandled.
    fetched.catch(() => undefined);
    return fetched;
  };
  // The next batch is asked for before this one is handed over, so PostgreSQL produces it while
  // the caller formats and writes this one: the export takes the longer of the two, not the sum.
  let pending: Promise<QueryResult<Row>> | undefined = fetchNext();
  try {
    while (pending) {
      const { rows }: QueryResult<Row> = await pending;
      pending = rows.length < batchSize ? undefined : fetchNext();
      if (rows.length > 0) yield rows;
    }
  } finally {
    // A reader that stops early leaves a fetch under way: let it finish before closing.
    if (pending) await pending.catch(() => undefined);
    await sql`close ${cursor}`.execute(trx);
  }
}

/**
 * Every case-person in scope, care cases first (by id), then legal-case victims (by case and
 * ref), in batches of EXPORT_BATCH_SIZE from two server-side cursors: two queries whatever the
 * table size, and never a whole table in memory. Inside the export's transaction.
 */
export async function* casePersonBatches(
  trx: Transaction<DatabaseSchema>,
  scope: ExportScope,
  batchSize = EXPORT_BATCH_SIZE,
): AsyncGenerator<CasePersonFacts[]> {
  const careCases = sql`
    select care_case.id, care_case.person_id, care_case.opened_at, care_case.phase,
      care_case.closure_reason, person.sex, person.age_band, person.origin_country,
      identified.data as identified
    from care_case
    join person on person.id = care_case.person_id
    left join (${IDENTIFIED_BY_CASE}) identified on identified.case_id = care_case.id
    where true
      ${optional(scope.organisationId !== null, sql`and care_case.organisation_id = ${scope.organisationId}`)}
      ${optional(scope.from !== null, sql`and care_case.opened_at >= ${scope.from}`)}
      ${optional(scope.to !== null, sql`and care_case.opened_at < ${scope.to}`)}
    order by care_case.id`;
  for await (const rows of fetchInBatches<CareRow>(trx, careCases, batchSize)) {
    yield rows.map((row) => ({
      caseKind: 'care',
      caseId: row.id,
      personId: row.person_id,
      registeredAt: new Date(row.opened_at),
      closed: row.phase === 'closed',
      followUp: row.phase === 'follow_up',
      closureReason: row.closure_reason,
      sex: row.sex,
      ageBand: row.age_band,
      originCountry: row.origin_country,
      identified: storedIdentifiedFacts(row.identified),
    }));
  }
  const victims = sql`
    select party.legal_case_id, party.ref, party.person_id, legal_case.created_at,
      person.sex, person.age_band, person.origin_country, identified.data as identified
    from legal_case_party party
    join legal_case on legal_case.id = party.legal_case_id
    join person on person.id = party.person_id
    left join (${IDENTIFIED_BY_PERSON}) identified on identified.person_id = party.person_id
    where party.role = 'victim'
      ${optional(scope.organisationId !== null, sql`and legal_case.organisation_id = ${scope.organisationId}`)}
      ${optional(scope.from !== null, sql`and legal_case.created_at >= ${scope.from}`)}
      ${optional(scope.to !== null, sql`and legal_case.created_at < ${scope.to}`)}
    order by party.legal_case_id, party.ref`;
  for await (const rows of fetchInBatches<LegalRow>(trx, victims, batchSize)) {
    yield rows.map((row) => ({
      caseKind: 'legal',
      caseId: row.legal_case_id,
      personId: row.person_id,
      registeredAt: new Date(row.created_at),
      closed: false,
      followUp: false,
      closureReason: null,
      sex: row.sex,
      ageBand: row.age_band,
      originCountry: row.origin_country,
      identified: storedIdentifiedFacts(row.identified),
    }));
  }
}

/** How many case-persons the scope holds: the progress bar's 100%. Two counts, both indexed. */
export function countCasePersonsQuery(scope: ExportScope) {
  return sql<{ total: string | number }>`
    select
      (select count(*) from care_case where true
        ${optional(scope.organisationId !== null, sql`and organisation_id = ${scope.organisationId}`)}
        ${optional(scope.from !== null, sql`and opened_at >= ${scope.from}`)}
        ${optional(scope.to !== null, sql`and opened_at < ${scope.to}`)})
      +
      (select count(*) from legal_case_party party join legal_case on legal_case.id = party.legal_case_id
        where party.role = 'victim'
        ${optional(scope.organisationId !== null, sql`and legal_case.organisation_id = ${scope.organisationId}`)}
        ${optional(scope.from !== null, sql`and legal_case.created_at >= ${scope.from}`)}
        ${optional(scope.to !== null, sql`and legal_case.created_at < ${scope.to}`)}) as total`;
}

export async function countCasePersons(
  db: Kysely<DatabaseSchema>,
  scope: ExportScope,
): Promise<number> {
  const { rows } = await countCasePersonsQuery(scope).execute(db);
  return Number(rows[0]?.total ?? 0);
}
