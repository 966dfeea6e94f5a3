import { expect } from 'vitest';
import type {
  DeadlineInput,
  DeadlineInputEvent,
  DeadlineInputVictim,
} from './deadline-input.schema.ts';
import { parseDeadlineInputWith } from './deadline-input.schema.ts';
import type { DeadlineResult, Obligation } from './deadline-result.schema.ts';
import { evaluateWithPack } from './engine.ts';
import type { IndiaEventType, IndiaForum } from './india-events.ts';
import { indiaPack } from './india-pack.ts';
import type { RulePack } from './rule-pack.ts';

/** Test helpers for the India pack: inputs written the way a case officer reads them. */

/** `2025-01-10 09:30` (Kolkata wall clock) → `2025-01-10T09:30:00+05:30`. */
export function ist(wallClock: string): string {
  const [date = '', time = '00:00'] = wallClock.split(' ');
  return `${date}T${time.length === 5 ? `${time}:00` : time}+05:30`;
}

export function event(
  type: IndiaEventType,
  wallClock: string,
  extra: Omit<DeadlineInputEvent, 'type' | 'at'> = {},
): DeadlineInputEvent {
  return { type, at: ist(wallClock), ...extra };
}

export interface CaseParts {
  readonly asOf: string;
  readonly offences?: readonly string[];
  readonly forum?: IndiaForum;
  readonly victims?: readonly DeadlineInputVictim[];
  readonly accused?: readonly string[];
  readonly events: readonly DeadlineInputEvent[];
}

export function indiaInput(parts: CaseParts): DeadlineInput {
  return {
    jurisdiction: 'IN',
    asOf: ist(parts.asOf),
    case: {
      offences: parts.offences ?? [],
      ...(parts.forum ? { forum: parts.forum } : {}),
      victims: parts.victims ?? [],
      accused: (parts.accused ?? []).map((ref) => ({ ref })),
    },
    events: parts.events,
  };
}

/** Validates like the CLI does, then evaluates. */
export function evaluateCase(parts: CaseParts, pack: RulePack = indiaPack): DeadlineResult {
  const { input } = parseDeadlineInputWith(indiaInput(parts), [pack]);
  return evaluateWithPack(input, pack);
}

export function obligationsOf(result: DeadlineResult, rule: string): Obligation[] {
  return result.obligations.filter((obligation) => obligation.rule === rule);
}

/** The one obligation of a rule (for a subject), failing the test when there is not exactly one. */
export function theObligation(
  result: DeadlineResult,
  rule: string,
  subject: string | null = null,
): Obligation {
  const found = obligationsOf(result, rule).filter(
    (obligation) => subject === null || obligation.subject === subject,
  );
  expect(found, `${rule} ${subject ?? ''}`).toHaveLength(1);
  const [obligation] = found;
  if (!obligation) throw new Error('unreachable: length checked above');
  return obligation;
}

/** The fields of the issue's contract, for compact expectations. */
export function contractOf(
  obligation: Obligation,
): Pick<Obligation, 'rule' | 'subject' | 'startsAt' | 'dueAt' | 'status' | 'metAt'> {
  const { rule, subject, startsAt, dueAt, status, metAt } = obligation;
  return { rule, subject, startsAt, dueAt, status, metAt };
}

export const FIR_BNSS = event('fir.registered', '2025-01-10 09:30');
export const FIR_CRPC = event('fir.registered', '2024-03-15 10:00');
