import {
  checkNewLegalEvent,
  effectiveLegalTimeline,
  parseLegalEventData,
  summariseLegalCase,
  type Forum,
  type LegalEvent,
  type LegalEventType,
} from '@dawn/core';
import type { Kysely } from 'kysely';
import type { Config } from '../../platform/config.ts';
import { foldDashboardCounters } from '../../platform/db/dashboard-counters.ts';
import type { DatabaseSchema } from '../../platform/db/schema.ts';
import type { Vault } from '../../platform/vault/vault.ts';
import { summaryColumns } from '../legal-cases/legal-case-derived.ts';
import { toIndiaIso } from '../legal-cases/legal-case.repository.ts';
import {
  legalCaseCode,
  legalCaseObligationSource,
} from '../obligations/legal-case.obligation-source.ts';
import { sweepCases } from '../obligations/obligation.sweep.ts';
import { scaleCarePseudonym } from './scale-care-cases.ts';

/**
 * Synthetic legal cases for trying the legal lists and deadlines at a programme's size: `count`
 * FIRs ("SCALE-0000123") at the run's police stations, followed by its NGOs, each with one victim
 * (the person of the run's care case of the same number when there is one, else "Scale Victim …")
 * and one accused ("Scale Accused …"), pseudonyms only, nothing in the vault. A third are under
 * investigation with the chargesheet clock running or overdue, a third chargesheeted in time, a
 * third in trial (committed to the Court of Session when it tries the offence) with a hearing to
 * come. Events pass the API's parsers and sequence rules. Each batch is a fixed number of
 * statements; its deadlines are then computed and stored as if its events had just been recorded.
 */
const BATCH = 500;
const DAY = 86_400_000;
const HOUR = 3_600_000;
const INDIA_OFFSET = 330 * 60_000;
const CHILD_BANDS = new Set(['0-11', '12-14', '15-17']);

export interface ScaleLegalCaseInput {
  count: number;
  runId: string;
  /** The organisations that follow the cases (as for care cases). */
  organisationIds: string[];
  /** The police stations where the FIRs are registered (their names title the cases). */
  stations: { id: string; name: string }[];
  courtIds: string[];
  /** Care cases of this run: legal case i's victim is care case i's person, for i below this. */
  careCases: number;
  /** What the deadline engine needs: the vault opens a victim's birth date (seeded: none). */
  config: Pick<Config, 'timeZone' | 'publicUrl'>;
  vault: Vault;
}

type Stage = 'investigation' | 'chargesheeted' | 'trial';
const STAGES: Stage[] = ['investigation', 'chargesheeted', 'trial'];
/** Days from the FIR to a stage's last event: the FIR is at least this long (and two days) ago. */
const SPAN: Record<Stage, number> = { investigation: 1, chargesheeted: 45, trial: 70 };

type PlannedEvent = { type: LegalEventType; at: Date; data: Record<string, unknown> };

/** Midnight in India `days` before today, as an instant. */
function indiaMidnight(now: Date, days: number): number {
  const local = now.getTime() + INDIA_OFFSET;
  return local - (local % DAY) - INDIA_OFFSET - days * DAY;
}

