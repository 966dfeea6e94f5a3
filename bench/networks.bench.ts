/**
 * Networks benchmark (issue 17, docs/networks.md): on PostgreSQL, loads persons with
 * blind-indexed identities (per-organisation keys, truncated hashes) and legal cases with a victim
 * and an accused each, one recruiter party to five cases, then prints p50 and p95 of
 * similar-person search (the ranking the re-trafficking alert runs) and of the network of one
 * accused, at each size asked for, growing the same database.
 *
 *   DAWN_BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres npx tsx bench/networks.bench.ts
 *   DAWN_BENCH_SIZES=100000,1000000 …   # persons at each step (default 10,000 and 100,000)
 *
 * Bounded: a fixed number of queries per size; a database is created for the run and dropped.
 * Names are generated from lists of common names: they describe no one.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { ROLE_GRANTS, buildNetwork } from '@dawn/core';
import { sql } from 'kysely';
import pg from 'pg';

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
  const { FAMILY_NAMES, GIVEN_NAMES, pick, seededRandom, spellingVariant } =
    await import('../packages/core/src/identity/name-variants.test-support.ts');
  const { migrateToLatest, openDatabase } =
    await import('../packages/server/src/platform/db/database.ts');
  const { parseEnvironmentKeys } =
    await import('../packages/server/src/platform/vault/key-ring.ts');
  const { Vault } = await import('../packages/server/src/platform/vault/vault.ts');
  const { identityIndexRows, queryIndexHashes, rankSimilar } =
    await import('../packages/server/src/features/persons/person-matching.ts');
  const { networkRows } =
    await import('../packages/server/src/features/networks/network.repository.ts');
  const { anOrganisation, aUser } = await import('../packages/server/test/fixtures.ts');
  const { loadConfig } = await import('../packages/server/src/platform/config.ts');

  const databaseName = `dawn_bench_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`create database ${databaseName}`);
  await admin.end();
  const target = new URL(adminUrl);
  target.pathname = `/${databaseName}`;
  const database = await openDatabase({ kind: 'postgres', url: target.toString(), poolSize: 4 });
  try {
    await migrateToLatest(database.db);
    const vault = await Vault.open(
      database.db,
      parseEnvironmentKeys(`bench:${randomBytes(32).toString('base64')}`),
    );
    const deps = { db: database.db, config: loadConfig({}), vault };
    const organisationId = await anOrganisation(deps, 'Bench Programme Trust');
    const manager = await aUser(deps, { roles: ['program_manager'], organisationId });
    const actor = {
      userId: manager.id,
      organisationId,
      roles: ['program_manager' as const],
      grants: ROLE_GRANTS.program_manager,
      via: 'session' as const,
    };
    const random = seededRandom(20261204);
    const names: string[] = [];
    const personIds: string[] = [];
    let recruiter: string | undefined;

    const load = async (until: number) => {
      const batch = 5_000;
      while (personIds.length < until) {
        const ids: string[] = [];
        const tokenIds: string[] = [];
        const kinds: string[] = [];
        const hashes: string[] = [];
        for (let offset = 0; offset < Math.min(batch, until - personIds.length); offset += 1) {
          const id = randomUUID();
          const name = `${pick(random, GIVEN_NAMES)} ${pick(random, FAMILY_NAMES)}`;
          ids.push(id);
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
        personIds.push(...ids);
        await sql`insert into person (id, pseudonym, organisation_id, sex, age_band)
            select id, 'Bench-' || id::text, ${organisationId}, 'female', '15-17'
            from unnest(${ids}::uuid[]) as id`.execute(database.db);
        await sql`insert into identity_index (person_id, kind, token_hash)
            select * from unnest(${tokenIds}::uuid[], ${kinds}::text[], ${hashes}::text[])`.execute(
          database.db,
        );
        // A legal case for every 20 persons: the first of each 20 accused, the second the victim.
        const cases = ids.filter((_, index) => index % 20 === 0);
        await sql`with made as (
            insert into legal_case (organisation_id)
            select ${organisationId} from unnest(${cases}::uuid[]) returning id
          ), numbered as (select id, row_number() over () as n from made),
          parties as (select id as accused, row_number() over () as n from unnest(${cases}::uuid[]) as id)
          insert into legal_case_party (legal_case_id, ref, role, person_id)
          select numbered.id, 'A1', 'accused', parties.accused
          from numbered join parties using (n)`.execute(database.db);
      }
      if (!recruiter) {
        recruiter = personIds[0];
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
      await sql`analyze`.execute(database.db);
    };

    const percentile = (values: number[], share: number) => {
      const sorted = [...values].sort((left, right) => left - right);
      return sorted[Math.min(sorted.length - 1, Math.floor(share * sorted.length))] ?? 0;
    };

    for (const size of sizes) {
      const started = performance.now();
      await load(size);
      const loadSeconds = (performance.now() - started) / 1000;
      const searches: number[] = [];
      for (let query = 0; query < 200; query += 1) {
        const name = names[Math.floor(random() * names.length)] ?? '';
        const hashes = queryIndexHashes(vault, organisationId, {
          legalName: spellingVariant(random, name),
          aliases: [],
          phones: [],
          limit: 10,
        });
        const at = performance.now();
        await rankSimilar(database.db, actor, 'organisation', hashes, 10);
        searches.push(performance.now() - at);
      }
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
          `similar-person search p50 ${percentile(searches, 0.5).toFixed(1)} ms, p95 ${percentile(searches, 0.95).toFixed(1)} ms (aim ≤ 50); ` +
          `network of one accused p50 ${percentile(networks, 0.5).toFixed(1)} ms, p95 ${percentile(networks, 0.95).toFixed(1)} ms (aim ≤ 200)\n`,
      );
    }
  } finally {
    await database.close();
    const cleanup = new pg.Client({ connectionString: adminUrl });
    await cleanup.connect();
    await cleanup.query(`drop database if exists ${databaseName} with (force)`);
    await cleanup.end();
  }
}

await main();
