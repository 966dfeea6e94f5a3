import type {
  DeadlineInput,
  DeadlineInputEvent,
  PersonAgeBand,
} from '../deadlines/deadline-input.schema.ts';
import { INDIA_EVENTS } from '../deadlines/india-events.ts';
import type { Forum, LegalEvent, LegalEventData, LegalEventType } from './legal-case-events.ts';
import { effectiveLegalTimeline } from './timeline.ts';

/** What the deadline engine needs to know of a legal case besides its events. */
export interface LegalCaseFacts {
  readonly offences: readonly string[];
  readonly forum: Forum | null;
  readonly victims: readonly {
    readonly ref: string;
    readonly birthDate?: string | null;
    /** Used only without a birth date, like the estimated birth year. */
    readonly ageBand?: { readonly band: PersonAgeBand; readonly on: string } | null;
    readonly birthYearEstimate?: number | null;
  }[];
  readonly accused: readonly { readonly ref: string }[];
}

/** Legal-case event types the engine knows under another name (its contract's, issue 18). */
const ENGINE_TYPE: Partial<Record<LegalEventType, string>> = {
  'court.committed': 'case.committed',
  'court.documents_supplied': 'documents.supplied',
};

type EngineFields = Pick<
  DeadlineInputEvent,
  'victim' | 'accused' | 'scheme' | 'custody' | 'outcome'
>;

/**
 * The person fields of one event as the engine reads them, or null for an event no clock reads. A
 * judgment acquitting anyone is an `acquittal` naming those acquitted (the appeal clock runs for
 * them); an appeal by an accused cannot answer an acquittal, so the engine does not see it.
 */
function engineFields(event: LegalEvent): EngineFields | null {
  if (event.type === 'court.judgment') {
    const { verdicts } = event.data as LegalEventData<'court.judgment'>;
    const acquitted = verdicts.filter((item) => item.verdict === 'acquitted');
    return acquitted.length > 0
      ? { outcome: 'acquittal', accused: acquitted.map((item) => item.accused) }
      : { outcome: 'conviction', accused: verdicts.map((item) => item.accused) };
  }
  if (event.type === 'appeal.filed') {
    const data = event.data as LegalEventData<'appeal.filed'>;
    if (data.by === 'accused') return null;
    return data.accused === undefined ? {} : { accused: [data.accused] };
  }
  const data = event.data as EngineFields;
  return {
    ...(data.victim !== undefined ? { victim: data.victim } : {}),
    ...(data.accused !== undefined ? { accused: data.accused } : {}),
    ...(data.scheme !== undefined ? { scheme: data.scheme } : {}),
    ...(data.custody !== undefined ? { custody: data.custody } : {}),
  };
}

/**
 * A legal case as the engine's input (issue 6, "The contract"): the effective timeline (corrections
 * applied, withdrawn events dropped), only the event types India's clocks read (two under the
 * engine's name), each with the person fields the engine reads. Event ids are passed through so an
 * obligation can point at the event that started or met it.
 */
export function toDeadlineInput(
  legalCase: LegalCaseFacts,
  events: readonly LegalEvent[],
  asOf: Date | string,
): DeadlineInput {
  const inputEvents: DeadlineInputEvent[] = [];
  for (const event of effectiveLegalTimeline(events)) {
    const type = ENGINE_TYPE[event.type] ?? event.type;
    if (!Object.hasOwn(INDIA_EVENTS, type)) continue;
    const fields = engineFields(event);
    if (fields === null) continue;
    inputEvents.push({ type, at: event.occurredAt, id: event.id, ...fields });
  }
  return {
    jurisdiction: 'IN',
    asOf: typeof asOf === 'string' ? asOf : asOf.toISOString(),
    case: {
      offences: [...legalCase.offences],
      ...(legalCase.forum ? { forum: legalCase.forum } : {}),
      victims: legalCase.victims.map((victim) => ({
        ref: victim.ref,
        ...(victim.birthDate ? { birthDate: victim.birthDate } : {}),
        ...(victim.ageBand ? { ageBand: victim.ageBand } : {}),
        ...(typeof victim.birthYearEstimate === 'number'
          ? { birthYearEstimate: victim.birthYearEstimate }
          : {}),
      })),
      accused: legalCase.accused.map((person) => ({ ref: person.ref })),
    },
    events: inputEvents,
  };
}
