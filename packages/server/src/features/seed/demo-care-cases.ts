import {
  DEFAULT_INSTRUMENT,
  deriveCareCaseState,
  instrumentItems,
  parseEventData,
  scoreAssessment,
  type CareCaseEvent,
  type CareCaseEventType,
} from '@dawn/core';
import type { Transaction } from 'kysely';
import type { DatabaseSchema } from '../../platform/db/schema.ts';
import { newPseudonym } from '../persons/person-matching.ts';

/**
 * Fictional care cases for the demo organisation, one in each phase, so a newcomer sees a
 * timeline, a placement, a care plan and an assessment trend. Pseudonyms only: no identity is
 * recorded, and every free text says it is demo data. Dates are relative to the day of seeding.
 */
export interface DemoCareCaseContext {
  organisationId: string;
  shelterId: string;
  otherShelterId: string;
  cwcId: string;
  socialWorkerId: string;
  counsellorId: string;
  managerId: string;
}

const DAY = 86_400_000;
const daysAgo = (days: number, hour = 11): string => {
  const date = new Date(Date.now() - days * DAY);
  date.setUTCHours(hour - 5, 30, 0, 0);
  return date.toISOString();
};

const RESCUE = {
  rescuedBy: 'ahtu',
  rescuePlace: { district: 'Kolkata', state: 'West Bengal', country: 'IN' },
  traffickingStatus: 'ActualVictimOfTrafficking',
  traffickingStatusDecidedBy: 'Police',
  methodOfRecruitment: ['ThroughFriendsOrSocialEvents'],
  methodsOfControl: ['FalsePromises', 'RestrictsMovement'],
  typeOfExploitation: ['SexualExploitation'],
  typeOfSexExploitation: ['Prostitution'],
};

interface DemoCase {
  ageBand: string;
  originState: string;
  originCountry: string;
  openedDaysAgo: number;
  events: [CareCaseEventType, number, Record<string, unknown>][];
  assessments: { daysAgo: number; score: number }[];
  carePlan: boolean;
}

