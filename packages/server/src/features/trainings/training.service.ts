import { DomainError, knowledgeGain, sessionDays, type FieldIssue } from '@dawn/core';
import { requirePermission } from '../../platform/access/access.ts';
import { recordAudit } from '../../platform/audit/audit.ts';
import type { Deps } from '../../platform/deps.ts';
import {
  existingOfficialIds,
  findProgramme,
  insertParticipants,
  insertProgramme,
  insertSession,
  listParticipants,
  programmesPage,
  listSessions,
  participantOfficialIds,
  updateResults,
} from './training.repository.ts';
import type {
  ParticipantInput,
  ProgrammeInput,
  ResultInput,
  SessionDetail,
  SessionInput,
  SessionSummary,
} from './training.schemas.ts';

const round = (value: number | null): number | null =>
  value === null ? null : Math.round(value * 10) / 10;

type ProgrammeRow = Awaited<ReturnType<typeof programmesPage>>['page'][number];
type SessionRow = Awaited<ReturnType<typeof listSessions>>[number];

const toProgramme = (row: ProgrammeRow) => ({
  id: row.id,
  title: row.title,
  topic: row.topic,
  curriculum: row.curriculum,
  targetCadres: row.target_cadres,
  sessions: row.sessions ?? 0,
  participants: row.participants ?? 0,
  createdAt: new Date(row.created_at).toISOString(),
});

const toSession = (row: SessionRow): SessionSummary => ({
  id: row.id,
  programmeId: row.programme_id,
  programmeTitle: row.programme_title,
  startsOn: row.starts_on,
  endsOn: row.ends_on,
  venue: row.venue,
  district: row.district,
  partnerInstitution: row.partner_institution,
  trainers: row.trainers,
  participants: row.participants,
  meanKnowledgeGain: round(row.mean_gain),
  tested: row.tested,
});

const notFound = () => new DomainError('NOT_FOUND', 'Not found.');

/** A page of the programmes the caller may see, newest first (keyset paging). */
export async function listTrainingProgrammes(
  deps: Deps,
  paging: { limit: number; after?: string | undefined },
) {
  const { actor, scope } = await requirePermission(deps.db, 'training:read');
  const { page, nextCursor } = await programmesPage(deps.db, actor, scope, paging);
  return { programmes: page.map(toProgramme), nextCursor };
}

export async function createTrainingProgramme(deps: Deps, input: ProgrammeInput) {
  const { actor } = await requirePermission(deps.db, 'training:write');
  const id = await deps.db.transaction().execute(async (trx) => {
    const programmeId = await insertProgramme(trx, {
      organisationId: actor.organisationId,
      title: input.title,
      topic: input.topic,
      curriculum: input.curriculum,
      targetCadres: input.targetCadres,
      createdBy: actor.userId,
    });
    await recordAudit(trx, {
      action: 'training.programme_created',
      entityType: 'training_programme',
      entityId: programmeId,
    });
    return programmeId;
  });
  return getTrainingProgramme(deps, id);
}

export async function getTrainingProgramme(deps: Deps, id: string) {
  const { actor, scope } = await requirePermission(deps.db, 'training:read', {
    type: 'training_programme',
    id,
  });
  const programme = await findProgramme(deps.db, actor, scope, id);
  if (!programme) throw notFound();
  const sessions = await listSessions(deps.db, actor, scope, { programmeId: id });
  return { ...toProgramme(programme), sessionList: sessions.map(toSession) };
}

export async function createTrainingSession(deps: Deps, programmeId: string, input: SessionInput) {
  const { actor, scope } = await requirePermission(deps.db, 'training:write', {
    type: 'training_programme',
    id: programmeId,
  });
  const programme = await findProgramme(deps.db, actor, scope, programmeId);
  if (!programme) throw notFound();
  const id = await deps.db.transaction().execute(async (trx) => {
    const sessionId = await insertSession(trx, {
      programmeId,
      organisationId: actor.organisationId,
      ...input,
      createdBy: actor.userId,
    });
    await recordAudit(trx, {
      action: 'training.session_created',
      entityType: 'training_session',
      entityId: sessionId,
      details: { programmeId },
    });
    return sessionId;
  });
  return getTrainingSession(deps, id);
}

