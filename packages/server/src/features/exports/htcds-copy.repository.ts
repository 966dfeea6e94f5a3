import { pipeline } from 'node:stream/promises';
import type { Writable } from 'node:stream';
import { DomainError, type HtcdsExportColumn } from '@dawn/core';
import { sql, type Kysely, type RawBuilder } from 'kysely';
import type pg from 'pg';
import { to as copyTo } from 'pg-copy-streams';
import type { DatabaseSchema } from '../../platform/db/schema.ts';
import { CrlfRecords } from './export.format.ts';
import {
  IDENTIFIED_BY_CASE,
  IDENTIFIED_BY_PERSON,
  countCasePersonsQuery,
  type ExportScope,
} from './export.repository.ts';

/*
 * The HTCDS 2.0 CSV on PostgreSQL, written by PostgreSQL itself (`COPY (select …) TO STDOUT`):
 * the mapping of core's `toHtcdsRow` (and the shape check of `storedIdentifiedFacts`) done in
 * SQL, so the process only adds the CR of each record's CRLF and writes the bytes. The file is
 * byte for byte the one the row path writes (export.copy.test.ts compares them on awkward data);
 * a change to the mapping in core must be made here too, and that test says so if it is not.
 *
 * Why the value rules below:
 * - COPY quotes a cell holding a comma, a quote or a line break, as the row path does; it also
 *   quotes an empty text (to tell it from NULL) where the row path writes nothing, so every text
 *   is `nullif(…, '')`: an empty text and a missing value are both written as nothing, as before.
 * - Lists are sorted `collate "C"` (byte order), as JavaScript's sort (code-unit order) does for
 *   the HTCDS value names (ASCII).
 * - Months in Asia/Kolkata by the fixed +05:30 offset, as core's `indiaMonth`.
 */

// The event data in effect, or null when it is not of the shape the mapping relies on: the SQL
// twin of core's `storedIdentifiedFacts` (texts, lists of texts, places with text state and
// country, a number for the age). A JSON null where a value is expected fails it, as in core.
const textOrAbsent = (data: RawBuilder<unknown>, field: string) =>
  sql`coalesce(jsonb_typeof(${data} -> ${sql.lit(field)}), 'string') = 'string'`;
const listOrAbsent = (data: RawBuilder<unknown>, field: string) =>
  sql`coalesce(jsonb_typeof(${data} -> ${sql.lit(field)}), 'array') = 'array'`;
const placeOrAbsent = (data: RawBuilder<unknown>, field: string) => sql`(
    ${data} -> ${sql.lit(field)} is null
    or (jsonb_typeof(${data} -> ${sql.lit(field)}) = 'object'
      and ${textOrAbsent(sql`(${data} -> ${sql.lit(field)})`, 'state')}
      and ${textOrAbsent(sql`(${data} -> ${sql.lit(field)})`, 'country')}))`;

const STRING_FIELDS = [
  'traffickingStatus',
  'traffickingStatusDecidedBy',
  'relationshipToTrafficker',
  'forcedLabourIndustry',
];
const LIST_FIELDS = [
  'methodOfRecruitment',
  'recruitmentWebsitesAndApps',
  'methodsOfControl',
  'typeOfExploitation',
  'typeOfSexExploitation',
  'exploitationWebsitesAndApps',
];

function identifiedInEffect(data: RawBuilder<unknown>) {
  const checks = [
    sql`jsonb_typeof(${data}) = 'object'`,
    ...STRING_FIELDS.map((field) => textOrAbsent(data, field)),
    ...LIST_FIELDS.map((field) => listOrAbsent(data, field)),
    // Every element of every list a text: one look at the data's fields, not one per list.
    sql`not exists (
      select from jsonb_each(${data}) field,
        jsonb_array_elements(case when field.key in (${sql.join(LIST_FIELDS.map((field) => sql.lit(field)))})
          and jsonb_typeof(field.value) = 'array' then field.value end) element
      where jsonb_typeof(element) <> 'string')`,
    placeOrAbsent(data, 'locationOfRecruitment'),
    placeOrAbsent(data, 'locationOfExploitation'),
    sql`coalesce(jsonb_typeof(${data} -> 'ageWhenTrafficked'), 'number') = 'number'`,
  ];
  // `offset 0` keeps PostgreSQL from inlining the check into every column that reads `vic.data`
  // (it would run some fifteen times a row): it runs once, and the columns read its result.
  return sql`select case when ${sql.join(checks, sql` and `)} then ${data} end as data offset 0`;
}

