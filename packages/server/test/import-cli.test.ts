import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoEmail } from '../src/features/seed/demo-seed.ts';
import { dawnInProcess } from './dawn-in-process.ts';
import { runDawn } from './dawn-process.ts';
import {
  createTestDatabase,
  startFromMigratedTemplate,
  testDatabaseKind,
  type TestDatabase,
} from './test-database.ts';

/**
 * Issue 16, `dawn import`: an operator checks a Bengali-headed CSV register with --dry-run (each
 * bad cell named on its row), imports it as the demo programme manager, and runs it again:
 * nothing is created twice. The installation is seeded by a real `dawn` process; the imports run
 * the same program in this process on one open database (dawn-in-process.ts), since a process
 * each cost seconds of CPU.
 */
describe(`dawn import (${testDatabaseKind()})`, () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'dawn-import-'));
  const file = path.join(dataDir, 'register.csv');
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
    expect((await runDawn(['seed', '--demo'], env, 240_000)).code).toBe(0);
    fs.writeFileSync(
      file,
      [
        'আইডি,নাম,লিঙ্গ,জন্ম তারিখ,মোবাইল',
        'R-1,Kabadala Tamasapo,মহিলা,12/05/2009,+91 70000 91001',
        'R-2,Lamanara Pabatoko,female,31/02/2011,+91 70000 91002',
        'R-3,,male,2001-01-01,',
        'R-4,Rasatama Gabadako,পুরুষ,40603,+91 70000 91004',
      ].join('\n'),
    );
    await dawn.open(env);
    // Seeding runs a dawn process: on PGlite, on a loaded shared machine, past a minute.
  }, 240_000);
  afterAll(async () => {
    await dawn.close();
    await database?.close();
    for (const sibling of [dataDir, `${dataDir}-keys`, `${dataDir}-audit-checkpoint.json`])
      fs.rmSync(sibling, { recursive: true, force: true });
  });

  const manager = demoEmail('program_manager');

  it('checks first, imports, a re-run creates nothing twice, and a corrected row updates its person', async () => {
    const dry = await dawn.run(['import', file, '--as', manager, '--dry-run']);
    expect(dry.code, dry.stderr).toBe(0);
    expect(dry.stdout).toContain("row 3, column 'জন্ম তারিখ': 31/02/2011 is not a date");
    expect(dry.stdout).toContain("row 4, column 'নাম': is empty; the name is required");
    expect(dry.stdout).toContain('2 to create, 0 to update, 0 unchanged, 2 cannot go in');

    const run = await dawn.run(['import', file, '--as', manager]);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toMatch(/importing 4\/4 rows \(100%\)/);
    expect(run.stdout).toContain('2 created, 0 updated, 0 unchanged, 2 did not go in');
    // The summary outlives the upload: it says where and why, not what the cell said.
    expect(run.stdout).toContain("row 3, column 'জন্ম তারিখ': is not a date");
    expect(run.stdout).not.toContain('31/02/2011');

    const again = await dawn.run(['import', file, '--as', manager]);
    expect(again.stdout).toContain('0 created, 0 updated, 2 unchanged, 2 did not go in');

    // The register is corrected (R-1 was recorded as a woman by mistake): the person changes,
    // nothing is created, and the next run has nothing left to do.
    fs.writeFileSync(
      file,
      fs
        .readFileSync(file, 'utf8')
        .replace('R-1,Kabadala Tamasapo,মহিলা', 'R-1,Kabadala Tamasapo,পুরুষ'),
    );
    const corrected = await dawn.run(['import', file, '--as', manager]);
    expect(corrected.stdout).toContain('0 created, 1 updated, 1 unchanged, 2 did not go in');
    const settled = await dawn.run(['import', file, '--as', manager]);
    expect(settled.stdout).toContain('0 created, 0 updated, 2 unchanged, 2 did not go in');
    const sexes = await dawn.database.db
      .selectFrom('import_record')
      .innerJoin('person', 'person.id', 'import_record.entity_id')
      .select(['import_record.external_id', 'person.sex'])
      .orderBy('import_record.external_id')
      .execute();
    expect(sexes).toEqual([
      { external_id: 'R-1', sex: 'male' },
      { external_id: 'R-4', sex: 'male' },
    ]);

    const stranger = await dawn.run(['import', file, '--as', 'nobody@test.dawn.example']);
    expect(stranger.code).toBe(1);
    expect(stranger.stderr).toContain('no active user has the e-mail address');
  });

  it('checks a Hindi-headed register of legal cases with --kind legal_cases, each bad cell on its row', async () => {
    const register = path.join(dataDir, 'legal-cases.csv');
    fs.writeFileSync(
      register,
      [
        'मामला संख्या,एफआईआर संख्या,एफआईआर की तिथि,थाना,धारा,पीड़िता आईडी,आरोपी',
        'LC-1,17,10/01/2024,Test Nowhere PS,BNS 143(4),R-1,Test Accused Imaginary',
        'LC-2,18,10/01/2024,Test Nowhere PS,XYZ:12,R-1,Test Accused Invented',
      ].join('\n'),
    );
    const dry = await dawn.run([
      'import',
      register,
      '--as',
      manager,
      '--kind',
      'legal_cases',
      '--dry-run',
    ]);
    expect(dry.code, dry.stderr).toBe(0);
    expect(dry.stdout).toContain(
      "row 2, column 'थाना': Test Nowhere PS is not the name of a police station in Dawn",
    );
    expect(dry.stdout).toContain("row 3, column 'धारा': XYZ:12 is not an offence Dawn knows");
    expect(dry.stdout).toContain('0 to create, 0 to update, 0 unchanged, 2 cannot go in');
  });

  it('imports a Bengali care-case register whose rows name a survivor new to Dawn, once', async () => {
    const register = path.join(dataDir, 'care-cases.csv');
    fs.writeFileSync(
      register,
      [
        'কেস নং,সারভাইভার আইডি,নাম,লিঙ্গ,সিডব্লিউসি তারিখ',
        'CC-1,R-9,Tamapoda Lasakobo,মহিলা,05/01/2024',
        'CC-2,R-9,,,06/02/2024',
      ].join('\n'),
    );
    const args = ['import', register, '--as', manager, '--kind', 'care_cases'];
    const dry = await dawn.run([...args, '--dry-run']);
    expect(dry.code, dry.stderr).toBe(0);
    expect(dry.stdout).toContain('2 to create, 0 to update, 0 unchanged, 0 cannot go in');
    expect(dry.stdout).toContain(
      '1 person is not in Dawn yet and would be recorded with their cases',
    );
    const run = await dawn.run(args);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain('2 created, 0 updated, 0 unchanged, 0 did not go in');
    expect(run.stdout).toContain('1 person new to Dawn was recorded with their cases');
    expect(run.stdout).not.toContain('Tamapoda');
    const again = await dawn.run(args);
    expect(again.stdout).toContain('0 created, 0 updated, 2 unchanged, 0 did not go in');
    expect(again.stdout).not.toContain('new to Dawn');

    // Her third case comes from another register under another id: listed for review, then
    // answered as her, by her pseudonym.
    const later = path.join(dataDir, 'care-cases-later.csv');
    fs.writeFileSync(
      later,
      [
        'কেস নং,সারভাইভার আইডি,নাম,লিঙ্গ,সিডব্লিউসি তারিখ',
        'CC-3,R-90,Tamapoda Lasakobo,মহিলা,07/03/2024',
      ].join('\n'),
    );
    const { pseudonym } = await dawn.database.db
      .selectFrom('import_record')
      .innerJoin('person', 'person.id', 'import_record.entity_id')
      .select('person.pseudonym')
      .where('import_record.kind', '=', 'persons')
      .where('import_record.external_id', '=', 'R-9')
      .executeTakeFirstOrThrow();
    const laterArgs = ['import', later, '--as', manager, '--kind', 'care_cases'];
    const review = await dawn.run([...laterArgs, '--dry-run']);
    expect(review.stdout).toContain(`row 2: may be the same person as ${pseudonym}`);
    expect(review.stdout).toContain('--answer ROW=same:PSEUDONYM');
    const wrong = await dawn.run([...laterArgs, '--answer', '2=maybe']);
    expect(wrong.code).toBe(1);
    expect(wrong.stderr).toContain('--answer: write ROW=new (someone else) or ROW=same:PSEUDONYM');
    const answered = await dawn.run([...laterArgs, '--answer', `2=same:${pseudonym}`]);
    expect(answered.code, answered.stderr).toBe(0);
    expect(answered.stdout).toContain('1 created, 0 updated, 0 unchanged, 0 did not go in');
    expect(answered.stdout).toContain('1 row was linked to a person already in Dawn, as answered');
    const survivors = await dawn.database.db
      .selectFrom('care_case')
      .innerJoin('import_record', 'import_record.entity_id', 'care_case.id')
      .select('care_case.person_id')
      .where('import_record.external_id', 'in', ['CC-1', 'CC-3'])
      .execute();
    expect(new Set(survivors.map((row) => row.person_id)).size).toBe(1);
  });
});