function cases(context: DemoCareCaseContext): DemoCase[] {
  const placed = (shelter: string) => ({ organisationId: shelter, placementKind: 'shelter_home' });
  return [
    {
      ageBand: '15-17',
      originState: 'West Bengal',
      originCountry: 'IN',
      openedDaysAgo: 3,
      events: [['rescue.identified', 4, { ...RESCUE, rescueOperationReference: 'DEMO-OP-1' }]],
      assessments: [],
      carePlan: false,
    },
    {
      ageBand: '12-14',
      originState: 'Jharkhand',
      originCountry: 'IN',
      openedDaysAgo: 20,
      events: [
        ['rescue.identified', 21, RESCUE],
        [
          'victim.produced_before_cwc',
          20,
          { organisationId: context.cwcId, statementRecorded: true },
        ],
        ['order.passed', 20, { authority: 'cwc', orderKind: 'social_investigation_ordered' }],
      ],
      assessments: [{ daysAgo: 10, score: 2 }],
      carePlan: false,
    },
    {
      ageBand: '15-17',
      originState: 'West Bengal',
      originCountry: 'IN',
      openedDaysAgo: 240,
      events: [
        ['rescue.identified', 241, RESCUE],
        ['victim.produced_before_cwc', 240, { organisationId: context.cwcId }],
        ['placement.started', 240, placed(context.shelterId)],
        [
          'service.delivered',
          200,
          {
            service: 'education',
            domain: 'economic_empowerment_education',
            description: 'Demo: re-enrolled in school.',
          },
        ],
        ['note.counselling', 150, { text: 'Demo counselling note (fictional).' }],
      ],
      assessments: [
        { daysAgo: 230, score: 2 },
        { daysAgo: 50, score: 3 },
      ],
      carePlan: true,
    },
    {
      ageBand: '18-24',
      originCountry: 'BD',
      originState: 'Khulna',
      openedDaysAgo: 760,
      events: [
        ['rescue.identified', 761, RESCUE],
        ['victim.produced_before_magistrate', 760, {}],
        ['placement.started', 759, placed(context.otherShelterId)],
        [
          'service.delivered',
          500,
          {
            service: 'repatriation',
            repatriationStep: 'travel_documents',
            reach: 'cross_border',
            destinationCountry: 'BD',
          },
        ],
        [
          'service.delivered',
          420,
          {
            service: 'repatriation',
            repatriationStep: 'handed_over',
            reach: 'cross_border',
            destinationCountry: 'BD',
          },
        ],
        ['placement.ended', 420, { reason: 'repatriated' }],
        [
          'follow_up.visit',
          300,
          {
            mode: 'phone',
            wellbeing: 'some_concerns',
            observations: 'Demo follow-up (fictional).',
          },
        ],
      ],
      assessments: [
        { daysAgo: 750, score: 1 },
        { daysAgo: 570, score: 2 },
        { daysAgo: 205, score: 3 },
      ],
      carePlan: true,
    },
    {
      ageBand: '25-34',
      originState: 'West Bengal',
      originCountry: 'IN',
      openedDaysAgo: 1500,
      events: [
        ['rescue.identified', 1501, RESCUE],
        ['victim.produced_before_magistrate', 1500, {}],
        ['placement.started', 1500, placed(context.shelterId)],
        [
          'service.delivered',
          1200,
          {
            service: 'vocational_training',
            domain: 'economic_empowerment_education',
            description: 'Demo: tailoring course.',
          },
        ],
        ['placement.ended', 1100, { reason: 'restored_to_family' }],
        ['follow_up.visit', 900, { mode: 'home_visit', wellbeing: 'well' }],
        [
          'case.closed',
          200,
          { reason: 'restored', details: 'Demo: supervisor in a tailoring unit (fictional).' },
        ],
      ],
      assessments: [
        { daysAgo: 1490, score: 2 },
        { daysAgo: 1310, score: 3 },
        { daysAgo: 950, score: 3 },
        { daysAgo: 400, score: 4 },
      ],
      carePlan: true,
    },
  ];
}

const allItems = (score: number) =>
  Object.fromEntries(instrumentItems(DEFAULT_INSTRUMENT).map((entry) => [entry.item, score]));

