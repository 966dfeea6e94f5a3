import type {
  DeadlineInput,
  DeadlineInputEvent,
  PersonAgeBand,
} from '../deadlines/deadline-input.schema.ts';
import { INDIA_EVENTS } from '../deadlines/india-events.ts';
import type { Forum, LegalEvent } from './legal-case-events.ts';
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

/**
 * A legal case as the engine's input (issue 6, "The contract"): the effective timeline (corrections
 * applied, withdrawn events dropped), only the event types India's clocks read, each with the
 * person fields the engine reads under the same names. Event ids are passed through so an
 * obligation can point at the event that started or met it.
 */
export function toDeadlineInput(
  legalCase: LegalCaseFacts,
  events: readonly LegalEvent[],
  asOf: Date | string,
): DeadlineInput {
  const inputEvents: DeadlineInputEvent[] = [];
  for (const event of effectiveLegalTimeline(events)) {
    if (!Object.hasOwn(INDIA_EVENTS, event.type)) continue;
    const data = event.data as {
      victim?: string;
      accused?: string | string[];
      scheme?: string;
      custody?: string;
    };
    inputEvents.push({
      type: event.type,
      at: event.occurredAt,
      id: event.id,
      ...(data.victim !== undefined ? { victim: data.victim } : {}),
      ...(data.accused !== undefined ? { accused: data.accused } : {}),
      ...(data.scheme !== undefined ? { scheme: data.scheme } : {}),
      ...(data.custody !== undefined ? { custody: data.custody } : {}),
    });
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
