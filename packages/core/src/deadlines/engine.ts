import { DomainError } from '../errors.ts';
import {
  alertInstant,
  describePeriod,
  dueInstant,
  formatInstant,
  parseInstant,
  parseLocalDate,
  type FixedOffsetZone,
  type Period,
} from './counting.ts';
import type { DeadlineInput, DeadlineInputEvent } from './deadline-input.schema.ts';
import type { DeadlineResult, EventReference, Obligation } from './deadline-result.schema.ts';
import { parseOffenceCode, type OffenceCode } from './offence-code.ts';
import type {
  CaseEvent,
  CaseFacts,
  DueDecision,
  EventLookup,
  Rule,
  RulePack,
  SubjectMatch,
  Trigger,
} from './rule-pack.ts';

/**
 * The deadline engine: a pure function of (input, pack). It knows no statute, event name or
 * country; everything legal comes from the pack. `asOf` is input, so the same input always gives
 * the same output.
 */

const NO_EVENTS: readonly CaseEvent[] = [];

class EventsByType implements EventLookup {
  private readonly lists = new Map<string, CaseEvent[]>();

  constructor(events: readonly CaseEvent[]) {
    for (const event of events) {
      const list = this.lists.get(event.type);
      if (list) list.push(event);
      else this.lists.set(event.type, [event]);
    }
  }

  ofType(type: string): readonly CaseEvent[] {
    return this.lists.get(type) ?? NO_EVENTS;
  }
}

function toCaseEvent(event: DeadlineInputEvent, index: number): CaseEvent {
  const accused = event.accused;
  return {
    index,
    type: event.type,
    at: parseInstant(event.at, `events.${index}.at`),
    id: event.id ?? null,
    victim: event.victim ?? null,
    accused: accused === undefined ? [] : typeof accused === 'string' ? [accused] : accused,
    scheme: event.scheme ?? null,
  };
}

function byTimeThenInput(left: CaseEvent, right: CaseEvent): number {
  return left.at - right.at || left.index - right.index;
}

