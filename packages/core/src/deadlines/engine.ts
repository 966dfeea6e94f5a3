import { DomainError } from '../errors.ts';
import {
  alertInstant,
  dueInstant,
  formatInstant,
  localDay,
  parseInstant,
  startOfLocalDay,
  type FixedOffsetZone,
} from './counting.ts';
import { CaseEvents, caseFacts } from './case-events.ts';
import { compilePack, countingOf, type CompiledRule } from './compiled-pack.ts';
import type { DeadlineInput } from './deadline-input.schema.ts';
import type { DeadlineResult, EventReference, Obligation } from './deadline-result.schema.ts';
import type { CaseEvent, CaseFacts, DueDecision, RulePack, SubjectMatch } from './rule-pack.ts';

/**
 * The deadline engine: a pure function of (input, pack). It knows no statute, event name or
 * country; everything legal comes from the pack. `asOf` is input, so the same input always gives
 * the same output.
 *
 * It runs for every case on every sweep (bench/deadlines.bench.ts measures it), so the hot path
 * keeps to integer time (counting.ts), per-pack precomputation (compiled-pack.ts) and plain
 * loops; the rules themselves stay declarative data in the pack.
 */

interface Start {
  readonly subject: string | null;
  readonly event: CaseEvent;
}

const NO_STARTS: readonly Start[] = Object.freeze([]);

function chainStarts(
  compiled: CompiledRule,
  events: readonly CaseEvent[],
  lookup: CaseEvents,
): readonly Start[] {
  const first = events[0];
  if (!first) return NO_STARTS;
  const end = lookup.inSlot(compiled.renewalEndSlot)[0]?.at ?? Number.POSITIVE_INFINITY;
  if (first.at >= end) return NO_STARTS;
  const starts: Start[] = [{ subject: null, event: first }];
  for (const event of lookup.inSlot(compiled.renewalSlot)) {
    if (event.at >= end) break;
    if (event.at >= first.at && event.index !== first.index) starts.push({ subject: null, event });
  }
  return starts;
}

function startsOf(compiled: CompiledRule, lookup: CaseEvents, facts: CaseFacts): readonly Start[] {
  const all = lookup.inSlot(compiled.triggerSlot);
  if (all.length === 0) return NO_STARTS;
  const filter = compiled.triggerFilter;
  let events = all;
  if (filter) {
    const kept: CaseEvent[] = [];
    for (const event of all) if (filter.test(event)) kept.push(event);
    events = kept;
  }
  const first = compiled.select === 'first';
  const starts: Start[] = [];
  switch (compiled.subjects) {
    case 'case':
      if (compiled.renewed) return chainStarts(compiled, events, lookup);
      for (const event of events) {
        starts.push({ subject: null, event });
        if (first) break;
      }
      return starts;
    case 'each-victim-on-case':
      for (const event of events) {
        for (const victim of facts.victims) starts.push({ subject: victim.ref, event });
        if (first) break;
      }
      return starts;
    case 'event-victim':
      for (const event of events) {
        const subject = event.victim;
        if (subject === null || (first && startsFor(starts, subject))) continue;
        starts.push({ subject, event });
      }
      return starts;
    case 'event-accused':
      for (const event of events) {
        for (const subject of event.accused) {
          if (first && startsFor(starts, subject)) continue;
          starts.push({ subject, event });
        }
      }
      return starts;
    case 'event-accused-or-all':
      for (const event of events) {
        const named = event.accused.length > 0 ? event.accused : facts.accused;
        if (named.length === 0 && !(first && starts.length > 0)) {
          starts.push({ subject: null, event });
        }
        for (const subject of named) {
          if (first && startsFor(starts, subject)) continue;
          starts.push({ subject, event });
        }
      }
      return starts;
    default: {
      const unknown: never = compiled.subjects;
      throw new Error(`unknown fan-out ${String(unknown)}`);
    }
  }
}

/** Whether a subject already has a start (a case names a handful of people: a scan is enough). */
function startsFor(starts: readonly Start[], subject: string): boolean {
  for (const start of starts) if (start.subject === subject) return true;
  return false;
}

function matchesSubject(event: CaseEvent, match: SubjectMatch, subject: string | null): boolean {
  switch (match) {
    case 'any':
      return true;
    case 'same-victim':
      return event.victim === subject;
    case 'same-accused':
      return subject !== null && event.accused.includes(subject);
    case 'accused-listed-or-none':
      return event.accused.length === 0 || (subject !== null && event.accused.includes(subject));
    default: {
      const unknown: never = match;
      throw new Error(`unknown subject match ${String(unknown)}`);
    }
  }
}

