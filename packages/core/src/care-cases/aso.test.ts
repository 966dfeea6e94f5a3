import { describe, expect, it } from 'vitest';
import { DomainError } from '../errors.ts';
import { DEFAULT_INSTRUMENT, instrumentItems, instrumentSchema } from './aso-instrument.ts';
import {
  DEFAULT_ASSESSMENT_SCHEDULE,
  DEFAULT_RESTORED_RULE,
  addMonthsInIndia,
  nextAssessmentDue,
  restoredVerdict,
  scoreAssessment,
  type ScoredAssessment,
} from './aso-scoring.ts';
import { OUTCOME_DOMAINS, type OutcomeDomain } from './outcome-domains.ts';

function allItems(score: number): Record<string, number> {
  return Object.fromEntries(
    instrumentItems(DEFAULT_INSTRUMENT).map((entry) => [entry.item, score]),
  );
}
function scored(
  id: string,
  assessedAt: string,
  score: number,
  low?: OutcomeDomain,
): ScoredAssessment {
  const domains = Object.fromEntries(
    OUTCOME_DOMAINS.map((domain) => [domain, domain === low ? 2 : score]),
  ) as Record<OutcomeDomain, number>;
  return { id, assessedAt, domains, overall: score };
}

describe('ASO instrument (docs/domain-standards.md §3.1)', () => {
  it('ships the six domains, Safety with its three IJM sub-domains, and validates as configuration', () => {
    expect(instrumentSchema.parse(DEFAULT_INSTRUMENT).domains.map((domain) => domain.key)).toEqual([
      ...OUTCOME_DOMAINS,
    ]);
    expect(DEFAULT_INSTRUMENT.domains[0]?.subDomains.map((sub) => sub.key)).toEqual([
      'freedom_from_abuse',
      'freedom_from_threats',
      'managing_unsafe_situations',
    ]);
    const fiveDomains = { ...DEFAULT_INSTRUMENT, domains: DEFAULT_INSTRUMENT.domains.slice(1) };
    expect(instrumentSchema.safeParse(fiveDomains).success).toBe(false);
  });
});

