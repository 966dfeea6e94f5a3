/**
 * Deadline sweep benchmark (issue 11: the sweep ≥ 2,000 cases/s). Loads legal cases with a victim,
 * two accused and nine events each (arrests, productions, remands, a rescue, a production before
 * the CWC, a compensation claim), every case on a legal officer's team, then prints cases per
 * second for:
 *   - recomputing cases one at a time (what recording an event does, for a sample of cases);
 *   - the batched sweep, first run (every obligation and alert written);
 *   - the batched sweep, again at the same instant (nothing new: the steady state of a timer);
 *   - the batched sweep an hour later (what a timer's next run finds: a few clocks moved).
 * `cases/s` is every case the sweep answers for over its time; `evaluated` says how many of them
 * it recomputed (issue 11: only those whose inputs changed or whose deadlines moved).
 *
 *   DAWN_BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres npx tsx bench/sweep.bench.ts
 *   npx tsx bench/sweep.bench.ts                 # PGlite, 2,000 cases
 *   DAWN_BENCH_CASES=5000 …                      # another number of cases
 *
 * Bounded by the number of cases; a PostgreSQL database is created for the run and dropped. No
 * server is started. Persons are bare pseudonymous rows: nothing here describes anyone.
 */
import { randomBytes } from 'node:crypto';
import os from 'node:os';
import { sql } from 'kysely';
import pg from 'pg';

/** How many cases a sweep evaluated again (a sweep before issue 11's change evaluated all). */
function evaluatedOf(result: { cases: number; evaluated?: number }): string {
  return String(result.evaluated ?? result.cases);
}

