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
 *   DAWN_BENCH_PER_CASE=0 …                      # no one-case-at-a-time run (default 300 cases)
 *   DAWN_BENCH_STATEMENTS=1 …                    # each first-run statement's count and time
 *   DAWN_BENCH_EXPLAIN='insert into obligation' … # with it: EXPLAIN (ANALYZE, BUFFERS) of the
 *                                                 # first statement starting so (it still runs)
 *   DAWN_BENCH_EXPLAIN_SKIP=39 …                 # with it: explain the 40th such statement
 *   DAWN_BENCH_KEEP=1 …                          # keep the PostgreSQL database (name printed)
 *   DAWN_BENCH_WRITERS=1 …                       # the batches written at once (the sweep's
 *                                                 # own number when unset)
 *   DAWN_BENCH_OVERLAP=1 …                       # the first run's wall time split by whether
 *                                                 # Node was busy and a statement in flight
 *
 * Bounded by the number of cases; a PostgreSQL database is created for the run and dropped. No
 * server is started. Persons are bare pseudonymous rows: nothing here describes anyone.
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import { sql } from 'kysely';
import pg from 'pg';

/**
 * Times every statement the process sends while `run` runs, grouped by the start of its text
 * (whitespace folded), and prints the groups by total time: where a sweep's time goes.
 */
async function timingStatements<T>(run: () => Promise<T>): Promise<T> {
  type Query = (this: pg.Client, ...args: unknown[]) => unknown;
  const prototype = pg.Client.prototype as unknown as { query: Query };
  const original = prototype.query;
  const groups = new Map<string, { count: number; ms: number; cpuMs: number }>();
  // The CPU of the statement's own backend (its connection runs one statement at a time), read
  // from /proc in ticks of 10 ms: what a statement costs PostgreSQL whatever the load beside it.
  const backendMs = (pid: number | undefined): number => {
    try {
      const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ');
      return (Number(fields?.[11]) + Number(fields?.[12])) * 10;
    } catch {
      return Number.NaN;
    }
  };
  let explain = process.env.DAWN_BENCH_EXPLAIN;
  // How many statements so begun to let pass before the one explained (a late batch's, say).
  let skip = Number(process.env.DAWN_BENCH_EXPLAIN_SKIP ?? 0);
  prototype.query = function (this: pg.Client, ...args: unknown[]) {
    const text = typeof args[0] === 'string' ? args[0] : (args[0] as { text?: string }).text;
    if (explain && typeof text === 'string' && text.trim().startsWith(explain) && skip-- <= 0) {
      explain = undefined;
      // Executed all the same: the rows it writes are written; what it answers is not.
      // A named statement (`executeNamed`) comes as a config with its values: sent unnamed, as
      // the name is the statement's text's, not the explain's.
      const explained = `explain (analyze, buffers) ${text}`;
      const plan = original.apply(
        this,
        typeof args[0] === 'string'
          ? [explained, ...args.slice(1)]
          : [{ ...(args[0] as object), name: undefined, text: explained }, ...args.slice(1)],
      ) as Promise<{ rows: { 'QUERY PLAN': string }[] }>;
      return plan.then((result) => {
        console.log(result.rows.map((row) => `    ${row['QUERY PLAN']}`).join('\n'));
        return { rows: [], rowCount: 0 };
      });
    }
    const pid = (this as unknown as { processID?: number }).processID;
    const startedCpu = backendMs(pid);
    const started = performance.now();
    const result = original.apply(this, args);
    // The sampler of the backends' CPU (`backendCpu`) is not the sweep's.
    if (
      typeof text === 'string' &&
      result instanceof Promise &&
      !text.includes('pg_stat_activity')
    ) {
      const key = text.replace(/\s+/g, ' ').trim().slice(0, 70);
      void result.then(
        () => {
          const group = groups.get(key) ?? { count: 0, ms: 0, cpuMs: 0 };
          group.count += 1;
          group.ms += performance.now() - started;
          group.cpuMs += backendMs(pid) - startedCpu;
          groups.set(key, group);
        },
        () => undefined,
      );
    }
    return result;
  };
  const cpu = process.cpuUsage();
  try {
    return await run();
  } finally {
    prototype.query = original;
    const used = process.cpuUsage(cpu);
    console.log(
      `  process CPU ${((used.user + used.system) / 1e6).toFixed(1)} s; statements by total time (and their backend's CPU):`,
    );
    for (const [key, group] of [...groups].sort((a, b) => b[1].ms - a[1].ms).slice(0, 14))
      console.log(
        `  ${(group.ms / 1000).toFixed(2).padStart(7)} s (${(group.cpuMs / 1000).toFixed(2).padStart(5)} s) ${String(group.count).padStart(5)}×  ${key}`,
      );
  }
}

