import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ctdcRowQuasiIdentifiers, keyOf, smallestClass } from '@dawn/core';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dawnInProcess } from './dawn-in-process.ts';
import { runDawn } from './dawn-process.ts';
import {
  createTestDatabase,
  startFromMigratedTemplate,
  testDatabaseKind,
  type TestDatabase,
} from './test-database.ts';

/**
 * An analyst at the terminal: `dawn export` on the demo installation (issue 16). The installation
 * is seeded by a real `dawn` process; the exports run the same program in this process on one
 * open database (dawn-in-process.ts), since a process each cost seconds of CPU.
 */
describe(`dawn export (${testDatabaseKind()})`, () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'dawn-export-cli-'));
  const outDir = fs.mkdtempSync(path.join(os.tmpdir(), 'dawn-export-out-'));
  let env: Record<string, string>;
  let database: TestDatabase | undefined;
  const dawn = dawnInProcess();

  beforeAll(async () => {
    env = { DAWN_DATA_DIR: dataDir };
    if (testDatabaseKind() === 'postgres') {
      database = await createTestDatabase({ migrate: false });
      env.DATABASE_URL = database.url ?? '';
    } else {
      await startFromMigratedTemplate(dataDir);
    }
    const seeded = await runDawn(['seed', '--demo'], env, 240_000);
    expect(seeded.code, seeded.stderr).toBe(0);
    await dawn.open(env);
    // A real `dawn seed --demo` on PGlite: past a minute on a loaded shared machine.
  }, 240_000);
  afterAll(async () => {
    await dawn.close();
    await database?.close();
    for (const sibling of [dataDir, `${dataDir}-keys`, `${dataDir}-audit-checkpoint.json`, outDir])
      fs.rmSync(sibling, { recursive: true, force: true });
  });

  it('writes the HTCDS file and says how many rows', async () => {
    const out = path.join(outDir, 'htcds.csv');
    const result = await dawn.run(['export', 'htcds', '--out', out]);
    expect(result.code, result.stderr).toBe(0);
    const rows = parse<Record<string, string>>(fs.readFileSync(out, 'utf8'), { columns: true });
    expect(result.stdout).toContain(`Wrote ${rows.length} rows to ${out} (htcds, csv).`);
    expect(fs.existsSync(`${out}.partial`)).toBe(false);
  });

  it('records one organisation’s export in that organisation’s trail, for its auditor', async () => {
    const organisation = await dawn.database.db
      .selectFrom('organisation')
      .select('id')
      .where('name', '=', 'Demo Aalo Foundation (fictional NGO)')
      .executeTakeFirstOrThrow();
    const out = path.join(outDir, 'htcds-aalo.csv');
    const result = await dawn.run(['export', 'htcds', '--org', organisation.id, '--out', out]);
    expect(result.code, result.stderr).toBe(0);
    const entry = await dawn.database.db
      .selectFrom('audit_event')
      .select(['actor_user_id', 'actor_organisation_id'])
      .where('action', '=', 'data.exported')
      .orderBy('id', 'desc')
      .executeTakeFirstOrThrow();
    expect(entry).toEqual({ actor_user_id: null, actor_organisation_id: organisation.id });
  });

  it('writes a CTDC file whose every combination occurs at least 11 times, with its summary', async () => {
    const out = path.join(outDir, 'ctdc.csv');
    const result = await dawn.run(['export', 'ctdc', '--out', out]);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toMatch(
      /k = 11: \d+ case-persons read, \d+ records and \d+ cells suppressed/,
    );
    expect(result.stdout).toContain('Equivalence classes (size × how many):');
    const rows = parse<Record<string, string>>(fs.readFileSync(out, 'utf8'), { columns: true });
    const histogram = new Map<string, number>();
    for (const row of rows) {
      const key = keyOf(ctdcRowQuasiIdentifiers(row));
      histogram.set(key, (histogram.get(key) ?? 0) + 1);
    }
    expect(smallestClass(histogram) ?? 11).toBeGreaterThanOrEqual(11);
  });

  it('refuses k below 11 and a bad dataset in one line, writing nothing', async () => {
    const out = path.join(outDir, 'refused.csv');
    const small = await dawn.run(['export', 'ctdc', '--out', out, '--k', '5']);
    expect(small.code).toBe(1);
    expect(small.stderr).toContain('--k: must be at least 11 for a published file');
    const unknown = await dawn.run(['export', 'names', '--out', out]);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain('<dataset>:');
    expect(fs.existsSync(out)).toBe(false);
  });
});