function timelineOf(
  index: number,
  stage: Stage,
  legal: { offences: string[]; forum: Forum },
  now: Date,
): PlannedEvent[] {
  const { offences, forum } = legal;
  const firDay = indiaMidnight(now, SPAN[stage] + 2 + ((index * 37) % 540));
  const at = (day: number, hours: number) => new Date(firDay + day * DAY + hours * HOUR);
  const events: PlannedEvent[] = [
    { type: 'fir.registered', at: at(0, 10), data: { offences } },
    { type: 'accused.arrested', at: at(0, 14), data: { accused: 'A1' } },
    { type: 'victim.medical_examined', at: at(0, 16), data: { victim: 'V1' } },
    { type: 'accused.produced_before_magistrate', at: at(1, 11), data: { accused: 'A1' } },
    { type: 'accused.remanded', at: at(1, 12), data: { accused: 'A1', custody: 'judicial' } },
  ];
  if (stage === 'investigation') return events;
  events.push({ type: 'chargesheet.filed', at: at(45, 11), data: { accused: ['A1'] } });
  if (stage === 'chargesheeted') return events;
  const nextHearing = new Date(indiaMidnight(now, -(7 + (index % 60))) + 10.5 * HOUR);
  const firstHearing = { nextDate: toIndiaIso(at(70, 10.5)) };
  if (forum === 'sessions') {
    // Cognizance by the Magistrate, then committal to the Court of Session (BNSS s.232).
    events.push(
      { type: 'court.cognizance', at: at(52, 11), data: {} },
      { type: 'court.committed', at: at(60, 11), data: firstHearing },
    );
  } else {
    events.push({ type: 'court.cognizance', at: at(52, 11), data: firstHearing });
  }
  events.push({
    type: 'court.hearing',
    at: at(70, 10.5),
    data: {
      purpose: 'documents',
      nextDate: toIndiaIso(nextHearing),
      nextPurpose: 'charge',
      note: 'Synthetic scale data.',
    },
  });
  return events;
}

/** The events as the API would store them: parsed, checked one by one against the rules. */
function checkedEvents(planned: readonly PlannedEvent[], now: Date): LegalEvent[] {
  const recorded: LegalEvent[] = [];
  for (const { type, at, data } of planned) {
    const occurredAt = toIndiaIso(at);
    const event: LegalEvent = {
      id: String(recorded.length),
      type,
      occurredAt,
      recordedAt: occurredAt,
      supersedes: null,
      officials: [],
      data: parseLegalEventData(type, data),
    };
    checkNewLegalEvent({ victims: ['V1'], accused: ['A1'] }, recorded, event, now);
    recorded.push(event);
  }
  return recorded;
}

