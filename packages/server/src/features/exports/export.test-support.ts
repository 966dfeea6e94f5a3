import type { Kysely } from 'kysely';
import type { DatabaseSchema } from '../../platform/db/schema.ts';

/** A profile of invented case-persons: how many, and what their rescue recorded. */
export interface CasePersonProfile {
  count: number;
  sex: 'female' | 'male' | 'transgender' | 'other' | 'unknown';
  ageBand: string;
  originCountry: string | null;
  openedAt: string;
  /** The `rescue.identified` data, or null for a case with no rescue recorded yet. */
  identified: Record<string, unknown> | null;
}

let sequence = 0;

/**
 * Inserts invented care cases straight into the tables (the API would take minutes for the
 * hundreds a k-anonymity story needs). Pseudonyms are generated and say "Test Export".
 */
export async function seedCasePersons(
  db: Kysely<DatabaseSchema>,
  organisationId: string,
  profiles: readonly CasePersonProfile[],
): Promise<{ caseIds: string[]; personIds: string[]; pseudonyms: string[] }> {
  const caseIds: string[] = [];
  const personIds: string[] = [];
  const pseudonyms: string[] = [];
  for (const profile of profiles) {
    const batch = Array.from({ length: profile.count }, () => {
      sequence += 1;
      return `Test Export ${Date.now().toString(36)}-${String(sequence).padStart(5, '0')}`;
    });
    const persons = await db
      .insertInto('person')
      .values(
        batch.map((pseudonym) => ({
          pseudonym,
          organisation_id: organisationId,
          sex: profile.sex,
          age_band: profile.ageBand,
          origin_country: profile.originCountry,
          languages: [],
        })),
      )
      .returning('id')
      .execute();
    const cases = await db
      .insertInto('care_case')
      .values(
        persons.map((person, index) => ({
          code: `EX-${batch[index] ?? ''}`,
          organisation_id: organisationId,
          person_id: person.id,
          opened_at: new Date(profile.openedAt),
        })),
      )
      .returning('id')
      .execute();
    if (profile.identified) {
      const data = profile.identified;
      await db
        .insertInto('care_case_event')
        .values(
          cases.map((careCase) => ({
            case_id: careCase.id,
            type: 'rescue.identified',
            occurred_at: new Date(profile.openedAt),
            data: JSON.stringify(data),
          })),
        )
        .execute();
    }
    caseIds.push(...cases.map((careCase) => careCase.id));
    personIds.push(...persons.map((person) => person.id));
    pseudonyms.push(...batch);
  }
  return { caseIds, personIds, pseudonyms };
}