/** The session, if the caller may see it (NOT_FOUND otherwise). */
export async function visibleSession(
  deps: Deps,
  id: string,
  permission: 'training:read' | 'training:write',
) {
  const { actor, scope } = await requirePermission(deps.db, permission, {
    type: 'training_session',
    id,
  });
  const [session] = await listSessions(deps.db, actor, scope, { sessionId: id });
  if (!session) throw notFound();
  return { actor, scope, session };
}

export async function getTrainingSession(deps: Deps, id: string): Promise<SessionDetail> {
  const { session } = await visibleSession(deps, id, 'training:read');
  const participants = await listParticipants(deps.db, id);
  return {
    ...toSession(session),
    days: sessionDays(session.starts_on, session.ends_on),
    participantList: participants.map((row) => ({
      id: row.id,
      official: {
        id: row.official_id,
        name: row.name,
        designation: row.designation,
        organisation: row.organisation,
      },
      cadre: row.cadre,
      rank: row.rank,
      posting: row.posting,
      district: row.district,
      preScore: row.pre_score,
      postScore: row.post_score,
      knowledgeGain: knowledgeGain(row.pre_score, row.post_score),
      feedbackRating: row.feedback_rating,
      feedbackComment: row.feedback_comment,
      attendedDays: row.attended_days ?? [],
      certificateCode: row.certificate_code,
    })),
  };
}

export async function addTrainingParticipants(
  deps: Deps,
  sessionId: string,
  participants: ParticipantInput[],
) {
  await visibleSession(deps, sessionId, 'training:write');
  const officialIds = participants.map((participant) => participant.officialId);
  const [existing, already] = await Promise.all([
    existingOfficialIds(deps.db, officialIds),
    participantOfficialIds(deps.db, sessionId, officialIds),
  ]);
  const issues: FieldIssue[] = [];
  const seen = new Set<string>();
  participants.forEach((participant, index) => {
    const path = `body.participants.${index}.officialId`;
    if (!existing.has(participant.officialId))
      issues.push({ path, message: 'is not in the officials directory' });
    else if (already.has(participant.officialId) || seen.has(participant.officialId))
      issues.push({ path, message: 'is already a participant of this session' });
    seen.add(participant.officialId);
  });
  if (issues.length > 0)
    throw new DomainError('VALIDATION_FAILED', 'Some participants cannot be added.', { issues });
  await deps.db.transaction().execute(async (trx) => {
    await insertParticipants(trx, sessionId, participants);
    await recordAudit(trx, {
      action: 'training.participants_added',
      entityType: 'training_session',
      entityId: sessionId,
      details: { count: participants.length, via: 'form' },
    });
  });
  return getTrainingSession(deps, sessionId);
}

/** Scores, feedback and attendance of several participants at once (the session's grid). */
export async function recordTrainingResults(deps: Deps, sessionId: string, results: ResultInput[]) {
  const { session } = await visibleSession(deps, sessionId, 'training:write');
  const participants = new Set((await listParticipants(deps.db, sessionId)).map((row) => row.id));
  const days = new Set(sessionDays(session.starts_on, session.ends_on));
  const issues: FieldIssue[] = [];
  results.forEach((result, index) => {
    if (!participants.has(result.participantId))
      issues.push({
        path: `body.results.${index}.participantId`,
        message: 'is not a participant of this session',
      });
    result.attendedDays.forEach((day, dayIndex) => {
      if (!days.has(day))
        issues.push({
          path: `body.results.${index}.attendedDays.${dayIndex}`,
          message: 'is not a day of this session',
        });
    });
  });
  if (issues.length > 0)
    throw new DomainError('VALIDATION_FAILED', 'Some results cannot be recorded.', { issues });
  await deps.db.transaction().execute(async (trx) => {
    await updateResults(
      trx,
      results.map((result) => ({ ...result, attendedDays: [...new Set(result.attendedDays)] })),
    );
    await recordAudit(trx, {
      action: 'training.participant_updated',
      entityType: 'training_session',
      entityId: sessionId,
      details: { count: results.length },
    });
  });
  return getTrainingSession(deps, sessionId);
}
