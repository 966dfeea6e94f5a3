import type { Kysely } from 'kysely';
import type { DatabaseSchema } from '../../platform/db/schema.ts';

/**
 * Synthetic care cases for benchmarks: `count` persons ("Scale-000123", no identity) each with a
 * case, a rescue, a CWC production and, for two in three, a shelter placement, spread over the
 * given organisations. Inserted in batches with progress.
 */
const BATCH = 500;
const DAY = 86_400_000;

/** The pseudonym of the person of a run's `index`th care case (the scale legal cases find it). */
export function scaleCarePseudonym(runId: string, index: number): string {
  return `Scale-${runId}-${String(index).padStart(7, '0')}`;
}

export async function seedScaleCareCases(
  db: Kysely<DatabaseSchema>,
  input: { count: number; organisationIds: string[]; shelterIds: string[]; runId: string },
  onProgress: (done: number) => void = () => undefined,
): Promise<number> {
  const { count, organisationIds, shelterIds, runId } = input;
  if (organisationIds.length === 0) throw new Error('scale seed: no organisation for care cases');
  for (let start = 0; start < count; start += BATCH) {
    const size = Math.min(BATCH, count - start);
    const indexes = Array.from({ length: size }, (_unused, offset) => start + offset);
    const organisationOf = (index: number) =>
      organisationIds[index % organisationIds.length] ?? organisationIds[0] ?? '';
    const persons = await db
      .insertInto('person')
      .values(
        indexes.map((index) => ({
          pseudonym: scaleCarePseudonym(runId, index),
          organisation_id: organisationOf(index),
          sex: 'female' as const,
          age_band: index % 3 === 0 ? '12-14' : index % 3 === 1 ? '15-17' : '18-24',
          birth_year_estimate: null,
          origin_state: 'West Bengal',
          origin_country: 'IN',
          languages: ['bn'],
          created_by: null,
        })),
      )
      .returning('id')
      .execute();
    const opened = (index: number) => new Date(Date.now() - (30 + (index % 1500)) * DAY);
    const shelterOf = (index: number) =>
      index % 3 !== 2 && shelterIds.length > 0
        ? (shelterIds[index % shelterIds.length] ?? null)
        : null;
    const cases = await db
      .insertInto('care_case')
      .values(
        indexes.map((index, offset) => ({
          code: `CC-S${runId}-${String(index).padStart(7, '0')}`,
          organisation_id: organisationOf(index),
          person_id: persons[offset]?.id ?? '',
          opened_at: opened(index),
          opened_by: null,
          phase: shelterOf(index) ? ('shelter_care' as const) : ('interim_care' as const),
          placement_organisation_id: shelterOf(index),
          rescued_at: opened(index),
        })),
      )
      .returning('id')
      .execute();
    await db
      .insertInto('care_case_event')
      .values(
        indexes.flatMap((index, offset) => {
          const caseId = cases[offset]?.id ?? '';
          const at = opened(index).getTime();
          const shelter = shelterOf(index);
          return [
            {
              case_id: caseId,
              type: 'rescue.identified',
              occurred_at: new Date(at),
              recorded_by: null,
              data: JSON.stringify({
                rescuedBy: 'police',
                traffickingStatus: 'PossibleVictimOfTrafficking',
                traffickingStatusDecidedBy: 'Police',
                methodOfRecruitment: [],
                recruitmentWebsitesAndApps: [],
                methodsOfControl: [],
                typeOfExploitation: ['SexualExploitation'],
                typeOfSexExploitation: [],
                exploitationWebsitesAndApps: [],
              }),
              supersedes_id: null,
            },
            {
              case_id: caseId,
              type: 'victim.produced_before_cwc',
              occurred_at: new Date(at + 3_600_000),
              recorded_by: null,
              data: JSON.stringify({ statementRecorded: false }),
              supersedes_id: null,
            },
            ...(shelter
              ? [
                  {
                    case_id: caseId,
                    type: 'placement.started',
                    occurred_at: new Date(at + 7_200_000),
                    recorded_by: null,
                    data: JSON.stringify({
                      organisationId: shelter,
                      placementKind: 'shelter_home',
                    }),
                    supersedes_id: null,
                  },
                ]
              : []),
          ];
        }),
      )
      .execute();
    onProgress(start + size);
  }
  return count;
}
