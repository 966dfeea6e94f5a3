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
 */
import { randomBytes, randomUUID } from 'node:crypto';
import os from 'node:os';
import { Worker } from 'node:worker_threads';
import Fastify from 'fastify';
import { sql } from 'kysely';
import pg from 'pg';

interface LoadSpec {
  port: number;
  method: 'GET' | 'POST';
  paths: string[];
  bodies?: string[];
  headers: Record<string, string>;
  seconds: number;
  connections: number;
}
interface LoadResult {
  requests: number;
  errors: number;
  seconds: number;
  latencies: number[];
}

// The load generator runs in a worker thread, so it does not share the servers' event loop. It is
// plain JavaScript (a worker does not inherit tsx's loader) and uses only node:http.
const LOAD_WORKER = `
const http = require('node:http');
const { parentPort, workerData: spec } = require('node:worker_threads');
const agent = new http.Agent({ keepAlive: true, maxSockets: spec.connections });
const latencies = [];
let errors = 0;
let index = 0;
const started = performance.now();
const deadline = started + spec.seconds * 1000;
const one = () => new Promise((resolve) => {
  const pick = index++;
  const path = spec.paths[pick % spec.paths.length];
  const body = spec.bodies ? spec.bodies[pick % spec.bodies.length] : undefined;
  const sent = performance.now();
  const request = http.request({
    host: '127.0.0.1', port: spec.port, method: spec.method, path, agent,
    headers: { ...spec.headers, ...(body ? { 'content-type': 'application/json' } : {}) },
  }, (response) => {
    response.on('data', () => undefined);
    response.on('end', () => {
      if (response.statusCode >= 400) errors += 1;
      latencies.push(performance.now() - sent);
      resolve();
    });
  });
  request.on('error', () => { errors += 1; resolve(); });
  request.end(body);
});
const loop = async () => { while (performance.now() < deadline) await one(); };
Promise.all(Array.from({ length: spec.connections }, loop)).then(() => {
  agent.destroy();
  parentPort.postMessage({ requests: latencies.length, errors,
    seconds: (performance.now() - started) / 1000, latencies });
});
`;

function load(spec: LoadSpec): Promise<LoadResult> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(LOAD_WORKER, { eval: true, workerData: spec });
    worker.once('message', (result: LoadResult) => resolve(result));
    worker.once('error', reject);
  });
}

