import { DomainError } from '../errors.ts';
import {
  alertInstant,
  describePeriod,
  dueInstant,
  formatInstant,
  parseInstant,
  parseLocalDate,
  type FixedOffsetZone,
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

/** Events at or before `asOf`, sorted by time and by input order on ties. */
function eventsUpTo(input: DeadlineInput, asOf: number): CaseEvent[] {
  const events: CaseEvent[] = [];
  input.events.forEach((raw, index) => {
    const event = toCaseEvent(raw, index);
    if (event.at <= asOf) events.push(event);
  });
  return events.sort((left, right) => left.at - right.at || left.index - right.index);
}

function caseFacts(input: DeadlineInput, zone: FixedOffsetZone): CaseFacts {
  const offences: OffenceCode[] = input.case.offences.map((code, index) => {
    const offence = parseOffenceCode(code);
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
  const filter = trigger.filter;
  const events = filter ? all.filter((event) => filter.test(event)) : all;
  const chosen = trigger.select === 'first' ? events.slice(0, 1) : events;
  switch (trigger.subjects) {
    case 'case':
      return trigger.renewal
        ? chainStarts(trigger, events, lookup)
        : chosen.map((event) => ({ subject: null, event }));
    case 'each-victim-on-case':
      return chosen.flatMap((event) =>
        facts.victims.map((victim) => ({ subject: victim.ref, event })),
      );
    case 'event-victim':
    case 'event-accused': {
      const seen = new Set<string>();
      const starts: Start[] = [];
      for (const event of events) {
        const people = trigger.subjects === 'event-victim' ? [event.victim] : event.accused;
        for (const subject of people) {
          if (subject === null || (trigger.select === 'first' && seen.has(subject))) continue;
          seen.add(subject);
          starts.push({ subject, event });
        }
      }
      return starts;
    }
    default: {
      const unknown: never = trigger.subjects;
      throw new Error(`unknown fan-out ${String(unknown)}`);
    }
  }
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

function reference(event: CaseEvent, zone: FixedOffsetZone): EventReference {
  const base = { type: event.type, at: formatInstant(event.at, zone), index: event.index };
  return event.id === null ? base : { ...base, id: event.id };
}

interface Draft {
  readonly rule: Rule;
  readonly start: Start;
  readonly condition: string;
  readonly decision: DueDecision;
  readonly due: number;
  readonly met: CaseEvent | undefined;
}

function obligationOf(draft: Draft, asOf: number, zone: FixedOffsetZone): Obligation {
  const { rule, start, decision, due, met } = draft;
  const status = met ? (met.at <= due ? 'met' : 'met_late') : asOf > due ? 'overdue' : 'open';
  const notes = [...(decision.notes ?? [])];
  if (rule.confidenceNote) notes.push(rule.confidenceNote);
  const counting = `${describePeriod(decision.period)} (${zone.name})${decision.because ? `; ${decision.because}` : ''}`;
  return {
    rule: rule.id,
    citation: rule.citation,
    subject: start.subject,
    startsAt: formatInstant(start.event.at, zone),
    dueAt: formatInstant(due, zone),
    status,
    metAt: met ? formatInstant(met.at, zone) : null,
    consequence: rule.consequence,
    title: rule.title,
    confidence: rule.confidence,
    unconfirmed: rule.confidence === 'U',
    responsibleRole: rule.responsibleRole,
    actor: rule.actor,
    alertsAt: rule.alertLeadTimes.map((lead) => formatInstant(alertInstant(due, lead, zone), zone)),
    explanation: {
      startEvent: reference(start.event, zone),
      condition: draft.condition,
      counting,
      citation: rule.citation,
      confidence: rule.confidence,
      unconfirmed: rule.confidence === 'U',
      satisfiedBy: rule.satisfiedBy.description,
      satisfyingEvent: met ? reference(met, zone) : null,
      notes,
    },
  };
}

const rulesByRegime = new WeakMap<RulePack, Map<string, readonly Rule[]>>();

function rulesOf(pack: RulePack, regime: string): readonly Rule[] {
  let byRegime = rulesByRegime.get(pack);
  if (!byRegime) {
    byRegime = new Map(
      pack.regimes.map((name) => [name, pack.rules.filter((rule) => rule.regimes.includes(name))]),
    );
    rulesByRegime.set(pack, byRegime);
  }
  return byRegime.get(regime) ?? [];
}

function compareDrafts(left: Draft, right: Draft): number {
  if (left.due !== right.due) return left.due - right.due;
  if (left.rule.id !== right.rule.id) return left.rule.id < right.rule.id ? -1 : 1;
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

  const drafts: Draft[] = [];
  for (const rule of rulesOf(pack, regime.regime)) {
    const caseReason = rule.appliesWhen ? rule.appliesWhen.test(facts) : 'applies to every case';
    if (caseReason === undefined) continue;
    const caseCondition = rule.appliesWhen
      ? `${rule.appliesWhen.description}: ${caseReason}`
      : caseReason;
    for (const start of startsOf(rule.trigger, lookup, facts)) {
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
      drafts.push({ rule, start, condition, decision, due, met });
    }
  }
  drafts.sort(compareDrafts);
  return {
    jurisdiction: pack.jurisdiction,
    asOf: formatInstant(asOf, zone),
    regime: regime.regime,
    regimeExplanation: regime.because,
    obligations: drafts.map((draft) => obligationOf(draft, asOf, zone)),
  };
}
