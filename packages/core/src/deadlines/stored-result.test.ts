import { describe, expect, it } from 'vitest';
import type { DeadlineResult } from './deadline-result.schema.ts';
import { FIR_BNSS, evaluateCase, event } from './india-test-support.ts';
import { indiaPack } from './india-pack.ts';
import { resultFromStored, type StoredObligation } from './stored-result.ts';
import { storedExplanation } from './stored-explanation.ts';

/** What the sweep stores of a result: instants, no actor, in no particular order. */
function stored(result: DeadlineResult, compact = false): StoredObligation[] {
  return result.obligations
    .map((obligation) => ({
      rule: obligation.rule,
      citation: obligation.citation,
      subject: obligation.subject,
      startsAt: Date.parse(obligation.startsAt),
      dueAt: Date.parse(obligation.dueAt),
      status: obligation.status,
      metAt: obligation.metAt === null ? null : Date.parse(obligation.metAt),
      consequence: obligation.consequence,
      title: obligation.title,
      confidence: obligation.confidence,
      unconfirmed: obligation.unconfirmed,
      responsibleRole: obligation.responsibleRole,
      alertsAt: obligation.alertsAt.map((at) => Date.parse(at)),
      explanation: compact ? storedExplanation(indiaPack, obligation) : obligation.explanation,
    }))
    .reverse();
}

describe('a deadline result read back from stored obligations (issue 11)', () => {
  const parts = (asOf: string) => ({
    asOf,
    accused: ['A1', 'A2'],
    events: [
      FIR_BNSS,
      event('accused.arrested', '2025-02-01 22:00', { accused: 'A1' }),
      event('accused.arrested', '2025-02-03 10:00', { accused: 'A2' }),
      event('accused.produced_before_magistrate', '2025-02-02 20:00', {
        accused: 'A1',
        id: 'produced-a1',
      }),
    ],
  });

  it('is what the engine answers at the instant it was stored, in the engine order, with each actor', () => {
    const atStore = evaluateCase(parts('2025-02-03 12:00'));
    expect(atStore.obligations.length).toBeGreaterThan(2);
    expect(resultFromStored(indiaPack, atStore, stored(atStore), Date.parse(atStore.asOf))).toEqual(
      atStore,
    );
  });

  it('reads an obligation still open after its due instant as overdue, as the engine would', () => {
    const atStore = evaluateCase(parts('2025-02-03 12:00'));
    const later = evaluateCase(parts('2025-02-10 12:00'));
    const read = resultFromStored(indiaPack, atStore, stored(atStore), Date.parse(later.asOf));
    expect(read).toEqual(later);
    expect(read.obligations.some((obligation) => obligation.status === 'overdue')).toBe(true);
    expect(atStore.obligations.map((obligation) => obligation.status)).not.toEqual(
      later.obligations.map((obligation) => obligation.status),
    );
  });

  it('is the same from explanations stored without what the row and the rule say', () => {
    const atStore = evaluateCase(parts('2025-02-03 12:00'));
    const compact = stored(atStore, true);
    expect(atStore.obligations.some((obligation) => obligation.status === 'met')).toBe(true);
    // The row's citation, confidence and instants, and the rule's texts, are not repeated.
    for (const row of compact) {
      expect(row.explanation).not.toHaveProperty('citation');
      expect(row.explanation).not.toHaveProperty('satisfiedBy');
      expect(row.explanation.startEvent).not.toHaveProperty('at');
    }
    expect(compact.some((row) => row.explanation.satisfyingEvent?.id === 'produced-a1')).toBe(true);
    expect(JSON.stringify(compact).length).toBeLessThan(
      JSON.stringify(stored(atStore)).length * 0.75,
    );
    expect(resultFromStored(indiaPack, atStore, compact, Date.parse(atStore.asOf))).toEqual(
      atStore,
    );
  });
});
