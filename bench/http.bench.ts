/**
 * HTTP benchmark at a programme's size (issue 11, docs/performance.md). Loads 50,000 persons with
 * blind-indexed identities, 20,000 care cases and 10,000 legal cases (with credited events and
 * obligations) on PostgreSQL, or a tenth of that on PGlite, then runs each operation at 32
 * connections, each Dawn run between two runs of a bare Fastify + pg primary-key lookup (the
 * reference) that it starts itself, and prints req/s, p50, p99 and Dawn / reference. Then it adds
 * three times the persons and cases (4× in all) and runs the lists and the search again.
 *
 *   DAWN_BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres npx tsx bench/http.bench.ts
 *   npx tsx bench/http.bench.ts                         # PGlite, a tenth of the data
 *   DAWN_BENCH_QUICK=1 …                                # a tenth of the data, 3 s a run, no 4×
 *
 * Bounded: every run stops after its seconds; servers listen on 127.0.0.1 only, on ports the
 * system picks, and stop themselves; a PostgreSQL database is created for the run and dropped.
 * All names are generated from lists of common names: they describe no one.
 *
 * This file is the runner (flags, database, servers, how a run is done and printed); the load
 * generator, the measurements besides req/s, the data and the operations are in bench/http/.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdir, readFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import Fastify from 'fastify';
import { sql } from 'kysely';
import pg from 'pg';
import { addProgrammeData } from './http/data.ts';
import { load, percentile, type LoadSpec } from './http/load.ts';
import { cpuPerRequest, cpuTimed, printPlans, slug, startProfile } from './http/measure.ts';
import { runChosenFew, runLegalCaseRecording, runLists } from './http/operations.ts';

async function main(): Promise<void> {
  const { FAMILY_NAMES, GIVEN_NAMES, pick, seededRandom, spellingVariant } =
    await import('../packages/core/src/identity/name-variants.test-support.ts');
  const { buildApp } = await import('../packages/server/src/app.ts');
  const { loadConfig } = await import('../packages/server/src/platform/config.ts');
  const { migrateToLatest, openDatabase } =
    await import('../packages/server/src/platform/db/database.ts');
  const { parseEnvironmentKeys } =
    await import('../packages/server/src/platform/vault/key-ring.ts');
  const { Vault } = await import('../packages/server/src/platform/vault/vault.ts');
  const { aUser, anOrganisation, signedIn } = await import('../packages/server/test/fixtures.ts');

  const quick = process.env.DAWN_BENCH_QUICK === '1';
  const adminUrl = process.env.DAWN_BENCH_DATABASE_URL;
  const fraction = quick || !adminUrl ? 0.1 : 1;
  const seconds = quick ? 3 : 10;
  const warmSeconds = Number(process.env.DAWN_BENCH_WARMUP ?? (quick ? 1 : 3));
  // DAWN_BENCH_ONLY=header,paged: run only the operations whose label holds one of these words
  // (to compare one change before and after in the same minutes).
  const only = process.env.DAWN_BENCH_ONLY?.split(',').filter(Boolean);
  const chosen = (label: string) => !only || only.some((word) => label.includes(word));
  const connections = 32;
  // DAWN_BENCH_PROFILE=/tmp/profiles: a CPU profile of the process during each Dawn run (not the
  // reference's, not the data load), and the SQL statements sent per request beside each line.
  const profileDirectory = process.env.DAWN_BENCH_PROFILE;
  let statementCount = 0;
  // DAWN_BENCH_STATEMENTS=1 (with DAWN_BENCH_INJECT): which statements a request sends, by the
  // start of their text, printed after each operation.
  const statementKinds = process.env.DAWN_BENCH_STATEMENTS ? new Map<string, number>() : undefined;
  const countStatements = Boolean(profileDirectory) || Boolean(process.env.DAWN_BENCH_INJECT);
  if (profileDirectory) await mkdir(profileDirectory, { recursive: true });
  if (countStatements) {
    const prototype = pg.Client.prototype as unknown as {
      query: (this: pg.Client, ...parameters: unknown[]) => unknown;
    };
    const query = prototype.query;
    prototype.query = function (this: pg.Client, ...parameters: unknown[]) {
      statementCount += 1;
      if (statementKinds) {
        const first = parameters[0];
        const text = typeof first === 'string' ? first : (first as { text?: string }).text;
        const kind = statementKind(text ?? '?');
        statementKinds.set(kind, (statementKinds.get(kind) ?? 0) + 1);
      }
      return query.apply(this, parameters);
    };
  }
  // A statement's label, its first 70 characters with whitespace collapsed and quoted literals
  // elided (a named statement executed with its values inline, `execute dawn_select_3_0('<id>', …)`,
  // is one kind, not one a case), from as much of its head as those need: collapsing the
  // similar-person search's whole 21,000-character text was about 0.3 ms of the process's CPU a
  // search, counted as Dawn's (night search2).
  function statementKind(text: string): string {
    for (let head = 256; ; head *= 2) {
      const kind = text
        .slice(0, head)
        .replace(/'(?:[^']|'')*'/g, "'…'")
        .replace(/\s+/g, ' ')
        .trim();
      if (kind.length > 70 || head >= text.length) return kind.slice(0, 70);
    }
  }
  const size = {
    persons: Math.round(50_000 * fraction),
    careCases: Math.round(20_000 * fraction),
    legalCases: Math.round(10_000 * fraction),
  };

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
  // One bench user searches at 32 connections: the per-user search limit would measure itself.
  const config = loadConfig({ DAWN_DB_POOL_SIZE: '10', DAWN_SIMILAR_SEARCH_RATE_LIMIT: '1000000' });
  const database = await openDatabase(
    url ? { kind: 'postgres', url, poolSize: config.dbPoolSize } : { kind: 'pglite-memory' },
  );
  const servers: { close(): Promise<unknown> }[] = [];
  try {
    await migrateToLatest(database.db);
    const vault = await Vault.open(
      database.db,
      parseEnvironmentKeys(`bench:${randomBytes(32).toString('base64')}`),
    );
    const app = await buildApp({ config, database, vault, logger: false });
    servers.push(app);
    await app.listen({ host: '127.0.0.1', port: 0 });
    const port = (app.server.address() as { port: number }).port;
    const deps = { db: database.db, config, vault };
    const organisationId = await anOrganisation(deps, 'Bench Programme Trust');
    const manager = await aUser(deps, {
      roles: ['program_manager'],
      organisationId,
      twoFactor: config.requireTwoFactorRoles.includes('program_manager'),
    });
    const client = await signedIn(app, manager);
    const headers = {
      cookie: client.cookie ?? '',
      'x-csrf-token': client.csrfToken ?? '',
    };

    // The reference: a bare Fastify + pg primary-key lookup on the same database.
    let referencePort = 0;
    if (url) {
      const pool = new pg.Pool({ connectionString: url, max: config.dbPoolSize });
      const reference = Fastify();
      reference.get<{ Params: { id: string } }>('/person/:id', async (request) => {
        const result = await pool.query('select * from person where id = $1', [request.params.id]);
        return result.rows[0] ?? null;
      });
      await reference.listen({ host: '127.0.0.1', port: 0 });
      referencePort = (reference.server.address() as { port: number }).port;
      servers.push({
        close: async () => {
          await reference.close();
          await pool.end();
        },
      });
    }

    const random = seededRandom(20261204);
    const names: string[] = [];
    const personIds: string[] = [];
    const loadStarted = performance.now();
    const programme = { db: database.db, vault, organisationId, random, names, personIds };
    const addData = (persons: number, careCases: number, legalCases: number) =>
      addProgrammeData(programme, persons, careCases, legalCases);
    await addData(size.persons, size.careCases, size.legalCases);
    console.log(
      `loaded ${size.persons} persons, ${size.careCases} care cases, ${size.legalCases} legal cases in ${(
        (performance.now() - loadStarted) /
        1000
      ).toFixed(
        0,
      )} s on ${url ? 'PostgreSQL' : 'PGlite'}; ${os.cpus().length} cores; ${seconds} s a run at ${connections} connections, each after ${warmSeconds} s unmeasured`,
    );

    const careCaseIds = (
      await database.db.selectFrom('care_case').select('id').limit(500).execute()
    ).map((row) => row.id);
    const searches = Array.from({ length: 200 }, () =>
      JSON.stringify({ legalName: spellingVariant(random, pick(random, names)) }),
    );
    const creates = Array.from({ length: 400 }, () =>
      JSON.stringify({
        sex: 'female',
        ageBand: '15-17',
        identity: {
          legalName: `${pick(random, GIVEN_NAMES)} ${pick(random, FAMILY_NAMES)}`,
          phones: [`97${String(Math.floor(random() * 1e8)).padStart(8, '0')}`],
        },
      }),
    );
    const referencePaths = personIds.slice(0, 500).map((id) => `/person/${id}`);

    // DAWN_BENCH_INJECT=600: each operation as that many requests through Fastify's inject, 8 at a
    // time, in this process, after 60 unmeasured: the CPU time Dawn's process spends per request,
    // without sockets or the load generator. On a loaded machine the CPU a request costs moves
    // far less than req/s: compare two commits with it, A/B.
    const injected = Number(process.env.DAWN_BENCH_INJECT ?? 0);
    // With PostgreSQL on this machine: the CPU time of the run's database backends (the pool's,
    // found once before the measured requests), from /proc; -1 when it cannot be read. Recording
    // an event spends most of its time in the database, which the process's CPU does not show.
    const databaseCpuMs = async (
      known?: readonly number[],
    ): Promise<{ ms: number; pids: number[] }> => {
      try {
        const pids = known
          ? [...known]
          : (
              await sql<{
                pid: number;
              }>`select pid from pg_stat_activity where datname = current_database()`.execute(
                database.db,
              )
            ).rows.map((row) => row.pid);
        let ticks = 0;
        for (const pid of pids) {
          const stat = await readFile(`/proc/${pid}/stat`, 'utf8').catch(() => '');
          const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
          ticks += Number(fields[11] ?? 0) + Number(fields[12] ?? 0);
        }
        return { ms: url && pids.length > 0 ? ticks * 10 : -1, pids };
      } catch {
        return { ms: -1, pids: [] };
      }
    };
    const runInjected = async (
      label: string,
      spec: Omit<LoadSpec, 'port' | 'seconds' | 'connections'>,
    ) => {
      let next = 0;
      let errors = 0;
      const keyPrefix = `bench-${randomUUID()}-`;
      const one = async () => {
        const index = next++;
        const body = spec.bodies?.[index % spec.bodies.length];
        const response = await app.inject({
          method: spec.method,
          url: spec.paths[index % spec.paths.length] ?? '/',
          headers: {
            ...spec.headers,
            ...(body ? { 'content-type': 'application/json' } : {}),
            // As the web sends every change: with a key of its own (Dawn's idempotency.ts).
            ...(spec.method === 'POST' ? { 'idempotency-key': `${keyPrefix}${index}` } : {}),
          },
          ...(body ? { payload: body } : {}),
        });
        if (response.statusCode >= 400) errors += 1;
      };
      const batch = async (count: number) => {
        const stop = next + count;
        await Promise.all(
          Array.from({ length: 8 }, async () => {
            while (next < stop) await one();
          }),
        );
      };
      await batch(60);
      const profile = profileDirectory ? await startProfile() : undefined;
      const databaseBefore = await databaseCpuMs();
      const statementsBefore = statementCount;
      statementKinds?.clear();
      const started = process.cpuUsage();
      const startedAt = performance.now();
      await batch(injected);
      const used = process.cpuUsage(started);
      const elapsed = performance.now() - startedAt;
      const databaseUsed = await databaseCpuMs(databaseBefore.pids);
      if (profile && profileDirectory)
        await profile.stop(path.join(profileDirectory, `${slug(label)}.cpuprofile`));
      console.log(
        `${label.padEnd(34)} CPU ${((used.user + used.system) / 1000 / injected).toFixed(2)} ms/req  ${(
          (1000 * injected) /
          elapsed
        ).toFixed(0)} req/s in process${
          countStatements
            ? `  statements/request ${((statementCount - statementsBefore) / injected).toFixed(2)}`
            : ''
        }${
          databaseUsed.ms >= 0
            ? `  database CPU ${((databaseUsed.ms - databaseBefore.ms) / injected).toFixed(2)} ms/req`
            : ''
        }  load ${os.loadavg()[0]?.toFixed(1)}${errors ? `  ERRORS ${errors}` : ''}`,
      );
      for (const [kind, count] of [...(statementKinds ?? [])].sort((a, b) => b[1] - a[1]))
        console.log(`  ${(count / injected).toFixed(2).padStart(6)}  ${kind}`);
    };

    // Each Dawn run is preceded by `warmSeconds` of the same operation, unmeasured (on other
    // cases for a write that must find them as they were: `warmup`), and the reference by the
    // same once: in a process started a minute before, V8 is still compiling the operation's code
    // for most of a 10 s run (issue 11, 2026-12-06: recording an event cost Dawn 2.35 ms of CPU
    // cold and 1.32 ms warm, 0.82 ms of it the optimising compiler). DAWN_BENCH_WARMUP=0 measures
    // cold, as the runs before that day did.
    let referenceWarm = false;
    const run = async (
      label: string,
      spec: Omit<LoadSpec, 'port' | 'seconds' | 'connections'>,
      warmup: Omit<LoadSpec, 'port' | 'seconds' | 'connections'> = spec,
    ) => {
      if (!chosen(label)) return;
      if (injected > 0) return runInjected(label, spec);
      const options = { seconds, connections };
      if (warmSeconds > 0) {
        const warming = { seconds: warmSeconds, connections };
        if (referencePort && !referenceWarm) {
          referenceWarm = true;
          await load({
            port: referencePort,
            method: 'GET',
            paths: referencePaths,
            headers: {},
            ...warming,
          });
        }
        await load({ port, ...warmup, ...warming });
      }
      const referenceCpu: number[] = [];
      const reference = async () =>
        referencePort
          ? cpuTimed(referenceCpu, () =>
              load({
                port: referencePort,
                method: 'GET',
                paths: referencePaths,
                headers: {},
                ...options,
              }),
            )
          : undefined;
      const before = await reference();
      const profile = profileDirectory ? await startProfile() : undefined;
      const statementsBefore = statementCount;
      const dawnCpu: number[] = [];
      const dawn = await cpuTimed(dawnCpu, () => load({ port, ...spec, ...options }));
      const statements = statementCount - statementsBefore;
      if (profile && profileDirectory)
        await profile.stop(path.join(profileDirectory, `${slug(label)}.cpuprofile`));
      const after = await reference();
      const sorted = [...dawn.latencies].sort((left, right) => left - right);
      const rate = dawn.requests / dawn.seconds;
      const referenceRate =
        before && after
          ? (before.requests / before.seconds + after.requests / after.seconds) / 2
          : undefined;
      console.log(
        `${label.padEnd(34)} ${rate.toFixed(0).padStart(6)} req/s  p50 ${percentile(sorted, 0.5)
          .toFixed(1)
          .padStart(7)} ms  p99 ${percentile(sorted, 0.99).toFixed(1).padStart(7)} ms  ${
          referenceRate
            ? `reference ${referenceRate.toFixed(0).padStart(5)} req/s  Dawn/reference ${(
                (100 * rate) /
                referenceRate
              ).toFixed(1)} %`
            : ''
        }  CPU ${cpuPerRequest(dawnCpu, [dawn])}${
          before && after ? ` (reference ${cpuPerRequest(referenceCpu, [before, after])})` : ''
        } ms/req${dawn.errors ? `  ERRORS ${dawn.errors}` : ''}${
          profileDirectory ? `  statements/request ${(statements / dawn.requests).toFixed(2)}` : ''
        }`,
      );
    };
    const timed = async (label: string, url: () => string) => {
      if (!chosen(label)) return;
      const timings: number[] = [];
      // Dawn's CPU a request (this process: the app, pg's parsing, the garbage collector), less
      // swayed by the other engineers' load than the wall-clock times.
      const cpu: number[] = [];
      for (let index = 0; index < (quick ? 5 : 20); index += 1) {
        const started = performance.now();
        const response = await cpuTimed(cpu, () =>
          app.inject({ method: 'GET', url: url(), headers }),
        );
        if (response.statusCode !== 200) throw new Error(`${label}: ${response.statusCode}`);
        timings.push(performance.now() - started);
      }
      // In the order taken: whether the slowest are the first (a cold start) or scattered.
      const inOrder = timings.map((timing) => timing.toFixed(0)).join(' ');
      timings.sort((left, right) => left - right);
      console.log(
        `${label.padEnd(34)} p50 ${percentile(timings, 0.5).toFixed(0)} ms  p95 ${percentile(
          timings,
          0.95,
        ).toFixed(0)} ms  CPU ${cpuPerRequest(cpu, [{ requests: cpu.length }])} ms/req${
          process.env.DAWN_BENCH_SAMPLES ? `  (${inOrder})` : ''
        }`,
      );
    };
    const runner = { run, timed, chosen, headers };
    const lists = (suffix: string) => runLists(runner, searches, suffix);

    await run('one care case, header', {
      method: 'GET',
      paths: careCaseIds.map((id) => `/api/care-cases/${id}`),
      headers,
    });
    // The writes first, so the lists at 1× and at 4× see the same rows they add (issue 11,
    // 2026-12-06): run between them, creating persons put ~11,000 persons (no `Bench-` pseudonym)
    // newest only before the 4× lists, where the pseudonym search walked past them alone, and the
    // recorded cases (the only ones holding the offence filtered on) were missing at 1×, where that
    // list's page was empty.
    await run('create a person with identity', {
      method: 'POST',
      paths: ['/api/persons'],
      bodies: creates,
      headers,
    });
    await runLegalCaseRecording(runner, programme);
    // As autovacuum would have by then (this machine's is off): the writes above add ~12,000
    // rows to `list_count` (a person's delta each), and with the statistics of the load the
    // planner scans that table whole for a care case's total instead of its index (issue 11,
    // 2026-12-06: the care-case lists with a total read 18 % at 1×, 36 % at 4×).
    await sql`analyze`.execute(database.db);
    await lists('');
    await run('deadlines list (open and overdue)', {
      method: 'GET',
      // As the deadlines page asks: rows without explanations.
      paths: ['/api/obligations?status=open,overdue&fields=list'],
      headers,
    });

    await runChosenFew(runner, app);

    // Growing to 4× takes minutes, for the lists and the search only: not when none of them is
    // asked for (the labels read by going through them without running any).
    const labelsAt4x: string[] = [];
    await runLists(
      {
        ...runner,
        run: (label) => Promise.resolve(void labelsAt4x.push(label)),
        timed: (label) => Promise.resolve(void labelsAt4x.push(label)),
      },
      searches,
      ' at 4×',
    );
    if (!quick && labelsAt4x.some(chosen)) {
      const grown = performance.now();
      await addData(size.persons * 3, size.careCases * 3, size.legalCases * 3);
      console.log(
        `added to 4× (${size.persons * 4} persons, ${size.careCases * 4} care cases, ${size.legalCases * 4} legal cases) in ${(
          (performance.now() - grown) /
          1000
        ).toFixed(0)} s`,
      );
      await lists(' at 4×');
    }
    if (process.env.DAWN_BENCH_PLANS) await printPlans(database.db);
  } finally {
    for (const server of servers.reverse()) await server.close();
    await database.close();
    // DAWN_BENCH_KEEP=1: the loaded database stays (its name printed) for EXPLAIN and
    // pg_stat_user_functions afterwards; drop it yourself.
    if (adminUrl && databaseName && process.env.DAWN_BENCH_KEEP === '1') {
      console.log(`kept database ${databaseName}`);
    } else if (adminUrl && databaseName) {
      const admin = new pg.Client({ connectionString: adminUrl });
      await admin.connect();
      await admin.query(`drop database if exists ${databaseName} with (force)`);
      await admin.end();
    }
  }
}

await main();
