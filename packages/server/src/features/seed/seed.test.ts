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
    expect(first).toMatchObject({ seeded: true, organisations: 9, users: ROLES.length });
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
    expect(result).toEqual({ organisations: 25, officials: 1_234 });
    expect(progress.at(-1)).toEqual({ done: 1_234, total: 1_234 });
    expect(progress.length).toBeGreaterThan(2);
    const count = await database.db
      .selectFrom('official')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .where('name', 'like', 'Scale Official %')
      .executeTakeFirstOrThrow();
    expect(Number(count.n)).toBe(1_234);
  });
});
