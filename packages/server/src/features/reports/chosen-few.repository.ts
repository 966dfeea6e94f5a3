import type { Scope } from '@dawn/core';
import { sql, type Kysely } from 'kysely';
import type { Actor } from '../../platform/access/actor.ts';
import type { DatabaseSchema } from '../../platform/db/schema.ts';
import { visibleLegalCases } from '../legal-cases/legal-case.repository.ts';

/**
 * Officials credited on events in effect (neither corrected by a later event nor a voiding) of
 * the legal cases the caller may report on, in the period: one query, from the events' time index.
 */
export function creditsInPeriod(
  db: Kysely<DatabaseSchema>,
  actor: Actor,
  scope: Scope,
  period: { from: Date; to: Date },
  officialId?: string,
) {
  return db
    .selectFrom('legal_case_event_official as credit')
    .innerJoin('legal_case_event as event', 'event.id', 'credit.event_id')
    .innerJoin('legal_case', 'legal_case.id', 'event.legal_case_id')
    .innerJoin('official', 'official.id', 'credit.official_id')
    .innerJoin('organisation', 'organisation.id', 'official.organisation_id')
    .leftJoin('organisation as station', 'station.id', 'legal_case.fir_police_station_id')
    .select([
      'credit.official_id',
      'official.name',
      'official.designation',
      'organisation.name as organisation',
      'event.id as event_id',
      'event.type',
      'event.occurred_at',
      'event.legal_case_id',
      'legal_case.fir_number',
      'legal_case.fir_year',
      'station.name as station',
    ])
    .where('event.occurred_at', '>=', period.from)
    .where('event.occurred_at', '<=', period.to)
    .where('event.type', '!=', 'event.voided')
    .where((eb) =>
      eb.not(
        eb.exists(
          eb
            .selectFrom('legal_case_event as correction')
            .select(sql`1`.as('one'))
            .whereRef('correction.supersedes_id', '=', 'event.id'),
        ),
      ),
    )
    .where(visibleLegalCases(actor, scope))
    .$if(officialId !== undefined, (query) =>
      query.where('credit.official_id', '=', officialId ?? ''),
    )
    .execute();
}

/**
 * The statutory deadlines the given events satisfied, from the obligations the deadline engine
 * materialised (recomputed on every change to a case and by the sweep): one query, and no
 * identity is read — whether a victim was a child was settled when the obligations were computed.
 */
export async function deadlinesSatisfiedBy(
  db: Kysely<DatabaseSchema>,
  caseIds: readonly string[],
): Promise<{ event_id: string; rule: string; subject: string | null; status: string }[]> {
  if (caseIds.length === 0) return [];
  return db
    .selectFrom('obligation')
    .select([
      sql<string>`obligation.explanation -> 'satisfyingEvent' ->> 'id'`.as('event_id'),
      'obligation.rule',
      'obligation.subject',
      'obligation.status',
    ])
    .where('obligation.case_type', '=', 'legal_case')
    .where('obligation.case_id', '=', sql<string>`any(${[...caseIds]}::uuid[])`)
    .where(sql<boolean>`obligation.explanation -> 'satisfyingEvent' ->> 'id' is not null`)
    .orderBy('obligation.rule')
    .orderBy('obligation.subject')
    .execute();
}