/** The earliest event that satisfies the obligation: at or after its start, never the start. */
function satisfyingEvent(
  compiled: CompiledRule,
  start: Start,
  due: number,
  lookup: CaseEvents,
): CaseEvent | undefined {
  let best: CaseEvent | undefined;
  for (const satisfier of compiled.satisfiers) {
    for (const event of lookup.inSlot(satisfier.slot)) {
      if (event.at < start.event.at || event.index === start.event.index) continue;
      if ((best && event.at >= best.at) || (satisfier.onlyByDue && event.at > due)) break;
      if (satisfier.filter && !satisfier.filter.test(event)) continue;
      if (!matchesSubject(event, satisfier.match, start.subject)) continue;
      best = event;
      break;
    }
  }
  return best;
}

/**
 * The output side of one evaluation. The same start or satisfying event appears in several
 * obligations and twice in each, so each event's time is formatted once and its reference object
 * is shared by the obligations of this result.
 */
class ResultWriter {
  private readonly formattedAt: (string | undefined)[] = [];
  private readonly references: (EventReference | undefined)[] = [];

  constructor(
    private readonly pack: RulePack,
    private readonly input: DeadlineInput,
    private readonly asOf: number,
  ) {}

  private at(event: CaseEvent): string {
    let text = this.formattedAt[event.index];
    if (text === undefined) {
      // An input time written as `2025-01-10T09:30:00+05:30` is already in the output's form.
      const written = this.input.events[event.index]?.at;
      text =
        written !== undefined && isCanonical(written, this.pack.zone)
          ? written
          : formatInstant(event.at, this.pack.zone);
      this.formattedAt[event.index] = text;
    }
    return text;
  }

  private reference(event: CaseEvent): EventReference {
    let reference = this.references[event.index];
    if (reference === undefined) {
      reference =
        event.id === null
          ? { type: event.type, at: this.at(event), index: event.index }
          : { type: event.type, at: this.at(event), index: event.index, id: event.id };
      this.references[event.index] = reference;
    }
    return reference;
  }

  obligation(draft: Draft): Obligation {
    const { compiled, start, decision, due, met } = draft;
    const unconfirmed = compiled.unconfirmed;
    const zone = this.pack.zone;
    const status = met
      ? met.at <= due
        ? 'met'
        : 'met_late'
      : this.asOf > due
        ? 'overdue'
        : 'open';
    const notes = decision.notes ? [...decision.notes] : [];
    if (compiled.confidenceNote) notes.push(compiled.confidenceNote);
    const alertsAt: string[] = [];
    for (const lead of compiled.alertLeadTimes) {
      alertsAt.push(formatInstant(alertInstant(due, lead, zone), zone));
    }
    return {
      rule: compiled.id,
      citation: compiled.citation,
      subject: start.subject,
      startsAt: this.at(start.event),
      dueAt: formatInstant(due, zone),
      status,
      metAt: met ? this.at(met) : null,
      consequence: compiled.consequence,
      title: compiled.title,
      confidence: compiled.confidence,
      unconfirmed,
      responsibleRole: compiled.responsibleRole,
      actor: compiled.actor,
      alertsAt,
      explanation: {
        startEvent: this.reference(start.event),
        condition: draft.condition,
        counting: compiled.fixedCounting ?? countingOf(decision.period, zone, decision.because),
        citation: compiled.citation,
        confidence: compiled.confidence,
        unconfirmed,
        satisfiedBy: compiled.satisfiedByDescription,
        satisfyingEvent: met ? this.reference(met) : null,
        notes,
      },
    };
  }
}

/**
 * Whether a parsed date-time is written exactly as `formatInstant` writes it in the zone:
 * `YYYY-MM-DDTHH:MM:SS` and the zone's offset, no fraction. Its digits then are the local time.
 */
const DASH = 45;
const COLON = 58;
const LETTER_T = 84;

function isCanonical(text: string, zone: FixedOffsetZone): boolean {
  return (
    text.length === 19 + zone.isoOffset.length &&
    text.charCodeAt(4) === DASH &&
    text.charCodeAt(10) === LETTER_T &&
    text.charCodeAt(16) === COLON &&
    text.endsWith(zone.isoOffset)
  );
}

interface Draft {
  readonly compiled: CompiledRule;
  readonly start: Start;
  readonly condition: string;
  readonly decision: DueDecision;
  readonly due: number;
  readonly met: CaseEvent | undefined;
}