/** Events at or before `asOf`, sorted by time and by input order on ties. */
function eventsUpTo(input: DeadlineInput, asOf: number): CaseEvent[] {
  const events: CaseEvent[] = [];
  let sorted = true;
  for (let index = 0; index < input.events.length; index += 1) {
    const raw = input.events[index];
    if (raw === undefined) continue;
    const event = toCaseEvent(raw, index);
    if (event.at > asOf) continue;
    const previous = events[events.length - 1];
    if (previous && previous.at > event.at) sorted = false;
    events.push(event);
  }
  // Recorded events usually arrive in time order; sorting is then only a check.
  return sorted ? events : events.sort(byTimeThenInput);
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

function caseFacts(input: DeadlineInput, zone: FixedOffsetZone): CaseFacts {
  const offences: OffenceCode[] = input.case.offences.map((code, index) => {
    const offence = parseOffenceCached(code);
    if (!offence) {
      throw new DomainError('VALIDATION_FAILED', `case.offences[${index}]: not a section code`, {
        issues: [{ path: `case.offences.${index}`, message: 'must be STATUTE:section' }],
      });
    }
    return offence;
  });
  return {
    offences,
    forum: input.case.forum ?? null,
    victims: input.case.victims.map((victim, index) => ({
      ref: victim.ref,
      birthDay:
        victim.birthDate === undefined
          ? null
          : parseLocalDate(victim.birthDate, `case.victims.${index}.birthDate`),
    })),
    accused: input.case.accused.map((person) => person.ref),
    zone,
  };
}

interface Start {
  readonly subject: string | null;
  readonly event: CaseEvent;
}

function chainStarts(trigger: Trigger, events: readonly CaseEvent[], lookup: EventLookup): Start[] {
  const first = events[0];
  if (!first || !trigger.renewal) return first ? [{ subject: null, event: first }] : [];
  const end = lookup.ofType(trigger.renewal.endedBy)[0]?.at ?? Number.POSITIVE_INFINITY;
  if (first.at >= end) return [];
  const starts: Start[] = [{ subject: null, event: first }];
  for (const event of lookup.ofType(trigger.renewal.eventType)) {
    if (event.at >= end) break;
    if (event.at >= first.at && event.index !== first.index) starts.push({ subject: null, event });
  }
  return starts;
}

function startsOf(trigger: Trigger, lookup: EventLookup, facts: CaseFacts): Start[] {
  const all = lookup.ofType(trigger.eventType);
  if (all.length === 0) return [];
  const filter = trigger.filter;
  let events = all;
  if (filter) {
    const kept: CaseEvent[] = [];
    for (const event of all) if (filter.test(event)) kept.push(event);
    events = kept;
  }
  const first = trigger.select === 'first';
  const starts: Start[] = [];
  switch (trigger.subjects) {
    case 'case':
      if (trigger.renewal) return chainStarts(trigger, events, lookup);
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
    default: {
      const unknown: never = trigger.subjects;
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
  rule: Rule,
  start: Start,
  due: number,
  lookup: EventLookup,
): CaseEvent | undefined {
  let best: CaseEvent | undefined;
  for (const satisfier of rule.satisfiedBy.by) {
    for (const event of lookup.ofType(satisfier.eventType)) {
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

/** What the engine derives once per rule (per pack), not once per obligation. */
interface CompiledRule {
  readonly rule: Rule;
  /** The counting text of a fixed period; null when the rule decides its period per start. */
  readonly fixedCounting: string | null;
  readonly unconfirmed: boolean;
}

/**
 * One evaluation: the events and a cache of their formatted times, since the same start or
 * satisfying event appears in several obligations and twice in each.
 */
class Evaluation {
  private readonly formattedAt: (string | undefined)[] = [];

  constructor(
    readonly zone: FixedOffsetZone,
    readonly asOf: number,
  ) {}

  at(event: CaseEvent): string {
    let text = this.formattedAt[event.index];
    if (text === undefined) {
      text = formatInstant(event.at, this.zone);
      this.formattedAt[event.index] = text;
    }
    return text;
  }

  reference(event: CaseEvent): EventReference {
    return event.id === null
      ? { type: event.type, at: this.at(event), index: event.index }
      : { type: event.type, at: this.at(event), index: event.index, id: event.id };
  }
}

interface Draft {
  readonly compiled: CompiledRule;
  readonly start: Start;
  readonly condition: string;
  readonly decision: DueDecision;
  readonly due: number;
  readonly met: CaseEvent | undefined;
}

function countingOf(period: Period, zone: FixedOffsetZone, because: string | undefined): string {
  const counting = `${describePeriod(period)} (${zone.name})`;
  return because ? `${counting}; ${because}` : counting;
}

function obligationOf(draft: Draft, evaluation: Evaluation): Obligation {
  const { compiled, start, decision, due, met } = draft;
  const { rule } = compiled;
  const zone = evaluation.zone;
  const status = met
    ? met.at <= due
      ? 'met'
      : 'met_late'
    : evaluation.asOf > due
      ? 'overdue'
      : 'open';
  const notes = decision.notes ? [...decision.notes] : [];
  if (rule.confidenceNote) notes.push(rule.confidenceNote);
  const alertsAt: string[] = [];
  for (const lead of rule.alertLeadTimes) {
    alertsAt.push(formatInstant(alertInstant(due, lead, zone), zone));
  }
  const startsAt = evaluation.at(start.event);
  const metAt = met ? evaluation.at(met) : null;
  return {
    rule: rule.id,
    citation: rule.citation,
    subject: start.subject,
    startsAt,
    dueAt: formatInstant(due, zone),
    status,
    metAt,
    consequence: rule.consequence,
    title: rule.title,
    confidence: rule.confidence,
    unconfirmed: compiled.unconfirmed,
    responsibleRole: rule.responsibleRole,
    actor: rule.actor,
    alertsAt,
    explanation: {
      startEvent: evaluation.reference(start.event),
      condition: draft.condition,
      counting: compiled.fixedCounting ?? countingOf(decision.period, zone, decision.because),
      citation: rule.citation,
      confidence: rule.confidence,
      unconfirmed: compiled.unconfirmed,
      satisfiedBy: rule.satisfiedBy.description,
      satisfyingEvent: met ? evaluation.reference(met) : null,
      notes,
    },
  };
}

const compiledPacks = new WeakMap<RulePack, Map<string, readonly CompiledRule[]>>();

/** The pack's rules for one regime, with what can be derived before any case is seen. */
function rulesOf(pack: RulePack, regime: string): readonly CompiledRule[] {
  let byRegime = compiledPacks.get(pack);
  if (!byRegime) {
    const compiled = pack.rules.map((rule): CompiledRule => ({
      rule,
      fixedCounting:
        rule.due.kind === 'fixed' ? countingOf(rule.due.period, pack.zone, undefined) : null,
      unconfirmed: rule.confidence === 'U',
    }));
    byRegime = new Map(
      pack.regimes.map((name) => [
        name,
        compiled.filter((candidate) => candidate.rule.regimes.includes(name)),
      ]),
    );
    compiledPacks.set(pack, byRegime);
  }
  return byRegime.get(regime) ?? [];
}

function compareDrafts(left: Draft, right: Draft): number {
  if (left.due !== right.due) return left.due - right.due;
  const leftId = left.compiled.rule.id;
  const rightId = right.compiled.rule.id;
  if (leftId !== rightId) return leftId < rightId ? -1 : 1;
  const leftSubject = left.start.subject ?? '';
  const rightSubject = right.start.subject ?? '';
  if (leftSubject !== rightSubject) return leftSubject < rightSubject ? -1 : 1;
  return left.start.event.at - right.start.event.at;
}

/** Evaluates a validated input against one pack (see `evaluate` for choosing the pack). */
export function evaluateWithPack(input: DeadlineInput, pack: RulePack): DeadlineResult {
  if (input.jurisdiction !== pack.jurisdiction) {
    throw new DomainError('VALIDATION_FAILED', `jurisdiction: the pack is ${pack.jurisdiction}`, {
      issues: [{ path: 'jurisdiction', message: `must be ${pack.jurisdiction} for this pack` }],
    });
  }
  const zone = pack.zone;
  const asOf = parseInstant(input.asOf, 'asOf');
  const lookup = new EventsByType(eventsUpTo(input, asOf));
  const facts = caseFacts(input, zone);
  const regime = pack.chooseRegime(lookup, facts);
  const evaluation = new Evaluation(zone, asOf);

  const drafts: Draft[] = [];
  for (const compiled of rulesOf(pack, regime.regime)) {
    const { rule } = compiled;
    // Cheapest first: most rules do not start on a given case.
    const starts = startsOf(rule.trigger, lookup, facts);
    if (starts.length === 0) continue;
    const caseReason = rule.appliesWhen ? rule.appliesWhen.test(facts) : 'applies to every case';
    if (caseReason === undefined) continue;
    const caseCondition = rule.appliesWhen
      ? `${rule.appliesWhen.description}: ${caseReason}`
      : caseReason;
    for (const start of starts) {
      let condition = caseCondition;
      const subjectCondition = rule.trigger.subjectCondition;
      if (subjectCondition) {
        const subjectReason =
          start.subject === null
            ? undefined
            : subjectCondition.test(start.subject, start.event, facts);
        if (subjectReason === undefined) continue;
        condition = `${condition}; ${subjectCondition.description}: ${subjectReason}`;
      }
      const decision: DueDecision =
        rule.due.kind === 'fixed'
          ? { period: rule.due.period }
          : rule.due.decide({ facts, start: start.event, subject: start.subject, events: lookup });
      const due = dueInstant(start.event.at, decision.period, zone);
      const met = satisfyingEvent(rule, start, due, lookup);
      drafts.push({ compiled, start, condition, decision, due, met });
    }
  }
  drafts.sort(compareDrafts);
  const obligations: Obligation[] = [];
  for (const draft of drafts) obligations.push(obligationOf(draft, evaluation));
  return {
    jurisdiction: pack.jurisdiction,
    asOf: formatInstant(asOf, zone),
    regime: regime.regime,
    regimeExplanation: regime.because,
    obligations,
  };
}