describe('ASO scoring: sub-domain = mean of items, domain = mean of sub-domains, overall', () => {
  it('averages at each level', () => {
    const instrument = instrumentSchema.parse({
      ...DEFAULT_INSTRUMENT,
      domains: DEFAULT_INSTRUMENT.domains.map((domain, index) =>
        index === 0
          ? {
              ...domain,
              subDomains: [
                {
                  key: 'a',
                  label: 'A',
                  items: [
                    { key: 'a1', wording: 'x' },
                    { key: 'a2', wording: 'y' },
                  ],
                },
                { key: 'b', label: 'B', items: [{ key: 'b1', wording: 'z' }] },
              ],
            }
          : domain,
      ),
    });
    const items = Object.fromEntries(instrumentItems(instrument).map((entry) => [entry.item, 4]));
    Object.assign(items, { a1: 1, a2: 2, b1: 4 });
    const scores = scoreAssessment(instrument, items);
    expect(scores.subDomains).toMatchObject({ a: 1.5, b: 4 });
    expect(scores.domains.safety).toBe(2.75);
    expect(scores.domains.legal_protection).toBe(4);
    expect(scores.overall).toBe(3.79);
  });

  it('refuses a missing item, an unknown item and a score off the 1–4 scale, naming each', () => {
    const items = allItems(3);
    delete items.health_status_rating;
    items.coping_skills_rating = 5;
    items.made_up = 2;
    let error: unknown;
    try {
      scoreAssessment(DEFAULT_INSTRUMENT, items);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(DomainError);
    expect((error as DomainError).details?.issues).toEqual(
      expect.arrayContaining([
        { path: 'items.health_status_rating', message: 'is required' },
        { path: 'items.coping_skills_rating', message: 'must be a whole number from 1 to 4' },
        { path: 'items.made_up', message: 'is not an item of the instrument' },
      ]),
    );
  });
});

describe('the restored rule (default: every domain ≥ 3 on two consecutive assessments ≥ six months apart)', () => {
  const rule = DEFAULT_RESTORED_RULE;
  it('is met by two qualifying assessments six months apart', () => {
    const verdict = restoredVerdict(rule, [
      scored('a', '2025-03-10T10:00:00+05:30', 3),
      scored('b', '2025-09-10T10:00:00+05:30', 3.5),
    ]);
    expect(verdict).toMatchObject({ restored: true, qualifyingAssessmentIds: ['a', 'b'] });
    expect(verdict.rule).toContain('at least 3');
  });
  it('is not met when they are less than six months apart', () => {
    const verdict = restoredVerdict(rule, [
      scored('a', '2025-03-10T10:00:00+05:30', 3),
      scored('b', '2025-09-09T10:00:00+05:30', 3),
    ]);
    expect(verdict.restored).toBe(false);
    expect(verdict.explanation).toContain('less than 6 months');
  });
  it('is not met when one domain is below 3, or by a single assessment', () => {
    expect(
      restoredVerdict(rule, [
        scored('a', '2025-03-10T10:00:00+05:30', 3),
        scored('b', '2025-09-10T10:00:00+05:30', 4, 'social_support'),
      ]).restored,
    ).toBe(false);
    expect(restoredVerdict(rule, [scored('a', '2025-03-10T10:00:00+05:30', 4)]).restored).toBe(
      false,
    );
    expect(restoredVerdict(rule, []).explanation).toContain('No assessment');
  });
  it('only consecutive qualifying assessments count: a dip in between restarts the run', () => {
    const verdict = restoredVerdict(rule, [
      scored('a', '2024-01-10T10:00:00+05:30', 3),
      scored('b', '2024-08-10T10:00:00+05:30', 2, 'safety'),
      scored('c', '2025-01-10T10:00:00+05:30', 3),
    ]);
    expect(verdict).toMatchObject({ restored: false, qualifyingAssessmentIds: ['c'] });
  });
  it('is configurable: an organisation may also require an overall score', () => {
    const strict = { ...rule, minimumOverallScore: 3.5 };
    expect(
      restoredVerdict(strict, [
        scored('a', '2025-03-10T10:00:00+05:30', 3),
        scored('b', '2025-09-10T10:00:00+05:30', 3),
      ]).restored,
    ).toBe(false);
  });
});

describe('the assessment schedule: intake, six months, then yearly', () => {
  const opened = '2025-03-04T10:00:00+05:30';
  it('asks for the intake assessment within 30 days of opening', () => {
    expect(nextAssessmentDue(DEFAULT_ASSESSMENT_SCHEDULE, opened, [])).toEqual({
      kind: 'intake',
      dueAt: new Date('2025-04-03T10:00:00+05:30'),
      sequence: 1,
    });
  });
  it('then six months after the intake assessment, then a year after the latest', () => {
    expect(
      nextAssessmentDue(DEFAULT_ASSESSMENT_SCHEDULE, opened, ['2025-03-10T10:00:00+05:30']),
    ).toMatchObject({ kind: 'six_month', dueAt: new Date('2025-09-10T10:00:00+05:30') });
    expect(
      nextAssessmentDue(DEFAULT_ASSESSMENT_SCHEDULE, opened, [
        '2025-09-12T10:00:00+05:30',
        '2025-03-10T10:00:00+05:30',
      ]),
    ).toMatchObject({ kind: 'annual', dueAt: new Date('2026-09-12T10:00:00+05:30'), sequence: 3 });
  });
  it('counts months in India Standard Time, a 31st becoming the month’s last day', () => {
    expect(addMonthsInIndia('2025-08-31T00:30:00+05:30', 6)).toEqual(
      new Date('2026-02-28T00:30:00+05:30'),
    );
  });
});
