import {
  checkNewLegalEvent,
  parseLegalEventData,
  type LegalEvent,
  type LegalEventType,
} from '@dawn/core';
import type { Transaction } from 'kysely';
import type { DatabaseSchema } from '../../platform/db/schema.ts';
import { newPseudonym } from '../persons/person-matching.ts';
import { refreshDerived } from './legal-case-derived.ts';
import { toIndiaIso } from './legal-case.repository.ts';

/**
 * Fictional legal cases for the demo organisation, so a newcomer sees the FIR-to-verdict story
 * and the deadline engine at work: one case whose 60-day chargesheet clock (ITPA s.3, BNSS
 * s.187(3)) ran out about ten days ago, one in trial with a victim's testimony and compensation
 * paid, one acquitted with the appeal clock running, and one just registered with its clocks
 * running. Pseudonyms only: no identity goes to the
 * vault, and every note says it is demo data. Dates are relative to the day of seeding.
 */
export interface DemoLegalCaseContext {
  organisationId: string;
  /** Police stations (fictional) where the FIRs were registered. */
  stationIds: [string, string];
  courtId: string;
  legalOfficerId: string;
}

const DAY_MS = 86_400_000;

/** India time, `days` before now, at the given hour: events of the demo happen in office hours. */
const daysAgo = (days: number, hour = 11, minute = 0): string => {
  const date = new Date(Date.now() - days * DAY_MS);
  date.setUTCHours(hour - 5, minute - 30, 0, 0);
  return toIndiaIso(date);
};

type DemoEvent = [LegalEventType, string, Record<string, unknown>, officials?: string[]];

interface DemoLegalCase {
  firNumber: string;
  station: 0 | 1;
  forum: 'magistrate' | 'sessions' | 'special-pocso';
  inCourt: boolean;
  offences: string[];
  victims: { ageBand: string }[];
  accused: { ageBand: string }[];
  events: DemoEvent[];
}

