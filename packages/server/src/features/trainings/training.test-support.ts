import type { Deps } from '../../platform/deps.ts';

/** Invented officials in an invented police station and CWC, for training stories. */
export async function someOfficials(
  deps: Deps,
  count: number,
  prefix = 'Test',
): Promise<{ stationName: string; officials: { id: string; name: string }[] }> {
  const stationName = `${prefix} Fictionpur Thana ${Math.random().toString(36).slice(2, 7)}`;
  const station = await deps.db
    .insertInto('organisation')
    .values({
      name: stationName,
      kind: 'police_station',
      district: 'Test District',
      state: 'West Bengal',
      country: 'IN',
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const officials = await deps.db
    .insertInto('official')
    .values(
      Array.from({ length: count }, (_, index) => ({
        name: `${prefix} Officer ${String(index + 1).padStart(2, '0')}`,
        designation: index % 2 === 0 ? 'Sub-Inspector' : 'Inspector',
        organisation_id: station.id,
      })),
    )
    .returning(['id', 'name'])
    .execute();
  return { stationName, officials: officials.sort((a, b) => a.name.localeCompare(b.name)) };
}
