import type { Scope } from '@dawn/core';
import { sql, type Kysely, type Transaction } from 'kysely';
import type { Actor } from '../../platform/access/actor.ts';
import { decodeCursor, keysetPage } from '../../platform/db/keyset.ts';
import type { DatabaseSchema } from '../../platform/db/schema.ts';

type Db = Kysely<DatabaseSchema> | Transaction<DatabaseSchema>;

/** Trainings belong to the organisation that runs them; 'all' reaches every organisation's. */
const organisationOf = (actor: Actor, scope: Scope): string | undefined =>
  scope === 'all' ? undefined : actor.organisationId;

function programmeQuery(db: Db, actor: Actor, scope: Scope) {
  const query = db.selectFrom('training_programme as programme').select((eb) => [
    'programme.id',
    'programme.title',
    'programme.topic',
    'programme.curriculum',
    'programme.target_cadres',
    'programme.created_at',
    sql<string>`programme.created_at::text`.as('created_at_key'),
    eb
      .selectFrom('training_session')
      .whereRef('training_session.programme_id', '=', 'programme.id')
      .select(sql<number>`count(*)::int`.as('n'))
      .as('sessions'),
    eb
      .selectFrom('training_participant')
      .innerJoin('training_session', 'training_session.id', 'training_participant.session_id')
      .whereRef('training_session.programme_id', '=', 'programme.id')
      .select(sql<number>`count(*)::int`.as('n'))
      .as('participants'),
  ]);
  const organisationId = organisationOf(actor, scope);
  return organisationId ? query.where('programme.organisation_id', '=', organisationId) : query;
}

/**
 * A page of programmes, newest first, read from `training_programme (organisation_id, created_at
 * desc, id desc)` from the cursor on; one row more than the page says whether another follows.
 */
export async function programmesPage(
  db: Db,
  actor: Actor,
  scope: Scope,
  filter: { limit: number; after?: string | undefined },
) {
  let query = programmeQuery(db, actor, scope);
  if (filter.after) {
    const [createdAt, id] = decodeCursor(filter.after, ['instant', 'uuid']) as [string, string];
    query = query.where(
      sql<boolean>`(programme.created_at, programme.id) < (${createdAt}::timestamptz, ${id}::uuid)`,
    );
  }
  return keysetPage(
    await query
      .orderBy('programme.created_at', 'desc')
      .orderBy('programme.id', 'desc')
      .limit(filter.limit + 1)
      .execute(),
    filter.limit,
    (row) => [row.created_at_key, row.id],
  );
}

export async function findProgramme(db: Db, actor: Actor, scope: Scope, id: string) {
  return programmeQuery(db, actor, scope).where('programme.id', '=', id).executeTakeFirst();
}