function cases(officials: { investigatingOfficer?: string; prosecutor?: string }): DemoLegalCase[] {
  const credit = (id: string | undefined) => (id ? [id] : []);
  return [
    {
      // The missed clock: remanded 71 days ago under a 60-day offence, no chargesheet since.
      firNumber: '214',
      station: 0,
      forum: 'magistrate',
      inCourt: false,
      offences: ['ITPA:3'],
      victims: [{ ageBand: '18-24' }],
      accused: [{ ageBand: '35+' }],
      events: [
        ['fir.registered', daysAgo(72, 9, 30), { offences: ['ITPA:3'] }],
        ['victim.rescued', daysAgo(72, 2), { victim: 'V1' }],
        ['accused.arrested', daysAgo(72, 14), { accused: 'A1' }],
        ['accused.produced_before_magistrate', daysAgo(71, 11), { accused: 'A1' }],
        ['accused.remanded', daysAgo(71, 12), { accused: 'A1', custody: 'judicial' }],
        [
          'court.hearing',
          daysAgo(30),
          {
            purpose: 'bail',
            outcome: 'Demo: bail rejected (fictional).',
            nextDate: daysAgo(-12, 10, 30),
            nextPurpose: 'remand',
          },
        ],
        [
          'compensation.applied',
          daysAgo(40),
          {
            victim: 'V1',
            scheme: 'WB-VCS-2017',
            authority: 'Demo DLSA (fictional)',
            amountRupees: 100_000,
          },
        ],
      ],
    },
    {
      // In trial: chargesheet in time, the survivor has testified, compensation paid.
      firNumber: '87',
      station: 1,
      forum: 'special-pocso',
      inCourt: true,
      offences: ['BNS:143(4)', 'POCSO:6'],
      victims: [{ ageBand: '15-17' }],
      accused: [{ ageBand: '25-34' }, { ageBand: '35+' }],
      events: [
        ['victim.rescued', daysAgo(400, 1), { victim: 'V1' }],
        ['fir.registered', daysAgo(400, 6), { offences: ['BNS:143(4)', 'POCSO:6'] }],
        ['victim.produced_before_cwc', daysAgo(400, 15), { victim: 'V1' }],
        ['police.reported_to_cwc_and_court', daysAgo(400, 18), {}],
        ['accused.arrested', daysAgo(400, 8), { accused: 'A1' }],
        ['accused.produced_before_magistrate', daysAgo(400, 17), { accused: 'A1' }],
        ['accused.remanded', daysAgo(400, 18), { accused: 'A1', custody: 'judicial' }],
        ['accused.absconded', daysAgo(398), { accused: 'A2' }],
        [
          'chargesheet.filed',
          daysAgo(330),
          { accused: ['A1'], note: 'Demo: filed on day 70 of 90 (fictional).' },
          credit(officials.investigatingOfficer),
        ],
        [
          'compensation.applied',
          daysAgo(350),
          { victim: 'V1', scheme: 'POCSO-R9', amountRupees: 300_000 },
        ],
        [
          'compensation.interim_awarded',
          daysAgo(320),
          { victim: 'V1', scheme: 'POCSO-R9', amountRupees: 50_000 },
        ],
        ['court.cognizance', daysAgo(300), { nextDate: daysAgo(280, 10, 30) }],
        ['court.charge_hearing', daysAgo(280, 10, 30), {}],
        [
          'court.charges_framed',
          daysAgo(270),
          { accused: ['A1'], nextDate: daysAgo(200, 10, 30) },
          credit(officials.prosecutor),
        ],
        [
          'compensation.awarded',
          daysAgo(250),
          { victim: 'V1', scheme: 'POCSO-R9', amountRupees: 300_000 },
        ],
        [
          'compensation.disbursed',
          daysAgo(230),
          { victim: 'V1', scheme: 'POCSO-R9', amountRupees: 250_000 },
        ],
        [
          'court.hearing',
          daysAgo(200, 10, 30),
          {
            purpose: 'victim_evidence',
            witnesses: ['V1'],
            nextDate: daysAgo(-14, 10, 30),
            nextPurpose: 'defence_evidence',
          },
        ],
        ['victim.deposition_recorded', daysAgo(200, 13), { victim: 'V1' }],
      ],
    },
    {
      // Acquitted 70 days ago (issue 18): an adult woman rescued under the ITPA, her custody
      // within its caps, the trial done; the certified copy took 5 days, so the 90-day appeal
      // clock (Limitation Act Art. 114, s.12(2)) is due in about 25 days and alerted.
      firNumber: '131',
      station: 1,
      forum: 'sessions',
      inCourt: true,
      offences: ['BNS:64', 'BNS:143(3)'],
      victims: [{ ageBand: '18-24' }],
      accused: [{ ageBand: '25-34' }],
      events: [
        ['fir.registered', daysAgo(260, 8), { offences: ['BNS:64', 'BNS:143(3)'] }],
        ['victim.medical_examined', daysAgo(260, 12), { victim: 'V1' }],
        ['victim.intermediate_custody_ordered', daysAgo(260, 16), { victim: 'V1' }],
        ['accused.arrested', daysAgo(259, 10), { accused: 'A1' }],
        ['medical.report_forwarded', daysAgo(258, 10), { victim: 'V1' }],
        ['accused.produced_before_magistrate', daysAgo(258, 11), { accused: 'A1' }],
        ['accused.remanded', daysAgo(258, 12), { accused: 'A1', custody: 'judicial' }],
        ['victim.produced_before_magistrate', daysAgo(258, 11), { victim: 'V1' }],
        ['victim.interim_custody_ordered', daysAgo(258, 12), { victim: 'V1' }],
        [
          'victim.released',
          daysAgo(245),
          { victim: 'V1', note: 'Demo: released to her family with her consent (fictional).' },
        ],
        ['chargesheet.filed', daysAgo(205), {}, credit(officials.investigatingOfficer)],
        ['accused.appeared_after_chargesheet', daysAgo(195), { accused: 'A1' }],
        ['court.cognizance', daysAgo(190), {}],
        ['court.documents_supplied', daysAgo(185), { accused: ['A1'] }],
        ['court.committed', daysAgo(170), {}],
        ['court.charge_hearing', daysAgo(150), {}],
        ['court.charges_framed', daysAgo(140), {}, credit(officials.prosecutor)],
        ['court.arguments_concluded', daysAgo(95, 16), {}],
        [
          'court.judgment',
          daysAgo(70, 15),
          { verdicts: [{ accused: 'A1', verdict: 'acquitted' }], note: 'Demo (fictional).' },
        ],
        ['certified_copy.applied', daysAgo(69), {}],
        ['certified_copy.received', daysAgo(64), {}],
      ],
    },
    {
      // Just registered: the chargesheet clock (90 days, a child trafficked) is running.
      firNumber: '9',
      station: 0,
      forum: 'sessions',
      inCourt: false,
      offences: ['BNS:143(4)'],
      victims: [{ ageBand: '15-17' }],
      accused: [{ ageBand: '35+' }],
      events: [
        ['victim.rescued', daysAgo(5, 1), { victim: 'V1' }],
        ['fir.registered', daysAgo(5, 6), { offences: ['BNS:143(4)'] }],
        ['victim.produced_before_cwc', daysAgo(5, 14), { victim: 'V1' }],
        ['accused.arrested', daysAgo(5, 14), { accused: 'A1' }],
        ['accused.produced_before_magistrate', daysAgo(4, 11), { accused: 'A1' }],
        ['accused.remanded', daysAgo(4, 12), { accused: 'A1', custody: 'police', days: 7 }],
      ],
    },
  ];
}

