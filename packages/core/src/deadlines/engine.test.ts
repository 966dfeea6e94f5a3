import { describe, expect, it } from 'vitest';
import { DomainError } from '../errors.ts';
import { parseDeadlineInputWith, type DeadlineInput } from './deadline-input.schema.ts';
import { deadlineResultSchema } from './deadline-result.schema.ts';
import { evaluateWithPack } from './engine.ts';
import { evaluate } from './evaluate.ts';
import { fictionalPack } from './fictional-pack.test-support.ts';
import { indiaPack } from './india-pack.ts';
import { checkRulePack } from './rule-pack.ts';

/** The engine against an invented jurisdiction: nothing here is Indian law. */

function xxInput(parts: Partial<DeadlineInput> & Pick<DeadlineInput, 'events'>): DeadlineInput {
  return {
    jurisdiction: 'XX',
    asOf: '2031-06-01T12:00:00+02:00',
    case: {
      offences: ['GUILD:3'],
      forum: 'guild-court',
      victims: [
        { ref: 'C1', birthDate: '2012-05-01' },
        { ref: 'C2', birthDate: '1990-01-01' },
      ],
      accused: [{ ref: 'H1' }, { ref: 'H2' }],
    },
    ...parts,
  };
}

function run(input: DeadlineInput): ReturnType<typeof evaluateWithPack> {
  const parsed = parseDeadlineInputWith(input, [fictionalPack]);
  return evaluateWithPack(parsed.input, parsed.pack);
}

