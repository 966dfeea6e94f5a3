import type { Deps } from '../../platform/deps.ts';
import {
  FOLLOW_UP_MILESTONES,
  FOLLOW_UP_WINDOW_DAYS,
  followUpCounts,
} from './follow-up.repository.ts';
import { listParticipants } from './training.repository.ts';
import { visibleSession } from './training.service.ts';

interface Tally {
  milestones: number;
  onTime: number;
  cases: number;
}
const empty = (): Tally => ({ milestones: 0, onTime: 0, cases: 0 });

/**
 * Follow-up of a session: for each trained official, the milestones credited to them on cases in
 * the year before and the year after, each with the number of cases so that three is read as three.
 */
export async function sessionFollowUp(deps: Deps, sessionId: string) {
  const { actor } = await visibleSession(deps, sessionId, 'training:read');
  const [participants, rows] = await Promise.all([
    listParticipants(deps.db, sessionId),
    followUpCounts(deps.db, sessionId, actor.organisationId),
  ]);
  const byParticipant = new Map<string, Map<string, { before: Tally; after: Tally }>>();
  for (const row of rows) {
    const milestones =
      byParticipant.get(row.participant_id) ?? new Map<string, { before: Tally; after: Tally }>();
    const entry = milestones.get(row.milestone) ?? { before: empty(), after: empty() };
    entry[row.period] = { milestones: row.milestones, onTime: row.on_time, cases: row.cases };
    milestones.set(row.milestone, entry);
    byParticipant.set(row.participant_id, milestones);
  }
  return {
    windowDays: FOLLOW_UP_WINDOW_DAYS,
    officials: participants.map((participant) => ({
      participantId: participant.id,
      officialId: participant.official_id,
      name: participant.name,
      cadre: participant.cadre,
      milestones: FOLLOW_UP_MILESTONES.map((milestone) => {
        const entry = byParticipant.get(participant.id)?.get(milestone.key);
        return {
          milestone: milestone.key,
          deadline: milestone.rule !== null,
          before: entry?.before ?? empty(),
          after: entry?.after ?? empty(),
        };
      }),
    })),
  };
}