/**
 * Whether Node and PostgreSQL work at the same time while `run` runs: the process's CPU split by
 * whether a statement of the sweep was in flight (read at each statement's start and end), with
 * the most statements in flight at once. CPU, not wall time, so the split holds whatever the load
 * beside it: Node's CPU with no statement in flight is time the database had nothing to do, which
 * on two idle cores adds to the wall time instead of overlapping it.
 */
async function timingOverlap<T>(run: () => Promise<T>): Promise<T> {
  type Query = (this: pg.Client, ...args: unknown[]) => unknown;
  const prototype = pg.Client.prototype as unknown as { query: Query };
  const original = prototype.query;
  const split = { alone: 0, beside: 0 };
  const inFlightTime = new Map<number, number>();
  let inFlight = 0;
  let lastWall = performance.now();
  let lastCpu = process.cpuUsage();
  const mark = () => {
    const now = performance.now();
    const cpu = process.cpuUsage();
    const used = (cpu.user + cpu.system - lastCpu.user - lastCpu.system) / 1000;
    if (inFlight > 0) split.beside += used;
    else split.alone += used;
    inFlightTime.set(inFlight, (inFlightTime.get(inFlight) ?? 0) + now - lastWall);
    lastWall = now;
    lastCpu = cpu;
  };
  prototype.query = function (this: pg.Client, ...args: unknown[]) {
    const text = typeof args[0] === 'string' ? args[0] : (args[0] as { text?: string }).text;
    const result = original.apply(this, args);
    if (
      typeof text === 'string' &&
      result instanceof Promise &&
      !text.includes('pg_stat_activity')
    ) {
      mark();
      inFlight += 1;
      const done = () => {
        mark();
        inFlight -= 1;
      };
      void result.then(done, done);
    }
    return result;
  };
  try {
    return await run();
  } finally {
    mark();
    prototype.query = original;
    const wall = [...inFlightTime.values()].reduce((sum, ms) => sum + ms, 0);
    console.log(
      `  overlap: process CPU with no statement in flight ${(split.alone / 1000).toFixed(2)} s, with one or more ${(split.beside / 1000).toFixed(2)} s; wall time by statements in flight: ${[
        ...inFlightTime,
      ]
        .sort((a, b) => a[0] - b[0])
        .map(([count, ms]) => `${count}: ${((100 * ms) / wall).toFixed(0)} %`)
        .join(', ')}`,
    );
  }
}

/**
 * The CPU the PostgreSQL backends of `databaseName` use while it runs, read from /proc (when
 * PostgreSQL runs on this machine) twice a second, so a connection the pool closes during the run
 * still counts: with the process's own CPU, what a run costs whatever the load beside it, which
 * on shared cores stretches the wall time. `stop` answers the seconds, or null without /proc.
 */