function compareDrafts(left: Draft, right: Draft): number {
  if (left.due !== right.due) return left.due - right.due;
  const leftId = left.compiled.id;
  const rightId = right.compiled.id;
  if (leftId !== rightId) return leftId < rightId ? -1 : 1;
  const leftSubject = left.start.subject ?? '';
  const rightSubject = right.start.subject ?? '';
  if (leftSubject !== rightSubject) return leftSubject < rightSubject ? -1 : 1;
  return left.start.event.at - right.start.event.at;
}

/** Evaluates a validated input against one pack (see `evaluate` for choosing the pack). */
export function evaluateWithPack(input: DeadlineInput, pack: RulePack): DeadlineResult {
  return evaluateWithNextChangeAndPack(input, pack).result;
}

/**
 * The same, and the first instant after `asOf` at which evaluating the same input later could
 * give another result (epoch milliseconds; null: never, as long as the input stays the same).
 * What moves with the clock alone: an event dated after `asOf` comes into effect; an open
 * obligation falls overdue (one millisecond after its due instant) or reaches one of its alert
 * times; and a period a rule decides from `asOf` itself (the appeal period that grows while a
 * certified copy is awaited) changes at the start of the next local day. The sweep stores it so
 * that a case whose input did not change is evaluated again only then (issue 11).
 */
export function evaluateWithNextChangeAndPack(
  input: DeadlineInput,
  pack: RulePack,
): { result: DeadlineResult; nextChangeAt: number | null } {
  if (input.jurisdiction !== pack.jurisdiction) {
    throw new DomainError('VALIDATION_FAILED', `jurisdiction: the pack is ${pack.jurisdiction}`, {
      issues: [{ path: 'jurisdiction', message: `must be ${pack.jurisdiction} for this pack` }],
    });
  }
  const zone = pack.zone;
  const compiledPack = compilePack(pack);
  const asOf = parseInstant(input.asOf, 'asOf');
  const lookup = new CaseEvents(input, asOf, compiledPack.types);
  const facts = caseFacts(input, zone, lookup);
  const regime = pack.chooseRegime(lookup, facts);

  const drafts: Draft[] = [];
  let nextChangeAt = lookup.nextEventAt;
  const changesAt = (at: number) => {
    if (at > asOf && (nextChangeAt === null || at < nextChangeAt)) nextChangeAt = at;
  };
  for (const compiled of compiledPack.rulesByRegime.get(regime.regime) ?? []) {
    // Cheapest test first: on a given case most rules have no start event.
    const starts = startsOf(compiled, lookup, facts);
    if (starts.length === 0) continue;
    const appliesWhen = compiled.appliesWhen;
    const caseReason = appliesWhen ? appliesWhen.test(facts) : 'applies to every case';
    if (caseReason === undefined) continue;
    const caseCondition = appliesWhen ? `${appliesWhen.description}: ${caseReason}` : caseReason;
    for (const start of starts) {
      let condition = caseCondition;
      const subjectCondition = compiled.subjectCondition;
      if (subjectCondition) {
        const subjectReason =
          start.subject === null
            ? undefined
            : subjectCondition.test(start.subject, start.event, facts);
        if (subjectReason === undefined) continue;
        condition = `${condition}; ${subjectCondition.description}: ${subjectReason}`;
      }
      // Whether the rule read `asOf` to decide the period: then the period is as of today.
      const read = { asOf: false };
      const decision =
        compiled.fixedDecision ??
        compiled.decide?.({
          get asOf() {
            read.asOf = true;
            return asOf;
          },
          facts,
          start: start.event,
          subject: start.subject,
          events: lookup,
        });
      if (!decision) throw new Error(`${compiled.id}: neither a fixed nor a decided period`);
      const due = dueInstant(start.event.at, decision.period, zone);
      const met = satisfyingEvent(compiled, start, due, lookup);
      if (read.asOf) changesAt(startOfLocalDay(localDay(asOf, zone) + 1, zone));
      if (!met) {
        changesAt(due + 1);
        for (const lead of compiled.alertLeadTimes) changesAt(alertInstant(due, lead, zone));
      }
      drafts.push({ compiled, start, condition, decision, due, met });
    }
  }
  drafts.sort(compareDrafts);
  const writer = new ResultWriter(pack, input, asOf);
  const obligations: Obligation[] = [];
  for (const draft of drafts) obligations.push(writer.obligation(draft));
  return {
    result: {
      jurisdiction: pack.jurisdiction,
      asOf: formatInstant(asOf, zone),
      regime: regime.regime,
      regimeExplanation: regime.because,
      obligations,
    },
    nextChangeAt,
  };
}
