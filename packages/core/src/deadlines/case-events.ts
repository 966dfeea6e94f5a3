import { DomainError } from '../errors.ts';
import {
  notACalendarDate,
  notADateTime,
  parseInstantOrNaN,
  parseLocalDateOrNaN,
  type FixedOffsetZone,
} from './counting.ts';
import {
  PERSON_AGE_BAND_YEARS,
  type DeadlineInput,
  type DeadlineInputEvent,
  type DeadlineInputVictim,
} from './deadline-input.schema.ts';
import { parseOffenceCode, type OffenceCode } from './offence-code.ts';
import type { AgeEstimate, CaseEvent, CaseFacts, EventLookup, Victim } from './rule-pack.ts';

/**
 * From a validated input to what rules read: the case's facts, and its events by type. Event
 * types are numbered once per pack (`EventTypeSlots`), so the events of a case sit in an array
 * indexed by type and a compiled rule reads its events by number, not by hashing a name.
 */

export class EventTypeSlots {
  private readonly slots = new Map<string, number>();

  constructor(types: readonly string[]) {
    for (const type of types) if (!this.slots.has(type)) this.slots.set(type, this.slots.size);
  }

  get size(): number {
    return this.slots.size;
  }

  /** The type's number, or -1 for a type outside the pack (no rule reads it). */
  slotOf(type: string): number {
    return this.slots.get(type) ?? -1;
  }
}

const NO_EVENTS: readonly CaseEvent[] = Object.freeze([]);
const NOBODY: readonly string[] = Object.freeze([]);

/**
 * The events at or before `asOf`, by type, each list sorted by time and by input order on ties.
 * Rules only ever read one type at a time, so the case as a whole is never sorted; a list holds
 * a handful of events, and recorded events mostly arrive in order, so each is inserted in place
 * from the end.
 */
export class CaseEvents implements EventLookup {
  private readonly lists: (CaseEvent[] | undefined)[];
  /** Every victim and accused ref the kept events name, in order of first mention. */
  readonly victimsNamed: string[] = [];
  readonly accusedNamed: string[] = [];
  /** The earliest instant after `asOf` of an event the pack reads: the result changes then. */
  readonly nextEventAt: number | null = null;

  constructor(
    input: DeadlineInput,
    asOf: number,
    private readonly types: EventTypeSlots,
  ) {
    this.lists = new Array<CaseEvent[] | undefined>(types.size).fill(undefined);
    const events = input.events;
    for (let index = 0; index < events.length; index += 1) {
      const raw = events[index];
      if (raw === undefined) continue;
      const at = parseInstantOrNaN(raw.at);
      if (Number.isNaN(at)) throw notADateTime(`events.${index}.at`);
      const slot = types.slotOf(raw.type);
      if (slot < 0) continue;
      if (at > asOf) {
        if (this.nextEventAt === null || at < this.nextEventAt) this.nextEventAt = at;
        continue;
      }
      const event = toCaseEvent(raw, index, at);
      if (event.victim !== null && !this.victimsNamed.includes(event.victim)) {
        this.victimsNamed.push(event.victim);
      }
      for (const ref of event.accused) {
        if (!this.accusedNamed.includes(ref)) this.accusedNamed.push(ref);
      }
      const list = this.lists[slot];
      if (list) insertInOrder(list, event);
      else this.lists[slot] = [event];
    }
  }

  inSlot(slot: number): readonly CaseEvent[] {
    return this.lists[slot] ?? NO_EVENTS;
  }

  ofType(type: string): readonly CaseEvent[] {
    return this.inSlot(this.types.slotOf(type));
  }
}

/** Inserts after every event at or before its time (events come in input order, so ties keep it). */
function insertInOrder(list: CaseEvent[], event: CaseEvent): void {
  let position = list.length;
  while (position > 0 && (list[position - 1]?.at ?? 0) > event.at) position -= 1;
  if (position === list.length) list.push(event);
  else list.splice(position, 0, event);
}