const percentile = (sorted: number[], fraction: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * fraction))] ?? 0;

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
  const { identityIndexRows } =
    await import('../packages/server/src/features/persons/person-matching.ts');
  const { aUser, anOrganisation, signedIn } = await import('../packages/server/test/fixtures.ts');
  const { legalCaseObligationSource } =
    await import('../packages/server/src/features/obligations/legal-case.obligation-source.ts');
  const { syncObligations } =
    await import('../packages/server/src/features/obligations/obligation.repository.ts');

  const quick = process.env.DAWN_BENCH_QUICK === '1';
  const adminUrl = process.env.DAWN_BENCH_DATABASE_URL;
  const fraction = quick || !adminUrl ? 0.1 : 1;
  const seconds = quick ? 3 : 10;
  // DAWN_BENCH_ONLY=header,paged: run only the operations whose label holds one of these words
  // (to compare one change before and after in the same minutes).
  const only = process.env.DAWN_BENCH_ONLY?.split(',').filter(Boolean);
  const chosen = (label: string) => !only || only.some((word) => label.includes(word));
  const connections = 32;
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
    const addData = async (persons: number, careCases: number, legalCases: number) => {
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
            from unnest(${ids}::uuid[]) as id`.execute(database.db);
        await sql`insert into identity_index (person_id, kind, token_hash)
            select * from unnest(${tokenIds}::uuid[], ${kinds}::text[], ${hashes}::text[])`.execute(
          database.db,
        );
      }
      await sql`insert into care_case (code, organisation_id, person_id, opened_at, phase)
          select 'CC-B-' || left(person.id::text, 13), ${organisationId}, person.id,
            now() - random() * interval '3 years',
            (array['intake','shelter_care','reintegration','follow_up','closed'])[1 + floor(random() * 5)::int]
          from person
          where person.organisation_id = ${organisationId}
            and not exists (select 1 from care_case where care_case.person_id = person.id)
          limit ${careCases}`.execute(database.db);
      await sql`insert into official (name, designation, organisation_id)
          select 'Bench Official ' || i, 'Sub-Inspector', ${organisationId} from generate_series(1, 50) as i`.execute(
        database.db,
      );
      await sql`insert into legal_case (organisation_id, forum, next_hearing_at, created_at)
          select ${organisationId}, 'sessions',
            case when i % 4 = 0 then null else now() + random() * interval '200 days' end,
            now() - random() * interval '3 years'
          from generate_series(1, ${legalCases}::int) as i`.execute(database.db);
      // Five events a case, each credited to an official, and three obligations it satisfied.
      await sql`insert into legal_case_event (legal_case_id, type, occurred_at, data)
          select legal_case.id, (array['fir.registered','accused.arrested','chargesheet.filed','court.cognizance','hearing.held'])[n],
            legal_case.created_at + n * interval '20 days', '{}'::jsonb
          from legal_case cross join generate_series(1, 5) as n
          where not exists (select 1 from legal_case_event where legal_case_event.legal_case_id = legal_case.id)`.execute(
        database.db,
      );
      await sql`insert into legal_case_event_official (event_id, official_id)
          select event.id, (select id from official where organisation_id = ${organisationId}
            order by md5(event.id::text || official.id::text) limit 1)
          from legal_case_event as event
          where not exists (select 1 from legal_case_event_official where event_id = event.id)`.execute(
        database.db,
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
          on conflict do nothing`.execute(database.db);
      // As autovacuum would have by then: statistics, and the visibility map for index-only scans.
      await sql`vacuum analyze`.execute(database.db);
    };
    await addData(size.persons, size.careCases, size.legalCases);
    console.log(
      `loaded ${size.persons} persons, ${size.careCases} care cases, ${size.legalCases} legal cases in ${(
        (performance.now() - loadStarted) /
        1000
      ).toFixed(
        0,
      )} s on ${url ? 'PostgreSQL' : 'PGlite'}; ${os.cpus().length} cores; ${seconds} s a run at ${connections} connections`,
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

    const run = async (label: string, spec: Omit<LoadSpec, 'port' | 'seconds' | 'connections'>) => {
      if (!chosen(label)) return;
      const options = { seconds, connections };
      const reference = async () =>
        referencePort
          ? load({
              port: referencePort,
              method: 'GET',
              paths: referencePaths,
              headers: {},
              ...options,
            })
          : undefined;
      const before = await reference();
      const dawn = await load({ port, ...spec, ...options });
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
        }${dawn.errors ? `  ERRORS ${dawn.errors}` : ''}`,
      );
    };
    const lists = async (suffix: string) => {
      await run(`list care cases, paged${suffix}`, {
        method: 'GET',
        paths: ['/api/care-cases?count=none', '/api/care-cases?count=none&phase=closed'],
        headers,
      });
      await run(`list care cases with total${suffix}`, {
        method: 'GET',
        paths: ['/api/care-cases', '/api/care-cases?phase=closed'],
        headers,
      });
      await run(`list care cases, estimate${suffix}`, {
        method: 'GET',
        paths: ['/api/care-cases?count=estimate', '/api/care-cases?count=estimate&phase=closed'],
        headers,
      });
      await run(`list persons with total${suffix}`, {
        method: 'GET',
        paths: ['/api/persons'],
        headers,
      });
      await run(`list persons, estimate${suffix}`, {
        method: 'GET',
        paths: ['/api/persons?count=estimate'],
        headers,
      });
      await run(`list legal cases with total${suffix}`, {
        method: 'GET',
        paths: ['/api/legal-cases'],
        headers,
      });
      await run(`list legal cases, estimate${suffix}`, {
        method: 'GET',
        paths: ['/api/legal-cases?count=estimate'],
        headers,
      });
      await run(`similar-person search${suffix}`, {
        method: 'POST',
        paths: ['/api/persons/similar'],
        bodies: searches,
        headers,
      });
    };

    await run('one care case, header', {
      method: 'GET',
      paths: careCaseIds.map((id) => `/api/care-cases/${id}`),
      headers,
    });
    await lists('');
    await run('deadlines list (open and overdue)', {
      method: 'GET',
      // As the deadlines page asks: rows without explanations.
      paths: ['/api/obligations?status=open,overdue&fields=list'],
      headers,
    });
    await run('create a person with identity', {
      method: 'POST',
      paths: ['/api/persons'],
      bodies: creates,
      headers,
    });

    // Recording an event: 500 cases with a victim, an accused and a valid timeline (the loaded
    // cases' events carry no data), each request recomputing the case's obligations and alerts.
    const recordable = (
      await sql<{
        id: string;
      }>`insert into legal_case (organisation_id, forum, offences, created_at)
          select ${organisationId}, 'sessions', array['BNS:143(2)','POCSO:6'], now() - interval '100 days'
          from generate_series(1, 500) returning id`.execute(database.db)
    ).rows.map((row) => row.id);
    await sql`insert into legal_case_party (legal_case_id, ref, role, person_id)
        select legal_case_id, ref, role, person_id from unnest(
          ${recordable.flatMap((id) => [id, id])}::uuid[],
          ${recordable.flatMap(() => ['V1', 'A1'])}::text[],
          ${recordable.flatMap(() => ['victim', 'accused'])}::text[],
          ${recordable.flatMap((_, index) => [personIds[2 * index], personIds[2 * index + 1]])}::uuid[])
          as party(legal_case_id, ref, role, person_id)`.execute(database.db);
    await sql`insert into legal_case_event (legal_case_id, type, occurred_at, data)
        select legal_case.id, step.type, legal_case.created_at + step.after, step.data::jsonb
        from legal_case cross join (values
          ('fir.registered', interval '0', '{}'),
          ('victim.rescued', interval '-2 hours', '{"victim":"V1"}'),
          ('accused.arrested', interval '1 day', '{"accused":"A1"}'),
          ('accused.remanded', interval '1 day 11 hours', '{"accused":"A1","custody":"judicial"}')
        ) as step(type, after, data)
        where legal_case.id = any(${recordable}::uuid[])`.execute(database.db);
    await run('record a legal case event', {
      method: 'POST',
      paths: recordable.map((id) => `/api/legal-cases/${id}/events`),
      bodies: [
        JSON.stringify({
          type: 'court.hearing',
          occurredAt: new Date(Date.now() - 86_400_000).toISOString(),
          data: { purpose: 'bail' },
        }),
      ],
      headers,
    });

    // The legal-case view's obligations (the recorded cases were evaluated when their event was
    // recorded): from the stored rows, then the same cases computed on read, as before.
    const views = recordable.map((id) => `/api/legal-cases/${id}/obligations`);
    if (chosen('legal case obligations')) {
      // As the sweep leaves them: every one of these cases evaluated and stored (one batch).
      const source = legalCaseObligationSource(vault);
      if (!source.computeWithRegimes) throw new Error('legal cases store their regime');
      const evaluated = await source.computeWithRegimes(database.db, recordable, new Date());
      await syncObligations(
        database.db,
        'legal_case',
        recordable.map((caseId) => ({ caseId, organisationId, code: 'Bench case' })),
        evaluated.obligations,
        new Date(),
        evaluated.store,
      );
    }
    await run('legal case obligations, stored', { method: 'GET', paths: views, headers });
    if (chosen('legal case obligations, computed')) {
      await sql`update legal_case set deadline_regime = null, deadline_regime_explanation = null
          where id = any(${recordable}::uuid[])`.execute(database.db);
      await run('legal case obligations, computed', { method: 'GET', paths: views, headers });
    }

    // The chosen-few report for a year, one user at a time, as the page asks for it: the summary
    // per official, then one official's milestones.
    const year = new Date().getUTCFullYear() - 1;
    const timed = async (label: string, url: () => string) => {
      if (!chosen(label)) return;
      const timings: number[] = [];
      for (let index = 0; index < (quick ? 5 : 20); index += 1) {
        const started = performance.now();
        const response = await app.inject({ method: 'GET', url: url(), headers });
        if (response.statusCode !== 200) throw new Error(`${label}: ${response.statusCode}`);
        timings.push(performance.now() - started);
      }
      timings.sort((left, right) => left - right);
      console.log(
        `${label.padEnd(34)} p50 ${percentile(timings, 0.5).toFixed(0)} ms  p95 ${percentile(
          timings,
          0.95,
        ).toFixed(0)} ms`,
      );
    };
    const yearQuery = `from=${year}-01-01&to=${year}-12-31`;
    await timed(
      'chosen-few summary, a year, 1 user',
      () => `/api/reports/chosen-few/summary?${yearQuery}`,
    );
    const summary = await app.inject({
      method: 'GET',
      url: `/api/reports/chosen-few/summary?${yearQuery}`,
      headers,
    });
    const officials = summary.json<{ officials: { officialId: string }[] }>().officials;
    let next = 0;
    if (officials.length > 0)
      await timed('chosen-few, one official opened', () => {
        next += 1;
        return `/api/reports/chosen-few/officials/${officials[next % officials.length]?.officialId ?? ''}?${yearQuery}`;
      });
    await timed('chosen-few full report, a year', () => `/api/reports/chosen-few?${yearQuery}`);

    if (!quick) {
      const grown = performance.now();
      await addData(size.persons * 3, size.careCases * 3, size.legalCases * 3);
      console.log(
        `added to 4× (${size.persons * 4} persons, ${size.careCases * 4} care cases) in ${(
          (performance.now() - grown) /
          1000
        ).toFixed(0)} s`,
      );
      await lists(' at 4×');
    }
  } finally {
    for (const server of servers.reverse()) await server.close();
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
