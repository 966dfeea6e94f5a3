import { DomainError } from '../errors.ts';
import {
  LEGAL_EVENT_DATA,
  type CompensationScheme,
  type CUSTODY_KINDS,
  type HEARING_PURPOSES,
  type LegalEvent,
  type LegalEventType,
  type VERDICTS,
} from '../legal-cases/legal-case-events.ts';
import { checkNewLegalEvent } from '../legal-cases/sequence-rules.ts';
import type { ImportProblem } from './import-cells.ts';
import {
  LEGAL_CASE_CREDIT_COLUMNS,
  type LegalCaseCreditField,
} from './legal-case-import-columns.ts';
import { firstStepRefused, inDateOrder } from './import-row-rules.ts';
import type { APPEAL_OUTCOMES, APPEALED_BY, BAIL_DECISIONS } from './legal-case-import-words.ts';

/**
 * A legal-case row's dated columns as the timeline's events: which event each column is (about
 * every accused, every victim or the case), in date order, the next hearing hung on the latest
 * court step, each checked with the timeline's vocabulary (zod) and sequence rules, as the API
 * checks an event recorded by hand.
 */
export interface ImportedLegalCaseEvent {
  type: LegalEventType;
  occurredAt: string;
  data: Record<string, unknown>;
  /** The column naming the official credited on it (absent: nobody); the server finds them. */
  creditedBy?: LegalCaseCreditField;
}

/** What a row's cells said, read and checked: the days are ISO days, the refs V1…, A1…. */
export interface LegalCaseRowSteps {
  victimRefs: string[];
  accusedRefs: string[];
  offences: string[];
  firDate?: string | undefined;
  arrested?: string | undefined;
  produced?: string | undefined;
  remanded?: string | undefined;
  custody: (typeof CUSTODY_KINDS)[number];
  bailDecision?: (typeof BAIL_DECISIONS)[number] | undefined;
  bailDay?: string | undefined;
  statement?: string | undefined;
  chargesheet?: string | undefined;
  cognizance?: string | undefined;
  framed?: string | undefined;
  verdict?: (typeof VERDICTS)[number] | undefined;
  judgmentDay?: string | undefined;
  compensation?:
    | {
        scheme: CompensationScheme;
        amount?: number | undefined;
        applied?: string | undefined;
        awarded?: string | undefined;
        disbursed?: string | undefined;
      }
    | undefined;
  /** Another hearing of the case (`court.hearing`), held unless adjourned. */
  hearing?:
    { day: string; purpose: (typeof HEARING_PURPOSES)[number]; adjourned: boolean } | undefined;
  /** The appeal against the judgment: filed (by whom, in which court), then decided. */
  appeal?:
    | {
        filed?: string;
        by?: (typeof APPEALED_BY)[number];
        court?: string;
        decided?: string;
        outcome?: (typeof APPEAL_OUTCOMES)[number];
      }
    | undefined;
  /** The credit columns the row fills in: their events name the official's column. */
  credited?: readonly LegalCaseCreditField[];
  /** An ISO day, may be in the future: the `nextDate` of the row's latest court step. */
  nextHearing?: string | undefined;
}

/** The court steps a next hearing date can hang on, as the form sets `nextDate` on them. */
const NEXT_DATE_CARRIERS: readonly LegalEventType[] = [
  'accused.produced_before_magistrate',
  'court.cognizance',
  'court.charges_framed',
  'court.hearing',
];

/** A day in India as the instant the timeline stores (midnight, Asia/Kolkata). */
export const legalInstantOf = (date: string) => `${date}T00:00:00+05:30`;