export async function insertProgramme(
  trx: Transaction<DatabaseSchema>,
  values: {
    organisationId: string;
    title: string;
    topic: string;
    curriculum: string;
    targetCadres: string[];
    createdBy: string;
  },
): Promise<string> {
  const row = await trx
    .insertInto('training_programme')
    .values({
      organisation_id: values.organisationId,
      title: values.title,
      topic: values.topic,
      curriculum: values.curriculum,
      target_cadres: values.targetCadres,
      created_by: values.createdBy,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/** Sessions with their participant counts and mean knowledge gain, in one query. */
export async function listSessions(
  db: Db,
  actor: Actor,
  scope: Scope,
  filter: { programmeId?: string; sessionId?: string },
) {
  let query = db
    .selectFrom('training_session as session')
    .innerJoin('training_programme as programme', 'programme.id', 'session.programme_id')
    .leftJoin('training_participant as participant', 'participant.session_id', 'session.id')
    .select([
      'session.id',
      'session.programme_id',
      'programme.title as programme_title',
      sql<string>`session.starts_on::text`.as('starts_on'),
      sql<string>`session.ends_on::text`.as('ends_on'),
      'session.venue',
      'session.district',
      'session.partner_institution',
      'session.trainers',
      'session.organisation_id',
      sql<number>`count(participant.id)::int`.as('participants'),
      sql<number | null>`avg(participant.post_score - participant.pre_score)::float8`.as(
        'mean_gain',
      ),
      sql<number>`count(participant.post_score - participant.pre_score)::int`.as('tested'),
    ])
    .groupBy(['session.id', 'programme.title'])
    .orderBy('session.starts_on', 'desc')
    .orderBy('session.id');
  const organisationId = organisationOf(actor, scope);
  if (organisationId) query = query.where('session.organisation_id', '=', organisationId);
  if (filter.programmeId) query = query.where('session.programme_id', '=', filter.programmeId);
  if (filter.sessionId) query = query.where('session.id', '=', filter.sessionId);
  return query.execute();
}

export async function insertSession(
  trx: Transaction<DatabaseSchema>,
  values: {
    programmeId: string;
    organisationId: string;
    startsOn: string;
    endsOn: string;
    venue: string;
    district: string;
    partnerInstitution: string;
    trainers: string[];
    createdBy: string;
  },
): Promise<string> {
  const row = await trx
    .insertInto('training_session')
    .values({
      programme_id: values.programmeId,
      organisation_id: values.organisationId,
      starts_on: values.startsOn,
      ends_on: values.endsOn,
      venue: values.venue,
      district: values.district,
      partner_institution: values.partnerInstitution,
      trainers: values.trainers,
      created_by: values.createdBy,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/** A session's participants with their officials and attended days, in one query. */
export async function listParticipants(db: Db, sessionId: string) {
  return db
    .selectFrom('training_participant as participant')
    .innerJoin('official', 'official.id', 'participant.official_id')
    .innerJoin('organisation', 'organisation.id', 'official.organisation_id')
    .select((eb) => [
      'participant.id',
      'participant.official_id',
      'official.name',
      'official.designation',
      'organisation.name as organisation',
      'participant.cadre',
      'participant.rank',
      'participant.posting',
      'participant.district',
      'participant.pre_score',
      'participant.post_score',
      'participant.feedback_rating',
      'participant.feedback_comment',
      'participant.certificate_code',
      eb
        .selectFrom('training_attendance')
        .whereRef('training_attendance.participant_id', '=', 'participant.id')
        .select(
          sql<
            string[]
          >`coalesce(array_agg(training_attendance.day::text order by training_attendance.day), '{}')`.as(
            'days',
          ),
        )
        .as('attended_days'),
    ])
    .where('participant.session_id', '=', sessionId)
    .orderBy('official.name')
    .orderBy('participant.id')
    .execute();
}

/** Officials already on the session, of those given. */
export async function participantOfficialIds(
  db: Db,
  sessionId: string,
  officialIds: string[],
): Promise<Set<string>> {
  if (officialIds.length === 0) return new Set();
  const rows = await db
    .selectFrom('training_participant')
    .select('official_id')
    .where('session_id', '=', sessionId)
    .where('official_id', 'in', officialIds)
    .execute();
  return new Set(rows.map((row) => row.official_id));
}

export async function existingOfficialIds(db: Db, officialIds: string[]): Promise<Set<string>> {
  if (officialIds.length === 0) return new Set();
  const rows = await db
    .selectFrom('official')
    .select('id')
    .where('id', 'in', officialIds)
    .execute();
  return new Set(rows.map((row) => row.id));
}

export async function insertParticipants(
  trx: Transaction<DatabaseSchema>,
  sessionId: string,
  participants: {
    officialId: string;
    cadre: string;
    rank: string | null;
    posting: string | null;
    district: string | null;
    preScore?: number | null;
    postScore?: number | null;
  }[],
): Promise<void> {
  if (participants.length === 0) return;
  await trx
    .insertInto('training_participant')
    .values(
      participants.map((participant) => ({
        session_id: sessionId,
        official_id: participant.officialId,
        cadre: participant.cadre,
        rank: participant.rank,
        posting: participant.posting,
        district: participant.district,
        pre_score: participant.preScore ?? null,
        post_score: participant.postScore ?? null,
      })),
    )
    .execute();
}

export async function updateResults(
  trx: Transaction<DatabaseSchema>,
  results: {
    participantId: string;
    preScore: number | null;
    postScore: number | null;
    feedbackRating: number | null;
    feedbackComment: string | null;
    attendedDays: string[];
  }[],
): Promise<void> {
  // One statement for every participant (a participant named twice keeps the last result).
  const last = [...new Map(results.map((result) => [result.participantId, result])).values()];
  if (last.length > 0)
    await sql`update training_participant set pre_score = result.pre_score,
        post_score = result.post_score, feedback_rating = result.feedback_rating,
        feedback_comment = result.feedback_comment
      from unnest(${last.map((result) => result.participantId)}::uuid[],
          ${last.map((result) => result.preScore)}::real[],
          ${last.map((result) => result.postScore)}::real[],
          ${last.map((result) => result.feedbackRating)}::smallint[],
          ${last.map((result) => result.feedbackComment)}::text[])
        as result(id, pre_score, post_score, feedback_rating, feedback_comment)
      where training_participant.id = result.id`.execute(trx);
  const ids = results.map((result) => result.participantId);
  await trx.deleteFrom('training_attendance').where('participant_id', 'in', ids).execute();
  const attendance = results.flatMap((result) =>
    result.attendedDays.map((day) => ({ participant_id: result.participantId, day })),
  );
  if (attendance.length > 0)
    await trx.insertInto('training_attendance').values(attendance).execute();
}

/** Officials matched by name and organisation name (case and spacing ignored), in one query. */
export async function officialsByNameAndOrganisation(
  db: Db,
  pairs: { official: string; organisation: string }[],
) {
  if (pairs.length === 0) return [];
  const names = [...new Set(pairs.map((pair) => pair.official.toLowerCase()))];
  return db
    .selectFrom('official')
    .innerJoin('organisation', 'organisation.id', 'official.organisation_id')
    .select([
      'official.id',
      sql<string>`lower(official.name)`.as('name_key'),
      sql<string>`lower(organisation.name)`.as('organisation_key'),
    ])
    .where(sql<string>`lower(official.name)`, 'in', names)
    .execute();
}

export async function assignCertificateCodes(
  trx: Transaction<DatabaseSchema>,
  codes: { participantId: string; code: string }[],
  issuedAt: Date,
): Promise<void> {
  if (codes.length === 0) return;
  // One statement for every code; a participant who has one already keeps it.
  await sql`update training_participant set certificate_code = issued.code,
      certificate_issued_at = ${issuedAt}
    from unnest(${codes.map((entry) => entry.participantId)}::uuid[],
        ${codes.map((entry) => entry.code)}::text[]) as issued(id, code)
    where training_participant.id = issued.id and training_participant.certificate_code is null`.execute(
    trx,
  );
}

/** What a certificate says, by its verification code (the public check). */
export async function findCertificate(db: Db, code: string) {
  return db
    .selectFrom('training_participant as participant')
    .innerJoin('training_session as session', 'session.id', 'participant.session_id')
    .innerJoin('training_programme as programme', 'programme.id', 'session.programme_id')
    .innerJoin('official', 'official.id', 'participant.official_id')
    .select([
      'official.name',
      'programme.title',
      sql<string>`session.starts_on::text`.as('starts_on'),
      sql<string>`session.ends_on::text`.as('ends_on'),
    ])
    .where('participant.certificate_code', '=', code)
    .executeTakeFirst();
}

export async function findParticipant(db: Db, actor: Actor, scope: Scope, id: string) {
  let query = db
    .selectFrom('training_participant as participant')
    .innerJoin('training_session as session', 'session.id', 'participant.session_id')
    .innerJoin('training_programme as programme', 'programme.id', 'session.programme_id')
    .innerJoin('official', 'official.id', 'participant.official_id')
    .innerJoin('organisation', 'organisation.id', 'session.organisation_id')
    .select([
      'participant.id',
      'participant.session_id',
      'participant.official_id',
      'participant.certificate_code',
      'participant.cadre',
      'participant.rank',
      'participant.posting',
      'official.name',
      'official.designation',
      'programme.title',
      'programme.topic',
      'session.venue',
      'session.district',
      'session.partner_institution',
      'organisation.name as organiser',
      sql<string>`session.starts_on::text`.as('starts_on'),
      sql<string>`session.ends_on::text`.as('ends_on'),
    ])
    .where('participant.id', '=', id);
  const organisationId = organisationOf(actor, scope);
  if (organisationId) query = query.where('session.organisation_id', '=', organisationId);
  return query.executeTakeFirst();
}
