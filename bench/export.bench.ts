/**
 * Export benchmark (issue 16, docs/exports.md): writes the HTCDS 2.0 CSV of 1,000,000
 * case-persons on PostgreSQL and prints rows per second (aim ≥ 50,000) and the process's peak
 * resident memory while exporting (aim < 256 MB): the export streams in keyset batches, so memory
 * must not grow with the rows.
 *
 *   DAWN_BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres npx tsx bench/export.bench.ts
 *   DAWN_BENCH_ROWS=100000 …                       # fewer rows
 *   DAWN_BENCH_PATHS=rows,copy,rows,copy …         # which ways, in which order (default copy,rows)
 *
 * A database is created for the run and dropped after it; the case-persons are generated in SQL
 * (pseudonyms "Bench Person N": nobody). The file goes to a temporary directory, removed after.
 * Bounded by DAWN_BENCH_ROWS.
 */
import { mkdtemp, rm, stat } from 'node:fs/promises';
import os, { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import pg from 'pg';
import {
  exportRequestSchema,
  writeExportFile,
} from '../packages/server/src/features/exports/export.service.ts';
import { migrateToLatest, openDatabase } from '../packages/server/src/platform/db/database.ts';

const ROWS = Number(process.env.DAWN_BENCH_ROWS ?? 1_000_000);
const baseUrl = process.env.DAWN_BENCH_DATABASE_URL;
if (!baseUrl) {
  process.stderr.write('set DAWN_BENCH_DATABASE_URL to a PostgreSQL server\n');
  process.exit(1);
}

const name = `dawn_export_bench_${process.pid}`;
const admin = new pg.Client({ connectionString: baseUrl });
await admin.connect();
await admin.query(`create database ${name}`);
const url = new URL(baseUrl);
url.pathname = `/${name}`;
const directory = await mkdtemp(join(tmpdir(), 'dawn-export-bench-'));
const database = await openDatabase({ kind: 'postgres', url: url.toString() });
try {
  await migrateToLatest(database.db);
  const loadStarted = performance.now();
  const organisation = await database.db
    .insertInto('organisation')
    .values({
      name: 'Bench Organisation',
      kind: 'ngo',
      district: 'Bench',
      state: 'West Bengal',
      country: 'IN',
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await sql`
    insert into person (pseudonym, organisation_id, sex, age_band, origin_country, languages)
    select 'Bench Person ' || i, ${organisation.id},
      (array['female','male','transgender','unknown'])[1 + i % 4],
      (array['0-11','12-14','15-17','18-24','25-34','35+'])[1 + i % 6],
      (array['IN','BD','NP'])[1 + i % 3], '{}'
    from generate_series(1, ${ROWS}) i`.execute(database.db);
  await sql`
    insert into care_case (code, organisation_id, person_id, opened_at)
    select 'BC-' || row_number() over (), organisation_id, id,
      timestamptz '2020-01-01' + (random() * interval '1800 days')
    from person`.execute(database.db);
  await sql`
    insert into care_case_event (case_id, type, occurred_at, data)
    select id, 'rescue.identified', opened_at, jsonb_build_object(
      'rescuedBy', 'police',
      'traffickingStatus', 'ActualVictimOfTrafficking',
      'traffickingStatusDecidedBy', 'Police',
      'methodsOfControl', jsonb_build_array('DebtBondage', 'FalsePromises'),
      'typeOfExploitation', jsonb_build_array((array['SexualExploitation','ForcedLabour','ForcedBegging'])[1 + (hashtext(id::text) & 1)]),
      'locationOfExploitation', jsonb_build_object('district', 'Bench', 'state', 'West Bengal', 'country', 'IN'))
    from care_case`.execute(database.db);
  await sql`analyze`.execute(database.db);
  process.stdout.write(
    `loaded ${ROWS} case-persons in ${((performance.now() - loadStarted) / 1000).toFixed(1)} s\n`,
  );

  // Both ways of writing the HTCDS CSV, on the same data in the same minutes: `copy` (PostgreSQL
  // writes the CSV, the default on PostgreSQL) and `rows` (rows read through cursors and mapped
  // by the process, as on PGlite). Each run's peak RSS is the process's, so a run after another
  // may carry its heap: the first run's figure is the clean one.
  const paths = (process.env.DAWN_BENCH_PATHS ?? 'copy,rows').split(',');
  for (const path of paths) {
    if (path !== 'copy' && path !== 'rows') throw new Error(`unknown path ${path}`);
    let peakRss = process.memoryUsage().rss;
    const sampler = setInterval(() => {
      peakRss = Math.max(peakRss, process.memoryUsage().rss);
    }, 50);
    const out = join(directory, 'htcds.csv');
    const started = performance.now();
    const cpuBefore = process.cpuUsage();
    const summary = await writeExportFile(
      database.db,
      exportRequestSchema.parse({ dataset: 'htcds', format: 'csv' }),
      null,
      out,
      undefined,
      { rowPath: path === 'rows' },
    );
    const seconds = (performance.now() - started) / 1000;
    const cpu = process.cpuUsage(cpuBefore);
    const cpuSeconds = (cpu.user + cpu.system) / 1e6;
    clearInterval(sampler);
    peakRss = Math.max(peakRss, process.memoryUsage().rss);
    const rate = summary.rows / seconds;
    const megabytes = peakRss / 1024 / 1024;
    process.stdout.write(
      [
        `HTCDS CSV by ${path} at ${new Date().toISOString().slice(11, 19)} UTC: ${summary.rows} rows, ${((await stat(out)).size / 1024 / 1024).toFixed(0)} MB, in ${seconds.toFixed(1)} s (written, re-read and checked)`,
        `  rows per second: ${Math.round(rate)} (aim >= 50000: ${rate >= 50_000 ? 'met' : 'NOT met'})`,
        `  peak RSS: ${megabytes.toFixed(0)} MB (aim < 256: ${megabytes < 256 ? 'met' : 'NOT met'})`,
        // On a shared machine the wall-clock rate says more about the other processes than about
        // the export: the CPU this process used is a steadier figure (PostgreSQL's is not in it).
        `  export process CPU: ${cpuSeconds.toFixed(1)} s, ${Math.round(summary.rows / cpuSeconds)} rows per CPU-second; load average ${os.loadavg()[0]?.toFixed(1) ?? '?'}`,
      ].join('\n') + '\n',
    );
    await rm(out, { force: true });
  }
} finally {
  await database.close();
  await rm(directory, { recursive: true, force: true });
  await admin.query(`drop database if exists ${name} with (force)`);
  await admin.end();
}