export async function seedDemoCareCases(
  trx: Transaction<DatabaseSchema>,
  context: DemoCareCaseContext,
): Promise<number> {
  const list = cases(context);
  for (const [index, demo] of list.entries()) {
    const person = await trx
      .insertInto('person')
      .values({
        pseudonym: newPseudonym('female'),
        organisation_id: context.organisationId,
        sex: 'female',
        age_band: demo.ageBand,
        birth_year_estimate: null,
        origin_state: demo.originState,
        origin_country: demo.originCountry,
        languages: ['bn'],
        created_by: context.socialWorkerId,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const openedAt = daysAgo(demo.openedDaysAgo, 9);
    const year = new Date(Date.parse(openedAt) + 330 * 60_000).getUTCFullYear();
    const events: CareCaseEvent[] = demo.events.map(([type, days, data], position) => {
      const parsed = parseEventData(type, data);
      if (!parsed.ok)
        throw new Error(`demo seed: bad ${type} data: ${JSON.stringify(parsed.issues)}`);
      return {
        id: String(position),
        type,
        occurredAt: daysAgo(days, 10 + position),
        data: parsed.data,
      };
    });
    const state = deriveCareCaseState(events);
    const careCase = await trx
      .insertInto('care_case')
      .values({
        code: `CC-${year}-${String(900 + index).padStart(4, '0')}`,
        organisation_id: context.organisationId,
        person_id: person.id,
        opened_at: new Date(openedAt),
        opened_by: context.socialWorkerId,
        phase: state.phase,
        placement_organisation_id: state.placementOrganisationId,
        rescued_at: state.rescuedAt ? new Date(state.rescuedAt) : null,
        closed_at: state.closedAt ? new Date(state.closedAt) : null,
        closure_reason: state.closureReason,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await trx
      .insertInto('team_membership')
      .values(
        [context.socialWorkerId, context.counsellorId].map((userId) => ({
          entity_type: 'care_case',
          entity_id: careCase.id,
          user_id: userId,
        })),
      )
      .execute();
    await trx
      .insertInto('care_case_event')
      .values(
        events.map((event) => ({
          case_id: careCase.id,
          type: event.type,
          occurred_at: new Date(event.occurredAt),
          recorded_by:
            event.type === 'note.counselling' ? context.counsellorId : context.socialWorkerId,
          data: JSON.stringify(event.data),
          restricted: event.type === 'note.counselling',
          supersedes_id: null,
        })),
      )
      .execute();
    await trx
      .insertInto('consent')
      .values({
        person_id: person.id,
        case_id: careCase.id,
        purpose: 'services',
        given_at: new Date(openedAt),
        given_by: demo.ageBand === '12-14' || demo.ageBand === '15-17' ? 'cwc' : 'survivor',
        method: demo.ageBand === '12-14' || demo.ageBand === '15-17' ? 'cwc_order' : 'written',
        language: 'bn',
        recorded_by: context.socialWorkerId,
      })
      .execute();
    if (demo.carePlan) {
      const plan = await trx
        .insertInto('care_plan')
        .values({
          case_id: careCase.id,
          status: 'approved',
          summary: 'Demo care plan (fictional): safety, schooling or training, family.',
          created_by: context.socialWorkerId,
          approved_by: context.managerId,
          approved_at: new Date(openedAt),
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      await trx
        .insertInto('care_plan_goal')
        .values([
          {
            care_plan_id: plan.id,
            domain: 'safety',
            description: 'Safe placement; no contact from the accused',
            services: [],
            target_date: null,
            status: 'achieved',
            position: 0,
          },
          {
            care_plan_id: plan.id,
            domain: 'economic_empowerment_education',
            description: 'School or vocational training',
            services: ['education', 'vocational_training'],
            target_date: null,
            status: 'in_progress',
            position: 1,
          },
          {
            care_plan_id: plan.id,
            domain: 'social_support',
            description: 'Family tracing and home investigation',
            services: ['family_tracing', 'home_investigation_report'],
            target_date: null,
            status: 'in_progress',
            position: 2,
          },
        ])
        .execute();
    }
    for (const [position, assessment] of demo.assessments.entries()) {
      const items = allItems(assessment.score);
      const scores = scoreAssessment(DEFAULT_INSTRUMENT, items);
      const row = await trx
        .insertInto('assessment')
        .values({
          case_id: careCase.id,
          instrument_id: DEFAULT_INSTRUMENT.id,
          instrument_version: DEFAULT_INSTRUMENT.version,
          assessed_at: new Date(daysAgo(assessment.daysAgo)),
          assessed_by: context.counsellorId,
          kind: position === 0 ? 'intake' : position === 1 ? 'six_month' : 'annual',
          domain_scores: JSON.stringify(scores.domains),
          sub_domain_scores: JSON.stringify(scores.subDomains),
          overall: scores.overall,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      await trx
        .insertInto('assessment_item_score')
        .values(
          Object.entries(items).map(([item, score]) => ({
            assessment_id: row.id,
            item_key: item,
            score,
          })),
        )
        .execute();
    }
    if (state.phase !== 'closed') {
      const next = demo.assessments.length;
      await trx
        .insertInto('task')
        .values({
          case_id: careCase.id,
          kind: 'assessment_due',
          source_key: `assessment:${next + 1}`,
          title:
            next === 0
              ? 'Intake outcome assessment'
              : next === 1
                ? 'Six-month outcome assessment'
                : 'Annual outcome assessment',
          // The case's responsible worker, as for tasks the server schedules.
          assignee_id: context.socialWorkerId,
          due_at: new Date(Date.now() + (next === 0 ? 27 : next === 1 ? -5 : 60) * DAY),
        })
        .execute();
    }
  }
  return list.length;
}
