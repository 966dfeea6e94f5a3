/**
 * What one trivial statement costs Dawn's process in CPU, through each layer between a request
 * and PostgreSQL: a pg client held, a pg pool, Kysely on a plain pg pool, and Dawn's database
 * handle (its pool wrapper of query-cancellation.ts and its two Kysely plugins), with a raw SQL
 * text and with Kysely's query builder. Rounds alternate the layers, so a loaded machine slows
 * them alike; CPU time (user + system) is read in process, per statement.
 *
 *   DAWN_BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres npx tsx bench/statements.bench.ts
 *   DAWN_BENCH_STATEMENTS_N=6000 DAWN_BENCH_ROUNDS=4 DAWN_BENCH_CONCURRENCY=16 …
 */
import { readFileSync } from 'node:fs';
import { Kysely, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import { openDatabase } from '../packages/server/src/platform/db/database.ts';

const url = process.env.DAWN_BENCH_DATABASE_URL;
if (!url) {
  process.stdout.write('Set DAWN_BENCH_DATABASE_URL to a PostgreSQL server to run this bench.\n');
  process.exit(0);
}
const statements = Number(process.env.DAWN_BENCH_STATEMENTS_N ?? 4000);
const concurrency = Number(process.env.DAWN_BENCH_CONCURRENCY ?? 1);
const rounds = Number(process.env.DAWN_BENCH_ROUNDS ?? 3);

/** CPU microseconds (user, system) a statement over `statements` statements, after a warm-up. */
async function measure(one: (index: number) => Promise<unknown>) {
  for (let index = 0; index < 300; index += 1) await one(index);
  const start = process.cpuUsage();
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < statements) await one(next++);
    }),
  );
  const used = process.cpuUsage(start);
  return { user: used.user / statements, system: used.system / statements };
}

const pool = new pg.Pool({ connectionString: url, max: 4 });
const held = await new pg.Pool({ connectionString: url, max: 1 }).connect();
const plainPool = new pg.Pool({ connectionString: url, max: 4 });
const plain = new Kysely<{ pg_class: { oid: number } }>({
  dialect: new PostgresDialect({ pool: plainPool }),
});
const dawn = await openDatabase({ kind: 'postgres', url, poolSize: 4 });
const dawnDb = dawn.db as unknown as Kysely<{ pg_class: { oid: number } }>;

const layers: [string, (index: number) => Promise<unknown>][] = [
  ['pg client held', (index) => held.query('select $1::int as x', [index])],
  ['pg pool.query', (index) => pool.query('select $1::int as x', [index])],
  ['Kysely, plain pool, sql``', (index) => sql`select ${index}::int as x`.execute(plain)],
  ["Dawn's handle, sql``", (index) => sql`select ${index}::int as x`.execute(dawn.db)],
  [
    'Kysely, plain pool, builder',
    (index) => plain.selectFrom('pg_class').select('oid').where('oid', '=', index).execute(),
  ],
  [
    "Dawn's handle, builder",
    (index) => dawnDb.selectFrom('pg_class').select('oid').where('oid', '=', index).execute(),
  ],
];
const results = new Map<string, { user: number; system: number }[]>();
for (let round = 0; round < rounds; round += 1) {
  for (const [label, one] of layers) {
    const list = results.get(label) ?? [];
    list.push(await measure(one));
    results.set(label, list);
  }
}
process.stdout.write(
  `${statements} statements a run, ${concurrency} at once, ${rounds} rounds; load average ${readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ')}\n` +
    'CPU µs a statement (user + system), each round; then the median round\n',
);
for (const [label, list] of results) {
  const totals = list.map((cpu) => cpu.user + cpu.system);
  const median = [...totals].sort((left, right) => left - right)[Math.floor(totals.length / 2)];
  const system = list.map((cpu) => cpu.system.toFixed(0)).join(' / ');
  process.stdout.write(
    `  ${label.padEnd(30)} ${totals.map((total) => total.toFixed(0)).join(' / ')}  median ${median?.toFixed(0)} (system ${system})\n`,
  );
}
held.release();
await pool.end();
await plain.destroy();
await dawn.close();