/** The events of a row's dated columns, in the order of the columns. */
export function plannedLegalCaseEvents(steps: LegalCaseRowSteps): ImportedLegalCaseEvent[] {
  const { victimRefs, accusedRefs, bailDecision, bailDay, verdict, compensation } = steps;
  const planned: ImportedLegalCaseEvent[] = [];
  const event = (type: LegalEventType, day: string | undefined, data: Record<string, unknown>) => {
    if (day) planned.push({ type, occurredAt: legalInstantOf(day), data });
  };
  event('fir.registered', steps.firDate, { offences: steps.offences });
  for (const ref of accusedRefs) event('accused.arrested', steps.arrested, { accused: ref });
  for (const ref of accusedRefs)
    event('accused.produced_before_magistrate', steps.produced, { accused: ref });
  for (const ref of accusedRefs)
    event('accused.remanded', steps.remanded, { accused: ref, custody: steps.custody });
  if (bailDecision === 'granted')
    for (const ref of accusedRefs)
      event('accused.bailed', bailDay, { accused: ref, kind: 'regular' });
  // A refusal changes no one's custody: the court heard bail and said no.
  if (bailDecision === 'refused')
    event('court.hearing', bailDay, { purpose: 'bail', outcome: 'bail refused', adjourned: false });
  for (const ref of victimRefs)
    event('victim.statement_recorded', steps.statement, { victim: ref, provision: 'BNSS:183' });
  event('chargesheet.filed', steps.chargesheet, {});
  event('court.cognizance', steps.cognizance, {});
  event('court.charges_framed', steps.framed, {});
  if (steps.hearing) {
    const { day, purpose, adjourned } = steps.hearing;
    event('court.hearing', day, { purpose, adjourned });
  }
  if (verdict)
    event('court.judgment', steps.judgmentDay, {
      verdicts: accusedRefs.map((ref) => ({ accused: ref, verdict })),
    });
  if (steps.appeal) {
    const { filed, by, court, decided, outcome } = steps.appeal;
    event('appeal.filed', filed, { by, ...(court ? { forum: court } : {}) });
    event('appeal.decided', decided, { outcome });
  }
  // Compensation is the first victim's: one award, one amount (record others' on the case).
  if (compensation) {
    const claim = { victim: 'V1', scheme: compensation.scheme };
    const paid = compensation.amount === undefined ? {} : { amountRupees: compensation.amount };
    event('compensation.applied', compensation.applied, { ...claim, ...paid });
    event('compensation.awarded', compensation.awarded, { ...claim, ...paid });
    event('compensation.disbursed', compensation.disbursed, { ...claim, ...paid });
  }
  for (const field of steps.credited ?? []) {
    const credits: readonly LegalEventType[] = LEGAL_CASE_CREDIT_COLUMNS[field].events;
    for (const item of planned) if (credits.includes(item.type)) item.creditedBy = field;
  }
  return planned;
}

/**
 * The row's events in date order, checked as the timeline would take them one by one, or the
 * problem: a next hearing with no court step to hang on (`noCarrier`, said beside its column by
 * the caller), or the first event the rules refuse (`out_of_sequence`).
 */
export function checkLegalCaseTimeline(
  row: number,
  steps: LegalCaseRowSteps,
  today: string,
): { events: ImportedLegalCaseEvent[] } | { noCarrier: true } | { problem: ImportProblem } {
  const ordered = inDateOrder(plannedLegalCaseEvents(steps));
  // The next hearing hangs on the row's latest court step, as the form sets it there.
  if (steps.nextHearing) {
    const carrier = [...ordered].reverse().find((item) => NEXT_DATE_CARRIERS.includes(item.type));
    if (!carrier) return { noCarrier: true };
    carrier.data = { ...carrier.data, nextDate: `${steps.nextHearing}T10:30:00+05:30` };
  }
  const parties = { victims: steps.victimRefs, accused: steps.accusedRefs };
  const now = new Date(`${today}T23:59:59+05:30`);
  const accepted: LegalEvent[] = [];
  const refused = firstStepRefused(row, ordered, (next, index) => {
    const parsed = LEGAL_EVENT_DATA[next.type].safeParse(next.data);
    if (!parsed.success)
      throw new DomainError('VALIDATION_FAILED', parsed.error.issues[0]?.message ?? '');
    const candidate: LegalEvent = {
      id: `row-${String(index)}`,
      type: next.type,
      occurredAt: next.occurredAt,
      recordedAt: new Date(index).toISOString(),
      supersedes: null,
      officials: [],
      data: parsed.data,
    };
    checkNewLegalEvent(parties, accepted, candidate, now);
    next.data = parsed.data;
    accepted.push(candidate);
  });
  return refused ? { problem: refused } : { events: ordered };
}
