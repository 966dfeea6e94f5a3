import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { DatabaseSchema } from '../../platform/db/schema.ts';

/**
 * Fictional justice-system activity for the dashboard's test, the demo and the benchmark: legal
 * cases with their events and deadlines, compensation claims, rescues with the persons rescued,
 * and care cases. Deterministic for a seed. Returns what it generated, so a test can count the
 * figures directly and compare them with the dashboard's.
 */
export interface GeneratedCase {
  id: string;
  stationId: string;
  firAt: Date;
  chargesheetAt: Date | null;
  judgmentAt: Date | null;
  verdicts: ('convicted' | 'acquitted')[];
  hearings: { at: Date; adjourned: boolean }[];
  defaultBailAt: Date | null;
  appealAt: Date | null;
  /** A chargesheet recorded and then corrected away (voided): it must not count. */
  voidedChargesheetAt: Date | null;
  deadline: { dueAt: Date; status: 'met' | 'met_late' | 'overdue' } | null;
  claim: { appliedAt: Date; awardedAt: Date | null; disbursedAt: Date | null } | null;
}

export interface GeneratedRescue {
  at: Date;
  district: string;
  persons: number;
}

export interface GeneratedCareCase {
  phase: string;
  restoredAt: Date | null;
}

export interface Generated {
  cases: GeneratedCase[];
  rescues: GeneratedRescue[];
  careCases: GeneratedCareCase[];
}

const DAY = 86_400_000;

function randomSource(seed: number) {
  let state = seed >>> 0 || 1;
  return () => {
    state = (state * 1664525 + 1013904223) >>> 0;
    return state / 4294967296;
  };
}

export interface GenerateOptions {
  organisationId: string;
  stationIds: string[];
  courtId: string | null;
  cases: number;
  rescues: number;
  /** false: rescues without care cases (the demo's care cases come with their own events). */
  careCases?: boolean;
  /** Events and cases fall between these instants. */
  from: Date;
  to: Date;
  seed?: number;
  /** Rows per INSERT statement. */
  batch?: number;
}