async function aPerson(
  trx: Transaction<DatabaseSchema>,
  context: DemoLegalCaseContext,
  sex: 'female' | 'male',
  ageBand: string,
): Promise<string> {
  const row = await trx
    .insertInto('person')
    .values({
      pseudonym: newPseudonym(sex),
      organisation_id: context.organisationId,
      sex,
      age_band: ageBand,
      birth_year_estimate: null,
      origin_state: 'West Bengal',
      origin_country: 'IN',
      languages: ['bn'],
      created_by: context.legalOfficerId,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/** Seeds the demo legal cases in the demo seed's transaction; returns how many. */
export async function seedDemoLegalCases(
  trx: Transaction<DatabaseSchema>,
  context: DemoLegalCaseContext,
): Promise<number> {
  const officials = await trx
    .selectFrom('official')
    .select(['id', 'organisation_id', 'designation'])
    .where('organisation_id', 'in', [...context.stationIds, context.courtId])
    .execute();
  const investigatingOfficer = officials.find(
    (official) => official.organisation_id === context.stationIds[1],
  )?.id;
  const prosecutor = officials.find((official) => /prosecutor/i.test(official.designation))?.id;
  const list = cases({
    ...(investigatingOfficer ? { investigatingOfficer } : {}),
    ...(prosecutor ? { prosecutor } : {}),
  });
  const now = new Date();
  for (const demo of list) {
    const firAt = demo.events.find(([type]) => type === 'fir.registered')?.[1];
    if (!firAt) throw new Error('demo seed: a legal case without its FIR');
    const legalCase = await trx
      .insertInto('legal_case')
      .values({
        organisation_id: context.organisationId,
        fir_police_station_id: context.stationIds[demo.station],
        fir_number: demo.firNumber,
        fir_year: Number(firAt.slice(0, 4)),
        fir_date: firAt.slice(0, 10),
        court_id: demo.inCourt ? context.courtId : null,
        forum: demo.forum,
        offences: demo.offences,
        investigating_officer_id: demo.inCourt ? (investigatingOfficer ?? null) : null,
        public_prosecutor_id: demo.inCourt ? (prosecutor ?? null) : null,
        created_by: context.legalOfficerId,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await trx
      .insertInto('team_membership')
      .values({
        entity_type: 'legal_case',
        entity_id: legalCase.id,
        user_id: context.legalOfficerId,
      })
      .execute();
    const parties = [
      ...demo.victims.map((victim, index) => ({ ...victim, role: 'victim' as const, index })),
      ...demo.accused.map((accused, index) => ({ ...accused, role: 'accused' as const, index })),
    ];
    for (const party of parties) {
      const personId = await aPerson(
        trx,
        context,
        party.role === 'victim' ? 'female' : 'male',
        party.ageBand,
      );
      await trx
        .insertInto('legal_case_party')
        .values({
          legal_case_id: legalCase.id,
          ref: `${party.role === 'victim' ? 'V' : 'A'}${party.index + 1}`,
          role: party.role,
          person_id: personId,
        })
        .execute();
    }
    const refs = {
      victims: demo.victims.map((_victim, index) => `V${index + 1}`),
      accused: demo.accused.map((_accused, index) => `A${index + 1}`),
    };
    // The same judgement as the API: the parsers and sequence rules see every event in turn.
    const recorded: LegalEvent[] = [];
    const ordered = [...demo.events].sort(
      (left, right) => Date.parse(left[1]) - Date.parse(right[1]),
    );
    for (const [type, occurredAt, raw, credited = []] of ordered) {
      const event: LegalEvent = {
        id: String(recorded.length),
        type,
        occurredAt,
        recordedAt: occurredAt,
        supersedes: null,
        officials: credited,
        data: parseLegalEventData(type, raw),
      };
      checkNewLegalEvent(refs, recorded, event, now);
      recorded.push(event);
      const row = await trx
        .insertInto('legal_case_event')
        .values({
          legal_case_id: legalCase.id,
          type,
          occurred_at: new Date(occurredAt),
          recorded_at: new Date(occurredAt),
          recorded_by: context.legalOfficerId,
          data: JSON.stringify(event.data),
          supersedes_id: null,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      if (credited.length > 0) {
        await trx
          .insertInto('legal_case_event_official')
          .values(credited.map((officialId) => ({ event_id: row.id, official_id: officialId })))
          .execute();
      }
    }
    await refreshDerived(trx, legalCase.id, now);
  }
  return list.length;
}