describe('the engine with a fictional pack ("XX")', () => {
  it('is a sound pack by the same checks as India’s', () => {
    expect(checkRulePack(fictionalPack)).toEqual([]);
  });

  it('computes the invented clocks in the pack’s zone (+02:00), per holder and per claimant', () => {
    const result = run(
      xxInput({
        events: [
          { type: 'complaint.lodged', at: '2031-01-31T23:30:00+02:00' },
          { type: 'holder.detained', at: '2031-02-01T10:00:00+02:00', accused: 'H1' },
          { type: 'holder.detained', at: '2031-02-01T09:00:00Z', accused: 'H2' },
          { type: 'holder.presented', at: '2031-02-02T20:00:00+02:00', accused: 'H1' },
          { type: 'claimant.interviewed', at: '2031-02-10T09:00:00+02:00', victim: 'C1' },
          { type: 'hearing.closed', at: '2031-03-31T16:00:00+02:00' },
        ],
      }),
    );
    expect(deadlineResultSchema.parse(result)).toEqual(result);
    expect(result.regime).toBe('NEW');
    expect(
      result.obligations.map(({ rule, subject, startsAt, dueAt, status, metAt }) => ({
        rule,
        subject,
        startsAt,
        dueAt,
        status,
        metAt,
      })),
    ).toEqual([
      {
        rule: 'XX.NEW.9.presentation',
        subject: 'H1',
        startsAt: '2031-02-01T10:00:00+02:00',
        dueAt: '2031-02-02T22:00:00+02:00',
        status: 'met',
        metAt: '2031-02-02T20:00:00+02:00',
      },
      {
        rule: 'XX.NEW.9.presentation',
        subject: 'H2',
        startsAt: '2031-02-01T11:00:00+02:00',
        dueAt: '2031-02-02T23:00:00+02:00',
        status: 'overdue',
        metAt: null,
      },
      {
        // Only C1 is under 21; the start day (31 January, local) is excluded.
        rule: 'XX.NEW.12.interview',
        subject: 'C1',
        startsAt: '2031-01-31T23:30:00+02:00',
        dueAt: '2031-02-10T23:59:59.999+02:00',
        status: 'met',
        metAt: '2031-02-10T09:00:00+02:00',
      },
      {
        // 31 March + 3 months = 30 June (no 31 June).
        rule: 'XX.NEW.20.ruling',
        subject: null,
        startsAt: '2031-03-31T16:00:00+02:00',
        dueAt: '2031-06-30T23:59:59.999+02:00',
        status: 'open',
        metAt: null,
      },
    ]);
    const interview = result.obligations[2];
    expect(interview?.unconfirmed).toBe(true);
    expect(interview?.alertsAt).toEqual(['2031-02-08T00:00:00+02:00']);
    expect(interview?.explanation.condition).toBe(
      'applies to every case; the claimant is under 21: C1 is under 21',
    );
  });

  it('switches regime by the pack’s own rule and uses the decided period', () => {
    const result = run(
      xxInput({
        asOf: '2029-12-05T00:00:00+02:00',
        case: {
          offences: ['GUILD:7'],
          forum: 'guild-court',
          victims: [],
          accused: [{ ref: 'H1' }],
        },
        events: [
          { type: 'complaint.lodged', at: '2029-12-01T10:00:00+02:00' },
          { type: 'holder.detained', at: '2029-12-01T10:00:00+02:00', accused: 'H1' },
          { type: 'hearing.closed', at: '2029-12-02T10:00:00+02:00' },
        ],
      }),
    );
    expect(result.regime).toBe('OLD');
    expect(result.obligations.map((obligation) => [obligation.rule, obligation.dueAt])).toEqual([
      ['XX.OLD.4.presentation', '2029-12-03T10:00:00+02:00'],
    ]);

    const newCharter = run(
      xxInput({
        case: { offences: ['GUILD:7'], forum: 'guild-court', victims: [], accused: [] },
        events: [{ type: 'hearing.closed', at: '2031-01-31T10:00:00+02:00' }],
      }),
    );
    expect(newCharter.obligations[0]?.dueAt).toBe('2031-02-28T23:59:59.999+02:00');
    expect(newCharter.obligations[0]?.explanation.counting).toContain('GUILD:7 is urgent');
  });

  it('ignores events after asOf and satisfying events before the start', () => {
    const result = run(
      xxInput({
        asOf: '2031-02-02T00:00:00+02:00',
        events: [
          { type: 'holder.presented', at: '2031-01-31T10:00:00+02:00', accused: 'H1' },
          { type: 'holder.detained', at: '2031-02-01T10:00:00+02:00', accused: 'H1' },
          { type: 'holder.presented', at: '2031-02-02T10:00:00+02:00', accused: 'H1' },
          { type: 'holder.detained', at: '2031-02-03T10:00:00+02:00', accused: 'H2' },
        ],
      }),
    );
    expect(result.obligations).toHaveLength(1);
    expect(result.obligations[0]).toMatchObject({ subject: 'H1', status: 'open', metAt: null });
  });

  it('does not know India’s events, and India’s pack does not know XX’s', () => {
    expect(() =>
      parseDeadlineInputWith(
        xxInput({ events: [{ type: 'fir.registered', at: '2031-01-01T10:00:00+02:00' }] }),
        [fictionalPack],
      ),
    ).toThrow(/^events\[0\]\.type: must be one of: complaint\.lodged/);
    expect(() => evaluateWithPack(xxInput({ events: [] }), indiaPack)).toThrow(DomainError);
    expect(() => evaluate(xxInput({ events: [] }))).toThrow('jurisdiction: no rule pack');
    expect(evaluate(xxInput({ events: [] }), fictionalPack).obligations).toEqual([]);
  });

  it('gives the same output for the same input, whatever the order of the events', () => {
    const events = [
      { type: 'complaint.lodged', at: '2031-01-31T23:30:00+02:00' },
      { type: 'holder.detained', at: '2031-02-01T10:00:00+02:00', accused: 'H1' },
      { type: 'holder.presented', at: '2031-02-02T20:00:00+02:00', accused: 'H1' },
      { type: 'hearing.closed', at: '2031-03-31T16:00:00+02:00' },
    ];
    const forwards = run(xxInput({ events }));
    const backwards = run(xxInput({ events: [...events].reverse() }));
    const withoutIndexes = (result: typeof forwards): unknown =>
      result.obligations.map(({ explanation, ...rest }) => ({
        ...rest,
        start: explanation.startEvent.type,
        met: explanation.satisfyingEvent?.type,
      }));
    expect(withoutIndexes(backwards)).toEqual(withoutIndexes(forwards));
    expect(run(xxInput({ events }))).toEqual(forwards);
  });
});
