import { CARE_CASE_EVENT_SCHEMAS, type CasePersonFacts, type IdentifiedFacts } from '@dawn/core';
import { sql, type Kysely } from 'kysely';
import type { DatabaseSchema } from '../../platform/db/schema.ts';

/** Which case-persons an export reads: an organisation (or the installation) and a period. */
export interface ExportScope {
  organisationId: string | null;
  /** Registered on or after (inclusive) and before (exclusive). */
  from: Date | null;
  to: Date | null;
}

export const EXPORT_BATCH_SIZE = 5000;

const identifiedSchema = CARE_CASE_EVENT_SCHEMAS['rescue.identified'];

/** The event data is a JSON column: validated on the way out, as every boundary is. */
function identifiedFacts(data: unknown): IdentifiedFacts | null {
  if (data === null || data === undefined) return null;
  const parsed = identifiedSchema.safeParse(data);
  return parsed.success ? parsed.data : null;
}

// The person's `rescue.identified` in effect (latest, not corrected away), for a care case.
const identifiedOfCase = sql`(
  select event.data from care_case_event event
  where event.case_id = care_case.id and event.type = 'rescue.identified'
    and not exists (select 1 from care_case_event correction where correction.supersedes_id = event.id)
  order by event.occurred_at desc, event.recorded_at desc limit 1)`;

// The same for a legal-case victim: from any care case of that person.
const identifiedOfPerson = sql`(
  select event.data from care_case survivor_case
  join care_case_event event on event.case_id = survivor_case.id
  where survivor_case.person_id = party.person_id and event.type = 'rescue.identified'
    and not exists (select 1 from care_case_event correction where correction.supersedes_id = event.id)
  order by event.occurred_at desc, event.recorded_at desc limit 1)`;

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

/**
 * Every case-person in scope, care cases first, then legal-case victims, in keyset batches: one
 * query per batch of EXPORT_BATCH_SIZE whatever the table size, and never a whole table in memory.
 */
export async function* casePersonBatches(
  db: Kysely<DatabaseSchema>,
  scope: ExportScope,
  batchSize = EXPORT_BATCH_SIZE,
): AsyncGenerator<CasePersonFacts[]> {
  let after: string | null = null;
  for (;;) {
    const { rows }: { rows: CareRow[] } = await sql<CareRow>`
      select care_case.id, care_case.person_id, care_case.opened_at, care_case.phase,
        care_case.closure_reason, person.sex, person.age_band, person.origin_country,
        ${identifiedOfCase} as identified
      from care_case join person on person.id = care_case.person_id
      where true
        ${optional(scope.organisationId !== null, sql`and care_case.organisation_id = ${scope.organisationId}`)}
        ${optional(after !== null, sql`and care_case.id > ${after}`)}
        ${optional(scope.from !== null, sql`and care_case.opened_at >= ${scope.from}`)}
        ${optional(scope.to !== null, sql`and care_case.opened_at < ${scope.to}`)}
      order by care_case.id
      limit ${batchSize}`.execute(db);
    if (rows.length === 0) break;
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
      identified: identifiedFacts(row.identified),
    }));
    after = rows[rows.length - 1]?.id ?? null;
    if (rows.length < batchSize) break;
  }
  let afterParty: [string, string] | null = null;
  for (;;) {
    const { rows }: { rows: LegalRow[] } = await sql<LegalRow>`
      select party.legal_case_id, party.ref, party.person_id, legal_case.created_at,
        person.sex, person.age_band, person.origin_country, ${identifiedOfPerson} as identified
      from legal_case_party party
      join legal_case on legal_case.id = party.legal_case_id
      join person on person.id = party.person_id
      where party.role = 'victim'
        ${optional(scope.organisationId !== null, sql`and legal_case.organisation_id = ${scope.organisationId}`)}
        ${optional(afterParty !== null, sql`and (party.legal_case_id, party.ref) > (${afterParty?.[0]}, ${afterParty?.[1]})`)}
        ${optional(scope.from !== null, sql`and legal_case.created_at >= ${scope.from}`)}
        ${optional(scope.to !== null, sql`and legal_case.created_at < ${scope.to}`)}
      order by party.legal_case_id, party.ref
      limit ${batchSize}`.execute(db);
    if (rows.length === 0) break;
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
      identified: identifiedFacts(row.identified),
    }));
    const last: LegalRow | undefined = rows[rows.length - 1];
    afterParty = last ? [last.legal_case_id, last.ref] : null;
    if (rows.length < batchSize) break;
  }
}

/** How many case-persons the scope holds: the progress bar's 100%. Two counts, both indexed. */
export async function countCasePersons(
  db: Kysely<DatabaseSchema>,
  scope: ExportScope,
): Promise<number> {
  const { rows } = await sql<{ total: string | number }>`
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
        ${optional(scope.to !== null, sql`and legal_case.created_at < ${scope.to}`)}) as total`.execute(
    db,
  );
  return Number(rows[0]?.total ?? 0);
}
