import { randomBytes } from 'node:crypto';
import { grantsOf } from '@dawn/core';
import { CompiledQuery, Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import { legalCaseObligationSource } from '../../src/features/obligations/legal-case.obligation-source.ts';
import type { Actor } from '../../src/platform/access/actor.ts';
import { statementNameOf } from '../../src/platform/db/prepared-select.ts';
import type { DatabaseSchema } from '../../src/platform/db/schema.ts';
import type { Deps } from '../../src/platform/deps.ts';
import { parseEnvironmentKeys } from '../../src/platform/vault/key-ring.ts';
import { Vault } from '../../src/platform/vault/vault.ts';
import { createTestDatabase, type TestDatabase } from '../test-database.ts';

/**
 * A realistic shape of a programme's data for the plan tests (`*.postgres.test.ts` beside this
 * file): 20 organisations of 10 users, 20,000 persons with 240,000 identity tokens, 10,000 care
 * cases with 60,000 tasks, 4,000 legal cases with their events and parties, 20,000 obligations,
 * 4,000 rescue operations, 10,000 training programmes, analysed. No planner setting is forced;
 * the SQL asserted is the repositories' own, captured as they run it. Loaded once a run into a
 * template (test-database.ts, `seed`); each file gets its own copy, so what one file changes
 * (a membership, a placement, identities) no other sees.
 */
export const ORGANISATIONS = 20;
export const PERSONS = 20_000;
export const CARE_CASES = 10_000;
export const LEGAL_CASES = 4_000;
export const OBLIGATIONS = 20_000;
export const RESCUE_OPERATIONS = 4_000;
export const USERS_PER_ORGANISATION = 10;
export const TASKS_PER_CASE = 6;
export const TRAINING_PROGRAMMES = 10_000;
/** The trail: mostly recorded events and sign-ins; an identity revealed one entry in a thousand. */
export const AUDIT_ENTRIES = 100_000;
/** The actor of the tests: the first organisation's first user, assigned tasks like the others. */
export const ACTOR_ID = '00000000-0000-4000-8000-000000000001';

const PROGRAMME_SQL = `
  insert into organisation (name, kind, district, state, country)
    select 'Test Scale Organisation ' || i, 'ngo', 'Test District', 'West Bengal', 'IN'
    from generate_series(1, ${ORGANISATIONS}) as i;
  create temporary table org as
    select id, row_number() over (order by id) - 1 as n from organisation;
  insert into person (pseudonym, organisation_id, sex, age_band, created_at)
    select 'Test-' || i, org.id, 'female', '15-17', now() - make_interval(mins => i::int)
    from generate_series(1, ${PERSONS}) as i join org on org.n = i % ${ORGANISATIONS};
  -- 12 tokens a person: a given name of 60, a surname of 40, their phonetic keys and the
  -- keys' pair, a phone, a year, trigrams.
  insert into identity_index (person_id, kind, token_hash)
    select person.id, token.kind, token.value
    from (select id, row_number() over () as i from person) as person
    cross join lateral (values
      ('name', 'given' || (i % 60)), ('phonetic', 'pgiven' || (i % 45)),
      ('name', 'family' || (i % 40)), ('phonetic', 'pfamily' || (i % 30)),
      ('pair', 'pair' || (i % 45) || ' ' || (i % 30)),
      ('phone', 'phone' || i), ('birth_year', (1990 + i % 20)::text),
      ('trigram', 'tg' || (i % 60)), ('trigram', 'th' || (i % 50)),
      ('trigram', 'ti' || (i % 40)), ('trigram', 'tj' || (i % 30)),
      ('trigram', 'tl' || (i % 10))) as token(kind, value);
  insert into care_case (code, organisation_id, person_id, opened_at, phase)
    select 'CC-' || i, person.organisation_id, person.id, now() - make_interval(hours => i::int),
      'intake'
    from (select id, organisation_id, row_number() over () as i from person) as person
    where i <= ${CARE_CASES};
  insert into legal_case (organisation_id, forum, next_hearing_at)
    select org.id, 'sessions', case when i % 3 = 0 then null else now() + make_interval(days => (i % 200)::int) end
    from generate_series(1, ${LEGAL_CASES}) as i join org on org.n = i % ${ORGANISATIONS};
  insert into obligation (case_type, case_id, organisation_id, case_code, obligation_key, rule,
      title, citation, starts_at, due_at, status, consequence, confidence, unconfirmed,
      responsible_role, explanation, computed_at)
    select 'legal_case', legal_case.id, legal_case.organisation_id, 'Legal case', 'k' || i,
      'IN.TEST.' || (i % 7), 'A test deadline', 'Test Act s.1', now(),
      now() + make_interval(days => (i % 400 - 100)::int),
      (array['met', 'met_late', 'open', 'overdue'])[1 + i % 4], 'None', 'T', false,
      'legal_officer', '{}'::jsonb, now()
    from generate_series(1, ${OBLIGATIONS}) as i
    join (select id, organisation_id, row_number() over () - 1 as n from legal_case) as legal_case
      on legal_case.n = i % ${LEGAL_CASES};
  -- Three events and two parties a legal case, for the legal-case page's reads.
  insert into legal_case_event (legal_case_id, type, occurred_at, data)
    select legal_case.id, step.type, now() - step.before, '{}'::jsonb
    from legal_case cross join (values ('fir.registered', interval '30 days'),
      ('court.hearing', interval '20 days'), ('court.hearing', interval '10 days'))
      as step(type, before);
  insert into legal_case_party (legal_case_id, ref, role, person_id)
    select legal_case.id, party.ref, party.role, person.id
    from (select id, row_number() over (order by id) as i from legal_case) as legal_case
    cross join (values ('V1', 'victim', 0), ('A1', 'accused', 1)) as party(ref, role, n)
    join (select id, row_number() over (order by id) as i from person) as person
      on person.i = 2 * legal_case.i - party.n;
  -- Many on the same day, so paging must break ties by id.
  insert into rescue_operation (organisation_id, occurred_at, district, legal_basis)
    select org.id, date_trunc('day', now()) - make_interval(days => (i % 50)::int),
      'Test District', 'ITPA:15'
    from generate_series(1, ${RESCUE_OPERATIONS}) as i join org on org.n = i % ${ORGANISATIONS};
  -- Ten users an organisation, the first one the actor of the tests.
  insert into app_user (id, email, display_name, organisation_id, roles)
    select case when org.n = 0 and u = 0 then '${ACTOR_ID}'::uuid else gen_random_uuid() end,
      'worker-' || org.n || '-' || u || '@example.test', 'Test Worker ' || org.n || '-' || u,
      org.id, '{social_worker}'
    from org cross join generate_series(0, ${USERS_PER_ORGANISATION - 1}) as u;
  create temporary table worker as
    select id, organisation_id,
      row_number() over (partition by organisation_id order by email) - 1 as n
    from app_user;
  -- Six tasks a case, spread over the organisation's users; two in three done already.
  insert into task (case_id, kind, title, assignee_id, due_at, done_at)
    select care_case.id, 'manual', 'A test task', worker.id,
      now() + make_interval(days => ((care_case.i * 7 + t) % 120 - 40)::int),
      case when t % 3 = 0 then null else now() end
    from (select id, organisation_id, row_number() over (order by id) as i from care_case)
      as care_case
    cross join generate_series(0, ${TASKS_PER_CASE - 1}) as t
    join worker on worker.organisation_id = care_case.organisation_id
      and worker.n = (care_case.i + t) % ${USERS_PER_ORGANISATION};
  insert into training_programme (organisation_id, title, topic, created_at)
    select org.id, 'Test Programme ' || i, 'investigation', now() - make_interval(hours => i::int)
    from generate_series(1, ${TRAINING_PROGRAMMES}) as i join org on org.n = i % ${ORGANISATIONS};
  -- Linked already (placeholder links, never verified here): a chainer a test's vault starts
  -- would otherwise link them all before the copy could be dropped.
  insert into audit_event (occurred_at, actor_user_id, actor_organisation_id, action, outcome,
      entity_type, entity_id, details, chain_seq, prev_hash, hash)
    select now() - make_interval(secs => (${AUDIT_ENTRIES} - i) * 10), worker.id, org.id,
      case when i % 1000 = 0 then 'identity.revealed'
        when i % 1000 < 10 then 'auth.sign_in_failed'
        when i % 1000 < 200 then 'auth.signed_in'
        when i % 1000 < 350 then 'report.viewed'
        else 'care_case.event_recorded' end,
      'success', 'care_case', gen_random_uuid()::text, '{}'::jsonb, i, md5((i - 1)::text), md5(i::text)
    from generate_series(1, ${AUDIT_ENTRIES}) as i
    join org on org.n = i % ${ORGANISATIONS}
    join worker on worker.organisation_id = org.id
      and worker.n = (i / ${ORGANISATIONS}) % ${USERS_PER_ORGANISATION};
  analyze;
`;

export interface ProgrammeData {
  database: TestDatabase;
  /** A Kysely on the copy whose every statement {@link ProgrammeData.capture} can see. */
  db: Kysely<DatabaseSchema>;
  /** A programme manager of the first organisation. */
  actor: Actor;
  /** The statements `work` ran, in order. */
  capture(work: () => Promise<unknown>): Promise<CompiledQuery[]>;
  /** The plans (`explain`, values known) of the statements `work` ran, one per statement. */
  plansOf(work: () => Promise<unknown>): Promise<string[]>;
  /**
   * The named statements among `ran` on the plan PostgreSQL runs them on once it has gone generic
   * (no values known), forced with `plan_cache_mode`; with `answers`, also what that plan answers.
   */
  genericPlansOf(
    ran: readonly CompiledQuery[],
    options?: { answers?: boolean },
  ): Promise<{ statement: CompiledQuery; plan: string; answers: unknown[] }[]>;
  /** How many of ten runs each named statement among `ran` made on its generic plan, left to PostgreSQL. */
  genericRunsOf(ran: readonly CompiledQuery[]): Promise<number[]>;
  /** The obligation sources of the deadline views, with one vault for the copy. */
  deadlineSources(): Promise<ReturnType<typeof legalCaseObligationSource>[]>;
  /** The deps of a use-case that reads only the database. */
  deps: Deps;
  close(): Promise<void>;
}

/** The tables a plan reads whole. */
export const seqScans = (plan: string) =>
  [...plan.matchAll(/Seq Scan on (\w+)/g)].map((match) => match[1]);

/** A captured value as a literal for `execute name(…)`: arrays as PostgreSQL array literals. */
function literal(client: pg.Client, value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (value instanceof Date) return client.escapeLiteral(value.toISOString());
  if (Array.isArray(value)) {
    const items = (value as unknown[]).map((item) => `"${String(item).replace(/["\\]/g, '\\$&')}"`);
    return client.escapeLiteral(`{${items.join(',')}}`);
  }
  return client.escapeLiteral(typeof value === 'string' ? value : JSON.stringify(value));
}

const named = (ran: readonly CompiledQuery[]) =>
  ran.filter((query) => statementNameOf(query.sql) !== undefined);

let preparedNames = 0;

export async function aProgrammeSizedDatabase(): Promise<ProgrammeData> {
  const database = await createTestDatabase({ seed: { name: 'programme', sql: PROGRAMME_SQL } });
  let captured: CompiledQuery[] = [];
  const db = new Kysely<DatabaseSchema>({
    dialect: new PostgresDialect({
      pool: new pg.Pool({ connectionString: database.url, max: 2 }),
    }),
    log: (event) => {
      if (event.level === 'query') captured.push(event.query);
    },
  });
  const organisation = await db
    .selectFrom('organisation')
    .select('id')
    .orderBy('id')
    .executeTakeFirstOrThrow();
  const actor: Actor = {
    userId: ACTOR_ID,
    organisationId: organisation.id,
    roles: ['program_manager'],
    grants: grantsOf(['program_manager']),
    via: 'session',
  };

  async function capture(work: () => Promise<unknown>): Promise<CompiledQuery[]> {
    captured = [];
    await work();
    const ran = captured;
    captured = [];
    return ran;
  }

  /** A client of its own for `prepare`, closed after `work`. */
  async function onClient<T>(work: (client: pg.Client) => Promise<T>): Promise<T> {
    const client = new pg.Client({ connectionString: database.url });
    await client.connect();
    try {
      return await work(client);
    } finally {
      await client.end();
    }
  }

  // One vault for the copy: its key is stored on first open, and a second key could not read it.
  let vault: Vault | undefined;

  return {
    database,
    db,
    actor,
    deps: { db } as Pick<Deps, 'db'> as Deps,
    capture,
    async plansOf(work) {
      const plans: string[] = [];
      for (const query of await capture(work)) {
        const result = await db.executeQuery<{ 'QUERY PLAN': string }>(
          CompiledQuery.raw(`explain ${query.sql}`, [...query.parameters]),
        );
        plans.push(result.rows.map((row) => row['QUERY PLAN']).join('\n'));
      }
      return plans;
    },
    genericPlansOf: (ran, options = {}) =>
      onClient(async (client) => {
        await client.query('set plan_cache_mode = force_generic_plan');
        const plans: { statement: CompiledQuery; plan: string; answers: unknown[] }[] = [];
        for (const statement of named(ran)) {
          const name = `generic_${(preparedNames += 1)}`;
          await client.query(`prepare ${name} as ${statement.sql}`);
          const values = statement.parameters.map((value) => literal(client, value)).join(', ');
          const { rows } = await client.query<{ 'QUERY PLAN': string }>(
            `explain execute ${name}(${values})`,
          );
          const answers = options.answers
            ? (await client.query(`execute ${name}(${values})`)).rows
            : [];
          plans.push({ statement, plan: rows.map((row) => row['QUERY PLAN']).join('\n'), answers });
        }
        return plans;
      }),
    genericRunsOf: (ran) =>
      onClient(async (client) => {
        const runs: number[] = [];
        for (const statement of named(ran)) {
          const name = `runs_${(preparedNames += 1)}`;
          await client.query(`prepare ${name} as ${statement.sql}`);
          const values = statement.parameters.map((value) => literal(client, value)).join(', ');
          for (let run = 0; run < 10; run += 1) await client.query(`execute ${name}(${values})`);
          const { rows } = await client.query<{ generic_plans: string }>(
            'select generic_plans from pg_prepared_statements where name = $1',
            [name],
          );
          runs.push(Number(rows[0]?.generic_plans ?? 0));
        }
        return runs;
      }),
    async deadlineSources() {
      vault ??= await Vault.open(
        database.db,
        parseEnvironmentKeys(`test-key:${randomBytes(32).toString('base64')}`),
      );
      return [legalCaseObligationSource(vault)];
    },
    async close() {
      await db.destroy();
      await database.close();
    },
  };
}
