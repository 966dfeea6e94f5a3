import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createTestDatabase,
  testDatabaseKind,
  type TestDatabase,
} from '../../../test/test-database.ts';
import { preparedSelect } from './prepared-select.ts';

// Issue 11: hot reads built once per shape must answer what building them each time answers.
describe(`a SELECT built once per shape (${testDatabaseKind()})`, () => {
  let database: TestDatabase;
  const ids: Record<string, string> = {};
  beforeAll(async () => {
    database = await createTestDatabase();
    for (const [name, district] of [
      ['Parul Trust', 'North'],
      ['Keya Home', 'North'],
      ['Tithi Centre', 'South'],
    ] as const) {
      const row = await database.db
        .insertInto('organisation')
        .values({ name, kind: 'ngo', district, state: 'West Bengal', country: 'IN' })
        .returning('id')
        .executeTakeFirstOrThrow();
      ids[name] = row.id;
    }
  });
  afterAll(() => database.close());

  const byDistrict = preparedSelect(
    (db, values: { district: string; limit: number; exceptId: string }, shape) => {
      let query = db
        .selectFrom('organisation')
        .select(['organisation.id', 'organisation.name'])
        .where('organisation.district', '=', values.district)
        .where('organisation.kind', '=', 'ngo');
      if (shape === 'except') query = query.where('organisation.id', '!=', values.exceptId);
      return query.orderBy('organisation.name').limit(values.limit);
    },
  );

  it('answers each call with its own values, in each shape', async () => {
    const north = await byDistrict.execute(database.db, 'all', {
      district: 'North',
      limit: 10,
      exceptId: '',
    });
    expect(north.map((row) => row.name)).toEqual(['Keya Home', 'Parul Trust']);
    const south = await byDistrict.execute(database.db, 'all', {
      district: 'South',
      limit: 10,
      exceptId: '',
    });
    expect(south.map((row) => row.name)).toEqual(['Tithi Centre']);
    const firstNorth = await byDistrict.execute(database.db, 'all', {
      district: 'North',
      limit: 1,
      exceptId: '',
    });
    expect(firstNorth.map((row) => row.name)).toEqual(['Keya Home']);
    const northButKeya = await byDistrict.execute(database.db, 'except', {
      district: 'North',
      limit: 10,
      exceptId: ids['Keya Home'] ?? '',
    });
    expect(northButKeya.map((row) => row.name)).toEqual(['Parul Trust']);
  });

  it('runs inside a transaction and sees its uncommitted rows', async () => {
    await database.db
      .transaction()
      .execute(async (trx) => {
        await trx
          .insertInto('organisation')
          .values({
            name: 'Shirin Shelter',
            kind: 'ngo',
            district: 'East',
            state: 'West Bengal',
            country: 'IN',
          })
          .execute();
        const east = await byDistrict.execute(trx, 'all', {
          district: 'East',
          limit: 10,
          exceptId: '',
        });
        expect(east.map((row) => row.name)).toEqual(['Shirin Shelter']);
        throw new Error('roll back');
      })
      .catch(() => undefined);
    const east = await byDistrict.execute(database.db, 'all', {
      district: 'East',
      limit: 10,
      exceptId: '',
    });
    expect(east).toEqual([]);
  });

  it('takes a raw select with its values, and refuses a raw write', async () => {
    const named = preparedSelect(
      (_db, values: { names: string[] }) =>
        sql<{ name: string }>`select name from organisation
          where name = any(${values.names}::text[]) order by name`,
    );
    const found = await named.execute(database.db, 'one', { names: ['Tithi Centre', 'Keya Home'] });
    expect(found.map((row) => row.name)).toEqual(['Keya Home', 'Tithi Centre']);
    const again = await named.execute(database.db, 'one', { names: ['Parul Trust'] });
    expect(again.map((row) => row.name)).toEqual(['Parul Trust']);
    const rawWrite = preparedSelect(
      (_db, values: { name: string }) =>
        sql`delete from organisation where name = ${values.name} returning id`,
    );
    await expect(rawWrite.execute(database.db, 'one', { name: 'Parul Trust' })).rejects.toThrow(
      /must be a SELECT/,
    );
  });

  it('refuses a parameter the builder changed, and anything but a SELECT', async () => {
    const changed = preparedSelect((db, values: { name: string }) =>
      db
        .selectFrom('organisation')
        .select('organisation.id')
        .where('organisation.name', 'like', `%${values.name}%`),
    );
    await expect(changed.execute(database.db, 'one', { name: 'Parul' })).rejects.toThrow(
      /changed one of its parameters/,
    );
    const inlined = preparedSelect((db, values: { name: string }) =>
      db.selectFrom('organisation').select(sql.lit(values.name).as('name')),
    );
    await expect(inlined.execute(database.db, 'one', { name: 'Parul' })).rejects.toThrow(
      /into its SQL text/,
    );
    const write = preparedSelect((db, values: { name: string }) =>
      db.deleteFrom('organisation').where('organisation.name', '=', values.name),
    );
    await expect(write.execute(database.db, 'one', { name: 'Parul Trust' })).rejects.toThrow(
      /must be a SELECT/,
    );
    const left = await database.db
      .selectFrom('organisation')
      .select('name')
      .where('name', '=', 'Parul Trust')
      .execute();
    expect(left).toHaveLength(1);
  });
});
