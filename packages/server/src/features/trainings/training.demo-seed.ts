import type { Transaction } from 'kysely';
import type { DatabaseSchema } from '../../platform/db/schema.ts';
import { generateJusticeActivity } from '../dashboard/dashboard.generate.ts';

/**
 * Demo trainings and two years of fictional legal activity, so that the trainings screens and the
 * dashboard are not empty on first start. Every name is invented ("Demo …").
 */
export interface DemoTrainingContext {
  organisationId: string;
  stationIds: string[];
  courtId: string;
  managerId: string;
}

const FIRST = ['Arun', 'Bina', 'Chandan', 'Dipa', 'Esha', 'Firoz', 'Gita', 'Hari', 'Ila', 'Joy'];
const LAST = ['Basu', 'Dutta', 'Ghosh'];

/** 30 demo officers: enough for a 25-person participant list. */
export const DEMO_TRAINEES = FIRST.flatMap((first) =>
  LAST.map((last) => `Demo SI ${first} ${last}`),
);

/** The date in India (YYYY-MM-DD) `days` days before `now`. */
const indiaDateDaysBefore = (now: Date, days: number) =>
  new Date(now.getTime() - days * 86_400_000 + 5.5 * 3_600_000).toISOString().slice(0, 10);

export async function seedDemoTrainings(
  trx: Transaction<DatabaseSchema>,
  context: DemoTrainingContext,
): Promise<void> {
  const [north, south] = context.stationIds;
  if (!north || !south) throw new Error('demo trainings need two police stations');
  const officials = await trx
    .insertInto('official')
    .values(
      DEMO_TRAINEES.map((name, index) => ({
        name,
        designation: 'Sub-Inspector',
        organisation_id: index % 2 === 0 ? north : south,
      })),
    )
    .returning(['id', 'organisation_id'])
    .execute();
  // Dated before the day of seeding (about ten and three months before), so the dashboard's
  // default period (from 1 January two years back to today) always holds both.
  const now = new Date();
  const programmes = [
    {
      title: 'Demo: investigating trafficking cases',
      topic: 'Victim-centred investigation and chargesheets on time',
      cadres: ['police'],
      startsOn: indiaDateDaysBefore(now, 300),
      endsOn: indiaDateDaysBefore(now, 299),
      district: 'Kolkata',
      partner: 'state_police_academy',
      trainees: officials.slice(0, 14),
    },
    {
      title: 'Demo: victim compensation and testimony support',
      topic: 'BNSS s.396, the West Bengal Victim Compensation Scheme',
      cadres: ['police', 'prosecutor'],
      startsOn: indiaDateDaysBefore(now, 90),
      endsOn: indiaDateDaysBefore(now, 90),
      district: 'South 24 Parganas',
      partner: 'dlsa',
      trainees: officials.slice(14, 26),
    },
  ];
  for (const [programmeIndex, programme] of programmes.entries()) {
    const row = await trx
      .insertInto('training_programme')
      .values({
        organisation_id: context.organisationId,
        title: programme.title,
        topic: programme.topic,
        target_cadres: programme.cadres,
        created_by: context.managerId,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const session = await trx
      .insertInto('training_session')
      .values({
        programme_id: row.id,
        organisation_id: context.organisationId,
        starts_on: programme.startsOn,
        ends_on: programme.endsOn,
        venue: 'Demo Training Hall',
        district: programme.district,
        partner_institution: programme.partner,
        trainers: ['Demo Trainer Mitra'],
        created_by: context.managerId,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const participants = await trx
      .insertInto('training_participant')
      .values(
        programme.trainees.map((official, index) => ({
          session_id: session.id,
          official_id: official.id,
          cadre: 'police',
          rank: 'Sub-Inspector',
          posting: official.organisation_id === north ? 'Demo North' : 'Demo South',
          district: programme.district,
          pre_score: 35 + ((index * 7 + programmeIndex * 3) % 30),
          post_score: 60 + ((index * 11 + programmeIndex * 5) % 35),
          feedback_rating: 3 + (index % 3),
        })),
      )
      .returning('id')
      .execute();
    await trx
      .insertInto('training_attendance')
      .values(
        participants.map((participant) => ({
          participant_id: participant.id,
          day: programme.startsOn,
        })),
      )
      .execute();
  }
  await generateJusticeActivity(trx, {
    organisationId: context.organisationId,
    stationIds: context.stationIds,
    courtId: context.courtId,
    cases: 120,
    rescues: 30,
    careCases: false,
    from: new Date(now.getTime() - 2 * 365 * 86_400_000),
    to: now,
  });
}
