/**
 * Justice-system dashboard benchmark (issue 14: under 300 ms at p95 at 200,000 cases and 5,000,000
 * events on PostgreSQL). Loads, with set-based SQL (generate_series), 200,000 legal cases across
 * 40 police stations in 10 districts and 8 courts, 25 events a case (FIR, arrests, remands,
 * chargesheet, cognizance, hearings held and adjourned, bail, judgment with verdicts, appeals),
 * 3 obligations a case and a compensation claim for every fourth case (the triggers of migration
 * 0024 build the dashboard's read model as the rows go in), then times each legal query on its
 * own twice, the plain SQL over the events beside the read model, and the whole
 * eleven queries of the dashboard together (plain beside the read model), and the whole
 * `GET /api/dashboard` as a programme manager sees it (eleven queries together, on the read
 * model, the audit written), for a year and for a year in one district, and prints p50 and p95
 * of each, with the load average (the machine may be shared).
 *
 *   DAWN_BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres npx tsx bench/dashboard.bench.ts
 *   DAWN_BENCH_CASES=50000 …   # fewer cases (a quarter: four times fewer events too)
 *   DAWN_BENCH_RUNS=5 …        # timed runs per figure (default 15)
 *   DAWN_BENCH_KEEP_DATABASE=1 …              # keep the loaded database (its name is printed)
 *   DAWN_BENCH_WRITE_COST=0 …                 # skip timing the trigger's write cost
 *   DAWN_BENCH_REUSE_DATABASE=dawn_bench_… …  # time a kept database again: apply this branch's
 *                                             # new migrations (named, timed), skip the load, and
 *                                             # drop it (unless DAWN_BENCH_KEEP_DATABASE=1 too)
 *
 * PostgreSQL only. Bounded: a fixed number of runs; a database is created for the run and
 * dropped (unless kept on purpose, to time a before and an after on the same rows without loading
 * 5,000,000 events twice); the app is exercised with inject, no port is opened. All names are
 * generated.
 */
import { createHash, randomBytes } from 'node:crypto';
import os from 'node:os';
import { type Kysely, sql } from 'kysely';
import pg from 'pg';
import type { DatabaseSchema } from '../packages/server/src/platform/db/schema.ts';

const percentile = (sorted: number[], fraction: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * fraction))] ?? 0;

