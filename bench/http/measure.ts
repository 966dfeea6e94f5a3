/**
 * How the HTTP bench measures a run besides req/s: the process's CPU time, a CPU profile of
 * Dawn's server, and how often each named statement got a generic plan.
 */
import { writeFile } from 'node:fs/promises';
import { Session } from 'node:inspector/promises';
import type { Kysely } from 'kysely';
import type { DatabaseSchema } from '../../packages/server/src/platform/db/schema.ts';

/**
 * The process's CPU time (user and system, all threads: the load generator's worker included, the
 * same for Dawn and the reference) while `work` runs, pushed onto `into` in milliseconds. Less
 * swayed by the other engineers' load than req/s: compare Dawn's with the reference's.
 */
export async function cpuTimed<T>(into: number[], work: () => Promise<T>): Promise<T> {
  const started = process.cpuUsage();
  const result = await work();
  const used = process.cpuUsage(started);
  into.push((used.user + used.system) / 1000);
  return result;
}
export const cpuPerRequest = (cpu: number[], runs: { requests: number }[]) =>
  (
    cpu.reduce((sum, value) => sum + value, 0) / runs.reduce((sum, run) => sum + run.requests, 0)
  ).toFixed(2);

export const slug = (label: string) => label.replaceAll(/[^a-z0-9]+/gi, '-').replace(/-$/, '');

/** Profiles this process's main thread (Dawn's server) until `stop` writes the profile. */
export async function startProfile(): Promise<{ stop(file: string): Promise<void> }> {
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.setSamplingInterval', { interval: 200 });
  await session.post('Profiler.start');
  return {
    async stop(file) {
      const { profile } = await session.post('Profiler.stop');
      await writeFile(file, JSON.stringify(profile));
      session.disconnect();
    },
  };
}

/**
 * DAWN_BENCH_PLANS=1 (PostgreSQL): how often each named statement ran on a generic plan and on a
 * custom one, summed over the pool's connections (pg_prepared_statements is per session). A named
 * statement that never gets a generic plan is planned again on every request.
 */
export async function printPlans(db: Kysely<DatabaseSchema>): Promise<void> {
  const { postgresPoolOf } = await import('../../packages/server/src/platform/db/database.ts');
  const pool = postgresPoolOf(db);
  if (!pool) return;
  // Every connection of the pool at once, so each session is read once.
  const clients = await Promise.all(Array.from({ length: pool.totalCount }, () => pool.connect()));
  const byName = new Map<string, { generic: number; custom: number; text: string }>();
  try {
    for (const client of clients) {
      const { rows } = await client.query<{
        name: string;
        statement: string;
        generic_plans: string;
        custom_plans: string;
      }>('select name, statement, generic_plans, custom_plans from pg_prepared_statements');
      for (const row of rows) {
        const known = byName.get(row.name) ?? { generic: 0, custom: 0, text: row.statement };
        known.generic += Number(row.generic_plans);
        known.custom += Number(row.custom_plans);
        byName.set(row.name, known);
      }
    }
  } finally {
    for (const client of clients) client.release();
  }
  console.log(`named statements on ${clients.length} connections: generic plans, custom plans`);
  for (const [name, { generic, custom, text }] of [...byName].sort(
    (a, b) => b[1].custom - a[1].custom,
  ))
    console.log(
      `  ${name.padEnd(16)} ${String(generic).padStart(7)} ${String(custom).padStart(7)}  ${text
        .replace(/\s+/g, ' ')
        .trim()
        .slice(0, 110)}`,
    );
  // The whole text of those planned anew every time (DAWN_BENCH_PLANS=full), to EXPLAIN them.
  if (process.env.DAWN_BENCH_PLANS === 'full')
    for (const [name, { generic, text }] of byName)
      if (generic === 0) console.log(`-- ${name}\n${text}\n`);
}
