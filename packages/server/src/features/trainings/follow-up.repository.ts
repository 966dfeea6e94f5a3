import { sql, type Kysely } from 'kysely';
import type { DatabaseSchema } from '../../platform/db/schema.ts';

/**
 * The milestones a follow-up looks at: an event type credited to an official and, where a statute
 * sets a deadline for it, the rule whose being met "on time" the follow-up counts.
 */
export const FOLLOW_UP_MILESTONES = [
  { key: 'chargesheet', eventType: 'chargesheet.filed', rule: '%.chargesheet' },
  { key: 'production', eventType: 'accused.produced_before_magistrate', rule: '%.production' },
  { key: 'victim_informed', eventType: 'victim.informed_of_progress', rule: '%.victim-progress' },
  { key: 'testimony', eventType: 'victim.deposition_recorded', rule: null },
] as const;
export type FollowUpMilestone = (typeof FOLLOW_UP_MILESTONES)[number]['key'];

/** How far before and after a session the follow-up looks. */
export const FOLLOW_UP_WINDOW_DAYS = 365;

export interface FollowUpRow {
  participant_id: string;
  milestone: string;
  period: 'before' | 'after';
  milestones: number;
  on_time: number;
  cases: number;
}

/**
 * For every participant of a session at once: milestones credited to the official on the
 * organisation's legal cases in the year before the session and the year after it, with how many
 * were on time and on how many cases. Corrected-away events do not count. One query.
 */
export async function followUpCounts(
  db: Kysely<DatabaseSchema>,
  sessionId: string,
  organisationId: string,
): Promise<FollowUpRow[]> {
  const kinds = sql.join(
    FOLLOW_UP_MILESTONES.map(
      (milestone) =>
        sql`(${milestone.key}::text, ${milestone.eventType}::text, ${milestone.rule}::text)`,
    ),
  );
  const result = await sql<FollowUpRow>`
    with kind(key, event_type, rule) as (values ${kinds}),
    credited as (
      select participant.id as participant_id, kind.key as milestone, kind.rule,
             event.id as event_id, event.legal_case_id,
             case when event.occurred_at < session.starts_on::timestamp at time zone 'Asia/Kolkata'
                  then 'before' else 'after' end as period
        from training_participant participant
        join training_session session on session.id = participant.session_id
        join legal_case_event_official credit on credit.official_id = participant.official_id
        join legal_case_event event on event.id = credit.event_id
        join kind on kind.event_type = event.type
        join legal_case on legal_case.id = event.legal_case_id
       where participant.session_id = ${sessionId}
         and legal_case.organisation_id = ${organisationId}
         and not exists (select 1 from legal_case_event later where later.supersedes_id = event.id)
         and (
           (event.occurred_at < session.starts_on::timestamp at time zone 'Asia/Kolkata'
            and event.occurred_at >= (session.starts_on - ${FOLLOW_UP_WINDOW_DAYS}::int)::timestamp at time zone 'Asia/Kolkata')
           or
           (event.occurred_at >= (session.ends_on + 1)::timestamp at time zone 'Asia/Kolkata'
            and event.occurred_at < (session.ends_on + 1 + ${FOLLOW_UP_WINDOW_DAYS}::int)::timestamp at time zone 'Asia/Kolkata')
         )
    )
    select credited.participant_id, credited.milestone, credited.period,
           count(distinct credited.event_id)::int as milestones,
           count(distinct credited.event_id) filter (where exists (
             select 1 from obligation
              where obligation.case_type = 'legal_case'
                and obligation.case_id = credited.legal_case_id
                and obligation.rule like credited.rule
                and obligation.status = 'met'
                and obligation.explanation->'satisfyingEvent'->>'id' = credited.event_id::text
           ))::int as on_time,
           count(distinct credited.legal_case_id)::int as cases
      from credited
     group by credited.participant_id, credited.milestone, credited.period`.execute(db);
  return result.rows;
}