function toCaseEvent(event: DeadlineInputEvent, index: number, at: number): CaseEvent {
  const accused = event.accused;
  return {
    index,
    type: event.type,
    at,
    id: event.id ?? null,
    victim: event.victim ?? null,
    accused: accused === undefined ? NOBODY : typeof accused === 'string' ? [accused] : accused,
    scheme: event.scheme ?? null,
    outcome: event.outcome ?? null,
  };
}

/**
 * Parsed offence codes by text. Cases repeat a small vocabulary of codes, and a shared parsed
 * code lets the catalogue remember its lookups; the bound keeps odd inputs from growing it.
 */
const parsedOffences = new Map<string, OffenceCode>();
const PARSED_OFFENCES_LIMIT = 10_000;

function parseOffenceCached(code: string): OffenceCode | undefined {
  const known = parsedOffences.get(code);
  if (known) return known;
  const parsed = parseOffenceCode(code);
  if (parsed) {
    if (parsedOffences.size >= PARSED_OFFENCES_LIMIT) parsedOffences.clear();
    parsedOffences.set(code, parsed);
  }
  return parsed;
}

/** What is known of a victim's age without a birth date, or null when nothing is. */
function estimateOf(victim: DeadlineInputVictim, index: number): AgeEstimate | null {
  const bases: string[] = [];
  let band: AgeEstimate['band'] = null;
  if (victim.ageBand) {
    const recordedOn = parseLocalDateOrNaN(victim.ageBand.on);
    if (Number.isNaN(recordedOn)) throw notACalendarDate(`case.victims.${index}.ageBand.on`);
    const [youngest, oldest] = PERSON_AGE_BAND_YEARS[victim.ageBand.band];
    band = { youngest, oldest, recordedOn };
    bases.push('the recorded age band');
  }
  if (victim.birthYearEstimate !== undefined) bases.push('the estimated birth year');
  if (bases.length === 0) return null;
  return { band, birthYear: victim.birthYearEstimate ?? null, basis: bases.join(' and ') };
}

/**
 * The case's facts. Its persons are those `case` lists and, after them, those only its events
 * name (issue 18: the contract's "each person named in `case` (or by the event)"); a victim named
 * only by events has no birth date.
 */
export function caseFacts(
  input: DeadlineInput,
  zone: FixedOffsetZone,
  named: Pick<CaseEvents, 'victimsNamed' | 'accusedNamed'>,
): CaseFacts {
  const offences: OffenceCode[] = [];
  input.case.offences.forEach((code, index) => {
    const offence = parseOffenceCached(code);
    if (!offence) {
      throw new DomainError('VALIDATION_FAILED', `case.offences[${index}]: not a section code`, {
        issues: [{ path: `case.offences.${index}`, message: 'must be STATUTE:section' }],
      });
    }
    offences.push(offence);
  });
  const victims: Victim[] = [];
  input.case.victims.forEach((victim, index) => {
    let birthDay: number | null = null;
    if (victim.birthDate !== undefined) {
      birthDay = parseLocalDateOrNaN(victim.birthDate);
      if (Number.isNaN(birthDay)) throw notACalendarDate(`case.victims.${index}.birthDate`);
    }
    victims.push({
      ref: victim.ref,
      birthDay,
      ageEstimate: birthDay === null ? estimateOf(victim, index) : null,
    });
  });
  for (const ref of named.victimsNamed) {
    if (!victims.some((victim) => victim.ref === ref)) {
      victims.push({ ref, birthDay: null, ageEstimate: null });
    }
  }
  const accused: string[] = [];
  for (const person of input.case.accused) accused.push(person.ref);
  for (const ref of named.accusedNamed) if (!accused.includes(ref)) accused.push(ref);
  return { offences, forum: input.case.forum ?? null, victims, accused, zone };
}