function backendCpu(
  adminUrl: string,
  databaseName: string,
): { ready: Promise<void>; stop(): Promise<number | null> } {
  const admin = new pg.Client({ connectionString: adminUrl });
  const first = new Map<number, number>();
  const last = new Map<number, number>();
  let readable = true;
  let initial = true;
  const sample = async () => {
    const { rows } = await admin.query<{ pid: number }>(
      'select pid from pg_stat_activity where datname = $1 and pid <> pg_backend_pid()',
      [databaseName],
    );
    for (const { pid } of rows) {
      try {
        const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ');
        const seconds = (Number(fields?.[11]) + Number(fields?.[12])) / 100;
        // A backend there before the run counts from where it was; one opened during it, whole.
        if (!first.has(pid)) first.set(pid, initial ? seconds : 0);
        last.set(pid, seconds);
      } catch (error) {
        // A backend that ended since the query keeps its last reading; no /proc, no figure.
        if ((error as NodeJS.ErrnoException).code !== 'ENOENT') readable = false;
      }
    }
    initial = false;
  };
  const started = admin.connect().then(sample);
  let pending: Promise<void> = started;
  const timer = setInterval(() => {
    pending = pending.then(sample, () => undefined);
  }, 500);
  return {
    ready: started,
    async stop() {
      clearInterval(timer);
      await pending.then(sample);
      await admin.end();
      if (!readable) return null;
      let total = 0;
      for (const [pid, seconds] of last) total += seconds - (first.get(pid) ?? 0);
      return total;
    },
  };
}

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
  const sample = Math.min(Number(process.env.DAWN_BENCH_PER_CASE ?? 300), cases);
  const statements = process.env.DAWN_BENCH_STATEMENTS === '1';
  const overlap = process.env.DAWN_BENCH_OVERLAP === '1';
  // The sweep's batch of cases (its default when unset), to compare batch sizes.
  const batchSize = process.env.DAWN_BENCH_BATCH ? Number(process.env.DAWN_BENCH_BATCH) : undefined;
  // The batches the sweep writes at once (its default when unset), to compare.
  const writers = process.env.DAWN_BENCH_WRITERS
    ? Number(process.env.DAWN_BENCH_WRITERS)
    : undefined;

  let databaseName: string | undefined;
  let url: string | undefined;
  if (adminUrl) {
    databaseName = `dawn_bench_sweep_g_${randomBytes(4).toString('hex')}`;
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
    if (sample > 0) {
      for (const target of targets) await sweepCase(db, config, source, target, asOf);
      const perCase = sample / ((performance.now() - started) / 1000);
      console.log(
        `one case at a time (as after an event)  ${perCase.toFixed(0).padStart(6)} cases/s`,
      );
    }

    const sweepFirst = () =>
      sweepObligations(db, config, obligationSources(vault), asOf, { batchSize, writers });
    const backends = adminUrl && databaseName ? backendCpu(adminUrl, databaseName) : undefined;
    await backends?.ready;
    const cpuBefore = process.cpuUsage();
    started = performance.now();
    const timed = statements ? () => timingStatements(sweepFirst) : sweepFirst;
    const first = await (overlap ? timingOverlap(timed) : timed());
    let seconds = (performance.now() - started) / 1000;
    const cpu = process.cpuUsage(cpuBefore);
    const backendSeconds = backends ? await backends.stop() : null;
    console.log(
      `batched sweep, first run               ${(first.cases / seconds).toFixed(0).padStart(6)} cases/s  (${first.obligations} obligations, ${first.alerts} alerts, ${first.emailsQueued} e-mails, ${seconds.toFixed(1)} s)`,
    );
    const processCpu = (cpu.user + cpu.system) / 1e6;
    console.log(
      `  CPU: process ${processCpu.toFixed(1)} s${backendSeconds === null ? '' : `, database backends ${backendSeconds.toFixed(1)} s`}; ${(first.cases / (processCpu + (backendSeconds ?? 0))).toFixed(0)} cases per CPU-second`,
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
    if (adminUrl && databaseName && process.env.DAWN_BENCH_KEEP === '1') {
      console.log(`kept database ${databaseName} (drop it yourself)`);
    } else if (adminUrl && databaseName) {
      const admin = new pg.Client({ connectionString: adminUrl });
      await admin.connect();
      await admin.query(`drop database if exists ${databaseName} with (force)`);
      await admin.end();
    }
  }
}

await main();
