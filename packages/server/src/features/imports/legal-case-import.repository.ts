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

/** Which of these CNRs another legal case already has (the column is unique): one round trip. */
export async function existingCnrs(db: Db, cnrs: string[]): Promise<Set<string>> {
  if (cnrs.length === 0) return new Set();
  const rows = await db.selectFrom('legal_case').select('cnr').where('cnr', 'in', cnrs).execute();
  return new Set(rows.flatMap((row) => (row.cnr ? [row.cnr] : [])));
}

export interface NamedOfficial {
  id: string;
  organisationId: string;
}

/**
 * Officials of the directory by name (case and spacing at the ends ignored), as the participant
 * import finds them: one round trip per batch, every official of each name.
 */
export async function officialsNamed(
  db: Db,
  names: string[],
): Promise<Map<string, NamedOfficial[]>> {
  const lower = [...new Set(names.map((name) => name.trim().toLowerCase()))];
  if (lower.length === 0) return new Map();
  const rows = await db
    .selectFrom('official')
    .select(['id', 'organisation_id', sql<string>`lower(name)`.as('name_key')])
    .where(sql<string>`lower(name)`, 'in', lower)
    .execute();
  const found = new Map<string, NamedOfficial[]>();
  for (const row of rows)
    found.set(row.name_key, [
      ...(found.get(row.name_key) ?? []),
      { id: row.id, organisationId: row.organisation_id },
    ]);
  return found;
}
