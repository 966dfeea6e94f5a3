import { describe, expect, it } from 'vitest';
import { DomainError } from '../errors.ts';
import { parseDeadlineInput } from './evaluate.ts';
import { event, indiaInput } from './india-test-support.ts';

/** The message of the VALIDATION_FAILED error for an input, or 'valid'. */
function problem(raw: unknown): string {
  try {
    parseDeadlineInput(raw);
    return 'valid';
  } catch (error) {
    if (error instanceof DomainError && error.code === 'VALIDATION_FAILED') return error.message;
    throw error;
  }
}

const valid = indiaInput({
  asOf: '2025-06-01 12:00',
  offences: ['BNS:143(4)', 'POCSO:6'],
  forum: 'special-pocso',
  victims: [{ ref: 'V1', birthDate: '2009-04-02' }],
  accused: ['A1', 'A2'],
  events: [
    event('fir.registered', '2025-01-10 09:30'),
    event('accused.remanded', '2025-01-11 14:00', { accused: 'A1', custody: 'judicial' }),
    event('chargesheet.filed', '2025-03-20 11:00', { accused: ['A1'] }),
    event('compensation.awarded', '2025-04-01 11:00', { victim: 'V1', scheme: 'POCSO-R9' }),
  ],
});

function withChange(change: (copy: Record<string, unknown>) => void): unknown {
  const copy = structuredClone(valid) as unknown as Record<string, unknown>;
  change(copy);
  return copy;
}

describe('the deadline input contract', () => {
  it('accepts the issue’s input', () => {
    expect(problem(valid)).toBe('valid');
  });

  it('names the field of a date of birth that does not exist', () => {
    const raw = indiaInput({ ...inputParts(), victims: [{ ref: 'V1', birthDate: '2009-02-30' }] });
    expect(problem(raw)).toBe('case.victims[0].birthDate: must be a calendar date YYYY-MM-DD');
  });

  it('names an event’s field by its position, as events[2].at', () => {
    const raw = withChange((copy) => {
      (copy.events as Record<string, unknown>[])[2] = { type: 'chargesheet.filed', at: '20 March' };
    });
    expect(problem(raw)).toBe(
      'events[2].at: must be an ISO date-time with an offset, e.g. 2025-01-10T09:30:00+05:30',
    );
  });

  it('keeps dotted paths in the details, as every other validation error in Dawn', () => {
    try {
      parseDeadlineInput(withChange((copy) => ((copy.events as unknown[])[1] = { at: 'x' })));
      expect.unreachable('the input is invalid');
    } catch (error) {
      const paths = (error as DomainError).details?.issues?.map((issue) => issue.path);
      expect(paths).toEqual(['events.1.type', 'events.1.at']);
    }
  });

  it('wants date-times with an offset', () => {
    expect(problem(withChange((copy) => (copy.asOf = '2025-06-01T12:00:00')))).toBe(
      'asOf: must be an ISO date-time with an offset, e.g. 2025-01-10T09:30:00+05:30',
    );
    expect(problem(withChange((copy) => (copy.asOf = '2025-06-01T06:30:00Z')))).toBe('valid');
  });

  it('refuses an event type outside the pack’s vocabulary', () => {
    const raw = indiaInput({
      ...inputParts(),
      events: [{ type: 'chargesheet.filled', at: '2025-03-20T11:00:00+05:30' }],
    });
    expect(problem(raw)).toMatch(/^events\[0\]\.type: must be one of: fir\.registered, /);
  });

  it('checks that events name people the way each event type names them', () => {
    const cases: [unknown, string][] = [
      [
        indiaInput({ ...inputParts(), events: [event('accused.arrested', '2025-01-11 14:00')] }),
        'events[0].accused: accused.arrested names one accused ref',
      ],
      [
        indiaInput({
          ...inputParts(),
          events: [event('chargesheet.filed', '2025-01-11 14:00', { accused: 'A1' })],
        }),
        'events[0].accused: chargesheet.filed names a list of accused refs (or none)',
      ],
      [
        indiaInput({ ...inputParts(), events: [event('victim.rescued', '2025-01-11 14:00')] }),
        'events[0].victim: victim.rescued names a victim',
      ],
    ];
    for (const [raw, message] of cases) expect(problem(raw)).toBe(message);
  });

  it('refuses duplicate refs, bad offences and an unknown forum', () => {
    expect(problem(indiaInput({ ...inputParts(), accused: ['A1', 'A1'] }))).toBe(
      'case.accused[1].ref: duplicate ref',
    );
    expect(problem(indiaInput({ ...inputParts(), offences: ['BNS 143'] }))).toBe(
      'case.offences[0]: must be STATUTE:section(subsection), e.g. BNS:143(4) or POCSO:6',
    );
    expect(
      problem(withChange((copy) => ((copy.case as Record<string, unknown>).forum = 'district'))),
    ).toBe('case.forum: must be one of: magistrate, sessions, special-pocso');
  });

  it('refuses a name where a reference belongs', () => {
    expect(problem(indiaInput({ ...inputParts(), victims: [{ ref: 'Asha Begum' }] }))).toMatch(
      /^case\.victims\[0\]\.ref: must be a short reference/,
    );
  });

  it('chooses the pack by jurisdiction and says which exist', () => {
    expect(problem(withChange((copy) => (copy.jurisdiction = 'PH')))).toBe(
      'jurisdiction: no rule pack for "PH" (known: IN)',
    );
    expect(problem(withChange((copy) => delete copy.jurisdiction))).toBe(
      'jurisdiction: required: one of IN',
    );
    expect(problem([])).toBe('input: must be a JSON object');
  });

  it('counts further problems in the message and lists them all in the details', () => {
    try {
      parseDeadlineInput(
        indiaInput({
          ...inputParts(),
          accused: ['A1', 'A1'],
          victims: [{ ref: 'V1', birthDate: 'x' }],
        }),
      );
      expect.unreachable('the input is invalid');
    } catch (error) {
      expect(error).toBeInstanceOf(DomainError);
      const domainError = error as DomainError;
      expect(domainError.message).toMatch(/\(and 1 more\)$/);
      expect(domainError.details?.issues?.map((issue) => issue.path)).toEqual([
        'case.victims.0.birthDate',
        'case.accused.1.ref',
      ]);
    }
  });
});

function inputParts(): Parameters<typeof indiaInput>[0] {
  return { asOf: '2025-06-01 12:00', victims: [{ ref: 'V1' }], accused: ['A1'], events: [] };
}
