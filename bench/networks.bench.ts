/**
 * Networks benchmark (issue 17, docs/networks.md): on PostgreSQL, loads persons with
 * blind-indexed identities (per-organisation keys, truncated hashes) and legal cases with a victim
 * and an accused each, one recruiter party to five cases, then prints p50 and p95 of
 * similar-person search (the ranking the re-trafficking alert runs) and of the network of one
 * accused, at each size asked for, growing the same database. Each search is timed beside the
 * search before issue 11's cut of its CPU (networks/rank-similar-before.ts), answers compared.
 *
 *   DAWN_BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres npx tsx bench/networks.bench.ts
 *   DAWN_BENCH_SIZES=100000,1000000 …   # persons at each step (default 10,000 and 100,000)
 *   DAWN_BENCH_KEEP=1 DAWN_BENCH_KEY=… …  # keep the database (its name is printed) to profile it
 *   DAWN_BENCH_REUSE=dawn_bench_… DAWN_BENCH_KEY=… …  # search a kept database again, no load
 *                                     # (with DAWN_BENCH_KEEP=1 again, or it is dropped at the end)
 *   DAWN_BENCH_EXPLAIN=1 …                # print EXPLAIN (ANALYZE, BUFFERS) of the slowest 5 %
 *
 * Bounded: a fixed number of queries per size; a database is created for the run and dropped.
 * Names are generated from lists of common names: they describe no one.
 */
import { randomBytes } from 'node:crypto';
import { loadavg } from 'node:os';
import { ROLE_GRANTS, buildNetwork } from '@dawn/core';
import { sql } from 'kysely';
import pg from 'pg';

interface Statement {
  text: string;
  values: unknown[];
}

/** The statements of the search being timed, when DAWN_BENCH_EXPLAIN=1 asks to profile them. */
let captured: Statement[] | undefined;
const explain = process.env.DAWN_BENCH_EXPLAIN === '1';
if (explain) {
  const query = (pg.Client.prototype as unknown as { query: (...args: unknown[]) => unknown })
    .query;
  (pg.Client.prototype as { query: unknown }).query = function (
    this: pg.Client,
    ...args: unknown[]
  ) {
    const [text, values] = args;
    if (captured && typeof text === 'string')
      captured.push({ text, values: Array.isArray(values) ? values : [] });
    return query.apply(this, args);
  };
}

/**
 * EXPLAIN (ANALYZE, BUFFERS) of each statement of the slowest 5 % of searches (run again, so
 * their pages are cached as a repeated search's are), with the generated variant searched.
 */
async function explainSlowest(
  url: string,
  times: number[],
  statements: { variant: string; statements: Statement[] }[],
) {
  const slowest = times
    .map((time, query) => ({ time, query }))
    .sort((left, right) => right.time - left.time)
    .slice(0, Math.ceil(times.length / 20));
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    for (const { time, query } of slowest) {
      const searched = statements[query];
      if (!searched) continue;
      process.stdout.write(`\n=== ${time.toFixed(1)} ms: ${searched.variant}\n`);
      for (const statement of searched.statements) {
        const plan = await client.query<{ 'QUERY PLAN': string }>(
          `explain (analyze, buffers) ${statement.text}`,
          statement.values,
        );
        process.stdout.write(`${plan.rows.map((row) => row['QUERY PLAN']).join('\n')}\n\n`);
      }
    }
  } finally {
    await client.end();
  }
}

