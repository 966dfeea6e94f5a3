import { describe, expect, it } from 'vitest';
import { parseDeadlineInputWith } from './deadline-input.schema.ts';
import { indiaPack } from './india-pack.ts';
import {
  FIR_BNSS,
  evaluateCase,
  event,
  indiaInput,
  obligationsOf,
  theObligation,
} from './india-test-support.ts';

/**
 * Issue 18: the contract runs per-person rules "for each person named in `case` (or by the
 * event)". A victim or accused named only by events is a person of the case.
 */
describe('persons named only by events', () => {
  it('accepts an input whose events name a victim or accused that `case` does not list', () => {
    const raw = indiaInput({
      asOf: '2025-06-01 00:00',
      events: [
        event('victim.rescued', '2025-01-11 14:00', { victim: 'V2' }),
        event('accused.arrested', '2025-01-11 14:00', { accused: 'A9' }),
      ],
    });
    expect(() => parseDeadlineInputWith(raw, [indiaPack])).not.toThrow();
  });

  it('applies every per-person rule to them; a victim named only by events has no birth date (JJ Act s.31: a child until age is determined)', () => {
    const result = evaluateCase({
      asOf: '2025-06-01 00:00',
      offences: ['BNS:64'],
      victims: [{ ref: 'V1', birthDate: '1990-01-01' }],
      accused: ['A1'],
      events: [
        FIR_BNSS,
        event('victim.rescued', '2025-01-10 12:00', { victim: 'V2' }),
        event('accused.arrested', '2025-01-10 13:00', { accused: 'A9' }),
        event('court.judgment', '2025-03-10 15:00', { outcome: 'acquittal' }),
      ],
    });
    // BNSS s.184(1): the medical examination clock runs for each victim of the case.
    expect(
      obligationsOf(result, 'IN.BNSS.184.medical-exam').map((obligation) => obligation.subject),
    ).toEqual(['V1', 'V2']);
    // JJ Act s.31(1): the adult V1 was not rescued; V2, age unknown, counts as a child.
    expect(
      obligationsOf(result, 'IN.JJ.31.cwc-production').map((obligation) => obligation.subject),
    ).toEqual(['V2']);
    // BNSS s.58: the arrest of A9 starts A9's production clock.
    expect(theObligation(result, 'IN.BNSS.58.production', 'A9').status).toBe('overdue');
    // An acquittal naming no one covers every accused, those named only by events included.
    expect(
      obligationsOf(result, 'IN.LIM.appeal-acquittal').map((obligation) => obligation.subject),
    ).toEqual(['A1', 'A9']);
  });

  it('does not count a person named only by an event after asOf', () => {
    const result = evaluateCase({
      asOf: '2025-01-10 12:00',
      offences: ['BNS:64'],
      events: [FIR_BNSS, event('victim.rescued', '2025-01-11 12:00', { victim: 'V3' })],
    });
    expect(obligationsOf(result, 'IN.BNSS.184.medical-exam')).toEqual([]);
  });
});