async function main(): Promise<void> {
  const adminUrl = process.env.DAWN_BENCH_DATABASE_URL;
  if (!adminUrl) throw new Error('set DAWN_BENCH_DATABASE_URL (PostgreSQL only)');
  const { buildApp } = await import('../packages/server/src/app.ts');
  const { loadConfig } = await import('../packages/server/src/platform/config.ts');
  const { migrateToLatest, openDatabase } =
    await import('../packages/server/src/platform/db/database.ts');
  const { parseEnvironmentKeys } =
    await import('../packages/server/src/platform/vault/key-ring.ts');
  const { Vault } = await import('../packages/server/src/platform/vault/vault.ts');
  const { aUser, anOrganisation, signedIn } = await import('../packages/server/test/fixtures.ts');
  const repository =
    await import('../packages/server/src/features/dashboard/dashboard.repository.ts');

  const cases = Number(process.env.DAWN_BENCH_CASES ?? 200_000);
  const runs = Number(process.env.DAWN_BENCH_RUNS ?? 15);
  const reused = process.env.DAWN_BENCH_REUSE_DATABASE;
  if (reused !== undefined && !/^dawn_bench_[0-9a-f]{8}$/.test(reused))
    throw new Error('DAWN_BENCH_REUSE_DATABASE must name a database this bench kept');
  const keep = process.env.DAWN_BENCH_KEEP_DATABASE === '1';
  const databaseName = reused ?? `dawn_bench_${randomBytes(4).toString('hex')}`;
  if (!reused) {
    const admin = new pg.Client({ connectionString: adminUrl });
    await admin.connect();
    await admin.query(`create database ${databaseName}`);
    await admin.end();
  }
  const target = new URL(adminUrl);
  target.pathname = `/${databaseName}`;
  const config = loadConfig({ DAWN_DB_POOL_SIZE: '10' });
  const database = await openDatabase({
    kind: 'postgres',
    url: target.toString(),
    poolSize: config.dbPoolSize,
  });
  try {
    console.log(`${reused ? 'reusing' : 'loading'} ${databaseName}`);
    const migrateStarted = performance.now();
    const applied = await migrateToLatest(database.db);
    if (reused) {
      await sql`vacuum analyze`.execute(database.db);
      console.log(
        `reusing ${reused}: applied ${applied.length > 0 ? applied.join(', ') : 'no new migration'} and analysed in ${((performance.now() - migrateStarted) / 1000).toFixed(0)} s, load average ${loadAverage()}`,
      );
    }
    const vault = await Vault.open(
      database.db,
      // A kept database is opened again by a later run: its (throwaway, fictional) vault key is
      // derived from the database's name rather than random.
      parseEnvironmentKeys(
        `bench:${(keep || reused ? createHash('sha256').update(`dawn-bench:${databaseName}`).digest() : randomBytes(32)).toString('base64')}`,
      ),
    );
    const deps = { db: database.db, config, vault };
    const db = database.db;
    const organisationId = reused
      ? (
          await db
            .selectFrom('organisation')
            .select('id')
            .where('name', '=', 'Bench Dashboard Trust')
            .executeTakeFirstOrThrow()
        ).id
      : await anOrganisation(deps, 'Bench Dashboard Trust');
    if (reused)
      // The fixture numbers its users from 1 in each process: free the earlier run's address.
      await sql`update app_user set email = 'earlier-' || id || '@test.dawn.example'
        where organisation_id = ${organisationId}`.execute(db);
    const manager = await aUser(deps, {
      roles: ['program_manager'],
      organisationId,
      twoFactor: config.requireTwoFactorRoles.includes('program_manager'),
    });

    const loadStarted = performance.now();
    if (!reused) {
      await sql`insert into organisation (name, kind, district, country)
          select 'Bench PS ' || i, 'police_station', 'Bench District ' || (i % 10), 'IN'
          from generate_series(1, 40) as i`.execute(db);
      await sql`insert into organisation (name, kind, district, country)
          select 'Bench Court ' || i, 'court', 'Bench District ' || (i % 10), 'IN'
          from generate_series(1, 8) as i`.execute(db);
      // FIRs spread over three years before now; station and court chosen by the case number.
      await sql`with stations as (
            select array_agg(id order by name) as ids from organisation where kind = 'police_station'),
          courts as (select array_agg(id order by name) as ids from organisation where kind = 'court')
          insert into legal_case (organisation_id, fir_police_station_id, court_id, forum, offences,
            fir_number, fir_year, created_at)
          select ${organisationId}, stations.ids[1 + i % 40], courts.ids[1 + i % 8],
            'sessions', array['BNS:143(2)'], i::text, 2024,
            now() - interval '3 years' + (i % 1000) * interval '1 day' + (i % 24) * interval '1 hour'
          from generate_series(1, ${cases}::int) as i, stations, courts`.execute(db);
      // 25 events a case: 5,000,000 for 200,000 cases.
      await sql`insert into legal_case_event (legal_case_id, type, occurred_at, recorded_at, data)
          select legal_case.id, step.type,
            legal_case.created_at + step.after * (0.5 + (hashtext(legal_case.id::text) & 1023) / 1023.0),
            legal_case.created_at + step.after, step.data::jsonb
          from legal_case cross join (values
            ('fir.registered', interval '0', '{}'),
            ('victim.rescued', interval '-2 hours', '{"victim":"V1"}'),
            ('accused.arrested', interval '1 day', '{"accused":"A1"}'),
            ('accused.produced_before_magistrate', interval '30 hours', '{"accused":"A1"}'),
            ('accused.remanded', interval '31 hours', '{"accused":"A1","custody":"judicial"}'),
            ('accused.arrested', interval '3 days', '{"accused":"A2"}'),
            ('accused.remanded', interval '4 days', '{"accused":"A2","custody":"judicial"}'),
            ('accused.bail_applied', interval '50 days', '{"accused":"A1","kind":"default"}'),
            ('accused.bailed', interval '62 days', '{"accused":"A1","kind":"default"}'),
            ('chargesheet.filed', interval '75 days', '{}'),
            ('court.cognizance', interval '90 days', '{}'),
            ('court.hearing', interval '120 days', '{"purpose":"charge","adjourned":true}'),
            ('court.hearing', interval '150 days', '{"purpose":"charge","adjourned":false}'),
            ('court.charge_hearing', interval '160 days', '{}'),
            ('court.charges_framed', interval '180 days', '{}'),
            ('court.hearing', interval '210 days', '{"purpose":"evidence","adjourned":true}'),
            ('court.hearing', interval '240 days', '{"purpose":"evidence","adjourned":false}'),
            ('victim.deposition_recorded', interval '245 days', '{"victim":"V1"}'),
            ('court.hearing', interval '270 days', '{"purpose":"evidence","adjourned":false}'),
            ('court.hearing', interval '300 days', '{"purpose":"arguments","adjourned":true}'),
            ('court.hearing', interval '330 days', '{"purpose":"arguments","adjourned":false}'),
            ('court.arguments_concluded', interval '340 days', '{}'),
            ('court.judgment', interval '360 days', '{"verdicts":[{"accused":"A1","verdict":"convicted"},{"accused":"A2","verdict":"acquitted"}]}'),
            ('appeal.filed', interval '400 days', '{"by":"accused","accused":"A1"}'),
            ('appeal.decided', interval '700 days', '{"accused":"A1"}')
          ) as step(type, after, data)`.execute(db);
      await sql`insert into obligation (case_type, case_id, organisation_id, case_code, obligation_key,
            rule, title, citation, starts_at, due_at, status, met_at, consequence, confidence,
            unconfirmed, responsible_role, explanation, computed_at)
          select 'legal_case', legal_case.id, ${organisationId}, 'Legal case', rule.id || '|',
            rule.id, 'A deadline', 'Bench Act s.1', legal_case.created_at,
            legal_case.created_at + rule.within,
            (array['met','met','met_late','overdue','open'])[1 + (hashtext(legal_case.id::text || rule.id) & 4)],
            null, 'directory', 'T', false, 'legal_officer', '{}'::jsonb, now()
          from legal_case cross join (values
            ('IN.BNSS.187.chargesheet', interval '60 days'),
            ('IN.BNSS.58.production', interval '1 day'),
            ('IN.BNSS.193.victim-progress', interval '90 days')
          ) as rule(id, within)`.execute(db);
      await sql`insert into compensation_claim (legal_case_id, victim_ref, scheme, status, applied_at,
            awarded_at, amount_sanctioned, disbursed_at, amount_disbursed)
          select id, 'V1', 'BNSS-396', 'disbursed', created_at + interval '20 days',
            created_at + interval '80 days', 100000, created_at + interval '130 days', 100000
          from legal_case where hashtext(id::text) % 4 = 0`.execute(db);
      await sql`vacuum analyze`.execute(db);
    }
    console.log(
      `load average ${os
        .loadavg()
        .map((value) => value.toFixed(1))
        .join(' ')}`,
    );
    const counted = await sql<{ cases: string; events: string; obligations: string }>`
      select (select count(*) from legal_case)::text as cases,
             (select count(*) from legal_case_event)::text as events,
             (select count(*) from obligation)::text as obligations`.execute(db);
    const sizes = counted.rows[0];
    console.log(
      `loaded ${sizes?.cases} legal cases, ${sizes?.events} events, ${sizes?.obligations} obligations ${
        reused
          ? '(loaded by an earlier run)'
          : `in ${((performance.now() - loadStarted) / 1000).toFixed(0)} s`
      } on PostgreSQL; ${os.cpus().length} cores; ${runs} runs a figure`,
    );

    const year = new Date().getUTCFullYear() - 1;
    const district = 'Bench District 3';
    const filterFor = (withDistrict: boolean) => ({
      from: new Date(`${year}-01-01T00:00:00+05:30`),
      to: new Date(`${year}-12-31T23:59:59.999+05:30`),
      organisationId,
      district: withDistrict ? district : undefined,
      sharedWith: undefined,
      policeStationId: undefined,
      courtId: undefined,
    });
    const time = async (work: () => Promise<unknown>) => {
      await work(); // warm the cache and the plan
      const timings: number[] = [];
      for (let index = 0; index < runs; index += 1) {
        const started = performance.now();
        await work();
        timings.push(performance.now() - started);
      }
      timings.sort((left, right) => left - right);
      return `p50 ${percentile(timings, 0.5).toFixed(0).padStart(6)} ms  p95 ${percentile(
        timings,
        0.95,
      )
        .toFixed(0)
        .padStart(6)} ms`;
    };
    /** A section timed as the plain query and as the read model reads it, side by side. */
    const compare = async (
      label: string,
      plainWork: (() => Promise<unknown>) | undefined,
      readModelWork: () => Promise<unknown>,
    ) => {
      const plainFigure = plainWork ? await time(plainWork) : '(same query)'.padEnd(27);
      console.log(
        `${label.padEnd(46)} plain ${plainFigure}   read model ${await time(readModelWork)}`,
      );
    };

    for (const withDistrict of [false, true]) {
      const filter = filterFor(withDistrict);
      const suffix = withDistrict ? `, ${district}` : '';
      console.log(`\neach query alone, ${year}${suffix}; load average ${loadAverage()}`);
      await compare(
        'FIR to chargesheet',
        () => repository.plain.firTo(db, filter, 'chargesheet.filed'),
        () => repository.firTo(db, filter, 'chargesheet.filed'),
      );
      await compare(
        'FIR to verdict',
        () => repository.plain.firTo(db, filter, 'court.judgment'),
        () => repository.firTo(db, filter, 'court.judgment'),
      );
      await compare(
        'court counts (bail, hearings, verdicts, appeals)',
        () => repository.plain.legalCounts(db, filter),
        () => repository.legalCounts(db, filter),
      );
      await compare(
        'compensation',
        () => repository.plain.compensation(db, filter),
        () => repository.compensation(db, filter),
      );
      await compare(
        'deadlines by police station',
        () => repository.plain.deadlines(db, filter, 'police_station'),
        () => repository.deadlines(db, filter, 'police_station'),
      );
      await compare('rescues, in care, restored, trainings, re-trafficking', undefined, () =>
        Promise.all([
          repository.rescuesByYear(db, filter),
          repository.inCareByPhase(db, filter),
          repository.restoredByYear(db, filter),
          repository.trainedByCadreAndDistrict(db, filter),
          repository.retraffickingCounts(db, filter),
        ]),
      );
    }

    // The eleven queries of the dashboard run together on the pool, as the service runs them: the
    // legal sections plainly, then from the read model (the care sections are the same query).
    const careSections = (filter: ReturnType<typeof filterFor>) => [
      repository.rescuesByYear(db, filter),
      repository.inCareByPhase(db, filter),
      repository.restoredByYear(db, filter),
      repository.restoredRuleOf(db, filter.organisationId),
      repository.trainedByCadreAndDistrict(db, filter),
      repository.retraffickingCounts(db, filter),
    ];
    console.log('\nthe eleven queries together, plain beside the read model');
    for (const withDistrict of [false, true]) {
      const filter = filterFor(withDistrict);
      await compare(
        `all sections, ${year}${withDistrict ? `, ${district}` : ''}`,
        () =>
          Promise.all([
            ...careSections(filter),
            repository.plain.firTo(db, filter, 'chargesheet.filed'),
            repository.plain.firTo(db, filter, 'court.judgment'),
            repository.plain.legalCounts(db, filter),
            repository.plain.compensation(db, filter),
            repository.plain.deadlines(db, filter, 'police_station'),
          ]),
        () =>
          Promise.all([
            ...careSections(filter),
            repository.firTo(db, filter, 'chargesheet.filed'),
            repository.firTo(db, filter, 'court.judgment'),
            repository.legalCounts(db, filter),
            repository.compensation(db, filter),
            repository.deadlines(db, filter, 'police_station'),
          ]),
      );
    }

    const app = await buildApp({ config, database, vault, logger: false });
    try {
      const client = await signedIn(app, manager);
      const headers = { cookie: client.cookie ?? '', 'x-csrf-token': client.csrfToken ?? '' };
      console.log(
        '\nthe whole dashboard on the read model (GET /api/dashboard, eleven queries together, audited)',
      );
      for (const withDistrict of [false, true]) {
        const url = `/api/dashboard?from=${year}-01-01&to=${year}-12-31${
          withDistrict ? `&district=${encodeURIComponent(district)}` : ''
        }`;
        const figure = await time(async () => {
          const response = await app.inject({ method: 'GET', url, headers });
          if (response.statusCode !== 200) throw new Error(`dashboard: ${response.statusCode}`);
        });
        console.log(
          `${`dashboard, ${year}${withDistrict ? `, ${district}` : ''}`.padEnd(46)} ${figure}  load average ${loadAverage()}`,
        );
      }
    } finally {
      await app.close();
    }

    if (process.env.DAWN_BENCH_WRITE_COST !== '0')
      await measureWriteCost(db, Number(sizes?.cases ?? cases));
  } finally {
    await database.close();
    if (keep) {
      console.log(
        `kept ${databaseName}: DAWN_BENCH_REUSE_DATABASE=${databaseName} to time it again`,
      );
    } else {
      const cleanup = new pg.Client({ connectionString: adminUrl });
      await cleanup.connect();
      await cleanup.query(`drop database if exists ${databaseName} with (force)`);
      await cleanup.end();
    }
  }
}