export async function generateJusticeActivity(
  db: Kysely<DatabaseSchema>,
  options: GenerateOptions,
): Promise<Generated> {
  const random = randomSource(options.seed ?? 14);
  const span = options.to.getTime() - options.from.getTime();
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
  const cases: GeneratedCase[] = [];
  const caseRows: DatabaseSchema['legal_case'][] = [];
  const eventRows: {
    id: string;
    legal_case_id: string;
    type: string;
    occurred_at: Date;
    data: string;
    supersedes_id: string | null;
  }[] = [];
  const obligationRows: Record<string, unknown>[] = [];
  const claimRows: Record<string, unknown>[] = [];
  const before = (instant: Date) => instant.getTime() <= options.to.getTime();

  for (let index = 0; index < options.cases; index += 1) {
    const id = randomUUID();
    const stationId = pick(options.stationIds);
    const firAt = new Date(options.from.getTime() + random() * span * 0.9);
    const event = (
      type: string,
      at: Date,
      data: Record<string, unknown> = {},
      supersedes: string | null = null,
    ) => {
      const eventId = randomUUID();
      eventRows.push({
        id: eventId,
        legal_case_id: id,
        type,
        occurred_at: at,
        data: JSON.stringify(data),
        supersedes_id: supersedes,
      });
      return eventId;
    };
    event('fir.registered', firAt);
    const generated: GeneratedCase = {
      id,
      stationId,
      firAt,
      chargesheetAt: null,
      judgmentAt: null,
      verdicts: [],
      hearings: [],
      defaultBailAt: null,
      appealAt: null,
      voidedChargesheetAt: null,
      deadline: null,
      claim: null,
    };
    if (random() < 0.08) {
      const at = new Date(firAt.getTime() + 5 * DAY);
      if (before(at)) {
        const wrong = event('chargesheet.filed', at, { accused: ['A1'] });
        event(
          'event.voided',
          new Date(at.getTime() + DAY),
          { reason: 'recorded on the wrong case' },
          wrong,
        );
        generated.voidedChargesheetAt = at;
      }
    }
    const chargesheetAt = new Date(firAt.getTime() + (20 + Math.floor(random() * 130)) * DAY);
    if (random() < 0.8 && before(chargesheetAt)) {
      generated.chargesheetAt = chargesheetAt;
      event('chargesheet.filed', chargesheetAt, { accused: ['A1'] });
    }
    const dueAt = new Date(firAt.getTime() + 60 * DAY);
    if (before(dueAt)) {
      const status =
        generated.chargesheetAt === null
          ? 'overdue'
          : generated.chargesheetAt.getTime() <= dueAt.getTime()
            ? 'met'
            : 'met_late';
      generated.deadline = { dueAt, status };
      obligationRows.push({
        case_type: 'legal_case',
        case_id: id,
        organisation_id: options.organisationId,
        case_code: `GEN-${index}`,
        obligation_key: 'IN.BNSS.187.chargesheet:A1',
        rule: 'IN.BNSS.187.chargesheet',
        title: 'Chargesheet within the statutory period',
        citation: 'BNSS s.187(3)',
        subject: 'A1',
        starts_at: firAt,
        due_at: dueAt,
        status,
        met_at: generated.chargesheetAt,
        consequence: 'accused-right-accrues',
        confidence: 'S',
        unconfirmed: false,
        responsible_role: 'investigating_officer',
        alerts_at: '{}',
        explanation: JSON.stringify({}),
        computed_at: options.to,
      });
    }
    if (random() < 0.1) {
      const at = new Date(firAt.getTime() + (61 + Math.floor(random() * 30)) * DAY);
      if (before(at)) {
        generated.defaultBailAt = at;
        event('accused.bailed', at, { accused: 'A1', kind: 'default' });
      }
    }
    if (generated.chargesheetAt) {
      const hearingCount = Math.floor(random() * 4);
      for (let hearing = 0; hearing < hearingCount; hearing += 1) {
        const at = new Date(generated.chargesheetAt.getTime() + (30 + hearing * 40) * DAY);
        if (!before(at)) break;
        const adjourned = random() < 0.4;
        generated.hearings.push({ at, adjourned });
        event('court.hearing', at, { adjourned, purpose: 'evidence' });
      }
      const judgmentAt = new Date(
        generated.chargesheetAt.getTime() + (150 + Math.floor(random() * 300)) * DAY,
      );
      if (random() < 0.5 && before(judgmentAt)) {
        generated.judgmentAt = judgmentAt;
        generated.verdicts = Array.from({ length: 1 + Math.floor(random() * 2) }, () =>
          random() < 0.6 ? 'convicted' : 'acquitted',
        );
        event('court.judgment', judgmentAt, {
          verdicts: generated.verdicts.map((verdict, position) => ({
            accused: `A${position + 1}`,
            verdict,
          })),
        });
        const appealAt = new Date(judgmentAt.getTime() + 40 * DAY);
        if (random() < 0.3 && before(appealAt)) {
          generated.appealAt = appealAt;
          // The State appeals an acquittal; a convicted accused appeals his conviction.
          event(
            'appeal.filed',
            appealAt,
            generated.verdicts.includes('acquitted')
              ? { by: 'state' }
              : { by: 'accused', accused: 'A1' },
          );
        }
      }
    }
    if (random() < 0.4) {
      const appliedAt = new Date(firAt.getTime() + 30 * DAY);
      if (before(appliedAt)) {
        const awardedAt = new Date(appliedAt.getTime() + (30 + Math.floor(random() * 200)) * DAY);
        const awarded = random() < 0.6 && before(awardedAt) ? awardedAt : null;
        const disbursedAt = awarded
          ? new Date(awarded.getTime() + (10 + Math.floor(random() * 120)) * DAY)
          : null;
        const disbursed = disbursedAt && random() < 0.6 && before(disbursedAt) ? disbursedAt : null;
        generated.claim = { appliedAt, awardedAt: awarded, disbursedAt: disbursed };
        claimRows.push({
          legal_case_id: id,
          victim_ref: 'V1',
          scheme: 'WB-VCS-2017',
          authority: 'DLSA',
          status: disbursed ? 'disbursed' : awarded ? 'awarded' : 'applied',
          applied_at: appliedAt,
          amount_applied: 200_000,
          awarded_at: awarded,
          amount_sanctioned: awarded ? 150_000 : null,
          disbursed_at: disbursed,
          amount_disbursed: disbursed ? 150_000 : 0,
        });
      }
    }
    caseRows.push({
      id,
      organisation_id: options.organisationId,
      fir_police_station_id: stationId,
      fir_number: `G${options.seed ?? 14}-${index}`,
      fir_year: firAt.getUTCFullYear(),
      fir_date: firAt.toISOString().slice(0, 10),
      court_id: options.courtId,
      forum: 'magistrate',
      offences: ['ITPA:3', 'ITPA:4'],
      stage: generated.judgmentAt
        ? 'judgment'
        : generated.chargesheetAt
          ? 'trial'
          : 'investigation',
    } as unknown as DatabaseSchema['legal_case']);
    cases.push(generated);
  }

  const rescues: GeneratedRescue[] = [];
  const rescueRows: Record<string, unknown>[] = [];
  const personRows: Record<string, unknown>[] = [];
  const rescuedRows: Record<string, unknown>[] = [];
  const careRows: Record<string, unknown>[] = [];
  const careCases: GeneratedCareCase[] = [];
  const phases = ['intake', 'interim_care', 'shelter_care', 'reintegration', 'follow_up'];
  const districts = ['Fictionpur', 'Nowhere'];
  for (let index = 0; index < options.rescues; index += 1) {
    const id = randomUUID();
    const at = new Date(options.from.getTime() + random() * span);
    const persons = 1 + Math.floor(random() * 4);
    const district = pick(districts);
    rescues.push({ at, district, persons });
    rescueRows.push({
      id,
      organisation_id: options.organisationId,
      occurred_at: at,
      district,
      legal_basis: 'ITPA:15',
    });
    for (let person = 0; person < persons; person += 1) {
      const personId = randomUUID();
      personRows.push({
        id: personId,
        pseudonym: `Gen ${options.seed ?? 14}-${index}-${person}`,
        organisation_id: options.organisationId,
        sex: 'female',
        age_band: '18-24',
        languages: '{bn}',
      });
      rescuedRows.push({ rescue_operation_id: id, person_id: personId, role: 'rescued' });
      const restored = random() < 0.3;
      const restoredAt = restored ? new Date(at.getTime() + (180 + random() * 200) * DAY) : null;
      const closed = restoredAt !== null && before(restoredAt);
      const phase = closed ? 'closed' : pick(phases);
      careCases.push({ phase, restoredAt: closed ? restoredAt : null });
      careRows.push({
        code: `GEN-${index}-${person}-${(options.seed ?? 14).toString(36)}`,
        organisation_id: options.organisationId,
        person_id: personId,
        opened_at: at,
        phase,
        rescued_at: at,
        closed_at: closed ? restoredAt : null,
        closure_reason: closed ? 'restored' : null,
      });
    }
  }

  const batch = options.batch ?? 1000;
  const insert = async (table: string, rows: readonly Record<string, unknown>[]) => {
    for (let start = 0; start < rows.length; start += batch) {
      await db
        .insertInto(table as 'legal_case')
        .values(rows.slice(start, start + batch) as never)
        .execute();
    }
  };
  await insert('legal_case', caseRows as unknown as Record<string, unknown>[]);
  await insert('legal_case_event', eventRows);
  await insert('obligation', obligationRows);
  await insert('compensation_claim', claimRows);
  await insert('person', personRows);
  await insert('rescue_operation', rescueRows);
  await insert('rescue_operation_person', rescuedRows);
  if (options.careCases !== false) await insert('care_case', careRows);
  return { cases, rescues, careCases: options.careCases === false ? [] : careCases };
}
