import type { Kysely } from 'kysely';
import type { DatabaseSchema, OrganisationKind } from '../../platform/db/schema.ts';
import { seedScaleCareCases } from './scale-care-cases.ts';
import { seedScaleLegalCases, type ScaleLegalCaseInput } from './scale-legal-cases.ts';

/**
 * Synthetic bulk data for benchmarks: `count` officials spread over organisations of every kind,
 * 50 to an organisation. Names are generated ("Scale Official 000123") and can never be mistaken
 * for people. With `careCases`, that many synthetic care cases too (scale-care-cases.ts); with
 * `legalCases`, that many legal cases with their deadlines (scale-legal-cases.ts).
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

/** Legal cases to add, and what their deadlines are computed with. */
export type ScaleLegalCases = { count: number } & Pick<ScaleLegalCaseInput, 'config' | 'vault'>;

export async function seedScale(
  db: Kysely<DatabaseSchema>,
  count: number,
  onProgress: (progress: ScaleProgress) => void = () => undefined,
  options: { careCases?: number; legalCases?: ScaleLegalCases } = {},
): Promise<{ organisations: number; officials: number; careCases: number; legalCases: number }> {
  const runId = Date.now().toString(36);
  const organisationCount = Math.ceil(count / PER_ORGANISATION);
  const organisations: { id: string; name: string; kind: OrganisationKind }[] = [];
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
      .returning(['id', 'name', 'kind'])
      .execute();
    organisations.push(...rows);
  }
  const organisationIds = organisations.map((organisation) => organisation.id);
  const ofKind = (kind: OrganisationKind) =>
    organisations.filter((organisation) => organisation.kind === kind);
  const idsOfKind = (kind: OrganisationKind) => ofKind(kind).map((organisation) => organisation.id);
  // Cases are followed by the run's NGOs, or by any of its organisations when it has none.
  const ngoIds = idsOfKind('ngo');
  const followers = ngoIds.length > 0 ? ngoIds : organisationIds;
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
    onProgress({ done: 0, total: careCases });
    await seedScaleCareCases(
      db,
      {
        count: careCases,
        organisationIds: followers,
        shelterIds: idsOfKind('shelter_home'),
        runId,
      },
      (done) => onProgress({ done, total: careCases }),
    );
  }
  const legalCases = options.legalCases?.count ?? 0;
  if (options.legalCases && legalCases > 0) {
    onProgress({ done: 0, total: legalCases });
    await seedScaleLegalCases(
      db,
      {
        count: legalCases,
        runId,
        organisationIds: followers,
        // The first organisation of a run is always a police station.
        stations: ofKind('police_station'),
        courtIds: idsOfKind('court'),
        careCases,
        config: options.legalCases.config,
        vault: options.legalCases.vault,
      },
      (done) => onProgress({ done, total: legalCases }),
    );
  }
  return { organisations: organisationCount, officials: count, careCases, legalCases };
}
