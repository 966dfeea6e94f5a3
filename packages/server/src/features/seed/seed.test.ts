import { ROLES } from '@dawn/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createTestDatabase,
  testDatabaseKind,
  type TestDatabase,
} from '../../../test/test-database.ts';
import { DEMO_EMAIL_DOMAIN, seedDemo } from './demo-seed.ts';
import { seedScale, type ScaleProgress } from './scale-seed.ts';

describe(`seeding (${testDatabaseKind()})`, () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(async () => {
    await database.close();
  });

  it('seeds an obviously fictional demo organisation with one user per role, once', async () => {
    const first = await seedDemo(database.db);
    expect(first).toMatchObject({
      seeded: true,
      organisations: 9,
      users: ROLES.length,
      careCases: 5,
    });
    const second = await seedDemo(database.db);
    expect(second.seeded).toBe(false);

    const organisations = await database.db.selectFrom('organisation').selectAll().execute();
    expect(organisations.map((organisation) => organisation.kind).sort()).toEqual(
      [
        'ahtu',
        'court',
        'cwc',
        'dlsa',
        'ngo',
        'police_station',
        'police_station',
        'shelter_home',
        'shelter_home',
      ].sort(),
    );
    const people = [
      ...(await database.db.selectFrom('official').select('name').execute()),
      ...(await database.db.selectFrom('app_user').select('display_name as name').execute()),
      ...organisations,
    ];
    for (const person of people) expect(person.name).toMatch(/^Demo /);

    const users = await database.db.selectFrom('app_user').select(['email', 'roles']).execute();
    expect(users.flatMap((user) => user.roles).sort()).toEqual([...ROLES].sort());
    for (const user of users) expect(user.email.endsWith(`@${DEMO_EMAIL_DOMAIN}`)).toBe(true);
  });

  it('adds synthetic bulk data in batches and reports progress up to the total', async () => {
    const progress: ScaleProgress[] = [];
    const result = await seedScale(database.db, 1_234, (step) => progress.push(step));
    expect(result).toEqual({ organisations: 25, officials: 1_234, careCases: 0 });
    expect(progress.at(-1)).toEqual({ done: 1_234, total: 1_234 });
    expect(progress.length).toBeGreaterThan(2);
    const count = await database.db
      .selectFrom('official')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .where('name', 'like', 'Scale Official %')
      .executeTakeFirstOrThrow();
    expect(Number(count.n)).toBe(1_234);
  });

  it('the demo has fictional care cases in every phase, pseudonyms only, whose events derive their phase', async () => {
    const rows = await database.db
      .selectFrom('care_case')
      .innerJoin('person', 'person.id', 'care_case.person_id')
      .select(['care_case.id', 'care_case.phase', 'person.pseudonym'])
      .where('care_case.code', 'like', 'CC-%-09%')
      .execute();
    expect(new Set(rows.map((row) => row.phase))).toEqual(
      new Set(['intake', 'interim_care', 'shelter_care', 'follow_up', 'closed']),
    );
    expect(await database.db.selectFrom('person_identity').selectAll().execute()).toEqual([]);
  });

  it('adds N synthetic care cases with their events on request', async () => {
    const result = await seedScale(database.db, 100, () => undefined, { careCases: 250 });
    expect(result.careCases).toBe(250);
    const count = await database.db
      .selectFrom('care_case')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .where('code', 'like', 'CC-S%')
      .executeTakeFirstOrThrow();
    expect(Number(count.n)).toBe(250);
  });
});
