import type { Kysely } from 'kysely';
import type { DatabaseSchema, OrganisationKind } from '../../platform/db/schema.ts';
import { seedScaleCareCases } from './scale-care-cases.ts';

/**
 * Synthetic bulk data for benchmarks: `count` officials spread over organisations of every kind,
 * 50 to an organisation. Names are generated ("Scale Official 000123") and can never be mistaken
 * for people. With `careCases`, that many synthetic care cases too (scale-care-cases.ts).
 */
const KINDS: OrganisationKind[] = [
  'police_station',
  'ahtu',
  'court',
  'cwc',
  'shelter_home',
  'dlsa',
  'ngo',
];
const PER_ORGANISATION = 50;
const BATCH = 500;

export interface ScaleProgress {
  done: number;
  total: number;
}

export async function seedScale(
  db: Kysely<DatabaseSchema>,
  count: number,
  onProgress: (progress: ScaleProgress) => void = () => undefined,
  options: { careCases?: number } = {},
): Promise<{ organisations: number; officials: number; careCases: number }> {
  const runId = Date.now().toString(36);
  const organisationCount = Math.ceil(count / PER_ORGANISATION);
  const organisationIds: string[] = [];
  for (let start = 0; start < organisationCount; start += BATCH) {
    const rows = await db
      .insertInto('organisation')
      .values(
        Array.from({ length: Math.min(BATCH, organisationCount - start) }, (_unused, offset) => {
          const index = start + offset;
          return {
            name: `Scale Organisation ${runId}-${String(index).padStart(6, '0')}`,
            kind: KINDS[index % KINDS.length] ?? 'ngo',
            district: `Scale District ${index % 23}`,
            state: 'West Bengal',
            country: 'IN',
          };
        }),
      )
      .returning('id')
      .execute();
    organisationIds.push(...rows.map((row) => row.id));
  }
  onProgress({ done: 0, total: count });
  for (let start = 0; start < count; start += BATCH) {
    const size = Math.min(BATCH, count - start);
    await db
      .insertInto('official')
      .values(
        Array.from({ length: size }, (_unused, offset) => {
          const index = start + offset;
          return {
            name: `Scale Official ${String(index).padStart(6, '0')}`,
            designation: 'Synthetic official',
            organisation_id: organisationIds[Math.floor(index / PER_ORGANISATION)] ?? '',
          };
        }),
      )
      .execute();
    onProgress({ done: start + size, total: count });
  }
  const careCases = options.careCases ?? 0;
  if (careCases > 0) {
    const ngoIds = organisationIds.filter((_id, index) => KINDS[index % KINDS.length] === 'ngo');
    const shelterIds = organisationIds.filter(
      (_id, index) => KINDS[index % KINDS.length] === 'shelter_home',
    );
    onProgress({ done: 0, total: careCases });
    await seedScaleCareCases(
      db,
      {
        count: careCases,
        organisationIds: ngoIds.length > 0 ? ngoIds : organisationIds,
        shelterIds,
        runId,
      },
      (done) => onProgress({ done, total: careCases }),
    );
  }
  return { organisations: organisationCount, officials: count, careCases };
}