async function main() {
  const adminUrl = process.env.DAWN_BENCH_DATABASE_URL;
  if (!adminUrl) {
    process.stdout.write('Set DAWN_BENCH_DATABASE_URL to a PostgreSQL server to run this bench.\n');
    return;
  }
  const sizes = (process.env.DAWN_BENCH_SIZES ?? '10000,100000')
    .split(',')
    .map((size) => Number(size.trim()))
    .filter((size) => Number.isInteger(size) && size > 0)
    .sort((left, right) => left - right);
  const { FAMILY_NAMES, GIVEN_NAMES, seededRandom, spellingVariant } =
    await import('../packages/core/src/identity/name-variants.test-support.ts');
  const { migrateToLatest, openDatabase } =
    await import('../packages/server/src/platform/db/database.ts');
  const { parseEnvironmentKeys } =
    await import('../packages/server/src/platform/vault/key-ring.ts');
  const { Vault } = await import('../packages/server/src/platform/vault/vault.ts');
  const { identityIndexRows, queryIndexHashes, rankSimilar } =
    await import('../packages/server/src/features/persons/person-matching.ts');
  const { rankSimilarBefore } = await import('./networks/rank-similar-before.ts');
  const { networkRows } =
    await import('../packages/server/src/features/networks/network.repository.ts');
  const { anOrganisation, aUser } = await import('../packages/server/test/fixtures.ts');
  const { loadConfig } = await import('../packages/server/src/platform/config.ts');

  // A kept database (DAWN_BENCH_KEEP=1, with the same DAWN_BENCH_KEY) is searched again as it is:
  // loading 1,000,000 persons takes 10–15 minutes on a shared machine.
  const reuse = process.env.DAWN_BENCH_REUSE;
  if (reuse !== undefined && !/^dawn_bench_[0-9a-f]{8}$/.test(reuse))
    throw new Error('DAWN_BENCH_REUSE names a database this bench kept (dawn_bench_…)');
  if (reuse !== undefined && !process.env.DAWN_BENCH_KEY)
    throw new Error('DAWN_BENCH_REUSE needs the DAWN_BENCH_KEY the database was loaded with');
  const databaseName = reuse ?? `dawn_bench_${randomBytes(4).toString('hex')}`;
  if (!reuse) {
    const admin = new pg.Client({ connectionString: adminUrl });
    await admin.connect();
    await admin.query(`create database ${databaseName}`);
    await admin.end();
  }
  const target = new URL(adminUrl);
  target.pathname = `/${databaseName}`;
  const database = await openDatabase({ kind: 'postgres', url: target.toString(), poolSize: 4 });
  try {
    // A kept database is brought to the code's migrations too (a no-op when it is current).
    await migrateToLatest(database.db);
    const vault = await Vault.open(
      database.db,
      parseEnvironmentKeys(
        `bench:${process.env.DAWN_BENCH_KEY ?? randomBytes(32).toString('base64')}`,
      ),
    );
    const deps = { db: database.db, config: loadConfig({}), vault };
    const kept = reuse
      ? await database.db
          .selectFrom('app_user')
          .select(['app_user.id', 'app_user.organisation_id'])
          .executeTakeFirstOrThrow()
      : undefined;
    const organisationId =
      kept?.organisation_id ?? (await anOrganisation(deps, 'Bench Programme Trust'));
    const manager = kept ?? (await aUser(deps, { roles: ['program_manager'], organisationId }));
    const actor = {
      userId: manager.id,
      organisationId,
      roles: ['program_manager' as const],
      grants: ROLE_GRANTS.program_manager,
      via: 'session' as const,
    };
    const random = seededRandom(20261204);
    // Each person is one of the 2,400 given × family name pairs: the tokens of each pair are
    // hashed once here, and the database joins them to the persons it generates (set-based, so
    // 1,000,000 persons load in minutes). Only phones are hashed per person.
    const combos = GIVEN_NAMES.flatMap((given) =>
      FAMILY_NAMES.map((family) => `${given} ${family}`),
    );
    const identityOf = (legalName: string, phones: string[], birthDate?: string) => ({
      legalName,
      aliases: [],
      phones,
      ...(birthDate ? { birthDate } : {}),
      familyNames: [],
      addresses: [],
      identityDocuments: [],
    });
    const comboTokens = combos.flatMap((name, combo) =>
      identityIndexRows(vault, { id: '', organisationId }, identityOf(name, [])).map((row) => ({
        combo,
        kind: row.kind,
        hash: row.token_hash,
      })),
    );
    const years = Array.from({ length: 20 }, (_, index) => 1990 + index);
    const yearHashes = years.map(
      (year) =>
        identityIndexRows(vault, { id: '', organisationId }, identityOf('', [], `${year}-01-01`))[0]
          ?.token_hash ?? '',
    );
    if (!reuse)
      await sql`create unlogged table bench_combo_token (combo int, kind text, token_hash text)`.execute(
        database.db,
      );
    if (!reuse)
      await sql`insert into bench_combo_token
        select * from unnest(${comboTokens.map((token) => token.combo)}::int[],
          ${comboTokens.map((token) => token.kind)}::text[],
          ${comboTokens.map((token) => token.hash)}::text[])`.execute(database.db);
    const personCombos: number[] = [];
    let recruiter: string | undefined;

    const load = async (until: number) => {
      // Indexes are rebuilt once after a large load instead of maintained row by row.
      const rebuild = until - personCombos.length >= 200_000;
      if (rebuild)
        await sql`alter table identity_index drop constraint identity_index_pk;
          drop index identity_index_postings_idx`.execute(database.db);
      const batch = 50_000;
      while (personCombos.length < until) {
        const count = Math.min(batch, until - personCombos.length);
        const combo: number[] = [];
        const phoneHash: string[] = [];
        const yearHash: string[] = [];
        for (let offset = 0; offset < count; offset += 1) {
          const chosen = Math.floor(random() * combos.length);
          combo.push(chosen);
          const phone = `98${String(Math.floor(random() * 1e8)).padStart(8, '0')}`;
          phoneHash.push(
            identityIndexRows(vault, { id: '', organisationId }, identityOf('', [phone]))[0]
              ?.token_hash ?? '',
          );
          yearHash.push(yearHashes[Math.floor(random() * years.length)] ?? '');
        }
        const first = personCombos.length;
        personCombos.push(...combo);
        // A legal case for every 20 persons: the first of each 20 accused.
        await sql`with seed as (
            select gen_random_uuid() as id, gen_random_uuid() as case_id, seed.*
            from unnest(${combo}::int[], ${phoneHash}::text[], ${yearHash}::text[])
              with ordinality as seed(combo, phone, year, n)
          ), persons as (
            insert into person (id, pseudonym, organisation_id, sex, age_band, created_at)
            select id, 'Bench-' || id::text, ${organisationId}, 'female', '15-17',
              now() + (${first}::int + n) * interval '1 microsecond'
            from seed returning id
          ), tokens as (
            insert into identity_index (person_id, kind, token_hash)
            select seed.id, token.kind, token.token_hash
              from seed join bench_combo_token as token using (combo)
            union all select id, 'phone', phone from seed
            union all select id, 'birth_year', year from seed
            returning person_id
          ), cases as (
            insert into legal_case (id, organisation_id)
            select case_id, ${organisationId} from seed where (${first}::int + n - 1) % 20 = 0
            returning id
          )
          insert into legal_case_party (legal_case_id, ref, role, person_id)
          select case_id, 'A1', 'accused', id from seed where (${first}::int + n - 1) % 20 = 0`.execute(
          database.db,
        );
      }
      if (rebuild)
        await sql`alter table identity_index add constraint identity_index_pk
            primary key (person_id, kind, token_hash);
          create index identity_index_postings_idx on identity_index (kind, token_hash, person_id)`.execute(
          database.db,
        );
      if (!recruiter) {
        const [firstAccused] = await database.db
          .selectFrom('legal_case_party')
          .select('person_id')
          .limit(1)
          .execute();
        recruiter = firstAccused?.person_id ?? undefined;
        const five = await database.db
          .selectFrom('legal_case')
          .select('id')
          .orderBy('created_at')
          .limit(5)
          .execute();
        for (const legalCase of five)
          await database.db
            .insertInto('legal_case_party')
            .values({
              legal_case_id: legalCase.id,
              ref: 'A2',
              role: 'accused',
              person_id: recruiter ?? '',
            })
            .onConflict((conflict) => conflict.doNothing())
            .execute();
      }
      // Vacuum sets the visibility map, so the postings index is read index-only, as it is in a
      // database that autovacuum keeps.
      await sql`vacuum analyze`.execute(database.db);
    };

    const percentile = (values: number[], share: number) => {
      const sorted = [...values].sort((left, right) => left - right);
      return sorted[Math.min(sorted.length - 1, Math.floor(share * sorted.length))] ?? 0;
    };

    if (reuse) {
      const [party] = await database.db
        .selectFrom('legal_case_party')
        .select('person_id')
        .where('ref', '=', 'A2')
        .limit(1)
        .execute();
      recruiter = party?.person_id ?? undefined;
    }
    const keptPersons = reuse
      ? ((
          await sql<{ persons: number }>`select count(*)::int as persons from person`.execute(
            database.db,
          )
        ).rows[0]?.persons ?? 0)
      : 0;
    // A kept database's persons are uniform over the name pairs, as the load draws them.
    const aPersonsName = () =>
      combos[
        reuse
          ? Math.floor(random() * combos.length)
          : (personCombos[Math.floor(random() * personCombos.length)] ?? 0)
      ] ?? '';
    for (const size of reuse ? [keptPersons] : sizes) {
      const started = performance.now();
      if (!reuse) await load(size);
      const loadSeconds = (performance.now() - started) / 1000;
      // Each variant is searched twice, in alternating order, on the same data: with the search as
      // it is and as it was before issue 11's cut of its CPU (rank-similar-before.ts),
      // so the two figures share the machine's load; their answers are compared too.
      const searches: number[] = [];
      const before: number[] = [];
      let answersDiffer = 0;
      const statements: { variant: string; statements: Statement[] }[] = [];
      for (let query = 0; query < 200; query += 1) {
        const name = aPersonsName();
        const variant = spellingVariant(random, name);
        const hashes = queryIndexHashes(vault, organisationId, {
          legalName: variant,
          aliases: [],
          phones: [],
          limit: 10,
        });
        const answers: string[] = [];
        const runs = [
          { search: rankSimilar, into: searches },
          { search: rankSimilarBefore, into: before },
        ];
        for (const run of query % 2 === 0 ? runs : runs.reverse()) {
          if (run.into === searches) captured = [];
          const at = performance.now();
          const found = await run.search(database.db, actor, 'organisation', hashes, 10);
          run.into.push(performance.now() - at);
          answers.push(JSON.stringify(found));
          if (captured) statements[query] = { variant, statements: captured };
          captured = undefined;
        }
        if (answers[0] !== answers[1]) answersDiffer += 1;
      }
      const searchLoad = loadavg()[0] ?? 0;
      if (explain) await explainSlowest(target.toString(), searches, statements);
      const networks: number[] = [];
      for (let query = 0; query < 50; query += 1) {
        const at = performance.now();
        const rows = await networkRows(database.db, actor, 'organisation', { personId: recruiter });
        buildNetwork({
          cases: rows.caseRows.map((row) => ({ id: row.id, label: row.id })),
          parties: rows.parties.map((party) => ({
            caseId: party.legal_case_id,
            personId: party.person_id,
            pseudonym: party.pseudonym,
            role: party.role,
          })),
          rescues: [],
          accusedTokens: rows.tokens,
          confirmed: [],
          suggestAt: 0.8,
        });
        networks.push(performance.now() - at);
      }
      process.stdout.write(
        `${size.toLocaleString('en-IN')} persons (loaded in ${loadSeconds.toFixed(0)} s): ` +
          `similar-person search p50 ${percentile(searches, 0.5).toFixed(1)} ms, p95 ${percentile(searches, 0.95).toFixed(1)} ms (aim ≤ 50; ` +
          `before p50 ${percentile(before, 0.5).toFixed(1)} ms, p95 ${percentile(before, 0.95).toFixed(1)} ms; ` +
          `answers differ in ${answersDiffer} of 200); ` +
          `network of one accused p50 ${percentile(networks, 0.5).toFixed(1)} ms, p95 ${percentile(networks, 0.95).toFixed(1)} ms (aim ≤ 200); ` +
          `load average ${searchLoad.toFixed(1)} after the searches\n`,
      );
    }
  } finally {
    await database.close();
    if (process.env.DAWN_BENCH_KEEP === '1') {
      process.stdout.write(`kept database ${databaseName}\n`);
    } else {
      const cleanup = new pg.Client({ connectionString: adminUrl });
      await cleanup.connect();
      await cleanup.query(`drop database if exists ${databaseName} with (force)`);
      await cleanup.end();
    }
  }
}

await main();