export async function seedScaleLegalCases(
  db: Kysely<DatabaseSchema>,
  input: ScaleLegalCaseInput,
  onProgress: (done: number) => void = () => undefined,
): Promise<number> {
  const { count, runId, organisationIds, stations, courtIds, careCases } = input;
  if (organisationIds.length === 0 || stations.length === 0)
    throw new Error('scale seed: no organisation or police station for legal cases');
  const source = legalCaseObligationSource(input.vault);
  const pad = (index: number) => String(index).padStart(7, '0');
  const pick = <T>(list: readonly T[], index: number): T | undefined => list[index % list.length];
  for (let start = 0; start < count; start += BATCH) {
    const now = new Date();
    const indexes = Array.from(
      { length: Math.min(BATCH, count - start) },
      (_unused, i) => start + i,
    );
    // The victims who are this run's care-case persons, in one statement.
    const carePseudonyms = indexes
      .filter((index) => index < careCases)
      .map((index) => scaleCarePseudonym(runId, index));
    const carePersons = new Map(
      carePseudonyms.length === 0
        ? []
        : (
            await db
              .selectFrom('person')
              .select(['id', 'pseudonym', 'organisation_id', 'age_band'])
              .where('pseudonym', 'in', carePseudonyms)
              .execute()
          ).map((person) => [person.pseudonym, person]),
    );
    const plans = indexes.map((index) => {
      const carePerson =
        index < careCases ? carePersons.get(scaleCarePseudonym(runId, index)) : undefined;
      const victimAgeBand =
        carePerson?.age_band ?? ['15-17', '18-24', '25-34'][Math.floor(index / 3) % 3] ?? '18-24';
      const child = CHILD_BANDS.has(victimAgeBand);
      const offences = child ? ['BNS:143(4)'] : index % 2 === 0 ? ['BNS:143(3)'] : ['ITPA:5'];
      const forum: Forum = offences[0] === 'ITPA:5' ? 'magistrate' : 'sessions';
      const stage = pick(STAGES, index) ?? 'investigation';
      const events = checkedEvents(timelineOf(index, stage, { offences, forum }, now), now);
      const station = pick(stations, index) ?? stations[0];
      const firAt = events[0]?.occurredAt ?? toIndiaIso(now);
      return {
        index,
        firNumber: `SCALE-${pad(index)}`,
        firAt,
        station,
        organisationId: carePerson?.organisation_id ?? pick(organisationIds, index) ?? '',
        courtId: stage === 'trial' ? (pick(courtIds, index) ?? null) : null,
        forum,
        offences,
        victimAgeBand,
        carePersonId: carePerson?.id ?? null,
        events,
        summary: summariseLegalCase(['A1'], effectiveLegalTimeline(events), now),
      };
    });
    const ids = await db.transaction().execute(async (trx) => {
      const persons = await trx
        .insertInto('person')
        .values(
          plans.flatMap((plan) => [
            ...(plan.carePersonId === null
              ? [
                  {
                    pseudonym: `Scale Victim ${runId}-${pad(plan.index)}`,
                    organisation_id: plan.organisationId,
                    sex: 'female' as const,
                    age_band: plan.victimAgeBand,
                    birth_year_estimate: null,
                    origin_state: 'West Bengal',
                    origin_country: 'IN',
                    languages: ['bn'],
                    created_by: null,
                  },
                ]
              : []),
            {
              pseudonym: `Scale Accused ${runId}-${pad(plan.index)}`,
              organisation_id: plan.organisationId,
              sex: 'male' as const,
              age_band: plan.index % 2 === 0 ? '25-34' : '35+',
              birth_year_estimate: null,
              origin_state: 'West Bengal',
              origin_country: 'IN',
              languages: ['bn'],
              created_by: null,
            },
          ]),
        )
        .returning(['id', 'pseudonym'])
        .execute();
      const personId = new Map(persons.map((person) => [person.pseudonym, person.id]));
      const cases = await trx
        .insertInto('legal_case')
        .values(
          plans.map((plan) => ({
            organisation_id: plan.organisationId,
            fir_police_station_id: plan.station?.id ?? null,
            fir_number: plan.firNumber,
            fir_year: Number(plan.firAt.slice(0, 4)),
            fir_date: plan.firAt.slice(0, 10),
            court_id: plan.courtId,
            forum: plan.forum,
            offences: plan.offences,
            created_by: null,
            created_at: new Date(plan.firAt),
            // The derived columns as the API's `refreshDerived` writes them, in the insert.
            ...summaryColumns(plan.summary, now),
          })),
        )
        .returning(['id', 'fir_number'])
        .execute();
      const caseId = new Map(cases.map((row) => [row.fir_number, row.id]));
      const idOf = (plan: (typeof plans)[number]) => caseId.get(plan.firNumber) ?? '';
      await trx
        .insertInto('legal_case_party')
        .values(
          plans.flatMap((plan) => [
            {
              legal_case_id: idOf(plan),
              ref: 'V1',
              role: 'victim' as const,
              person_id:
                plan.carePersonId ?? personId.get(`Scale Victim ${runId}-${pad(plan.index)}`) ?? '',
            },
            {
              legal_case_id: idOf(plan),
              ref: 'A1',
              role: 'accused' as const,
              person_id: personId.get(`Scale Accused ${runId}-${pad(plan.index)}`) ?? '',
            },
          ]),
        )
        .execute();
      await trx
        .insertInto('legal_case_event')
        .values(
          plans.flatMap((plan) =>
            plan.events.map((event) => ({
              legal_case_id: idOf(plan),
              type: event.type,
              occurred_at: new Date(event.occurredAt),
              recorded_at: new Date(event.occurredAt),
              recorded_by: null,
              data: JSON.stringify(event.data),
              supersedes_id: null,
            })),
          ),
        )
        .execute();
      return plans.map(idOf);
    });
    // The batch's deadlines, as recording its events would have stored them (and marked swept).
    await sweepCases(
      db,
      input.config,
      source,
      plans.map((plan, offset) => ({
        id: ids[offset] ?? '',
        organisationId: plan.organisationId,
        code: legalCaseCode({
          id: ids[offset] ?? '',
          fir_number: plan.firNumber,
          fir_year: Number(plan.firAt.slice(0, 4)),
          station_name: plan.station?.name ?? null,
        }),
      })),
      now,
    );
    onProgress(start + plans.length);
  }
  // As a sweep ends: the dashboard's counters, appended to by every batch, folded.
  await foldDashboardCounters(db);
  return count;
}