async function main(): Promise<void> {
  const { loadConfig } = await import('../packages/server/src/platform/config.ts');
  const { migrateToLatest, openDatabase } =
    await import('../packages/server/src/platform/db/database.ts');
  const { parseEnvironmentKeys } =
    await import('../packages/server/src/platform/vault/key-ring.ts');
  const { Vault } = await import('../packages/server/src/platform/vault/vault.ts');
  const { aUser, anOrganisation } = await import('../packages/server/test/fixtures.ts');
  const { obligationSources } =
    await import('../packages/server/src/features/obligations/obligation-sources.ts');
  const { legalCaseObligationSource } =
    await import('../packages/server/src/features/obligations/legal-case.obligation-source.ts');
  const { sweepCase, sweepObligations } =
    await import('../packages/server/src/features/obligations/obligation.sweep.ts');

  const adminUrl = process.env.DAWN_BENCH_DATABASE_URL;
  const cases = Number(process.env.DAWN_BENCH_CASES ?? (adminUrl ? 20_000 : 2_000));
  const sample = Math.min(300, cases);

  let databaseName: string | undefined;
  let url: string | undefined;
  if (adminUrl) {
    databaseName = `dawn_bench_${randomBytes(4).toString('hex')}`;
    const admin = new pg.Client({ connectionString: adminUrl });
    await admin.connect();
    await admin.query(`create database ${databaseName}`);
    await admin.end();
    const target = new URL(adminUrl);
    target.pathname = `/${databaseName}`;
    url = target.toString();
  }
  const config = loadConfig({ DAWN_DB_POOL_SIZE: '10' });
  const database = await openDatabase(
    url ? { kind: 'postgres', url, poolSize: config.dbPoolSize } : { kind: 'pglite-memory' },
  );
  try {
    await migrateToLatest(database.db);
    const vault = await Vault.open(
      database.db,
      parseEnvironmentKeys(`bench:${randomBytes(32).toString('base64')}`),
    );
    const deps = { db: database.db, config, vault };
    const organisationId = await anOrganisation(deps, 'Bench Sweep Trust');
    const officer = await aUser(deps, { roles: ['legal_officer'], organisationId });
    const db = database.db;
    const loadStarted = performance.now();
    await sql`insert into legal_case (organisation_id, forum, offences, fir_number, fir_year, created_at)
        select ${organisationId}, 'sessions', array['BNS:143(2)','POCSO:6'], i::text, 2025,
          timestamptz '2025-01-01 10:00+05:30' + (i % 365) * interval '1 day'
        from generate_series(1, ${cases}::int) as i`.execute(db);
    await sql`insert into person (pseudonym, organisation_id, sex, age_band, created_at)
        select 'Bench-' || legal_case.id::text || '-' || part.role, ${organisationId},
          case when part.role = 'V1' then 'female' else 'male' end,
          case when part.role = 'V1' then '15-17' else '35+' end, legal_case.created_at
        from legal_case cross join (values ('V1'), ('A1'), ('A2')) as part(role)`.execute(db);
    await sql`insert into legal_case_party (legal_case_id, ref, role, person_id)
        select legal_case.id, split_part(person.pseudonym, '-', 7),
          case when split_part(person.pseudonym, '-', 7) = 'V1' then 'victim' else 'accused' end,
          person.id
        from person join legal_case
          on legal_case.id::text = substr(person.pseudonym, 7, 36)`.execute(db);
    await sql`insert into legal_case_event (legal_case_id, type, occurred_at, recorded_at, data)
        select legal_case.id, step.type, legal_case.created_at + step.after, legal_case.created_at + step.after,
          step.data::jsonb
        from legal_case cross join (values
          ('fir.registered', interval '0', '{}'),
          ('victim.rescued', interval '-2 hours', '{"victim":"V1"}'),
          ('victim.produced_before_cwc', interval '20 hours', '{"victim":"V1"}'),
          ('accused.arrested', interval '1 day', '{"accused":"A1"}'),
          ('accused.produced_before_magistrate', interval '1 day 10 hours', '{"accused":"A1"}'),
          ('accused.remanded', interval '1 day 11 hours', '{"accused":"A1","custody":"judicial"}'),
          ('accused.arrested', interval '3 days', '{"accused":"A2"}'),
          ('accused.remanded', interval '4 days 2 hours', '{"accused":"A2","custody":"judicial"}'),
          ('compensation.applied', interval '10 days', '{"victim":"V1","scheme":"BNSS-396"}')
        ) as step(type, after, data)`.execute(db);
    await sql`insert into team_membership (entity_type, entity_id, user_id)
        select 'legal_case', id, ${officer.id} from legal_case`.execute(db);
    await sql`analyze`.execute(db);
    console.log(
      `load average ${os
        .loadavg()
        .map((load) => load.toFixed(1))
        .join(' ')}`,
    );
    console.log(
      `loaded ${cases} legal cases, ${cases * 9} events in ${((performance.now() - loadStarted) / 1000).toFixed(0)} s on ${
        url ? 'PostgreSQL' : 'PGlite'
      }; ${os.cpus().length} cores`,
    );

    const asOf = new Date('2026-06-01T04:00:00Z');
    const source = legalCaseObligationSource(vault);
    const targets = (await source.listCases(db)).slice(0, sample);
    let started = performance.now();
    for (const target of targets) await sweepCase(db, config, source, target, asOf);
    const perCase = sample / ((performance.now() - started) / 1000);
    console.log(
      `one case at a time (as after an event)  ${perCase.toFixed(0).padStart(6)} cases/s`,
    );

    started = performance.now();
    const first = await sweepObligations(db, config, obligationSources(vault), asOf);
    let seconds = (performance.now() - started) / 1000;
    console.log(
      `batched sweep, first run               ${(first.cases / seconds).toFixed(0).padStart(6)} cases/s  (${first.obligations} obligations, ${first.alerts} alerts, ${first.emailsQueued} e-mails, ${seconds.toFixed(1)} s)`,
    );
    started = performance.now();
    const again = await sweepObligations(db, config, obligationSources(vault), asOf);
    seconds = (performance.now() - started) / 1000;
    console.log(
      `batched sweep, again (nothing new)     ${(again.cases / seconds).toFixed(0).padStart(6)} cases/s  (${again.alerts} alerts, ${evaluatedOf(again)} evaluated, ${seconds.toFixed(2)} s)`,
    );
    // A timer's next run: an hour later, some clocks reach an alert time or fall due.
    const later = new Date(asOf.getTime() + 3_600_000);
    started = performance.now();
    const hourLater = await sweepObligations(db, config, obligationSources(vault), later);
    seconds = (performance.now() - started) / 1000;
    console.log(
      `batched sweep, an hour later           ${(hourLater.cases / seconds).toFixed(0).padStart(6)} cases/s  (${hourLater.alerts} alerts, ${evaluatedOf(hourLater)} evaluated, ${seconds.toFixed(2)} s)`,
    );
    console.log(
      `load average ${os
        .loadavg()
        .map((load) => load.toFixed(1))
        .join(' ')}`,
    );
  } finally {
    await database.close();
    if (adminUrl && databaseName) {
      const admin = new pg.Client({ connectionString: adminUrl });
      await admin.connect();
      await admin.query(`drop database if exists ${databaseName} with (force)`);
      await admin.end();
    }
  }
}

await main();