/**
 * What the read model's statement-level trigger adds to recording events: the same inserts with
 * the trigger and with it disabled, each in a transaction that is rolled back (the dashboard's
 * figures above are untouched). One event a statement, as the API records them, spread over many
 * cases and days, and one bulk statement, as an import or the loader records them.
 */
async function measureWriteCost(db: Kysely<DatabaseSchema>, cases: number): Promise<void> {
  const single = Math.min(2_000, cases);
  const bulk = Math.min(200_000, cases);
  const picked = await sql<{ id: string }>`
    select id from legal_case order by hashtext(id::text) limit ${single}`.execute(db);
  const steps = [
    ['court.hearing', '{"purpose":"evidence","adjourned":false}'],
    ['court.hearing', '{"purpose":"evidence","adjourned":true}'],
    ['accused.bailed', '{"accused":"A3","kind":"default"}'],
    ['chargesheet.filed', '{}'],
  ] as const;
  const withTrigger = async (
    enabled: boolean,
    work: (trx: Kysely<DatabaseSchema>) => Promise<void>,
  ) => {
    let elapsed = 0;
    await db
      .transaction()
      .execute(async (trx) => {
        if (!enabled)
          await sql`alter table legal_case_event disable trigger dashboard_events_recorded`.execute(
            trx,
          );
        const started = performance.now();
        await work(trx);
        elapsed = performance.now() - started;
        throw new RolledBack();
      })
      .catch((error: unknown) => {
        if (!(error instanceof RolledBack)) throw error;
      });
    return elapsed;
  };
  const oneByOne = (trx: Kysely<DatabaseSchema>) => async () => {
    for (const [index, row] of picked.rows.entries()) {
      const [type, data] = steps[index % steps.length] ?? steps[0];
      await sql`insert into legal_case_event (legal_case_id, type, occurred_at, recorded_at, data)
        values (${row.id}, ${type}, now() - (${index % 700} * interval '1 day'), now(),
          ${data}::jsonb)`.execute(trx);
    }
  };
  const inBulk = (trx: Kysely<DatabaseSchema>) => async () => {
    await sql`insert into legal_case_event (legal_case_id, type, occurred_at, recorded_at, data)
      select id, 'court.hearing', created_at + interval '500 days', now(),
        '{"purpose":"evidence","adjourned":false}'::jsonb
      from legal_case order by id limit ${bulk}`.execute(trx);
  };
  console.log(
    `\nwrite cost of the read model's trigger (rolled back), load average ${loadAverage()}`,
  );
  for (const [label, count, work] of [
    [`${single} events, one statement each`, single, oneByOne],
    [`${bulk} events in one statement`, bulk, inBulk],
  ] as const) {
    // Alternate so a change in the machine's load falls on both sides.
    const on: number[] = [];
    const off: number[] = [];
    for (let round = 0; round < 2; round += 1) {
      on.push(await withTrigger(true, (trx) => work(trx)()));
      off.push(await withTrigger(false, (trx) => work(trx)()));
    }
    const best = (values: number[]) => Math.min(...values);
    const perEvent = (value: number) => ((value * 1000) / count).toFixed(1);
    console.log(
      `${label.padEnd(46)} with trigger ${best(on).toFixed(0)} ms (${perEvent(best(on))} µs/event)  without ${best(off).toFixed(0)} ms (${perEvent(best(off))} µs/event)  added ${perEvent(best(on) - best(off))} µs/event`,
    );
  }
}

class RolledBack extends Error {}

const loadAverage = () =>
  os
    .loadavg()
    .map((value) => value.toFixed(1))
    .join(' ');

await main();
