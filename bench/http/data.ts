/**
 * A programme's data for the HTTP bench, in batches of plain SQL: persons with blind-indexed
 * identities, care cases, legal cases with credited events and the obligations they satisfied.
 * Every name comes from lists of common names: they describe no one.
 */
import { randomUUID } from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import type { DatabaseSchema } from '../../packages/server/src/platform/db/schema.ts';
import type { Vault } from '../../packages/server/src/platform/vault/vault.ts';

export interface BenchProgramme {
  db: Kysely<DatabaseSchema>;
  vault: Vault;
  organisationId: string;
  random: () => number;
  /** Every person's legal name and id, in the order they were added (searches pick from them). */
  names: string[];
  personIds: string[];
}

/** Adds `persons` persons, then up to `careCases` care cases and `legalCases` legal cases. */
export async function addProgrammeData(
  programme: BenchProgramme,
  persons: number,
  careCases: number,
  legalCases: number,
): Promise<void> {
  const { FAMILY_NAMES, GIVEN_NAMES, pick } =
    await import('../../packages/core/src/identity/name-variants.test-support.ts');
  const { identityIndexRows } =
    await import('../../packages/server/src/features/persons/person-matching.ts');
  const { db, vault, organisationId, random, names, personIds } = programme;
  const batch = 2_000;
  for (let start = 0; start < persons; start += batch) {
    const ids: string[] = [];
    const tokenIds: string[] = [];
    const kinds: string[] = [];
    const hashes: string[] = [];
    for (let offset = 0; offset < Math.min(batch, persons - start); offset += 1) {
      const id = randomUUID();
      const name = `${pick(random, GIVEN_NAMES)} ${pick(random, FAMILY_NAMES)}`;
      ids.push(id);
      personIds.push(id);
      names.push(name);
      for (const row of identityIndexRows(
        vault,
        { id, organisationId },
        {
          legalName: name,
          aliases: [],
          phones: [`98${String(Math.floor(random() * 1e8)).padStart(8, '0')}`],
          birthDate: `${1990 + Math.floor(random() * 20)}-01-01`,
          familyNames: [],
          addresses: [],
          identityDocuments: [],
        },
      )) {
        tokenIds.push(row.person_id);
        kinds.push(row.kind);
        hashes.push(row.token_hash);
      }
    }
    await sql`insert into person (id, pseudonym, organisation_id, sex, age_band, created_at)
        select id, 'Bench-' || id::text, ${organisationId}, 'female', '15-17',
          now() - random() * interval '3 years'
        from unnest(${ids}::uuid[]) as id`.execute(db);
    await sql`insert into identity_index (person_id, kind, token_hash)
        select * from unnest(${tokenIds}::uuid[], ${kinds}::text[], ${hashes}::text[])`.execute(db);
  }
  await sql`insert into care_case (code, organisation_id, person_id, opened_at, phase)
      select 'CC-B-' || left(person.id::text, 13), ${organisationId}, person.id,
        now() - random() * interval '3 years',
        (array['intake','shelter_care','reintegration','follow_up','closed'])[1 + floor(random() * 5)::int]
      from person
      where person.organisation_id = ${organisationId}
        and not exists (select 1 from care_case where care_case.person_id = person.id)
      limit ${careCases}`.execute(db);
  await sql`insert into official (name, designation, organisation_id)
      select 'Bench Official ' || i, 'Sub-Inspector', ${organisationId} from generate_series(1, 50) as i`.execute(
    db,
  );
  await sql`insert into legal_case (organisation_id, forum, next_hearing_at, created_at)
      select ${organisationId}, 'sessions',
        case when i % 4 = 0 then null else now() + random() * interval '200 days' end,
        now() - random() * interval '3 years'
      from generate_series(1, ${legalCases}::int) as i`.execute(db);
  // Five events a case, each credited to an official, and three obligations it satisfied.
  await sql`insert into legal_case_event (legal_case_id, type, occurred_at, data)
      select legal_case.id, (array['fir.registered','accused.arrested','chargesheet.filed','court.cognizance','hearing.held'])[n],
        legal_case.created_at + n * interval '20 days', '{}'::jsonb
      from legal_case cross join generate_series(1, 5) as n
      where not exists (select 1 from legal_case_event where legal_case_event.legal_case_id = legal_case.id)`.execute(
    db,
  );
  await sql`insert into legal_case_event_official (event_id, official_id)
      select event.id, (select id from official where organisation_id = ${organisationId}
        order by md5(event.id::text || official.id::text) limit 1)
      from legal_case_event as event
      where not exists (select 1 from legal_case_event_official where event_id = event.id)`.execute(
    db,
  );
  await sql`insert into obligation (case_type, case_id, organisation_id, case_code, obligation_key,
        rule, title, citation, starts_at, due_at, status, met_at, consequence, confidence,
        unconfirmed, responsible_role, explanation, computed_at)
      select 'legal_case', event.legal_case_id, ${organisationId}, 'Legal case', 'bench|' || event.id,
        'IN.BENCH.' || event.type, 'A deadline', 'Bench Act s.1', event.occurred_at,
        event.occurred_at + interval '60 days',
        (array['met','met_late','open','overdue'])[1 + floor(random() * 4)::int], null,
        'None', 'T', false, 'legal_officer',
        jsonb_build_object(
          'startEvent', jsonb_build_object('type', event.type, 'at', event.occurred_at::text, 'index', 0, 'id', event.id),
          'condition', 'Always', 'counting', '60 days from the event', 'citation', 'Bench Act s.1',
          'confidence', 'T', 'unconfirmed', false, 'satisfiedBy', 'A later event',
          'satisfyingEvent', jsonb_build_object('type', event.type, 'at', event.occurred_at::text, 'index', 0, 'id', event.id),
          'notes', '[]'::jsonb), now()
      from legal_case_event as event
      where event.type in ('chargesheet.filed', 'court.cognizance', 'accused.arrested')
      on conflict do nothing`.execute(db);
  // As autovacuum would have by then: statistics, and the visibility map for index-only scans.
  await sql`vacuum analyze`.execute(db);
}