// Every text from stored data as the row path writes it: empty as nothing, and text a
// spreadsheet would run as a formula as text (migration 0037h's `spreadsheet_safe`, core's
// `spreadsheetSafeText`).
const safe = (value: RawBuilder<unknown>) => sql`spreadsheet_safe(${value})`;
const text = (value: RawBuilder<unknown>) => safe(sql`nullif(${value}, '')`);
// The subquery only where the list is there: most rescues leave most lists out, and a subquery
// (aggregate, sort) per list per row was a good part of PostgreSQL's time.
const multi = (field: string) =>
  sql`case when vic.data -> ${sql.lit(field)} is not null then
    (select ${safe(sql`nullif(string_agg(value, ';' order by value collate "C"), '')`)}
      from jsonb_array_elements_text(vic.data -> ${sql.lit(field)}) value) end`;
const place = (field: string) =>
  safe(sql`nullif(concat_ws(', ', nullif(vic.data -> ${sql.lit(field)} ->> 'state', ''),
    nullif(vic.data -> ${sql.lit(field)} ->> 'country', '')), '')`);
const month = (instant: RawBuilder<unknown>) =>
  sql`to_char((${instant} at time zone 'UTC') + interval '5 hours 30 minutes', 'YYYY-MM')`;

// The columns after the case's own, in HTCDS_EXPORT_COLUMNS' order, from `person` and `vic`.
const PERSON_AND_VICTIM_COLUMNS = sql`
  case person.sex when 'female' then 'Feminine' when 'male' then 'Masculine'
    when 'transgender' then 'NonConforming' when 'other' then 'NonConforming'
    when 'unknown' then 'NonSpecifiedUnknown' end as "prs_Gender",
  ${text(sql`person.origin_country`)} as "prs_Citizenship",
  ${text(sql`vic.data ->> 'traffickingStatus'`)} as "vic_TraffickingStatus",
  ${text(sql`vic.data ->> 'traffickingStatusDecidedBy'`)} as "vic_TraffickingStatusDecisionMakingOrg",
  ${text(sql`vic.data ->> 'relationshipToTrafficker'`)} as "vic_RelationshipToTrafficker",
  trim_scale((vic.data ->> 'ageWhenTrafficked')::numeric)::text as "vic_AgeWhenTrafficked",
  ${multi('methodOfRecruitment')} as "vic_MethodOfRecruitment",
  ${multi('recruitmentWebsitesAndApps')} as "vic_RecruitmentWebsitesAndApps",
  ${place('locationOfRecruitment')} as "vic_LocationOfRecruitment",
  ${multi('methodsOfControl')} as "vic_MethodsOfControl",
  ${multi('typeOfExploitation')} as "vic_TypeOfExploitation",
  ${text(sql`vic.data ->> 'forcedLabourIndustry'`)} as "vic_ForcedLabourIndustry",
  ${multi('typeOfSexExploitation')} as "vic_TypeOfSexExploitation",
  ${place('locationOfExploitation')} as "vic_LocationOfExploitation",
  ${multi('exploitationWebsitesAndApps')} as "vic_ExploitationWebsitesAndApps"`;

// COPY takes no parameters: the scope is written into the statement as literals, an
// organisation only as a UUID and the period as ISO instants, so nothing else can get in.
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
function literalScope(scope: ExportScope) {
  if (scope.organisationId !== null && !UUID.test(scope.organisationId)) {
    throw new DomainError('VALIDATION_FAILED', 'The organisation of an export must be an id.');
  }
  return {
    organisationId: scope.organisationId === null ? null : sql.lit(scope.organisationId),
    from: scope.from === null ? null : sql.lit(scope.from.toISOString()),
    to: scope.to === null ? null : sql.lit(scope.to.toISOString()),
  };
}
const optional = (value: unknown, fragment: RawBuilder<unknown>) =>
  value === null ? sql`` : fragment;

type MappedRow = Record<HtcdsExportColumn, string | null>;

/**
 * The two queries of the HTCDS file as mapped rows: care cases by id, then legal-case victims by
 * (case, ref), as the row path reads them. Every column a text (or null), named and
 * ordered as HTCDS_EXPORT_COLUMNS.
 */
