import { sql, type Kysely, type Transaction } from 'kysely';
import type { DatabaseSchema, OrganisationKind } from '../../platform/db/schema.ts';

type Db = Kysely<DatabaseSchema> | Transaction<DatabaseSchema>;

export interface NamedOrganisation {
  id: string;
  name: string;
  kind: OrganisationKind;
  district: string | null;
}

/**
 * Police stations and courts by name (any case), for a register that names them: one round trip
 * per batch. Several may share a name (a "Sadar" police station in many districts); the caller
 * picks by district.
 */
export async function organisationsOfKindsNamed(
  db: Db,
  names: string[],
  kinds: OrganisationKind[],
): Promise<Map<string, NamedOrganisation[]>> {
  const lower = [...new Set(names.map((name) => name.toLowerCase()))];
  if (lower.length === 0) return new Map();
  const rows = await db
    .selectFrom('organisation')
    .select(['id', 'name', 'kind', 'district'])
    .where(sql<string>`lower(name)`, 'in', lower)
    .where('kind', 'in', kinds)
    .orderBy('created_at')
    .execute();
  const found = new Map<string, NamedOrganisation[]>();
  for (const row of rows) {
    const key = row.name.toLowerCase();
    found.set(key, [...(found.get(key) ?? []), row]);
  }
  return found;
}

/** Which of these FIRs (police station, year, number) Dawn already holds: one round trip. */
export async function existingFirs(
  db: Db,
  firs: { stationId: string; year: number; number: string }[],
): Promise<Set<string>> {
  if (firs.length === 0) return new Set();
  const rows = await sql<{ station: string; year: number; number: string }>`
    select fir_police_station_id as station, fir_year as year, fir_number as number
    from legal_case
    where (fir_police_station_id, fir_year, fir_number) in (
      select * from unnest(${firs.map((fir) => fir.stationId)}::uuid[],
        ${firs.map((fir) => fir.year)}::int[], ${firs.map((fir) => fir.number)}::text[]))`.execute(
    db,
  );
  return new Set(rows.rows.map((row) => firKey(row.station, row.year, row.number)));
}

export const firKey = (stationId: string, year: number, number: string) =>
  `${stationId}|${String(year)}|${number}`;