export function htcdsMappedQueries(scope: ExportScope): RawBuilder<MappedRow>[] {
  const { organisationId, from, to } = literalScope(scope);
  const careCases = sql<MappedRow>`
    select 'care' as "dawn_CaseKind", care_case.id::text as "dawn_CaseId",
      care_case.person_id::text as "dawn_PersonId",
      ${month(sql`care_case.opened_at`)} as "dawn_RegistrationMonth",
      ${text(sql`person.age_band`)} as "dawn_AgeBand",
      case care_case.phase when 'closed' then 'Closed' when 'follow_up' then 'FollowUp'
        else 'Active' end as "cas_Status",
      case when care_case.phase = 'closed' then ${text(sql`care_case.closure_reason`)} end
        as "cas_ReasonForCaseClosure",
      ${PERSON_AND_VICTIM_COLUMNS}
    from care_case
    join person on person.id = care_case.person_id
    left join (${IDENTIFIED_BY_CASE}) identified on identified.case_id = care_case.id
    cross join lateral (${identifiedInEffect(sql`identified.data`)}) vic
    where true
      ${optional(organisationId, sql`and care_case.organisation_id = ${organisationId}::uuid`)}
      ${optional(from, sql`and care_case.opened_at >= ${from}::timestamptz`)}
      ${optional(to, sql`and care_case.opened_at < ${to}::timestamptz`)}
    order by care_case.id`;
  const victims = sql<MappedRow>`
    select 'legal' as "dawn_CaseKind", party.legal_case_id::text as "dawn_CaseId",
      party.person_id::text as "dawn_PersonId",
      ${month(sql`legal_case.created_at`)} as "dawn_RegistrationMonth",
      ${text(sql`person.age_band`)} as "dawn_AgeBand", 'Active' as "cas_Status",
      null as "cas_ReasonForCaseClosure",
      ${PERSON_AND_VICTIM_COLUMNS}
    from legal_case_party party
    join legal_case on legal_case.id = party.legal_case_id
    join person on person.id = party.person_id
    left join (${IDENTIFIED_BY_PERSON}) identified on identified.person_id = party.person_id
    cross join lateral (${identifiedInEffect(sql`identified.data`)}) vic
    where party.role = 'victim'
      ${optional(organisationId, sql`and legal_case.organisation_id = ${organisationId}::uuid`)}
      ${optional(from, sql`and legal_case.created_at >= ${from}::timestamptz`)}
      ${optional(to, sql`and legal_case.created_at < ${to}::timestamptz`)}
    order by party.legal_case_id, party.ref`;
  return [careCases, victims];
}

/**
 * Writes the HTCDS CSV records (no header) of `scope` to `out` through `COPY … TO STDOUT` on a
 * client of `pool`, in one repeatable-read, read-only transaction (one snapshot for both queries
 * and the count). Returns the number of records written. `out` is not ended.
 */
export async function copyHtcdsCsv(
  db: Kysely<DatabaseSchema>,
  pool: pg.Pool,
  scope: ExportScope,
  out: Writable,
  onRecords: (written: number, total: number) => void,
): Promise<number> {
  const client = await pool.connect();
  let failed = false;
  try {
    await client.query('begin isolation level repeatable read read only');
    // As the row path: JIT costs more than it saves here; the whole result is read.
    await client.query('set local jit = off');
    const count = countCasePersonsQuery(scope).compile(db);
    const counted = await client.query<{ total: number | string }>(count.sql, [
      ...count.parameters,
    ]);
    const total = Number(counted.rows[0]?.total ?? 0);
    let written = 0;
    for (const query of htcdsMappedQueries(scope)) {
      const compiled = query.compile(db);
      if (compiled.parameters.length > 0) throw new Error('COPY takes no parameters');
      const records = new CrlfRecords((records) => {
        onRecords(written + records, Math.max(total, written + records));
      });
      await pipeline(
        client.query(copyTo(`copy (${compiled.sql}) to stdout with (format csv)`)),
        records,
        out,
        { end: false },
      );
      written += records.records;
    }
    await client.query('commit');
    return written;
  } catch (error) {
    failed = true;
    await client.query('rollback').catch(() => undefined);
    throw error;
  } finally {
    // A connection left mid-COPY is not given back to the pool.
    client.release(failed);
  }
}
